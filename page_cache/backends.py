"""Redis caches that the site can live without.

Redis is an accelerator here, never a dependency: `ResilientRedisCache` answers every call even when Redis is
stopped or hangs. The first failure is logged (once per outage and process) and, for `RETRY_SECONDS`, calls go
to a fallback without trying Redis again, so an outage costs no request a timeout:

- the default cache (`"FALLBACK": "memory"`) falls back to a small cache in this process's memory, kept for at
  most `FALLBACK_MAX_SECONDS`. Rate-limit counters keep counting there, per worker process, so limits hold (each
  worker counts on its own, so a limit is at most as many times looser as there are workers) until Redis is back;
- the page cache (`"FALLBACK": "none"`) stores nothing and finds nothing: pages are rendered (slower, never
  stale).

Deletions and clears that could not reach Redis are replayed when it answers again, before anything is read
from it, so that nothing cleared during the outage comes back. `clear()` removes only the keys under the cache's
own prefix: Django's RedisCache.clear() runs FLUSHDB, which would also drop every other cache sharing the
database (the page cache is cleared on every publish).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_SECONDS = 2.0
FALLBACK_MAX_SECONDS = 60
FALLBACK_MAX_ENTRIES = 2000
# Beyond this many deletions missed during one outage, the whole cache is cleared when Redis is back.
MAX_REPLAYED_DELETES = 1000


class _Outage:
    """What one process knows about one Redis cache's availability."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.down_since = None
        self.missed_deletes = set()
        self.missed_clear = False


class ResilientRedisCache(RedisCache):
    _outages = {}
    _outages_lock = threading.Lock()

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        fallback = options.pop("FALLBACK", "memory")
        self.retry_seconds = float(options.pop("RETRY_SECONDS", RETRY_SECONDS))
        params["OPTIONS"] = options
        super().__init__(server, params)
        if fallback == "memory":
            self._fallback = LocMemCache(
                f"redis-fallback:{server}:{self.key_prefix}", {"OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES}}
            )
        elif fallback == "none":
            self._fallback = None
        else:
            raise ValueError(f"FALLBACK must be 'memory' or 'none', not {fallback!r}")
        outage_key = (str(server), self.key_prefix)
        with self._outages_lock:
            self._outage = self._outages.setdefault(outage_key, _Outage())

    # -- availability -------------------------------------------------------------------------

    @property
    def available(self):
        """False while this process treats Redis as down (after a failure, for RETRY_SECONDS)."""
        return time.monotonic() >= self._outage.down_until

    def _went_down(self, error):
        outage = self._outage
        with outage.lock:
            first = outage.down_since is None
            if first:
                outage.down_since = time.monotonic()
            outage.down_until = time.monotonic() + self.retry_seconds
        if first:
            logger.error(
                "Redis cache %s (prefix %r) is unavailable (%s); serving without it until it answers again.",
                self._servers[0],
                self.key_prefix,
                error,
            )

    def _recover(self):
        """Replay what the outage missed, then use Redis again. Raises if Redis is still down."""
        outage = self._outage
        with outage.lock:
            if outage.down_since is None:
                return
            if outage.missed_clear:
                self._clear_prefix()
            elif outage.missed_deletes:
                self._cache.delete_many(list(outage.missed_deletes))
            # A successful call too: the replay alone may have had nothing to send.
            self._cache.get_client(None, write=True).ping()
            seconds = time.monotonic() - outage.down_since
            outage.down_since = None
            outage.missed_deletes = set()
            outage.missed_clear = False
            if self._fallback is not None:
                self._fallback.clear()
        logger.warning("Redis cache %s is back after %.0f s.", self._servers[0], seconds)

    def _use(self, operation, fallback):
        """operation() on Redis, or fallback() when Redis is down or fails now."""
        if not self.available:
            return fallback()
        try:
            if self._outage.down_since is not None:
                self._recover()
            return operation()
        except REDIS_FAILURES as error:
            self._went_down(error)
            return fallback()

    def _missed_delete(self, keys):
        outage = self._outage
        with outage.lock:
            outage.missed_deletes.update(keys)
            if len(outage.missed_deletes) > MAX_REPLAYED_DELETES:
                outage.missed_clear = True
                outage.missed_deletes = set()

    def _fallback_timeout(self, timeout):
        timeout = self.get_backend_timeout(timeout)
        return FALLBACK_MAX_SECONDS if timeout is None else min(timeout, FALLBACK_MAX_SECONDS)

    # -- the cache API ------------------------------------------------------------------------

    def get(self, key, default=None, version=None):
        def fallback():
            return default if self._fallback is None else self._fallback.get(key, default, version)

        return self._use(lambda: super(ResilientRedisCache, self).get(key, default, version), fallback)

    def get_many(self, keys, version=None):
        def fallback():
            return {} if self._fallback is None else self._fallback.get_many(keys, version)

        return self._use(lambda: super(ResilientRedisCache, self).get_many(keys, version), fallback)

    def has_key(self, key, version=None):
        def fallback():
            return False if self._fallback is None else self._fallback.has_key(key, version)

        return self._use(lambda: super(ResilientRedisCache, self).has_key(key, version), fallback)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        def fallback():
            if self._fallback is None:
                return False
            return self._fallback.add(key, value, self._fallback_timeout(timeout), version)

        return self._use(lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), fallback)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        def fallback():
            if self._fallback is not None:
                self._fallback.set(key, value, self._fallback_timeout(timeout), version)

        return self._use(lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), fallback)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        def fallback():
            if self._fallback is not None:
                self._fallback.set_many(data, self._fallback_timeout(timeout), version)
            return []

        return self._use(lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), fallback)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        def fallback():
            if self._fallback is None:
                return False
            return self._fallback.touch(key, self._fallback_timeout(timeout), version)

        return self._use(lambda: super(ResilientRedisCache, self).touch(key, timeout, version), fallback)

    def incr(self, key, delta=1, version=None):
        def fallback():
            if self._fallback is None:
                raise ValueError(f"Key '{key}' not found.")
            return self._fallback.incr(key, delta, version)

        return self._use(lambda: super(ResilientRedisCache, self).incr(key, delta, version), fallback)

    def delete(self, key, version=None):
        def fallback():
            self._missed_delete([self.make_and_validate_key(key, version=version)])
            return False if self._fallback is None else self._fallback.delete(key, version)

        return self._use(lambda: super(ResilientRedisCache, self).delete(key, version), fallback)

    def delete_many(self, keys, version=None):
        def fallback():
            self._missed_delete([self.make_and_validate_key(key, version=version) for key in keys])
            if self._fallback is not None:
                self._fallback.delete_many(keys, version)

        return self._use(lambda: super(ResilientRedisCache, self).delete_many(keys, version), fallback)

    def clear(self):
        def fallback():
            with self._outage.lock:
                self._outage.missed_clear = True
            if self._fallback is not None:
                self._fallback.clear()
            return False

        return self._use(self._clear_prefix, fallback)

    def _clear_prefix(self):
        client = self._cache.get_client(None, write=True)
        pattern = f"{self.key_prefix}:*" if self.key_prefix else "*"
        deleted = 0
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                deleted += client.unlink(*batch)
                batch = []
        if batch:
            deleted += client.unlink(*batch)
        return bool(deleted)


class PrefixedRedisCache(ResilientRedisCache):
    """The page cache's backend (the name settings have always used): nothing to fall back to when Redis is down."""

    def __init__(self, server, params):
        params = dict(params)
        params["OPTIONS"] = {"FALLBACK": "none", **(params.get("OPTIONS") or {})}
        super().__init__(server, params)
