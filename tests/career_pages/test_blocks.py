from decimal import Decimal

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from django.test import override_settings
from wagtail.blocks import StreamValue
from wagtail.rich_text import RichText

from career_pages import blocks
from home.blocks import HomeCardBlock

CONTENT_BLOCKS = sorted(blocks.CareerSectionContentBlock.base_blocks.items())
OTHER_BLOCKS = [
    ("section", blocks.CareerSectionBlock()),
    ("role_facts", blocks.RoleFactsBlock()),
    ("job_title", blocks.JobTitleBlock()),
    ("action_card", blocks.ActionCardBlock()),
    ("home_card", HomeCardBlock()),
]
ALL_BLOCKS = CONTENT_BLOCKS + OTHER_BLOCKS


def render(block, value):
    return block.render(value, context={})


@pytest.mark.parametrize(("name", "block"), ALL_BLOCKS, ids=[name for name, _ in ALL_BLOCKS])
def test_every_block_declares_what_editors_need(name, block):
    meta = block.meta
    assert meta.template, name
    assert meta.icon and meta.icon != "placeholder", name
    assert meta.label, name
    assert meta.help_text, name


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "block"), ALL_BLOCKS, ids=[name for name, _ in ALL_BLOCKS])
def test_every_block_has_a_preview_that_renders(name, block):
    if name == "image":
        wagtail_factories.ImageFactory(title="Care team meeting")
    assert block.is_previewable, name
    html = render(block, block.get_preview_value())
    assert len(html.strip()) > 20, name
    if name == "image":
        assert 'alt="Care team meeting"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "block"), ALL_BLOCKS, ids=[name for name, _ in ALL_BLOCKS])
@pytest.mark.parametrize("raw", [None, {}, {"unknown": "x"}], ids=["none", "empty", "unknown-keys"])
def test_every_block_renders_empty_and_bad_values_without_error(name, block, raw):
    value = block.to_python(raw) if raw is not None else block.get_default()
    html = render(block, value)
    assert "None" not in html, f"{name} shows 'None' for an empty value"


@pytest.mark.django_db
def test_image_block_renders_contextual_alt_text_and_caption():
    image = wagtail_factories.ImageFactory()
    block = blocks.FigureBlock()
    value = block.to_python({"image": {"image": image.pk, "decorative": False, "alt_text": "A care manager on a call"}})
    value["caption"] = "Care managers spend much of the day on the phone."
    html = render(block, value)
    assert 'alt="A care manager on a call"' in html
    assert "<figcaption>Care managers spend much of the day on the phone.</figcaption>" in html
    api = block.get_api_representation(value)
    assert api["alt"] == "A care manager on a call"
    assert api["url"].endswith(".webp") or api["url"]


# --- Quick facts ------------------------------------------------------------------------------


def role(**overrides):
    block = blocks.RoleFactsBlock()
    data = {
        "role": "Care Coordinators",
        "education": "GED or Bachelor’s degree",
        "education_note": "Typical required education (but not always)",
        "pay_min": "16",
        "pay_max": "38",
        "pay_period": "hour",
        "pay_label": "Typical pay range",
        **overrides,
    }
    return block, block.to_python(data)


def test_quick_facts_minimum_above_maximum_is_a_validation_error():
    block, value = role(pay_min="40", pay_max="38")
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "pay_min" in error.value.block_errors
    assert "must not be above the maximum" in str(error.value.block_errors["pay_min"])


def test_quick_facts_equal_minimum_and_maximum_is_valid():
    block, value = role(pay_min="20", pay_max="20")
    assert block.clean(value)["pay_min"] == Decimal(20)


def test_quick_facts_error_reaches_the_editor_through_the_stream():
    quick_facts = blocks.QuickFactsBlock()
    value = quick_facts.to_python({"checklist": [], "roles": [role(pay_min="60000", pay_max="42000")[1]]})
    with pytest.raises(ValidationError):
        quick_facts.clean(value)


def test_hourly_pay_shows_its_yearly_equivalent_at_2080_hours():
    block, value = role()
    html = render(block, value)
    assert "$16 - $38 per hour" in html
    assert "about $33,280 - $79,040 per year" in html
    assert "Typical pay range" in html


def test_yearly_pay_shows_its_hourly_equivalent():
    block, value = role(pay_min="42000", pay_max="60000", pay_period="year", pay_label="Typical salary range")
    html = render(block, value)
    assert "$42,000 - $60,000 per year" in html
    assert "about $20.19 - $28.85 per hour" in html


def test_pay_bars_share_one_scale_across_roles_and_careers():
    quick_facts = blocks.QuickFactsBlock()
    value = quick_facts.to_python(
        {
            "checklist": ["You like helping people."],
            "roles": [
                {"role": "A", "education": "x", "pay_min": "16", "pay_max": "38", "pay_period": "hour"},
                {"role": "B", "education": "y", "pay_min": "42000", "pay_max": "60000", "pay_period": "year"},
            ],
        }
    )
    html = render(quick_facts, value)
    # The site's one scale, $0 to $240,000 a year, whatever the page's ranges: hourly 16*2080=33,280 -> 13.9%,
    # 38*2080=79,040 -> 32.9%; yearly 42,000 -> 17.5%, 60,000 -> 25%.
    assert 'x="13.9" width="19.1"' in html
    assert 'x="17.5" width="7.5"' in html
    assert "from $0 to $240,000 a year" in html
    other = quick_facts.to_python(
        {"checklist": [], "roles": [{"role": "C", "education": "z", "pay_min": "42000", "pay_max": "60000"}]}
    )
    other["roles"][0]["pay_period"] = "year"
    # Another career's card with the same range draws the same bar.
    assert 'x="17.5" width="7.5"' in render(quick_facts, other)


def test_role_with_stored_bad_range_renders_without_a_range():
    block, value = role(pay_min="50", pay_max="10")
    html = render(block, value)
    assert "Pay not yet available" in html
    assert "pay-bar" not in html


def test_quick_facts_api_gives_numbers_not_strings():
    quick_facts = blocks.QuickFactsBlock()
    value = quick_facts.to_python(
        {"checklist": ["A"], "roles": [{"role": "A", "pay_min": "16.50", "pay_max": "38", "pay_period": "hour"}]}
    )
    api = quick_facts.get_api_representation(value)
    assert api["checklist"] == ["A"]
    pay = api["roles"][0]["pay"]
    assert pay["min"] == 16.5
    assert pay["max"] == 38
    assert pay["period"] == "hour"
    assert pay["annual_min"] == 34320
    assert pay["annual_max"] == 79040


# --- Definitions, links, sections ----------------------------------------------------------------


def test_definition_renders_job_titles_and_api_lists_them():
    block = blocks.DefinitionBlock()
    value = block.to_python(
        {
            "term": "Care management",
            "definition": "<p>Care management is a process.</p>",
            "job_titles_label": "Job titles include:",
            "job_titles": [{"title": "Care Manager", "description": ""}, {"title": "RN Case Manager"}],
        }
    )
    html = render(block, value)
    assert "<h3" in html and "Care management</h3>" in html
    assert "Care management is a process." in html
    assert html.index("Care Manager") < html.index("RN Case Manager")
    api = block.get_api_representation(value)
    assert api["job_titles"] == [
        {"title": "Care Manager", "description": ""},
        {"title": "RN Case Manager", "description": ""},
    ]
    assert api["definition"] == "<p>Care management is a process.</p>"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Choose a target."),
        ({"anchor": "get-trained", "url": "/trainings/"}, "Choose only one target"),
        ({"url": "javascript:alert(1)"}, None),
        ({"url": "//evil.example.com"}, None),
        ({"anchor": "Get Trained"}, None),
    ],
)
def test_link_block_rejects_no_target_two_targets_and_bad_urls(data, error):
    block = blocks.LinkBlock()
    value = block.to_python(data)
    with pytest.raises(ValidationError) as raised:
        block.clean(value)
    if error:
        assert error in str(raised.value.non_block_errors)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "href"),
    [
        ({"anchor": "get-trained"}, "#get-trained"),
        ({"url": "/trainings/"}, "/trainings/"),
        ({"url": "https://www.health.ny.gov/"}, "https://www.health.ny.gov/"),
        ({"email": "info@example.org"}, "mailto:info@example.org"),
    ],
)
def test_link_block_resolves_each_kind_of_target(data, href):
    block = blocks.LinkBlock()
    value = block.clean(block.to_python(data))
    assert value.href == href
    assert block.get_api_representation(value)["url"] == href


@pytest.mark.django_db
def test_action_card_api_gives_the_resolved_page_target(home_page):
    block = blocks.ActionCardBlock()
    value = block.to_python({"label": "Home", "icon": "info", "link": {"page": home_page.pk}})
    api = block.get_api_representation(value)
    assert api["link"] == {"type": "page", "url": "/", "page": {"id": home_page.pk, "title": home_page.title}}
    assert 'href="/"' in render(block, value)


def test_section_renders_heading_and_anchor_and_leaves_back_to_top_to_the_page():
    block = blocks.CareerSectionBlock()
    value = block.to_python(
        {"heading": "Where they work", "content": [{"type": "rich_text", "value": "<p>Hospitals.</p>"}]}
    )
    html = render(block, value)
    assert '<section class="career-section" id="where-they-work"' in html
    assert '<h2 id="where-they-work-heading"' in html
    assert "Hospitals." in html
    # One "Back to top" ends the career page (career_page.html); one per section made eight.
    assert "Back to top" not in html


def test_section_content_offers_the_career_page_blocks():
    names = set(blocks.CareerSectionContentBlock().child_blocks)
    assert {
        "action_cards",
        "quick_facts",
        "definition",
        "comparison",
        "callout",
        "rich_text",
        "list_section",
        "image",
        "call_to_action",
        "account_promotion",
    } <= names


@pytest.mark.django_db
def test_account_promotion_points_at_the_account_pages_over_the_editors_page(home_page):
    block = blocks.AccountPromotionBlock()
    value = block.to_python({"text": "Join.", "sign_up_page": home_page.pk, "sign_in_label": "Sign in"})
    html = render(block, value)
    assert 'href="/accounts/signup/"' in html
    assert 'href="/accounts/login/"' in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.career_pages.urls_without_accounts")
def test_account_promotion_falls_back_to_the_editors_page_without_account_pages(home_page):
    block = blocks.AccountPromotionBlock()
    value = block.to_python(
        {
            "text": "Join.",
            "sign_up_label": "Create a free account",
            "sign_up_page": home_page.pk,
            "sign_in_label": "Sign in",
        }
    )
    html = render(block, value)
    assert 'href="/">Create a free account</a>' in html
    assert "Sign in</a>" not in html  # no page chosen and no account pages: no dead button


def test_rich_text_block_renders_html():
    block = blocks.CareerRichTextBlock()
    assert "<p>Education is essential.</p>" in render(block, RichText("<p>Education is essential.</p>"))


def test_stream_of_sections_renders_in_order():
    body = blocks.CareerBodyBlock()
    value = StreamValue(
        body,
        [
            ("section", body.child_blocks["section"].to_python({"heading": "First", "content": []})),
            ("section", body.child_blocks["section"].to_python({"heading": "Second", "content": []})),
        ],
    )
    html = body.render(value)
    assert html.index("First") < html.index("Second")


def test_a_section_holds_at_most_one_quick_facts_block():
    content = blocks.CareerSectionContentBlock()
    quick_facts = {"checklist": ["A"], "roles": []}
    value = content.to_python([{"type": "quick_facts", "value": quick_facts}] * 2)
    with pytest.raises(ValidationError):
        content.clean(value)
    content.clean(content.to_python([{"type": "quick_facts", "value": quick_facts}]))
