"""The OpenAPI schema (/api/v2/schema/) agrees with the code: every endpoint, field and filter is in it."""

import re

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from wagtail.api import APIField
from wagtail.models import Page, get_page_models

from career_pages.models import CareerPage
from directory.employers.api import EMPLOYER_FILTERS
from directory.trainings.api import TRAINING_FILTERS
from home.api_schema import model_component_name, schema_models
from hwcollab.api import api_router
from hwcollab.api_views import generated_schema
from tests.api.conftest import get_json

pytestmark = pytest.mark.django_db


def generate():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    problems = dict(GENERATOR_STATS._warn_cache) | dict(GENERATOR_STATS._error_cache)
    return schema, problems


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return generate()[0]


def listing_parameters(schema, name):
    return {p["name"]: p for p in schema["paths"][f"/api/v2/{name}/"]["get"]["parameters"] if p["in"] == "query"}


def test_the_schema_is_served_as_openapi_3_1_json_and_yaml(api_client, schema):
    response = api_client.get("/api/v2/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    served = response.json()
    assert served["openapi"] == "3.1.0"
    assert served["info"]["title"] == "HWcollab API"
    assert set(served["paths"]) == set(schema["paths"])
    response = api_client.get("/api/v2/schema/?format=yaml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(response.content)["paths"].keys() == served["paths"].keys()


def test_generation_has_no_warning_or_error():
    # A field drf-spectacular cannot type (a custom serializer field, a property without a return type hint)
    # warns: give it @extend_schema_field or a type hint (docs/api.md, "Schema").
    assert generate()[1] == {}


def test_every_registered_endpoint_has_its_operations(schema):
    operations = {(path, op["operationId"]) for path, item in schema["paths"].items() for op in item.values()}
    for name, endpoint in api_router.endpoints.items():
        # Every route the endpoint serves (occupations has no find: its detail is by SOC code).
        routes = {pattern.name for pattern in endpoint.get_urlpatterns()}
        paths = {"listing": f"/api/v2/{name}/", "detail": f"/api/v2/{name}/{{id}}/", "find": f"/api/v2/{name}/find/"}
        assert "listing" in routes and routes <= set(paths), (name, routes)
        if name != "page_preview":
            assert "detail" in routes, name
        for route in routes:
            assert (paths[route], f"{name}_{route}") in operations
    assert ("/api/v2/", "index") in operations
    # The public API only: not the Wagtail admin's.
    assert all(path.startswith("/api/v2/") for path in schema["paths"])


def test_every_page_type_and_model_has_its_fields(schema):
    components = schema["components"]["schemas"]
    for name, endpoint in api_router.endpoints.items():
        prefix = endpoint.schema_component_prefix
        for model in schema_models(endpoint):
            component = components[prefix + model_component_name(model)]
            fields = set(endpoint.get_body_fields_names(model))
            meta = set(endpoint.get_meta_fields_names(model)) - fields
            assert fields <= set(component["properties"]), (name, model)
            assert meta <= set(component["properties"]["meta"]["properties"]), (name, model)
    pages = {ref["$ref"].rsplit("/", 1)[1] for ref in _items_schema(schema, "pages")["anyOf"]}
    assert pages == {model_component_name(model) for model in get_page_models()} | {"WagtailcorePage"}


def _items_schema(schema, name):
    listing = schema["paths"][f"/api/v2/{name}/"]["get"]["responses"]["200"]["content"]["application/json"]
    return listing["schema"]["properties"]["items"]["items"]


def test_a_new_api_field_is_in_the_schema_without_a_hand_edit(monkeypatch):
    monkeypatch.setattr(CareerPage, "api_fields", [*CareerPage.api_fields, APIField("latest_revision_created_at")])
    component = generate()[0]["components"]["schemas"]["CareerPagesCareerPage"]
    assert component["properties"]["latest_revision_created_at"]["format"] == "date-time"


def test_every_query_parameter_and_filter_is_described(schema):
    for name, endpoint in api_router.endpoints.items():
        parameters = listing_parameters(schema, name)
        accepted = set(endpoint.known_query_parameters)
        for model in schema_models(endpoint) if endpoint.schema_field_filters else ():
            accepted |= set(endpoint.get_available_fields(model, db_fields_only=True))
        assert accepted <= set(parameters), (name, accepted - set(parameters))
        assert all(parameter.get("description") for parameter in parameters.values()), name
    assert set(listing_parameters(schema, "pages")) >= TRAINING_FILTERS
    assert set(listing_parameters(schema, "employers")) >= EMPLOYER_FILTERS


def test_filters_are_typed_from_their_forms(schema):
    pages = listing_parameters(schema, "pages")
    assert pages["credential"]["schema"]["type"] == "array"
    assert "certificate" in pages["credential"]["schema"]["items"]["enum"]
    assert pages["radius"]["schema"] == {"type": "number", "minimum": 1, "maximum": 500}
    assert "Only with `type=trainings.TrainingPage`" in pages["near"]["description"]
    employers = listing_parameters(schema, "employers")
    assert employers["hiring"]["schema"] == {"type": "boolean"}
    assert employers["radius"]["schema"]["type"] == "integer"
    # An optional filter's empty value means "any", as the search form's blank option: the schema allows it.
    assert employers["region"]["schema"]["enum"][:2] == ["", "capital-region"]


def test_listing_and_detail_declare_caching_and_throttling_headers(schema):
    responses = schema["paths"]["/api/v2/pages/{id}/"]["get"]["responses"]
    assert {"ETag", "Cache-Control"} <= set(responses["200"]["headers"])
    assert "304" in responses
    assert set(responses["429"]["headers"]) == {"Retry-After"}
    preview = schema["paths"]["/api/v2/page_preview/"]["get"]["responses"]
    assert "ETag" not in preview["200"].get("headers", {})


def test_the_index_lists_the_endpoints_and_the_schema(api_client, site_root):
    index = get_json(api_client, "/api/v2/")
    assert set(index["endpoints"]) == set(api_router.endpoints)
    assert index["endpoints"]["pages"] == "http://localhost/api/v2/pages/"
    assert index["schema"] == "http://localhost/api/v2/schema/"
    assert index["docs"] == "http://localhost/api/v2/docs/"
    for url in [*index["endpoints"].values(), index["schema"]]:
        status = api_client.get(url.removeprefix("http://localhost")).status_code
        assert status == (400 if "page_preview" in url else 200), url


def test_the_docs_page_loads_swagger_ui_from_this_site_only(api_client):
    response = api_client.get("/api/v2/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in source for source in sources)
    assert all(source.startswith("/") for source in sources), sources
    assert "<style" not in html and "<script>" not in html  # nothing inline: the Content-Security-Policy holds
    script = api_client.get("/api/v2/docs/?script=")
    assert script.status_code == 200
    assert "/api/v2/schema/" in script.content.decode()
    for source in sources:
        if source.startswith(settings.STATIC_URL):
            assert finders.find(source.removeprefix(settings.STATIC_URL)), source


def test_page_is_described_from_the_base_page_model():
    assert Page in schema_models(api_router.endpoints["pages"])


def test_the_schema_is_generated_once_per_process(api_client, monkeypatch):
    # Generating takes seconds: a client fetching it again must not cost that again.
    generated_schema.cache_clear()
    calls = []
    original = SchemaGenerator.get_schema

    def counting(self, **kwargs):
        calls.append(kwargs)
        return original(self, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counting)
    assert api_client.get("/api/v2/schema/").status_code == 200
    assert api_client.get("/api/v2/schema/?format=yaml").status_code == 200
    assert len(calls) == 1
