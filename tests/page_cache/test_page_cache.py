"""The rules of the page cache: who gets a cached page, and what clears it."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from wagtail.models import PageViewRestriction
from wagtail.signals import published

from page_cache.rules import response_is_cacheable

pytestmark = pytest.mark.django_db(transaction=False)


def cache_status(response):
    return response.get("X-Page-Cache")


def test_anonymous_visitor_gets_the_cached_page_without_touching_the_database(
    client, page_cache, home, django_assert_num_queries
):
    first = client.get("/")
    assert first.status_code == 200
    assert cache_status(first) == "miss"
    with django_assert_num_queries(0):
        second = client.get("/")
    assert cache_status(second) == "hit"
    assert second.content == first.content
    assert "Cache test home" in second.content.decode()


def test_browsers_must_revalidate_cached_pages(client, page_cache, home):
    client.get("/")
    response = client.get("/")
    assert cache_status(response) == "hit"
    assert response["Cache-Control"] == "no-cache"
    assert not response.has_header("Expires")


def test_publishing_a_page_refreshes_the_cached_copy(client, page_cache, child, django_capture_on_commit_callbacks):
    assert "Cache test child" in client.get("/child/").content.decode()
    assert cache_status(client.get("/child/")) == "hit"

    child.title = "Renamed child"
    with django_capture_on_commit_callbacks(execute=True):
        child.save_revision().publish()

    response = client.get("/child/")
    assert cache_status(response) == "miss"
    assert "Renamed child" in response.content.decode()


def test_unpublishing_a_page_removes_it_from_the_cache(client, page_cache, child, django_capture_on_commit_callbacks):
    client.get("/child/")
    assert cache_status(client.get("/child/")) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        child.unpublish()
    assert client.get("/child/").status_code == 404


def test_deleting_a_live_page_removes_it_from_the_cache(client, page_cache, child, django_capture_on_commit_callbacks):
    client.get("/child/")
    with django_capture_on_commit_callbacks(execute=True):
        child.delete()
    assert client.get("/child/").status_code == 404


def test_publishing_a_snippet_clears_the_page_cache(page_cache, django_capture_on_commit_callbacks):
    page_cache.set("some-page", "cached html")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        # Two publishes in one transaction: one clear.
        published.send(sender=get_user_model(), instance=None)
        published.send(sender=get_user_model(), instance=None)
    assert len(callbacks) == 1
    assert page_cache.get("some-page") is None


def test_nothing_is_cleared_when_the_publish_rolls_back(page_cache, django_capture_on_commit_callbacks):
    page_cache.set("some-page", "cached html")
    with django_capture_on_commit_callbacks(execute=False):
        published.send(sender=get_user_model(), instance=None)
    assert page_cache.get("some-page") == "cached html"


def test_signed_in_users_are_never_served_or_stored(client, page_cache, home, admin_user):
    anonymous = client.get("/")
    assert cache_status(anonymous) == "miss"

    client.force_login(admin_user)
    signed_in = client.get("/")
    assert cache_status(signed_in) == "skip"
    # The userbar (an editor-only control) shows: not the anonymous copy.
    assert "wagtail-userbar" in signed_in.content.decode()

    client.logout()
    again = client.get("/")
    assert cache_status(again) == "hit"
    assert "wagtail-userbar" not in again.content.decode()


@pytest.mark.parametrize("query", ["?q=care", "?page=2", "?near=12207&radius=25"])
def test_search_and_filtered_results_are_never_cached(client, page_cache, home, query):
    client.get("/" + query)
    assert cache_status(client.get("/" + query)) == "skip"


def test_site_search_results_are_never_cached(client, page_cache, home):
    client.get("/search/?q=cache")
    response = client.get("/search/?q=cache")
    assert response.status_code == 200
    assert cache_status(response) == "skip"


def test_pages_reached_with_tracking_parameters_are_still_cached(client, page_cache, home):
    assert cache_status(client.get("/?utm_source=newsletter")) == "miss"
    assert cache_status(client.get("/?utm_source=newsletter")) == "hit"


def test_previews_are_never_stored_under_the_live_url(client, page_cache, child, admin_user):
    draft = child.get_latest_revision_as_object()
    draft.title = "Unpublished draft title"
    revision = draft.save_revision()

    request = RequestFactory().get("/admin/")
    request.user = admin_user
    request.session = {}
    preview = revision.as_object().make_preview_request(original_request=request)
    assert "Unpublished draft title" in preview.content.decode()
    assert cache_status(preview) != "miss"

    response = client.get("/child/")
    assert cache_status(response) == "miss"
    assert "Unpublished draft title" not in response.content.decode()


def test_a_password_form_is_never_cached(client, page_cache, child):
    # Wagtail's password prompt is a form with a CSRF token tied to the visitor's cookie.
    PageViewRestriction.objects.create(page=child, restriction_type="password", password="secret")
    first = client.get("/child/")
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    # The visitor now sends its CSRF cookie back: still never stored, not even per cookie.
    assert "csrftoken" in client.cookies
    assert cache_status(client.get("/child/")) == "skip"
    assert cache_status(client.get("/child/")) == "skip"


def test_a_response_that_sets_a_cookie_is_not_cacheable():
    from django.http import HttpResponse

    response = HttpResponse("form")
    response.set_cookie("csrftoken", "abc")
    assert response_is_cacheable(response) is False
    assert response_is_cacheable(HttpResponse("page")) is True


def test_the_cache_is_off_when_disabled(client, page_cache, home, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/")
    assert cache_status(client.get("/")) == "skip"


def test_paths_listed_in_the_settings_are_never_cached(client, page_cache, child, settings):
    client.get("/child/")
    assert cache_status(client.get("/child/")) == "hit"
    settings.PAGE_CACHE_SKIPPED_PATHS = ["/child/"]
    assert cache_status(client.get("/child/")) == "skip"
    assert cache_status(client.get("/")) == "miss"


def test_making_a_page_private_hides_the_cached_public_copy(
    client, page_cache, child, django_capture_on_commit_callbacks
):
    client.get("/child/")
    assert cache_status(client.get("/child/")) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=child, restriction_type="login")
    response = client.get("/child/")
    assert response.status_code == 302, "a login-only page sends anonymous visitors to log in"
    assert cache_status(response) == "skip"


def test_making_a_page_public_again_clears_the_cache(client, page_cache, child, django_capture_on_commit_callbacks):
    restriction = PageViewRestriction.objects.create(page=child, restriction_type="password", password="secret")
    client.cookies.clear()
    assert 'name="password"' in client.get("/child/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    client.cookies.clear()
    assert "Cache test child" in client.get("/child/").content.decode()


def test_an_import_clears_the_page_cache(client, page_cache, child, django_capture_on_commit_callbacks):
    from directory.employers.importing import EmployerImporter

    client.get("/child/")
    assert cache_status(client.get("/child/")) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        EmployerImporter(publish=True).run([])
    assert cache_status(client.get("/child/")) == "miss"


def test_a_dry_run_import_leaves_the_page_cache_alone(client, page_cache, child, django_capture_on_commit_callbacks):
    from directory.employers.importing import EmployerImporter

    client.get("/child/")
    with django_capture_on_commit_callbacks(execute=True):
        EmployerImporter(publish=True, dry_run=True).run([])
    assert cache_status(client.get("/child/")) == "hit"


def test_saving_a_snippet_without_drafts_clears_the_page_cache(
    client, page_cache, child, django_capture_on_commit_callbacks
):
    from directory.trainings.models import TrainingProvider

    client.get("/child/")
    with django_capture_on_commit_callbacks(execute=True):
        TrainingProvider.objects.create(name="A provider pages show")
    assert cache_status(client.get("/child/")) == "miss"


def test_random_cookies_and_tracking_parameters_share_one_cached_copy(client, page_cache, child):
    import uuid

    assert cache_status(client.get("/child/")) == "miss"
    for number in range(25):
        client.cookies.clear()
        client.cookies[f"_ga_{number}"] = uuid.uuid4().hex
        assert cache_status(client.get(f"/child/?utm_source={uuid.uuid4().hex}")) == "hit"
    stored = [key for key in page_cache._cache if ":page:" in key]
    assert len(stored) == 1


def test_a_visitor_with_a_session_is_served_fresh_pages(client, page_cache, child, settings):
    client.get("/child/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "anything"
    assert cache_status(client.get("/child/")) == "skip"


def test_the_number_of_stored_pages_is_capped(client, page_cache, child, settings):
    settings.PAGE_CACHE_MAX_ENTRIES = 1
    assert [cache_status(client.get(path)) for path in ("/", "/child/")] == ["miss", "skip"]
    assert cache_status(client.get("/")) == "hit"
    assert cache_status(client.get("/child/")) == "skip"
