"""Property-based: whatever a visitor or an API client types into the training search is valid input.

Generated keywords, ZIP codes, costs and page numbers on /trainings/, and generated `search=` values on the API's
trainings listing, never answer a 5xx, on every search backend and database (CI runs these on SQLite and
PostgreSQL, and again with another search backend: the `search_backend` marker).
"""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .factories import create_trainings
from .helpers import site_pages  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.search_backend]

fuzz_settings = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What full-text query syntaxes (FTS5, tsquery, Lucene) and SQL read as operators, and text around them.
syntax = st.sampled_from(
    [
        '"',
        "'",
        "*",
        "-",
        "^",
        ":",
        "(",
        ")",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "&",
        "|",
        "!",
        "<->",
        "\\",
        "%",
        "_",
        "care",
        "coordination",
        "nurse",
        " ",
        "\t",
        "\n",
        "\u00a0",
        "\u3000",
        "é",
        "١٢",
        "😀",
        "\x00",
    ]
)
keywords = st.one_of(
    st.text(max_size=60),
    st.lists(syntax, max_size=8).map("".join),
    st.lists(syntax, max_size=8).map(" ".join),
)
numbers = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=12),
)
zip_codes = st.one_of(
    st.sampled_from(["12207", "10001", "00000", "1220", "12207-1234", " 14202 "]), st.text(max_size=12)
)


@pytest.fixture
def trainings(site_pages):  # noqa: F811
    career = site_pages["career"].slug
    create_trainings(
        [
            {"title": "Care Coordination Certificate", "related_careers": [career], "languages": ["en", "es"]},
            {"title": "Nurse Case Manager", "zip_code": "10001", "city": "New York", "cost": 2500},
            {"title": "Online Care Basics", "delivery_format": "online", "zip_code": "", "city": "", "cost": 0},
        ],
    )
    return site_pages


@fuzz_settings
@given(q=keywords, near=zip_codes, max_cost=numbers, page=numbers, sort=st.sampled_from(["", "distance", "cost", "x"]))
def test_generated_searches_on_the_page_never_fail(client, trainings, q, near, max_cost, page, sort):
    query = urlencode({"q": q, "near": near, "max_cost": max_cost, "page": page, "sort": sort})
    response = client.get(f"/trainings/?{query}")
    assert response.status_code == 200, (query, response.status_code)


@fuzz_settings
@given(q=keywords, radius=st.sampled_from(["", "5", "25", "100", "abc"]))
def test_generated_keywords_near_a_zip_code_never_fail(client, trainings, q, radius):
    query = urlencode({"q": q, "near": "12207", "radius": radius})
    response = client.get(f"/trainings/?{query}")
    assert response.status_code == 200, (query, response.status_code)


@fuzz_settings
@given(search=keywords, near=st.sampled_from(["", "12207"]), order=st.sampled_from(["", "title", "-cost"]))
def test_generated_api_searches_never_fail(client, trainings, search, near, order):
    params = {"type": "trainings.TrainingPage", "search": search}
    if near:
        params["near"] = near
    elif order:
        params["order"] = order
    response = client.get(f"/api/v2/pages/?{urlencode(params)}")
    assert response.status_code in (200, 400), (params, response.status_code, response.content[:300])
    if response.status_code == 400:
        assert "message" in response.json()
