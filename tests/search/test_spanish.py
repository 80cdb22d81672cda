"""Search in Spanish (docs/search.md#spanish): on /es/ Spanish words find the Spanish demo pages, written with or
without accents, in other forms of the word and through Spanish synonyms; each visitor sees the pages of their
language."""

import pytest
from django.core.management import call_command
from django.utils import translation

from search.synonyms import load_synonym_groups
from search.text import accent_variants, clean_query, fold_accents, significant_terms, spanish_stem

pytestmark = pytest.mark.django_db


def test_accents_fold_and_come_back():
    assert fold_accents("atención") == "atencion"
    assert fold_accents("enfermería") == "enfermeria"
    variants = accent_variants("atencion")
    assert "atención" in variants and "atencion" in variants
    assert "atención" in accent_variants("atención") and "atencion" in accent_variants("atención")
    assert accent_variants("12345") == ["12345"]


def test_spanish_stems_and_stopwords():
    # "enfermeras" as the prefix "enfermer…" finds "enfermería" (stem "enfermeri") and "enfermero".
    assert spanish_stem("enfermeras") == "enfermer"
    assert spanish_stem("enfermería").startswith("enfermer")
    assert spanish_stem("coordinadora") == spanish_stem("coordinación") == "coordin"
    assert significant_terms(["cursos", "de", "la", "salud"], "es") == ["cursos", "salud"]
    # English queries keep "de" (a word of English text too, e.g. "de Blasio"): Spanish stopwords are for /es/.
    assert significant_terms(["cursos", "de", "salud"], "en") == ["cursos", "de", "salud"]


def test_the_query_language_is_the_page_language():
    with translation.override("es"):
        assert clean_query("atención").language == "es"
    with translation.override("en"):
        assert clean_query("care").language == "en"


def test_spanish_synonym_groups_are_seeded_and_found_without_accents():
    groups = load_synonym_groups()
    assert ("entrenamiento",) in groups[("capacitación",)]
    assert ("trabajo",) in groups[("empleo",)]
    assert ("enfermería",) in groups[("enfermeria",)]


@pytest.fixture
def demo():
    call_command("load_demo_content", verbosity=0)


def _text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_spanish_searches_find_spanish_pages(client, demo):
    # No accent typed, another form of the word: the Spanish training and career page.
    html = _text(client.get("/es/search/", {"q": "coordinacion"}))
    assert "Certificado en coordinación de la atención" in html
    assert "Coordinación de la atención y administración de casos" in html
    # Each page once, in Spanish: not its English version.
    assert "Care Coordination Certificate" not in html

    html = _text(client.get("/es/trainings/", {"q": "atencion"}))
    assert "Certificado en coordinación de la atención" in html
    assert "Care Coordination Certificate" not in html

    # A Spanish stem as a prefix: "coordinadoras" finds "coordinación".
    html = _text(client.get("/es/search/", {"q": "coordinadoras"}))
    assert "Certificado en coordinación de la atención" in html


def test_spanish_synonyms_find_trainings(client, demo):
    # "curso" is in the group of "capacitación": the Spanish trainings whose titles say "Capacitación".
    html = _text(client.get("/es/trainings/", {"q": "curso trabajadores"}))
    assert "Capacitación para trabajadores/as comunitarios/as de salud" in html


def test_employers_are_found_by_their_spanish_description(client, demo):
    html = _text(client.get("/es/employers/", {"q": "atencion hogar"}))
    assert "Niagara Home Care Services" in html or "Erie" in html
    assert "Servicios de atención en el hogar" in html


def test_english_visitors_see_english_pages_only(client, demo):
    html = _text(client.get("/search/", {"q": "coordination"}))
    assert "Care Coordination Certificate" in html
    assert "Certificado en coordinación de la atención" not in html
    html = _text(client.get("/trainings/"))
    assert "Certificado en coordinación de la atención" not in html


def test_spanish_suggestions(client, demo):
    response = client.get("/es/search/suggest/", {"q": "coordinac"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results and all(result["url"].startswith("/es/") for result in results)
    assert "Coordinación de la atención y administración de casos" in [result["title"] for result in results]


def test_words_joined_by_a_slash_are_indexed_as_words():
    # PostgreSQL's parser would read "trabajadores/as" as one file-path token (search/backends/bulk.py).
    from search.backends.bulk import index_text

    assert index_text("trabajadores/as comunitarios/as") == "trabajadores / as comunitarios / as"
    assert index_text("coordinador/a de atención y/o enlace") == "coordinador / a de atención y / o enlace"
    assert index_text("https://example.org/a") == "https://example.org / a"
    assert index_text("") == ""
