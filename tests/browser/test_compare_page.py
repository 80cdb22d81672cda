"""The training comparison on a phone and on paper: at 320 px the page itself never scrolls sideways (the table
scrolls inside its own region, the fact labels kept in view), and printing drops the site's chrome and fits the
table to the paper."""

import pytest

from .helpers import assert_no_sideways_scroll, horizontal_overflow

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def compare_three(page):
    from directory.trainings.models import TrainingPage

    ids = list(TrainingPage.objects.live().public().order_by("pk").values_list("pk", flat=True)[:3])
    assert len(ids) == 3
    page.goto("/trainings/compare/?ids=" + ",".join(str(pk) for pk in ids))
    assert page.locator('.compare__table thead th[scope="col"]').count() == 3


def test_at_320px_only_the_table_scrolls_and_the_fact_labels_stay_in_view(browser_page, demo_content):
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 800})
    compare_three(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert_no_sideways_scroll(page, "training comparison at 320px")

    region = page.locator(".compare__scroll")
    widths = region.evaluate("el => ({scroll: el.scrollWidth, client: el.clientWidth})")
    assert widths["scroll"] > widths["client"]  # three programs do not fit: the region scrolls, not the page
    label = page.locator('.compare__table tbody th[scope="row"]').first
    first_column = page.locator('.compare__table thead th[scope="col"]').first
    region_left = region.evaluate("el => el.getBoundingClientRect().left")
    assert abs(label.bounding_box()["x"] - region_left) <= 1
    column_x = first_column.bounding_box()["x"]

    region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    page.wait_for_function("() => document.querySelector('.compare__scroll').scrollLeft > 0")
    assert first_column.bounding_box()["x"] < column_x - 100  # the programs moved...
    assert abs(label.bounding_box()["x"] - region_left) <= 1  # ...the labels did not
    assert horizontal_overflow(page) <= 0

    # The keyboard reaches the region (it is focusable) and the arrow keys scroll it.
    region.evaluate("el => { el.scrollLeft = 0; }")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.compare__scroll').scrollLeft > 0")


def test_the_comparison_prints_without_the_site_chrome_and_fits_the_paper(browser_page, demo_content):
    page = browser_page
    compare_three(page)
    assert page.locator("header").first.is_visible()
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 700, "height": 1000})  # about an A4 page's printable width
    for selector in ["header", "footer", ".compare__remove", ".compare__share"]:
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator(".compare__table").is_visible()
    assert page.locator(".compare__scroll").evaluate("el => el.scrollWidth <= el.clientWidth")
    assert horizontal_overflow(page) <= 0
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
