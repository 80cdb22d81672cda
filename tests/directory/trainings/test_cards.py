"""Training cards (directory.trainings.cards, {% training_card %}): what a result or featured training shows."""

import random

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.template.defaultfilters import floatformat

from career_pages.models import CareerPage
from directory.trainings.cards import TrainingCard, training_cards
from directory.trainings.models import TrainingPage
from search.backends.schema import ENTRY_OBJECT_INDEX

from .factories import create_trainings
from .helpers import site_pages  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainings(site_pages):  # noqa: F811
    career = site_pages["career"].slug
    return create_trainings(
        [
            {"title": "Care Coordinator Certificate", "cost": 1500, "related_careers": [career]},
            {"title": "Free Online Course", "delivery_format": "online", "city": "", "zip_code": "", "cost": 0},
            {"title": "One Month Program", "length_value": 1, "length_unit": "months", "cost": None},
            {"title": "Hourly Workshop", "length_value": 1, "length_unit": "hours", "cost": "99.50"},
        ],
    )


def test_cards_show_what_the_training_page_shows(trainings, rf):
    request = rf.get("/trainings/")
    cards = training_cards(TrainingPage.objects.live(), [t.pk for t in trainings], request=request)
    assert [card.pk for card in cards] == [t.pk for t in trainings]
    for card, page in zip(cards, trainings, strict=True):
        page = TrainingPage.objects.get(pk=page.pk)
        assert card.title == page.title
        assert card.url == page.get_url(request)
        assert card.provider_name == page.provider_name
        assert card.credential_label == page.get_credential_display()
        assert card.format_label == page.get_delivery_format_display()
        assert card.cost_display == page.cost_display
        assert card.length_display == page.length_display
        assert card.location_display == page.location_display
        assert card.is_online == page.is_online
    assert [card.cost_display for card in cards] == ["$1,500", "Free", "Not reported", "$99.50"]
    assert [card.length_display for card in cards] == ["10 weeks", "10 weeks", "1 month", "1 hour"]
    assert cards[1].location_display == "Online"


def test_card_urls_follow_wagtail_for_any_slug(trainings, rf):
    request = rf.get("/trainings/")
    page = TrainingPage.objects.get(pk=trainings[0].pk)
    page.slug = "coordinación-de-cuidados"
    page.save()
    page.refresh_from_db()
    [card] = training_cards(TrainingPage.objects.live(), [page.pk], request=request)
    assert card.url == page.get_url(request) == "/trainings/coordinaci%C3%B3n-de-cuidados/"
    [card] = training_cards(TrainingPage.objects.live(), [page.pk])  # no request (the API)
    assert card.url == page.get_url()


def test_cards_keep_the_order_of_the_ids_and_leave_out_the_others(trainings):
    draft = trainings[2]
    draft.unpublish()
    ids = [trainings[3].pk, draft.pk, 999_999, trainings[0].pk]
    cards = training_cards(TrainingPage.objects.live(), ids)
    assert [card.pk for card in cards] == [trainings[3].pk, trainings[0].pk]
    assert training_cards(TrainingPage.objects.live(), []) == []


def test_cards_list_the_live_careers_by_title(trainings, site_pages):  # noqa: F811
    career = site_pages["career"]
    second = CareerPage(title="Another Career", slug="another-career")
    career.get_parent().add_child(instance=second)
    hidden = CareerPage(title="A Draft Career", slug="a-draft-career", live=False)
    career.get_parent().add_child(instance=hidden)
    trainings[0].related_careers.add(second, hidden)
    trainings[0].save()
    [card] = training_cards(TrainingPage.objects.live(), [trainings[0].pk], with_careers=True)
    assert card.careers == ["Another Career", career.title]
    [card] = training_cards(TrainingPage.objects.live(), [trainings[0].pk])
    assert card.careers == []


def test_distance_label_rounds_as_floatformat():
    card = TrainingCard(
        pk=1,
        title="",
        slug="",
        url_path="",
        live=True,
        provider_name="",
        credential="",
        delivery_format="in-person",
        cost=None,
        length_value=None,
        length_unit="",
        city="",
        state="",
        latitude=None,
        longitude=None,
    )
    assert card.distance_label == ""
    values = [0.0, 0.05, 0.15, 0.25, 2.25, 4.2, 136.45, 99.95, 1234.56] + [
        random.Random(seed).uniform(0, 300) for seed in range(200)
    ]
    for value in values:
        card.distance_miles = value
        assert card.distance_label == floatformat(value, 1), value


def render_card(card, request, **options):
    request.user = AnonymousUser()
    template = Template("{% load training_tags %}{% training_card card heading_level=level show_careers=careers %}")
    context = {"card": card, "request": request, "level": options.get("level", 3), "careers": True}
    return template.render(Context(context))


def test_card_markup_is_escaped_and_complete(trainings, rf):
    page = TrainingPage.objects.get(pk=trainings[0].pk)
    page.title = "<script>alert(1)</script> & more"
    page.save()
    request = rf.get("/trainings/?q=care&near=12207")
    [card] = training_cards(TrainingPage.objects.live(), [page.pk], request=request, with_careers=True)
    card.distance_miles = 4.25
    html = render_card(card, request)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert f'<h3 class="training-card__title"><a href="{page.get_url(request)}">' in html
    assert '<span class="training-card__distance">4.3 miles</span>' in html
    assert "<dt>Cost</dt><dd>$1,500</dd>" in html
    assert "Careers: Care Coordination &amp; Care Management" in html
    # Signed out: the save button is a link through sign-in, back to this search.
    assert f"/{page.pk}/?next=/trainings/%3Fq%3Dcare%26near%3D12207" in html
    assert "<h4" in render_card(card, request, level=4)


def test_card_without_url_shows_its_title_without_a_link(trainings, rf):
    [card] = training_cards(TrainingPage.objects.live(), [trainings[0].pk])
    card.url = None
    html = render_card(card, rf.get("/"))
    assert '<h3 class="training-card__title">Care Coordinator Certificate</h3>' in html


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the index is SQLite's")
def test_sqlite_search_entries_have_the_object_id_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [ENTRY_OBJECT_INDEX])
        [(sql,)] = cursor.fetchall()
    assert "(content_type_id, id, object_id)" in sql
