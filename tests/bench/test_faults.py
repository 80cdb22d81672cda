"""The fault test's own logic (bench/faults.py): its SMTP sink's three modes and the verdict of a result row.
The fault test itself is `make faults`, minutes long, not part of the suite."""

import smtplib
import socket
from collections import Counter

import pytest

from bench.faults import SmtpSink, fault_passed, render, tally


@pytest.fixture
def sink():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = SmtpSink(port)
    yield sink
    sink.close()


def send(port, timeout=5):
    with smtplib.SMTP("127.0.0.1", port, timeout=timeout) as client:
        client.sendmail(
            "site@hwcollab.test", ["a@hwcollab.test"], "Subject: Listing to review\r\n\r\nBody\r\n.. dot\r\n"
        )


def test_sink_records_messages_in_accept_mode(sink):
    sink.set_mode("accept")
    send(sink.port)
    [message] = sink.received()
    assert message["to"] == ["a@hwcollab.test"]
    assert message["subject"] == "Listing to review"


def test_sink_never_answers_in_hang_mode(sink):
    sink.set_mode("hang")
    with pytest.raises((TimeoutError, smtplib.SMTPServerDisconnected)):
        send(sink.port, timeout=0.5)
    sink.set_mode("accept")
    send(sink.port)
    assert len(sink.received()) == 1


def test_sink_refuses_connections_when_closed(sink):
    sink.set_mode("accept")
    sink.set_mode("closed")
    with pytest.raises(ConnectionRefusedError):
        send(sink.port)
    sink.set_mode("accept")
    send(sink.port)
    assert len(sink.received()) == 1


def row(**changes):
    values = {
        "fault": "Redis stopped",
        "requests": 100,
        "errors": Counter(),
        "no_answer": Counter(),
        "submissions": 6,
        "saved": 6,
        "moderated": 6,
        "signups": 6,
        "accounts": 6,
        "emails_expected": 12,
        "emails": 3,
        "p95": 0.25,
    }
    return {**values, **changes}


@pytest.mark.parametrize(
    ("changes", "passed"),
    [
        ({}, True),
        ({"errors": Counter({"500 GET /": 1})}, False),
        ({"no_answer": Counter({"GET /": 1})}, False),
        ({"moderated": 5}, False),
        ({"accounts": 5}, False),
    ],
)
def test_a_fault_passes_with_nothing_lost_and_no_5xx(changes, passed):
    # Email is shown, not judged: 3 of 12 arrived above and the row still passes.
    assert fault_passed(row(**changes)) is passed


def test_the_table_names_the_failing_urls_and_the_verdicts():
    abuse = [{"request": "(a) x", "answer": "400", "time": "0.04 s", "outcome": "refused", "target": "t", "passed": 1}]
    errors = Counter({"500 GET /": 3, "500 GET /careers/": 2})
    text = render([row(), row(fault="SMTP hangs", errors=errors)], abuse, {"when": "w", "command": "c", "setup": "s"})
    assert "| Redis stopped | 100 | 0 | 0 | 6 / 6 / 6 | 6 / 6 | 0 / 0 | 12 / 3 | 0.25 s | PASS |" in text
    assert "| 5: 500 GET / (3), 500 GET /careers/ (2) |" in text
    assert "**FAIL**" in text
    assert tally(Counter("aaabbc"), 2) == "a (3), b (2) and 1 more"
