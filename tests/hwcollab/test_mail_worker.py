"""`manage.py mail_worker`: queued email keeps being sent through database failures, and none is left behind."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from hwcollab.management.commands import mail_worker

pytestmark = pytest.mark.django_db


def queued_task(status, started_minutes_ago=None, backend="mail"):
    from django_tasks_db.models import DBTaskResult

    started = timezone.now() - timedelta(minutes=started_minutes_ago) if started_minutes_ago is not None else None
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="hwcollab.mail.deliver_email",
        backend_name=backend,
        status=status,
        started_at=started,
        run_after=timezone.now(),
    )


def test_a_send_cut_short_by_a_crash_goes_back_in_the_queue():
    from django_tasks import TaskResultStatus

    abandoned = queued_task(TaskResultStatus.RUNNING, started_minutes_ago=30)
    sending_now = queued_task(TaskResultStatus.RUNNING, started_minutes_ago=1)
    other_backend = queued_task(TaskResultStatus.RUNNING, started_minutes_ago=30, backend="default")
    assert mail_worker.requeue_abandoned() == 1
    for task in (abandoned, sending_now, other_backend):
        task.refresh_from_db()
    assert abandoned.status == TaskResultStatus.READY
    assert sending_now.status == TaskResultStatus.RUNNING
    assert other_backend.status == TaskResultStatus.RUNNING


def test_the_worker_starts_again_after_a_database_error(monkeypatch):
    runs = []

    def db_worker(name, *args, **options):
        runs.append((name, args[:2]))
        if len(runs) == 1:
            raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(mail_worker, "call_command", db_worker)
    monkeypatch.setattr(mail_worker.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(mail_worker.connections, "close_all", lambda: None)  # the test's transaction holds one
    mail_worker.Command().handle(interval=0.5)
    assert runs == [("db_worker", ("--backend", "mail"))] * 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # db_worker manages its own transactions
def test_the_worker_runs_the_mail_backend_until_the_queue_is_empty(monkeypatch, settings):
    from django.core.management import call_command

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    ran = []
    real = mail_worker.call_command

    def batch(name, *args, **options):
        ran.append(args)
        return real(name, *args, "--batch", "--no-startup-delay", verbosity=0)

    monkeypatch.setattr(mail_worker, "call_command", batch)
    call_command("mail_worker")
    assert ran and ran[0][:2] == ("--backend", "mail")
