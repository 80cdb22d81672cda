"""About, Contact, Privacy, Accessibility and Terms pages, the footer that links them, the funder line,
the demo pictures and the hero picture's markup."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import RequestFactory
from wagtail.images import get_image_model
from wagtail.models import Site

from home.blocks import ContactDetailsBlock, DefinitionListBlock, InformationBodyBlock
from home.demo import FUNDER_ACKNOWLEDGEMENT
from home.footer import footer_for_request
from home.models import HomePage, InformationPage, SiteIdentitySettings

pytestmark = pytest.mark.django_db

FOOTER_TITLES = ["About HWcollab", "Contact us", "Privacy", "Accessibility statement", "Terms of use"]


def load_demo():
    call_command("load_demo_content", stdout=StringIO())


def footer(client, url="/"):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return soup.find("footer")


def make_information_page(home, title, slug, **fields):
    page = InformationPage(title=title, slug=slug, **fields)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_information_page_declares_where_it_lives_and_what_it_offers():
    assert InformationPage.parent_page_types == ["home.HomePage"]
    assert InformationPage.subpage_types == []
    assert "home.InformationPage" in HomePage.subpage_types
    assert {field.field_name for field in InformationPage.search_fields} >= {"title", "intro", "body"}
    assert [field.name for field in InformationPage.api_fields] == ["intro", "body", "last_reviewed"]
    assert set(InformationBodyBlock().child_blocks) == {
        "heading",
        "paragraph",
        "definitions",
        "contact",
    }


def test_the_footer_links_the_pages_in_menus_in_tree_order(client, home_page):
    make_information_page(home_page, "About", "about")
    make_information_page(home_page, "Privacy", "privacy")
    hidden = make_information_page(home_page, "Old terms", "old-terms")
    hidden.show_in_menus = False
    hidden.save_revision().publish()
    links = [(a.get_text(), a["href"]) for a in footer(client).select("nav a")]
    assert links == [("About", "/about/"), ("Privacy", "/privacy/")]
    assert footer(client, "/privacy/").select_one('a[aria-current="page"]').get_text() == "Privacy"


def test_the_footer_forgets_a_page_when_it_is_unpublished(client, home_page):
    page = make_information_page(home_page, "About", "about")
    assert footer(client).select("nav a")
    page.unpublish()
    assert footer(client).select_one("nav") is None


def test_the_funder_line_comes_from_the_site_settings(client, home_page):
    assert "HRSA" not in footer(client).get_text()
    identity = SiteIdentitySettings.for_site(Site.objects.get(is_default_site=True))
    identity.funder_acknowledgement = "Funded by the Example Foundation."
    identity.save()
    assert footer(client).select_one(".site-footer__funder").get_text() == "Funded by the Example Foundation."


def test_the_footer_costs_no_query_once_cached(client, home_page, django_assert_num_queries):
    make_information_page(home_page, "About", "about")
    request = RequestFactory().get("/")
    footer_for_request(request)
    with django_assert_num_queries(0):
        assert footer_for_request(request)["links"] == [{"title": "About", "url": "/about/"}]


def test_demo_content_writes_the_five_footer_pages_once(client):
    load_demo()
    load_demo()
    english = InformationPage.objects.live().filter(locale__language_code="en")
    assert list(english.values_list("title", flat=True).order_by("path")) == FOOTER_TITLES
    found = footer(client)
    assert [a.get_text() for a in found.select("nav a")] == FOOTER_TITLES
    assert FUNDER_ACKNOWLEDGEMENT in found.get_text()
    for url in ("/about/", "/contact/", "/privacy/", "/accessibility/", "/terms/"):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        assert len(soup.find_all("h1")) == 1, url


def test_the_privacy_page_lists_the_cookies_the_site_really_sets(client):
    load_demo()
    soup = BeautifulSoup(client.get("/privacy/").content, "html.parser")
    cookies = [dt.get_text() for dt in soup.select(".definition-list dt")]
    assert cookies == [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"]
    # No middleware sets a language cookie: the page must not need to mention one.
    assert "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE
    text = soup.get_text(" ")
    assert f"after {settings.SESSION_COOKIE_AGE // (7 * 24 * 3600)} weeks" in text
    assert "until you delete your account" in text


def test_the_accessibility_statement_names_the_standard_and_how_to_report_a_barrier(client):
    load_demo()
    soup = BeautifulSoup(client.get("/accessibility/").content, "html.parser")
    text = soup.get_text(" ")
    assert "WCAG) 2.2 at level AA" in text
    assert [h2.get_text() for h2 in soup.select("main h2")] == ["Conformance", "Known limitations", "Report a barrier"]
    assert soup.select_one('address a[href^="mailto:"]')


def test_contact_details_need_one_way_to_reach_someone():
    block = ContactDetailsBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"email": "", "phone": "", "postal_address": ""}))
    assert block.clean(block.to_python({"email": "a@example.org", "phone": "", "postal_address": ""}))


def test_a_list_of_terms_names_each_term_once():
    block = DefinitionListBlock()
    twice = {"items": [{"term": "csrftoken", "description": "a"}, {"term": "CSRFtoken", "description": "b"}]}
    with pytest.raises(ValidationError):
        block.clean(block.to_python(twice))


def test_demo_pictures_are_drawn_once_and_shown_as_responsive_avif_and_webp(client):
    load_demo()
    load_demo()
    images = get_image_model().objects.filter(title__startswith="Demo illustration")
    assert images.count() == 2
    for url in ("/", "/careers/care-coordination-and-care-management/"):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        picture = soup.select_one("main picture")
        types = [source["type"] for source in picture.select("source")]
        assert types == ["image/avif"]
        assert picture.select_one("source")["srcset"].count("w,") == 1  # two widths
        img = picture.select_one("img")
        assert ".webp" in img["src"] and " 960w" in img["srcset"]
        assert img["sizes"]
        assert img["alt"] and img["alt"] in {image.description for image in images}
        assert img.get("loading") != "lazy"  # above the fold


def test_a_hero_image_without_a_description_is_decorative(client):
    load_demo()
    image = HomePage.objects.get(locale__language_code="en").hero_image
    image.description = ""
    image.save()
    img = BeautifulSoup(client.get("/").content, "html.parser").select_one(".home-hero__image img")
    assert img["alt"] == ""
