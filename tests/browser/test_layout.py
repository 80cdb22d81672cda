"""Layout defects measured as a visitor sees them: element boxes in Chromium at 320 and 1280 px.

Each test measures what the bug report measured, so the defect coming back fails it.
"""

import pytest

from .helpers import assert_accessible, assert_no_sideways_scroll

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = (320, 1280)
CAREER_URL = "/careers/care-coordination-and-care-management/"


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def first_link(page, listing_url, selector):
    page.goto(listing_url)
    return page.locator(selector).first.get_attribute("href")


def test_page_titles_have_room_under_the_header(browser_page, demo_content):
    page = browser_page
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for url in ("/trainings/", "/employers/", "/employers/submit/", "/search/", "/privacy/"):
            page.goto(url)
            header = box(page, "header.site-header")
            gap = box(page, "h1")["y"] - (header["y"] + header["height"])
            assert gap >= 24, f"{url} at {width}px: the h1 sits {gap:.0f}px under the header"


def test_back_links_do_not_touch_the_title(browser_page, demo_content):
    page = browser_page
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        training = first_link(page, "/trainings/", ".training-card__title a")
        employer = first_link(page, "/employers/", ".employer-card__name a")
        for url in (training, employer):
            page.goto(url)
            back = box(page, "main .back-link a")
            gap = box(page, "h1")["y"] - (back["y"] + back["height"])
            assert gap >= 12, f"{url} at {width}px: the back link is {gap:.0f}px above the h1"


def test_a_zip_error_does_not_move_the_search_fields(browser_page, demo_content):
    page = browser_page

    def measure(url):
        page.goto(url)
        return {
            "zip label": box(page, "label[for=training-near]")["y"],
            "zip field": box(page, "#training-near")["y"],
            "keywords width": box(page, "#training-q")["width"],
            "keywords top": box(page, "#training-q")["y"],
        }

    before = measure("/trainings/?near=")
    after = measure("/trainings/?near=99999")
    assert page.locator("#training-near-error").is_visible()
    moved = {name: round(after[name] - before[name]) for name in before if abs(after[name] - before[name]) > 1}
    assert not moved, f"the ZIP error moved or resized: {moved}"


def test_checkboxes_keep_their_size_when_labels_wrap(browser_page, demo_content):
    page = browser_page
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for url in ("/trainings/", "/employers/", "/employers/submit/"):
            page.goto(url)
            page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
            sizes = page.evaluate(
                """() => [...document.querySelectorAll('main input[type=checkbox]')]
                    .filter(el => el.offsetParent !== null && !el.closest('.employer-honeypot'))
                    .map(el => [el.id, el.getBoundingClientRect().width, el.getBoundingClientRect().height])"""
            )
            assert sizes, f"no checkboxes on {url}"
            small = [(name, round(w), round(h)) for name, w, h in sizes if w < 23.5 or h < 23.5]
            assert not small, f"{url} at {width}px: checkboxes smaller than 24px: {small}"


def test_the_phone_header_is_compact_with_a_menu_that_opens_without_javascript(chromium_browser, live_server):
    from django.core.management import call_command

    call_command("load_demo_content", verbosity=0)
    context = chromium_browser.new_context(
        viewport={"width": 320, "height": 700}, base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    try:
        for url in ("/", CAREER_URL, "/trainings/", "/employers/", "/about/"):
            page.goto(url)
            # Two rows: the language switcher, then the brand and the menu button.
            height = box(page, "header.site-header")["height"]
            assert height <= 104, f"{url}: the header is {height:.0f}px tall at 320px"
            switcher, menu = box(page, ".language-switcher"), box(page, ".site-menu__toggle")
            assert switcher["y"] + switcher["height"] <= menu["y"] + 1, url
            assert not page.get_by_role("link", name="Trainings", exact=True).is_visible()
        page.get_by_text("Menu", exact=True).click()
        for name in ("Careers", "Trainings", "Employers", "Search", "Sign in"):
            assert page.get_by_role("navigation", name="Main").get_by_role("link", name=name).is_visible(), name
        assert page.get_by_role("searchbox", name="Search the site").is_visible()
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto("/")
        assert not page.get_by_text("Menu", exact=True).is_visible()
        assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Trainings").is_visible()
        assert box(page, "header.site-header")["height"] <= 90
    finally:
        context.close()


def test_every_on_this_page_link_is_visible_on_a_phone(browser_page, demo_content):
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(CAREER_URL)
    strip = page.evaluate(
        "() => { const l = document.querySelector('.page-nav__list'); return [l.scrollWidth, l.clientWidth]; }"
    )
    assert strip[0] <= strip[1], f"the On this page list scrolls sideways: {strip}"
    links = page.locator(".page-nav__list a")
    # Nine sections since the local pay work added the Career ladder one to the demo page.
    assert links.count() == 9
    assert "Career ladder" in links.all_inner_texts()
    for index in range(links.count()):
        link_box = links.nth(index).bounding_box()
        assert link_box["x"] >= 0 and link_box["x"] + link_box["width"] <= 320, links.nth(index).inner_text()


def test_career_page_links_each_stylesheet_once_from_the_head(browser_page, demo_content):
    page = browser_page
    page.goto(CAREER_URL)
    hrefs = page.evaluate("() => [...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href)")
    assert len(hrefs) == len(set(hrefs)), hrefs
    assert any(href.endswith("trainings.css") for href in hrefs)
    assert any(href.endswith("employers.css") for href in hrefs)
    assert page.locator("body link[rel=stylesheet]").count() == 0


def test_get_employed_offers_one_way_to_the_employers(browser_page, demo_content):
    page = browser_page
    page.goto(CAREER_URL)
    section = page.locator("#get-employed")
    assert section.get_by_text("Find a local Care Manager/Care Coordinator employer.").count() == 1
    assert section.locator(".cta").count() == 0
    assert section.get_by_role("button").count() == 1  # the employer search's


def test_one_back_to_top_link_at_the_end_of_the_career_page(browser_page, demo_content):
    page = browser_page
    page.goto(CAREER_URL)
    links = page.get_by_role("link", name="Back to top")
    assert links.count() == 1
    last_section = box(page, ".career-section:last-of-type")
    assert links.first.bounding_box()["y"] >= last_section["y"] + last_section["height"] - 1


def test_career_hero_says_what_the_page_offers(browser_page, demo_content):
    page = browser_page
    page.goto(CAREER_URL)
    hero = page.locator(".career-hero__text").inner_text()
    assert "Also called Care Management/Care Coordination" in hero
    intro = page.locator(".career-hero__intro").inner_text()
    assert len(intro.split()) >= 15, intro


def test_footer_pages_and_the_open_phone_menu_pass_axe(browser_page, demo_content):
    page = browser_page
    for url in ("/about/", "/contact/", "/privacy/", "/accessibility/", "/terms/"):
        page.goto(url)
        assert page.locator("h1").count() == 1
        assert_accessible(page, url)
    footer = page.get_by_role("contentinfo")
    for name in ("About HWcollab", "Contact us", "Privacy", "Accessibility statement", "Terms of use"):
        assert footer.get_by_role("link", name=name).is_visible(), name
    assert "Health Resources and Services Administration" in footer.inner_text()
    assert page.evaluate("() => document.querySelector('.site-footer__logo').naturalWidth") > 0
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto("/")
    page.get_by_text("Menu", exact=True).click()
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Careers").is_visible()
    assert_accessible(page, "home at 320px with the menu open")
    assert_no_sideways_scroll(page, "home at 320px with the menu open")
