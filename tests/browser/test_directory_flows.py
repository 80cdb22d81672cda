"""Trainings and employers: search near a ZIP, open a result, every state audited; a public employer
submission approved by a moderator and then listed."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .helpers import assert_accessible, assert_no_sideways_scroll, screenshot_widths, zoom_to_200_percent

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_visitor_finds_a_training_near_a_zip(browser_page, demo_content, results_dir):
    page = browser_page
    page.goto("/trainings/")
    assert page.locator("h1").count() == 1
    assert_accessible(page, "trainings (no search)")
    screenshot_widths(page, results_dir, "trainings-index")

    page.get_by_label("Near ZIP code").fill("12207")
    page.get_by_label("Within", exact=True).select_option("25")
    page.get_by_role("button", name="Search trainings").click()
    page.wait_for_url(re.compile(r".*/trainings/\?.*near=12207"))
    results_heading = page.locator("#training-results-heading").inner_text()
    assert re.search(r"\d+ trainings? within 25 miles of 12207", results_heading), results_heading
    assert page.locator(".training-card__distance").count() >= 1
    assert re.match(r"\d+\.\d miles", page.locator(".training-card__distance").first.inner_text())
    assert_accessible(page, "trainings near 12207 (results)")
    screenshot_widths(page, results_dir, "trainings-results")

    first = page.locator(".training-card__title a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    assert_accessible(page, "training detail")
    screenshot_widths(page, results_dir, "training-detail")

    page.goto("/trainings/?q=zzzzqqq-no-such-training")
    assert "No trainings match your search" in page.locator("#training-results-heading").inner_text()
    assert_accessible(page, "trainings (no results)")
    screenshot_widths(page, results_dir, "trainings-no-results")

    assert page.console_errors == []

    response = page.goto("/trainings/?near=00000&radius=-5&max_cost=abc")
    assert response.status in (200, 400)
    assert page.locator("main").get_by_text(re.compile("ZIP", re.IGNORECASE)).count() >= 1
    assert_accessible(page, "trainings (bad input)")
    screenshot_widths(page, results_dir, "trainings-form-errors")


def test_visitor_finds_an_employer_near_a_zip(browser_page, demo_content, results_dir):
    page = browser_page
    page.goto("/employers/")
    assert page.locator("h1").count() == 1
    assert_accessible(page, "employers (no search)")
    screenshot_widths(page, results_dir, "employers-index")

    page.get_by_label("Near ZIP code").fill("10001")
    page.get_by_label("Within", exact=True).select_option("25")
    page.get_by_role("button", name="Find employers").click()
    page.wait_for_url(re.compile(r".*/employers/\?.*near=10001"))
    cards = page.locator(".employer-card__name a")
    assert cards.count() >= 1
    assert "miles" in page.locator(".employer-card__place").first.inner_text()
    assert_accessible(page, "employers near 10001 (results)")
    screenshot_widths(page, results_dir, "employers-results")

    name = cards.first.inner_text()
    cards.first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == name
    assert_accessible(page, "employer detail")
    screenshot_widths(page, results_dir, "employer-detail")

    page.goto("/employers/?q=zzzzqqq-no-such-employer")
    assert page.locator(".employer-card").count() == 0
    assert_accessible(page, "employers (no results)")
    screenshot_widths(page, results_dir, "employers-no-results")

    assert page.console_errors == []

    # Bad input answers 400 with the form and a message beside the field.
    response = page.goto("/employers/?near=00000&radius=abc")
    assert response.status in (200, 400)
    assert page.get_by_role("alert").count() >= 1
    assert_accessible(page, "employers (bad input)")
    screenshot_widths(page, results_dir, "employers-form-errors")


@pytest.fixture
def moderator(demo_content):
    user = get_user_model().objects.create_user("moderator", "moderator@example.org", "correct horse battery")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_public_submission_is_approved_by_a_moderator_and_listed(browser_page, moderator, results_dir):
    page = browser_page
    page.goto("/employers/submit/")
    assert_accessible(page, "employer submission form")
    screenshot_widths(page, results_dir, "employer-submit")

    # Sent empty: errors next to the fields, nothing saved.
    page.get_by_role("button", name="Send for review").click()
    page.wait_for_load_state()
    assert page.locator("main").get_by_text(re.compile("required", re.IGNORECASE)).count() >= 1
    assert_accessible(page, "employer submission (errors)")
    screenshot_widths(page, results_dir, "employer-submit-errors")

    page.get_by_label("Employer name").fill("Hudson Valley Care Partners")
    page.get_by_label("Description").fill("Care management for adults with chronic conditions in Dutchess County.")
    page.locator("input[name='care_settings']").first.check()
    page.get_by_label("City").fill("Poughkeepsie")
    page.get_by_label(re.compile("^ZIP code")).fill("12601")
    page.get_by_label("Your name").fill("Pat Example")
    page.get_by_label("Your email").fill("pat@example.org")
    page.get_by_role("button", name="Send for review").click()
    page.wait_for_url("**/employers/submit/**")
    assert "Thank you" in page.locator("h1").inner_text()
    assert_accessible(page, "employer submission (thank you)")

    # Pending moderation: not listed.
    page.goto("/employers/?q=Hudson+Valley+Care+Partners")
    assert page.locator(".employer-card__name", has_text="Hudson Valley Care Partners").count() == 0

    # A moderator approves it in the admin.
    admin = page.context.browser.new_context(base_url=page.url.split("/employers/")[0])
    moderation = admin.new_page()
    moderation.goto("/admin/login/")
    moderation.get_by_label("Username").fill("moderator")
    moderation.get_by_label("Password").fill("correct horse battery")
    moderation.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    moderation.wait_for_url("**/admin/")
    assert "Hudson Valley Care Partners" in moderation.locator("main").inner_text()
    moderation.get_by_role("link", name=re.compile("Hudson Valley Care Partners")).first.click()
    moderation.wait_for_load_state()
    moderation.get_by_role("button", name="More actions").click()
    moderation.get_by_role("button", name="Approve and Publish", exact=True).click()
    moderation.wait_for_url("**/admin/snippets/employers/employersnippet/**")
    moderation.wait_for_load_state()
    assert "Hudson Valley Care Partners" in moderation.locator(".messages").inner_text()
    moderation.screenshot(path=str(results_dir / "admin-after-approval.png"))
    admin.close()

    page.goto("/employers/?q=Hudson+Valley+Care+Partners")
    page.get_by_role("link", name="Hudson Valley Care Partners", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Hudson Valley Care Partners"
    assert "pat@example.org" not in page.content()


@pytest.mark.parametrize("path", ["/trainings/", "/trainings/?near=12207", "/employers/", "/employers/submit/"])
def test_directory_pages_do_not_scroll_sideways(browser_page, demo_content, path):
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    assert_no_sideways_scroll(page, f"{path} at 320 px")
    zoom_to_200_percent(page)
    page.goto(path)
    assert_no_sideways_scroll(page, f"{path} at 200% zoom")
