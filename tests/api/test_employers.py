"""/api/v2/employers/: live listings only, public fields only, filters and distance."""

import pytest

from tests.api.conftest import get_json
from tests.api.factories import ALBANY, PRIVATE_VALUES, demo_site, employer_catalogue

pytestmark = pytest.mark.search_backend

LISTING = "/api/v2/employers/"
LIVE_NAMES = {"Capital Care Partners", "Troy Health Home", "Salt City Clinic", "Lakeshore Home Care"}


@pytest.fixture
def employers(db):
    site = demo_site()
    return employer_catalogue(site)


def names(data):
    return [item["name"] for item in data["items"]]


def assert_no_private_values(response):
    assert response.status_code < 500
    for field, value in PRIVATE_VALUES.items():
        assert value.encode() not in response.content, field
    for field in PRIVATE_VALUES:
        assert f'"{field}"'.encode() not in response.content, field


def test_listing_has_live_employers_only(api_client, employers):
    data = get_json(api_client, LISTING)
    assert set(names(data)) == LIVE_NAMES
    assert data["meta"]["total_count"] == 4
    item = data["items"][0]
    assert set(item) == {"id", "meta", "name", "city", "region", "hiring_now"}
    assert set(item["meta"]) == {"type", "detail_url", "html_url"}
    assert item["meta"]["type"] == "directory.EmployerSnippet"


@pytest.mark.parametrize("which", ["draft", "pending"])
def test_draft_and_pending_details_are_404(api_client, employers, which):
    response = api_client.get(f"{LISTING}{employers[which].pk}/")
    assert response.status_code == 404
    assert response.json() == {"message": "No EmployerSnippet matches the given query."}
    assert employers[which].name.encode() not in response.content


def test_detail_shape(api_client, employers):
    employer = employers["albany"]
    data = get_json(api_client, f"{LISTING}{employer.pk}/")
    assert data["id"] == employer.pk
    assert data["name"] == "Capital Care Partners"
    assert data["meta"]["html_url"] == f"http://localhost/employers/{employer.slug}/"
    assert data["meta"]["detail_url"] == f"http://localhost/api/v2/employers/{employer.pk}/"
    assert data["care_settings"] == ["hospital"]
    assert data["care_setting_labels"] == ["Hospital"]
    assert data["job_titles"] == ["Care Coordinator"]
    assert (data["city"], data["zip_code"], data["region"], data["region_label"]) == (
        "Albany",
        "12207",
        "capital-region",
        "Capital Region",
    )
    assert data["latitude"] == pytest.approx(42.65, abs=0.05)
    assert data["hiring_now"] is True
    assert data["logo"] is None


@pytest.mark.parametrize(
    "url",
    [
        LISTING,
        LISTING + "?fields=*",
        LISTING + "?limit=100&fields=*",
        LISTING + "?fields=contact_email",
        LISTING + "?fields=*,-name",
        LISTING + "?contact_email=hidden-contact@private.example",
        LISTING + "?order=contact_name",
        LISTING + "?search=Zebediah",
        LISTING + "?search=Moderatornote",
        LISTING + "?search=hidden-submitter",
        LISTING + "?near=12207&radius=250&fields=*",
    ],
)
def test_private_fields_never_appear(api_client, employers, url):
    response = api_client.get(url)
    assert_no_private_values(response)


def test_private_fields_absent_from_detail(api_client, employers):
    for which in ("albany", "draft", "pending"):
        for query in ("", "?fields=*", "?fields=moderator_notes"):
            assert_no_private_values(api_client.get(f"{LISTING}{employers[which].pk}/{query}"))


def test_search_on_private_values_finds_nothing(api_client, employers):
    for term in ("Zebediah", "Moderatornote", "Privatecontact"):
        assert get_json(api_client, f"{LISTING}?search={term}")["meta"]["total_count"] == 0, term


FILTER_CASES = [
    ("search=lakeshore", {"Lakeshore Home Care"}),
    ("setting=health-home", {"Troy Health Home"}),
    ("setting=fqhc&setting=home-care", {"Salt City Clinic", "Lakeshore Home Care"}),
    ("region=western-new-york", {"Lakeshore Home Care"}),
    ("hiring=true", {"Capital Care Partners"}),
    ("job_title=Care Coordinator", {"Capital Care Partners"}),
    ("near=12207&radius=20", {"Capital Care Partners", "Troy Health Home"}),
    ("near=12207&radius=20&setting=health-home", {"Troy Health Home"}),
    ("search=partners&region=capital-region", {"Capital Care Partners"}),
    ("search=care&region=capital-region", {"Capital Care Partners", "Troy Health Home"}),
]


def test_employer_filters_alone_and_combined(api_client, employers):
    for query, expected in FILTER_CASES:
        data = get_json(api_client, f"{LISTING}?{query}&limit=100")
        assert set(names(data)) == expected, query


def test_near_orders_by_distance(api_client, employers):
    data = get_json(api_client, f"{LISTING}?near={ALBANY}&radius=250")
    # Buffalo, about 260 miles away, is beyond the largest radius (250).
    assert names(data) == ["Capital Care Partners", "Troy Health Home", "Salt City Clinic"]
    distances = [item["distance_miles"] for item in data["items"]]
    assert distances == sorted(distances)
    assert distances[0] < 1
    assert 100 < distances[-1] < 160


BAD_FILTERS = [
    ("near=abc", "near"),
    ("near=00000", "near"),
    ("near=12207&radius=far", "radius"),
    ("near=12207&radius=0", "radius"),
    ("near=12207&radius=1000", "radius"),
    ("radius=5", "radius needs near"),
    ("setting=spaceport", "setting"),
    ("region=atlantis", "region"),
    ("hiring=maybe", "hiring"),
    ("colour=blue", "colour"),
    ("city=Albany", "city"),
    ("order=contact_email", "contact_email"),
    ("fields=submitter_email", "submitter_email"),
    ("near=12207&order=name", "order"),
    ("limit=500", "limit"),
    ("offset=-1", "offset"),
]


def test_bad_employer_parameters_are_400(api_client, employers):
    for query, message_part in BAD_FILTERS:
        data = get_json(api_client, f"{LISTING}?{query}", expected_status=400)
        assert message_part in data["message"], (query, data)


def test_words_without_a_zip_count_every_match_in_the_api(api_client, employers, monkeypatch):
    # The directory page stops counting a broad search at TEXT_COUNT_CAP; the API counts and lists every match.
    monkeypatch.setattr("directory.employers.search.TEXT_COUNT_CAP", 1)
    data = get_json(api_client, LISTING + "?search=care")
    everything = get_json(api_client, LISTING)
    matching = set(names(data))
    assert data["meta"]["total_count"] == len(matching) > 1
    assert matching <= set(names(everything))
