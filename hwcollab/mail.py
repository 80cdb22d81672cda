"""Outgoing email goes through a task queue, so that no request waits on the mail server.

`EMAIL_BACKEND = "hwcollab.mail.QueuedEmailBackend"` turns every message Django, allauth and Wagtail send into
a `deliver_email` task on the "mail" task backend (settings `TASKS`). The task sends it with the real backend,
`MAIL_DELIVERY_BACKEND` (SMTP in production), and enqueues itself again, later, when the mail server fails.

In production the "mail" backend is django-tasks-db's database backend: the task is a row written in the same
transaction as whatever caused the message (a submission, a signup), so a message is queued exactly when its
cause is saved, and `manage.py mail_worker` sends it. With the immediate backend (tests, `make run`) the task runs
at once and a failure is logged, never raised into the request.
"""

import base64
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import task

from hwcollab.request_log import current_request_id, request_id_context

logger = logging.getLogger(__name__)

MAIL_TASK_BACKEND = "mail"
# Waits before each further attempt: about a day of retries before a message is given up (and kept as failed).
RETRY_DELAYS = (
    timedelta(seconds=10),
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=12),
)


def message_to_payload(message):
    """A JSON-safe copy of an EmailMessage (task arguments are stored as JSON)."""
    alternatives = [[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])]
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        elif not isinstance(content, bytes):
            # An email.message.MIMEBase part: keep its payload as bytes.
            content = content.as_bytes()
        attachments.append([filename, base64.b64encode(content).decode("ascii"), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(key): str(value) for key, value in message.extra_headers.items()},
        "content_subtype": message.content_subtype,
        "alternatives": alternatives,
        "attachments": attachments,
    }


def payload_to_message(payload, connection=None):
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
        connection=connection,
    )
    message.content_subtype = payload.get("content_subtype", "plain")
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in payload["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def delivery_connection():
    return get_connection(settings.MAIL_DELIVERY_BACKEND)


def _with_request_id(request_id):
    # Only when there is one: a task queued outside a request (a command) keeps the arguments it always had.
    return {"request_id": request_id} if request_id else {}


@task(backend=MAIL_TASK_BACKEND)
def deliver_email(payload, attempt=1, request_id=""):
    # The id of the request that queued the message, in the worker's log lines about it.
    with request_id_context(request_id):
        return _deliver(payload, attempt, request_id)


def _deliver(payload, attempt, request_id):
    message = payload_to_message(payload, connection=delivery_connection())
    try:
        message.send()
    except Exception:
        backend = deliver_email.get_backend()
        if attempt <= len(RETRY_DELAYS) and backend.supports_defer:
            delay = RETRY_DELAYS[attempt - 1]
            deliver_email.using(run_after=timezone.now() + delay).enqueue(
                payload, attempt=attempt + 1, **_with_request_id(request_id)
            )
            logger.warning(
                "Could not send the email %r (attempt %d); trying again in %s.", payload["subject"], attempt, delay
            )
            return "retrying"
        # The failed task stays in the queue's results, with the message in its arguments.
        logger.exception("Could not send the email %r after %d attempts; giving up.", payload["subject"], attempt)
        raise
    return "sent"


class QueuedEmailBackend(BaseEmailBackend):
    """An email backend that enqueues each message instead of sending it."""

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            deliver_email.enqueue(message_to_payload(message), **_with_request_id(current_request_id()))
            queued += 1
        return queued
