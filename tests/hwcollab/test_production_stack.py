"""Health endpoints, request ids in logs, and compression without BREACH."""

import gzip
import json
import logging

import pytest
from django.db import connections

from hwcollab.request_log import RequestIdFilter

pytestmark = pytest.mark.django_db


# -- /healthz/ and /readyz/ ----------------------------------------------------------------------


def test_healthz_answers_and_is_never_cached(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "s-maxage" not in response["Cache-Control"]


def test_readyz_is_ok_when_the_database_and_the_cache_answer(client):
    response = client.get("/readyz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"]


def test_readyz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", broken_cursor)
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "failed", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_is_503_when_redis_does_not_answer(client, settings):
    # A Redis that is not there (nothing listens on port 1): the site's cache still answers (it falls back to
    # memory), but this instance is not ready.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "page_cache.backends.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "failed"}


# -- request ids ---------------------------------------------------------------------------------


def test_the_balancers_request_id_is_kept_and_sent_back(client):
    response = client.get("/healthz/", HTTP_X_REQUEST_ID="3f1c2a9e-balancer-id")
    assert response["X-Request-ID"] == "3f1c2a9e-balancer-id"


@pytest.mark.parametrize("sent", [None, "", "two words", "x" * 200, 'quote"and\nnewline'])
def test_a_missing_or_malformed_request_id_is_replaced(client, sent):
    extra = {} if sent is None else {"HTTP_X_REQUEST_ID": sent}
    response = client.get("/healthz/", **extra)
    assert response["X-Request-ID"] != sent
    assert len(response["X-Request-ID"]) == 32


def test_log_lines_during_a_request_carry_its_id(client, monkeypatch):
    records = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Collect()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("hwcollab.health")
    logger.addHandler(handler)
    monkeypatch.setattr("hwcollab.health.database_ready", lambda: logger.warning("db down") or False)
    try:
        client.get("/readyz/", HTTP_X_REQUEST_ID="req-1234")
    finally:
        logger.removeHandler(handler)
    assert [(record.getMessage(), record.request_id) for record in records] == [("db down", "req-1234")]


def test_the_json_log_format_is_one_object_a_line_with_the_request_id():
    from django.conf import settings
    from pythonjsonlogger.json import JsonFormatter

    config = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(config["format"], rename_fields=config["rename_fields"])
    record = logging.LogRecord("hwcollab.mail", logging.WARNING, __file__, 1, "Could not send %r", ("Hi",), None)
    record.request_id = "req-42"
    line = json.loads(formatter.format(record))
    assert line["level"] == "WARNING"
    assert line["logger"] == "hwcollab.mail"
    assert line["message"] == "Could not send 'Hi'"
    assert line["request_id"] == "req-42"


def test_the_worker_logs_an_email_with_the_id_of_the_request_that_queued_it(settings, monkeypatch, caplog):
    from hwcollab import mail
    from hwcollab.request_log import request_id_context

    seen = []

    def send_and_note(payload, attempt, request_id):
        logging.getLogger("hwcollab.mail").warning("sending")
        seen.append(request_id)
        return "sent"

    monkeypatch.setattr(mail, "_deliver", send_and_note)
    enqueued = []
    task = mail.deliver_email

    class Queue:
        def enqueue(self, payload, **kwargs):
            enqueued.append(kwargs)

    monkeypatch.setattr(mail, "deliver_email", Queue())
    from django.core.mail import EmailMessage

    with request_id_context("req-queued"):
        mail.QueuedEmailBackend().send_messages([EmailMessage("Hi", "Body", to=["a@example.org"])])
    assert enqueued == [{"request_id": "req-queued"}]
    # The worker runs the task later, in another process: the id comes with the task's arguments.
    handler_filter = RequestIdFilter()
    caplog.handler.addFilter(handler_filter)
    try:
        task.func({"subject": "Hi"}, request_id="req-queued")
    finally:
        caplog.handler.removeFilter(handler_filter)
    assert seen == ["req-queued"]
    assert [record.request_id for record in caplog.records if record.getMessage() == "sending"] == ["req-queued"]


# -- compression ---------------------------------------------------------------------------------


@pytest.fixture
def page(home_page):
    return home_page


def test_public_pages_are_compressed(client, page):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert b"<h1" in gzip.decompress(response.content)
    assert "Accept-Encoding" in response["Vary"]


def test_json_is_compressed(client, page):
    response = client.get("/api/v2/pages/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["meta"]["total_count"] >= 1


def test_a_page_with_a_csrf_token_is_not_compressed(client, page):
    response = client.get("/accounts/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert not response.has_header("Content-Encoding")


def test_pages_for_signed_in_visitors_are_not_compressed(client, page, admin_user):
    client.force_login(admin_user)
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
