"""A submission is never lost: not to the mail server, not to a dropped database connection, not to abuse."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import WorkflowState

from directory.employers.models import CareerJobTitle, EmployerSnippet
from directory.fields import MAX_CHOSEN_VALUES
from tests.directory.employers.test_submission import URL, VALID

pytestmark = pytest.mark.django_db

QUEUED = "hwcollab.mail.QueuedEmailBackend"
DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


class RefusingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every connection."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP refused the connection")


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


def in_moderation(employer):
    return WorkflowState.objects.filter(object_id=str(employer.pk), status=WorkflowState.STATUS_IN_PROGRESS).exists()


def test_a_refusing_mail_server_neither_fails_nor_loses_the_submission(client, directory_page, moderator, settings):
    settings.EMAIL_BACKEND = QUEUED
    settings.MAIL_DELIVERY_BACKEND = "tests.directory.employers.test_submission_reliability.RefusingEmailBackend"
    response = client.post(URL, VALID)
    assert response.status_code == 302
    employer = EmployerSnippet.objects.get(name=VALID["name"])
    assert in_moderation(employer), "the submission enters moderation whatever the mail server does"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker manages its own transactions
def test_with_the_database_queue_the_request_sends_nothing_and_the_worker_sends_it(
    client, directory_page, moderator, settings
):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.EMAIL_BACKEND = QUEUED
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = DATABASE_QUEUE
    response = client.post(URL, VALID)
    assert response.status_code == 302
    assert mail.outbox == [], "no request waits on the mail server"
    queued = [row.args_kwargs["args"][0]["subject"] for row in DBTaskResult.objects.all()]
    assert f"Employer listing to review: {VALID['name']}" in queued
    call_command("db_worker", "--batch", "--backend", "mail", "--no-startup-delay", verbosity=0)
    assert f"Employer listing to review: {VALID['name']}" in [message.subject for message in mail.outbox]


def test_a_failed_delivery_is_tried_again_later(settings):
    from django_tasks_db.models import DBTaskResult

    from hwcollab.mail import deliver_email, message_to_payload

    settings.MAIL_DELIVERY_BACKEND = "tests.directory.employers.test_submission_reliability.RefusingEmailBackend"
    settings.TASKS = DATABASE_QUEUE
    payload = message_to_payload(mail.EmailMessage("Hello", "Body", "from@hwcollab.test", ["to@hwcollab.test"]))
    assert deliver_email.call(payload) == "retrying"
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after is not None, "the next attempt waits"


def test_the_last_attempt_gives_up_with_the_error(settings):
    from hwcollab.mail import RETRY_DELAYS, deliver_email, message_to_payload

    settings.MAIL_DELIVERY_BACKEND = "tests.directory.employers.test_submission_reliability.RefusingEmailBackend"
    settings.TASKS = DATABASE_QUEUE
    payload = message_to_payload(mail.EmailMessage("Hello", "Body", "from@hwcollab.test", ["to@hwcollab.test"]))
    with pytest.raises(ConnectionRefusedError):
        deliver_email.call(payload, attempt=len(RETRY_DELAYS) + 1)


def test_a_queued_message_keeps_its_html_part_and_attachments(settings):
    from hwcollab.mail import message_to_payload, payload_to_message

    message = mail.EmailMultiAlternatives("Subject", "Text", "from@hwcollab.test", ["to@hwcollab.test"])
    message.attach_alternative("<p>HTML</p>", "text/html")
    message.attach("list.csv", b"a,b\n1,2\n", "text/csv")
    copy = payload_to_message(message_to_payload(message))
    assert copy.alternatives[0][:2] == ("<p>HTML</p>", "text/html")
    filename, content, mimetype = copy.attachments[0][:3]
    assert (filename, mimetype) == ("list.csv", "text/csv")
    assert content in ("a,b\n1,2\n", b"a,b\n1,2\n")  # Django decodes text attachments
    assert copy.to == ["to@hwcollab.test"]


class LoseConnection:
    """Fails the first `times` statements that contain `fragment`, as a connection the server terminated would."""

    def __init__(self, fragment, times=1):
        self.fragment = fragment
        self.times = times
        self.failures = 0

    def __call__(self, execute, sql, params, many, context):
        if self.failures < self.times and self.fragment in sql:
            self.failures += 1
            self.lose(context["connection"])
        return execute(sql, params, many, context)

    def lose(self, connection):
        raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def lost_connections_detected(monkeypatch):
    # The injected error leaves the test's connection working; the middleware must believe it was lost.
    monkeypatch.setattr("hwcollab.middleware.connection_lost", lambda: True)


def test_a_submission_whose_connection_drops_midway_is_saved_once_in_moderation(
    client, directory_page, moderator, lost_connections_detected
):
    failure = LoseConnection('INSERT INTO "wagtailcore_workflowstate"')
    with connection.execute_wrapper(failure):
        response = client.post(URL, VALID)
    assert failure.failures == 1
    assert response.status_code == 302
    employers = list(EmployerSnippet.objects.filter(name=VALID["name"]))
    assert len(employers) == 1, "the first, failed try left nothing behind"
    assert in_moderation(employers[0])
    assert len([message for message in mail.outbox if "Employer listing to review" in message.subject]) == 1


def test_a_page_whose_connection_drops_is_served_from_a_fresh_one(client, directory_page, lost_connections_detected):
    failure = LoseConnection("SELECT")
    with connection.execute_wrapper(failure):
        response = client.get("/employers/")
    assert failure.failures == 1
    assert response.status_code == 200


def test_a_connection_lost_while_a_middleware_reads_the_session_is_retried(
    directory_page, lost_connections_detected, django_user_model
):
    from django.test import Client

    user = django_user_model.objects.create_user("visitor", "visitor@example.org", "pw")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    failure = LoseConnection('FROM "django_session"')
    with connection.execute_wrapper(failure):
        response = client.get("/employers/")
    assert failure.failures == 1
    assert response.status_code == 200


def test_a_connection_lost_at_every_try_answers_503_and_saves_nothing(
    client, directory_page, moderator, lost_connections_detected
):
    failure = LoseConnection('INSERT INTO "wagtailcore_workflowstate"', times=10)
    with connection.execute_wrapper(failure):
        response = client.post(URL, VALID)
    assert failure.failures == 3
    assert response.status_code == 503
    assert "nothing was saved" in response.content.decode()
    assert not EmployerSnippet.objects.filter(name=VALID["name"]).exists()


def test_other_database_errors_are_not_retried(client, directory_page, monkeypatch):
    failure = LoseConnection("SELECT")
    with connection.execute_wrapper(failure), pytest.raises(OperationalError):
        client.get("/employers/")
    assert failure.failures == 1


def test_thousands_of_values_are_refused_before_any_is_checked(client, directory_page):
    CareerJobTitle.objects.create(page=directory_page, title="Care Coordinator")
    data = {**VALID, "job_titles": [f"Title {number}" for number in range(5_000)]}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, data)
    assert response.status_code == 400
    assert f"Choose at most {MAX_CHOSEN_VALUES} options." in response.content.decode()
    assert len(queries) < 40, "the work does not grow with the number of values"
    assert not EmployerSnippet.objects.exists()


def test_more_fields_than_any_form_has_are_refused_by_django(client, directory_page):
    data = {**VALID, "job_titles": [f"Title {number}" for number in range(10_000)]}
    response = client.post(URL, data)
    assert response.status_code == 400
    assert not EmployerSnippet.objects.exists()


def test_the_rate_limit_answers_before_the_form_is_validated(client, directory_page, monkeypatch):
    monkeypatch.setattr("directory.employers.views.rate_limited", lambda request: True)
    monkeypatch.setattr(
        "directory.employers.forms.EmployerSubmissionForm.full_clean",
        lambda form: pytest.fail("a rate-limited request must not be validated"),
    )
    data = {**VALID, "job_titles": [f"Title {number}" for number in range(5_000)]}
    response = client.post(URL, data)
    assert response.status_code == 429
    assert "several listings in the last hour" in response.content.decode()
    assert VALID["name"] in response.content.decode(), "what was typed is shown again"


def test_job_title_choices_are_read_once_per_change(client, directory_page, django_assert_num_queries):
    from directory.employers.models import career_job_title_choices

    CareerJobTitle.replace_for_page(directory_page, ["Care Coordinator"])
    assert career_job_title_choices() == [("Care Coordinator", "Care Coordinator")]
    with django_assert_num_queries(0):
        career_job_title_choices()
    CareerJobTitle.replace_for_page(directory_page, ["Care Manager"])
    assert career_job_title_choices() == [("Care Manager", "Care Manager")]


class TerminateBackend(LoseConnection):
    """Has PostgreSQL itself terminate the connection just before the statement runs (which then fails)."""

    def lose(self, connection):
        import psycopg

        settings_dict = connection.settings_dict
        dsn = f"host={settings_dict['HOST']} port={settings_dict['PORT'] or 5432} user={settings_dict['USER']}"
        with psycopg.connect(f"{dsn} dbname=postgres", autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the terminated connection held no test data
def test_a_connection_postgresql_terminates_midway_costs_no_submission(client, directory_page, moderator):
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's")
    failure = TerminateBackend('INSERT INTO "wagtailcore_workflowstate"')
    with connection.execute_wrapper(failure):
        response = client.post(URL, VALID)
    assert failure.failures == 1
    assert response.status_code == 302
    employers = list(EmployerSnippet.objects.filter(name=VALID["name"]))
    assert len(employers) == 1
    assert in_moderation(employers[0])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_whose_connection_postgresql_terminates_in_an_atomic_block_is_answered(client, directory_page):
    # The search logs its query in an atomic block: leaving it, Django drops the broken connection and takes a
    # fresh one, so only the error can tell that the connection was lost.
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's")
    failure = TerminateBackend('INSERT INTO "site_search_searchquerylog"')
    with connection.execute_wrapper(failure):
        response = client.get("/search/?q=care")
    assert failure.failures == 1
    assert response.status_code == 200


def test_admin_posts_are_left_to_the_admin(admin_client, lost_connections_detected):
    # Wagtail's views commit as they go: neither wrapped in one transaction nor run again.
    failure = LoseConnection("SELECT")
    with connection.execute_wrapper(failure), pytest.raises(OperationalError):
        admin_client.post("/admin/editing-sessions/release/999/")
    assert failure.failures == 1
