"""The program finder walked with the keyboard alone: one question a page, focus on the question, back and skip,
an error tied to its field, the answers ending on a training search; every step audited with axe."""

import re

import pytest

from .helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def focused_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_keyboard_walk_through_the_finder(browser_page, demo_content, results_dir):
    page = browser_page
    page.goto("/trainings/finder/")
    assert page.locator("h1").count() == 1
    assert "Question 1 of 6" in page.locator(".finder__progress").inner_text()
    assert_accessible(page, "finder step 1")

    # Career: choose with the keyboard, then Tab to Next and press Enter.
    page.locator("#finder-career").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Next"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*step=1.*go=next"))
    assert "Question 2 of 6" in page.locator(".finder__progress").inner_text()
    assert focused_id(page) == "finder-heading"  # focus moved to the question
    assert_accessible(page, "finder step 2")

    # Education: Tab to the first radio, arrow to the second (GED), Tab to Next, Enter.
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Question 3 of 6")
    # Time: skip it with the keyboard (Tab to Skip, Enter).
    page.get_by_role("button", name="Skip this question").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Question 4 of 6")
    # Back, then forward again: the earlier answer is kept.
    page.get_by_role("button", name="Back").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Question 3 of 6")
    page.get_by_role("button", name="Skip this question").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Question 4 of 6")
    page.keyboard.press("Tab")  # "Only free or funded programs"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Question 5 of 6")
    page.get_by_role("button", name="Skip this question").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Question 6 of 6")

    # A bad ZIP code: an error tied to the field, axe-clean.
    page.locator("#finder-near").fill("99999")
    page.keyboard.press("Enter")
    page.wait_for_selector("#finder-error")
    assert page.locator("#finder-near").get_attribute("aria-invalid") == "true"
    assert "finder-error" in page.locator("#finder-near").get_attribute("aria-describedby")
    assert_accessible(page, "finder ZIP error")

    page.locator("#finder-near").fill("12207")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/trainings/\?.*start_with=high-school.*funding=free.*near=12207"))
    assert page.locator("h1").count() == 1
    assert_accessible(page, "finder results")
    assert page.console_errors == []


def test_the_finder_works_without_javascript(chromium_browser, live_server, demo_content):
    context = chromium_browser.new_context(java_script_enabled=False, base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/trainings/finder/")
        page.get_by_role("button", name="Skip this question").click()
        page.wait_for_selector("text=Question 2 of 6")
        page.get_by_label("A high-school diploma or GED").check()
        page.get_by_role("button", name="Next").click()
        page.wait_for_selector("text=Question 3 of 6")
        for _ in range(3):
            page.get_by_role("button", name="Skip this question").click()
        page.wait_for_selector("text=Question 6 of 6")
        page.get_by_role("button", name="Show matching programs").click()
        page.wait_for_url(re.compile(r".*/trainings/\?start_with=high-school"))
        assert page.locator(".training-card").count() >= 1
    finally:
        context.close()
