from pathlib import Path

import pytest
from django.core.cache import caches
from wagtail.models import Page, Site

from home.models import HomePage

FALLBACK_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def page_cache(settings):
    """Turn the page cache on (it is off in the test settings) and start it empty."""
    settings.WAGTAIL_CACHE = True
    # Last in DIRS: the project's own templates win when they exist.
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], FALLBACK_TEMPLATES]},
        *settings.TEMPLATES[1:],
    ]
    cache = caches[settings.WAGTAIL_CACHE_BACKEND]
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Cache test home", slug="cache-test-home"))
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port, site.root_page = "localhost", 80, home
    site.save()
    return home


@pytest.fixture
def child(home):
    return home.add_child(instance=HomePage(title="Cache test child", slug="child"))
