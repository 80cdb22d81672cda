"""The headless JSON API at /api/v2/ (Wagtail API v2; documented in docs/api.md).

Endpoints: pages, images, documents, employers, occupations, page_preview (headless previews, home/preview.py).
Every bad parameter is a 400 with {"message": ...}; nothing a query string can say is a 500.
"""

from types import SimpleNamespace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.http import Http404, JsonResponse
from django.urls import path
from django.utils import translation
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    FieldsFilter,
    LocaleFilter,
    OrderingFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Page, Site
from wagtail_headless_preview.models import HeadlessPreviewMixin as PackagePreviewMixin
from wagtail_headless_preview.models import PagePreview

from directory.employers.api import EmployersEndpoint
from directory.trainings.api import (
    TRAINING_FILTERS,
    TrainingAPIFilterForm,
    filter_trainings,
    load_training_relations,
    order_by_relevance,
    training_distance,
    training_filter_params,
)
from directory.trainings.models import TrainingPage
from home.api_base import JSONErrorsMixin, PublicTypeNamesMixin, resolve_type_parameter
from home.api_schema import DescribedAPIRouter
from occupations.api import AREA_DESCRIPTION, OccupationsEndpoint, parse_area

TRAINING_DISTANCE_SCHEMA = {
    "type": ["number", "null"],
    "description": "Miles from `near` (trainings with `near` only); null for online programs.",
}
# A preview token older than this no longer opens the draft (the package deletes them after a day).
PREVIEW_TOKEN_MAX_AGE = 60 * 60 * 24


# A listing naming one of these is already confined to one tree (so one language): no default `locale` then.
TREE_FILTERS = ("translation_of", "child_of", "descendant_of", "ancestor_of")


class PageLocaleFilter(LocaleFilter):
    """`?locale=es`: the pages of that language; an unknown code is a 400 (Wagtail's own filter says 404).

    Without `locale`, a listing has the default language's pages only, as before Spanish pages existed, so
    existing clients' results and counts do not change; `translation_of`, `child_of`, `descendant_of` and
    `ancestor_of` already choose a tree, and so its language.
    """

    def filter_queryset(self, request, queryset, view):
        language = request.GET.get("locale")
        if language is None:
            # A detail view (DRF filters its queryset too) shows a page of any language by its id.
            if getattr(view, "action", None) != "listing_view" or any(name in request.GET for name in TREE_FILTERS):
                return queryset
            language = settings.LANGUAGE_CODE
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None and "locale" not in request.GET:
            return queryset
        if locale is None:
            codes = ", ".join(Locale.objects.order_by("language_code").values_list("language_code", flat=True))
            raise BadRequestError(f"locale: unknown language code {language!r}; use one of: {codes}")
        filtered_by_child_of = getattr(queryset, "_filtered_by_child_of", None)
        queryset = queryset.filter(locale=locale)
        if filtered_by_child_of:
            queryset._filtered_by_child_of = filtered_by_child_of
        return queryset


class PagesEndpoint(PublicTypeNamesMixin, JSONErrorsMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint; with type=trainings.TrainingPage, the trainings filters too."""

    # `area`: the BLS area of career pages' local_pay (occupations/api.py).
    known_query_parameters = (PagesAPIViewSet.known_query_parameters - {"format"}) | {"area"}

    @property
    def filter_backends(self):
        return [PageLocaleFilter if backend is LocaleFilter else backend for backend in super().filter_backends]

    @classmethod
    def schema_common_parameters(cls):
        area = f"{AREA_DESCRIPTION} The area of career pages' `local_pay` (default `36`)."
        return {"area": ({"type": "string"}, area)}

    @classmethod
    def schema_filter_forms(cls):
        names = {name: name for name in TRAINING_FILTERS}
        return [(TrainingAPIFilterForm, names, "Only with `type=trainings.TrainingPage`.")]

    @classmethod
    def schema_listing_properties(cls, model):
        return {"distance_miles": TRAINING_DISTANCE_SCHEMA} if model is TrainingPage else {}

    def is_training_listing(self, queryset):
        return self.action == "listing_view" and queryset.model is TrainingPage

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Listing and detail alike (Wagtail checks the other parameters of listings only).
        if "area" in request.GET:
            parse_area(request.GET["area"])

    def find_object(self, queryset, request):
        # `html_path=/es/...`: a Spanish path, routed from the Spanish home (Wagtail routes from the site root).
        path = "/" + request.GET.get("html_path", "").lstrip("/")
        language = translation.get_language_from_path(path) if "html_path" in request.GET else None
        if not language or language == settings.LANGUAGE_CODE:
            return super().find_object(queryset, request)
        site = Site.find_for_request(request)
        if site is None:
            return None
        components = [component for component in path.split("/") if component][1:]
        with translation.override(language):
            try:
                page, _, _ = site.root_page.localized.specific.route(request, components)
            except Http404:
                return None
        return page if queryset.filter(id=page.id).exists() else None

    def check_query_parameters(self, queryset):
        names = set(self.request.GET)
        training_filters = TRAINING_FILTERS if queryset.model is TrainingPage else frozenset()
        misplaced = names & (TRAINING_FILTERS - training_filters)
        misplaced -= set(self.get_available_fields(queryset.model, db_fields_only=True))
        if misplaced:
            raise BadRequestError(f"{', '.join(sorted(misplaced))}: these filters need type=trainings.TrainingPage")
        allowed = set(self.get_available_fields(queryset.model, db_fields_only=True))
        unknown = names - allowed - self.known_query_parameters - training_filters
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: " + ", ".join(sorted(unknown))
            )

    def filter_queryset(self, queryset):
        if not self.is_training_listing(queryset):
            return super().filter_queryset(queryset)
        params = self.training_params = training_filter_params(self.request.GET)
        # The trainings filters replace Wagtail's field filter for their own names, and its search.
        field_request = SimpleNamespace(GET=self.request.GET.copy())
        for name in TRAINING_FILTERS:
            field_request.GET.pop(name, None)
        queryset = FieldsFilter().filter_queryset(field_request, queryset, self)
        for backend in (ChildOfFilter, AncestorOfFilter, DescendantOfFilter, TranslationOfFilter, PageLocaleFilter):
            queryset = backend().filter_queryset(self.request, queryset, self)
        queryset = filter_trainings(queryset, params)
        if "order" in self.request.GET:
            if params["near"]:
                raise BadRequestError("order can't be combined with near: results come nearest first")
            return OrderingFilter().filter_queryset(self.request, queryset, self)
        if params["q"] and not params["near"]:
            return order_by_relevance(queryset, params)
        return queryset

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if getattr(self, "training_params", None) is not None:
            page = list(page)
            load_training_relations(page)
            if self.training_params["near"]:
                self.distances = [training_distance(training) for training in page]
        return page

    def get_paginated_response(self, data):
        for item, distance in zip(data, getattr(self, "distances", ()), strict=False):
            item["distance_miles"] = distance
        return super().get_paginated_response(data)


class ImagesEndpoint(JSONErrorsMixin, ImagesAPIViewSet):
    pass


class DocumentsEndpoint(JSONErrorsMixin, DocumentsAPIViewSet):
    pass


class PreviewNotFound(LookupError):
    pass


def page_from_preview(content_type_label, token):
    """The draft page a preview token stands for.

    BadRequestError for malformed parameters, PreviewNotFound for a token that is unknown,
    forged or expired.
    """
    # A preview opened before the directory's models moved apps names them by their public type name.
    app_label, _, model_name = resolve_type_parameter(content_type_label or "").partition(".")
    if not app_label or not model_name or not token:
        raise BadRequestError("content_type (app_label.model) and token are required")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name.lower())
    except ContentType.DoesNotExist as e:
        raise BadRequestError("content_type doesn't exist") from e
    model = content_type.model_class()
    if model is None or not issubclass(model, Page) or not issubclass(model, PackagePreviewMixin):
        raise BadRequestError("content_type is not a previewable page type")
    try:
        model.get_preview_signer().unsign(token, max_age=PREVIEW_TOKEN_MAX_AGE)
    except signing.BadSignature as e:
        raise PreviewNotFound("preview not found or expired") from e
    preview = PagePreview.objects.filter(content_type=content_type, token=token).first()
    if preview is None:
        raise PreviewNotFound("preview not found or expired")
    page = preview.as_page()
    if not page.pk:
        # A page not saved yet: the API's URL building needs some primary key.
        page.pk = 0
    return page


class PagePreviewEndpoint(PagesEndpoint):
    """A draft, as the pages detail view would show it once published (headless preview).

    /api/v2/page_preview/?content_type=app_label.model&token=... (the two parameters the
    editor's preview hands to the front end).
    """

    known_query_parameters = PagesEndpoint.known_query_parameters | {"content_type", "token"}
    schema_component_prefix = "Preview"
    private_responses = True
    schema_field_filters = False

    @classmethod
    def schema_filter_forms(cls):
        return []

    @classmethod
    def schema_parameters(cls):
        return {
            "content_type": ({"type": "string"}, "The draft's page type, `app_label.model` (from the preview link)."),
            "token": ({"type": "string"}, "The preview token (from the preview link)."),
        }

    # A page never saved has no place in the tree yet, so no parent to show.
    meta_fields = [field for field in PagesAPIViewSet.meta_fields if field != "parent"]
    detail_only_fields = []

    def listing_view(self, request):
        self.action = "detail_view"
        self.check_query_parameters(Page.objects.none())
        return self.detail_view(request, pk=None)

    def get_object(self):
        if not hasattr(self, "_preview_page"):
            try:
                self._preview_page = page_from_preview(
                    self.request.GET.get("content_type"), self.request.GET.get("token")
                )
            except PreviewNotFound as e:
                raise Http404(str(e)) from e
        return self._preview_page

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]


def api_not_found(request, *args, **kwargs):
    """Any other URL under /api/: a JSON 404 rather than the site's HTML page."""
    return JsonResponse({"message": "not found"}, status=404)


api_router = DescribedAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)
api_router.register_endpoint("employers", EmployersEndpoint)
api_router.register_endpoint("occupations", OccupationsEndpoint)
api_router.register_endpoint("page_preview", PagePreviewEndpoint)
