"""The OpenAPI schema of the JSON API, generated from the endpoints (drf-spectacular; docs/api.md, "Schema").

Wagtail's viewsets choose their serializer per request (the page type, `fields=`), which drf-spectacular cannot
see. `WagtailEndpointSchema` builds the same serializers Wagtail does, with every field, for every model an
endpoint serves (each page type, from its `api_fields`), and maps their fields with drf-spectacular; the
extensions below describe Wagtail's own serializer fields. Query parameters come from each endpoint's
`known_query_parameters`, its filterable model fields and its `schema_filter_forms()`: a new api_field, filter
or endpoint is in the schema without an edit here, and `tests/api/test_schema.py` fails when one is not.
"""

from functools import wraps
from typing import get_args

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiParameter
from wagtail.api.rich_text import RichTextOutputFormat
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page, get_page_models

from home.api_cache import with_validators

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"message": {"type": "string"}},
    "required": ["message"],
}
NULLABLE_URL = {"type": ["string", "null"], "format": "uri"}
# Parameters every endpoint accepts whose meaning is the same everywhere.
COMMON_PARAMETERS = {
    "limit": ({"type": "integer", "minimum": 0}, "Items per page (default 20, at most 100)."),
    "offset": ({"type": "integer", "minimum": 0, "maximum": 1_000_000}, "Items to skip."),
    "fields": (
        {"type": "string"},
        "Fields to return: `title,city` adds to the defaults, `*` all, `_,title` only those, `-slug` drops one.",
    ),
    "order": ({"type": "string"}, "A field to order by, `-field` for descending, or `random`."),
    "search": ({"type": "string", "maxLength": 500}, "Keywords (full text)."),
    "search_operator": ({"type": "string", "enum": ["and", "or"]}, "How keywords combine."),
    "rich_text_format": (
        {"type": "string", "enum": list(get_args(RichTextOutputFormat))},
        "Rich text as HTML (default) or Markdown.",
    ),
    "_": ({"type": "string"}, "Ignored (cache busting)."),
    "type": (
        {"type": "string"},
        "Page types, `app_label.Model`, comma-separated (e.g. `trainings.TrainingPage`); the type's fields "
        "become filters.",
    ),
    "child_of": ({"type": "integer"}, "Pages whose parent has this id."),
    "descendant_of": ({"type": "integer"}, "Pages under the page with this id."),
    "ancestor_of": ({"type": "integer"}, "Pages above the page with this id."),
    "translation_of": ({"type": "integer"}, "Translations of the page with this id."),
    "locale": (
        {"type": "string", "enum": [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]},
        "The pages' language (docs/translation.md). Without it, a listing has English pages only, unless "
        "`translation_of`, `child_of`, `descendant_of` or `ancestor_of` is given (they choose the tree). "
        "An unknown code is a 400.",
    ),
    "id": ({"type": "integer"}, "The object's id."),
    "html_path": ({"type": "string"}, "A page's path, e.g. `/careers/`."),
    "site": ({"type": "string"}, "Pages of the site with this hostname (`host` or `host:port`)."),
}


def public_api_only(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: the schema is the public API's, not the Wagtail admin's own API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v2/")]


def response_headers(private=False):
    """The caching and throttling headers of the API's responses (home/api_cache.py, home/throttling.py)."""
    headers = [
        OpenApiParameter(
            "Retry-After",
            type={"type": "integer", "minimum": 1},
            location=OpenApiParameter.HEADER,
            response=[429],
            required=True,
            description="Seconds until the client may send requests again.",
        )
    ]
    if private:
        return headers
    return [
        OpenApiParameter(
            "ETag",
            type=str,
            location=OpenApiParameter.HEADER,
            response=[200, 304],
            required=True,
            description="The response's version: send it back in If-None-Match to get a 304 while it holds.",
        ),
        OpenApiParameter(
            "Cache-Control",
            type=str,
            location=OpenApiParameter.HEADER,
            response=[200, 304],
            required=True,
            description="`public, max-age=N`: N seconds before a cached copy is revalidated.",
        ),
        *headers,
    ]


class DescribedAPIRouter(WagtailAPIRouter):
    """Wagtail's API router, known to the endpoints it registers (the schema builds their nested serializers
    through it, as a request would) and listing them (the /api/v2/ index)."""

    def register_endpoint(self, name, class_):
        super().register_endpoint(name, class_)
        class_.api_router = self

    @property
    def endpoints(self):
        return dict(self._endpoints)

    def wrap_view(self, func):
        # ETag, Cache-Control and 304s (home/api_cache.py); drafts are never stored.
        wrapped = super().wrap_view(func)
        private = getattr(getattr(func, "cls", None), "private_responses", False)

        @wraps(func)
        def conditional(request, *args, **kwargs):
            return with_validators(request, wrapped(request, *args, **kwargs), private=private)

        return conditional


def schema_models(endpoint):
    """The models an endpoint serves: every page type for pages (the base Page last: a listing without `type=`
    shows any page with its fields only), else its model."""
    if issubclass(endpoint, PagesAPIViewSet):
        return [*(model for model in get_page_models() if model is not Page), Page]
    return [endpoint.model]


def model_component_name(model):
    return f"{model._meta.app_label.title().replace('_', '')}{model.__name__}"


def object_schema(auto_schema, serializer_class):
    """The JSON a Wagtail serializer class writes: body fields, with the meta fields nested under `meta`."""
    serializer = serializer_class(context={})
    properties, meta = {}, {}
    for name, field in serializer.fields.items():
        target = meta if name in serializer_class.meta_fields else properties
        schema = auto_schema._map_serializer_field(field, "response")
        if schema.get("format") in ("uri", "email") and getattr(field, "allow_blank", False):
            # A URL or email field left empty is "" (a model's blank=True), which is no URI or address.
            schema["anyOf"] = [{"format": schema.pop("format")}, {"maxLength": 0}]
        for bound in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            # A Decimal validator's bound comes out as a string; the response writes the figure as a number.
            if isinstance(schema.get(bound), str):
                schema[bound] = float(schema[bound])
        target[name] = schema
    if "id" in properties:
        properties = {"id": properties["id"], **{k: v for k, v in properties.items() if k != "id"}}
    if meta:
        properties["meta"] = {"type": "object", "properties": meta, "additionalProperties": False}
    # No property is required: `fields=` drops any of them.
    return {"type": "object", "properties": properties, "additionalProperties": False}


def model_schema_ref(auto_schema, endpoint, model, extra_properties=None):
    """A component for one model as `endpoint` shows it with every field (`fields=*` on a detail)."""
    name = endpoint.schema_component_prefix + model_component_name(model)
    component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=(endpoint, model))
    if component not in auto_schema.registry:
        serializer_class = endpoint._get_serializer_class(
            endpoint.api_router, model, [("*", False, None)], show_details=True
        )
        component.schema = object_schema(auto_schema, serializer_class)
        component.schema["properties"].update(extra_properties or {})
        meta = component.schema["properties"].get("meta", {}).get("properties", {})
        if "type" in meta and model is not Page:
            # The type tells the objects of a listing apart: a typed client narrows a union by it.
            meta["type"] = {**meta["type"], "const": endpoint.schema_type_name(model)}
        if model.__doc__ and not model.__doc__.startswith(f"{model.__name__}("):
            component.schema["description"] = model.__doc__.strip()
        auto_schema.registry.register_on_missing(component)
    return auto_schema.registry[component].ref


def form_field_schema(field):
    """A query parameter's schema from the form field that validates it."""
    choices = [str(value) for value, _ in getattr(field, "choices", ()) if str(value) != ""]
    if isinstance(field, forms.MultipleChoiceField):
        item = {"type": "string", "enum": choices} if choices else {"type": "string"}
        return {"type": "array", "items": item}, True
    if isinstance(field, forms.ChoiceField) and choices and not getattr(field, "dynamic_choices", False):
        # An optional field takes an empty value as "any" (the search form's blank option), the API too.
        return {"type": "string", "enum": choices if field.required else ["", *choices]}, False
    if isinstance(field, forms.IntegerField):
        # FloatField and DecimalField are IntegerFields in Django.
        is_integer = not isinstance(field, (forms.FloatField, forms.DecimalField))
        schema = {"type": "integer" if is_integer else "number"}
        for validator in field.validators:
            if isinstance(validator, MinValueValidator):
                schema["minimum"] = validator.limit_value
            elif isinstance(validator, MaxValueValidator):
                schema["maximum"] = validator.limit_value
        return schema, False
    if isinstance(field, forms.BooleanField):
        return {"type": "boolean"}, False
    schema = {"type": "string"}
    if getattr(field, "max_length", None):
        schema["maxLength"] = field.max_length
    return schema, False


class PublicSchema(AutoSchema):
    """Operations of a read-only public API: none needs credentials (so a generated client asks for none)."""

    def get_auth(self):
        return []


class WagtailEndpointSchema(PublicSchema):
    """The operations of a Wagtail API endpoint: listing, detail and find (see the module's docstring)."""

    @property
    def endpoint(self):
        return type(self.view)

    @property
    def action(self):
        return getattr(self.view, "action", None) or "listing_view"

    def get_operation_id(self):
        return f"{self.endpoint.api_name()}_{self.action.removesuffix('_view')}"

    def get_tags(self):
        return [self.endpoint.api_name()]

    def get_description(self):
        view_doc = (self.endpoint.__doc__ or "").strip()
        action_doc = {
            "listing_view": "A page of the listing: `meta.total_count` and `items`.",
            "detail_view": "One object, with every field by default; not public is 404.",
            "find_view": "Redirects (302) to the detail of the object the parameters find.",
        }.get(self.action, "")
        return "\n\n".join(part for part in (view_doc, action_doc) if part)

    def get_request_serializer(self):
        return None

    def _get_filter_parameters(self):
        return []

    def _get_pagination_parameters(self):
        return []

    def get_filter_field_parameters(self):
        """Each model field an endpoint filters by exact value (Wagtail's FieldsFilter), with the models that
        have it."""
        models_by_field = {}
        for model in schema_models(self.endpoint):
            for name in self.endpoint.get_available_fields(model, db_fields_only=True):
                models_by_field.setdefault(name, []).append(model)
        return models_by_field

    def parameter(self, name, schema, description):
        # An array parameter is the name repeated (`credential=a&credential=b`): OpenAPI's default form style.
        return OpenApiParameter(name, type=schema, location=OpenApiParameter.QUERY, description=description)

    def get_override_parameters(self):
        endpoint = self.endpoint
        if self.action == "detail_view":
            names = ["fields", "rich_text_format"]
        elif self.action == "find_view":
            names = sorted(endpoint.find_query_parameters | endpoint.known_query_parameters)
        else:
            names = sorted(endpoint.known_query_parameters)
        everywhere = endpoint.schema_common_parameters()
        names = [name for name in names if name not in endpoint.schema_parameters() and name not in everywhere]
        # A parameter without an entry gets no description, which tests/api/test_schema.py refuses.
        parameters = [self.parameter(name, *COMMON_PARAMETERS.get(name, ({"type": "string"}, ""))) for name in names]
        parameters += [self.parameter(name, schema, description) for name, (schema, description) in everywhere.items()]
        for name, (schema, description) in endpoint.schema_parameters().items():
            if self.action != "detail_view":
                parameters.append(self.parameter(name, schema, description))
        if self.action != "detail_view" and endpoint.schema_field_filters:
            described = {parameter.name for parameter in parameters}
            for name, models in self.get_filter_field_parameters().items():
                if name in described:
                    continue
                if len(models) == len(schema_models(endpoint)):
                    scope = ""
                else:
                    scope = " Only with `type=` one of: " + ", ".join(m._meta.label for m in models) + "."
                parameters.append(self.parameter(name, {"type": "string"}, f"Exact value of `{name}`.{scope}"))
        if self.action != "find_view":
            parameters += response_headers(private=endpoint.private_responses)
        return parameters

    def get_response_serializers(self):
        endpoint = self.endpoint
        # One component per model for listings and details alike: the listing's extra properties are optional.
        refs = [
            model_schema_ref(self, endpoint, model, endpoint.schema_listing_properties(model))
            for model in schema_models(endpoint)
        ]
        item = refs[0] if len(refs) == 1 else {"anyOf": refs}
        errors = {400: ERROR_SCHEMA, 404: ERROR_SCHEMA, 429: ERROR_SCHEMA}
        if self.action == "find_view":
            return {302: None, **errors}
        if not endpoint.private_responses:
            errors[304] = None
        if self.action == "detail_view":
            return {200: item, **errors}
        listing = {
            "type": "object",
            "properties": {
                "meta": {
                    "type": "object",
                    "properties": {"total_count": {"type": "integer", "minimum": 0}},
                    "required": ["total_count"],
                },
                "items": {"type": "array", "items": item},
            },
            "required": ["meta", "items"],
        }
        return {200: listing, **errors}


class SchemaDescribedMixin:
    """Hooks of an endpoint for WagtailEndpointSchema; endpoints override them to describe their own filters."""

    schema = WagtailEndpointSchema()
    # Components of models this endpoint shows differently from another endpoint are named apart.
    schema_component_prefix = ""
    # Responses for one client only (drafts): Cache-Control private, no-store, no ETag.
    private_responses = False
    # Whether the listing filters by model fields' exact values (Wagtail's FieldsFilter).
    schema_field_filters = True

    @classmethod
    def api_name(cls):
        for name, endpoint in cls.api_router.endpoints.items():
            if endpoint is cls:
                return name
        return cls.__name__

    @classmethod
    def schema_type_name(cls, model):
        """meta.type of the model's objects in responses."""
        return f"{model._meta.app_label}.{model.__name__}"

    @classmethod
    def schema_filter_forms(cls):
        """[(form class, {query parameter: form field name}, note)] for the filters a Django form validates."""
        return []

    @classmethod
    def schema_common_parameters(cls):
        """{name: (schema, description)} for the endpoint's own parameters that its listing, detail and find
        all accept (e.g. the pages endpoint's `area`)."""
        return {}

    @classmethod
    def schema_parameters(cls):
        """{name: (schema, description)} for the listing's filters: those of schema_filter_forms()."""
        parameters = {}
        for form_class, names, note in cls.schema_filter_forms():
            for parameter, form_name in sorted(names.items()):
                field = form_class.base_fields.get(form_name)
                if field is None:
                    # A filter the form does not validate: undescribed, which tests/api/test_schema.py refuses.
                    parameters[parameter] = ({"type": "string"}, "")
                    continue
                schema, many = form_field_schema(field)
                description = str(field.help_text or field.label or parameter).rstrip(".") + "."
                if many:
                    description += " Repeat the parameter for any of several."
                parameters[parameter] = (schema, f"{description} {note}".strip())
        return parameters

    @classmethod
    def schema_listing_properties(cls, model):
        """Properties a listing's items of `model` may carry beyond the model's fields (e.g. a distance)."""
        return {}


# --- Wagtail's serializer fields ----------------------------------------------------------------


def page_reference_schema():
    return {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "meta": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "detail_url": {"type": "string", "format": "uri"},
                    "html_url": NULLABLE_URL,
                },
            },
            "title": {"type": "string"},
        },
    }


class TypeFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "wagtail.api.v2.serializers.TypeField"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "description": "`app_label.Model`"}


class PageTypeFieldExtension(TypeFieldExtension):
    target_class = "wagtail.api.v2.serializers.PageTypeField"


class DetailUrlFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "wagtail.api.v2.serializers.DetailUrlField"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "format": "uri"}


class PageHtmlUrlFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "wagtail.api.v2.serializers.PageHtmlUrlField"

    def map_serializer_field(self, auto_schema, direction):
        return dict(NULLABLE_URL)


class PageLocaleFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "wagtail.api.v2.serializers.PageLocaleField"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string"}


class PageParentFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "wagtail.api.v2.serializers.PageParentField"

    def map_serializer_field(self, auto_schema, direction):
        return {"oneOf": [page_reference_schema(), {"type": "null"}]}


class PageAliasOfFieldExtension(PageParentFieldExtension):
    target_class = "wagtail.api.v2.serializers.PageAliasOfField"


class RelatedFieldExtension(OpenApiSerializerFieldExtension):
    """A foreign key: the related object as its endpoint nests it."""

    target_class = "wagtail.api.v2.serializers.RelatedField"

    def map_serializer_field(self, auto_schema, direction):
        schema = object_schema(auto_schema, self.target.serializer_class)
        return {"oneOf": [schema, {"type": "null"}]}


class ChildRelationFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "wagtail.api.v2.serializers.ChildRelationField"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "array", "items": object_schema(auto_schema, self.target.serializer_class)}


class StreamFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "wagtail.api.v2.serializers.StreamField"

    def map_serializer_field(self, auto_schema, direction):
        block = {
            "type": "object",
            "properties": {"type": {"type": "string"}, "value": {}, "id": {"type": "string"}},
            "required": ["type", "value"],
        }
        return {"type": "array", "items": block, "description": "Blocks: `type`, `value`, `id` (docs/api.md)."}


class TagsFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "wagtail.api.v2.serializers.TagsField"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "array", "items": {"type": "string"}}


class ImageRenditionFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "wagtail.images.api.fields.ImageRenditionField"

    def map_serializer_field(self, auto_schema, direction):
        rendition = {
            "type": "object",
            "properties": {
                "url": {"type": "string"},
                "full_url": {"type": "string", "format": "uri"},
                "width": {"type": "integer"},
                "height": {"type": "integer"},
                "alt": {"type": "string"},
            },
        }
        error = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}
        return {"oneOf": [rendition, error, {"type": "null"}]}


class ImageDownloadUrlFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "wagtail.images.api.v2.serializers.ImageDownloadUrlField"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string"}


class DocumentDownloadUrlFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "wagtail.documents.api.v2.serializers.DocumentDownloadUrlField"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string"}
