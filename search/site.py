"""One search box across careers, trainings, employers and the other pages.

Each kind of result is searched separately (so each gets a count and its own ranking) in
the same matching mode: the first mode in which any kind finds something.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy, npgettext
from wagtail.models import Page

from career_pages.models import CareerPage
from directory.employers.models import EmployerSnippet
from directory.trainings.models import TrainingPage
from home.page_locale import in_visitor_locale
from home.sections import section_url

from .matching import capped
from .query import ALL, modes, search_in_mode
from .synonyms import synonym_groups


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    noun_for: object  # count -> "career" / "careers", in the active language (ngettext)
    section: str = ""  # the kind's own search page (home.sections), which takes ?q=

    @property
    def singular(self):
        return self.noun_for(1)

    def queryset(self):
        return KIND_QUERYSETS[self.key]()

    def see_all_url(self, text):
        if self.section:
            return f"{section_url(self.section)}?{urlencode({'q': text})}"
        return f"{reverse('search')}?{urlencode({'q': text, 'kind': self.key})}"


def _careers():
    return in_visitor_locale(CareerPage.objects.live().public())


def _trainings():
    # The provider is shown under each result: one join rather than a query per result.
    return in_visitor_locale(TrainingPage.objects.live().public()).select_related("provider")


def _employers():
    return EmployerSnippet.objects.filter(live=True)


def _other_pages():
    # Not the careers and trainings (their own groups); the backend then reads only the other pages' entries.
    return in_visitor_locale(Page.objects.live().public().filter(depth__gt=1).not_type(CareerPage, TrainingPage))


KIND_QUERYSETS = {"careers": _careers, "trainings": _trainings, "employers": _employers, "pages": _other_pages}

KINDS = [
    Kind("careers", gettext_lazy("Careers"), lambda n: npgettext("search result", "career", "careers", n)),
    Kind(
        "trainings",
        gettext_lazy("Trainings"),
        lambda n: npgettext("search result", "training", "trainings", n),
        section="trainings",
    ),
    Kind(
        "employers",
        gettext_lazy("Employers"),
        lambda n: npgettext("search result", "employer", "employers", n),
        section="employers",
    ),
    Kind("pages", gettext_lazy("Other pages"), lambda n: npgettext("search result", "page", "pages", n)),
]
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass
class Group:
    kind: Kind
    results: object  # search results (sliceable, countable)
    count: int
    more: bool = False  # more matches than were counted (the count is the cap: "1,000+")

    @property
    def noun(self):
        # "1,000+" counts as many.
        return self.kind.noun_for(2 if self.more else self.count)

    @property
    def count_label(self):
        return f"{self.count:,}+" if self.more else f"{self.count:,}"


@dataclass
class SiteSearch:
    mode: str = ALL
    groups: list[Group] = field(default_factory=list)

    @property
    def total(self):
        return sum(group.count for group in self.groups)

    @property
    def more(self):
        return any(group.more for group in self.groups)

    @property
    def total_label(self):
        return f"{self.total:,}+" if self.more else f"{self.total:,}"

    def group(self, key):
        return next((group for group in self.groups if group.kind.key == key), None)


def site_search(query, kinds=None, cap=None, window=None):
    """Search every kind for `query` (a CleanQuery) in the first mode where anything matches.

    `cap`: count at most this many matches per kind ("1,000+", search.matching.capped).
    `window`: (offset, limit) of the results about to be shown, fetched first: a backend that counts
    while it ranks (this project's) then needs no second query for the count."""
    kinds = kinds or KINDS
    groups_by_synonym = synonym_groups()
    # Once per search, not per mode: public() reads the view restrictions each time it is called.
    querysets = {kind.key: kind.queryset() for kind in kinds}
    strict = None
    for mode in modes(query):
        groups = []
        for kind in kinds:
            results = search_in_mode(querysets[kind.key], query, mode, groups=groups_by_synonym)
            if results is None:
                continue
            try:
                if cap is not None:
                    results, count, more = capped(results, cap)
                else:
                    if window:
                        list(results[window[0] : window[0] + window[1]])
                    count, more = results.count(), False
            except NotImplementedError:  # the backend cannot run this mode (a typo-tolerant one)
                continue
            groups.append(Group(kind, results, count, more=more))
        search = SiteSearch(mode=mode, groups=groups)
        if search.total:
            return search
        strict = strict or search
    # Nothing anywhere: show the (empty) groups of the strict mode.
    return strict or SiteSearch()


def result_url(obj, request=None):
    if isinstance(obj, Page):
        return obj.get_url(request=request)
    for attribute in ("get_absolute_url", "get_url", "url"):
        value = getattr(obj, attribute, None)
        if callable(value):
            value = value()
        if value:
            return value
    return ""


SUMMARY_ATTRIBUTES = ("search_description", "summary", "intro", "description", "short_description")


def result_summary(obj, words=30):
    for attribute in SUMMARY_ATTRIBUTES:
        value = getattr(obj, attribute, None)
        if value and isinstance(value, str):
            return Truncator(" ".join(strip_tags(value).split())).words(words)
    return ""


def result_title(obj):
    return getattr(obj, "title", None) or getattr(obj, "name", None) or str(obj)


def result_meta(obj):
    """One short line under a training or employer: provider, credential, format, city."""
    parts = []
    provider = getattr(obj, "provider", None)
    if provider:
        parts.append(str(provider))
    for display in ("get_credential_display", "get_delivery_format_display"):
        method = getattr(obj, display, None)
        if callable(method) and method():
            parts.append(str(method()))
    city = getattr(obj, "city", "")
    if isinstance(city, str) and city:
        parts.append(city)
    return " · ".join(parts)
