"""ETag and Cache-Control on the API's responses; a conditional request answers 304 until the data changes."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from directory.trainings.models import TrainingIndexPage
from tests.api.docs_data import docs_fixture_data
from tests.api.factories import make_training

pytestmark = pytest.mark.django_db

LISTINGS = [
    "/api/v2/",
    "/api/v2/pages/?type=trainings.TrainingPage&fields=title",
    "/api/v2/employers/",
    "/api/v2/images/",
    "/api/v2/documents/",
    "/api/v2/schema/",
]


@pytest.fixture
def data(tmp_path):
    return docs_fixture_data(tmp_path)


def etag(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


@pytest.mark.parametrize("url", LISTINGS)
def test_listings_carry_validators_and_answer_304_when_unchanged(api_client, data, url):
    response = api_client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('"')
    again = api_client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == response["ETag"]
    assert api_client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_details_answer_304_and_the_etag_follows_the_query(api_client, data):
    url = f"/api/v2/pages/{data['training_id']}/"
    tag = etag(api_client, url)
    assert api_client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304
    assert etag(api_client, url + "?fields=_,title") != tag
    employer = f"/api/v2/employers/{data['employer_id']}/"
    assert api_client.get(employer, HTTP_IF_NONE_MATCH=etag(api_client, employer)).status_code == 304


@override_settings(API_CACHE_SECONDS=15)
def test_max_age_is_a_setting(api_client, data):
    assert api_client.get("/api/v2/pages/")["Cache-Control"] == "public, max-age=15"


def test_publishing_and_unpublishing_change_the_etag_at_once(api_client, data):
    url = "/api/v2/pages/?type=trainings.TrainingPage&fields=title"
    before = etag(api_client, url)
    index = TrainingIndexPage.objects.get()
    training = make_training(index, "Brand New Course", publish=False)
    assert api_client.get(url, HTTP_IF_NONE_MATCH=before).status_code == 304  # a draft changes nothing
    training.save_revision().publish()
    response = api_client.get(url, HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert "Brand New Course" in [item["title"] for item in response.json()["items"]]
    published = response["ETag"]
    training.refresh_from_db()
    training.unpublish()
    response = api_client.get(url, HTTP_IF_NONE_MATCH=published)
    assert response.status_code == 200
    assert "Brand New Course" not in [item["title"] for item in response.json()["items"]]
    detail = api_client.get(f"/api/v2/pages/{training.pk}/", HTTP_IF_NONE_MATCH=published)
    assert detail.status_code == 404


def test_a_moderation_decision_changes_the_etag_at_once(api_client, data):
    from directory.employers.models import EmployerSnippet

    url = "/api/v2/employers/"
    before = etag(api_client, url)
    pending = EmployerSnippet.objects.get(pk=data["pending_employer_id"])
    moderator = get_user_model().objects.create_superuser("moderator", "moderator@example.org", "x")
    pending.current_workflow_task_state.approve(user=moderator)
    response = api_client.get(url, HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert "Pending Employer LLC" in [item["name"] for item in response.json()["items"]]


def test_errors_and_previews_are_not_stored(api_client, data):
    bad = api_client.get("/api/v2/pages/?limit=abc")
    assert bad.status_code == 400
    assert "ETag" not in bad
    preview = api_client.get("/api/v2/page_preview/?content_type=career_pages.careerpage&token=x")
    assert preview["Cache-Control"] == "private, no-store"
    assert "ETag" not in preview


def test_responses_vary_on_accept(api_client, data):
    # JSON and the browsable HTML view share a URL: a shared cache must keep them apart.
    assert "Accept" in api_client.get("/api/v2/pages/")["Vary"]
