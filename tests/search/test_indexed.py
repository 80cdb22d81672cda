"""The site search reads each kind's index entries directly on PostgreSQL (search/backends/postgres.py; on SQLite
search/backends/sqlite.py): the same results and order as Wagtail's backend, only live objects, and at most a cap
counted per group in the grouped overview."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from career_pages.models import CareerPage
from directory.employers.models import EmployerSnippet
from search import views
from search.backends.postgres import IndexedResults, PrefixQueryCompiler
from search.matching import capped
from search.query import ALL, PREFIX, search_in_mode
from search.synonyms import build_query
from search.text import clean_query, light_stem
from tests.directory.employers.support import make_employer
from tests.search_capabilities import capabilities

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql" or "index" not in capabilities(),
    reason="the index entry path is this project's PostgreSQL backend's",
)


@pytest.fixture
def _database_backend_only(db):
    # The windowed, sampled results of this project's SQLite and PostgreSQL backends (search/backends/windows.py).
    # Checked in the test, not at collection: the SQLite backend reads the database to know whether FTS5 is there.
    if connection.vendor not in ("postgresql", "sqlite") or "index" not in capabilities():
        pytest.skip("the windowed results are this project's database backends'")


database_backend_only = pytest.mark.usefixtures("_database_backend_only")


def overview(client, q):
    return " ".join(client.get(reverse("search"), {"q": q}).content.decode().split())


def test_draft_and_pending_employers_never_appear_though_indexed(client, home):
    make_employer("Zeta Hospital Partners")
    draft = make_employer("Zeta Hospital Draft", publish=False)
    # An index entry for the draft, as an earlier published version or a bulk load would leave.
    get_search_backend().add(draft)

    html = overview(client, "zeta hospital")

    assert "1 result for “zeta hospital”: 1 employer." in html
    assert "Zeta Hospital Partners" in html
    assert "Zeta Hospital Draft" not in html
    suggestions = client.get(reverse("search_suggest"), {"q": "zeta"}).json()["results"]
    assert [item["title"] for item in suggestions] == ["Zeta Hospital Partners"]


@postgres_only
@pytest.mark.parametrize(("mode", "text"), [(ALL, "care"), (PREFIX, "care coord")])
def test_same_results_in_the_same_order_as_wagtails_backend(make_career, mode, text):
    make_career("Care Coordinator", intro="Coordinates care.")
    make_career("Medical Assistant", intro="Assists in care coordination and care management.")
    make_career("Community Health Worker", intro="Connects people with care.")
    make_career("Phlebotomy Technician", intro="Draws blood.")
    queryset = CareerPage.objects.live().public()
    query = clean_query(text)
    from modelsearch.backends.database.postgres.postgres import PostgresSearchResults

    backend = get_search_backend()
    compiler_class = backend.query_compiler_class if mode == ALL else PrefixQueryCompiler
    compiler = compiler_class(queryset, build_query(query.terms, stem=light_stem if mode == PREFIX else None))
    wagtails = PostgresSearchResults(backend, compiler)  # modelsearch's own results, not ours

    ours = search_in_mode(queryset, query, mode)

    assert isinstance(ours, IndexedResults)
    assert ours.count() == wagtails.count() == (3 if mode == ALL else 2)
    assert [page.pk for page in ours] == [page.pk for page in wagtails]


@database_backend_only
def test_group_count_is_capped_and_said_so(client, home, monkeypatch):
    monkeypatch.setattr(views, "GROUP_COUNT_CAP", 2)
    for number in range(3):
        make_employer(f"Sigma Hospital {number}")
    make_employer("Sigma Hospital Draft", publish=False)

    html = overview(client, "sigma")

    assert "2+ results for “sigma”: 2+ employers." in html
    assert '<span class="search-group__count">(2+)</span>' in html
    assert "See all 2+ employers" in html
    assert html.count('class="search-result"') == 2
    # One kind, exact.
    one_kind = " ".join(client.get(reverse("search"), {"q": "sigma", "kind": "employers"}).content.decode().split())
    assert "3 employers for “sigma”." in one_kind
    assert one_kind.count('class="search-result"') == 3


@database_backend_only
def test_one_query_per_group_for_its_count_and_top_results(client, home, django_assert_max_num_queries):
    for number in range(8):
        make_employer(f"Tau Hospital {number}")
    client.get(reverse("search"), {"q": "tau"})  # warm caches (synonyms, sites)
    queryset = EmployerSnippet.objects.filter(live=True)
    results = search_in_mode(queryset, clean_query("tau"), ALL)
    with django_assert_max_num_queries(2):  # the ranked ids with their count, then the objects
        shown, count, more = capped(results, 1000)
        assert (count, more) == (8, False)
        assert len(shown[:5]) == 5


@database_backend_only
@pytest.mark.parametrize("page", ["2", "99999999999999999999"])
def test_one_kind_page_comes_with_its_count_in_one_ranking(client, home, page):
    for number in range(12):
        make_employer(f"Upsilon Hospital {number}")
    client.get(reverse("search"), {"q": "upsilon"})  # warm caches (synonyms, sites)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search"), {"q": "upsilon", "kind": "employers", "page": page})

    html = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "12 employers for “upsilon”." in html
    assert "Page 2 of 2" in html
    assert html.count('class="search-result"') == 2
    rankings = [query for query in queries.captured_queries if "wagtailsearch_indexentry" in query["sql"]]
    # A page past the last one: a second ranking for the last page; otherwise one for count and page.
    assert len(rankings) == (1 if page == "2" else 3)
