"""Signup and password reset neither wait on nor fail with the mail server, and do not tell who has an account."""

import pytest
from django.contrib.auth import get_user_model

from .conftest import PASSWORD, make_visitor

pytestmark = pytest.mark.django_db

REFUSING = "tests.directory.employers.test_submission_reliability.RefusingEmailBackend"


@pytest.fixture
def refusing_mail_server(settings):
    settings.EMAIL_BACKEND = "hwcollab.mail.QueuedEmailBackend"
    settings.MAIL_DELIVERY_BACKEND = REFUSING


def test_signup_answers_as_usual_when_the_mail_server_refuses(client, refusing_mail_server):
    response = client.post(
        "/accounts/signup/", {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert get_user_model().objects.filter(email="new@example.org").exists()


def test_password_reset_answers_as_usual_when_the_mail_server_refuses(client, refusing_mail_server):
    make_visitor(email="known@example.org")
    response = client.post("/accounts/password/reset/", {"email": "known@example.org"})
    assert response.status_code == 302


@pytest.fixture
def password_hashes(monkeypatch):
    import django.contrib.auth.hashers as hashers

    calls = []
    original = hashers.make_password

    def counting(*args, **kwargs):
        calls.append(args[0] if args else None)
        return original(*args, **kwargs)

    monkeypatch.setattr(hashers, "make_password", counting)
    monkeypatch.setattr("accounts.forms.make_password", counting)
    monkeypatch.setattr("django.contrib.auth.base_user.make_password", counting)
    return calls


def test_signing_up_with_a_taken_address_costs_a_password_hash_like_a_new_one(client, password_hashes):
    make_visitor(email="taken@example.org")
    password_hashes.clear()
    data = {"email": "taken@example.org", "password1": PASSWORD, "password2": PASSWORD}
    taken = client.post("/accounts/signup/", data)
    hashes_for_taken = len(password_hashes)
    password_hashes.clear()
    new = client.post("/accounts/signup/", {**data, "email": "fresh@example.org"})
    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    assert hashes_for_taken >= 1
    assert hashes_for_taken == len(password_hashes)
