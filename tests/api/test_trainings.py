"""/api/v2/pages/?type=trainings.TrainingPage: fields, filters alone and combined, distance order."""

import pytest

from tests.api.conftest import get_json
from tests.api.factories import ALBANY, demo_site, training_catalogue

LISTING = "/api/v2/pages/?type=trainings.TrainingPage"


@pytest.fixture
def catalogue(db):
    site = demo_site()
    return {"site": site, **training_catalogue(site)}


def titles(data):
    return [item["title"] for item in data["items"]]


def test_listing_shows_live_trainings_only(api_client, catalogue):
    data = get_json(api_client, LISTING + "&limit=100")
    assert data["meta"]["total_count"] == 5
    assert "Draft Coordination Program" not in titles(data)
    assert all(item["meta"]["type"] == "trainings.TrainingPage" for item in data["items"])


def test_draft_training_detail_is_404(api_client, catalogue):
    data = get_json(api_client, f"/api/v2/pages/{catalogue['draft'].pk}/", expected_status=404)
    assert data == {"message": "No Page matches the given query."}


def test_detail_has_every_public_field(api_client, catalogue):
    training = catalogue["troy"]
    data = get_json(api_client, f"/api/v2/pages/{training.pk}/")
    assert data["title"] == "Care Coordination Certificate"
    assert data["provider"] == {
        "id": training.provider_id,
        "name": "Hudson Valley Community College",
        "website": "https://hvcc.example.edu",
    }
    assert data["provider_name"] == "Hudson Valley Community College"
    assert data["credential"] == "certificate"
    assert data["delivery_format"] == "in-person"
    assert data["street_address"] == "80 Vandenburgh Ave"
    assert (data["city"], data["state"], data["zip_code"]) == ("Troy", "NY", "12180")
    assert data["latitude"] == pytest.approx(42.73, abs=0.05)
    assert data["longitude"] == pytest.approx(-73.68, abs=0.05)
    assert data["cost"] == 1500
    assert data["language_names"] == ["Spanish"]
    career = catalogue["site"]["career"]
    assert [(c["id"], c["title"]) for c in data["related_careers"]] == [(career.pk, career.title)]
    assert data["related_careers"][0]["meta"]["type"] == "career_pages.CareerPage"
    for private in ("external_id", "length_weeks"):
        assert private not in data


def test_fields_star_in_listing(api_client, catalogue):
    data = get_json(api_client, LISTING + "&fields=*&limit=100")
    item = next(item for item in data["items"] if item["title"] == "Care Coordination Certificate")
    assert item["provider"]["name"] == "Hudson Valley Community College"
    assert item["related_careers"][0]["title"] == catalogue["site"]["career"].title


FILTER_CASES = [
    ("credential=associate", {"Care Management Associate Degree"}),
    (
        "credential=associate&credential=continuing-education",
        {"Care Management Associate Degree", "Community Health Worker Training"},
    ),
    ("format=online", {"Online Care Coordination Essentials"}),
    ("format=hybrid&format=online", {"Care Management Associate Degree", "Online Care Coordination Essentials"}),
    (
        "max_cost=1500",
        {
            "Care Coordination Certificate",
            "Community Health Worker Training",
            "Online Care Coordination Essentials",
        },
    ),
    ("max_cost=0", {"Community Health Worker Training"}),
    (
        "career=care-coordination-and-care-management",
        {
            "Care Coordination Certificate",
            "Community Health Worker Training",
            "Care Management Associate Degree",
            "Online Care Coordination Essentials",
        },
    ),
    ("language=es", {"Care Coordination Certificate"}),
    ("search=nurse", {"Nurse Case Manager Course"}),
    # combined
    (
        "credential=certificate&max_cost=2000",
        {"Care Coordination Certificate", "Online Care Coordination Essentials"},
    ),
    (
        "credential=certificate&format=in-person&career=care-coordination-and-care-management",
        {"Care Coordination Certificate"},
    ),
    ("search=essentials&max_cost=500", {"Online Care Coordination Essentials"}),
    ("search=coordinators&max_cost=0", {"Community Health Worker Training"}),
    (
        "format=in-person&near=12207&radius=50",
        {"Care Coordination Certificate", "Community Health Worker Training"},
    ),
]


def test_filters_alone_and_combined(api_client, catalogue):
    # One catalogue for every case: building it is the slow part.
    for query, expected in FILTER_CASES:
        data = get_json(api_client, f"{LISTING}&{query}&limit=100")
        assert set(titles(data)) == expected, query
        assert data["meta"]["total_count"] == len(expected), query


def test_near_orders_by_distance_and_gives_miles(api_client, catalogue):
    data = get_json(api_client, f"{LISTING}&near={ALBANY}&radius=500&limit=100")
    assert titles(data) == [
        "Care Coordination Certificate",
        "Community Health Worker Training",
        "Care Management Associate Degree",
        "Nurse Case Manager Course",
        "Online Care Coordination Essentials",
    ]
    distances = [item["distance_miles"] for item in data["items"]]
    assert distances[-1] is None  # online: available anywhere, listed after the located ones
    located = distances[:-1]
    assert located == sorted(located)
    assert 3 < located[0] < 12  # Troy
    assert 200 < located[-1] < 300  # Buffalo


def test_radius_limits_located_trainings(api_client, catalogue):
    data = get_json(api_client, f"{LISTING}&near={ALBANY}&radius=20")
    assert titles(data) == [
        "Care Coordination Certificate",
        "Community Health Worker Training",
        "Online Care Coordination Essentials",
    ]
    assert all(d is None or d <= 20 for d in (item["distance_miles"] for item in data["items"]))


def test_near_with_default_radius_is_25_miles(api_client, catalogue):
    data = get_json(api_client, f"{LISTING}&near={ALBANY}&format=in-person")
    assert titles(data) == ["Care Coordination Certificate", "Community Health Worker Training"]


def test_no_distance_without_near(api_client, catalogue):
    data = get_json(api_client, LISTING)
    assert all("distance_miles" not in item for item in data["items"])


def test_pagination_keeps_distance_order(api_client, catalogue):
    first = get_json(api_client, f"{LISTING}&near={ALBANY}&radius=500&limit=2")
    second = get_json(api_client, f"{LISTING}&near={ALBANY}&radius=500&limit=2&offset=2")
    assert titles(first) + titles(second) == [
        "Care Coordination Certificate",
        "Community Health Worker Training",
        "Care Management Associate Degree",
        "Nurse Case Manager Course",
    ]
    assert first["meta"]["total_count"] == 5


BAD_FILTERS = [
    ("credential=phd", "Unknown credential"),
    ("format=carrier-pigeon", "Unknown format"),
    ("career=astronaut", "Unknown career"),
    ("language=xx", "Unknown language"),
    ("schedule=sometimes", "Unknown schedule"),
    ("max_cost=cheap", "max_cost"),
    ("max_cost=-5", "max_cost"),
    ("near=1220", "near"),
    ("near=00000", "near"),
    ("near=abcde", "near"),
    ("near=12207&radius=far", "radius"),
    ("near=12207&radius=0", "radius"),
    ("near=12207&radius=100000", "radius"),
    ("near=12207&radius=nan", "radius"),
    ("radius=10", "radius needs near"),
    ("near=12207&order=title", "order"),
    ("order=-cost&credential=nope", "credential"),
]


def test_bad_training_filters_are_400(api_client, catalogue):
    for query, message_part in BAD_FILTERS:
        data = get_json(api_client, f"{LISTING}&{query}", expected_status=400)
        assert message_part in data["message"], (query, data)


def test_training_filters_need_the_training_type(api_client, catalogue):
    for query in [
        "near=12207",
        "credential=certificate",
        "max_cost=10",
        "format=online",
        "type=career_pages.CareerPage&radius=5",
    ]:
        data = get_json(api_client, f"/api/v2/pages/?{query}", expected_status=400)
        assert "type=trainings.TrainingPage" in data["message"], query


def test_order_by_cost(api_client, catalogue):
    data = get_json(api_client, f"{LISTING}&order=cost")
    costs = [item["cost"] for item in get_json(api_client, f"{LISTING}&order=cost&fields=cost")["items"]]
    assert costs == sorted(costs)
    assert titles(data)[0] == "Community Health Worker Training"
