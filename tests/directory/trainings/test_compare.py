"""The comparison at /trainings/compare/: 2–4 programs side by side, ids in the URL, kept in the session; bad,
unpublished and private ids dropped with a note, never an error."""

import re

import pytest
from wagtail.models import PageViewRestriction

from .factories import create_trainings
from .helpers import site_pages  # noqa: F401

pytestmark = pytest.mark.django_db
COMPARE = "/trainings/compare/"


@pytest.fixture
def four(site_pages):  # noqa: F811
    return create_trainings(
        [
            {"title": "Alpha", "cost": 0, "funding": ["wioa"], "employment_rate_q4": 80},
            {"title": "Beta", "cost": 2500, "funding": ["wioa"]},
            {"title": "Gamma", "cost": 900},
            {"title": "Delta", "cost": 100},
            {"title": "Epsilon", "cost": 50},
        ]
    )


def column_titles(html):
    return re.findall(r'<th scope="col"><a href="[^"]*">([^<]*)</a>', html)


def test_a_table_of_every_fact_with_differences_marked(client, four):
    ids = ",".join(str(t.pk) for t in four[:3])
    html = re.sub(r">\s+<", "><", client.get(COMPARE, {"ids": ids}).content.decode())
    assert column_titles(html) == ["Alpha", "Beta", "Gamma"]
    assert html.count("<h1") == 1
    assert '<th scope="row">Total cost <span class="compare__badge">differs</span></th>' in html
    assert "<td>Free</td><td>$2,500</td><td>$900</td>" in html
    assert '<tr><th scope="row">Credential</th><td>Certificate</td>' in html  # the same everywhere: not marked
    assert "<td>80%</td><td>Not reported</td><td>Not reported</td>" in html  # never 0
    for heading in ["At a glance", "Can I start?", "Cost and funding", "Support", "Outcomes"]:
        assert f'class="compare__group">{heading}</th>' in html


def test_at_most_four_and_bad_ids_are_notes(client, four):
    ids = ",".join(str(t.pk) for t in four)
    html = client.get(COMPARE, {"ids": ids}).content.decode()
    assert column_titles(html) == ["Alpha", "Beta", "Gamma", "Delta"]
    assert "You can compare up to 4 programs" in html
    for bad in ["abc,<script>", "-1", "99999999999999999999", "1,,," * 100, "%00"]:
        response = client.get(COMPARE, {"ids": bad})
        assert response.status_code == 200
        assert "<script>" not in response.content.decode()


def test_unpublished_and_private_trainings_are_dropped_with_a_note(client, four, site_pages):  # noqa: F811
    four[1].unpublish()
    PageViewRestriction.objects.create(page=four[2], restriction_type="password", password="x")
    html = client.get(COMPARE, {"ids": f"{four[0].pk},{four[1].pk},{four[2].pk},{four[3].pk}"}).content.decode()
    assert column_titles(html) == ["Alpha", "Delta"]
    assert "2 programs could not be shown" in html


def test_choices_are_kept_in_the_session_while_searching(client, four):
    assert client.get(COMPARE)["Location"] == "/trainings/"  # nothing chosen yet: the search
    response = client.get(COMPARE, {"add": four[0].pk, "next": "/trainings/?q=care"})
    assert response["Location"] == "/trainings/?q=care"
    client.get(COMPARE, {"add": four[1].pk, "next": "https://evil.example/"})  # not followed off the site
    html = client.get(COMPARE).content.decode()
    assert column_titles(html) == ["Alpha", "Beta"]
    assert f"?ids={four[0].pk},{four[1].pk}" in html  # the shareable link
    client.get(COMPARE, {"remove": four[0].pk})
    assert column_titles(client.get(COMPARE).content.decode()) == ["Beta"]
    assert "Choose at least one more program" in client.get(COMPARE).content.decode()


def test_cards_and_pages_have_a_compare_control(client, four):
    html = client.get("/trainings/").content.decode()
    assert f'href="/trainings/compare/?add={four[0].pk}&amp;next=%2Ftrainings%2F" rel="nofollow">Compare' in html
    html = client.get(four[0].url).content.decode()
    assert f"/trainings/compare/?add={four[0].pk}" in html
