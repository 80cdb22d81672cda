"""The allauth pages speak the site's words (accounts/forms.py SiteWordingMixin, accounts/templates/account/)."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

STOCK_WORDING = ["Email:", "Remember Me", "Sign Up", "Sign In", "Password Reset", "Reset My Password"]


def page(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def main_text(soup):
    return " ".join(soup.main.get_text(" ").split())


def label_for(soup, name):
    field = soup.find("input", attrs={"name": name})
    assert field is not None, name
    return " ".join(soup.find("label", attrs={"for": field["id"]}).get_text().split()), field


def assert_no_stock_wording(soup):
    text = main_text(soup)
    for words in STOCK_WORDING:
        assert words not in text, words
    assert not soup.main.find(attrs={"placeholder": True})


def test_sign_in_page(client):
    soup = page(client, "/accounts/login/")
    assert [h.get_text(strip=True) for h in soup.find_all("h1")] == ["Sign in"]
    assert soup.title.get_text().startswith("Sign in")
    assert label_for(soup, "login")[0] == "Email address"
    assert label_for(soup, "password")[0] == "Password"
    assert label_for(soup, "remember")[0] == "Keep me signed in on this device"
    assert soup.main.find("button", type="submit").get_text(strip=True) == "Sign in"
    assert soup.main.find("a", string="Create an account")["href"] == "/accounts/signup/"
    assert_no_stock_wording(soup)


def test_sign_up_page_and_the_password_rules_tied_to_the_field(client):
    soup = page(client, "/accounts/signup/")
    assert [h.get_text(strip=True) for h in soup.find_all("h1")] == ["Create an account"]
    assert label_for(soup, "email")[0] == "Email address"
    label, password = label_for(soup, "password1")
    assert label == "Password"
    assert label_for(soup, "password2")[0] == "Password again"
    assert soup.main.find("button", type="submit").get_text(strip=True) == "Create account"
    help_element = soup.find(id=password["aria-describedby"].split()[0])
    rules = help_element.find("ul", class_="password-rules")
    assert rules is not None
    items = [li.get_text(strip=True) for li in rules.find_all("li")]
    assert len(items) >= 2
    assert any("8 characters" in item for item in items)
    assert_no_stock_wording(soup)


def test_sign_up_error_is_next_to_its_field(client):
    response = client.post("/accounts/signup/", {"email": "not-an-address", "password1": "x", "password2": "y"})
    soup = BeautifulSoup(response.content, "html.parser")
    _label, email = label_for(soup, "email")
    assert email.get("aria-invalid") == "true"
    group = email.find_parent(class_="form-field")
    assert "form-field--error" in group["class"]
    assert group.find(class_="errorlist") is not None


def test_password_reset_pages(client, visitor):
    soup = page(client, "/accounts/password/reset/")
    assert soup.h1.get_text(strip=True) == "Reset your password"
    assert label_for(soup, "email")[0] == "Email address"
    assert soup.main.find("button", type="submit").get_text(strip=True) == "Send the reset link"
    assert_no_stock_wording(soup)

    response = client.post("/accounts/password/reset/", {"email": "ana@example.org"}, follow=True)
    done = BeautifulSoup(response.content, "html.parser")
    assert done.h1.get_text(strip=True) == "Check your email"

    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body).group(0)
    response = client.get(link, follow=True)
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Choose a new password"
    label, password = label_for(soup, "password1")
    assert label == "New password"
    assert soup.find(id=password["aria-describedby"].split()[0]).find("ul", class_="password-rules")
    assert soup.main.find("button", type="submit").get_text(strip=True) == "Save the new password"
    action = soup.main.find("form")["action"] or response.request["PATH_INFO"]
    response = client.post(action, {"password1": "New-" + PASSWORD, "password2": "New-" + PASSWORD}, follow=True)
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Your password is changed"


def test_bad_reset_link_says_so(client):
    soup = page(client, "/accounts/password/reset/key/1-bad-key/", follow=True)
    assert soup.h1.get_text(strip=True) == "This link no longer works"
    assert soup.main.find("a", string="Ask for a new link")


def test_email_confirmation_and_sign_out_pages(client, visitor):
    soup = page(client, "/accounts/confirm-email/no-such-key/")
    assert soup.h1.get_text(strip=True) == "Confirm your email address"
    assert "too old or was mistyped" in main_text(soup)
    client.force_login(visitor)
    soup = page(client, "/accounts/logout/")
    assert soup.h1.get_text(strip=True) == "Sign out"
    assert soup.main.find("button", type="submit").get_text(strip=True) == "Sign out"
    assert_no_stock_wording(soup)
