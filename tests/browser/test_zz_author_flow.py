"""Runs last in tests/browser (hence zz): the admin leaves requests behind that can disturb
the next test's database restore.

An author builds a CareerPage from blocks in /admin/, previews it and publishes it."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from career_pages.models import CareerIndexPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def author(demo_content):
    return get_user_model().objects.create_superuser("author", "author@example.org", "correct horse battery")


def test_author_builds_previews_and_publishes_a_career_page(browser_page, author, results_dir):
    page = browser_page
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("author")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    page.wait_for_url("**/admin/")

    careers = CareerIndexPage.objects.get(locale__language_code="en")
    page.goto(f"/admin/pages/add/career_pages/careerpage/{careers.pk}/")
    page.locator("#id_title").fill("Community Health Worker")
    page.locator("#id_intro").fill("Career information and resources")

    # Body: one section with a heading and a rich text block.
    # The body takes one block type (Section): "Insert a block" adds it directly.
    body = page.locator("[data-contentpath='body']").first
    body.get_by_role("button", name=re.compile("Insert a block", re.IGNORECASE)).first.click()
    heading = page.locator("input[name='body-0-value-heading']")
    heading.fill("What they do")
    # Inside the section, the block chooser offers the section's blocks.
    body.locator(".c-sf-add-button").nth(1).click()
    page.get_by_role("option", name="Text", exact=True).click()
    editor = body.locator("[contenteditable='true']").first
    editor.click()
    editor.type("Community health workers visit families at home.")
    # Draftail writes its hidden input after a short debounce: leave the editor and let it, so the
    # preview is sent what was typed.
    page.locator("#id_title").click()
    page.wait_for_timeout(1_000)

    # Preview in the side panel.
    page.locator("[data-side-panel-toggle='preview']").click()
    # Wagtail loads the preview into a hidden proxy iframe, then swaps it in: follow the visible one.
    preview = page.frame_locator("iframe.w-preview__iframe:not(.w-preview__proxy)").locator("main")
    expect(preview).to_contain_text("Community health workers visit families at home.", timeout=60_000)
    expect(preview).to_contain_text("What they do")

    # Publish from the footer's action menu.
    page.get_by_role("button", name="More actions").click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(f"**/admin/pages/{careers.pk}/")
    assert "Community Health Worker" in page.locator(".messages").inner_text()
    page.screenshot(path=str(results_dir / "admin-after-publish.png"))

    live = page
    response = live.goto("/careers/community-health-worker/")
    assert response.status == 200
    assert live.locator("h1").inner_text() == "Community Health Worker"
    assert "What they do" in live.get_by_role("navigation", name="On this page").inner_text()
    assert "Community health workers visit families at home." in live.locator("main").inner_text()
