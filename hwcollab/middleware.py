"""A dropped database connection costs no request and no submission.

PostgreSQL connections can die under a running site (a failover, a restart, `pg_terminate_backend`). The pool
checks each connection before handing it out (`CONN_HEALTH_CHECKS`), which covers idle ones; this middleware
covers the connection that dies while a request is using it:

- every request that changes data (POST, PUT, PATCH, DELETE) runs in one transaction, so a failure part way
  leaves nothing half saved (outgoing email is queued in the same database: hwcollab/mail.py); the admins' are
  left as they are (ADMIN_PREFIXES);
- a request whose connection was lost is run again (up to three runs in all), on a fresh connection: a GET because
  it is safe to repeat, a POST because its transaction was rolled back;
- if the last run fails too, the visitor gets a 503 page saying that nothing was saved and to send it again
  (the browser keeps what was typed when they go back), never a stack trace.

Other database errors (a constraint, a timeout) are not retried: they would fail the same way again.
"""

import logging
import sys
import time

from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse
from django.template.response import TemplateResponse

try:
    import psycopg
    import psycopg_pool
except ImportError:  # SQLite-only installs
    psycopg = psycopg_pool = None

logger = logging.getLogger(__name__)

ATTEMPTS = 3
# A server terminating its connections ends them a moment after the call: a connection taken from the pool at
# once may pass its check and die at the next statement. A short pause lets that moment pass.
RETRY_PAUSES = (0.05, 0.25)
# Wagtail's and Django's admins commit as they go, as their views were written for (SQLite checks foreign keys
# only at commit, so one transaction around a whole admin request can fail where its statements would not): their
# POSTs are neither wrapped nor run again. A lost connection there is the 500 it always was.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
LOST_CONNECTION_ERRORS = (OperationalError, InterfaceError)


def connection_lost():
    raw = connection.connection
    if raw is None:
        return True
    # psycopg 3: `broken` once the server has gone; `closed` after that too.
    return bool(getattr(raw, "broken", False) or getattr(raw, "closed", False))


# SQLSTATE classes and codes of a connection that is gone: 08 (connection exception), the server shutting down or
# terminating the backend (57P01-57P03). A cancelled statement (57014) or a constraint is not a lost connection.
LOST_CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03")


def lost_connection(error):
    """Whether `error` means the connection is gone (so the request may be run again on a fresh one).

    The connection itself cannot always tell: when the error leaves an atomic block, Django closes the broken
    connection and may already hold a fresh one. So the error decides, through psycopg's own exception."""
    if isinstance(error, InterfaceError) or connection_lost():
        return True
    cause = error.__cause__
    if psycopg is None or not isinstance(cause, psycopg.OperationalError):
        return False
    if psycopg_pool is not None and isinstance(cause, psycopg_pool.PoolTimeout):
        return False  # the pool waited its timeout already: no server to retry on
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith(LOST_CONNECTION_SQLSTATES)
    # Failures on the client's side of the socket ("server closed the connection unexpectedly") carry no SQLSTATE.
    return True


class _LostConnection(Exception):
    pass


def retryable(request):
    return request.method in SAFE_METHODS or not request.path.startswith(ADMIN_PREFIXES)


def _note_lost_connection(sender, request=None, **kwargs):
    """A lost connection outside the view (a middleware reading the session or the user) becomes a 500 before
    this middleware sees it; Django sends this signal first, so the request can still be run again."""
    error = sys.exc_info()[1]
    if request is None or not retryable(request):
        return
    if isinstance(error, LOST_CONNECTION_ERRORS) and lost_connection(error):
        request._lost_database_connection = True


got_request_exception.connect(_note_lost_connection, dispatch_uid="hwcollab_lost_database_connection")


class RetryOnLostDatabaseConnection:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for attempt in range(1, ATTEMPTS + 1):
            request._lost_database_connection = False
            try:
                response = self._run(request)
            except (_LostConnection, *LOST_CONNECTION_ERRORS) as error:
                # _LostConnection: the view lost it; the others: the commit did (its outcome is unknown to us,
                # but PostgreSQL rolls back a transaction whose connection drops before COMMIT completes).
                if isinstance(error, DatabaseError) and not lost_connection(error):
                    raise
                if not connection.in_atomic_block:  # (a test's own transaction keeps its connection)
                    connection.close()
                if attempt < ATTEMPTS:
                    for upload in request.FILES.values():
                        upload.seek(0)  # the last run may have read it
                    logger.warning(
                        "Lost the database connection during %s %s; trying again.", request.method, request.path
                    )
                    time.sleep(RETRY_PAUSES[attempt - 1])
                    continue
                logger.error(
                    "Lost the database connection %d times during %s %s.", ATTEMPTS, request.method, request.path
                )
                return self._unavailable(request)
            return response
        return self._unavailable(request)

    def _run(self, request):
        if request.method in SAFE_METHODS or not retryable(request):
            response = self.get_response(request)
        else:
            with transaction.atomic():
                request._view_failed = False
                response = self.get_response(request)
                if request._lost_database_connection:
                    raise _LostConnection
                if request._view_failed:
                    # Whatever the view saved before it failed goes, as with any failed request. Here, not in
                    # process_exception: the error page is rendered in between and may read the database.
                    transaction.set_rollback(True)
        if request._lost_database_connection:
            raise _LostConnection
        return response

    def process_exception(self, request, exception):
        request._view_failed = True
        if not retryable(request):
            return None
        if isinstance(exception, LOST_CONNECTION_ERRORS) and lost_connection(exception):
            request._lost_database_connection = True
            # A stand-in answer, so that Django neither logs the error nor renders its 500 page: __call__ retries.
            return HttpResponse(status=503)
        return None

    def _unavailable(self, request):
        response = TemplateResponse(request, "503.html", {"method": request.method}, status=503)
        response["Retry-After"] = "5"
        return response.render()
