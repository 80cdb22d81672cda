"""A visitor on the home page and the career page: navigation, Get Started cards, keyboard,
accessibility, reflow at 320 px and 200% zoom, screenshots."""

import re

import pytest

from .helpers import assert_accessible, assert_no_sideways_scroll, screenshot_widths, zoom_to_200_percent

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CAREER_TITLE = "Care Coordination & Care Management"
CAREER_PATH = "/careers/care-coordination-and-care-management/"


def in_viewport(page, element_id):
    return page.evaluate(
        """id => {
            const box = document.getElementById(id).getBoundingClientRect();
            return box.top >= -2 && box.top < window.innerHeight;
        }""",
        element_id,
    )


def test_visitor_goes_from_home_to_the_career_page_and_around_it(browser_page, demo_content, results_dir):
    page = browser_page
    page.goto("/")
    assert page.locator("h1").count() == 1
    assert_accessible(page, "home page")
    screenshot_widths(page, results_dir, "home")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Careers").click()
    page.wait_for_url("**/careers/")
    assert page.locator("h1").count() == 1
    assert_accessible(page, "careers index")
    screenshot_widths(page, results_dir, "careers-index")

    page.get_by_role("main").get_by_role("link", name=re.compile(re.escape(CAREER_TITLE))).first.click()
    page.wait_for_url("**" + CAREER_PATH)
    assert page.locator("h1").inner_text() == CAREER_TITLE
    assert_accessible(page, "career page")
    screenshot_widths(page, results_dir, "career-page")

    # The in-page navigation: every link jumps to its section.
    nav_links = page.get_by_role("navigation", name="On this page").get_by_role("link")
    assert nav_links.count() >= 5
    for index in range(nav_links.count()):
        link = nav_links.nth(index)
        target = link.get_attribute("href").lstrip("#")
        link.click()
        page.wait_for_url(f"**#{target}")
        page.wait_for_function(
            "id => { const b = document.getElementById(id).getBoundingClientRect(); "
            "return b.top >= -2 && b.top < window.innerHeight; }",
            arg=target,
        )
        assert in_viewport(page, target), f"section #{target} not scrolled into view"

    # The Get Started cards jump to the Get Trained and Get Employed sections.
    page.goto(CAREER_PATH)
    for card_name, section_heading in [("Training", "Get Trained"), ("Employers", "Get Employed")]:
        card = page.locator("a.action-card", has_text=re.compile(card_name, re.IGNORECASE)).first
        href = card.get_attribute("href")
        assert href.startswith("#"), f"the {card_name} card should jump within the page, not to {href}"
        card.click()
        page.wait_for_url("**" + href)
        section = page.locator(href)
        assert section_heading.lower() in section.locator("h2").first.inner_text().lower()
        page.wait_for_function(
            "id => { const b = document.getElementById(id).getBoundingClientRect(); "
            "return b.top >= -2 && b.top < window.innerHeight; }",
            arg=href[1:],
        )

    page.get_by_role("link", name="Back to top").last.click()
    page.wait_for_url("**#top")
    assert page.console_errors == []


FOCUS_INFO = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
        href: el.getAttribute('href'),
        index: [...document.querySelectorAll('*')].indexOf(el),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== 'none',
        visible: box.width > 0 && box.height > 0,
    };
}"""

FOCUSABLE = """() => [...document.querySelectorAll(
        'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), '
        + 'textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])')]
    .filter(el => {
        const s = getComputedStyle(el);
        return s.visibility !== 'hidden' && s.display !== 'none' && el.getClientRects().length > 0
            && !el.closest('[hidden], [inert]');
    })
    .filter(el => !el.closest('.w-userbar, wagtail-userbar'))
    .map(el => [...document.querySelectorAll('*')].indexOf(el))"""


def test_keyboard_reaches_every_control_of_the_career_page_in_order(browser_page, demo_content):
    page = browser_page
    page.goto(CAREER_PATH)
    expected = page.evaluate(FOCUSABLE)
    assert page.evaluate("() => [...document.querySelectorAll('[tabindex]')].filter(e => e.tabIndex > 0).length") == 0

    reached = []
    page.locator("body").focus()
    for _ in range(len(expected) + 5):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_INFO)
        if info["tag"] == "body" or (reached and info["index"] == reached[0]["index"]):
            break  # wrapped around to the browser chrome or back to the start
        reached.append(info)

    assert reached[0]["text"].startswith("Skip to main content")
    indexes = [item["index"] for item in reached]
    assert indexes == sorted(indexes), "focus jumps backwards: " + str([item["text"] for item in reached])
    assert set(expected) <= set(indexes), "controls never reached by Tab: " + str(
        page.evaluate(
            "ids => ids.map(i => document.querySelectorAll('*')[i].outerHTML.slice(0, 120))",
            sorted(set(expected) - set(indexes)),
        )
    )
    no_focus_style = [item["text"] or item["href"] for item in reached if not (item["outline"] or item["shadow"])]
    assert not no_focus_style, f"no visible focus indicator on: {no_focus_style}"
    assert all(item["visible"] for item in reached)

    # The skip link moves focus to the main content.
    page.goto(CAREER_PATH)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


@pytest.mark.parametrize("path", ["/", "/careers/", CAREER_PATH])
def test_no_sideways_scroll_at_320px_or_200_percent_zoom(browser_page, demo_content, path):
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    assert_no_sideways_scroll(page, f"{path} at 320 px")
    zoom_to_200_percent(page)
    page.goto(path)
    assert_no_sideways_scroll(page, f"{path} at 200% zoom")
