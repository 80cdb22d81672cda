"""The public submission form at /employers/submit/."""

import logging

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from wagtail.models import WorkflowState

from directory.employers.models import EmployerSnippet
from tests.directory.employers.support import make_employer

pytestmark = pytest.mark.django_db

URL = "/employers/submit/"
VALID = {
    "name": "Harbor Care Partners",
    "description": "Care coordination for families in Albany.",
    "care_settings": ["health-home", "community-based"],
    "other_job_titles": "Peer Navigator",
    "hiring_now": "on",
    "street": "1 Harbor Way",
    "city": "Albany",
    "zip_code": "12207",
    "phone": "(518) 555-0142",
    "website": "https://harbor.example.org",
    "careers_url": "https://harbor.example.org/jobs",
    "contact_name": "Pat Submitter",
    "submitter_email": "pat@harbor.example.org",
    "contact_email": "",
    "website_url_confirm": "",
}


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


def test_valid_submission_is_saved_as_draft_in_moderation_and_moderators_are_emailed(client, directory_page, moderator):
    response = client.post(URL, VALID)
    assert response.status_code == 302
    assert response["Location"] == "/employers/submit/thanks/"
    employer = EmployerSnippet.objects.get(name="Harbor Care Partners")
    assert employer.live is False
    assert employer.latest_revision is not None
    assert employer.care_settings == ["health-home", "community-based"]
    assert employer.region == "capital-region"
    assert employer.latitude and employer.longitude
    assert employer.contact_email == "pat@harbor.example.org"  # defaults to the submitter's
    state = WorkflowState.objects.get(object_id=str(employer.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Employer listing moderation"
    ours = [message for message in mail.outbox if "Employer listing to review" in message.subject]
    assert len(ours) == 1
    assert ours[0].to == ["moderator@hwcollab.test"]
    assert "Harbor Care Partners" in ours[0].body
    assert client.get(f"/employers/{employer.slug}/").status_code == 404

    thanks = client.get(response["Location"]).content.decode()
    assert "What happens next" in thanks
    assert "moderator reviews your listing" in thanks


def test_form_page_has_csrf_and_honeypot(client, directory_page):
    html = client.get(URL).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="website_url_confirm"' in html
    assert 'aria-hidden="true"' in html


def test_post_without_csrf_token_is_refused(directory_page):
    response = Client(enforce_csrf_checks=True).post(URL, VALID)
    assert response.status_code == 403
    assert not EmployerSnippet.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"description": "  "}, "description", "This field is required."),
        ({"care_settings": []}, "care_settings", "This field is required."),
        ({"care_settings": ["spaceship"]}, "care_settings", "Select a valid choice."),
        ({"zip_code": ""}, "zip_code", "This field is required."),
        ({"zip_code": "1220"}, "zip_code", "real 5-digit US ZIP code"),
        ({"zip_code": "00000"}, "zip_code", "real 5-digit US ZIP code"),
        ({"zip_code": "<script>"}, "zip_code", "real 5-digit US ZIP code"),
        ({"website": "not a url"}, "website", "Enter a valid URL."),
        ({"careers_url": "javascript:alert(1)"}, "careers_url", "Enter a valid URL."),
        ({"website": "http://harbor.example.org"}, "website", "starting with https://"),
        ({"careers_url": "ftp://harbor.example.org/jobs"}, "careers_url", "starting with https://"),
        ({"phone": "call me maybe"}, "phone", "US phone number"),
        ({"submitter_email": "nope"}, "submitter_email", "valid email"),
        ({"contact_name": ""}, "contact_name", "This field is required."),
        ({"name": "x" * 300}, "name", "at most 200 characters"),
    ],
)
def test_bad_input_is_rejected_with_a_message_next_to_the_field(client, directory_page, changes, field, message):
    response = client.post(URL, {**VALID, **changes})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert "Please correct the following" in html
    assert not EmployerSnippet.objects.exists()
    # What was typed is kept.
    if field != "name":
        assert "Harbor Care Partners" in html


def test_honeypot_submission_is_discarded_quietly(client, directory_page):
    response = client.post(URL, {**VALID, "website_url_confirm": "http://spam.example"})
    assert response.status_code == 302
    assert not EmployerSnippet.objects.exists()
    assert not mail.outbox


def test_rate_limit_per_ip(client, directory_page, settings):
    for index in range(5):
        response = client.post(URL, {**VALID, "name": f"Harbor Care {index}"}, REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 302
    response = client.post(URL, {**VALID, "name": "Harbor Care 6"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert "try again later" in response.content.decode()
    assert "Harbor Care 6" in response.content.decode()  # nothing typed is lost
    assert EmployerSnippet.objects.count() == 5
    # Another address is not affected.
    assert client.post(URL, {**VALID, "name": "Other Office"}, REMOTE_ADDR="203.0.113.10").status_code == 302


def test_failing_email_keeps_the_submission(client, directory_page, moderator, monkeypatch, caplog):
    def broken_send_mail(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr("directory.employers.views.send_mail", broken_send_mail)
    with caplog.at_level(logging.ERROR, logger="directory.employers.views"):
        response = client.post(URL, VALID)
    assert response.status_code == 302
    employer = EmployerSnippet.objects.get(name="Harbor Care Partners")
    assert employer.workflow_in_progress
    assert "Could not email moderators" in caplog.text


def test_failing_smtp_backend_keeps_the_submission(client, directory_page, moderator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    response = client.post(URL, VALID)
    assert response.status_code == 302
    assert EmployerSnippet.objects.filter(name="Harbor Care Partners", live=False).exists()


def test_same_name_and_zip_is_flagged_as_possible_duplicate(client, directory_page, moderator):
    existing = make_employer("Harbor Care Partners", zip_code="12207")
    response = client.post(URL, {**VALID, "name": "harbor care  partners"})
    assert response.status_code == 302
    duplicate = EmployerSnippet.objects.exclude(pk=existing.pk).get()
    assert "Possible duplicate" in duplicate.moderator_notes
    assert f"#{existing.pk}" in duplicate.moderator_notes
    assert duplicate.workflow_in_progress  # flagged, not dropped
    ours = [message for message in mail.outbox if "Employer listing to review" in message.subject]
    assert ours[0].subject.startswith("[Possible duplicate]")
    assert f"#{existing.pk} Harbor Care Partners" in ours[0].body


def test_different_zip_is_not_a_duplicate(client, directory_page, moderator):
    make_employer("Harbor Care Partners", zip_code="10001")
    client.post(URL, VALID)
    assert EmployerSnippet.objects.get(zip_code="12207").moderator_notes == ""


def test_a_website_without_a_scheme_is_taken_as_https(client, directory_page):
    response = client.post(URL, {**VALID, "website": "harbor.example.org", "careers_url": "harbor.example.org/jobs"})
    assert response.status_code == 302
    employer = EmployerSnippet.objects.get()
    assert employer.website == "https://harbor.example.org"
    assert employer.careers_url == "https://harbor.example.org/jobs"
