# ruff: noqa: S603  (runs local programs and talks to 127.0.0.1 only)
"""`make faults`: the production-like stack on this machine, a bounded load, and one fault at a time.

    make faults                                 # print the results
    make faults FAULTS_ARGS="--write-docs"      # and record them in docs/reliability.md

gunicorn with the production settings on a fresh PostgreSQL database (hw_faults), its own Redis and an in-process
SMTP sink. While a few clients browse and send employer listings and signups, it stops Redis, hangs then closes
SMTP and terminates the PostgreSQL connections; then it sends the abusive requests of issue 15. Exit code 0 only
when every line passes. Only loopback addresses are used; everything started is stopped at the end.
"""

import argparse
import contextlib
import datetime as dt
import itertools
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from email import message_from_bytes, policy

from bench.run import BIN, PYTHON, ROOT

OUT = ROOT / "test-results" / "faults"
DOC = ROOT / "docs" / "reliability.md"
START_MARK = "<!-- faults:start (written by `make faults FAULTS_ARGS=--write-docs`; edit bench/faults.py) -->"
END_MARK = "<!-- faults:end -->"
DATABASE = "hw_faults"
CACHE_PREFIX = "hw_faults"
ADMIN = ("faults-admin", "faults-admin@hwcollab.test")
MODERATOR = ("faults-moderator", "faults-moderator@hwcollab.test")
EXISTING_EMAIL = "existing-visitor@hwcollab.test"
PAGES = [
    "/",
    "/careers/",
    "/careers/care-coordination-and-care-management/",
    "/trainings/",
    "/trainings/?q=nurse",
    "/employers/",
    "/employers/?q=hospital&near=12207",
    "/search/?q=care",
    "/api/v2/pages/",
]
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
JOB_TITLE_RE = re.compile(r'name="job_titles" value="([^"]+)"')


def log(message):
    print(f"[faults {dt.datetime.now(dt.UTC):%H:%M:%S}] {message}", flush=True)


# -- SMTP sink ---------------------------------------------------------------------------------


class SmtpSink:
    """An SMTP server on 127.0.0.1 with three modes, switched at run time.

    accept: records every message; hang: takes the connection and never answers (a stuck relay, what
    EMAIL_TIMEOUT is for); closed: nothing listens, so connecting is refused (a relay that is down).
    """

    MODES = ("accept", "hang", "closed")

    def __init__(self, port):
        self.port = port
        self.mode = "closed"
        self.messages = []
        self._lock = threading.Lock()
        self._server = None
        self._thread = None
        self._release = threading.Event()

    def set_mode(self, mode):
        if mode not in self.MODES:
            raise ValueError(mode)
        if mode != "hang":
            # Connections held by a hang are dropped when it ends, still unanswered.
            self._release.set()
        else:
            self._release = threading.Event()
        if mode == "closed":
            self._stop_listening()
        elif self._server is None:
            self._listen()
        self.mode = mode

    def close(self):
        self.set_mode("closed")

    def received(self):
        with self._lock:
            return list(self.messages)

    def _listen(self):
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = 60

            def handle(self):
                if sink.mode == "hang":
                    sink._release.wait(timeout=600)
                    return
                sink._converse(self.rfile, self.wfile)

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self._server = Server(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="smtp-sink", daemon=True)
        self._thread.start()

    def _stop_listening(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _converse(self, rfile, wfile):
        def reply(*lines):
            wfile.write(b"".join(line.encode() + b"\r\n" for line in lines))
            wfile.flush()

        reply("220 faults-sink ESMTP")
        sender, recipients = "", []
        while line := rfile.readline():
            command = line.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                reply("250-faults-sink", "250-8BITMIME", "250 SMTPUTF8")
            elif verb == "HELO":
                reply("250 faults-sink")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip(), []
                reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>").split(">")[0])
                reply("250 OK")
            elif verb == "DATA":
                reply("354 End data with <CR><LF>.<CR><LF>")
                body = []
                while (chunk := rfile.readline()) not in (b".\r\n", b".\n", b""):
                    body.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                message = message_from_bytes(b"".join(body), policy=policy.default)
                with self._lock:
                    self.messages.append(
                        {"at": time.monotonic(), "from": sender, "to": recipients, "subject": str(message["subject"])}
                    )
                reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                reply("250 OK")
            elif verb == "QUIT":
                reply("221 Bye")
                return
            else:
                reply("502 Command not implemented")


# -- processes ---------------------------------------------------------------------------------


class Service:
    """A program in its own session, so that stopping it also stops its children (gunicorn's workers)."""

    def __init__(self, name, cmd, env, ready=None):
        self.name, self.cmd, self.env, self.ready = name, cmd, env, ready
        self.process = None
        # Set when the program stopped on its own (a worker that died during a fault), not when stopped here.
        self.exit_code = None

    def start(self, timeout=60):
        log("$ " + " ".join(str(part) for part in self.cmd))
        with open(OUT / f"{self.name}.log", "ab") as output:
            self.process = subprocess.Popen(
                self.cmd, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while self.ready and not self.ready():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name} did not start; see {OUT.relative_to(ROOT)}/{self.name}.log")
            time.sleep(0.3)
        return self

    def stop(self, sig=signal.SIGTERM):
        if self.process is not None and self.process.poll() is not None and self.exit_code is None:
            self.exit_code = self.process.returncode
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def port_in_use(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def free_port(first, last, taken=()):
    for port in range(first, last + 1):
        if port not in taken and not port_in_use(port):
            return port
    raise RuntimeError(f"no free port in {first}-{last}")


def redis_ping(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError:
        return False


def http_ready(url):
    import requests

    try:
        return requests.get(url, timeout=2).status_code < 500
    except requests.RequestException:
        return False


# -- the site's environment and data -------------------------------------------------------------


def production_env(args, ports, pg_url):
    """What a production deployment sets, pointed at this machine's services."""
    drop = {"DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_BACKEND", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        DJANGO_SETTINGS_MODULE="hwcollab.settings.production",
        SECRET_KEY="faults-only-secret-key-not-for-production-" + "x" * 32,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=pg_url,
        REDIS_URL=f"redis://127.0.0.1:{ports['redis']}/0",
        CACHE_KEY_PREFIX=CACHE_PREFIX,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(ports["smtp"]),
        EMAIL_USE_TLS="false",
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{ports['http']}",
        STATIC_ROOT=str(OUT / "static"),
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env, *arguments, check=True):
    cmd = [PYTHON, "manage.py", *arguments]
    log("$ manage.py " + " ".join(arguments))
    return subprocess.run(cmd, cwd=ROOT, env=env, check=check, capture_output=True, text=True)


USERS_CODE = """
import sys
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
User = get_user_model()
admin_name, admin_email, moderator_name, moderator_email, existing, password = sys.argv[1:7]
User.objects.create_superuser(admin_name, admin_email, password)
moderator = User.objects.create_user(moderator_name, moderator_email, password, is_staff=True)
moderator.groups.add(Group.objects.get(name="Moderators"))
visitor = User.objects.create_user(existing, existing, password)
EmailAddress.objects.create(user=visitor, email=existing, verified=True, primary=True)
"""


def prepare_database(env, pg_admin_url, password):
    with psycopg_connect(pg_admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo_content")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    subprocess.run(
        [PYTHON, "-c", "import django; django.setup()\n" + USERS_CODE, *ADMIN, *MODERATOR, EXISTING_EMAIL, password],
        cwd=ROOT,
        env=env,
        check=True,
    )


def psycopg_connect(url):
    import psycopg

    return psycopg.connect(url, autocommit=True, connect_timeout=10)


def terminate_backends(pg_admin_url):
    with psycopg_connect(pg_admin_url) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [DATABASE],
        ).fetchall()
    return len(rows)


def found_in_database(pg_url, names, emails):
    """Which listings were saved, which of them wait in moderation, which accounts exist."""
    with psycopg_connect(pg_url) as conn:
        saved = dict(
            conn.execute("SELECT name, id FROM directory_employersnippet WHERE name = ANY(%s)", [names]).fetchall()
        )
        moderated = {
            row[0]
            for row in conn.execute(
                "SELECT e.name FROM directory_employersnippet e "
                "JOIN wagtailcore_workflowstate w ON w.object_id = e.id::text AND w.status = 'in_progress' "
                "JOIN django_content_type ct ON ct.id = w.content_type_id "
                "AND ct.app_label = 'employers' AND ct.model = 'employersnippet' "
                "WHERE e.name = ANY(%s)",
                [names],
            )
        }
        accounts = {row[0] for row in conn.execute("SELECT email FROM auth_user WHERE email = ANY(%s)", [emails])}
    return saved, moderated, accounts


def page_cache_prefix(env):
    """The page cache's key prefix as the site configures it (settings CACHES["pagecache"]), not as guessed here."""
    code = "import django; django.setup()\nfrom django.conf import settings\n"
    code += "print(settings.CACHES['pagecache'].get('KEY_PREFIX', ''))"
    result = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def page_cache_keys(redis_url, prefix):
    import redis

    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5)
    return sum(1 for _ in client.scan_iter(match=f"{prefix}:*" if prefix else "*", count=1000))


# -- HTTP clients --------------------------------------------------------------------------------


def _source_adapter(address):
    from requests.adapters import HTTPAdapter

    class SourceAdapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            kwargs["source_address"] = (address, 0)
            super().init_poolmanager(*args, **kwargs)

    return SourceAdapter()


_addresses = (f"127.{a}.{b}.{c}" for a in range(10, 250) for b in range(256) for c in range(1, 255))
_addresses_lock = threading.Lock()


def new_address():
    """A loopback address of its own: each visitor has its own IP, as on the internet, so per-IP limits
    (5 listings an hour, allauth's signups) count one visitor, not the whole harness."""
    with _addresses_lock:
        return next(_addresses)


class Visitor:
    def __init__(self, base, recorder, phase, address=None, timeout=60):
        import requests

        self.base, self.recorder, self.phase, self.timeout = base, recorder, phase, timeout
        self.session = requests.Session()
        self.session.mount("http://", _source_adapter(address or new_address()))
        self.session.headers.update({"X-Forwarded-Proto": "https", "User-Agent": "hwcollab-faults"})

    def request(self, method, path, **kwargs):
        """(status or None, elapsed seconds, text); never raises for a failed request, records it."""
        import requests

        started = time.monotonic()
        headers = kwargs.pop("headers", {})
        if method == "POST":
            origin = "https://" + self.base.split("://", 1)[1]
            headers = {"Origin": origin, "Referer": origin + path, **headers}
        try:
            response = self.session.request(
                method, self.base + path, headers=headers, timeout=self.timeout, allow_redirects=False, **kwargs
            )
            status, text = response.status_code, response.text
            # Production marks its cookies Secure. The harness stands where the TLS proxy would (it tells gunicorn
            # X-Forwarded-Proto: https over plain http), so it must send them back anyway.
            for cookie in self.session.cookies:
                cookie.secure = False
        except requests.RequestException as error:
            status, text = None, str(error)
        elapsed = time.monotonic() - started
        if self.recorder is not None:
            # The phase when the answer came: a request in flight when a fault begins counts for that fault.
            phase = self.phase() if callable(self.phase) else self.phase
            self.recorder.add(phase, method, path, status, elapsed)
        return status, elapsed, text

    def form(self, path):
        status, _, text = self.request("GET", path)
        match = CSRF_RE.search(text) if status == 200 else None
        return (match.group(1) if match else None), text


@dataclass
class Recorder:
    requests: list = field(default_factory=list)
    submissions: list = field(default_factory=list)
    signups: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, phase, method, path, status, elapsed):
        with self.lock:
            self.requests.append((phase, method, path, status, elapsed))


def submit_listing(base, recorder, phase):
    visitor = Visitor(base, recorder, phase)
    name = f"Faults Care {phase} {secrets.token_hex(4)}"
    # Counted before the form is fetched: a visitor who cannot load the form has lost the listing too.
    with recorder.lock:
        recorder.submissions.append((phase, name))
    token, _ = visitor.form("/employers/submit/")
    if token is None:
        return
    data = {
        "csrfmiddlewaretoken": token,
        "name": name,
        "description": "A care coordination employer sent by the fault test.",
        "care_settings": ["hospital"],
        "city": "Albany",
        "zip_code": "12207",
        "contact_name": "Fault Test",
        "submitter_email": f"submitter-{secrets.token_hex(4)}@hwcollab.test",
    }
    visitor.request("POST", "/employers/submit/", data=data)


def sign_up(base, recorder, phase, email=None):
    visitor = Visitor(base, recorder, phase)
    email = email or f"visitor-{secrets.token_hex(5)}@hwcollab.test"
    if recorder is not None:
        with recorder.lock:
            recorder.signups.append((phase, email))
    token, _ = visitor.form("/accounts/signup/")
    if token is None:
        return None
    password = secrets.token_urlsafe(18)
    data = {"csrfmiddlewaretoken": token, "email": email, "password1": password, "password2": password}
    return visitor.request("POST", "/accounts/signup/", data=data)


def browse(base, recorder, phase_of, stop, think):
    visitor = Visitor(base, recorder, phase_of, timeout=30)
    for path in itertools.cycle(PAGES):
        if stop.is_set():
            return
        visitor.request("GET", path)
        time.sleep(think)


# -- faults ------------------------------------------------------------------------------------


@dataclass
class Fault:
    name: str
    start: object = None
    end: object = None
    tick: object = None  # called every few seconds while the fault lasts


def run_phases(args, stack, recorder, faults):
    current = {"phase": "setup"}
    stop = threading.Event()
    browsers = [
        threading.Thread(target=browse, args=(stack.base, recorder, lambda: current["phase"], stop, args.think))
        for _ in range(args.clients)
    ]
    for thread in browsers:
        thread.start()
    posts = ThreadPoolExecutor(max_workers=16, thread_name_prefix="post")
    try:
        for fault in faults:
            current["phase"] = fault.name
            log(f"{fault.name}: baseline {args.baseline}s")
            time.sleep(args.baseline)
            log(f"{fault.name}: fault for {args.fault}s")
            if fault.start:
                fault.start()
            pending = []
            started = time.monotonic()
            next_post = next_tick = started
            while (now := time.monotonic()) < started + args.fault:
                if now >= next_post:
                    pending.append(posts.submit(submit_listing, stack.base, recorder, fault.name))
                    pending.append(posts.submit(sign_up, stack.base, recorder, fault.name))
                    next_post += args.post_every
                if fault.tick and now >= next_tick:
                    fault.tick()
                    next_tick += 3
                time.sleep(0.1)
            if fault.end:
                fault.end()
            log(f"{fault.name}: recovery {args.recovery}s")
            time.sleep(args.recovery)
            # A POST still hanging belongs to this fault: wait for it before the next one begins.
            wait(pending, timeout=120)
    finally:
        stop.set()
        for thread in browsers:
            thread.join(timeout=60)
        posts.shutdown(wait=True, cancel_futures=True)


def wait_for_emails(sink, expected, patience):
    """Until every expected message arrived, or none came for `patience` seconds (a queue may lag)."""
    last_count, last_change = -1, time.monotonic()
    while True:
        count = sum(1 for match in expected if any(match(m) for m in sink.received()))
        if count >= len(expected):
            return
        if count != last_count:
            last_count, last_change = count, time.monotonic()
        if time.monotonic() - last_change > patience:
            return
        time.sleep(1)


def fault_results(stack, recorder, faults, patience):
    names = [name for _, name in recorder.submissions]
    emails = [email for _, email in recorder.signups]
    saved, moderated, accounts = found_in_database(stack.pg_url, names, emails)

    def listing_mail(name):
        return lambda m: name in m["subject"] and MODERATOR[1] in m["to"]

    def signup_mail(email):
        return lambda m: email in m["to"]

    expected = [listing_mail(n) for n in names if n in saved] + [signup_mail(e) for e in emails if e in accounts]
    wait_for_emails(stack.sink, expected, patience)
    messages = stack.sink.received()
    rows = []
    for fault in faults:
        requests_ = [r for r in recorder.requests if r[0] == fault.name]
        errors = Counter(
            f"{status} {m} {p}" for _, m, p, status, _ in requests_ if status is not None and status >= 500
        )
        no_answer = Counter(f"{m} {p}" for _, m, p, status, _ in requests_ if status is None)
        sent = [n for phase, n in recorder.submissions if phase == fault.name]
        signed = [e for phase, e in recorder.signups if phase == fault.name]
        mails = [listing_mail(n) for n in sent if n in saved] + [signup_mail(e) for e in signed if e in accounts]
        rows.append(
            {
                "fault": fault.name,
                "requests": len(requests_),
                "errors": errors,
                "no_answer": no_answer,
                "submissions": len(sent),
                "saved": sum(1 for n in sent if n in saved),
                "moderated": sum(1 for n in sent if n in moderated),
                "signups": len(signed),
                "accounts": sum(1 for e in signed if e in accounts),
                "emails_expected": len(mails),
                "emails": sum(1 for match in mails if any(match(m) for m in messages)),
                "p95": percentile([r[4] for r in requests_ if r[3] is not None], 95),
            }
        )
    return rows


def percentile(values, pct):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, round(pct / 100 * (len(values) - 1)))]


def fault_passed(row):
    lost = (row["submissions"] - row["moderated"]) + (row["signups"] - row["accounts"])
    return lost == 0 and not row["errors"] and not row["no_answer"]


# -- abusive requests ----------------------------------------------------------------------------


def abusive_requests(args, stack, password):
    results = []
    base = stack.base

    # (a) One listing carrying ~10,000 job titles.
    visitor = Visitor(base, None, "abuse")
    token, html = visitor.form("/employers/submit/")
    title = (JOB_TITLE_RE.findall(html) or ["Care Coordinator"])[0]
    data = {
        "csrfmiddlewaretoken": token or "",
        "name": f"Faults Huge {secrets.token_hex(3)}",
        "description": "Ten thousand job titles.",
        "care_settings": "hospital",
        "city": "Albany",
        "zip_code": "12207",
        "contact_name": "Fault Test",
        "submitter_email": "huge@hwcollab.test",
        "job_titles": [title] * 10_000,
    }
    status, elapsed, _ = visitor.request("POST", "/employers/submit/", data=data)
    size = len("&".join(f"job_titles={title}" for _ in range(10_000))) // 1000
    results.append(
        {
            "request": f"(a) POST /employers/submit/ with 10,000 job_titles (~{size} KB)",
            "answer": str(status),
            "time": f"{elapsed:.2f} s",
            "outcome": "refused" if status and 400 <= status < 500 else "accepted" if status and status < 400 else "",
            "passed": status is not None and status < 500 and elapsed <= args.slow,
            "target": f"no 5xx, answered within {args.slow:g} s",
        }
    )

    # (b) 60 wrong admin passwords from one address, then the right one.
    visitor = Visitor(base, None, "abuse")
    statuses, times = Counter(), []
    for attempt in range(61):
        token, _ = visitor.form("/admin/login/")
        guess = password if attempt == 60 else f"wrong-{attempt}-{secrets.token_hex(3)}"
        status, elapsed, _ = visitor.request(
            "POST", "/admin/login/", data={"csrfmiddlewaretoken": token or "", "username": ADMIN[0], "password": guess}
        )
        if attempt < 60:
            statuses[status] += 1
            times.append(elapsed)
    final_status, final_time = status, elapsed
    admin_status, _, _ = visitor.request("GET", "/admin/")
    signed_in = admin_status == 200
    results.append(
        {
            "request": "(b) 60 wrong passwords at /admin/login/, then the right one",
            "answer": tally(statuses) + f"; right one {final_status}",
            "time": f"median {statistics.median(times):.2f} s, max {max(times):.2f} s; right one {final_time:.2f} s",
            "outcome": "signed in: not throttled" if signed_in else "right password refused: throttled",
            # A wrong password first shows the form again (200): otherwise the harness never reached the login.
            "passed": not signed_in
            and statuses[200] > 0
            and all(s is not None and s < 500 for s in [*statuses, final_status]),
            "target": "the right password refused once throttled, no 5xx",
        }
    )

    # (c) 15 admin password resets for one address.
    before = len([m for m in stack.sink.received() if ADMIN[1] in m["to"]])
    visitor = Visitor(base, None, "abuse")
    statuses, times = Counter(), []
    for _ in range(15):
        token, _ = visitor.form("/admin/password_reset/")
        status, elapsed, _ = visitor.request(
            "POST", "/admin/password_reset/", data={"csrfmiddlewaretoken": token or "", "email": ADMIN[1]}
        )
        statuses[status] += 1
        times.append(elapsed)

    def reset_count():
        return len([m for m in stack.sink.received() if ADMIN[1] in m["to"]]) - before

    # A queued email arrives after the answer: wait until no new one comes.
    wait_for_emails(stack.sink, [lambda m, i=i: reset_count() > i for i in range(15)], args.mail_patience)
    sent = reset_count()
    results.append(
        {
            "request": "(c) 15 password resets at /admin/password_reset/",
            "answer": tally(statuses),
            "time": f"median {statistics.median(times):.2f} s, max {max(times):.2f} s",
            "outcome": f"{sent} emails reached the SMTP sink",
            "passed": 1 <= sent <= args.max_reset_emails and all(s is not None and s < 500 for s in statuses),
            "target": f"1 to {args.max_reset_emails} emails, no 5xx",
        }
    )

    # (d) 50 anonymous requests for one cached page, each with a random cookie or utm_* value.
    visitor = Visitor(base, None, "abuse")
    visitor.request("GET", "/careers/")
    before = page_cache_keys(stack.redis_url, stack.page_prefix)
    statuses, times = Counter(), []
    for i in range(50):
        visitor = Visitor(base, None, "abuse")
        if i % 2:
            path = f"/careers/?utm_source={secrets.token_hex(4)}&utm_campaign={secrets.token_hex(4)}"
            headers = {}
        else:
            path = "/careers/"
            headers = {"Cookie": f"_ga=GA1.1.{secrets.randbelow(10**9)}; pref_{secrets.token_hex(3)}=1"}
        status, elapsed, _ = visitor.request("GET", path, headers=headers)
        statuses[status] += 1
        times.append(elapsed)
    new_keys = page_cache_keys(stack.redis_url, stack.page_prefix) - before
    results.append(
        {
            "request": "(d) 50 GET /careers/ with random cookies or utm_* values",
            "answer": tally(statuses),
            "time": f"median {statistics.median(times):.2f} s, max {max(times):.2f} s",
            "outcome": f"{new_keys} new page-cache entries in Redis",
            "passed": new_keys <= 2 and all(s is not None and s < 500 for s in statuses),
            "target": "at most 2 new entries (one page: its headers and its body), no 5xx",
        }
    )

    # (e) Signups with an existing and with a new address, alternately, from addresses of their own.
    timings = {"existing": [], "new": []}
    answers = {"existing": Counter(), "new": Counter()}
    for i in range(2 * args.signup_pairs):
        kind = "existing" if i % 2 == 0 else "new"
        answer = sign_up(base, None, "abuse", email=EXISTING_EMAIL if kind == "existing" else None)
        if answer is None:
            answers[kind]["form failed"] += 1
            continue
        status, elapsed, _ = answer
        answers[kind][status] += 1
        timings[kind].append(elapsed)
    medians = {kind: statistics.median(values) if values else None for kind, values in timings.items()}
    if None in medians.values():
        same, gap = False, None
    else:
        gap = abs(medians["existing"] - medians["new"])
        same = gap <= max(0.05, 0.2 * max(medians.values()))
    same_answer = set(answers["existing"]) == set(answers["new"])
    fmt_median = {k: "-" if v is None else f"{v:.2f} s" for k, v in medians.items()}
    results.append(
        {
            "request": f"(e) signup at /accounts/signup/, existing vs new email ({args.signup_pairs} each)",
            "answer": "existing " + tally(answers["existing"]) + "; new " + tally(answers["new"]),
            "time": f"median existing {fmt_median['existing']}, new {fmt_median['new']}",
            "outcome": ("same answer" if same_answer else "different answers")
            + ("" if gap is None else f", medians {gap * 1000:.0f} ms apart"),
            "passed": same and same_answer and all(isinstance(s, int) and s < 400 for c in answers.values() for s in c),
            "target": "same answer, medians within 20% (or 50 ms), no 4xx or 5xx",
        }
    )
    return results


# -- the stack -----------------------------------------------------------------------------------


class Stack:
    def __init__(self, args):
        self.args = args
        taken = set()
        http = args.port or free_port(8200, 8299)
        taken.add(http)
        smtp = args.smtp_port or free_port(8200, 8299, taken)
        self.ports = {"http": http, "smtp": smtp, "redis": args.redis_port or free_port(6390, 6499)}
        self.base = f"http://127.0.0.1:{http}"
        self.pg_url = f"postgres://postgres@{args.pg_host}:5432/{DATABASE}"
        self.pg_admin_url = f"postgres://postgres@{args.pg_host}:5432/postgres"
        self.redis_url = f"redis://127.0.0.1:{self.ports['redis']}/0"
        self.env = production_env(args, self.ports, self.pg_url)
        self.sink = SmtpSink(smtp)
        self.redis = self.gunicorn = self.worker = None
        self.worker_exists = False
        self.page_prefix = ""

    def start_redis(self):
        cmd = ["redis-server", "--port", str(self.ports["redis"]), "--bind", "127.0.0.1", "--save", ""]
        cmd += ["--appendonly", "no"]
        self.redis = Service("redis", cmd, self.env, ready=lambda: redis_ping(self.redis_url)).start()

    def stop_redis(self):
        # SIGKILL: Redis gone at once, as when its machine fails.
        self.redis.stop(signal.SIGKILL)

    def start(self, password):
        self.sink.set_mode("accept")
        self.start_redis()
        prepare_database(self.env, self.pg_admin_url, password)
        self.page_prefix = page_cache_prefix(self.env)
        cmd = [str(BIN / "gunicorn"), "hwcollab.wsgi", "--bind", f"127.0.0.1:{self.ports['http']}"]
        cmd += ["--workers", str(self.args.workers), "--no-control-socket", "--access-logfile", "/dev/null"]
        self.gunicorn = Service("gunicorn", cmd, self.env, ready=lambda: http_ready(self.base + "/robots.txt"))
        self.gunicorn.start()
        # Email is queued in the database (hwcollab/mail.py); production runs this worker beside gunicorn.
        self.worker_exists = True
        worker = [PYTHON, "manage.py", "mail_worker", "--interval", "0.5"]
        self.worker = Service("mail_worker", worker, self.env).start()

    def stop(self):
        for service in (self.worker, self.gunicorn, self.redis):
            if service is not None:
                with contextlib.suppress(Exception):
                    service.stop()
        self.sink.close()

    def drop_database(self):
        with psycopg_connect(self.pg_admin_url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def faults_for(stack):
    terminated = []
    return [
        Fault("no fault"),
        Fault("Redis stopped", start=stack.stop_redis, end=stack.start_redis),
        Fault("SMTP hangs", start=lambda: stack.sink.set_mode("hang"), end=lambda: stack.sink.set_mode("accept")),
        Fault("SMTP closed", start=lambda: stack.sink.set_mode("closed"), end=lambda: stack.sink.set_mode("accept")),
        Fault(
            "PostgreSQL connections terminated",
            tick=lambda: terminated.append(terminate_backends(stack.pg_admin_url)),
        ),
    ]


# -- output ------------------------------------------------------------------------------------


def tally(counter, most=None):
    """'500 GET / (73), 502 GET /x (2)': the commonest first, at most `most` of them."""
    shown = ", ".join(f"{key} ({n})" for key, n in counter.most_common(most))
    hidden = len(counter) - most if most else 0
    return shown + (f" and {hidden} more" if hidden > 0 else "")


def render(rows, abuse, context):
    lines = [START_MARK, "", f"Run {context['when']} UTC by `{context['command']}`: {context['setup']}", ""]
    lines += [
        "| Fault | Requests | 5xx | No answer | Listings tried / saved / in moderation | Signups tried / created | "
        "Lost listings / signups | Emails expected / arrived | p95 | Result |",
        "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        failures = []
        for key in ("errors", "no_answer"):
            total = sum(row[key].values())
            failures.append(f"{total}: {tally(row[key], 4)}" if total else "0")
        p95 = "-" if row["p95"] is None else f"{row['p95']:.2f} s"
        lines.append(
            f"| {row['fault']} | {row['requests']} | {failures[0]} | {failures[1]} | "
            f"{row['submissions']} / {row['saved']} / {row['moderated']} | {row['signups']} / {row['accounts']} | "
            f"{row['submissions'] - row['moderated']} / {row['signups'] - row['accounts']} | "
            f"{row['emails_expected']} / {row['emails']} | {p95} | {'PASS' if fault_passed(row) else '**FAIL**'} |"
        )
    lines += ["", "| Abusive request | Answers | Time to answer | Outcome | Target | Result |"]
    lines.append("| --- | --- | --- | --- | --- | --- |")
    for item in abuse:
        lines.append(
            f"| {item['request']} | {item['answer']} | {item['time']} | {item['outcome']} | {item['target']} | "
            f"{'PASS' if item['passed'] else '**FAIL**'} |"
        )
    lines += ["", END_MARK]
    return "\n".join(lines)


DOC_INTRO = """# Reliability

`make faults` (bench/faults.py) is the fault test of issue 15: it starts the production-like stack on this
machine, runs a bounded load, breaks one dependency at a time and sends abusive requests. Anyone can rerun it:

```sh
make faults                                  # prints the tables below; exit code 0 only if every line passes
make faults FAULTS_ARGS="--write-docs"       # and rewrites the section below
make faults FAULTS_ARGS="--help"             # durations, clients, ports
```

It needs PostgreSQL on 127.0.0.1:5432 (trust authentication, user `postgres`) and `redis-server` on the PATH. It
creates the database `hw_faults` afresh (migrations, `load_demo_content`, a superuser, a member of Moderators
with an email and an existing visitor account), starts its own `redis-server` (port 6390 and up), an in-process
SMTP sink, gunicorn with `hwcollab.settings.production` (ports 8200-8299) and `manage.py mail_worker`, which sends
the queued email; their logs go to `test-results/faults/`. Settings come from the environment, as in
production, and any other variable set in your shell reaches the site unchanged. The harness stands where the
TLS proxy would and sends `X-Forwarded-Proto: https`. Each simulated visitor connects from a loopback address of
its own (127.10.0.1 onwards), so per-IP limits see many visitors, as on the internet; each abusive request
series comes from one address.

Each fault: a few seconds of baseline, the fault for about 15 seconds while 8 clients browse (home, careers, a
career page, trainings and employer searches, site search, the API) and a listing and a signup are sent every
2.5 seconds, then a few seconds of recovery; everything in those three parts counts for the fault.

- **Redis stopped**: `redis-server` killed, started again (empty) at the end of the fault.
- **SMTP hangs**: the sink accepts connections and never answers; **SMTP closed**: nothing listens.
- **PostgreSQL connections terminated**: `pg_terminate_backend` on every connection to `hw_faults`, every 3 s.

Columns: **5xx** and **No answer** (timeout or connection error), with the URLs; **Listings tried / saved / in
moderation**: employer listings a visitor set out to send (the form fetched, then a valid listing POSTed), those
with that name in the database, and those with a moderation workflow in progress (lost = tried - in moderation);
**Signups tried / created**: the same for accounts (lost = tried - created); **Emails expected / arrived**: the
moderators' email for each saved listing and the confirmation email for each new account, counted at the sink
after waiting for stragglers (a queue), shown but not part of the result; **p95**: time to answer. A fault passes
with 0 lost listings, 0 lost signups, 0 5xx and 0 unanswered requests. Targets: **0 lost, 0 5xx**.

The abusive requests: (a) one listing with 10,000 `job_titles` values; (b) 60 wrong admin passwords from one
address, then the right one (it must be refused once throttled); (c) 15 admin password resets for one account
(emails counted at the sink); (d) 50 requests for one cached page with random cookies or `utm_*` values (new
page-cache entries counted in Redis); (e) signups with an existing and with a new email (both median times: the
answer must not tell whether an account exists). Each line of the second table has its target.

The section below is the last recorded run: rerun `make faults FAULTS_ARGS="--write-docs"` after a change.

"""


def write_doc(section):
    text = DOC.read_text() if DOC.exists() else DOC_INTRO
    if START_MARK in text and END_MARK in text:
        before, rest = text.split(START_MARK, 1)
        text = before + section + rest.split(END_MARK, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text)


def worker_note(stack):
    code = stack.worker.exit_code
    return "email queued, `mail_worker` running" + ("." if code is None else f" until it exited with {code}.")


def _interrupt(signum, frame):
    # As Ctrl-C: main's finally stops what was started.
    raise KeyboardInterrupt


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8, help="concurrent browsing clients")
    parser.add_argument("--think", type=float, default=0.05, help="seconds between a client's requests")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--baseline", type=float, default=3, help="seconds before each fault")
    parser.add_argument("--fault", type=float, default=15, help="seconds each fault lasts")
    parser.add_argument("--recovery", type=float, default=5, help="seconds after each fault")
    parser.add_argument("--post-every", type=float, default=2.5, help="seconds between listings (and signups)")
    parser.add_argument("--mail-patience", type=float, default=20, help="seconds to wait for late email")
    parser.add_argument("--slow", type=float, default=2, help="seconds an abusive request may take")
    parser.add_argument("--max-reset-emails", type=int, default=5)
    parser.add_argument("--signup-pairs", type=int, default=5)
    parser.add_argument("--port", type=int, help="gunicorn port (default: the first free one from 8200)")
    parser.add_argument("--smtp-port", type=int, help="SMTP sink port (default: the next free one from 8200)")
    parser.add_argument("--redis-port", type=int, help="redis-server port (default: the first free one from 6390)")
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--keep-db", action="store_true", help="keep the hw_faults database afterwards")
    parser.add_argument("--write-docs", action="store_true", help="record the results in docs/reliability.md")
    args = parser.parse_args(argv)
    for program in ("redis-server",):
        if shutil.which(program) is None:
            parser.error(f"{program} not found")

    OUT.mkdir(parents=True, exist_ok=True)
    for old_log in OUT.glob("*.log"):
        old_log.unlink()
    # Also SIGINT: a shell that starts a job in the background makes it ignore Ctrl-C.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _interrupt)
    started = dt.datetime.now(dt.UTC)
    load_before = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    password = secrets.token_urlsafe(16)
    stack = Stack(args)
    recorder = Recorder()
    try:
        stack.start(password)
        for path in PAGES:
            status, elapsed, _ = Visitor(stack.base, None, "warm-up").request("GET", path)
            log(f"warm-up {path}: {status} in {elapsed:.2f}s")
        # Every worker imports the whole site before the first phase, or "no fault" measures cold workers.
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            list(pool.map(lambda path: Visitor(stack.base, None, "warm-up").request("GET", path), PAGES * args.workers))
        faults = faults_for(stack)
        run_phases(args, stack, recorder, faults)
        patience = args.mail_patience * (3 if stack.worker_exists else 1)
        rows = fault_results(stack, recorder, faults, patience)
        abuse = abusive_requests(args, stack, password)
    finally:
        log("stopping gunicorn, the worker, redis and the SMTP sink")
        stack.stop()
        if not args.keep_db:
            with contextlib.suppress(Exception):
                stack.drop_database()
    command = "make faults" + (f' FAULTS_ARGS="{" ".join(sys.argv[1:])}"' if sys.argv[1:] else "")
    context = {
        "when": f"{started:%Y-%m-%d %H:%M}",
        "command": command,
        "setup": (
            f"{os.cpu_count()} CPUs, load average before {load_before} (timings move with the machine's load); "
            f"gunicorn {args.workers} workers, {args.clients} clients, faults of {args.fault:g} s "
            f"({args.baseline:g} s before, {args.recovery:g} s after), a listing and a signup every "
            f"{args.post_every:g} s; " + worker_note(stack)
        ),
    }
    section = render(rows, abuse, context)
    print(section)
    if args.write_docs:
        write_doc(section)
        log(f"wrote {DOC.relative_to(ROOT)}")
    passed = all(fault_passed(row) for row in rows) and all(item["passed"] for item in abuse)
    log("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("interrupted; everything started was stopped")
        sys.exit(130)
