"""English unprefixed, Spanish under /es/: the language of a URL, the switcher, hreflang, the remembered choice,
the fallback to English (docs/translation.md)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.models import Locale

from tests.career_pages.factories import CareerIndexPageFactory, CareerPageFactory

pytestmark = pytest.mark.django_db

NOTE = "untranslated-note"


def translate(page, **changes):
    """A published Spanish translation of `page` (its parent must have one)."""
    translated = page.copy_for_translation(Locale.objects.get(language_code="es"))
    for name, value in changes.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated.specific


@pytest.fixture
def spanish_home(home_page):
    return translate(home_page, title="Inicio", hero_heading="Encuentre su camino en la salud")


@pytest.fixture
def careers(home_page):
    return CareerIndexPageFactory(parent=home_page, title="Careers", slug="careers")


@pytest.fixture
def career(careers):
    return CareerPageFactory(parent=careers, title="Care Coordinator", slug="care-coordinator")


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def switcher_links(page_soup):
    return page_soup.select("header nav.language-switcher a")


def follow_switcher(client, page_soup):
    """The switcher's one link, followed: (the cookie it set, where it sent the visitor)."""
    (link,) = switcher_links(page_soup)
    response = client.get(link["href"])
    assert response.status_code == 302
    return response.cookies[settings.LANGUAGE_COOKIE_NAME].value, response["Location"]


def test_english_urls_stay_english_whatever_the_browser_or_cookie_says(client, home_page, spanish_home):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get("/search/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert soup(response).html["lang"] == "en"
    assert response["Content-Language"] == "en"


def test_the_spanish_home_page_answers_under_es_in_spanish(client, home_page, spanish_home):
    response = client.get("/es/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "es"
    assert response["Content-Language"] == "es"
    assert page.h1.get_text(strip=True) == "Encuentre su camino en la salud"
    assert not page.select(f".{NOTE}")
    # The brand link leads to the home page of the visitor's language.
    assert page.select_one(".site-header__brand")["href"] == "/es/"
    english = soup(client.get("/"))
    assert english.html["lang"] == "en"
    assert english.h1.get_text(strip=True) == home_page.hero_heading


def test_visitor_urls_have_spanish_versions_and_the_rest_does_not(client, home_page):
    assert client.get("/es/search/").status_code == 200
    assert client.get("/es/accounts/login/").status_code == 200
    assert soup(client.get("/es/accounts/login/")).html["lang"] == "es"
    assert client.get("/es/api/v2/pages/").status_code == 404
    assert client.get("/api/v2/pages/").status_code == 200
    assert client.get("/es/healthz/").status_code == 404


def test_hreflang_pairs_resolve_both_ways(client, home_page, spanish_home):
    def alternates(path):
        links = soup(client.get(path)).select('link[rel="alternate"][hreflang]')
        return {link["hreflang"]: urlsplit(link["href"]).path for link in links}

    english, spanish = alternates("/"), alternates("/es/")
    assert english == {"en": "/", "es": "/es/", "x-default": "/"}
    assert spanish == english
    for path in english.values():
        assert client.get(path).status_code == 200


def test_no_hreflang_for_a_page_without_translation(client, home_page, careers):
    assert not soup(client.get("/careers/")).select('link[rel="alternate"][hreflang]')


def test_the_switcher_keeps_the_visitor_on_the_same_page(client, home_page, spanish_home, careers, career):
    spanish_careers = translate(careers, title="Carreras")
    spanish_career = translate(career, title="Coordinador/a de atención")
    english = soup(client.get(career.url))
    (link,) = switcher_links(english)
    assert link["lang"] == link["hreflang"] == "es"
    assert link.get_text(strip=True) == "Español"
    cookie, location = follow_switcher(client, english)
    assert cookie == "es"
    assert location == spanish_career.url == "/es/careers/care-coordinator/"
    spanish = soup(client.get(location))
    assert spanish.html["lang"] == "es"
    assert spanish.h1.get_text(strip=True) == "Coordinador/a de atención"
    cookie, location = follow_switcher(client, spanish)
    assert (cookie, location) == ("en", "/careers/care-coordinator/")
    assert spanish_careers.url == "/es/careers/"


def test_the_switcher_goes_to_the_nearest_translated_section(client, home_page, spanish_home, careers, career):
    translate(careers, title="Carreras")
    _, location = follow_switcher(client, soup(client.get(career.url)))
    assert location == "/es/careers/"


def test_the_switcher_goes_home_when_nothing_is_translated(client, home_page, careers):
    _, location = follow_switcher(client, soup(client.get("/careers/")))
    assert location == "/es/"


def test_the_switcher_keeps_the_path_and_query_of_other_pages(client, home_page):
    _, location = follow_switcher(client, soup(client.get("/search/?q=nurse&page=2")))
    assert urlsplit(location).path == "/es/search/"
    assert parse_qs(urlsplit(location).query) == {"q": ["nurse"], "page": ["2"]}
    _, location = follow_switcher(client, soup(client.get(location)))
    assert urlsplit(location).path == "/search/"
    assert parse_qs(urlsplit(location).query) == {"q": ["nurse"], "page": ["2"]}


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""])
def test_the_language_view_never_sends_visitors_elsewhere(client, home_page, target):
    response = client.get("/language/es/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/es/"
    assert "private" in response["Cache-Control"]


def test_an_unknown_language_is_a_404(client, home_page):
    response = client.get("/language/xx/", {"next": "/"})
    assert response.status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_remembered_choice_sends_the_bare_home_page_to_spanish(client, home_page, spanish_home):
    client.get("/language/es/", {"next": "/es/"})
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/es/"
    assert "private" in response["Cache-Control"]
    # Other English URLs stay English, and choosing English again brings `/` back.
    assert soup(client.get("/search/")).html["lang"] == "en"
    client.get("/language/en/", {"next": "/"})
    assert client.get("/").status_code == 200


def test_no_cached_english_home_for_a_spanish_cookie(client, settings, home_page, spanish_home):
    from django.core.cache import caches

    settings.PAGE_CACHE_ENABLED = True
    caches[settings.CACHE_MIDDLEWARE_ALIAS].clear()
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/es/"
    # The Spanish home is cached under its own path.
    assert client.get("/es/")["X-Page-Cache"] == "miss"
    spanish = client.get("/es/")
    assert spanish["X-Page-Cache"] == "hit"
    assert soup(spanish).html["lang"] == "es"
    caches[settings.CACHE_MIDDLEWARE_ALIAS].clear()


def test_an_untranslated_page_under_es_shows_the_english_page_with_a_note(client, home_page, spanish_home, career):
    response = client.get("/es/careers/care-coordinator/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "es"
    assert page.select_one(f".{NOTE}")
    (region,) = page.select('main [lang="en"]')
    assert region.h1.get_text(strip=True) == "Care Coordinator"
    # Search engines are pointed at the English original.
    assert urlsplit(page.select_one('link[rel="canonical"]')["href"]).path == "/careers/care-coordinator/"


def test_without_any_spanish_page_es_still_shows_the_english_site(client, home_page, career):
    home = client.get("/es/")
    assert home.status_code == 200
    assert soup(home).select_one(f".{NOTE}")
    assert client.get("/es/careers/care-coordinator/").status_code == 200
    assert client.get("/es/careers/no-such-page/").status_code == 404


def test_the_note_reads_in_spanish(client, home_page, career):
    from django.utils import translation

    message = "This page has not been translated into this language yet, so it is shown in English."
    with translation.override("es"):
        spanish = translation.gettext(message)
    if spanish == message:
        pytest.skip("the Spanish catalogue is not compiled (make install compiles it)")
    note = soup(client.get("/es/careers/care-coordinator/")).select_one(f".{NOTE}")
    assert note.get_text(strip=True) == spanish
