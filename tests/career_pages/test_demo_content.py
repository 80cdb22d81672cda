import re
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Page, Site

from career_pages.models import CareerIndexPage, CareerPage
from home.models import HomePage

pytestmark = pytest.mark.django_db

COPY = Path(__file__).resolve().parents[2] / "career_pages" / "fixtures" / "cm-prototype-scrolling.txt"
CAREER_URL = "/careers/care-coordination-and-care-management/"


def normalize(text):
    """Compare words, not typography: ellipses, dashes and whitespace may differ."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\.{2,}", "...", text).replace("–", "-").replace("—", "-")
    return " ".join(text.split())


def copy_lines():
    lines = []
    for raw in COPY.read_text(encoding="utf-8").splitlines():
        line = raw.strip().lstrip("•").strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def load_demo():
    call_command("load_demo_content", stdout=StringIO())


def test_the_copy_kept_in_the_project_is_the_prototype():
    lines = copy_lines()
    assert lines[1] == "Care Coordination & Care Management"
    assert "RN Case Manager" in lines
    assert lines[-1].startswith("Having a HWcollab account")
    assert len(lines) == 56


def test_demo_career_page_shows_every_line_of_the_prototype_copy_in_order(client):
    load_demo()
    response = client.get(CAREER_URL)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    main = soup.find("main")
    breadcrumb = main.select_one("nav.breadcrumb")
    # The copy's first line is the prototype's own breadcrumb ("Home > CM Prototype – Scrolling", its file name):
    # the real breadcrumb starts at Home and ends with this page.
    assert breadcrumb.get_text(" ", strip=True).startswith("Home")
    for nav in main.find_all("nav"):
        nav.decompose()  # compare against the content itself, not navigation that repeats headings
    text = normalize(main.get_text(" "))
    lines = copy_lines()
    assert lines[0].startswith("Home >")
    position = 0
    for line in lines[1:]:
        found = text.find(normalize(line), position)
        assert found >= 0, f"missing or out of order: {line!r}"
        position = found + len(normalize(line))


def test_demo_fills_the_lists_the_copy_lost(client):
    load_demo()
    soup = BeautifulSoup(client.get(CAREER_URL).content, "html.parser")
    assert len(soup.select(".quick-facts__checklist li")) >= 4
    assert len(soup.select(".comparison__shared li")) >= 4
    items = [ul.select("li") for ul in soup.select(".list-section__items")]
    assert [len(found) >= 6 for found in items] == [True, True]
    where = " ".join(li.get_text() for li in items[1])
    for setting in ("Hospitals", "Primary care", "Health Homes", "Managed care", "Community-based organizations"):
        assert setting in where


def test_demo_get_started_cards_jump_to_the_get_trained_and_get_employed_sections(client):
    load_demo()
    soup = BeautifulSoup(client.get(CAREER_URL).content, "html.parser")
    cards = {a.select_one(".action-card__label").get_text(): a["href"] for a in soup.select("a.action-card")}
    assert cards == {"Training & Education": "#get-trained", "Search Local Employers": "#get-employed"}
    assert soup.select_one("#get-trained h2").get_text() == "Get Trained"
    assert soup.select_one("#get-employed h2").get_text() == "Get Employed"
    assert soup.select_one('#get-trained a[href="/trainings/"]')
    assert soup.select_one('#get-employed a[href="/employers/"]')


def test_demo_not_sure_calls_to_action_open_the_finder_and_the_comparison(client):
    from directory.trainings.models import TrainingPage

    load_demo()
    soup = BeautifulSoup(client.get(CAREER_URL).content, "html.parser")
    buttons = {
        cta.select_one(".cta__text p").get_text(): (cta.select_one("a.cta__button").get_text(), cta.a["href"])
        for cta in soup.select(".cta")
        if cta.select_one(".cta__text p") and cta.select_one("a.cta__button")
    }
    assert buttons["Not sure what program is best for you?"] == ("Find a training program", "/trainings/finder/")
    assert buttons["Not sure what training program is best for you?"] == (
        "Compare training programs",
        "/trainings/compare/",
    )
    assert client.get("/trainings/finder/").status_code == 200
    # Nothing chosen yet: the button opens the search.
    assert client.get("/trainings/compare/")["Location"] == "/trainings/"
    two = list(TrainingPage.objects.live().order_by("title")[:2])
    for training in two:
        client.get("/trainings/compare/", {"add": training.pk})
    table = BeautifulSoup(client.get("/trainings/compare/").content, "html.parser").select_one("table.compare__table")
    assert [th.a.get_text() for th in table.select('thead th[scope="col"]')] == [t.title for t in two]
    assert table.select_one('tbody th[scope="row"]')


def test_demo_content_is_idempotent_and_replaces_the_welcome_page(client):
    load_demo()
    load_demo()
    for language in ("en", "es"):  # one of each, in English and in Spanish
        assert HomePage.objects.filter(locale__language_code=language).count() == 1
        assert CareerIndexPage.objects.filter(locale__language_code=language).count() == 1
        assert CareerPage.objects.filter(locale__language_code=language).count() == 1
        assert Page.objects.filter(depth=2, locale__language_code=language).count() == 1
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage
    assert client.get("/").status_code == 200
    assert CareerPage.objects.get(locale__language_code="en").url == CAREER_URL
    assert CareerPage.objects.get(locale__language_code="en").live


def test_demo_career_page_is_valid_as_an_editor_would_save_it():
    load_demo()
    page = CareerPage.objects.get(locale__language_code="en")
    page.full_clean()
    page.body.stream_block.clean(page.body)
    assert page.job_titles() == [
        "Care Coordinator",
        "Community Care Coordinator",
        "Patient Care Coordinator",
        "Clinical Care Coordinator",
        "Care Manager",
        "Nurse Care Manager",
        "Complex Care Manager",
        "Health Home Care Manager",
        "Case Manager",
        "RN Case Manager",
    ]


def test_demo_body_api_representation_is_structured_json():
    import json

    load_demo()
    page = CareerPage.objects.get(locale__language_code="en")
    data = json.loads(json.dumps(page.body.stream_block.get_api_representation(page.body)))
    sections = {section["value"]["anchor"]: section["value"]["content"] for section in data}
    assert list(sections)[:2] == ["get-started", "quick-facts"]
    cards = sections["get-started"][0]["value"]["cards"]
    assert cards[0]["link"] == {"type": "anchor", "url": "#get-trained", "page": None}
    roles = sections["quick-facts"][0]["value"]["roles"]
    assert roles[0]["pay"]["min"] == 16 and roles[0]["pay"]["period"] == "hour"
    assert roles[1]["pay"]["max"] == 60000 and roles[1]["pay"]["period"] == "year"
    definitions = [b["value"] for b in sections["definitions-and-job-titles"] if b["type"] == "definition"]
    assert [job["title"] for job in definitions[1]["job_titles"]][-1] == "RN Case Manager"
