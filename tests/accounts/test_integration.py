"""Accounts inside the rest of the site: Save buttons on trainings and employers, the home ZIP as the
default `near` of both searches, and the career page's account promotion block."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from accounts.models import Profile, SavedItem
from career_pages.blocks import AccountPromotionBlock

pytestmark = pytest.mark.django_db


def test_training_detail_has_a_save_button_that_saves(client, visitor, training):
    response = client.get(training.url)
    html = response.content.decode()
    # Signed out: a plain link through sign-in (no form, no CSRF cookie, so the page stays cacheable).
    save_link = f"/accounts/save/training/{training.pk}/?next="
    assert f'href="{save_link}' in html
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in response.cookies
    link_response = client.get(save_link + training.url)
    assert link_response.status_code == 302
    assert link_response["Location"].startswith("/accounts/login/?next=/accounts/save/training/")
    client.force_login(visitor)
    # Back from sign-in, the link asks to confirm the save.
    assert client.get(save_link + training.url).status_code == 200
    html = client.get(training.url).content.decode()
    assert "data-signin-required" not in html
    response = client.post(f"/accounts/save/training/{training.pk}/", {"next": training.url})
    assert response["Location"] == training.url
    html = client.get(training.url).content.decode()
    assert f'action="/accounts/unsave/training/{training.pk}/"' in html
    assert "Remove from my plan" in html


def test_training_search_cards_have_save_buttons_in_one_query(client, visitor, make_training):
    for number in range(3):
        make_training(title=f"Program {number}")
    client.force_login(visitor)
    html = client.get("/trainings/").content.decode()
    assert html.count('class="save-form"') == 3
    assert html.count("js/save-button.js") == 1


def test_employer_directory_and_detail_have_save_buttons(client, visitor, employer):
    client.force_login(visitor)
    listing = client.get("/employers/").content.decode()
    assert f'action="/accounts/save/employer/{employer.pk}/"' in listing
    detail = client.get(f"/employers/{employer.slug}/")
    assert detail.status_code == 200
    assert f'action="/accounts/save/employer/{employer.pk}/"' in detail.content.decode()


def test_home_zip_is_the_default_near_for_both_searches(client, visitor, make_training, make_employer):
    make_training(title="Albany Program", zip_code="12207")
    make_training(title="Buffalo Program", zip_code="14202")
    make_employer(name="Albany Employer", zip_code="12207")
    make_employer(name="Buffalo Employer", zip_code="14202")
    Profile.objects.create(user=visitor, home_zip="12207")

    # Signed out: no default.
    assert "Buffalo Program" in client.get("/trainings/").content.decode()

    client.force_login(visitor)
    trainings = client.get("/trainings/").content.decode()
    assert 'name="near" value="12207"' in trainings
    assert "Albany Program" in trainings and "Buffalo Program" not in trainings
    employers = client.get("/employers/").content.decode()
    assert 'value="12207"' in employers
    assert "Albany Employer" in employers and "Buffalo Employer" not in employers

    # A search the visitor submits is taken as it is, even without a ZIP.
    anywhere = client.get("/trainings/", {"q": "program"}).content.decode()
    assert "Buffalo Program" in anywhere
    anywhere = client.get("/employers/", {"near": ""}).content.decode()
    assert "Buffalo Employer" in anywhere


def test_account_promotion_points_at_sign_up_and_sign_in(visitor):
    block = AccountPromotionBlock()
    value = block.to_python({"text": "Having a HWcollab account…", "benefits": ["Save trainings"]})
    request = RequestFactory().get("/careers/care-coordination/")
    request.user = AnonymousUser()
    html = block.render(value, context={"request": request})
    assert 'href="/accounts/signup/"' in html
    assert 'href="/accounts/login/"' in html
    assert block.get_api_representation(value)["sign_up"]["url"] == "/accounts/signup/"

    request.user = visitor
    html = block.render(value, context={"request": request})
    assert 'href="/accounts/plan/"' in html
    assert "/accounts/signup/" not in html


def test_saved_training_unpublished_later_stays_in_the_plan(client, visitor, training):
    SavedItem.objects.create(user=visitor, kind="training", training=training, title=training.title)
    training.unpublish()
    client.force_login(visitor)
    html = client.get("/accounts/plan/").content.decode()
    assert "No longer listed" in html
    assert training.title in html
