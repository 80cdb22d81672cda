"""A Redis cache whose clear() empties only its own keys.

Django's RedisCache.clear() runs FLUSHDB, which would also wipe sessions,
rate-limit counters and every other cache sharing the database. The page cache
is cleared on every publish, so it must only drop the keys under its prefix.
"""

from django.core.cache.backends.redis import RedisCache


class PrefixedRedisCache(RedisCache):
    def clear(self):
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
