"""The programs a signed-in visitor chose to compare are kept in their account: they survive signing out, follow the
visitor to another browser, join the ones chosen before signing in, and go with the account's export and deletion."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import PageViewRestriction

from accounts.models import ComparedTraining

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
COMPARE = "/trainings/compare/"


@pytest.fixture
def five(make_training):
    return [make_training(title) for title in ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]]


def sign_in(client, email="ana@example.org"):
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def compared_titles(client):
    response = client.get(COMPARE)
    assert response.status_code == 200, response.get("Location")
    table = BeautifulSoup(response.content, "html.parser").select_one("table.compare__table")
    return [th.a.get_text() for th in table.select('thead th[scope="col"]')] if table else []


def notes(client):
    soup = BeautifulSoup(client.get(COMPARE).content, "html.parser")
    return [li.get_text() for li in soup.select(".training-search__notices li")]


def test_choices_survive_signing_out_and_follow_the_visitor_to_another_browser(client, visitor, five):
    sign_in(client)
    for training in five[:2]:
        client.get(COMPARE, {"add": training.pk})
    assert compared_titles(client) == ["Alpha", "Beta"]
    assert "training_compare" not in client.session  # in the account, not the session
    client.post("/accounts/logout/")
    assert client.get(COMPARE)["Location"] == "/trainings/"  # signed out: nothing chosen in this browser

    elsewhere = Client()
    sign_in(elsewhere)
    assert compared_titles(elsewhere) == ["Alpha", "Beta"]
    elsewhere.get(COMPARE, {"remove": five[0].pk})
    elsewhere.get(COMPARE, {"add": five[2].pk})
    sign_in(client)
    assert compared_titles(client) == ["Beta", "Gamma"]


def test_a_fifth_choice_replaces_the_oldest_and_unknown_ids_are_not_kept(client, visitor, five):
    client.force_login(visitor)
    for training in five:
        client.get(COMPARE, {"add": training.pk})
    assert compared_titles(client) == ["Beta", "Gamma", "Delta", "Epsilon"]
    for bad in ["999999999", "abc", "-1", "99999999999999999999"]:
        assert client.get(COMPARE, {"add": bad}).status_code == 302
    assert list(visitor.compared_trainings.values_list("training__title", flat=True)) == [
        "Beta",
        "Gamma",
        "Delta",
        "Epsilon",
    ]
    # A shared link replaces the choices, as it does in the session.
    client.get(COMPARE, {"ids": f"{five[0].pk},{five[1].pk}"})
    assert compared_titles(client) == ["Alpha", "Beta"]


def test_choices_made_before_signing_in_join_the_accounts_newest_kept(client, visitor, five):
    ComparedTraining.objects.bulk_create(
        ComparedTraining(user=visitor, training=training, position=number) for number, training in enumerate(five[:3])
    )
    for training in [five[2], five[3], five[4]]:  # Gamma again, then Delta and Epsilon, signed out
        client.get(COMPARE, {"add": training.pk})
    client.get(COMPARE, {"add": 999999999})  # not a training: does not push out a real choice
    assert compared_titles(client) == ["Gamma", "Delta", "Epsilon"]
    sign_in(client)
    assert compared_titles(client) == ["Beta", "Gamma", "Delta", "Epsilon"]
    assert "training_compare" not in client.session
    client.post("/accounts/logout/")
    elsewhere = Client()
    sign_in(elsewhere)
    assert compared_titles(elsewhere) == ["Beta", "Gamma", "Delta", "Epsilon"]


def test_signing_in_with_nothing_chosen_keeps_the_accounts_choices(client, visitor, five):
    ComparedTraining.objects.create(user=visitor, training=five[0], position=0)
    ComparedTraining.objects.create(user=visitor, training=five[1], position=1)
    sign_in(client)
    assert compared_titles(client) == ["Alpha", "Beta"]


def test_unpublished_and_private_choices_are_dropped_from_the_table_with_a_note(client, visitor, five):
    client.force_login(visitor)
    for training in five[:4]:
        client.get(COMPARE, {"add": training.pk})
    five[1].unpublish()
    PageViewRestriction.objects.create(page=five[2], restriction_type="password", password="x")
    assert compared_titles(client) == ["Alpha", "Delta"]
    assert notes(client) == ["2 programs could not be shown: no longer published, private or not found."]
    five[0].delete()  # a deleted training leaves the account's choices
    assert list(visitor.compared_trainings.values_list("training__title", flat=True)) == ["Beta", "Gamma", "Delta"]


def test_another_visitors_choices_are_never_shown(client, visitor, other_visitor, five):
    ComparedTraining.objects.create(user=other_visitor, training=five[0], position=0)
    ComparedTraining.objects.create(user=other_visitor, training=five[1], position=1)
    client.force_login(visitor)
    assert client.get(COMPARE)["Location"] == "/trainings/"


def test_the_export_lists_the_choices_and_deleting_the_account_removes_them(client, visitor, five):
    client.force_login(visitor)
    for training in five[:2]:
        client.get(COMPARE, {"add": training.pk})
    five[1].unpublish()
    rows = list(csv.reader(io.StringIO(client.get("/accounts/plan/export.csv").content.decode("utf-8-sig"))))
    chosen = [row for row in rows[1:] if row[0] == "Chosen to compare"]
    assert [row[1:6] for row in chosen] == [
        ["Alpha", "", "", "Yes", f"http://testserver{five[0].url}"],
        ["Beta", "", "", "No longer listed", ""],
    ]
    page = BeautifulSoup(client.get("/accounts/delete/").content, "html.parser")
    assert "the 2 programs you chose to compare." in page.select_one(".warning-panel").get_text()
    client.post("/accounts/delete/", {"password": PASSWORD})
    assert not ComparedTraining.objects.exists()
