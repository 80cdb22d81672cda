import pytest


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_default_cache():
    # The database is rolled back after each test; what was cached from it (section URLs, rate-limit
    # counters, Wagtail's site root paths) must go with it.
    from django.core.cache import cache

    cache.clear()


def pytest_sessionstart(session):
    # The compiled catalogue is not committed: `make test` compiles it, and so does a bare `pytest` whose .mo is
    # missing or older than the .po (hwcollab/catalogue.py).
    from hwcollab import catalogue

    for language in catalogue.LANGUAGES:
        po_file = catalogue.po_path(language)
        mo_file = po_file.with_suffix(".mo")
        if not mo_file.exists() or mo_file.stat().st_mtime < po_file.stat().st_mtime:
            catalogue.compile_catalogues()
            break


@pytest.fixture(autouse=True)
def _english_after_each_test():
    # A test that renders Spanish (translation.activate, a /es/ request) must not leave it active for the next one.
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_walk_unless_chosen(monkeypatch):
    # Whether an employer search walks its radius depends on the planner's statistics, which autovacuum may gather
    # while the suite runs: a test chooses the walk (tests/directory/employers/test_search_walk.py), none gets it by
    # chance.
    monkeypatch.setattr("directory.employers.search.WALK_MIN_FRACTION", 2.0)


@pytest.fixture
def home_page(db):
    """A HomePage as the default site's root, as load_demo_content leaves it."""
    from wagtail.models import Page, Site

    from tests.career_pages.factories import HomePageFactory

    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "HWcollab"}
    )
    return home


@pytest.fixture
def career_index(home_page):
    from tests.career_pages.factories import CareerIndexPageFactory

    return CareerIndexPageFactory(parent=home_page)


@pytest.fixture
def site_root(db):
    """The default site's root page as the migrations leave it (Wagtail's welcome page)."""
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def training_index(site_root):
    from directory.trainings.models import TrainingIndexPage

    return site_root.add_child(instance=TrainingIndexPage(title="Trainings", slug="trainings"))


@pytest.fixture
def employer_directory(site_root):
    from directory.employers.models import EmployerDirectoryPage

    return site_root.add_child(instance=EmployerDirectoryPage(title="Employers", slug="employers"))


def pytest_collection_modifyitems(config, items):
    # Every test of the search layer runs again on a second backend (.ci/run, `make test-search-fallback`);
    # tests elsewhere join that run with @pytest.mark.search_backend.
    for item in items:
        if item.nodeid.startswith("tests/search/"):
            item.add_marker(pytest.mark.search_backend)


@pytest.fixture(autouse=True)
def _search_capability(request):
    """Skip a test marked @pytest.mark.search_capability(...) when the search backend lacks one of them."""
    marker = request.node.get_closest_marker("search_capability")
    if marker is None:
        return
    from tests.search_capabilities import backend_name, missing

    lacking = missing(*marker.args)
    if lacking:
        pytest.skip(f"the search backend {backend_name()} lacks: {', '.join(lacking)}")
