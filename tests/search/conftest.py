import pytest
from django.utils.text import slugify
from wagtail.models import Page, Site

from career_pages.models import CareerIndexPage, CareerPage
from home.models import HomePage
from search.synonyms import clear_synonym_cache


@pytest.fixture(autouse=True)
def _fresh_synonym_cache():
    # Synonyms made by a test are rolled back without a delete signal: never leave them cached.
    clear_synonym_cache()
    yield
    clear_synonym_cache()


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="HWcollab", slug="hwcollab-home", hero_heading="Welcome"))
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    return home


@pytest.fixture
def careers(home):
    return home.add_child(instance=CareerIndexPage(title="Careers", slug="careers"))


@pytest.fixture
def make_career(careers):
    def make(title, description="", live=True, **fields):
        slug = slugify(title)[:50]
        page = CareerPage(title=title, slug=slug, search_description=description, live=live, **fields)
        return careers.add_child(instance=page)

    return make
