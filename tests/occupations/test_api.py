import pytest

from tests.api.conftest import get_json
from tests.occupations.test_local_pay import make_career, role

pytestmark = pytest.mark.django_db

URL = "/api/v2/occupations/"


def test_occupations_filtered_by_soc_and_area_have_the_bls_figures(client, sample_wages):
    data = get_json(client, URL + "?soc=21-1094&area=10580")
    assert data["meta"]["total_count"] == 1
    item = data["items"][0]
    assert (item["soc_code"], item["title"]) == ("21-1094", "Community Health Workers")
    assert len(item["wages"]) == 1
    wage = item["wages"][0]
    assert wage["area"] == {"code": "10580", "title": "Albany-Schenectady-Troy, NY", "kind": "metro"}
    assert wage["release"] == 2025
    assert wage["h_median"] == {"value": 29.62}
    assert wage["a_median"] == {"value": 61610}
    assert wage["employment"] == {"value": 390}


def test_without_area_every_area_in_the_newest_release(client, sample_wages):
    item = get_json(client, URL + "?soc=21-1094")["items"][0]
    assert [wage["area"]["code"] for wage in item["wages"]] == ["10580", "35620", "36", "3600001", "99"]


def test_several_soc_codes_and_the_detail_view(client, sample_wages):
    data = get_json(client, URL + "?soc=29-1141,21-1094&area=36")
    assert [item["soc_code"] for item in data["items"]] == ["21-1094", "29-1141"]
    detail = get_json(client, URL + "29-1141/?area=36")
    assert detail["source"] == "bls" and detail["wages"][0]["a_pct90"] == {"value": 157090}
    get_json(client, URL + "99-9999/", expected_status=404)


def test_not_published_figures_are_null_with_bls_marker(client, sample_wages):
    from occupations.models import Wage

    Wage.objects.filter(occupation_id="21-1094", area_id="36").update(
        h_median=None, a_pct90=239200, markers={"h_median": "*", "a_pct90": "#"}
    )
    wage = get_json(client, URL + "?soc=21-1094&area=36")["items"][0]["wages"][0]
    assert wage["h_median"] == {"value": None, "marker": "*"}
    assert wage["a_pct90"] == {"value": 239200, "marker": "#"}


@pytest.mark.parametrize(
    "query, message",
    [
        ("soc=211094", "soc: not a SOC code like 21-1094: 211094"),
        ("soc=99-9999", "soc: no such occupation: 99-9999"),
        ("soc=", "soc: give one or more SOC codes"),
        ("area=12345", "area: no such BLS area: 12345"),
        ("area=abc", "area: no such BLS area: abc"),
        ("release=1999", "release: no OEWS release for 1999"),
        ("release=x", "release: no OEWS release for x"),
        ("colour=red", "query parameter is not an operation or a filter: colour"),
    ],
)
def test_bad_parameters_are_400_with_a_message(client, sample_wages, query, message):
    data = get_json(client, URL + "?" + query, expected_status=400)
    assert data["message"].startswith(message)


def test_career_pages_give_their_wages_for_an_area(client, career_index, sample_wages):
    page = make_career(career_index, [role("Care Coordinators", "21-1094", "21-1093")], title="CC")
    data = get_json(client, f"/api/v2/pages/{page.pk}/?area=10580")
    local = data["local_pay"]
    assert local["area"]["code"] == "10580"
    assert local["release"] == {"year": 2025, "citation": "BLS OEWS, May 2025"}
    assert [item["soc_code"] for item in local["occupations"]] == ["21-1094", "21-1093"]
    assert local["occupations"][0]["figures"]["h_median"] == {"value": 29.62}
    statewide = get_json(client, f"/api/v2/pages/{page.pk}/")["local_pay"]
    assert statewide["area"]["code"] == "36"
    assert statewide["occupations"][0]["figures"]["h_median"] == {"value": 27.95}
    roles = data["body"][0]["value"]["content"][0]["value"]["roles"]
    assert roles[0]["occupations"] == ["21-1094", "21-1093"]


def test_a_bad_area_on_the_pages_endpoint_is_a_400(client, career_index, sample_wages):
    page = make_career(career_index, [role("A", "21-1094")], title="CC")
    data = get_json(client, f"/api/v2/pages/{page.pk}/?area=nowhere", expected_status=400)
    assert data["message"].startswith("area: no such BLS area")


def test_the_listing_query_count_is_bounded(client, sample_wages, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        get_json(client, URL + "?limit=20")
