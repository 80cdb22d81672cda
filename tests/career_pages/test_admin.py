"""An author composes and publishes a career page in the Wagtail admin, with no developer help."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from career_pages.blocks import QuickFactsBlock
from career_pages.models import CareerPage

pytestmark = pytest.mark.django_db


def listblock(items):
    data = {str(i): {"value": item, "deleted": "", "order": str(i), "id": ""} for i, item in enumerate(items)}
    data["count"] = str(len(items))
    return data


def link(anchor="", url="", email="", page=""):
    return {"page": page, "anchor": anchor, "email": email, "url": url}


def role_card(role, education, pay_min, pay_max, period, label):
    return {
        "role": role,
        "education": education,
        "education_note": "Typical required education (but not always)",
        "pay_min": pay_min,
        "pay_max": pay_max,
        "pay_period": period,
        "pay_label": label,
        "occupations": listblock([]),
    }


def section(heading, content, anchor=""):
    return ("section", {"heading": heading, "nav_label": "", "anchor": anchor, "content": streamfield(content)})


def career_form(pay_min="16"):
    return nested_form_data(
        {
            "title": "Community Health Worker",
            "slug": "community-health-worker",
            "tagline": "Trainings and Resources",
            "short_title": "CHW",
            "intro": "Career information and resources",
            "body": streamfield(
                [
                    section(
                        "Get Started",
                        [
                            (
                                "action_cards",
                                {
                                    "intro": "Select what you want to do",
                                    "cards": listblock(
                                        [
                                            {
                                                "label": "Training & Education",
                                                "text": "",
                                                "icon": "training",
                                                "link": link(anchor="get-trained"),
                                            }
                                        ]
                                    ),
                                },
                            )
                        ],
                    ),
                    section(
                        "Quick Facts",
                        [
                            (
                                "quick_facts",
                                {
                                    "checklist_heading": "This career is right for you, if…",
                                    "checklist": listblock(["You know your community."]),
                                    "roles": listblock(
                                        [
                                            role_card(
                                                "Community Health Workers",
                                                "High school diploma",
                                                pay_min,
                                                "28",
                                                "hour",
                                                "Typical pay range",
                                            )
                                        ]
                                    ),
                                },
                            ),
                            (
                                "definition",
                                {
                                    "term": "Community health work",
                                    "definition": rich_text(
                                        "<p>Community health workers link neighbors to care.</p>",
                                        features=["bold", "italic", "link"],
                                    ),
                                    "job_titles_label": "Job titles include:",
                                    "job_titles": listblock(
                                        [
                                            {"title": "Community Health Worker", "description": ""},
                                            {"title": "Peer Navigator", "description": "Shares lived experience"},
                                        ]
                                    ),
                                },
                            ),
                        ],
                    ),
                    section(
                        "Get Trained",
                        [
                            (
                                "call_to_action",
                                {
                                    "heading": "",
                                    "text": "Search trainings.",
                                    "button_label": "Search trainings",
                                    "link": link(url="/trainings/"),
                                },
                            )
                        ],
                    ),
                ]
            ),
            "action-publish": "action-publish",
        }
    )


@pytest.fixture
def author(client):
    user = get_user_model().objects.create_superuser("author", "author@example.org", "a-long-password-123")
    client.force_login(user)
    return user


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("career_pages", "careerpage", parent.pk))


def test_author_creates_and_publishes_a_career_page_in_the_admin(client, author, career_index):
    response = client.get(add_url(career_index))
    assert response.status_code == 200

    response = client.post(add_url(career_index), career_form())
    assert response.status_code == 302, response.content.decode()[:2000]

    page = CareerPage.objects.get(slug="community-health-worker")
    assert page.live
    assert page.owner == author
    assert page.job_titles() == ["Community Health Worker", "Peer Navigator"]

    public = client.get("/careers/community-health-worker/")
    assert public.status_code == 200
    html = public.content.decode()
    assert "Community health workers link neighbors to care." in html
    assert "$16 - $28 per hour" in html
    assert 'href="#get-trained"' in html


def test_admin_shows_the_quick_facts_error_and_saves_nothing(client, author, career_index):
    response = client.post(add_url(career_index), career_form(pay_min="30"))
    assert response.status_code == 200
    assert "The minimum pay must not be above the maximum pay." in response.content.decode()
    assert not CareerPage.objects.filter(slug="community-health-worker").exists()


def test_admin_preview_of_a_career_page_renders(client, author, career_index):
    preview_url = reverse("wagtailadmin_pages:preview_on_add", args=("career_pages", "careerpage", career_index.pk))
    response = client.post(preview_url, career_form())
    assert response.status_code == 200
    assert response.json()["is_valid"] is True
    response = client.get(preview_url)
    assert response.status_code == 200
    assert "Community Health Worker" in response.content.decode()


def test_block_previews_render_for_editors_with_the_site_stylesheet(client, author):
    block = QuickFactsBlock()
    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Typical salary range" in html
    assert "css/site.css" in html


def test_admin_rejects_a_card_that_points_at_a_missing_section(client, author, career_index):
    data = career_form()
    # The only card jumps to #get-trained; rename that section so no section has the anchor.
    heading_keys = [key for key, value in data.items() if key.endswith("-value-heading") and value == "Get Trained"]
    assert heading_keys
    data[heading_keys[0]] = "Get Educated"
    response = client.post(add_url(career_index), data)
    assert response.status_code == 200
    assert "no section of this page has that anchor" in response.content.decode()
    assert not CareerPage.objects.filter(slug="community-health-worker").exists()


def test_admin_edit_view_opens_the_demo_career_page(client, author):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo_content", stdout=StringIO())
    page = CareerPage.objects.get(locale__language_code="en")
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    assert "Quick facts" in response.content.decode()
