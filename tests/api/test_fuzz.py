"""Property-based: random query strings at every endpoint never give a 5xx."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.fuzz_data import ENDPOINTS, PARAMETER_NAMES, fuzz_fixture_data

fuzz_settings = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

numbers = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
words = st.sampled_from(
    [
        "",
        "*",
        "_",
        "-title",
        "title(",
        "true",
        "0",
        "²",
        "١٢",
        "12207",
        "abc",
        "..",
        "%",
        "'",
        '"',
        "a,b",
        "random",
        "root",
    ]
)
values = st.one_of(numbers, words, st.text(max_size=40))
names = st.one_of(st.sampled_from(PARAMETER_NAMES), st.text(min_size=1, max_size=12))
query_pairs = st.lists(st.tuples(names, values), max_size=5)
raw_queries = st.text(max_size=60).map(lambda text: quote(text, safe="=&%+"))


def assert_no_server_error(client, url):
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code, response.content[:300])
    if response.status_code >= 400:
        assert "message" in response.json(), url


@pytest.fixture
def fuzz_data(db):
    return fuzz_fixture_data()


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS)
@fuzz_settings
@given(query=st.one_of(query_pairs.map(urlencode), raw_queries))
def test_random_query_strings_never_5xx(api_client, fuzz_data, endpoint, query):
    path = endpoint.format(**fuzz_data)
    separator = "&" if "?" in path else "?"
    assert_no_server_error(api_client, path + separator + query)
