"""How queries are understood: stemming, prefixes, typos (PostgreSQL), any-word fallback."""

import pytest
from django.urls import reverse

from career_pages.models import CareerPage
from search.query import ALL, ANY, FUZZY, PREFIX, search_in_mode, search_with_fallback
from search.text import clean_query, light_stem, normalise_for_log

pytestmark = pytest.mark.django_db


def titles(results):
    return [obj.title for obj in results]


def careers():
    return CareerPage.objects.live()


def test_all_words_must_match_first(make_career):
    make_career("Care Coordinator")
    make_career("Care Navigator")
    results, mode = search_with_fallback(careers(), "care coordinator")
    assert (titles(results), mode) == (["Care Coordinator"], ALL)


def test_plural_finds_singular(make_career):
    make_career("Medical Assistant")
    results, mode = search_with_fallback(careers(), "assistants")
    assert titles(results) == ["Medical Assistant"]
    assert mode in (ALL, PREFIX)  # stemmed on PostgreSQL; a prefix match on SQLite without porter


@pytest.mark.search_capability("whole_words")
def test_prefix_match_when_nothing_matches_exactly(make_career):
    make_career("Care Coordinator")
    results, mode = search_with_fallback(careers(), "coord")
    assert (titles(results), mode) == (["Care Coordinator"], PREFIX)


@pytest.mark.search_capability("fuzzy")
def test_typos_are_tolerated_on_postgresql(make_career):
    make_career("Phlebotomy Technician")
    results, mode = search_with_fallback(careers(), "flebotomy")
    assert (titles(results), mode) == (["Phlebotomy Technician"], FUZZY)


@pytest.mark.search_capability("fuzzy")
def test_typo_results_are_matched_once_for_their_count_and_their_slices(make_career, django_assert_num_queries):
    make_career("Phlebotomy Technician")
    make_career("Phlebotomy Assistant")
    results = search_in_mode(careers(), clean_query("flebotomy"), FUZZY)
    assert results[:10].count() == 2  # a capped count (search.matching.capped): the typo matches, read once
    with django_assert_num_queries(2):  # shared by every slice, each of which reads its objects only
        assert len(results[:1]) == 1
        assert len(results[1:2]) == 1


def test_any_word_when_no_result_has_all(make_career):
    make_career("Community Health Worker")
    results, mode = search_with_fallback(careers(), "worker abcdefghij klmnopqrstu")
    assert (titles(results), mode) == (["Community Health Worker"], ANY)


def test_the_page_says_how_results_matched(client, make_career):
    make_career("Community Health Worker")
    html = client.get(reverse("search"), {"q": "worker abcdefghij klmnopqrstu"}).content.decode()
    assert "No results matched all of your words, so these match some of them." in html


def test_nothing_searchable():
    results, _mode = search_with_fallback(careers(), "<>--")
    assert results is None


def test_clean_query_removes_control_characters_and_limits_length():
    query = clean_query("nurse\x00\x07 care\u202e" + " x" * 300)
    assert query.text.startswith("nurse care x")
    assert "\x00" not in query.text
    assert len(query.text) <= 200
    assert query.shortened
    assert len(query.terms) == 12


def test_log_text_is_redacted():
    assert normalise_for_log("Call ME at (716) 555-0199 or me@x.org") == "call me at [number] or [email]"


@pytest.mark.parametrize(
    ("term", "stem"),
    [("assistants", "assistant"), ("nurses", "nurs"), ("nursing", "nurs"), ("therapies", "therap"), ("class", "class")],
)
def test_light_stem(term, stem):
    assert light_stem(term) == stem
