"""Saving trainings and employers, the career plan, and keeping each plan private."""

import csv
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.template import Context, Template
from django.test import Client, RequestFactory

from accounts.models import SavedItem

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def save_url(kind, obj):
    return f"/accounts/save/{kind}/{obj.pk}/"


def add(user, obj, kind=None, **fields):
    kind = kind or ("training" if hasattr(obj, "path") else "employer")
    target = {"training": obj} if kind == "training" else {"employer": obj}
    return SavedItem.objects.create(user=user, kind=kind, title=str(obj), **target, **fields)


def test_saving_a_training_and_an_employer_puts_them_in_the_plan(client, visitor, training, employer):
    client.force_login(visitor)
    response = client.post(save_url("training", training), {"next": "/trainings/?q=care"})
    assert response.status_code == 302
    assert response["Location"] == "/trainings/?q=care"
    assert client.post(save_url("employer", employer)).status_code == 302
    # Saving again keeps one item.
    client.post(save_url("training", training))
    assert SavedItem.objects.filter(user=visitor).count() == 2

    html = client.get("/accounts/plan/").content.decode()
    assert html.count("<h1") == 1
    assert "Care Coordination Certificate" in html
    assert "Albany Community Health" in html
    assert "Trainings (1)" in html and "Employers (1)" in html
    assert "No longer listed" not in html


def test_unsafe_next_is_ignored(client, visitor, training):
    client.force_login(visitor)
    response = client.post(save_url("training", training), {"next": "https://evil.example.com/"})
    assert response["Location"] == training.url


def test_only_listed_items_can_be_saved(client, visitor, make_training, make_employer):
    client.force_login(visitor)
    draft_training = make_training(title="Draft", live=False)
    hidden_employer = make_employer(name="Pending Employer", live=False)
    assert client.post(save_url("training", draft_training)).status_code == 404
    assert client.post(save_url("employer", hidden_employer)).status_code == 404
    assert client.post("/accounts/save/course/1/").status_code == 404
    assert not SavedItem.objects.exists()


def test_signed_out_save_goes_to_sign_in_then_completes(client, visitor, training):
    response = client.post(save_url("training", training), {"next": "/trainings/?q=care"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/trainings/%3Fq%3Dcare"
    assert not SavedItem.objects.exists()

    response = client.post(
        "/accounts/login/", {"login": "ana@example.org", "password": PASSWORD, "next": "/trainings/?q=care"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/trainings/?q=care"  # back where they were
    item = SavedItem.objects.get(user=visitor)
    assert item.training == training
    assert "Saved “Care Coordination Certificate” to your career plan." in [
        str(m) for m in get_messages(response.wsgi_request)
    ]


def test_status_and_note(client, visitor, training):
    item = add(visitor, training)
    client.force_login(visitor)
    prefix = f"item-{item.pk}"
    response = client.post(
        f"/accounts/plan/items/{item.pk}/", {f"{prefix}-status": "applied", f"{prefix}-note": "Call Maria on Tuesday"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/plan/#item-{item.pk}"
    item.refresh_from_db()
    assert item.status == "applied"
    assert item.note == "Call Maria on Tuesday"
    html = client.get("/accounts/plan/").content.decode()
    assert "Call Maria on Tuesday" in html
    assert '<option value="applied" selected>' in html


def test_bad_status_or_long_note_is_explained_and_nothing_saved(client, visitor, training):
    item = add(visitor, training, note="Keep me")
    client.force_login(visitor)
    prefix = f"item-{item.pk}"
    response = client.post(
        f"/accounts/plan/items/{item.pk}/", {f"{prefix}-status": "hired", f"{prefix}-note": "x" * 2001}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{prefix}-status_error"' in html
    assert f'id="id_{prefix}-note_error"' in html
    item.refresh_from_db()
    assert (item.status, item.note) == ("interested", "Keep me")


def test_remove_from_plan_and_unsave(client, visitor, training, employer):
    training_item = add(visitor, training)
    add(visitor, employer)
    client.force_login(visitor)
    assert client.post(f"/accounts/plan/items/{training_item.pk}/remove/").status_code == 302
    assert list(SavedItem.objects.values_list("kind", flat=True)) == ["employer"]
    assert client.post(f"/accounts/unsave/employer/{employer.pk}/").status_code == 302
    assert not SavedItem.objects.exists()


def test_csv_export(client, visitor, training, employer):
    add(visitor, training, status="enrolled", note="Starts in May")
    add(visitor, employer, status="contacted", note='=HYPERLINK("http://x")')
    client.force_login(visitor)
    response = client.get("/accounts/plan/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="hwcollab-career-plan-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Type", "Name", "Status", "Private note", "Listed", "Link", "Saved on", "Updated on"]
    by_type = {row[0]: row for row in rows[1:]}
    assert by_type["Training"][1:5] == ["Care Coordination Certificate", "Enrolled", "Starts in May", "Yes"]
    assert by_type["Training"][5] == f"http://testserver{training.url}"
    assert by_type["Employer"][1:5] == ["Albany Community Health", "Contacted", '\'=HYPERLINK("http://x")', "Yes"]
    assert len(rows) == 3


def test_another_users_plan_is_never_visible_or_editable(client, visitor, other_visitor, training):
    theirs = add(other_visitor, training, note="Ben's private note")
    client.force_login(visitor)
    assert "Ben's private note" not in client.get("/accounts/plan/").content.decode()
    assert "Ben" not in client.get("/accounts/plan/export.csv").content.decode()
    prefix = f"item-{theirs.pk}"
    update = client.post(f"/accounts/plan/items/{theirs.pk}/", {f"{prefix}-status": "applied", f"{prefix}-note": "x"})
    assert update.status_code == 404
    assert client.post(f"/accounts/plan/items/{theirs.pk}/remove/").status_code == 404
    theirs.refresh_from_db()
    assert (theirs.status, theirs.note) == ("interested", "Ben's private note")
    # Unsaving the same training only ever touches your own plan.
    client.post(f"/accounts/unsave/training/{training.pk}/")
    assert SavedItem.objects.filter(pk=theirs.pk).exists()


def test_plan_pages_require_sign_in(client, training):
    for url in ["/accounts/plan/", "/accounts/plan/export.csv"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    assert client.post("/accounts/plan/items/1/").status_code == 302


def test_unpublished_or_deleted_employer_shows_as_no_longer_listed(client, visitor, employer, make_employer):
    add(visitor, employer, note="Interview went well")
    gone = make_employer(name="Closed Clinic")
    add(visitor, gone)
    employer.live = False
    employer.save()
    gone.delete()
    client.force_login(visitor)
    response = client.get("/accounts/plan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("No longer listed") == 2
    assert "Albany Community Health" in html and "Closed Clinic" in html
    assert "/employers/albany-community-health/" not in html  # no link to a page that is gone
    assert "Interview went well" in html
    rows = list(csv.reader(io.StringIO(client.get("/accounts/plan/export.csv").content.decode("utf-8-sig"))))
    assert {row[4] for row in rows[1:]} == {"No longer listed"}


def test_save_button_shows_state_and_posts_with_csrf(rf, visitor, training):
    template = Template("{% load accounts_tags %}{% save_button training %}{% save_button training %}")
    request = RequestFactory().get("/trainings/?q=care")
    request.user = visitor
    html = template.render(Context({"request": request, "training": training, "csrf_token": "tok"}))
    assert f'action="/accounts/save/training/{training.pk}/"' in html
    assert 'name="csrfmiddlewaretoken" value="tok"' in html
    assert 'name="next" value="/trainings/?q=care"' in html
    assert "Save to my plan<" in html
    assert html.count("js/save-button.js") == 1

    add(visitor, training)
    request = RequestFactory().get("/trainings/")
    request.user = visitor
    html = template.render(Context({"request": request, "training": training}))
    assert f'action="/accounts/unsave/training/{training.pk}/"' in html
    assert "Remove from my plan<" in html


def test_save_answers_json_for_the_script(client, visitor, training):
    client.force_login(visitor)
    response = client.post(save_url("training", training), HTTP_ACCEPT="application/json")
    assert response.json()["saved"] is True
    assert response.json()["action"] == f"/accounts/unsave/training/{training.pk}/"
    response = client.post(response.json()["action"], HTTP_ACCEPT="application/json")
    assert response.json()["saved"] is False
    assert not SavedItem.objects.exists()


def test_every_post_requires_the_csrf_token(visitor, training, employer):
    item = add(visitor, employer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(visitor)
    posts = [
        (save_url("training", training), {}),
        (f"/accounts/unsave/employer/{employer.pk}/", {}),
        (f"/accounts/plan/items/{item.pk}/", {f"item-{item.pk}-status": "applied"}),
        (f"/accounts/plan/items/{item.pk}/remove/", {}),
        ("/accounts/profile/", {"name": "Mallory"}),
        ("/accounts/delete/", {"password": PASSWORD}),
        (
            "/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": "Xy-12345678", "password2": "Xy-12345678"},
        ),
        ("/accounts/logout/", {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    item.refresh_from_db()
    assert item.status == "interested"
    assert SavedItem.objects.count() == 1
    anonymous = Client(enforce_csrf_checks=True)
    for url, data in [
        ("/accounts/login/", {"login": "ana@example.org", "password": PASSWORD}),
        ("/accounts/signup/", {"email": "x@example.org", "password1": PASSWORD, "password2": PASSWORD}),
        ("/accounts/password/reset/", {"email": "ana@example.org"}),
        (save_url("training", training), {}),
    ]:
        assert anonymous.post(url, data).status_code == 403, url


def test_csrf_token_from_the_form_is_accepted(visitor, training):
    client = Client(enforce_csrf_checks=True)
    client.force_login(visitor)
    client.get("/accounts/profile/")  # a page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(save_url("training", training), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert SavedItem.objects.filter(user=visitor, training=training).exists()


def test_plan_query_count_does_not_grow_with_items(
    client, visitor, make_training, make_employer, django_assert_max_num_queries
):
    for number in range(8):
        add(visitor, make_training(title=f"Training {number}"))
        add(visitor, make_employer(name=f"Employer {number}"))
    client.force_login(visitor)
    # 18 with 1 item or 8: the merged header section links and footer (pages, site, view restrictions, the
    # locale and home page of the page's language, information pages, the funder line; read once, then cached)
    # and the programs chosen to compare add a fixed cost, not one per item. One of the 18 is the content types'
    # query, which a process that has cached them (an earlier test) skips.
    with django_assert_max_num_queries(18):
        assert client.get("/accounts/plan/").status_code == 200


def test_signed_out_save_completes_after_sign_up_and_email_verification(client, training):
    client.post(save_url("training", training), {"next": training.url})
    client.post("/accounts/signup/", {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD})
    assert not SavedItem.objects.exists()  # not signed in yet: nothing saved
    confirm_url = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    client.post(confirm_url)
    item = SavedItem.objects.get()
    assert item.user.email == "new@example.org"
    assert item.training == training


def test_plan_pages_are_never_cached(client, visitor):
    client.force_login(visitor)
    for url in ["/accounts/plan/", "/accounts/plan/export.csv", "/accounts/profile/"]:
        assert "no-store" in client.get(url)["Cache-Control"], url


def test_guessed_or_absurd_ids_are_404(client, visitor):
    client.force_login(visitor)
    for huge in ["9" * 25, "9" * 18, str(2**31)]:
        assert client.post(f"/accounts/plan/items/{huge}/").status_code == 404
        assert client.post(f"/accounts/plan/items/{huge}/remove/").status_code == 404
        assert client.post(f"/accounts/save/training/{huge}/").status_code == 404
        assert client.post(f"/accounts/save/employer/{huge}/").status_code == 404
        assert client.post(f"/accounts/unsave/employer/{huge}/").status_code == 404


def test_save_button_urls_match_reverse_for_every_kind_and_id(rf):
    from django.urls import reverse

    from accounts.templatetags.accounts_tags import _plan_url

    request = rf.get("/trainings/")
    for name in ("accounts:save", "accounts:unsave"):
        for kind in ("training", "employer"):
            for pk in (1, 10, 100, 123456789):
                assert _plan_url(request, name, kind, pk) == reverse(name, args=[kind, pk])


def test_saved_trainings_have_a_compare_control_and_a_link_to_the_comparison(client, visitor, make_training):
    from bs4 import BeautifulSoup

    first, second = make_training("Care Coordination Certificate"), make_training("Community Health Worker Course")
    client.force_login(visitor)
    add(visitor, first)
    add(visitor, second)

    def plan():
        return BeautifulSoup(client.get("/accounts/plan/").content, "html.parser")

    def control(soup, training):
        return soup.select_one(f"#item-{SavedItem.objects.get(training=training).pk} a.compare-button")

    soup = plan()
    assert control(soup, first).get_text() == f"Compare: {first.title}"
    assert not soup.select(".plan-compare a")
    response = client.get(control(soup, first)["href"])
    assert response["Location"] == "/accounts/plan/"  # back to the plan
    soup = plan()
    assert control(soup, first).get_text() == f"Remove from comparison: {first.title}"
    assert "One program is chosen to compare" in soup.select_one(".plan-compare").get_text()
    client.get(control(soup, second)["href"])
    link = plan().select_one(".plan-compare a")
    assert link.get_text() == "Compare your 2 chosen programs"
    table = BeautifulSoup(client.get(link["href"]).content, "html.parser").select_one("table")
    assert [th.a.get_text() for th in table.select('thead th[scope="col"]')] == [first.title, second.title]
    client.get(control(plan(), first)["href"])  # remove from the comparison, from the plan
    soup = plan()
    assert control(soup, first).get_text() == f"Compare: {first.title}"
    assert not soup.select(".plan-compare a")
