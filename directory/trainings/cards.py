"""Training cards: what a search result or a featured training shows, read from the database as plain values.

A card needs a dozen columns of a training, its provider's name, its URL and (in search results) its careers'
titles. Loading TrainingPage objects for that cost more than the rest of a results page at 10,000 trainings: a page
object initializes every field of Page and TrainingPage and its child relations, its careers are page objects too,
and `{% pageurl %}` reverses a URL per card. Cards are read in one query (two with the careers), and their URLs
are derived from their parent's URL (reversed once per parent, normally the one /trainings/ page).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import quote

from django.conf import settings
from django.utils import dateformat
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from directory import geo
from directory.trainings.models import (
    Credential,
    DeliveryFormat,
    SupportService,
    TrainingFacts,
    TrainingPage,
)

CREDENTIAL_LABELS = dict(Credential.choices)
FORMAT_LABELS = dict(DeliveryFormat.choices)
FUNDING_SHORT_LABELS = [
    ("wioa", _("WIOA-eligible")),
    ("financial-aid", _("Financial aid")),
    ("employer-paid", _("Employer-paid")),
    ("apprenticeship", _("Earn while you learn")),
]
# The columns a card reads; the provider's name comes through a join (values() names it "provider__name").
CARD_COLUMNS = [
    "pk",
    "title",
    "slug",
    "url_path",
    "live",
    "provider__name",
    "credential",
    "delivery_format",
    "cost",
    "length_value",
    "length_unit",
    "city",
    "state",
    "latitude",
    "longitude",
    "funding",
    "support_services",
    "entry_requirement",
    "next_start",
    "employment_rate_q4",
]


@dataclass
class TrainingCard(TrainingFacts):
    """One training as its card shows it ({% training_card %}, directory/trainings/templatetags/training_tags.py)."""

    pk: int
    title: str
    slug: str
    url_path: str
    live: bool
    provider_name: str | None
    credential: str
    delivery_format: str
    cost: object
    length_value: int | None
    length_unit: str
    city: str
    state: str
    latitude: float | None
    longitude: float | None
    funding: list = field(default_factory=list)
    support_services: list = field(default_factory=list)
    entry_requirement: str = ""
    next_start: object = None
    employment_rate_q4: int | None = None
    url: str | None = None
    careers: list = field(default_factory=list)  # titles of the live related careers, by title
    distance_miles: float | None = None  # set by a search near a ZIP code
    reasons: list = field(default_factory=list)  # why it matches the search's filters (set_reasons)

    # What a card lists, for the actions apps add to it (directory/hooks.py): a card saves the training itself.
    plan_kind = "training"

    @property
    def credential_label(self):
        return CREDENTIAL_LABELS.get(self.credential, self.credential)

    @property
    def format_label(self):
        return FORMAT_LABELS.get(self.delivery_format, self.delivery_format)

    @property
    def distance_label(self):
        """The distance in miles to one decimal, rounded half up as the floatformat filter rounds ("4.2")."""
        if self.distance_miles is None:
            return ""
        return str(Decimal(repr(self.distance_miles)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))

    def set_reasons(self, params):
        """Why this training matches the filters of `params` (a search's), in the order a visitor asks: can I
        start, can I pay, what support, when, how far ("Starts with a diploma or GED · WIOA-eligible · 12 miles
        away")."""
        reasons = []
        if params.get("start_with") and self.starts_with_label:
            reasons.append(self.starts_with_label)
        if params.get("funding"):
            chosen, funding = set(params["funding"]), set(self.funding)
            free = self.cost is not None and self.cost == 0
            if "free" in chosen and free:
                reasons.append(gettext("Free"))
            if "free" in chosen and not free:
                chosen.add("employer-paid")  # fully funded by the employer
            reasons += [label for value, label in FUNDING_SHORT_LABELS if value in chosen and value in funding]
        if params.get("support"):
            support = dict(SupportService.choices)
            reasons += [support[v] for v in params["support"] if v in self.support_services and v in support]
        if params.get("starts") and self.next_start:
            reasons.append(
                gettext("Starts %(date)s")
                % {"date": dateformat.format(self.next_start, pgettext("date format of a day in this year", "F j"))}
            )
        if params.get("near"):
            if self.is_online:
                reasons.append(gettext("Online"))
            elif self.distance_miles is not None:
                reasons.append(gettext("%(miles)s miles away") % {"miles": self.distance_label})
        self.reasons = reasons

    def set_distance(self, origin):
        """The straight-line distance from `origin` (a geo.ZipInfo), for a program with a place (not online)."""
        self.distance_miles = None
        if origin and self.latitude is not None and not self.is_online:
            self.distance_miles = geo.distance_miles(origin.latitude, origin.longitude, self.latitude, self.longitude)


def training_cards(queryset, ids=None, request=None, with_careers=False):
    """Cards of the trainings of `queryset`: those whose ids are `ids`, in that order (ids not in the queryset are
    left out), or without `ids`, the queryset's rows in its order (slice it first). One query, and one more
    `with_careers`, however many cards."""
    if ids is not None:
        if not ids:
            return []
        queryset = queryset.filter(pk__in=ids).order_by()
    cards = [TrainingCard(*row) for row in queryset.values_list(*CARD_COLUMNS)]
    if ids is not None:
        by_id = {card.pk: card for card in cards}
        cards = [by_id[pk] for pk in ids if pk in by_id]
    _set_urls(cards, request)
    if with_careers and cards:
        _set_careers(cards)
    return cards


def _set_careers(cards):
    by_id = {card.pk: card for card in cards}
    links = (
        TrainingPage.related_careers.through.objects.filter(trainingpage_id__in=list(by_id), careerpage__live=True)
        .order_by("careerpage__title", "careerpage_id")
        .values_list("trainingpage_id", "careerpage__title")
    )
    for training_id, title in links:
        by_id[training_id].careers.append(title)


def _set_urls(cards, request):
    """Each card's URL, as Page.get_url(request) gives it: the parent's URL (from Wagtail, once per parent) and the
    slug, quoted as reverse() quotes it."""
    parent_urls = {}
    for card in cards:
        parent_path = card.url_path[: card.url_path.rstrip("/").rfind("/") + 1]
        if parent_path not in parent_urls:
            parent_urls[parent_path] = Page(url_path=parent_path).get_url(request)
        parent_url = parent_urls[parent_path]
        if parent_url is None:
            card.url = None
            continue
        card.url = f"{parent_url.rstrip('/')}/{quote(card.slug)}"
        if getattr(settings, "WAGTAIL_APPEND_SLASH", True):
            card.url += "/"
