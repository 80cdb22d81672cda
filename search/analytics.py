"""Recording searches: Wagtail's per-query daily hits (used by editor's picks and its "Search
terms" report) and our daily log of result counts (the "Site searches" report)."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from .models import SearchQueryLog
from .text import normalise_for_log


def record_search(text, result_count, date=None):
    """Count one search for `text` that found `result_count` results. Stores no personal data."""
    query = normalise_for_log(text)
    if not query:
        return
    date = date or timezone.localdate()
    Query.get(query).add_hit(date=date)
    no_results = 1 if result_count == 0 else 0
    counters = {
        "searches": F("searches") + 1,
        "zero_result_searches": F("zero_result_searches") + no_results,
        "last_result_count": result_count,
    }
    if SearchQueryLog.objects.filter(query=query, date=date).update(**counters):
        return
    try:
        with transaction.atomic():
            SearchQueryLog.objects.create(
                query=query, date=date, searches=1, zero_result_searches=no_results, last_result_count=result_count
            )
    except IntegrityError:
        # Another request created today's row first.
        SearchQueryLog.objects.filter(query=query, date=date).update(**counters)
