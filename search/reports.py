"""Reports > Site searches: what visitors search for most, and what found nothing."""

import django_filters
from django.db.models import Max, Sum
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView

from .models import SearchQueryLog

ALL_SEARCHES, FOUND_NOTHING = "", "nothing"


class SearchQueryReportFilterSet(WagtailFilterSet):
    date = django_filters.DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)
    found = django_filters.ChoiceFilter(
        label="Show",
        choices=[(FOUND_NOTHING, "Only searches that found nothing")],
        empty_label="All searches",
        method="filter_found",
    )

    class Meta:
        model = SearchQueryLog
        fields = []

    def filter_found(self, queryset, name, value):
        # Applied after the daily rows are summed up, in SearchQueryReportView.get_queryset.
        return queryset


class SearchQueryReportView(ReportView):
    page_title = "Site searches"
    header_icon = "search"
    filterset_class = SearchQueryReportFilterSet
    index_url_name = "site_search_report"
    index_results_url_name = "site_search_report_results"
    is_searchable = False
    default_ordering = "-searches"
    paginate_by = 50
    columns = [
        Column("query", label="Search", sort_key="query"),
        NumberColumn("searches", label="Searches", sort_key="searches"),
        NumberColumn("no_results", label="Found nothing (times)", sort_key="no_results"),
        NumberColumn("last_result_count", label="Results (latest)"),
        Column("last_searched", label="Last searched", sort_key="last_searched"),
    ]
    list_export = ["query", "searches", "no_results", "last_result_count", "last_searched"]
    export_headings = {
        "query": "Search",
        "searches": "Searches",
        "no_results": "Found nothing (times)",
        "last_result_count": "Results (latest)",
        "last_searched": "Last searched",
    }

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "queryset": SearchQueryLog.objects.all()}

    def get_queryset(self):
        rows = self.filter_queryset(SearchQueryLog.objects.all())
        # "Results (latest)": the count on the last day the query was searched in the period.
        latest = rows.order_by("-date")
        queryset = rows.values("query").annotate(
            searches=Sum("searches"),
            no_results=Sum("zero_result_searches"),
            last_searched=Max("date"),
        )
        if self.filters and self.filters.is_valid() and self.filters.form.cleaned_data.get("found") == FOUND_NOTHING:
            queryset = queryset.filter(no_results__gt=0)
        self._latest_counts = latest
        return self.order_queryset(queryset)

    def get_filtered_queryset(self):
        return self.get_queryset()  # filtered before the daily rows are summed

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        tiebreak = "query" if ordering != "query" else "-searches"
        return queryset.order_by(ordering, tiebreak)

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        latest = {}
        for query, count in self._latest_counts.filter(query__in=[row["query"] for row in rows]).values_list(
            "query", "last_result_count"
        ):
            latest.setdefault(query, count)
        for row in rows:
            row["last_result_count"] = latest.get(row["query"], 0)
        return rows
