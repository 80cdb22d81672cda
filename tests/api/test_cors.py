"""CORS: GET from the origins in CORS_ALLOWED_ORIGINS, on /api/ only."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ALLOWED = "https://partner.example.org"


@pytest.fixture
def cors_origins(settings):
    settings.CORS_ALLOWED_ORIGINS = [ALLOWED]


@pytest.mark.django_db
def test_api_get_from_allowed_origin_gets_cors_header(api_client, site_root, cors_origins):
    response = api_client.get("/api/v2/pages/", HTTP_ORIGIN=ALLOWED)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED


@pytest.mark.django_db
def test_api_preflight_allows_get_only(api_client, site_root, cors_origins):
    response = api_client.options("/api/v2/pages/", HTTP_ORIGIN=ALLOWED, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert set(response["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.django_db
def test_other_origin_gets_no_cors_header(api_client, site_root, cors_origins):
    response = api_client.get("/api/v2/pages/", HTTP_ORIGIN="https://evil.example.com")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
def test_cors_headers_only_on_api_paths(api_client, site_root, cors_origins):
    response = api_client.get("/robots.txt", HTTP_ORIGIN=ALLOWED)
    assert "Access-Control-Allow-Origin" not in response


def test_allowed_origins_come_from_the_environment():
    code = "from django.conf import settings; print(settings.CORS_ALLOWED_ORIGINS)"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hwcollab.settings.test",
        "CORS_ALLOWED_ORIGINS": "https://a.example.org, https://b.example.org",
    }
    result = subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "['https://a.example.org', 'https://b.example.org']"
