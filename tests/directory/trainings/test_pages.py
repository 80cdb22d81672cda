import json
import re

import pytest
from wagtail.models import Page

from directory.trainings import demo
from directory.trainings.models import TrainingPage

from .factories import create_trainings
from .helpers import site_pages  # noqa: F401

pytestmark = pytest.mark.django_db


def test_detail_page_shows_every_field_and_json_ld(client, site_pages):  # noqa: F811
    create_trainings(
        [
            {
                "title": "Care Coordination Certificate",
                "summary": "Learn <b>care</b> coordination.",
                "cost": 1500,
                "cost_note": "Financial aid available",
                "street_address": "1 Main St",
                "related_careers": [site_pages["career"].slug],
                "languages": ["en", "es"],
                "contact_email": "a@example.org",
            }
        ],
    )
    training = TrainingPage.objects.get()
    html = client.get(training.url).content.decode()
    assert html.count("<h1") == 1
    for text in [
        "Acme College",
        "Certificate",
        "In person",
        "Part-time",
        "$1,500",
        "Financial aid available",
        "10 weeks",
        "English, Spanish",
        "1 Main St",
        "Albany, NY 12207",
        "a@example.org",
    ]:
        assert text in html
    assert "Learn &lt;b&gt;care&lt;/b&gt; coordination." in html
    assert f'<a href="{site_pages["career"].url}">Care Coordination &amp; Care Management</a>' in html
    # Empty fields say so.
    # What is not reported is said once, in one line, rather than beside each empty fact.
    assert html.count("Not reported") == 1
    assert "Not reported: minimum education or licence, prerequisites, next start date, ways to pay, support" in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "EducationalOccupationalProgram"
    assert data["provider"]["name"] == "Acme College"
    assert data["offers"]["price"] == "1500.00"
    assert data["timeToComplete"] == "P10W"
    assert data["occupationalCategory"] == ["Care Coordination & Care Management"]


def test_json_ld_cannot_break_out_of_its_script(client, site_pages):  # noqa: F811
    create_trainings([{"title": "Evil </script><script>alert(1)</script>"}])
    html = client.get(TrainingPage.objects.get().url).content.decode()
    assert "<script>alert(1)" not in html


def test_empty_training_says_not_reported(client, site_pages):  # noqa: F811
    create_trainings(
        [
            {
                "title": "Bare",
                "credential": "",
                "delivery_format": "",
                "schedule": "",
                "zip_code": "",
                "city": "",
                "state": "",  # the page's Location shows a state alone ("NY"): a bare training has none
                "cost": None,
                "length_value": None,
                "length_unit": "",
                "languages": [],
                "provider": None,
            }
        ],
    )
    html = client.get(TrainingPage.objects.get().url).content.decode()
    assert html.count("Not reported") == 1
    line = html.split('class="training-detail__not-reported">')[1].split("</p>")[0]
    for label in ["provider", "credential", "format", "schedule", "length", "languages", "location", "total cost"]:
        assert label in line
    assert "outcomes" in line
    assert "<dt>Credential</dt>" not in html  # an empty fact is left out, not shown as 0 or blank


def test_training_index_accepts_only_trainings(site_pages):  # noqa: F811
    from directory.trainings.models import TrainingIndexPage

    assert TrainingIndexPage.allowed_subpage_models() == [TrainingPage]
    assert TrainingPage.allowed_parent_page_models() == [TrainingIndexPage]


def test_demo_trainings_are_idempotent(site_pages):  # noqa: F811
    first = demo.load_demo_trainings(site_pages["career"])
    assert first["created"] == len(demo.DEMO_TRAININGS) == 12
    pages_before = Page.objects.count()
    second = demo.load_demo_trainings(site_pages["career"])
    assert second == {"created": 0, "updated": 0, "unchanged": 12}
    assert Page.objects.count() == pages_before
    cities = set(TrainingPage.objects.values_list("city", flat=True))
    assert {"New York", "Albany", "Buffalo", "Rochester", "Syracuse", ""} <= cities
    assert TrainingPage.objects.filter(delivery_format="online").count() == 3
    assert all("Fictional" in summary for summary in TrainingPage.objects.values_list("summary", flat=True))


def test_demo_career_page_gets_the_training_blocks(client, site_pages):  # noqa: F811
    career = site_pages["career"]
    demo.load_demo_trainings(career)
    demo.load_demo_trainings(career)
    career.refresh_from_db()
    html = client.get(career.url).content.decode()
    assert f'<input type="hidden" name="career" value="{career.slug}">' in html
    assert html.count("training-card__title") == 3
    types = [child.block_type for section in career.body for child in section.value["content"]]
    assert types.count("training_search") == 1 and types.count("featured_trainings") == 1
