"""Clearing the page cache in Redis leaves every other key alone (Django's clear() is FLUSHDB)."""

import os
import uuid

import pytest

from page_cache.backends import PrefixedRedisCache

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_client():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


def test_clear_removes_only_the_page_cache_keys(redis_client):
    prefix = f"test-pages-{uuid.uuid4().hex}"
    other_key = f"test-other-{uuid.uuid4().hex}"
    cache = PrefixedRedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    redis_client.set(other_key, "session data", ex=60)
    try:
        cache.set("page-a", "html a")
        cache.set("page-b", "html b")
        assert cache.get("page-a") == "html a"
        assert cache.clear() is True
        assert cache.get("page-a") is None
        assert cache.get("page-b") is None
        assert redis_client.get(other_key) == b"session data"
    finally:
        redis_client.delete(other_key)
