""" "Hiring now" is a status of the listing, a line of text: not a pill that reads as a second button."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .support import make_employer

pytestmark = pytest.mark.django_db


def _assert_plain_status(soup):
    (status,) = soup.select(".employer-status")
    assert status.name == "p"
    assert status.get_text(strip=True) == "Hiring now"
    assert not status.find(["a", "button", "img", "svg"])
    assert not soup.select(".employer-badge")
    save = soup.select_one(".save-button")
    assert save is not None
    # A line of its own ahead of the actions, not one of them.
    assert save not in status.descendants
    assert status.find_next(class_="save-button") is save
    return status, save


def test_card_shows_hiring_now_as_a_status_line(client, employer_directory):
    make_employer(name="Capital Care", hiring_now=True)
    make_employer(name="Quiet Clinic", hiring_now=False)
    soup = BeautifulSoup(client.get("/employers/").content, "html.parser")
    cards = {card.h3.get_text(strip=True): card for card in soup.select("article.employer-card")}
    _assert_plain_status(cards["Capital Care"])
    assert not cards["Quiet Clinic"].select(".employer-status")
    assert "Hiring now" not in cards["Quiet Clinic"].get_text()


def test_detail_page_shows_hiring_now_under_the_name_before_the_actions(client, employer_directory):
    employer = make_employer(name="Capital Care", hiring_now=True)
    soup = BeautifulSoup(client.get(f"/employers/{employer.slug}/").content, "html.parser")
    detail = soup.select_one(".employer-detail")
    status, _save = _assert_plain_status(detail)
    assert status.find_previous_sibling("h1").get_text(strip=True) == "Capital Care"


def test_status_style_is_plain_text_not_a_pill():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/employers.css")).read_text(encoding="utf-8")
    rule = css.split(".employer-status {", 1)[1].split("}", 1)[0]
    for pill_property in ("border", "border-radius", "background", "padding", "display"):
        assert f"{pill_property}:" not in rule
    assert ".employer-badge" not in css
