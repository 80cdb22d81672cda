import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from modelsearch.query import And, Or, PlainText

from career_pages.models import CareerPage
from search.backends.query import fts5_expression
from search.models import SearchSynonym
from search.synonyms import build_query, expand_query, segment, synonym_groups

pytestmark = pytest.mark.django_db


def test_seeded_synonyms():
    seeded = {synonym.term: synonym.expansion_list for synonym in SearchSynonym.objects.all()}
    assert seeded == {
        "CHW": ["community health worker"],
        "CM": ["care management"],
        "LPN": ["licensed practical nurse"],
        "RN": ["registered nurse"],
        # The Spanish groups (search/migrations/0006_seed_spanish_synonyms.py), Spanish words only.
        "enfermera": ["enfermero", "enfermería", "enfermeras", "enfermeros"],
        "capacitación": ["entrenamiento", "curso", "cursos", "capacitaciones", "formación"],
        "empleo": ["trabajo", "empleos", "trabajos", "puesto"],
        "empleador": ["empleadores", "empresa", "empresas"],
        "coordinador de atención": ["coordinadora de atención", "coordinación de la atención"],
        "administrador de casos": ["administradora de casos", "administración de casos"],
        "trabajador comunitario de salud": [
            "trabajadora comunitaria de salud",
            "promotor de salud",
            "promotora de salud",
            "CHW",
        ],
    }


def test_groups_work_both_ways_and_merge():
    SearchSynonym.objects.create(term="case management", expansions="CM\ncare coordination")
    groups = synonym_groups()
    expected = {("cm",), ("care", "management"), ("case", "management"), ("care", "coordination")}
    assert groups[("cm",)] == expected
    assert groups[("care", "coordination")] == expected


def test_segment_prefers_the_longest_variant():
    groups = synonym_groups()
    assert segment(["licensed", "practical", "nurse", "buffalo"], groups) == [
        groups[("lpn",)],
        "buffalo",
    ]


def test_query_ors_synonyms_and_ands_words():
    query = build_query(["rn", "in", "buffalo"])
    assert isinstance(query, And)
    rn, buffalo = query.subqueries  # "in" is a stopword
    assert isinstance(rn, Or)
    assert sorted(part.query_string for part in rn.subqueries) == ["registered nurse", "rn"]
    assert isinstance(buffalo, PlainText)
    assert buffalo.query_string == "buffalo"
    assert build_query([]) == ""
    assert isinstance(expand_query("CHW"), Or)


def test_synonym_finds_pages_using_the_long_form(client, make_career):
    make_career("Community Health Worker")
    make_career("Registered Nurse Case Manager")

    assert [page.title for page in CareerPage.objects.live().search(expand_query("CHW"))] == ["Community Health Worker"]
    html = client.get(reverse("search"), {"q": "RN case manager"}).content.decode()
    assert "Registered Nurse Case Manager" in html


def test_an_editor_added_synonym_applies_at_once(client, make_career):
    make_career("Certified Nursing Assistant")
    assert "Certified Nursing Assistant" not in client.get(reverse("search"), {"q": "CNA"}).content.decode()

    SearchSynonym.objects.create(term="CNA", expansions="certified nursing assistant")

    assert "Certified Nursing Assistant" in client.get(reverse("search"), {"q": "CNA"}).content.decode()


@pytest.mark.parametrize(
    ("term", "expansions", "field"), [("!!", "care management", "term"), ("CM", "  \n--\n", "expansions")]
)
def test_synonyms_need_words(term, expansions, field):
    with pytest.raises(ValidationError) as error:
        SearchSynonym(term=term, expansions=expansions).full_clean()
    assert field in error.value.message_dict


def test_synonym_snippet_in_admin(admin_client):
    response = admin_client.get(reverse("wagtailsnippets_site_search_searchsynonym:list"))
    assert response.status_code == 200
    assert "registered nurse" in response.content.decode()


def test_synonyms_reach_sqlite_fts5_as_quoted_words():
    assert fts5_expression(expand_query("RN in Buffalo")) == '((("registered" AND "nurse") OR "rn") AND "buffalo")'
    assert expand_query('"<>"') == ""
