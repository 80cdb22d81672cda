"""Property-based: whatever a visitor types into /employers/ or an API client sends as `search=`, never a 5xx.

Runs on the configured database (SQLite by default, PostgreSQL with DATABASE_URL) and search backend (CI's second
run: modelsearch's database.fallback)."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.directory.employers.support import make_employer

pytestmark = [pytest.mark.django_db, pytest.mark.search_backend]

fuzz_settings = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Full-text syntax of the backends (FTS5, tsquery, Lucene), quotes, whitespace, control characters and other scripts.
SYNTAX = [
    "",
    " ",
    "\t\n",
    '"',
    "'",
    '""',
    "*",
    "-",
    "^",
    ":",
    "(",
    ")",
    "()",
    "NEAR(",
    "AND",
    "OR NOT",
    "a OR",
    "title:care",
    "care*",
    "\\",
    "%",
    "_",
    "&",
    "|",
    "!",
    "<->",
    "~",
    "\x00",
    "é",
    "健康",
    "١٢",
    "care coordination",
    "hospital",
    "RN",
]
keywords = st.one_of(
    st.sampled_from(SYNTAX),
    st.lists(st.sampled_from(SYNTAX), min_size=1, max_size=5).map(" ".join),
    st.text(max_size=60),
)
values = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["10001", "12207", "00000", "1000", "-5", "0", "1e9", "250", "251", "25.5", "x", "hospital"]),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)


@pytest.fixture
def employers(directory_page):
    make_employer("Midtown Health Home", zip_code="10001", care_settings=["health-home"])
    make_employer("Harlem Community Hospital", zip_code="10027", care_settings=["hospital"], hiring_now=False)
    make_employer("Albany Care Partners", zip_code="12207", care_settings=["managed-care"])


def assert_no_server_error(response, params):
    assert response.status_code < 500, (params, response.status_code, response.content[:300])


@fuzz_settings
@given(q=keywords, near=values, radius=values, page=values, setting=values, sort=values)
@example(q="_", near="", radius="", page="", setting="", sort="")  # no search words: a match nothing can meet
def test_any_directory_search_answers_without_a_server_error(client, employers, q, near, radius, page, setting, sort):
    params = {"q": q, "near": near, "radius": radius, "page": page, "setting": setting, "sort": sort}
    response = client.get("/employers/", params)
    assert_no_server_error(response, params)
    assert response.status_code == 200
    assert_no_server_error(client.get("/employers/", {"q": q}), {"q": q})


@fuzz_settings
@given(search=keywords, near=st.one_of(st.just(None), values), offset=values)
def test_any_api_search_answers_without_a_server_error(client, employers, search, near, offset):
    params = {"search": search, "offset": offset}
    if near is not None:
        params["near"] = near
    response = client.get("/api/v2/employers/", params)
    assert_no_server_error(response, params)
    assert_no_server_error(client.get("/api/v2/employers/", {"search": search}), {"search": search})
