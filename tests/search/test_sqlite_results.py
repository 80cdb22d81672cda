"""The site search and suggestions on SQLite read the FTS5 matches once (search/backends/sqlite.py
IndexedResults): the same results, order and count as modelsearch's SQLite backend, only rows of the
searched queryset, and no query that runs the full-text match again for each row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from career_pages.models import CareerPage
from directory.employers.models import EmployerSnippet
from search.backends import schema
from search.query import ALL, ANY, PREFIX, search_in_mode
from search.synonyms import build_query
from search.text import clean_query, light_stem
from tests.directory.employers.support import make_employer
from tests.search_capabilities import capabilities

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sqlite_backend_only(db):
    # Checked in the test, not at collection: the backend reads the database to know whether FTS5 is there.
    if connection.vendor != "sqlite" or "index" not in capabilities():
        pytest.skip("the FTS5 results are this project's SQLite backend's")


def _careers(make_career):
    make_career("Care Coordinator", intro="Coordinates care for patients and families.")
    make_career("Medical Assistant", intro="Assists in care coordination and care management.")
    make_career("Community Health Worker", intro="Connects people with care.")
    make_career("Care Manager", intro="Manages care plans; care coordination across a care team.")
    make_career("Phlebotomy Technician", intro="Draws blood.")
    make_career("Coordinated Care Navigator", intro="Care navigation.", live=False)


def _modelsearch_results(ours):
    """modelsearch's own results for the same compiler (not this project's)."""
    # Imported here: the module reads the FTS model, which only a SQLite database has.
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchResults

    return SQLiteSearchResults(get_search_backend(), ours.query_compiler)


@pytest.mark.parametrize(
    ("mode", "text", "expected"), [(ALL, "care", 4), (PREFIX, "care coord", 3), (ANY, "care blood", 5)]
)
def test_same_results_in_the_same_order_as_modelsearch(make_career, mode, text, expected):
    _careers(make_career)
    queryset = CareerPage.objects.live().public()

    ours = search_in_mode(queryset, clean_query(text), mode)

    assert type(ours).__name__ == "IndexedResults"
    theirs = _modelsearch_results(ours)
    assert ours.count() == theirs.count() == expected
    assert [page.pk for page in ours] == [page.pk for page in theirs]
    assert [page.pk for page in ours[1:3]] == [page.pk for page in theirs[1:3]]


def test_suggestions_in_the_same_order_as_modelsearch(make_career):
    _careers(make_career)
    backend = get_search_backend()

    ours = backend.autocomplete(build_query(["care", "co"], stem=light_stem), CareerPage.objects.live().public())

    theirs = _modelsearch_results(ours)
    assert [page.title for page in ours] == [page.title for page in theirs]
    assert {page.title for page in ours} == {"Care Coordinator", "Care Manager"} or len(ours) == theirs.count()


def test_scores_are_modelsearchs(make_career):
    _careers(make_career)
    ours = search_in_mode(CareerPage.objects.live().public(), clean_query("care coordination"), ALL)

    theirs = _modelsearch_results(ours)
    ours_scores = [(page.pk, round(page.score, 9)) for page in ours.annotate_score("score")]
    assert ours_scores == [(page.pk, round(page.score, 9)) for page in theirs.annotate_score("score")]


def test_only_rows_of_the_queryset(home):
    make_employer("Omega Hospital Partners")
    draft = make_employer("Omega Hospital Draft", publish=False)
    get_search_backend().add(draft)  # an index entry for the draft, as a bulk load would leave

    results = search_in_mode(EmployerSnippet.objects.filter(live=True), clean_query("omega hospital"), ALL)

    assert results.count() == 1
    assert [employer.name for employer in results] == ["Omega Hospital Partners"]


def _fts_scans(sql, params):
    """How many times the plan of `sql` reads the FTS5 table, and whether it correlates a subquery with it."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        details = [row[-1] for row in cursor.fetchall()]
    return sum(schema.FTS_TABLE in detail and "VIRTUAL TABLE" in detail for detail in details)


@pytest.mark.parametrize(
    "path",
    [("search", {"q": "kappa hospital"}), ("search_suggest", {"q": "kapp"}), ("search_suggest", {"q": "kappa ho"})],
)
def test_each_search_reads_the_full_text_matches_once(client, home, path):
    for number in range(6):
        make_employer(f"Kappa Hospital {number}")
    name, params = path
    client.get(reverse(name), params)  # warm caches (synonyms, sites)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name), params)

    assert response.status_code == 200
    assert "Kappa Hospital" in response.content.decode()
    searches = [query for query in queries.captured_queries if "MATCH" in query["sql"]]
    assert searches
    for query in searches:
        # Captured SQL has its parameters inlined; the plan is the same with them as literals.
        assert _fts_scans(query["sql"], []) == 1, query["sql"]
    # The employers of a group, their count and top results: one search; then the objects.
    assert len(searches) <= 4 * 2  # at most every kind in two modes (suggestions fall back to full text)


def test_a_sample_counts_and_ranks_only_the_first_matches_found(home):
    for number in range(5):
        make_employer(f"Lambda Hospital {number}")
    make_employer("Lambda Hospital Draft", publish=False)
    queryset = EmployerSnippet.objects.filter(live=True)
    results = search_in_mode(queryset, clean_query("lambda hospital"), ALL)

    sample = results.sample(3)

    assert sample.count() == 3
    # Three of the matches, the best first as in the whole results.
    sampled = {employer.pk for employer in sample}
    assert len(sampled) == 3 and sampled < {employer.pk for employer in results}
    assert [e.pk for e in results if e.pk in sampled] == [e.pk for e in sample]
    # Below the sample size, the count and the order are exact.
    assert results.sample(10).count() == results.count() == 5
    assert [e.pk for e in results.sample(10)] == [e.pk for e in results]
