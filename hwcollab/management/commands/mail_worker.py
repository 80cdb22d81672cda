"""`manage.py mail_worker`: send the queued email (hwcollab/mail.py) and keep at it whatever the database does.

django-tasks-db's `db_worker` stops at the first database error it does not expect (a terminated connection, a
server restart): its process exits and queued mail waits until something starts it again. This command runs that
worker for the "mail" task backend and starts it again after such an error, on a fresh connection. A message whose
sending was cut short by a crash (still marked running long after any send could take) is put back in the queue,
so it is sent, not lost: at worst a recipient gets it twice.

Stop it with SIGINT or SIGTERM, as `db_worker`: the worker finishes the message it is sending, then exits.
"""

import logging
import time
from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, connections
from django.utils import timezone

from hwcollab.mail import MAIL_TASK_BACKEND

logger = logging.getLogger(__name__)

RESTART_SECONDS = 1.0
# Longer than any send can take (EMAIL_TIMEOUT is 10 s per connection step).
ABANDONED_AFTER = timedelta(minutes=10)


def requeue_abandoned(now=None):
    """Put mail tasks marked running for longer than ABANDONED_AFTER back in the queue; returns how many."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    return (
        DBTaskResult.objects.running()
        .filter(backend_name=MAIL_TASK_BACKEND, started_at__lt=now - ABANDONED_AFTER)
        .update(status=TaskResultStatus.READY, started_at=None)
    )


class Command(BaseCommand):
    help = "Send queued email (the 'mail' task backend); started again after a database error."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue")

    def handle(self, *args, **options):
        while True:
            try:
                requeued = requeue_abandoned()
                if requeued:
                    logger.warning("Put %d abandoned email task(s) back in the queue.", requeued)
                # As on the command line: db_worker validates its options' defaults only when parsing arguments.
                call_command("db_worker", "--backend", MAIL_TASK_BACKEND, "--interval", str(options["interval"]))
                return  # stopped by a signal
            except (OperationalError, InterfaceError) as error:
                logger.warning(
                    "The mail worker lost the database (%s); starting again in %.0f s.", error, RESTART_SECONDS
                )
                connections.close_all()
                time.sleep(RESTART_SECONDS)
