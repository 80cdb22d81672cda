"""Site search with results and suggestions, and the account pages: a visitor signs in and keeps a training."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from .helpers import assert_accessible, assert_no_sideways_scroll, screenshot_widths

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Correct-horse-battery-91"


@pytest.fixture
def visitor(demo_content):
    user = get_user_model().objects.create_user(username="ana", email="ana@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def test_site_search_results_and_suggestions(browser_page, demo_content, results_dir):
    page = browser_page
    page.goto("/")
    box = page.get_by_role("combobox").first
    box.fill("care")
    suggestions = page.get_by_role("listbox").first
    expect(suggestions.get_by_role("option").first).to_be_visible()
    assert_accessible(page, "header search with suggestions open")
    box.press("Escape")
    expect(suggestions).to_be_hidden()

    page.goto("/search/?q=care+coordination")
    assert page.locator("h1").count() == 1
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name=re.compile("Care Coordination & Care Management"))).to_be_visible()
    assert_accessible(page, "search (results)")
    screenshot_widths(page, results_dir, "search-results")
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_sideways_scroll(page, "search results at 320px")
    assert page.console_errors == []


def test_visitor_signs_in_and_keeps_a_training(browser_page, visitor, results_dir):
    page = browser_page
    page.goto("/accounts/signup/")
    assert_accessible(page, "sign-up form")
    screenshot_widths(page, results_dir, "account-signup")

    page.goto("/accounts/login/")
    page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    assert_accessible(page, "sign-in form (errors)")
    page.get_by_label(re.compile("Email", re.IGNORECASE)).fill("ana@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    page.wait_for_url(re.compile(r"/accounts/plan/|/$"))

    page.goto("/trainings/?near=12207&radius=25")
    result = (
        page.get_by_role("main")
        .locator("article, li")
        .filter(has=page.get_by_role("button", name=re.compile("Save")))
        .first
    )
    result.get_by_role("button", name=re.compile("Save")).click()

    page.goto("/accounts/plan/")
    assert page.locator("h1").count() == 1
    expect(page.get_by_role("heading", name=re.compile(r"Trainings \(1\)"))).to_be_visible()
    assert_accessible(page, "my plan")
    screenshot_widths(page, results_dir, "account-plan")
    assert page.console_errors == []
