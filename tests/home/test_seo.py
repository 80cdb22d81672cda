import pytest
from bs4 import BeautifulSoup

from tests.career_pages.factories import CareerPageFactory

pytestmark = pytest.mark.django_db


def head(client, url):
    response = client.get(url)
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
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/careers/care-management/"
    assert soup.find("meta", property="og:url")["content"] == "http://localhost/careers/care-management/"
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
    assert "<loc>http://localhost/careers/live-career/</loc>" in xml
    assert "<loc>http://localhost/careers/</loc>" in xml
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
