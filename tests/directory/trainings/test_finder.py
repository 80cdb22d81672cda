"""The program finder at /trainings/finder/: one question a page, back and skip, errors tied to the field, and the
answers as an ordinary training search URL."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from .factories import create_trainings
from .helpers import site_pages  # noqa: F401
from .test_search import result_titles

pytestmark = pytest.mark.django_db
FINDER = "/trainings/finder/"


def h1s(response):
    return re.findall(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)


def test_each_step_has_one_h1_and_a_progress_line(client, site_pages):  # noqa: F811
    response = client.get(FINDER)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(h1s(response)) == 1 and "Which career are you interested in?" in h1s(response)[0]
    assert "Question 1 of 6" in html
    assert 'value="care-coordination-and-care-management"' in html
    assert 'value="back"' not in html  # nothing to go back to
    response = client.get(FINDER, {"step": "1", "go": "next", "career": "care-coordination-and-care-management"})
    html = response.content.decode()
    assert "Question 2 of 6" in html and len(h1s(response)) == 1
    assert 'name="career" value="care-coordination-and-care-management"' in html  # carried as a hidden field
    assert 'value="back"' in html


def test_walk_through_back_and_skip_to_a_search_url(client, site_pages):  # noqa: F811
    answers = {"career": "care-coordination-and-care-management"}
    response = client.get(FINDER, {"step": "2", "go": "next", "start_with": "high-school", **answers})
    assert "Question 3 of 6" in response.content.decode()
    answers["start_with"] = "high-school"
    response = client.get(FINDER, {"step": "3", "go": "back", **answers})
    assert "Question 2 of 6" in response.content.decode()
    assert 'value="high-school" checked' in response.content.decode()  # the answer is kept going back
    response = client.get(FINDER, {"step": "3", "go": "skip", "time": "full-time", **answers})
    assert "Question 4 of 6" in response.content.decode()
    steps = [("4", {"cost": "funded"}), ("5", {"where": "in-person"})]
    for step, answer in steps:
        answers.update(answer)
        client.get(FINDER, {"step": step, "go": "next", **answers})
    response = client.get(FINDER, {"step": "6", "go": "next", "near": "12207", **answers})
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path == "/trainings/"
    assert parse_qs(url.query) == {
        "career": ["care-coordination-and-care-management"],
        "start_with": ["high-school"],
        "funding": ["free", "wioa"],
        "format": ["in-person", "hybrid"],
        "near": ["12207"],
    }


def test_a_bad_answer_is_an_error_tied_to_the_field(client, site_pages):  # noqa: F811
    response = client.get(FINDER, {"step": "6", "go": "next", "near": "99999"})
    html = response.content.decode()
    assert response.status_code == 200 and "Question 6 of 6" in html
    assert 'id="finder-error"' in html and "5-digit New York ZIP code" in html
    assert re.search(
        r'<input id="finder-near"[^>]*aria-describedby="finder-hint finder-error"[^>]*aria-invalid="true"', html
    )
    response = client.get(FINDER, {"step": "2", "go": "next", "start_with": "<script>"})
    assert "Choose one of the options" in response.content.decode() and "<script>" not in response.content.decode()


@pytest.mark.parametrize("query", [{"step": "99"}, {"step": "-1"}, {"step": "x", "go": "fly"}, {"career": "nope" * 50}])
def test_bad_query_strings_never_fail(client, site_pages, query):  # noqa: F811
    response = client.get(FINDER, query)
    assert response.status_code == 200 and "Question 1 of 6" in response.content.decode()


def test_finder_results_say_why_each_program_matches(client, site_pages):  # noqa: F811
    create_trainings(
        [
            {"title": "Aide", "cost": 0, "entry_requirement": "high-school", "funding": ["wioa"]},
            {"title": "Nurse Residency", "cost": 0, "entry_requirement": "licence"},
        ]
    )
    answers = {"start_with": "high-school", "cost": "funded", "near": "12207"}
    response = client.get(FINDER, {"step": "6", "go": "next", **answers})
    results = client.get(response["Location"])
    assert result_titles(results) == ["Aide"]
    assert "Starts with a diploma or GED · Free · WIOA-eligible · 0.0 miles away" in results.content.decode()
