"""The editor's accessibility checker runs the content rules with this site's messages (hwcollab/content_checker.py)."""

import json

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

EXPECTED_RULES = [
    "heading-order",
    "empty-heading",
    "p-as-heading",
    "link-name",
    "image-alt",
    "alt-text-quality",
    "image-redundant-alt",
    "empty-table-header",
    "th-has-data-cells",
    "td-has-header",
    "list",
    "listitem",
    "frame-title",
    "empty-meta-description",
]


@pytest.fixture
def author(client, django_user_model):
    user = django_user_model.objects.create_superuser("author", "author@example.test", "pw-for-tests-only-1")
    client.force_login(user)
    return user


def _configuration(html):
    script = BeautifulSoup(html, "html.parser").find("script", id="checker-axe-configuration")
    assert script is not None, "no content checker configuration in the page"
    return json.loads(script.string)


def _assert_site_configuration(config):
    assert config["options"]["runOnly"] == EXPECTED_RULES
    assert set(config["options"]["rules"]) == set(EXPECTED_RULES)
    # Rules about the templates' own controls are left to the developers' tests.
    assert "button-name" not in config["options"]["runOnly"]
    assert "input-button-name" not in config["options"]["runOnly"]
    assert config["context"]["include"] == ["main"]
    messages = config["messages"]
    assert set(messages) == set(EXPECTED_RULES)
    assert messages["p-as-heading"] == {
        "error_name": "Bold text is used as a heading",
        "help_text": "Choose a heading level from the toolbar instead of making a paragraph bold.",
    }
    assert messages["heading-order"]["error_name"] == "A heading level is skipped"
    assert messages["image-alt"]["error_name"] == "An image has no alt text"
    assert messages["empty-meta-description"]["help_text"].startswith("Write one or two sentences")
    # Wagtail's own checks that the two custom rules need are still defined.
    assert {rule["id"] for rule in config["spec"]["rules"]} >= {"alt-text-quality", "empty-meta-description"}


def test_userbar_on_a_page_carries_the_content_rules_and_messages(client, author, career_index):
    response = client.get(career_index.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "wagtail-userbar" in html
    _assert_site_configuration(_configuration(html))


def test_editor_checks_panel_uses_the_same_configuration(client, author, career_index):
    response = client.get(f"/admin/pages/{career_index.pk}/edit/")
    assert response.status_code == 200
    _assert_site_configuration(_configuration(response.content.decode()))


def test_visitors_get_no_checker(client, career_index):
    html = client.get(career_index.url).content.decode()
    assert "checker-axe-configuration" not in html
