"""Trainings in the JSON API (docs/api.md): the filters of /api/v2/pages/?type=trainings.TrainingPage.

The filters are the /trainings/ search's own (`TrainingSearchForm`, `directory.trainings.search`),
held to a stricter rule: where the page ignores an unknown value with a notice, the API refuses
the request with a 400 naming it.
"""

from django import forms
from django.db.models import Case, F, IntegerField, Prefetch, Value, When, prefetch_related_objects
from django.http import QueryDict
from wagtail.api.v2.utils import BadRequestError

from directory import geo
from directory.trainings.forms import TrainingSearchForm
from directory.trainings.models import DeliveryFormat, TrainingLanguage, TrainingPage
from directory.trainings.search import FILTER_PARAMS, apply_filters, apply_near
from search.matching import filter_matching, search_query


def career_model():
    """The career page model, reached through the relation (career_pages sits above trainings)."""
    return TrainingPage._meta.get_field("related_careers").related_model


# Query parameters that filter trainings (besides Wagtail's own); `search` maps to the form's `q`.
TRAINING_FILTERS = frozenset([*FILTER_PARAMS, "near", "radius"])
API_MAX_RADIUS_MILES = 500


class TrainingAPIFilterForm(TrainingSearchForm):
    """The /trainings/ search form, with any radius (in miles) rather than the page's four choices."""

    radius = forms.FloatField(
        label="Miles from near",
        required=False,
        min_value=1,
        max_value=API_MAX_RADIUS_MILES,
        error_messages={
            "invalid": "Enter the radius as a number of miles, such as 25.",
            "min_value": "The radius must be at least 1 mile.",
            "max_value": f"The radius can be at most {API_MAX_RADIUS_MILES} miles.",
        },
    )


def training_filter_params(query):
    """Validated filter parameters for a trainings listing (TrainingSearchForm.search_params()).

    Raises BadRequestError naming every bad value.
    """
    if "radius" in query and not query.get("near"):
        raise BadRequestError("radius needs near (a ZIP code)")
    data = QueryDict(mutable=True)
    for name in TRAINING_FILTERS:
        if name in query:
            data.setlist(name, query.getlist(name))
    if "search" in query:
        data["q"] = query["search"]
    careers = career_model().objects.live().public().order_by("title").values_list("slug", "title")
    languages = TrainingLanguage.objects.order_by("name").values_list("code", "name")
    form = TrainingAPIFilterForm(data, careers=careers, languages=languages)
    form.is_valid()
    messages = [f"{name}: {error}" for name, errors in form.errors.items() for error in errors]
    # The page ignores unknown options with a notice; the API refuses them.
    messages += [notice.replace(" ignored.", ".") for notice in form.notices]
    if messages:
        raise BadRequestError(" ".join(messages))
    return form.search_params()


def filter_trainings(queryset, params):
    """`queryset` narrowed by the filters, keywords and distance of `params`.

    Near a ZIP, each row carries `distance` (miles) and rows come nearest first; online programs,
    available anywhere, follow the located ones.
    """
    queryset = apply_filters(queryset, params)
    if params["q"]:
        queryset = filter_matching(queryset, params["q"])
    if params["near"]:
        nearby = geo.Nearby(params["near"], params["radius"])
        queryset = apply_near(queryset, nearby)
        distance = nearby.distance_expression()
        online_last = Case(
            When(delivery_format=DeliveryFormat.ONLINE, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
        queryset = queryset.annotate(distance=distance).order_by(
            online_last, F("distance").asc(nulls_last=True), "title", "pk"
        )
    return queryset


def order_by_relevance(queryset, params):
    """Keyword matches ordered by the search backend's relevance (when no other order was asked for)."""
    return TrainingPage.objects.filter(pk__in=queryset.values("pk")).search(search_query(params["q"]))


def load_training_relations(trainings):
    """Locale, provider, languages and careers of one page of results, in a fixed number of queries."""
    prefetch_related_objects(
        trainings,
        "locale",
        "provider",
        "languages",
        Prefetch("related_careers", queryset=career_model().objects.live().public().order_by("title")),
    )


def training_distance(training):
    """Miles from the searched ZIP, to 0.1; None for an online program or one without a location."""
    distance = getattr(training, "distance", None)
    if distance is None or training.delivery_format == DeliveryFormat.ONLINE:
        return None
    return round(distance, 1)


# --- Employers: /api/v2/employers/ ------------------------------------------------------------
