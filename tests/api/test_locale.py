"""`?locale=` on the pages endpoint (docs/api.md#languages-locale-and-translation_of)."""

from urllib.parse import urlsplit

import pytest
from wagtail.models import Locale, Page

from tests.api.conftest import get_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(site_root):
    """An English section with a Spanish translation, and an English page with none."""
    spanish = Locale.objects.get(language_code="es")
    section = site_root.add_child(instance=Page(title="Careers", slug="careers"))
    site_root.add_child(instance=Page(title="About", slug="about"))
    spanish_root = site_root.copy_for_translation(spanish)
    spanish_root.save_revision().publish()
    spanish_section = section.copy_for_translation(spanish)
    spanish_section.title = "Carreras"
    spanish_section.save_revision().publish()
    return {"root": site_root, "section": section, "spanish_root": spanish_root, "spanish_section": spanish_section}


def titles(client, query):
    return sorted(item["title"] for item in get_json(client, f"/api/v2/pages/?{query}")["items"])


def test_without_locale_the_listing_has_the_default_language_only(api_client, pages):
    data = get_json(api_client, "/api/v2/pages/")
    assert sorted(item["title"] for item in data["items"]) == ["About", "Careers", "Portal home"]
    assert data["meta"]["total_count"] == 3
    assert {item["meta"]["locale"] for item in data["items"]} == {"en"}


def test_locale_es_lists_the_spanish_pages(api_client, pages):
    data = get_json(api_client, "/api/v2/pages/?locale=es")
    assert sorted(item["title"] for item in data["items"]) == ["Carreras", "Portal home"]
    assert {item["meta"]["locale"] for item in data["items"]} == {"es"}
    assert titles(api_client, "locale=en") == ["About", "Careers", "Portal home"]


def test_translation_of_and_tree_filters_choose_their_own_language(api_client, pages):
    assert titles(api_client, f"translation_of={pages['section'].pk}") == ["Carreras"]
    assert titles(api_client, f"child_of={pages['spanish_root'].pk}") == ["Carreras"]
    assert titles(api_client, f"child_of={pages['root'].pk}") == ["About", "Careers"]
    assert titles(api_client, f"child_of={pages['root'].pk}&locale=es") == []


def test_spanish_detail_and_url(api_client, pages):
    data = get_json(api_client, f"/api/v2/pages/{pages['spanish_section'].pk}/")
    assert data["meta"]["locale"] == "es"
    assert data["meta"]["html_url"] == "http://localhost/es/careers/"


@pytest.mark.parametrize("value", ["xx", "", "EN", "es-mx", "../"])
def test_an_unknown_locale_is_a_400_with_a_clear_message(api_client, pages, value):
    data = get_json(api_client, "/api/v2/pages/", expected_status=400, data={"locale": value})
    assert data["message"] == f"locale: unknown language code {value!r}; use one of: en, es"


def test_an_unknown_locale_is_a_400_for_trainings_too(api_client, pages):
    data = get_json(api_client, "/api/v2/pages/?type=trainings.TrainingPage&locale=xx", expected_status=400)
    assert data["message"].startswith("locale: unknown language code")


def test_find_by_a_spanish_path(api_client, pages):
    response = api_client.get("/api/v2/pages/find/?html_path=/es/careers/")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == f"/api/v2/pages/{pages['spanish_section'].pk}/"
    response = api_client.get("/api/v2/pages/find/?html_path=/careers/")
    assert urlsplit(response["Location"]).path == f"/api/v2/pages/{pages['section'].pk}/"
    assert api_client.get("/api/v2/pages/find/?html_path=/es/nowhere/").status_code == 404
