import pytest
from django.test import Client
from wagtail.models import Page, Site


@pytest.fixture
def api_client():
    return Client()


@pytest.fixture
def site_root(db):
    """A fresh site root under Wagtail's tree root (the default Site points at it)."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title="Portal home", slug="portal-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "HWcollab"}
    )
    return home


def get_json(client, url, expected_status=200, **extra):
    response = client.get(url, **extra)
    assert response.status_code == expected_status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()
