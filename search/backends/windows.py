"""Search results fetched a window at a time, with their count in the same query: shared by the SQLite and
PostgreSQL backends' `IndexedResults`.

modelsearch's results count with one query and fetch each slice with another. Here a slice's rows come with the
number of matches (a window function in the backend's `ranked_rows`), and every clone (slice) of one result shares
the count and the windows already fetched: a paginator's count() then its page's slice make one query, and a page
read ahead (`prefetch_page`, the API's paginator) is not read again. `sample(n)` counts and ranks only the first
`n` matches found.
"""


class WindowedResults:
    """Mixin for a modelsearch results class. The subclass gives `ranked_rows(offset, limit)`: rows of
    (primary key, number of matches) or (primary key, number of matches, score), best first."""

    def __init__(self, backend, query_compiler, prefetch_related=None, state=None):
        super().__init__(backend, query_compiler, prefetch_related=prefetch_related)
        # Shared by every slice of these results: the number of matches, the windows of objects fetched, the
        # sample size (None: every match), how many rows a count fetches with it.
        self.state = state if state is not None else {"count": None, "windows": [], "limit": None, "prefetch": 10}

    def _clone(self):
        new = self.__class__(self.backend, self.query_compiler, self.prefetch_related, state=self.state)
        new.start, new.stop, new._score_field = self.start, self.stop, self._score_field
        return new

    def sample(self, limit):
        """These results with only the first `limit` matches found counted and ranked (search.matching.capped):
        below `limit` the count and the ranking are exact. The subclass's `ranked_rows` honours state["limit"]."""
        new = self.__class__(self.backend, self.query_compiler, self.prefetch_related)
        new.state["limit"] = limit
        return new

    def ranked_rows(self, offset, limit):
        raise NotImplementedError

    def _fetch(self, offset, limit):
        state = self.state
        if state["limit"] is not None:
            limit = min(limit, state["limit"] - offset)
        rows = self.ranked_rows(offset, limit) if limit > 0 else []
        if rows or offset == 0:
            state["count"] = rows[0][1] if rows else 0
        ids = [row[0] for row in rows]
        by_pk = self.query_compiler.queryset.in_bulk(ids) if ids else {}
        objects = []
        for pk, _count, *score in rows:
            if pk in by_pk:
                by_pk[pk]._search_score = score[0] if score else None
                objects.append(by_pk[pk])
        state["windows"].append((offset, len(rows), objects))
        return objects

    def _cached(self, offset, limit):
        count = self.state["count"]
        for start, rows, objects in self.state["windows"]:
            reaches_end = count is not None and start + rows >= count
            if start <= offset and (offset + limit <= start + rows or reaches_end):
                return objects[offset - start : offset - start + limit]
        return None

    def prefetch_page(self, start, stop):
        """Read matches start..stop now, with the count (one query): a paginator that counts before it slices
        then finds both already read."""
        if self._cached(start, max(stop - start, 0)) is None:
            self._fetch(start, max(stop - start, 0))

    def total(self):
        """The number of matches of the unsliced results (fetched with the first rows)."""
        if self.state["count"] is None:
            self._fetch(0, max(self.state["prefetch"], 1))
        return self.state["count"]

    def _do_count(self):
        total = self.total()
        stop = total if self.stop is None else min(self.stop, total)
        return max(stop - self.start, 0)

    def _do_search(self):
        offset = self.start
        limit = max((self.total() if self.stop is None else self.stop) - offset, 0)
        cached = self._cached(offset, limit)
        objects = cached if cached is not None else self._fetch(offset, limit)
        if self._score_field:
            for obj in objects:
                setattr(obj, self._score_field, obj._search_score)
        return objects
