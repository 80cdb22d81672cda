"""Per-client limits on the API, the search page and suggestions: 429 with Retry-After past them."""

from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import override_settings

from home.throttling import client_ip, parse_rate
from tests.api.conftest import get_json

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


@override_settings(API_THROTTLE_RATE="3/min")
@pytest.mark.parametrize("url", ["/api/v2/pages/", "/api/v2/employers/", "/api/v2/", "/api/v2/schema/"])
def test_the_api_answers_429_with_retry_after_past_the_limit(api_client, site_root, url, monkeypatch):
    # Mid-window, so the four requests never straddle two windows of the fixed-window counter.
    monkeypatch.setattr("home.throttling.time", SimpleNamespace(time=lambda: 1_800_000_030.0))
    for _ in range(3):
        assert api_client.get(url).status_code == 200
    response = api_client.get(url)
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert response.json() == {"message": "Request was throttled. Expected available in 30 seconds."}


@override_settings(API_THROTTLE_RATE="2/min")
def test_the_limit_is_per_client_address(api_client, site_root):
    for _ in range(2):
        get_json(api_client, "/api/v2/pages/", REMOTE_ADDR="198.51.100.1")
    assert api_client.get("/api/v2/pages/", REMOTE_ADDR="198.51.100.1").status_code == 429
    get_json(api_client, "/api/v2/pages/", REMOTE_ADDR="198.51.100.2")
    # Without a trusted proxy, X-Forwarded-For is the client's own word: it does not make a new client.
    spoofed = api_client.get("/api/v2/pages/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert spoofed.status_code == 429


@override_settings(API_THROTTLE_RATE="1/min", TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(api_client, site_root):
    proxy = "10.0.0.5"
    get_json(api_client, "/api/v2/pages/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert api_client.get("/api/v2/pages/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
    # A client that sends its own X-Forwarded-For: the proxy appends the address it saw, which counts.
    forged = "203.0.113.77, 203.0.113.1"
    assert api_client.get("/api/v2/pages/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forged).status_code == 429
    get_json(api_client, "/api/v2/pages/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.2")


@override_settings(SEARCH_THROTTLE_RATE="2/min")
def test_the_search_page_answers_429_with_a_page_that_says_so(client, site_root):
    for _ in range(2):
        assert client.get("/search/?q=care").status_code == 200
    response = client.get("/search/?q=care")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Too many searches" in html
    assert f"wait {response['Retry-After']} second" in html


@override_settings(SUGGEST_THROTTLE_RATE="2/min")
def test_suggestions_answer_429_in_json(client, site_root):
    for _ in range(2):
        assert client.get("/search/suggest/?q=care").status_code == 200
    response = client.get("/search/suggest/?q=care")
    assert response.status_code == 429
    assert response["Retry-After"]
    assert response.json()["results"] == []
    # Each limit counts on its own: the search page is still answered.
    assert client.get("/search/?q=care").status_code == 200


@override_settings(API_THROTTLE_RATE="1/min")
def test_when_the_cache_fails_requests_are_served(api_client, site_root, caplog):
    with mock.patch.object(cache, "incr", side_effect=ConnectionError("cache down")):
        for _ in range(3):
            get_json(api_client, "/api/v2/pages/")
    assert "request limit not checked" in caplog.text


@override_settings(API_THROTTLE_RATE="")
def test_an_empty_rate_is_no_limit(api_client, site_root):
    for _ in range(5):
        get_json(api_client, "/api/v2/pages/")


def test_rates_parse_like_drf_rates():
    assert parse_rate("120/min") == (120, 60)
    assert parse_rate("5/s") == (5, 1)
    assert parse_rate("1000/hour") == (1000, 3600)
    assert parse_rate("") is None
    with pytest.raises(ValueError, match="120/min"):
        parse_rate("lots")


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_client_ip_counts_trusted_proxies_from_the_right(rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5, 10.0.0.1")
    assert client_ip(request) == "203.0.113.5"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
