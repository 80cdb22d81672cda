import json

import pytest
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.models import SearchQueryLog

pytestmark = pytest.mark.django_db


def get_search(client, **params):
    return client.get(reverse("search"), params)


@pytest.mark.search_capability("whole_words")
def test_results_grouped_by_kind_with_counts(client, make_career):
    make_career("Care Coordination & Care Management", "Coordinate care for patients with complex needs.")
    make_career("Medical Assistant in primary care", "Support clinicians in outpatient care.")

    response = get_search(client, q="care")

    assert response.status_code == 200
    html = response.content.decode()
    assert "2 results for “care”: 2 careers." in " ".join(html.split())
    assert '<h2 id="search-group-careers">Careers <span class="search-group__count">(2)</span></h2>' in html
    assert "Care Coordination &amp; Care Management" in html
    assert "Coordinate care for patients with complex needs." in html


def test_search_page_is_never_cached(client, make_career):
    make_career("Medical Assistant")
    for params in ({}, {"q": "assistant"}, {"q": "assistant", "kind": "careers", "page": "2"}):
        cache_control = get_search(client, **params)["Cache-Control"]
        assert "private" in cache_control
        assert "no-store" in cache_control
    assert "no-store" in client.get(reverse("search_suggest"), {"q": "med"})["Cache-Control"]


def test_draft_pages_are_not_found(client, make_career):
    make_career("Phlebotomy Technician", live=False)
    response = get_search(client, q="phlebotomy")
    assert "No results found for “phlebotomy”." in response.content.decode()


def test_see_all_link_and_paginated_kind(client, make_career):
    for number in range(12):
        make_career(f"Nurse role {number}")

    response = get_search(client, q="nurse")
    html = response.content.decode()
    assert html.count('class="search-result"') == 5
    assert 'href="/search/?q=nurse&amp;kind=careers">See all 12 careers' in html

    page_two = get_search(client, q="nurse", kind="careers", page="2").content.decode()
    assert page_two.count('class="search-result"') == 2
    assert "Page 2 of 2" in page_two
    assert 'href="?q=nurse&amp;kind=careers&amp;page=1" rel="prev"' in page_two


def test_hits_are_recorded_once_per_search(client, make_career):
    make_career("Medical Assistant")

    get_search(client, q="Medical  ASSISTANT")
    get_search(client, q="medical assistant")
    get_search(client, q="medical assistant", kind="careers", page="1")  # paging the same search
    get_search(client, q="zzzz")

    assert Query.get("medical assistant").hits == 2
    log = SearchQueryLog.objects.get(query="medical assistant")
    assert (log.searches, log.zero_result_searches, log.last_result_count) == (2, 0, 1)
    nothing = SearchQueryLog.objects.get(query="zzzz")
    assert (nothing.searches, nothing.zero_result_searches, nothing.last_result_count) == (1, 1, 0)


def test_personal_data_is_not_logged(client, home):
    get_search(client, q="jane.doe@example.org 716-555-0199 nurse")
    assert list(SearchQueryLog.objects.values_list("query", flat=True)) == ["[email] [number] nurse"]
    assert not Query.objects.filter(query_string__contains="example.org").exists()


def test_editors_picks_stand_above_results(client, make_career):
    career = make_career("Care Coordination & Care Management")
    make_career("Care Navigator")
    query = Query.get("care coordinator")
    SearchPromotion.objects.create(query=query, page=career, description="Start here.", sort_order=0)
    SearchPromotion.objects.create(
        query=query, external_link_url="https://example.org/guide", external_link_text="NYS guide", sort_order=1
    )

    html = get_search(client, q="Care Coordinator").content.decode()

    picks = html.index('id="search-picks-heading"')
    assert picks < html.index('id="search-group-careers"')
    assert html.index(f'href="{career.url}"') > picks
    assert "Start here." in html
    assert '<a href="https://example.org/guide">NYS guide</a>' in html


@pytest.mark.parametrize(
    "query",
    [
        "nurse" * 2000,  # 10,000 characters
        "<script>alert('x')</script> nurse",
        "'; DROP TABLE wagtailcore_page; -- nurse",
        "nurse\x00\x01\x1b[31m",
        '"unbalanced (quote* AND OR NOT NEAR nurse',
        "%s %(x)s {} nurse",
        "\u202enurse\u200b",
    ],
)
def test_bad_input_gives_a_clear_page(client, make_career, query):
    make_career("Registered Nurse")
    response = get_search(client, q=query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "\x00" not in html
    suggest = client.get(reverse("search_suggest"), {"q": query})
    assert suggest.status_code == 200
    assert "results" in json.loads(suggest.content)


def test_long_query_is_shortened_and_said_so(client, make_career):
    make_career("Registered Nurse")
    html = get_search(client, q="nurse " * 2000).content.decode()
    assert "Your search was long, so only its first 200 characters" in html
    assert "Registered Nurse" in html


@pytest.mark.parametrize("query", ["", "   ", "<>!!--", "\x00\x00"])
def test_empty_or_wordless_query(client, home, query):
    response = get_search(client, q=query)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="q"' in html
    if query.strip(" "):
        assert "Enter a word to search for" in html
    assert SearchQueryLog.objects.count() == 0


@pytest.mark.parametrize("params", [{"page": "abc"}, {"page": "999"}, {"page": "-1"}, {"kind": "bogus"}, {"kind": ""}])
def test_bad_paging_parameters(client, make_career, params):
    make_career("Registered Nurse")
    response = get_search(client, q="nurse", kind=params.get("kind", "careers"), page=params.get("page", "1"))
    assert response.status_code == 200
    assert "Registered Nurse" in response.content.decode()


@pytest.mark.search_capability("whole_words")
def test_suggest_returns_titles_urls_and_kinds(client, make_career):
    career = make_career("Care Coordination & Care Management")
    make_career("Medical Assistant")

    data = client.get(reverse("search_suggest"), {"q": "car"}).json()

    assert data["query"] == "car"
    assert data["results"] == [
        {"title": career.title, "url": career.url, "kind": "career"},
        {"title": "Careers", "url": "/careers/", "kind": "page"},
    ]


def test_suggest_needs_two_characters(client, make_career):
    make_career("Care Coordination & Care Management")
    assert client.get(reverse("search_suggest"), {"q": "c"}).json()["results"] == []


def test_header_has_a_search_form_that_works_without_javascript(client, home):
    html = client.get("/no-such-page/").content.decode()
    assert 'id="header-search-q"' in html
    assert 'action="/search/"' in html
    assert 'data-search-suggest="/search/suggest/"' in html


def test_suggest_falls_back_to_full_text_when_no_title_starts_so(client, make_career):
    career = make_career("Care Coordination & Care Management", intro="Work as a patient navigator or care manager.")
    make_career("Medical Assistant")

    data = client.get(reverse("search_suggest"), {"q": "patient navigator"}).json()

    assert data["results"] == [{"title": career.title, "url": career.url, "kind": "career"}]


def test_suggest_can_be_limited_to_one_kind(client, make_career):
    make_career("Care Coordination & Care Management")
    data = client.get(reverse("search_suggest"), {"q": "car", "kind": "pages"}).json()
    assert data["results"] == [{"title": "Careers", "url": "/careers/", "kind": "page"}]
