"""The directory's public type names (directory.TrainingPage, ...) keep working since the models moved apps.

`type=` takes the public name or the model's Django label (trainings.TrainingPage) and both answer the same;
meta.type keeps giving the public name, in listings, details, nested parents and the employers endpoint.
"""

from urllib.parse import parse_qs, urlsplit

import pytest

from directory.employers.models import EmployerDirectoryPage, EmployerSnippet
from directory.trainings.models import TrainingIndexPage, TrainingPage
from tests.api.conftest import get_json
from tests.api.factories import demo_site, employer_catalogue, training_catalogue

PUBLIC_NAMES = {
    TrainingPage: "directory.TrainingPage",
    TrainingIndexPage: "directory.TrainingIndexPage",
    EmployerDirectoryPage: "directory.EmployerDirectoryPage",
    EmployerSnippet: "directory.EmployerSnippet",
}


def django_label(model):
    return f"{model._meta.app_label}.{model.__name__}"


@pytest.fixture
def site(db):
    site = demo_site()
    return {
        "site": site,
        **training_catalogue(site),
        **{f"employer_{k}": v for k, v in employer_catalogue(site).items()},
    }


@pytest.mark.parametrize(
    "query",
    [
        "fields=*&order=id",
        "fields=title,cost&credential=certificate&max_cost=2000",
        "near=12207&radius=50&fields=title,city",
        "search=care&fields=title",
    ],
)
def test_the_public_name_and_the_django_label_answer_the_same(api_client, site, query):
    public = get_json(api_client, f"/api/v2/pages/?type=directory.TrainingPage&{query}")
    label = get_json(api_client, f"/api/v2/pages/?type={django_label(TrainingPage)}&{query}")
    assert public == label
    assert public["items"], "the catalogue has trainings for every query"
    assert {item["meta"]["type"] for item in public["items"]} == {"directory.TrainingPage"}


@pytest.mark.parametrize("model", [TrainingIndexPage, EmployerDirectoryPage])
def test_the_index_pages_answer_by_either_name_with_the_public_name(api_client, site, model):
    public = get_json(api_client, f"/api/v2/pages/?type={PUBLIC_NAMES[model]}")
    assert public == get_json(api_client, f"/api/v2/pages/?type={django_label(model)}")
    assert [item["meta"]["type"] for item in public["items"]] == [PUBLIC_NAMES[model]]


def test_public_names_in_any_case_and_in_a_list_of_types(api_client, site):
    lower = get_json(api_client, "/api/v2/pages/?type=directory.trainingpage&fields=title&order=id")
    assert lower == get_json(api_client, "/api/v2/pages/?type=directory.TrainingPage&fields=title&order=id")
    mixed = get_json(api_client, "/api/v2/pages/?type=directory.TrainingIndexPage,career_pages.CareerPage&order=id")
    assert sorted(item["meta"]["type"] for item in mixed["items"]) == [
        "career_pages.CareerPage",
        "directory.TrainingIndexPage",
    ]


def test_untyped_listings_and_details_give_the_public_names(api_client, site):
    types = {item["meta"]["type"] for item in get_json(api_client, "/api/v2/pages/?limit=100")["items"]}
    assert {"directory.TrainingPage", "directory.TrainingIndexPage", "directory.EmployerDirectoryPage"} <= types
    assert not any(name.startswith(("trainings.", "employers.")) for name in types)
    detail = get_json(api_client, f"/api/v2/pages/{site['troy'].pk}/")
    assert detail["meta"]["type"] == "directory.TrainingPage"
    assert detail["meta"]["parent"]["meta"]["type"] == "directory.TrainingIndexPage"


def test_the_employers_endpoint_gives_the_public_name(api_client, site):
    listing = get_json(api_client, "/api/v2/employers/")
    assert listing["items"]
    assert {item["meta"]["type"] for item in listing["items"]} == {"directory.EmployerSnippet"}
    detail = get_json(api_client, f"/api/v2/employers/{site['employer_albany'].pk}/")
    assert detail["meta"]["type"] == "directory.EmployerSnippet"


def test_training_filters_with_the_public_name_and_errors_stay_400(api_client, site):
    data = get_json(api_client, "/api/v2/pages/?type=directory.TrainingPage&format=online&fields=delivery_format")
    assert data["items"]
    assert {item["delivery_format"] for item in data["items"]} == {"online"}
    for bad in ("directory.Nothing", "directory.TrainingProvider", "directory.", "directory.TrainingPage,nope.Nope"):
        assert get_json(api_client, f"/api/v2/pages/?type={bad}", expected_status=400)["message"]
    message = get_json(api_client, "/api/v2/pages/?type=career_pages.CareerPage&near=12207", expected_status=400)
    assert "near" in message["message"]


def test_a_preview_link_naming_the_public_type_still_opens(settings, api_client, site):
    settings.HEADLESS_PREVIEW_CLIENT_URL = "https://preview.partner.example.org"
    training = site["troy"]
    training.title = "Unsaved training draft"
    response = training.make_preview_request()
    assert response.status_code == 302
    query = {key: values[0] for key, values in parse_qs(urlsplit(response["Location"]).query).items()}
    assert query["content_type"] == django_label(TrainingPage).lower()
    for content_type in (query["content_type"], "directory.trainingpage", "directory.TrainingPage"):
        data = get_json(api_client, f"/api/v2/page_preview/?content_type={content_type}&token={query['token']}")
        assert data["title"] == "Unsaved training draft"
        assert data["meta"]["type"] == "directory.TrainingPage"
