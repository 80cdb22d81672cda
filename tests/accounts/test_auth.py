"""Sign up, email verification, sign in and out, password reset and change, throttling, no admin access."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from .conftest import PASSWORD, make_visitor

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Another-good-passphrase-27"


def link_in(message):
    match = re.search(r"https?://[^/\s]+(/accounts/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_sign_up_sends_a_verification_email_and_the_link_verifies_and_signs_in(client):
    response = client.post(
        "/accounts/signup/", {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = get_user_model().objects.get(email="new@example.org")
    assert not user.is_staff and not user.is_superuser
    assert not EmailAddress.objects.get(user=user).verified
    # Not signed in until the address is verified.
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    confirm_url = link_in(mail.outbox[0])
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert b"Confirm" in page.content
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    plan = client.get("/accounts/plan/")
    assert plan.status_code == 200
    assert b"My career plan" in plan.content


def test_unverified_account_cannot_sign_in_until_verified(client, db):
    make_visitor(email="late@example.org", verified=False)
    response = client.post("/accounts/login/", {"login": "late@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/accounts/plan/").status_code == 302
    assert len(mail.outbox) == 1  # a fresh verification email


def test_sign_up_errors_are_shown_beside_their_fields(client):
    response = client.post("/accounts/signup/", {"email": "not-an-email", "password1": "short", "password2": "other"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_email_error"' in html
    assert 'aria-invalid="true"' in html
    assert html.count("<h1") == 1
    assert '<label for="id_email"' in html
    assert not get_user_model().objects.filter(email="not-an-email").exists()


def test_sign_in_and_sign_out(client, visitor):
    response = client.post("/accounts/login/", {"login": "ana@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/plan/"
    plan = client.get("/accounts/plan/").content.decode()
    assert ">My plan</a>" in plan and ">Sign out</a>" in plan and ">Sign in</a>" not in plan

    confirm = client.get("/accounts/logout/")
    assert confirm.status_code == 200  # a confirmation page: signing out takes a POST
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/accounts/plan/").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, visitor):
    response = client.post("/accounts/login/", {"login": "ana@example.org", "password": "wrong-password"})
    assert response.status_code == 200
    assert b"not correct" in response.content
    assert client.get("/accounts/plan/").status_code == 302


def test_login_failures_are_throttled(client, visitor):
    for _ in range(5):
        client.post("/accounts/login/", {"login": "ana@example.org", "password": "wrong-password"})
    # Even the right password is refused once the limit for this address is reached.
    response = client.post("/accounts/login/", {"login": "ana@example.org", "password": PASSWORD})
    assert b"Too many failed login attempts" in response.content
    assert client.get("/accounts/plan/").status_code == 302


def test_password_reset_from_the_email_link(client, visitor):
    response = client.post("/accounts/password/reset/", {"email": "ana@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    reset_url = link_in(mail.outbox[0])
    response = client.get(reset_url)
    assert response.status_code == 302  # allauth moves the key out of the URL into the session
    set_password_url = response["Location"]
    assert client.get(set_password_url).status_code == 200
    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    visitor.refresh_from_db()
    assert visitor.check_password(NEW_PASSWORD)
    response = client.post("/accounts/login/", {"login": "ana@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_password_change(client, visitor):
    client.force_login(visitor)
    response = client.post(
        "/accounts/password/change/", {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    visitor.refresh_from_db()
    assert visitor.check_password(NEW_PASSWORD)


def test_header_shows_sign_in_to_visitors_and_plan_to_members(client, visitor):
    html = client.get("/accounts/login/").content.decode()
    assert '<a href="/accounts/login/"' in html and ">My plan<" not in html
    client.force_login(visitor)
    html = client.get("/accounts/profile/").content.decode()
    assert '<a href="/accounts/plan/"' in html and ">Sign out<" in html and ">Sign in<" not in html


@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/", "/django-admin/"])
def test_visitor_accounts_never_reach_the_admin(client, visitor, url):
    client.force_login(visitor)
    response = client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "login" in response["Location"]


def test_visitor_cannot_sign_in_to_the_wagtail_admin(client, visitor):
    response = client.post("/admin/login/", {"username": "ana", "password": PASSWORD}, follow=True)
    assert b"Dashboard" not in response.content
    assert client.get("/admin/").status_code == 302


def test_staff_still_use_the_admin(client, db):
    admin = get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
