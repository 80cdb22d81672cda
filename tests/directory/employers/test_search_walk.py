"""The employer search's walk of a radius (directory/employers/search.py, `walking`): common words near a ZIP code
are checked row by row until count_cap + 1 match. Whatever the path, visitors see the same results and counts."""

import pytest
from django.db import connection
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from directory.employers import search as employer_search
from directory.employers.forms import EmployerSearchForm
from directory.employers.models import EmployerSnippet
from search.matching import match_estimate, ranked_pks, row_match
from tests.directory.employers.support import make_employer
from tests.directory.employers.test_search import result_names
from tests.directory.employers.test_search_fuzz import assert_no_server_error, fuzz_settings, keywords

pytestmark = [pytest.mark.django_db, pytest.mark.search_backend]


def walks_here():
    return row_match(EmployerSnippet.objects.all(), "hospital") is not None


@pytest.fixture(params=["index", "walk", "bounded-walk"])
def path(request, monkeypatch):
    """The three ways a search near a ZIP code can read words: the index (every match), a walk of the radius, and a
    walk that meets its bound (two rows) first and goes back to the index."""
    if request.param != "index":
        if not walks_here():
            pytest.skip("this search backend offers no row-by-row match (search.matching.row_match)")
        # The planner's estimates of a handful of rows say "few": as if the directory were large.
        monkeypatch.setattr(employer_search, "WALK_MIN_FRACTION", 0.0)
        monkeypatch.setattr(employer_search, "match_estimate", lambda queryset, query: (10**6, 10**6))
    if request.param == "bounded-walk":
        monkeypatch.setattr(employer_search, "WALK_MAX_ROWS", 2)
    return request.param


def search_for(query_string):
    return employer_search.EmployerSearch(EmployerSearchForm(QueryDict(query_string)).valid_values())


@pytest.fixture
def hospitals(directory_page, monkeypatch):
    # TEXT_COUNT_CAP is 1,000: three rows stand in for it.
    monkeypatch.setattr(employer_search, "TEXT_COUNT_CAP", 3)
    make_employer("Penn Hospital", zip_code="10001", care_settings=["hospital"], hiring_now=False)
    make_employer("Chelsea Hospital", zip_code="10011", care_settings=["hospital", "fqhc"], hiring_now=False)
    make_employer("Harlem Hospital", zip_code="10027", care_settings=["fqhc"])
    make_employer("Brooklyn Hospital", zip_code="11201", care_settings=["fqhc"])
    make_employer("Bronx Hospital", zip_code="10451", care_settings=["hospital"])
    make_employer("Penn Clinic", zip_code="10001", care_settings=["fqhc"])  # no match for the words
    make_employer("Albany Hospital", zip_code="12207")  # outside the radius


def test_the_search_walks_only_where_chosen(hospitals, path):
    search = search_for("q=hospital&near=10001&radius=10")
    assert search.walking == (path != "index")
    search.total  # noqa: B018 - the counts read the first rows
    assert search.walking == (path == "walk")  # a walk that met its bound went back to the index


def test_beyond_the_cap_the_total_and_the_hiring_count_say_more(client, hospitals, path):
    html = client.get("/employers/", {"q": "hospital", "near": "10001", "radius": "10"}).content.decode()
    assert "3+ employers within 10 miles of 10001" in html
    # Three of the five are hiring: counted exactly, the hiring rows being walked first.
    assert 'Hiring now <span class="filter-count">(3)</span>' in html
    assert '<label for="setting-hospital">Hospital</label>' in html  # no care setting counts beyond the cap
    assert result_names(html) == ["Penn Hospital", "Chelsea Hospital", "Brooklyn Hospital"]  # nearest first
    make_employer("Queens Hospital", zip_code="11101")
    html = client.get("/employers/", {"q": "hospital", "near": "10001", "radius": "10"}).content.decode()
    assert 'Hiring now <span class="filter-count">(3+)</span>' in html


def test_under_the_cap_every_count_is_exact(client, hospitals, path):
    html = client.get("/employers/", {"q": "hospital", "near": "10001", "radius": "3"}).content.decode()
    assert "2 employers within 3 miles of 10001" in html
    assert result_names(html) == ["Penn Hospital", "Chelsea Hospital"]
    assert 'Hospital <span class="filter-count">(2)</span>' in html
    assert 'Hiring now <span class="filter-count">(0)</span>' in html


def test_filters_on_a_walk_count_their_rows(client, hospitals, path):
    params = {"q": "hospital", "near": "10001", "radius": "10"}
    html = client.get("/employers/", {**params, "setting": "fqhc"}).content.decode()
    assert "3 employers within 10 miles of 10001" in html
    assert result_names(html) == ["Chelsea Hospital", "Brooklyn Hospital", "Harlem Hospital"]
    assert 'Hiring now <span class="filter-count">(2)</span>' in html  # the setting applies to the hiring count
    html = client.get("/employers/", {**params, "hiring": "1"}).content.decode()
    assert "3 employers within 10 miles of 10001" in html
    assert result_names(html) == ["Brooklyn Hospital", "Harlem Hospital", "Bronx Hospital"]


def test_pages_nearest_first_by_name_and_by_relevance_hold_each_match_once(client, hospitals, path, monkeypatch):
    monkeypatch.setattr("directory.employers.views.RESULTS_PER_PAGE", 2)
    params = {"q": "hospital", "near": "10001", "radius": "10"}
    for sort, expected in [
        ("distance", ["Penn Hospital", "Chelsea Hospital", "Brooklyn Hospital"]),
        ("name", ["Bronx Hospital", "Brooklyn Hospital", "Chelsea Hospital"]),
    ]:
        pages = [client.get("/employers/", {**params, "sort": sort, "page": page}).content.decode() for page in "12"]
        assert [name for html in pages for name in result_names(html)] == expected
    # Best match ranks a sample: the first count_cap + 1 matches found, of which the pages show count_cap.
    pages = [client.get("/employers/", {**params, "sort": "relevance", "page": page}).content.decode() for page in "12"]
    shown = [name for html in pages for name in result_names(html)]
    assert len(shown) == 3 and len(set(shown)) == 3
    assert set(shown) <= {"Penn Hospital", "Chelsea Hospital", "Harlem Hospital", "Brooklyn Hospital", "Bronx Hospital"}


def test_a_walk_ranks_what_it_found_as_the_backend_ranks(hospitals, path):
    make_employer("Hospital Hospital Center", zip_code="10001")
    make_employer("Penn Partners", zip_code="10001", description="A partner of the hospital.", job_titles=[])
    search = search_for("q=hospital&near=10001&radius=10&sort=relevance")
    shown = [employer.pk for employer in search.results_source()[0:3]]
    assert len(shown) == 3 and search.more
    if not search.walking:
        return  # the index's sample is another one: its ranking is test_search.py's
    found = EmployerSnippet.objects.filter(pk__in=[pk for pk, _rank in search.walk_found])
    assert shown == ranked_pks(found, "hospital", 0, 3)  # the best of the matches found, as the backend ranks them


def test_a_page_inside_the_nearest_point_is_read_by_name(client, hospitals, path, monkeypatch):
    monkeypatch.setattr("directory.employers.views.RESULTS_PER_PAGE", 2)
    make_employer("Alpha Penn Hospital", zip_code="10001")
    make_employer("Zeta Penn Hospital", zip_code="10001", hiring_now=False)
    params = {"q": "hospital", "near": "10001", "radius": "10"}
    pages = [client.get("/employers/", {**params, "page": page}).content.decode() for page in "12"]
    # The nearest point holds the first page: its rows by name. The count stops at the cap (three), and so do the
    # pages: the second holds the third row.
    assert "3+ employers within 10 miles of 10001" in pages[0]
    assert result_names(pages[0]) == ["Alpha Penn Hospital", "Penn Hospital"]
    assert result_names(pages[1]) == ["Zeta Penn Hospital"]


def test_the_api_pages_a_walk_nearest_first(client, hospitals, path):
    response = client.get("/api/v2/employers/", {"search": "hospital", "near": "10001", "radius": "10", "limit": 2})
    assert response.status_code == 200
    names = [item["name"] for item in response.json()["items"]]
    assert names == ["Penn Hospital", "Chelsea Hospital"]  # nearest first


@fuzz_settings
@given(
    q=keywords,
    radius=st.sampled_from(["5", "25", "100"]),
    sort=st.sampled_from(["distance", "name", "relevance", "verified"]),
    hiring=st.sampled_from(["", "1"]),
    setting=st.sampled_from(["", "fqhc"]),
)
def test_any_words_on_a_walk_answer_without_a_server_error(client, hospitals, path, q, radius, sort, hiring, setting):
    params = {"q": q, "near": "10001", "radius": radius, "sort": sort, "hiring": hiring, "setting": setting}
    response = client.get("/employers/", params)
    assert_no_server_error(response, params)
    assert response.status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's statistics are PostgreSQL's")
def test_the_match_estimate_follows_the_planner_statistics(directory_page):
    for index in range(30):
        make_employer(f"Hospital {index}" if index % 3 == 0 else f"Clinic {index}", description="", job_titles=[])
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {EmployerSnippet._meta.db_table}")
    everyone = EmployerSnippet.objects.filter(name__contains=" ")
    matches, rows = match_estimate(everyone, "hospital")
    assert 25 <= rows <= 35 and 6 <= matches <= 15  # ten of thirty
    matches, rows = match_estimate(everyone.filter(hiring_now=False), "hospital")
    assert matches <= 1  # none of them is not hiring
