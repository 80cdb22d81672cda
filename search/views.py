from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from wagtail.contrib.search_promotions.models import SearchPromotion

from home.throttling import throttled

from .analytics import record_search
from .matching import sampled
from .query import ALL, MODE_MESSAGES, autocomplete, search_in_mode
from .site import (
    KINDS,
    KINDS_BY_KEY,
    result_meta,
    result_summary,
    result_title,
    result_url,
    site_search,
)
from .synonyms import build_query, synonym_groups
from .text import MAX_QUERY_LENGTH, MAX_TERMS, clean_query, normalise_for_log

RESULTS_PER_GROUP = 5
# The grouped overview counts at most this many matches per group ("1,000+ employers";
# search.matching.capped): exact counts of 17,000 matching employers cost more than the rest of
# the page. The one-kind pages count exactly.
GROUP_COUNT_CAP = 1000
RESULTS_PER_PAGE = 10
SUGGESTIONS_PER_KIND = 4
MAX_SUGGESTIONS = 8
MIN_SUGGEST_LENGTH = 2
# Suggestions are the best of at most this many matches per kind (search.matching.capped).
SUGGEST_RANK_CAP = 100


def _items(objects, request):
    return [
        {
            "title": result_title(obj),
            "url": result_url(obj, request),
            "meta": result_meta(obj),
            "summary": result_summary(obj),
        }
        for obj in objects
    ]


def _promotions(query_text):
    """Editor's picks for this query (Settings > Promoted search results), live pages and links only."""
    return [
        {
            "title": pick.title,
            "url": pick.page.url if pick.page else pick.external_link_url,
            "description": pick.description,
        }
        for pick in SearchPromotion.objects.filter(query__query_string=query_text)
        .filter(Q(page__isnull=True) | Q(page__live=True))
        .select_related("page")
    ]


def _page_number(value):
    # Bounded: the offset goes to SQL (a page past the last one is then shown as the last page).
    try:
        return min(max(int(value), 1), 100_000)
    except (TypeError, ValueError):
        return 1


def _too_many_searches(request, seconds):
    return render(request, "search/throttled.html", {"retry_after": seconds}, status=429)


def _too_many_suggestions(request, seconds):
    message = ngettext(
        "Too many requests: try again in %(seconds)d second.",
        "Too many requests: try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}
    return JsonResponse({"message": message, "results": []}, status=429)


@never_cache
@throttled("search", "SEARCH_THROTTLE_RATE", _too_many_searches)
def search(request):
    """Search results page: grouped by kind, or one kind paginated with ?kind=…&page=…."""
    raw_query = request.GET.get("q", "")
    query = clean_query(raw_query)
    kind = KINDS_BY_KEY.get(request.GET.get("kind", ""))
    context = {
        "search_query": query.text,
        "query_shortened": query.shortened,
        "max_query_length": MAX_QUERY_LENGTH,
        "max_terms": MAX_TERMS,
        "nothing_searchable": bool(raw_query.strip()) and not query,
    }
    if query:
        kinds = KINDS
        if kind:
            # The requested page comes with the count: one ranking of the matches, not two.
            first = (_page_number(request.GET.get("page")) - 1) * RESULTS_PER_PAGE
            results = site_search(query, kinds=[kind], window=(first, RESULTS_PER_PAGE))
        else:
            results = site_search(query, kinds=kinds, cap=GROUP_COUNT_CAP)
        context["mode_message"] = MODE_MESSAGES.get(results.mode, "")
        context["total"] = results.total
        context["total_label"] = results.total_label
        if kind:
            group = results.group(kind.key)
            page = Paginator(group.results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
            context.update(kind=kind, group=group, page_obj=page, items=_items(page.object_list, request))
        else:
            context["groups"] = [
                {
                    "kind": group.kind,
                    "count": group.count,
                    "count_label": group.count_label,
                    "noun": group.noun,
                    "items": _items(group.results[:RESULTS_PER_GROUP], request),
                    "see_all_url": group.kind.see_all_url(query.text)
                    if group.count > RESULTS_PER_GROUP or group.more
                    else "",
                }
                for group in results.groups
            ]
            context["summary"] = [group for group in context["groups"] if group["count"]]
            context["promotions"] = _promotions(normalise_for_log(query.text))
            if "page" not in request.GET:
                # The first page of a new search: paging and "see all" are the same search.
                record_search(query.text, results.total)
    return render(request, "search/search.html", context)


@never_cache
@throttled("suggest", "SUGGEST_THROTTLE_RATE", _too_many_suggestions)
def suggest(request):
    """Suggestions as you type: {"query", "results": [{"title", "url", "kind", "kind_label"}]}.

    ?kind=trainings (or another kind) limits suggestions to one kind, for the finder pages.
    """
    query = clean_query(request.GET.get("q", ""))
    suggestions = []
    if query and len(query.text) >= MIN_SUGGEST_LENGTH:
        only = KINDS_BY_KEY.get(request.GET.get("kind", ""))
        kinds = [only] if only else KINDS
        groups = synonym_groups()
        search_query = build_query(query.terms, groups=groups, language=query.language)
        if search_query:
            # Titles starting with what was typed; when no title does, the best full-text matches
            # ("care coordinator" suggests "Care Coordination & Care Management").
            for find in (
                lambda kind: autocomplete(kind.queryset(), search_query),
                lambda kind: search_in_mode(kind.queryset(), query, ALL, groups=groups),
            ):
                for kind in kinds:
                    results = find(kind)
                    if results is None:
                        continue
                    for obj in sampled(results, SUGGEST_RANK_CAP + 1)[:SUGGESTIONS_PER_KIND]:
                        suggestions.append(
                            {"title": result_title(obj), "url": result_url(obj, request), "kind": kind.singular}
                        )
                    if len(suggestions) >= MAX_SUGGESTIONS:
                        break
                if suggestions:
                    break
    return JsonResponse({"query": query.text, "results": suggestions[:MAX_SUGGESTIONS]})
