"""Property-based: whatever a visitor or API client types into a search never gives a 5xx, on every backend and
database (the CI runs these on SQLite, PostgreSQL and the fallback backend). The trainings' `search=` is covered
with the training search."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

generated = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What full-text syntaxes (FTS5, tsquery, Lucene) read as operators, and what breaks naive parsing.
SYNTAX = [
    *"\"'*^:()[]{}+-~!&|<>\\/%_?.,;@#$=`",
    "AND",
    "OR",
    "NOT",
    "NEAR(",
    "NEAR/2",
    "{title}:",
    "title:",
    ":*",
    "<->",
    "--",
    "/*",
    "\u202e",
    "\ufeff",
    "\u0000",
    "\x1b[31m",
]
PAGE_TYPE = "career_pages.CareerPage"
WORDS = ["care", "nurse", "coord", "hospital", "café", "naïve", "enfermera", "看護", "١٢", "²", "RN", "CHW"]

pieces = st.one_of(
    st.sampled_from(SYNTAX),
    st.sampled_from(WORDS),
    st.text(max_size=12),  # any unicode, control characters included
    st.sampled_from([" ", "\t", "\n", "\r\n", "\u00a0", "\u3000"]),
)
typed = st.one_of(
    st.lists(pieces, max_size=12).map("".join),
    st.text(max_size=300),
    st.sampled_from(["", " ", "\t\n", "care " * 200, "a" * 5000, '"' * 300, "(" * 300]),
)


def assert_no_server_error(client, url, params):
    response = client.get(url, params)
    assert response.status_code < 500, (url, params, response.status_code, response.content[:300])
    return response


@pytest.fixture
def content(make_career):
    make_career("Care Coordinator", "Coordinates care for patients.")
    make_career("Registered Nurse (RN)", "Nurses in hospitals & clinics.")
    make_career("Enfermería: café naïve", "Unicode text.")


@generated
@given(q=typed)
@example(q='"')
@example(q="care*")
@example(q="NEAR(care nurse)")
@example(q="{title}: care")
@example(q="care AND")
@example(q="\x00")
def test_search_page(client, content, q):
    assert_no_server_error(client, reverse("search"), {"q": q})
    assert_no_server_error(client, reverse("search"), {"q": q, "kind": "careers", "page": "2"})


@generated
@given(q=typed)
@example(q="c'")
@example(q="care:*")
def test_suggestions(client, content, q):
    response = assert_no_server_error(client, reverse("search_suggest"), {"q": q})
    assert isinstance(response.json()["results"], list)


@generated
@given(q=typed, operator=st.sampled_from([None, "and", "or"]), page_type=st.sampled_from([None, PAGE_TYPE]))
@example(q='"', operator=None, page_type=None)
@example(q="care -", operator="or", page_type=PAGE_TYPE)
def test_api_pages_search(client, content, q, operator, page_type):
    params = {"search": q}
    if operator:
        params["search_operator"] = operator
    if page_type:
        params["type"] = page_type
    response = assert_no_server_error(client, "/api/v2/pages/", params)
    if response.status_code >= 400:
        assert "message" in response.json()
