"""Employers in Spanish (docs/employers.md#spanish): the Spanish fields on /es/ and in the API with ?locale=es,
English where there is no translation, and the language of a submission told to the moderators, never shown."""

import pytest
from django.core import mail
from django.core.cache import cache

from directory.employers.models import EmployerSnippet
from tests.directory.employers.support import make_employer
from tests.directory.employers.test_submission import VALID

pytestmark = pytest.mark.django_db

SPANISH = "Coordinación de la atención para familias de Albany."


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def translated(directory_page):
    return make_employer(
        name="Harbor Care Partners",
        description="Care coordination for families in Albany.",
        description_es=SPANISH,
        other_job_titles="Peer Navigator",
        other_job_titles_es="Navegador/a de pares",
    )


@pytest.fixture
def english_only(directory_page):
    return make_employer(name="Albany English Only", description="Home care across Albany.", description_es="")


def test_detail_page_shows_the_spanish_fields_on_es_and_english_elsewhere(client, translated):
    spanish = client.get(f"/es/employers/{translated.slug}/")
    assert spanish.status_code == 200
    html = spanish.content.decode()
    assert SPANISH in html and "Navegador/a de pares" in html
    assert "Care coordination for families in Albany." not in html
    english = client.get(f"/employers/{translated.slug}/").content.decode()
    assert "Care coordination for families in Albany." in english and SPANISH not in english


def test_without_a_translation_the_english_text_is_shown_on_es(client, english_only):
    html = client.get(f"/es/employers/{english_only.slug}/").content.decode()
    assert "Home care across Albany." in html


def test_api_has_the_spanish_fields_and_answers_in_spanish_with_locale_es(client, translated, english_only):
    fields = "description,description_es,other_job_titles,other_job_titles_es,all_job_titles"
    english = client.get(f"/api/v2/employers/{translated.pk}/").json()
    assert english["description"] == "Care coordination for families in Albany."
    assert english["description_es"] == SPANISH
    spanish = client.get(f"/api/v2/employers/{translated.pk}/", {"locale": "es"}).json()
    assert spanish["description"] == SPANISH
    assert spanish["other_job_titles"] == "Navegador/a de pares"
    assert "Navegador/a de pares" in spanish["all_job_titles"]
    listing = client.get("/api/v2/employers/", {"locale": "es", "fields": fields}).json()["items"]
    by_id = {item["id"]: item for item in listing}
    assert by_id[translated.pk]["description"] == SPANISH
    assert by_id[english_only.pk]["description"] == "Home care across Albany."  # no translation: English
    assert "submission_language" not in spanish


def test_api_refuses_an_unknown_locale(client, translated):
    response = client.get("/api/v2/employers/", {"locale": "fr"})
    assert response.status_code == 400
    assert "locale" in response.json()["message"]


def test_a_spanish_submission_records_its_language_and_the_email_says_it(client, directory_page, moderator):
    response = client.post("/es/employers/submit/", {**VALID, "name": "Socios de Salud Harbor"})
    assert response.status_code == 302, response.content.decode()[:500]
    employer = EmployerSnippet.objects.get(name="Socios de Salud Harbor")
    assert employer.submission_language == "es"
    ours = [message for message in mail.outbox if "Employer listing to review" in message.subject]
    assert len(ours) == 1
    assert "Language of the submission: Spanish" in ours[0].body


def test_an_english_submission_says_english(client, directory_page, moderator):
    assert client.post("/employers/submit/", VALID).status_code == 302
    employer = EmployerSnippet.objects.get(name=VALID["name"])
    assert employer.submission_language == "en"
    assert any("Language of the submission: English" in message.body for message in mail.outbox)


def test_the_submission_language_is_never_public(client, directory_page, moderator):
    client.post("/es/employers/submit/", VALID)
    employer = EmployerSnippet.objects.get(name=VALID["name"])
    employer.save_revision().publish()
    html = client.get(f"/employers/{employer.slug}/").content.decode()
    assert "Language of the submission" not in html and "submission_language" not in html
    data = client.get(f"/api/v2/employers/{employer.pk}/").json()
    assert "submission_language" not in data
    search_fields = {field.field_name for field in EmployerSnippet.search_fields}
    assert "submission_language" not in search_fields
