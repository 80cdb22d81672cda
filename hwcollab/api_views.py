"""/api/v2/ itself: the index of the endpoints, the OpenAPI schema and its browsable docs (docs/api.md)."""

from django.urls import reverse
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from home.throttling import APIThrottle
from hwcollab.api import api_router

INDEX_SCHEMA = {
    "type": "object",
    "properties": {
        "endpoints": {
            "type": "object",
            "additionalProperties": {"type": "string", "format": "uri"},
            "description": "Each endpoint's listing URL, by name.",
        },
        "schema": {"type": "string", "format": "uri", "description": "The OpenAPI document (JSON; `?format=yaml`)."},
        "docs": {"type": "string", "format": "uri", "description": "The schema, browsable (Swagger UI)."},
    },
    "required": ["endpoints", "schema", "docs"],
    "additionalProperties": False,
}


class APIIndexView(APIView):
    """The endpoints of the API and where its schema is."""

    renderer_classes = [JSONRenderer]
    throttle_classes = [APIThrottle]

    @extend_schema(operation_id="index", tags=["index"], responses={200: INDEX_SCHEMA})
    def get(self, request):
        endpoints = {
            name: request.build_absolute_uri(reverse(f"wagtailapi:{name}:listing"))
            for name in api_router.endpoints
        }
        return Response(
            {
                "endpoints": endpoints,
                "schema": request.build_absolute_uri(reverse("api_schema")),
                "docs": request.build_absolute_uri(reverse("api_docs")),
            }
        )


class APISchemaView(SpectacularAPIView):
    """The OpenAPI 3.1 document: JSON by default, YAML with ?format=yaml or Accept: application/yaml."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]
    throttle_classes = [APIThrottle]


class APIDocsView(SpectacularSwaggerSplitView):
    """Swagger UI over the schema, from static files (drf-spectacular-sidecar) and without inline code (CSP)."""

    template_name = "api/swagger_ui.html"
    url_name = "api_schema"
    title = "HWcollab API"
    throttle_classes = [APIThrottle]
