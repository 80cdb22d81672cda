"""The audit helpers catch what they are meant to catch (so a clean result means something)."""

from .helpers import assert_no_sideways_scroll, axe_violations


def test_axe_reports_a_serious_violation(chromium_browser):
    page = chromium_browser.new_page()
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>Broken</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><a href="/x"></a>'
        '<p style="color:#aaa;background:#fff">low contrast text</p></main></body></html>'
    )
    ids = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "link-name", "color-contrast"} <= ids
    page.close()


def test_sideways_scroll_is_detected(chromium_browser):
    page = chromium_browser.new_page(viewport={"width": 320, "height": 600})
    page.set_content('<!doctype html><html lang="en"><body><div style="width:600px">wide</div></body></html>')
    try:
        assert_no_sideways_scroll(page)
    except AssertionError as error:
        assert "scrolls sideways by 2" in str(error) or "scrolls sideways" in str(error)
    else:
        raise AssertionError("a 600 px wide block at 320 px was not reported")
    page.close()
