import pytest
from django.core.cache import caches
from wagtail.models import Page, Site

from career_pages.models import CareerIndexPage
from home.models import HomePage


@pytest.fixture
def page_cache(settings):
    """Turn the page cache on (it is off in the test settings) and start it empty."""
    settings.PAGE_CACHE_ENABLED = True
    cache = caches[settings.CACHE_MIDDLEWARE_ALIAS]
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Cache test home", slug="cache-test-home", hero_heading="Cache test home")
    )
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port, site.root_page = "localhost", 80, home
    site.save()
    return home


@pytest.fixture
def child(home):
    return home.add_child(instance=CareerIndexPage(title="Cache test child", slug="child"))
