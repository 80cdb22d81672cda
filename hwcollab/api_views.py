"""/api/v2/ itself: the index of the endpoints, the OpenAPI schema and its browsable docs (docs/api.md)."""

from functools import cache

from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.utils import get_full_url

from home.api_schema import ERROR_SCHEMA, response_headers
from home.throttling import APIThrottle
from hwcollab.api import api_router


class APIIndexSerializer(serializers.Serializer):
    endpoints = serializers.DictField(child=serializers.URLField(), help_text="Each endpoint's listing URL, by name.")
    schema = serializers.URLField(help_text="The OpenAPI document (JSON; `?format=yaml`).")
    docs = serializers.URLField(help_text="The schema, browsable (Swagger UI).")


class MessageErrorsMixin:
    """DRF's errors (a 429, a 406) as {"message": ...}, like every endpoint's (home/api_base.py)."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(response.data, dict) and "detail" in response.data:
            response.data = {"message": str(response.data["detail"])}
        return response


class APIIndexView(MessageErrorsMixin, APIView):
    """The endpoints of the API and where its schema is."""

    renderer_classes = [JSONRenderer]
    throttle_classes = [APIThrottle]
    serializer_class = APIIndexSerializer

    @extend_schema(
        operation_id="index",
        request=None,
        tags=["index"],
        responses={200: APIIndexSerializer, 304: None, 429: ERROR_SCHEMA},
        parameters=response_headers(),
    )
    def get(self, request):
        # Absolute URLs as the endpoints write them (WAGTAILAPI_BASE_URL, else the site's).
        endpoints = {
            name: get_full_url(request, reverse(f"wagtailapi:{name}:listing")) for name in api_router.endpoints
        }
        return Response(
            {
                "endpoints": endpoints,
                "schema": get_full_url(request, reverse("api_schema")),
                "docs": get_full_url(request, reverse("api_docs")),
            }
        )


class APISchemaView(MessageErrorsMixin, SpectacularAPIView):
    """The OpenAPI 3.1 document: JSON by default, YAML with ?format=yaml or Accept: application/yaml."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]
    throttle_classes = [APIThrottle]

    def _get_schema_response(self, request):
        filename = self._get_filename(request, None)
        return Response(data=generated_schema(), headers={"Content-Disposition": f'inline; filename="{filename}"'})


@cache
def generated_schema():
    """The schema is the code's: generated once per process (it takes seconds), not once per request."""
    return SchemaGenerator().get_schema(request=None, public=True)


class APIDocsView(MessageErrorsMixin, SpectacularSwaggerSplitView):
    """Swagger UI over the schema, from static files (drf-spectacular-sidecar) and without inline code (CSP)."""

    template_name = "api/swagger_ui.html"
    url_name = "api_schema"
    title = "HWcollab API"
    throttle_classes = [APIThrottle]
