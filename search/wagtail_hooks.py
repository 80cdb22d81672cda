from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SearchSynonym
from .reports import SearchQueryReportView


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = "Search synonyms"
    add_to_admin_menu = False
    list_display = ["term", "expansions"]
    ordering = ["term"]


register_snippet(SearchSynonymViewSet)


@hooks.register("register_admin_urls")
def register_site_search_report_urls():
    return [
        path("reports/site-searches/", SearchQueryReportView.as_view(), name="site_search_report"),
        path(
            "reports/site-searches/results/",
            SearchQueryReportView.as_view(results_only=True),
            name="site_search_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_site_search_report_menu_item():
    return MenuItem(
        "Site searches", reverse("site_search_report"), name="site-searches", icon_name="search", order=1310
    )
