from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from home.models import HomePage
from tests.career_pages.factories import CareerPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_editors_hero_intro_and_cards(client, home_page):
    home_page.intro = "<p>Welcome to HWcollab.</p>"
    home_page.cards = HomePage.cards.field.stream_block.normalize(
        [
            ("card", {"heading": "Explore careers", "text": "What the work is.", "link": {"url": "/careers/"}}),
            ("card", {"heading": "Find trainings", "text": "Programs near you.", "link": {"url": "/trainings/"}}),
            ("card", {"heading": "Find employers", "text": "Who is hiring.", "link": {"url": "/employers/"}}),
        ]
    )
    home_page.save_revision().publish()
    response = client.get("/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert [h1.get_text(strip=True) for h1 in soup.find_all("h1")] == [home_page.hero_heading]
    assert "Welcome to HWcollab." in soup.get_text()
    cards = [(a.get_text(), a["href"]) for a in soup.select(".home-cards a")]
    assert cards == [
        ("Explore careers", "/careers/"),
        ("Find trainings", "/trainings/"),
        ("Find employers", "/employers/"),
    ]


def test_site_header_and_footer_on_every_page(client, home_page):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    nav = [a.get_text(strip=True) for a in soup.select("header nav[aria-label=Main] a")]
    assert nav == ["Careers", "Trainings", "Employers", "Search", "Sign in"]
    footer = soup.find("footer").get_text()
    assert "Health Workforce Collaborative" in footer
    assert "New York State" in footer
    assert soup.select_one("a.skip-link")["href"] == "#main"
    assert soup.html["lang"] == "en"


def test_demo_home_page_is_the_site_root(client):
    call_command("load_demo_content", stdout=StringIO())
    response = client.get("/")
    assert response.status_code == 200
    assert "Welcome to your new Wagtail site" not in response.content.decode()
    soup = BeautifulSoup(response.content, "html.parser")
    hrefs = [a["href"] for a in soup.select(".home-cards a")]
    assert hrefs == ["/careers/", "/trainings/", "/employers/"]
    careers = BeautifulSoup(client.get("/careers/").content, "html.parser")
    assert careers.select_one(".card a")["href"] == "/careers/care-coordination-and-care-management/"


def test_careers_index_with_no_careers_says_so(client, career_index):
    response = client.get("/careers/")
    assert "No careers have been published yet." in response.content.decode()
    CareerPageFactory(parent=career_index, title="Care Management")
    assert "No careers have been published yet." not in client.get("/careers/").content.decode()


MAIN_NAV_LINK = "header nav[aria-label=Main] a"


def test_header_marks_the_current_section_and_the_current_page_differently(client, career_index):
    page = CareerPageFactory(parent=career_index, slug="care-management")
    index_nav = BeautifulSoup(client.get("/careers/").content, "html.parser").select_one(
        "header nav[aria-label=Main] a"
    )
    assert index_nav["aria-current"] == "page"
    career_nav = BeautifulSoup(client.get(page.url).content, "html.parser").select_one(MAIN_NAV_LINK)
    assert career_nav["aria-current"] == "true"
