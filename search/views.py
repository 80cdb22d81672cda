from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

MAX_QUERY_LENGTH = 200


def search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    page_number = request.GET.get("page", 1)
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
        Query.get(query).add_hit()
    paginator = Paginator(results, 10)
    try:
        results_page = paginator.page(page_number)
    except (PageNotAnInteger, EmptyPage):
        results_page = paginator.page(1)
    response = render(request, "search/search.html", {"search_query": query, "search_results": results_page})
    response["Cache-Control"] = "private, no-store"
    return response
