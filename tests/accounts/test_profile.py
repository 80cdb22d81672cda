"""Profile editing and account deletion."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages

from accounts.models import Profile, SavedItem
from career_pages.models import CareerIndexPage, CareerPage

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def careers(site_root):
    index = site_root.add_child(instance=CareerIndexPage(title="Careers", slug="careers"))
    care = index.add_child(instance=CareerPage(title="Care Coordination & Care Management", slug="care-coordination"))
    draft = index.add_child(instance=CareerPage(title="Draft career", slug="draft-career", live=False))
    return care, draft


def test_profile_requires_sign_in(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"


def test_profile_saves_name_zip_and_careers(client, visitor, careers):
    care, _draft = careers
    client.force_login(visitor)
    page = client.get("/accounts/profile/").content.decode()
    assert "Care Coordination &amp; Care Management" in page
    assert "Draft career" not in page  # only published careers are offered
    response = client.post(
        "/accounts/profile/", {"name": "Ana Ortiz", "home_zip": " 12207-1234 ", "careers_of_interest": [care.pk]}
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=visitor)
    assert profile.name == "Ana Ortiz"
    assert profile.home_zip == "12207"
    assert list(profile.careers_of_interest.all()) == [care]
    plan = client.get("/accounts/plan/").content.decode()
    assert "Welcome back, Ana Ortiz." in plan
    assert "Care Coordination &amp; Care Management" in plan


@pytest.mark.parametrize(
    ("value", "message"), [("1220", "Enter a five-digit ZIP code"), ("00000", "We don&#x27;t know the ZIP code 00000")]
)
def test_bad_zip_is_explained_beside_the_field_and_nothing_is_lost(client, visitor, value, message):
    Profile.objects.create(user=visitor, name="Ana", home_zip="12207")
    client.force_login(visitor)
    response = client.post("/accounts/profile/", {"name": "Ana Changed", "home_zip": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'id="id_home_zip_error"' in html
    assert 'value="Ana Changed"' in html  # what they typed is still in the form
    assert Profile.objects.get(user=visitor).home_zip == "12207"


def test_delete_account_asks_for_confirmation_then_removes_everything(client, visitor, training, employer):
    Profile.objects.create(user=visitor, name="Ana", home_zip="12207")
    SavedItem.objects.create(user=visitor, kind="training", training=training, title=training.title)
    SavedItem.objects.create(user=visitor, kind="employer", employer=employer, title=employer.name)
    client.force_login(visitor)

    page = client.get("/accounts/delete/")
    assert page.status_code == 200
    assert b"cannot be undone" in page.content
    assert b"2 saved" in page.content

    refused = client.post("/accounts/delete/", {"password": "not-my-password"})
    assert refused.status_code == 400
    assert b"That is not your password." in refused.content
    assert get_user_model().objects.filter(pk=visitor.pk).exists()

    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=visitor.pk).exists()
    assert not SavedItem.objects.filter(user_id=visitor.pk).exists()
    assert not Profile.objects.filter(user_id=visitor.pk).exists()
    assert not EmailAddress.objects.filter(email="ana@example.org").exists()
    assert "_auth_user_id" not in client.session
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Your account and everything saved with it have been deleted."
    ]


def test_staff_cannot_delete_themselves_here(client, db):
    editor = get_user_model().objects.create_user("editor", "editor@example.org", PASSWORD, is_staff=True)
    client.force_login(editor)
    assert client.post("/accounts/delete/", {"password": PASSWORD}).status_code == 403
    assert get_user_model().objects.filter(pk=editor.pk).exists()


def test_delete_account_password_attempts_are_throttled(client, visitor):
    client.force_login(visitor)
    for _ in range(10):
        assert client.post("/accounts/delete/", {"password": "guess"}).status_code == 400
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert get_user_model().objects.filter(pk=visitor.pk).exists()
