"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Chromium comes from `apt-get install chromium` (never `playwright install`,
which downloads its own build). Without it these tests skip with one message,
unless REQUIRE_BROWSER=1 (CI), which turns the skip into a failure.
"""

import os
import urllib.request
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread


class SingleThreadedLiveServer(WSGIServer):
    """One request at a time: the live server shares the test's database connection (SQLite in
    memory), and the admin fires requests in parallel (previews, editing-session pings).
    LiveServerThread already points its own thread at that connection."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


LiveServerThread.server_class = SingleThreadedLiveServer

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
SKIP_MESSAGE = f"browser tests skipped: {CHROMIUM} not found"
BROWSER_DIR = Path(__file__).resolve().parent


def browser_required():
    return os.environ.get("REQUIRE_BROWSER", "") not in ("", "0", "false", "no")


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real Chromium against the live server (tests/browser/)")


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if BROWSER_DIR in Path(str(item.fspath)).parents]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        # One retry (pytest-rerunfailures; reported as "rerun"): a real browser and a live server have
        # timing that unit tests have not. A test that fails twice fails the run.
        item.add_marker(pytest.mark.flaky(reruns=1))
    # Last: one browser for all of them (session scope), and the other tests never run in the
    # context Playwright leaves behind.
    items[:] = [item for item in items if item not in browser_items] + browser_items
    if not browser_items or CHROMIUM.exists():
        return
    if browser_required():
        raise pytest.UsageError(
            f"REQUIRE_BROWSER is set but {CHROMIUM} was not found: install it (apt-get install chromium)"
        )
    # One clear message instead of a skip line per test.
    items[:] = [item for item in items if item not in browser_items]
    config.hook.pytest_deselected(items=browser_items)
    config._browser_tests_skipped = len(browser_items)


def pytest_terminal_summary(terminalreporter, config):
    skipped = getattr(config, "_browser_tests_skipped", 0)
    if skipped:
        terminalreporter.write_line(
            f"{SKIP_MESSAGE} ({skipped} tests not run; `apt-get install chromium` to run them)", yellow=True, bold=True
        )


def _serialized_contents():
    from django.db import connections

    return {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}


def _restore_serialized_contents(contents):
    """Playwright's sync API runs the code after it starts in another context: Django's connections
    (context-local) are new objects there, without the migration data that pytest-django serialized
    on the first ones. Without it, the flush after a test would drop the root page, locale, groups and
    workflow for good; with it, each test starts from them again (`serialized_rollback`)."""
    from django.db import connections

    for alias, serialized in contents.items():
        if serialized is not None:
            connections[alias]._test_serialized_contents = serialized


@pytest.fixture(scope="session")
def chromium_browser(django_db_setup):
    if not CHROMIUM.exists():
        pytest.skip(SKIP_MESSAGE)
    from playwright.sync_api import sync_playwright

    contents = _serialized_contents()

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # fixtures in the same thread would refuse to run. Only while the browser runs: the
    # variable must not leak into other tests (it fails `check --deploy`, for one).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            _restore_serialized_contents(contents)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_page(chromium_browser, live_server):
    """A fresh browser context (no cookies) at a desktop width, with errors collected."""
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    # Leaving a page fires requests (the admin releases its editing session): let the live
    # server answer them before the database is flushed under it.
    page.goto("about:blank")
    context.close()
    urllib.request.urlopen(live_server.url + "/robots.txt", timeout=60).read()  # noqa: S310 (the live server)


@pytest.fixture
def results_dir():
    RESULTS_DIR.mkdir(exist_ok=True)
    return RESULTS_DIR


@pytest.fixture
def demo_content(transactional_db):
    """The demo site, loaded into the database the live server reads."""
    from django.core.management import call_command

    call_command("load_demo_content", verbosity=0)
