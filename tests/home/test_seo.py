import pytest
from bs4 import BeautifulSoup

from tests.career_pages.factories import CareerPageFactory

pytestmark = pytest.mark.django_db


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").head


def head_on(client, url, host):
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").head


def test_meta_description_falls_back_to_the_intro(client, career_index):
    page = CareerPageFactory(parent=career_index, title="Care Management", intro="What care managers do.")
    soup = head(client, page.url)
    assert soup.find("meta", attrs={"name": "description"})["content"] == "What care managers do."
    assert soup.find("meta", property="og:description")["content"] == "What care managers do."


def test_search_description_wins_over_the_intro(client, career_index):
    page = CareerPageFactory(parent=career_index, intro="Intro.", search_description="Written for search engines.")
    soup = head(client, page.url)
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Written for search engines."


def test_title_canonical_and_open_graph(client, career_index):
    page = CareerPageFactory(parent=career_index, title="Care Management", slug="care-management")
    soup = head(client, page.url)
    assert soup.title.get_text() == "Care Management | Health Workforce Collaborative"
    # The demo Site is on localhost, which no visitor uses: the request's host is the public one.
    assert soup.find("link", rel="canonical")["href"] == "http://testserver/careers/care-management/"
    assert soup.find("meta", property="og:url")["content"] == "http://testserver/careers/care-management/"
    assert soup.find("meta", property="og:title")["content"] == "Care Management"
    assert soup.find("meta", property="og:site_name")["content"] == "Health Workforce Collaborative"


def test_seo_title_is_used_when_set(client, career_index):
    page = CareerPageFactory(parent=career_index, title="Care Management", seo_title="Care Management careers in NY")
    assert head(client, page.url).title.get_text().startswith("Care Management careers in NY")


def test_sitemap_lists_live_pages_only(client, career_index):
    live = CareerPageFactory(parent=career_index, slug="live-career")
    CareerPageFactory(parent=career_index, slug="draft-career", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "<loc>http://testserver/careers/live-career/</loc>" in xml
    assert "<loc>http://testserver/careers/</loc>" in xml
    assert "draft-career" not in xml
    assert live.url in xml


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_404_is_the_sites_own_page_without_debug_detail(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "Traceback" not in html and "URLconf" not in html
    assert 'class="site-header"' in html


def test_trainings_and_employers_have_a_meta_description(client, training_index, employer_directory):
    for url, words in (("/trainings/", "trainings for health-care careers"), ("/employers/", "care coordinators")):
        response = client.get(url)
        assert response.status_code == 200
        meta = BeautifulSoup(response.content, "html.parser").head.find("meta", attrs={"name": "description"})
        assert words in meta["content"], url


def _json_ld_url(soup):
    import json

    return json.loads(soup.find("script", type="application/ld+json").string)["url"]


def test_in_development_canonical_og_url_and_json_ld_use_the_requests_host(client, career_index, settings):
    settings.DEBUG = True
    page = CareerPageFactory(parent=career_index, slug="care-management")
    soup = head_on(client, page.url, "example.test:8000")
    expected = "http://example.test:8000/careers/care-management/"
    assert soup.find("link", rel="canonical")["href"] == expected
    assert soup.find("meta", property="og:url")["content"] == expected
    assert _json_ld_url(soup) == expected


def test_public_base_url_wins_over_the_request_and_the_site(client, career_index, settings):
    settings.PUBLIC_BASE_URL = "https://hwcollab.example"
    page = CareerPageFactory(parent=career_index, slug="care-management")
    soup = head_on(client, page.url, "example.test:8000")
    expected = "https://hwcollab.example/careers/care-management/"
    assert soup.find("link", rel="canonical")["href"] == expected
    assert soup.find("meta", property="og:url")["content"] == expected
    assert _json_ld_url(soup) == expected
    xml = client.get("/sitemap.xml", HTTP_HOST="example.test:8000").content.decode()
    assert "<loc>https://hwcollab.example/careers/care-management/</loc>" in xml
    assert "example.test" not in xml
    assert "Sitemap: https://hwcollab.example/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_a_real_site_hostname_is_used_in_production(client, career_index, settings):
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(hostname="hwcollab.org", port=443)
    page = CareerPageFactory(parent=career_index, slug="care-management")
    soup = head_on(client, page.url, "10.0.0.5:8000")
    assert soup.find("link", rel="canonical")["href"] == "https://hwcollab.org/careers/care-management/"
    xml = client.get("/sitemap.xml", HTTP_HOST="10.0.0.5:8000").content.decode()
    assert "<loc>https://hwcollab.org/careers/care-management/</loc>" in xml


def test_in_development_the_sitemap_uses_the_requests_host(client, career_index, settings):
    settings.DEBUG = True
    CareerPageFactory(parent=career_index, slug="care-management")
    xml = client.get("/sitemap.xml", HTTP_HOST="example.test:8000").content.decode()
    assert "<loc>http://example.test:8000/careers/care-management/</loc>" in xml
    assert "localhost" not in xml


def test_employer_directory_sitemap_entries_use_the_public_host(client, employer_directory, settings):
    from tests.directory.employers.factories import EmployerSnippetFactory

    settings.PUBLIC_BASE_URL = "https://hwcollab.example"
    EmployerSnippetFactory(name="Acme Health", slug="acme-health")
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://hwcollab.example/employers/acme-health/</loc>" in xml
