"""Every bad parameter is a 400 (or 404) with a JSON {"message": ...}, never a 500."""

import pytest

from tests.api.conftest import get_json

BAD_REQUESTS = [
    # pagination
    "/api/v2/pages/?limit=101",
    "/api/v2/pages/?limit=abc",
    "/api/v2/pages/?limit=-1",
    "/api/v2/pages/?offset=abc",
    "/api/v2/pages/?offset=-5",
    "/api/v2/pages/?offset=99999999999999999999999",
    "/api/v2/images/?limit=1000",
    "/api/v2/documents/?offset=x",
    # unknown parameters and fields
    "/api/v2/pages/?colour=blue",
    "/api/v2/pages/?fields=no_such_field",
    "/api/v2/pages/?fields=title(",
    "/api/v2/images/?fields=secret",
    "/api/v2/documents/?fields=*,nope",
    # filter values that don't fit the field
    "/api/v2/pages/?type=nope.Nothing",
    "/api/v2/pages/?type=wagtailimages.Image",
    "/api/v2/pages/?id=abc",
    "/api/v2/pages/?first_published_at=yesterday",
    "/api/v2/pages/?show_in_menus=maybe",
    "/api/v2/pages/?child_of=abc",
    "/api/v2/pages/?descendant_of=-1",
    "/api/v2/pages/?order=nope",
    "/api/v2/pages/?order=random&offset=1",
    "/api/v2/pages/?rich_text_format=pdf",
    "/api/v2/pages/?search=care&search_operator=xor",
    "/api/v2/pages/?search=%00",
    "/api/v2/pages/?search=" + "x" * 600,
    "/api/v2/images/?id=1.5",
    "/api/v2/images/?width=wide",
    "/api/v2/documents/?title=%00",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", BAD_REQUESTS)
def test_bad_parameter_is_400_json(api_client, site_root, url):
    data = get_json(api_client, url, expected_status=400)
    assert set(data) == {"message"}
    assert data["message"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/999999/",
        "/api/v2/images/999999/",
        "/api/v2/documents/999999/",
        "/api/v2/pages/find/?html_path=/no/such/page/",
        "/api/v2/nothing-here/",
        "/api/v2/pages/abc/",
        "/api/v3/pages/",
    ],
)
def test_unknown_object_or_url_is_404_json(api_client, site_root, url):
    data = get_json(api_client, url, expected_status=404)
    assert "message" in data


@pytest.mark.django_db
def test_write_methods_are_refused_as_json(api_client, site_root):
    response = api_client.post("/api/v2/pages/", {"title": "x"})
    assert response.status_code == 405
    assert response.json() == {"message": 'Method "POST" not allowed.'}


@pytest.mark.django_db
def test_format_parameter_does_not_switch_renderer(api_client, site_root):
    # `format` belongs to the trainings filter, not DRF's renderer switch: elsewhere it is unknown.
    data = get_json(api_client, "/api/v2/images/?format=api", expected_status=400)
    assert "format" in data["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v2/pages/?offset=²", "/api/v2/pages/find/?id=²", "/api/v2/pages/find/?id=0.0"])
def test_non_ascii_digits_are_400(api_client, site_root, url):
    assert get_json(api_client, url, expected_status=400)["message"]
