"""The front cache (Varnish, a CDN): which responses it may keep, and what each change purges."""

import http.server
import socket
import threading

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import published

from page_cache.front import CloudflareBackend, HTTPBackend

pytestmark = pytest.mark.django_db(transaction=False)

SITE_WILDCARD = "http://localhost/*"


class RecordingBackend:
    """A frontend_cache backend that records each batch of purged URLs."""

    batches = []

    def __init__(self, params):
        self.hostnames = params.get("HOSTNAMES", ["*"])

    def invalidates_hostname(self, hostname):
        return self.hostnames == ["*"] or hostname in self.hostnames

    def purge_batch(self, urls):
        RecordingBackend.batches.append(sorted(urls))


@pytest.fixture
def front_cache(settings):
    settings.WAGTAILFRONTENDCACHE = {"recorder": {"BACKEND": f"{__name__}.RecordingBackend"}}
    settings.FRONT_CACHE_SECONDS = 600
    RecordingBackend.batches = []
    return RecordingBackend.batches


# -- what is purged ----------------------------------------------------------------------------


def test_publishing_a_page_purges_the_site_once_after_commit(front_cache, child, django_capture_on_commit_callbacks):
    child.title = "Renamed child"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        child.save_revision().publish()
        child.save_revision().publish()
    assert front_cache == []  # nothing before the commit: a request in between would cache the old page again
    for callback in callbacks:
        callback()
    assert front_cache == [[SITE_WILDCARD]]


@pytest.mark.parametrize("event", ["unpublish", "move", "delete", "privacy", "privacy removed"])
def test_each_page_event_purges_the_site(front_cache, home, child, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        other = home.add_child(instance=Page(title="Other parent", slug="other-parent"))
        restriction = PageViewRestriction.objects.create(page=child, restriction_type="login")
    front_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if event == "unpublish":
            child.unpublish()
        elif event == "move":
            child.move(other, pos="last-child")
        elif event == "delete":
            child.delete()
        elif event == "privacy":
            PageViewRestriction.objects.create(page=other, restriction_type="password", password="secret")
        else:
            restriction.delete()
    assert front_cache == [[SITE_WILDCARD]]


def test_an_import_purges_the_site_and_a_dry_run_does_not(front_cache, child, django_capture_on_commit_callbacks):
    from directory.employers.importing import EmployerImporter

    with django_capture_on_commit_callbacks(execute=True):
        EmployerImporter(publish=True, dry_run=True).run([])
    assert front_cache == []
    with django_capture_on_commit_callbacks(execute=True):
        EmployerImporter(publish=True).run([])
    assert front_cache == [[SITE_WILDCARD]]


def test_snippet_changes_that_pages_show_purge_the_site(front_cache, child, django_capture_on_commit_callbacks):
    from directory.trainings.models import TrainingProvider

    with django_capture_on_commit_callbacks(execute=True):
        published.send(sender=get_user_model(), instance=None)  # a draft-state snippet (an employer) published
    with django_capture_on_commit_callbacks(execute=True):
        TrainingProvider.objects.create(name="A provider pages show")
    assert front_cache == [[SITE_WILDCARD], [SITE_WILDCARD]]


def test_changes_no_page_shows_purge_nothing(front_cache, child, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        get_user_model().objects.create_user("someone", "someone@example.org", "pw-123456789")
    assert front_cache == []


def test_a_rolled_back_publish_purges_nothing(front_cache, child, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        child.save_revision().publish()
    assert front_cache == []


def test_every_site_is_purged_by_the_backends_that_serve_its_host(front_cache, settings, home, child):
    Site.objects.create(hostname="careers.example.org", port=443, root_page=home)
    settings.WAGTAILFRONTENDCACHE["other"] = {
        "BACKEND": f"{__name__}.RecordingBackend",
        "HOSTNAMES": ["careers.example.org"],
    }
    from page_cache.front import purge_front_cache

    purge_front_cache()
    assert sorted(front_cache) == [[SITE_WILDCARD, "https://careers.example.org/*"], ["https://careers.example.org/*"]]


# -- what a front cache may keep -----------------------------------------------------------------


def test_anonymous_pages_are_shared_for_front_caches_and_revalidated_by_browsers(
    client, front_cache, page_cache, child
):
    for expected_page_cache in ("miss", "hit"):
        response = client.get("/child/")
        assert response["X-Page-Cache"] == expected_page_cache
        assert response["Cache-Control"] == "max-age=0, s-maxage=600"


def test_without_the_page_cache_pages_are_still_shared(client, front_cache, child, settings):
    settings.PAGE_CACHE_ENABLED = False
    assert client.get("/child/")["Cache-Control"] == "max-age=0, s-maxage=600"


def test_signed_in_pages_are_private(client, front_cache, page_cache, child, admin_user):
    client.force_login(admin_user)
    response = client.get("/child/")
    assert response.status_code == 200
    assert "s-maxage" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_forms_with_a_csrf_token_are_private(client, front_cache, page_cache, child):
    PageViewRestriction.objects.create(page=child, restriction_type="password", password="secret")
    response = client.get("/child/")
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert "s-maxage" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_searches_are_private(client, front_cache, page_cache, child):
    response = client.get("/child/?q=nurse")
    assert "s-maxage" not in response.get("Cache-Control", "")
    assert "private" in response["Cache-Control"]


def test_without_a_front_cache_headers_stay_as_the_page_cache_sets_them(client, page_cache, child, settings):
    settings.FRONT_CACHE_SECONDS = 0
    client.get("/child/")
    assert client.get("/child/")["Cache-Control"] == "no-cache"


# -- the backends --------------------------------------------------------------------------------


def _recording_server(handler_body):
    class Handler(http.server.BaseHTTPRequestHandler):
        requests = []

        def do_PURGE(self):
            Handler.requests.append((self.command, self.path, self.headers["Host"]))
            handler_body(self)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, Handler.requests


def test_the_http_backend_sends_purge_to_varnish_with_the_sites_host():
    def ok(handler):
        handler.send_response(200)
        handler.end_headers()

    server, requests = _recording_server(ok)
    try:
        backend = HTTPBackend({"LOCATION": f"http://127.0.0.1:{server.server_port}"})
        backend.purge_batch(["https://careers.example.org/*"])
    finally:
        server.shutdown()
    assert requests == [("PURGE", "/*", "careers.example.org")]


def test_a_varnish_that_does_not_answer_does_not_fail_the_publish(caplog):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # accepts, never answers
        backend = HTTPBackend({"LOCATION": f"http://127.0.0.1:{silent.getsockname()[1]}", "TIMEOUT": 0.2})
        backend.purge("http://localhost/*")
    assert "Could not purge http://localhost/*" in caplog.text


def test_the_cloudflare_backend_purges_the_zone_for_a_wildcard(monkeypatch):
    import requests

    calls = []

    class Answer:
        status_code = 200

        def raise_for_status(self):
            pass

    monkeypatch.setattr(requests, "post", lambda url, json, headers, timeout: calls.append((url, json)) or Answer())
    backend = CloudflareBackend({"ZONEID": "zone123", "BEARER_TOKEN": "token"})
    backend.purge_batch(["https://careers.example.org/*"])
    assert calls == [("https://api.cloudflare.com/client/v4/zones/zone123/purge_cache", {"purge_everything": True})]
