"""A request id in every log line: from the balancer's X-Request-ID header, through the app, to the worker.

HAProxy sets `X-Request-ID` on each request it forwards (deploy/haproxy/haproxy.cfg) unless the client or a
front proxy already did; `RequestIdMiddleware` keeps it for the request's log lines (a new one when the header
is missing or malformed) and sends it back in the response. Email a request queues carries the id to
`manage.py mail_worker`, whose log lines for that message show it too (hwcollab/mail.py).

With `LOG_FORMAT=json` (production's default) each line is one JSON object (python-json-logger) with
`time`, `level`, `logger`, `message` and `request_id`.
"""

import contextlib
import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
# What a balancer or a CDN sends (UUIDs, hex, HAProxy's unique-id): anything else is replaced, so that a
# client cannot write arbitrary text into the logs.
VALID_ID = re.compile(r"^[A-Za-z0-9._:@+=-]{1,128}$")

_current = contextvars.ContextVar("request_id", default="")


def current_request_id():
    return _current.get()


@contextlib.contextmanager
def request_id_context(value):
    token = _current.set(value or "")
    try:
        yield
    finally:
        _current.reset(token)


def new_request_id():
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """MIDDLEWARE: first, so that every other middleware's log lines carry the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        value = request.META.get(META_KEY, "")
        if not VALID_ID.match(value):
            value = new_request_id()
        request.request_id = value
        with request_id_context(value):
            response = self.get_response(request)
        response[HEADER] = value
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id()
        return True
