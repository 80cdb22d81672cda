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
from wagtail.models import Page

from accounts.models import SavedItem
from directory import geo
from directory.trainings.models import (
    Credential,
    DeliveryFormat,
    TrainingFacts,
    TrainingPage,
)

CREDENTIAL_LABELS = dict(Credential.choices)
FORMAT_LABELS = dict(DeliveryFormat.choices)
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
    url: str | None = None
    careers: list = field(default_factory=list)  # titles of the live related careers, by title
    distance_miles: float | None = None  # set by a search near a ZIP code

    # The "Save to my plan" button saves the training itself (accounts.saving.kind_of).
    plan_kind = SavedItem.Kind.TRAINING

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
