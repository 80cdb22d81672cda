"""CareerPage in the API: title, intro, body blocks as structured JSON, hero image, related trainings."""

import pytest
import wagtail_factories

from tests.api.conftest import get_json
from tests.api.factories import demo_site, make_training


@pytest.fixture
def site(db):
    return demo_site()


def blocks_of(data, block_type):
    return [
        child["value"]
        for section in data["body"]
        for child in section["value"]["content"]
        if child["type"] == block_type
    ]


def test_career_listing_and_detail(api_client, site):
    career = site["career"]
    listing = get_json(api_client, "/api/v2/pages/?type=career_pages.CareerPage&fields=intro")
    assert [(item["id"], item["title"], item["intro"]) for item in listing["items"]] == [
        (
            career.pk,
            "Care Coordination & Care Management",
            # The demo's hero intro (career_pages/demo.py), not the model's default.
            "Career information and resources: what care coordinators and care managers do, the education it "
            "takes, what the work pays in New York State, and where to train and find work.",
        )
    ]
    data = get_json(api_client, f"/api/v2/pages/{career.pk}/")
    assert data["title"] == "Care Coordination & Care Management"
    assert data["meta"]["html_url"] == "http://localhost/careers/care-coordination-and-care-management/"
    assert "Care Coordinator" in data["job_titles"]
    sections = data["body"]
    assert sections and all(section["type"] == "section" for section in sections)
    assert {"heading", "anchor", "content"} <= set(sections[0]["value"])


def test_quick_facts_pay_is_numeric(api_client, site):
    data = get_json(api_client, f"/api/v2/pages/{site['career'].pk}/")
    roles = [role for facts in blocks_of(data, "quick_facts") for role in facts["roles"]]
    paid = [role for role in roles if role["pay"]]
    assert paid
    for role in paid:
        pay = role["pay"]
        assert isinstance(pay["min"], int | float) and isinstance(pay["max"], int | float)
        assert pay["min"] <= pay["max"]
        assert pay["period"] in {"hour", "year"}
        assert pay["currency"] == "USD"


def test_definitions_carry_job_title_lists(api_client, site):
    data = get_json(api_client, f"/api/v2/pages/{site['career'].pk}/")
    definitions = {definition["term"]: definition for definition in blocks_of(data, "definition")}
    assert "Care coordination" in definitions
    titles = [job["title"] for job in definitions["Care coordination"]["job_titles"]]
    assert "Care Coordinator" in titles
    assert definitions["Care coordination"]["definition"].startswith("<p>")


def test_action_cards_have_resolved_targets(api_client, site):
    data = get_json(api_client, f"/api/v2/pages/{site['career'].pk}/")
    cards = [card for block in blocks_of(data, "action_cards") for card in block["cards"]]
    assert cards
    for card in cards:
        assert card["link"]["type"] in {"page", "anchor", "email", "url"}
        assert card["link"]["url"]
    anchors = {section["value"]["anchor"] for section in data["body"]}
    for card in cards:
        if card["link"]["type"] == "anchor":
            assert card["link"]["url"].removeprefix("#") in anchors


def test_rich_text_is_html_with_internal_links_resolved(api_client, site):
    career = site["career"]
    career.body = [
        (
            "section",
            {
                "heading": "Links",
                "content": [
                    ("rich_text", f'<p>See <a linktype="page" id="{site["careers"].pk}">all careers</a>.</p>'),
                ],
            },
        )
    ]
    career.save_revision().publish()
    data = get_json(api_client, f"/api/v2/pages/{career.pk}/")
    html = blocks_of(data, "rich_text")[0]
    assert '<a href="/careers/">all careers</a>' in html
    assert "linktype" not in html


def test_hero_image_as_renditions_with_alt(api_client, site):
    career = site["career"]
    image = wagtail_factories.ImageFactory(title="Care coordinator with a patient", file__width=2000, file__height=1000)
    career.hero_image = image
    career.save_revision().publish()
    data = get_json(api_client, f"/api/v2/pages/{career.pk}/")
    hero = data["hero_image"]
    assert (hero["width"], hero["height"]) == (1200, 500)
    assert hero["url"].startswith("/media/images/") and hero["url"].endswith(".jpg")
    assert hero["full_url"].endswith(hero["url"])
    assert hero["alt"] == "Care coordinator with a patient"
    assert (data["hero_image_small"]["width"], data["hero_image_small"]["height"]) == (600, 250)


def test_related_trainings_are_live_ones_only(api_client, site):
    career, index = site["career"], site["training_index"]
    live = make_training(index, "Care Coordination Certificate", careers=[career])
    make_training(index, "Draft Program", careers=[career], publish=False)
    make_training(index, "Unrelated Program")
    data = get_json(api_client, f"/api/v2/pages/{career.pk}/")
    assert [training["title"] for training in data["related_trainings"]] == ["Care Coordination Certificate"]
    summary = data["related_trainings"][0]
    assert summary["id"] == live.pk
    assert summary["meta"]["type"] == "directory.TrainingPage"
    assert summary["meta"]["detail_url"] == f"http://localhost/api/v2/pages/{live.pk}/"
    assert summary["credential"] == "certificate"


def test_related_trainings_stop_at_the_limit_and_the_trainings_endpoint_has_them_all(api_client, site, settings):
    from career_pages import api_fields

    career, index = site["career"], site["training_index"]
    settings.WAGTAILAPI_LIMIT_MAX = 100
    titles = [f"Program {number:02d}" for number in range(api_fields.RELATED_TRAININGS_LIMIT + 3)]
    for title in reversed(titles):
        make_training(index, title, careers=[career])
    data = get_json(api_client, f"/api/v2/pages/{career.pk}/")
    assert [training["title"] for training in data["related_trainings"]] == titles[: api_fields.RELATED_TRAININGS_LIMIT]
    listing = get_json(api_client, f"/api/v2/pages/?type=trainings.TrainingPage&career={career.slug}&limit=100")
    assert listing["meta"]["total_count"] == len(titles)
