"""What the browser tests check on every page: axe-core, sideways scrolling, screenshots."""

import re

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0/2.1/2.2 levels A and AA, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
_axe = Axe()


def axe_violations(page, impacts=BLOCKING_IMPACTS):
    """Run axe-core (bundled with axe-playwright-python) on the page as it is now."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return [violation for violation in results.response["violations"] if violation["impact"] in impacts]


def describe_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        lines.extend(
            f"    {node['target']}: {node.get('failureSummary', '').strip()}" for node in violation["nodes"][:5]
        )
    return "\n".join(lines)


def assert_accessible(page, label=""):
    violations = axe_violations(page)
    assert not violations, f"axe-core found serious/critical WCAG violations on {label or page.url}:\n" + (
        describe_violations(violations)
    )


def horizontal_overflow(page):
    """How many CSS pixels the page scrolls sideways (0 when it does not)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def wide_elements(page):
    """The elements that stick out to the right of the viewport, to say what overflows."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            return [...document.querySelectorAll('body *')]
              .filter(el => el.getBoundingClientRect().right > width + 1)
              .slice(0, 8)
              .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                   (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''));
        }"""
    )


def assert_no_sideways_scroll(page, label=""):
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"{label or page.url} scrolls sideways by {overflow}px: {wide_elements(page)}"


def slug_for(url_path):
    return re.sub(r"[^a-z0-9]+", "-", url_path.lower()).strip("-") or "home"


def screenshot_widths(page, results_dir, name, widths=(375, 1280)):
    """Full-page screenshots at phone and desktop widths, written to test-results/."""
    paths = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        path = results_dir / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    page.set_viewport_size({"width": 1280, "height": 900})
    return paths


def zoom_to_200_percent(page):
    """200% browser zoom: WCAG 1.4.4/1.4.10 equate it with a viewport half as wide.

    Chromium's headless zoom is the device scale in CSS pixels: a 1280 px
    window at 200% lays out like a 640 px one with doubled text.
    """
    page.set_viewport_size({"width": 640, "height": 450})
