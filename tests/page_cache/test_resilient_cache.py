"""Redis is an accelerator: with Redis stopped or hung, the caches answer, log once, and catch up when it is back."""

import logging
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid

import pytest

from page_cache.backends import PrefixedRedisCache, ResilientRedisCache

FAST = {"socket_connect_timeout": 0.2, "socket_timeout": 0.2, "RETRY_SECONDS": 0.3}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(port):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    command = [binary, "--port", str(port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    return process


@pytest.fixture
def redis_server():
    """A Redis of the test's own, so that it can be stopped and hung without touching anyone else's."""
    port = free_port()
    process = start_redis(port)
    yield process, f"redis://127.0.0.1:{port}/0"
    if process.poll() is None:
        os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        process.wait(5)


def make_cache(url, backend=ResilientRedisCache):
    return backend(url, {"KEY_PREFIX": f"t-{uuid.uuid4().hex}", "OPTIONS": dict(FAST)})


def closed_port_url():
    return f"redis://127.0.0.1:{free_port()}/0"


def test_with_redis_stopped_the_default_cache_keeps_working_in_memory(caplog):
    cache = make_cache(closed_port_url())
    with caplog.at_level(logging.ERROR, logger="page_cache.backends"):
        cache.set("greeting", "hello", 30)
        assert cache.get("greeting") == "hello"
        assert cache.add("counter", 1, 30) is True
        assert cache.incr("counter") == 2
        assert cache.get_many(["greeting", "missing"]) == {"greeting": "hello"}
        assert cache.delete("greeting") is True
        assert cache.get("greeting", "gone") == "gone"
        assert cache.clear() is False
    failures = [record for record in caplog.records if "unavailable" in record.getMessage()]
    assert len(failures) == 1, "an outage is logged once, not per call"


def test_with_redis_stopped_the_page_cache_stores_nothing():
    cache = make_cache(closed_port_url(), backend=PrefixedRedisCache)
    cache.set("page", "html", 30)
    assert cache.get("page") is None
    assert cache.add("entries", 0, 30) is False
    with pytest.raises(ValueError):
        cache.incr("entries")


def test_an_outage_does_not_retry_redis_on_every_call(monkeypatch):
    cache = make_cache(closed_port_url())
    cache.get("anything")
    calls = []
    monkeypatch.setattr(cache, "_recover", lambda: calls.append(1))
    for _ in range(50):
        cache.get("anything")
    assert calls == [], "within RETRY_SECONDS of a failure, Redis is not tried again"


def test_a_hung_redis_costs_one_timeout_then_nothing(redis_server):
    process, url = redis_server
    cache = make_cache(url)
    cache.set("key", "value", 30)
    os.kill(process.pid, signal.SIGSTOP)
    try:
        cache.get("key")  # times out once
        assert not cache.available
        asked = []
        real_get_client = cache._cache.get_client
        cache._cache.get_client = lambda *args, **kwargs: asked.append(1) or real_get_client(*args, **kwargs)
        for _ in range(20):
            cache.get("key")
        assert asked == [], "after one timeout, calls do not wait on the hung Redis again"
    finally:
        os.kill(process.pid, signal.SIGCONT)


def test_deletes_missed_during_an_outage_are_replayed_when_redis_is_back(redis_server):
    process, url = redis_server
    cache = make_cache(url)
    cache.set("section-urls", "old", None)
    cache.set("kept", "still here", None)
    os.kill(process.pid, signal.SIGSTOP)
    try:
        cache.delete("section-urls")  # what a publish does; Redis does not hear it
        assert not cache.available
    finally:
        os.kill(process.pid, signal.SIGCONT)
    time.sleep(FAST["RETRY_SECONDS"] + 0.05)
    assert cache.get("section-urls") is None, "the old value must not come back"
    assert cache.get("kept") == "still here"
    assert cache.available


def test_a_page_cache_clear_missed_during_an_outage_is_replayed(redis_server):
    process, url = redis_server
    pages = make_cache(url, backend=PrefixedRedisCache)
    pages.set("/careers/", "old html", 600)
    os.kill(process.pid, signal.SIGSTOP)
    try:
        pages.clear()
    finally:
        os.kill(process.pid, signal.SIGCONT)
    time.sleep(FAST["RETRY_SECONDS"] + 0.05)
    assert pages.get("/careers/") is None


def test_redis_back_is_used_again_within_seconds(redis_server):
    process, url = redis_server
    cache = make_cache(url)
    process.terminate()
    process.wait(5)
    cache.set("key", "in memory", 30)
    assert cache.get("key") == "in memory"
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    restarted = start_redis(port)
    try:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            time.sleep(0.1)
            cache.set("key", "in redis", 30)
            if cache.available:
                break
        assert cache.available
        other_process_view = make_cache(url)
        other_process_view.key_prefix = cache.key_prefix
        assert other_process_view.get("key") == "in redis"
    finally:
        restarted.terminate()
        restarted.wait(5)
