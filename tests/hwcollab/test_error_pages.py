"""`make run` (DEBUG on) shows the site's own 404 and 500 pages (hwcollab/error_pages.py)."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import path

from hwcollab.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]
handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"

WITH_SITE_PAGES = [*settings.MIDDLEWARE, "hwcollab.error_pages.SiteErrorPagesMiddleware"]


@override_settings(DEBUG=True, MIDDLEWARE=WITH_SITE_PAGES)
def test_debug_shows_the_sites_own_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "URLconf" not in html and "Django tried these URL patterns" not in html
    assert "<h1>Page not found</h1>" in html


@override_settings(DEBUG=True, MIDDLEWARE=WITH_SITE_PAGES, ROOT_URLCONF=__name__)
def test_debug_shows_the_sites_own_500_and_logs_the_traceback(client, caplog):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Traceback" not in html and "RuntimeError" not in html
    assert "<h1>Something went wrong</h1>" in html
    assert any(record.exc_info and "boom" in str(record.exc_info[1]) for record in caplog.records)


def test_the_dev_settings_install_it():
    import importlib

    dev = importlib.import_module("hwcollab.settings.dev")
    assert dev.DEBUG is True
    assert dev.MIDDLEWARE[-1] == "hwcollab.error_pages.SiteErrorPagesMiddleware"
