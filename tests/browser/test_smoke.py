"""Pages that exist whatever content is loaded: search and the 404 page."""

import pytest

from .helpers import assert_accessible, assert_no_sideways_scroll, screenshot_widths

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_search_page_without_and_with_a_query(browser_page, results_dir):
    page = browser_page
    page.goto("/search/")
    assert page.locator("h1").count() == 1
    assert_accessible(page, "search (empty)")
    page.get_by_label("Search careers, trainings and employers", exact=True).fill("zzzz-no-such-thing")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=zzzz-no-such-thing")
    assert "No results found" in page.locator("main").inner_text()
    assert_accessible(page, "search (no results)")
    screenshot_widths(page, results_dir, "search-no-results")
    assert page.console_errors == []


def test_not_found_page(browser_page, results_dir):
    page = browser_page
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").count() == 1
    assert_accessible(page, "404")
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_sideways_scroll(page, "404 at 320px")
    screenshot_widths(page, results_dir, "not-found")
