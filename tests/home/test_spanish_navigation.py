"""On a Spanish page the header's section links and the footer's information pages are the Spanish ones
(home/sections.py, home/footer.py); on an English page the English ones, whichever was read first."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def links(html, start, end):
    part = html[html.index(start) :]
    return re.findall(r'href="([^"]+)"', part[: part.index(end)])


@pytest.mark.parametrize("first", ["/es/", "/"])
def test_header_and_footer_links_are_in_the_page_language(client, first):
    call_command("load_demo_content", stdout=None)
    cache.clear()
    client.get(first)  # whichever language fills the caches first, the other gets its own links
    for url, prefix in (("/es/", "/es/"), ("/", "/"), ("/es/careers/care-coordination-and-care-management/", "/es/")):
        html = client.get(url).content.decode()
        header = links(html, 'class="site-nav"', "</nav>")
        assert header[:3] == [f"{prefix}careers/", f"{prefix}trainings/", f"{prefix}employers/"], url
        footer = links(html, "<footer", "</footer>")
        assert footer[:5] == [f"{prefix}{slug}/" for slug in ("about", "contact", "privacy", "accessibility", "terms")]


def test_a_section_without_a_spanish_page_links_to_its_spanish_path(client):
    from wagtail.models import Page

    call_command("load_demo_content", stdout=None)
    Page.objects.filter(locale__language_code="es", url_path__endswith="/employers/").unpublish()
    cache.clear()
    html = client.get("/es/").content.decode()
    assert "/es/employers/" in links(html, 'class="site-nav"', "</nav>")
    response = client.get("/es/employers/")
    assert response.status_code == 200  # the English directory, inside the Spanish site, with its note
