"""Headless preview: with HEADLESS_PREVIEW_CLIENT_URL set, the front end reads drafts from the API."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.api.conftest import get_json
from tests.api.factories import demo_site

CLIENT_URL = "https://preview.partner.example.org"


@pytest.fixture
def career(db):
    return demo_site()["career"]


def test_without_setting_wagtail_renders_the_preview(settings, career):
    settings.HEADLESS_PREVIEW_CLIENT_URL = ""
    career.title = "Unsaved draft title"
    response = career.make_preview_request()
    assert response.status_code == 200
    response.render()
    assert b"Unsaved draft title" in response.content
    assert b"<h1" in response.content


def test_with_setting_the_preview_goes_to_the_front_end_which_reads_the_draft(settings, api_client, career):
    settings.HEADLESS_PREVIEW_CLIENT_URL = CLIENT_URL
    published_title = career.title
    career.title = "Unsaved draft title"
    response = career.make_preview_request()
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}" == CLIENT_URL
    query = {key: values[0] for key, values in parse_qs(location.query).items()}
    assert query["content_type"] == "career_pages.careerpage"

    data = get_json(api_client, f"/api/v2/page_preview/?content_type={query['content_type']}&token={query['token']}")
    assert data["id"] == career.pk
    assert data["title"] == "Unsaved draft title"
    assert data["meta"]["type"] == "career_pages.CareerPage"
    assert any(section["type"] == "section" for section in data["body"])
    # The published page is untouched.
    assert get_json(api_client, f"/api/v2/pages/{career.pk}/")["title"] == published_title


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 400),
        ("content_type=career_pages.careerpage", 400),
        ("content_type=nothing.here&token=abc", 400),
        ("content_type=wagtailimages.image&token=abc", 400),
        ("content_type=career_pages.careerpage&token=forged:token", 404),
        ("content_type=career_pages.careerpage&token=abc&colour=red", 400),
    ],
)
def test_bad_preview_requests(api_client, career, query, status):
    data = get_json(api_client, f"/api/v2/page_preview/?{query}", expected_status=status)
    assert data["message"]
