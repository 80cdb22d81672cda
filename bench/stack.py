# ruff: noqa: S310, S603, S607  (runs local programs and talks to 127.0.0.1 only)
"""`make stack`, `make stack-check`, `make stack-stop`: the production stack on this machine (docs/deployment.md).

    visitor -> Varnish (STACK_PORT, 8380) -> HAProxy (8370) -> gunicorn app1 (8301), app2 (8302)
                                                              -> PostgreSQL, Redis, S3 (moto, 8390)
               mail_worker (django-tasks-db queue)

Production settings, PostgreSQL and Redis of this machine where they answer (a Redis of its own otherwise), media
in a moto S3 server, static files from WhiteNoise. Everything it starts is recorded under `.stack/` (pid files,
logs, the rendered Varnish and HAProxy configurations); `stop` stops exactly those processes. `check` publishes a
change to the career page through app1's process and measures how long until Varnish serves it, then checks that
both app servers serve it.

Ports: STACK_PORT_BASE (8300) + 1, 2 (gunicorn), 70 (HAProxy), 79 (a Redis of its own), 80 (Varnish), 90 (S3).
"""

import argparse
import contextlib
import html
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
RUN = Path(os.environ.get("STACK_DIR", ROOT / ".stack"))
STATE = RUN / "stack.json"
CAREER_PATH = "/careers/care-coordination-and-care-management/"
PACKAGES = {"varnishd": "varnish", "haproxy": "haproxy"}
SBIN = Path("/usr/sbin")


def log(message):
    print(f"[stack {time.strftime('%H:%M:%S')}] {message}", flush=True)


def port_open(port, host="127.0.0.1"):
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((host, port)) == 0


def http_get(url, headers=None, timeout=5):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    except (urllib.error.URLError, OSError):
        return None, {}, b""


def wait_until(check, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not start in {timeout} s; see {RUN.relative_to(ROOT)}/logs/")


# -- packages -------------------------------------------------------------------------------------


def program(name):
    found = shutil.which(name) or (str(SBIN / name) if (SBIN / name).exists() else None)
    return found


def ensure_packages():
    """Debian's Varnish and HAProxy, installed when missing, without starting Debian's own daemons."""
    missing = [package for binary, package in PACKAGES.items() if not program(binary)]
    if not missing:
        return
    log(f"installing {' '.join(missing)} (apt-get)")
    policy = Path("/usr/sbin/policy-rc.d")
    created = not policy.exists()
    if created:
        # Debian's packages start their daemon on install (Varnish on 6081, nginx on 80): not here.
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
    try:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True, env=env)
    finally:
        if created:
            policy.unlink()


# -- processes ------------------------------------------------------------------------------------


def pid_file(name):
    return RUN / "pids" / f"{name}.pid"


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def started_pids():
    pids = {}
    for path in sorted((RUN / "pids").glob("*.pid")) if (RUN / "pids").exists() else []:
        with contextlib.suppress(ValueError):
            pids[path.stem] = int(path.read_text().strip())
    return pids


def launch(name, cmd, env):
    """Start a program in its own process group, its output in .stack/logs/NAME.log, its pid in .stack/pids/."""
    log("$ " + " ".join(str(part) for part in cmd))
    with open(RUN / "logs" / f"{name}.log", "ab") as output:
        process = subprocess.Popen(
            [str(part) for part in cmd],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    pid_file(name).write_text(str(process.pid))
    return process


def stop_group(name, pid):
    if not alive(pid):
        pid_file(name).unlink(missing_ok=True)
        return
    log(f"stopping {name} ({pid})")
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while alive(pid) and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.2)
    if alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    pid_file(name).unlink(missing_ok=True)


# -- configuration ---------------------------------------------------------------------------------


def ports(base):
    return {
        "app1": base + 1,
        "app2": base + 2,
        "haproxy": base + 70,
        "redis": base + 79,
        "varnish": base + 80,
        "s3": base + 90,
    }


def render_varnish(port_map):
    vcl = (ROOT / "deploy" / "varnish" / "default.vcl").read_text()
    vcl, count = re.subn(r'\.port = "\d+";', f'.port = "{port_map["haproxy"]}";', vcl, count=1)
    if count != 1:
        raise RuntimeError("deploy/varnish/default.vcl: no backend port to replace")
    path = RUN / "varnish.vcl"
    path.write_text(vcl)
    return path


def render_haproxy(port_map):
    cfg = (ROOT / "deploy" / "haproxy" / "haproxy.cfg").read_text()
    cfg = re.sub(r"bind 127\.0\.0\.1:\d+", f"bind 127.0.0.1:{port_map['haproxy']}", cfg)
    cfg = re.sub(r"server app1 127\.0\.0\.1:\d+", f"server app1 127.0.0.1:{port_map['app1']}", cfg)
    cfg = re.sub(r"server app2 127\.0\.0\.1:\d+", f"server app2 127.0.0.1:{port_map['app2']}", cfg)
    path = RUN / "haproxy.cfg"
    path.write_text(cfg)
    return path


def secret_key():
    path = RUN / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def stack_env(port_map, database_url, redis_url, s3):
    public = f"http://127.0.0.1:{port_map['varnish']}"
    drop = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PAGE_CACHE", "AWS_STORAGE_BUCKET_NAME"}
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env.update(
        DJANGO_SETTINGS_MODULE="hwcollab.settings.production",
        SECRET_KEY=secret_key(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS=public,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=os.environ.get("STACK_CACHE_PREFIX", "hw_stack"),
        FRONT_CACHE_URLS=public,
        WAGTAILADMIN_BASE_URL=public,
        STATIC_ROOT=str(RUN / "static"),
        DB_POOL_MAX_SIZE="4",
        LOG_FORMAT="json",
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "INFO"),
    )
    if s3:
        env.update(
            AWS_STORAGE_BUCKET_NAME="hwcollab-media",
            AWS_S3_ENDPOINT_URL=f"http://127.0.0.1:{port_map['s3']}",
            AWS_S3_REGION_NAME="us-east-1",
            AWS_ACCESS_KEY_ID="stack",
            AWS_SECRET_ACCESS_KEY="stack",  # noqa: S106 (moto accepts any)
        )
    return env


def manage(env, *arguments, check=True):
    log("$ manage.py " + " ".join(arguments))
    return subprocess.run(
        [PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, check=check, capture_output=True, text=True
    )


SITE_CODE = """
import sys
from wagtail.models import Site
site = Site.objects.get(is_default_site=True)
site.hostname, site.port = "127.0.0.1", int(sys.argv[1])
site.save()
"""


def prepare_database(env, admin_url, database, port_map):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
            conn.execute(f'CREATE DATABASE "{database}"')
    for arguments in (
        ("migrate", "--noinput", "-v", "0"),
        ("load_demo_content",),
        ("collectstatic", "--noinput", "-v", "0"),
    ):
        result = manage(env, *arguments, check=False)
        if result.returncode:
            raise RuntimeError(f"manage.py {arguments[0]} failed:\n{result.stdout}\n{result.stderr}")
    # Purge requests name the page's URL: the site's address is the one visitors use, Varnish's.
    code = "import django; django.setup()\n" + SITE_CODE
    subprocess.run([PYTHON, "-c", code, str(port_map["varnish"])], cwd=ROOT, env=env, check=True)


def create_bucket(env):
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        region_name=env["AWS_S3_REGION_NAME"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
    )
    with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
        client.create_bucket(Bucket=env["AWS_STORAGE_BUCKET_NAME"])


def redis_answers(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError:
        return False


def postgresql_clusters():
    config = Path("/etc/postgresql")
    return sorted(path.name for path in config.iterdir()) if config.is_dir() else []


def start_postgresql(host):
    """This machine's Debian PostgreSQL cluster, started (and noted, so that `stop` stops it) when it is down."""
    versions = postgresql_clusters()
    if host not in ("127.0.0.1", "localhost") or not versions or not program("pg_ctlcluster"):
        raise RuntimeError(f"PostgreSQL does not answer on {host}:5432 (set STACK_PG_HOST, or install postgresql)")
    log(f"starting PostgreSQL {versions[-1]} (pg_ctlcluster)")
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"], check=True)
    (RUN / "started-postgresql").write_text(versions[-1])
    wait_until(lambda: port_open(5432, host), "PostgreSQL", 30)


def stop_postgresql():
    marker = RUN / "started-postgresql"
    if marker.exists():
        log("stopping PostgreSQL (make stack started it)")
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", marker.read_text().strip(), "main", "stop"])
        marker.unlink()


# -- commands --------------------------------------------------------------------------------------


def start(args):
    running = {name: pid for name, pid in started_pids().items() if alive(pid)}
    if running:
        log(f"already running: {', '.join(running)}; `make stack-stop` first")
        return 1
    for sub in ("pids", "logs"):
        (RUN / sub).mkdir(parents=True, exist_ok=True)
    ensure_packages()
    port_map = ports(args.port_base)
    for name in ("app1", "app2", "haproxy", "varnish") + (("s3",) if args.s3 else ()):
        if port_open(port_map[name]):
            raise RuntimeError(f"port {port_map[name]} ({name}) is in use: set STACK_PORT_BASE")

    if not port_open(5432, args.pg_host):
        start_postgresql(args.pg_host)
    database_url = f"postgres://postgres@{args.pg_host}:5432/{args.database}"
    admin_url = f"postgres://postgres@{args.pg_host}:5432/postgres"

    redis_url = args.redis_url
    if not redis_answers(redis_url):
        redis_url = f"redis://127.0.0.1:{port_map['redis']}/0"
        cmd = ["redis-server", "--port", port_map["redis"], "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        launch("redis", cmd, os.environ.copy())
        wait_until(lambda: redis_answers(redis_url), "redis-server", 20)

    env = stack_env(port_map, database_url, redis_url, args.s3)
    if args.s3:
        launch("s3", [BIN / "moto_server", "-H", "127.0.0.1", "-p", port_map["s3"]], env)
        wait_until(lambda: port_open(port_map["s3"]), "moto_server", 30)
        create_bucket(env)

    prepare_database(env, admin_url, args.database, port_map)

    access_format = (
        '{"time":"%(t)s","request_id":"%({x-request-id}i)s","method":"%(m)s","path":"%(U)s",'
        '"status":"%(s)s","bytes":"%(B)s","ms":"%(M)s"}'
    )
    for name in ("app1", "app2"):
        cmd = [BIN / "gunicorn", "hwcollab.wsgi", "--bind", f"127.0.0.1:{port_map[name]}", "--workers", args.workers]
        cmd += ["--no-control-socket", "--access-logfile", "-", "--access-logformat", access_format]
        launch(name, cmd, env)
    launch("worker", [PYTHON, "manage.py", "mail_worker"], env)
    for name in ("app1", "app2"):
        wait_until(lambda name=name: http_get(f"http://127.0.0.1:{port_map[name]}/healthz/")[0] == 200, name)

    launch("haproxy", [program("haproxy"), "-db", "-f", render_haproxy(port_map)], env)
    wait_until(lambda: http_get(f"http://127.0.0.1:{port_map['haproxy']}/healthz/")[0] == 200, "haproxy", 30)

    varnish_dir = RUN / "varnish"
    varnish_dir.mkdir(exist_ok=True)
    cmd = [program("varnishd"), "-F", "-a", f"127.0.0.1:{port_map['varnish']}", "-T", "none", "-n", varnish_dir]
    cmd += ["-f", render_varnish(port_map), "-s", "malloc,256m"]
    if os.geteuid() == 0:
        # No separate Varnish users for a local stack: its files live in the clone.
        cmd += ["-j", "none"]
    launch("varnish", cmd, env)
    public = f"http://127.0.0.1:{port_map['varnish']}"
    wait_until(lambda: http_get(public + "/")[0] == 200, "varnishd", 30)

    STATE.write_text(json.dumps({"ports": port_map, "env": env, "public": public, "workers": args.workers}, indent=2))
    STATE.chmod(0o600)
    log(f"serving {public}{CAREER_PATH} (Varnish -> HAProxy -> 2 x gunicorn); admin at {public}/admin/")
    log(f"logs in {RUN.relative_to(ROOT)}/logs/; `make stack-check` measures a publish; `make stack-stop` stops it all")
    return 0


def stop(args):
    pids = started_pids()
    if not pids and not (RUN / "started-postgresql").exists():
        log("nothing to stop")
        return 0
    # The front first, so that no request reaches an app server that is stopping.
    order = ["nginx", "varnish", "haproxy", "app1", "app2", "worker", "s3", "redis"]
    for name in sorted(pids, key=lambda name: order.index(name) if name in order else len(order)):
        stop_group(name, pids[name])
    stop_postgresql()
    STATE.unlink(missing_ok=True)
    log("stopped")
    return 0


PUBLISH_CODE = """
import json, sys, time
from wagtail.models import Page
page = Page.objects.get(url_path__endswith=sys.argv[1]).specific
page.title = sys.argv[2]
revision = page.save_revision()
started = time.time()
revision.publish()
print(json.dumps({"started": started, "published": time.time()}))
"""


def publish_title(env, path, title):
    code = "import django; django.setup()\n" + PUBLISH_CODE
    result = subprocess.run([PYTHON, "-c", code, path, title], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def check(args):
    if not STATE.exists():
        log("no stack running: `make stack` first")
        return 1
    state = json.loads(STATE.read_text())
    env, port_map, public = state["env"], state["ports"], state["public"]
    url = public + CAREER_PATH
    status, headers, body = http_get(url)
    if status != 200:
        log(f"{url}: {status}")
        return 1
    http_get(url)
    status, headers, body = http_get(url)
    failures = []
    if headers.get("X-Cache") != "hit":
        failures.append(f"the career page is not served from Varnish (X-Cache: {headers.get('X-Cache')})")
    original = re.search(rb"<h1[^>]*>\s*(.*?)\s*</h1>", body, re.S).group(1).decode()
    original_title = subprocess.run(
        [
            PYTHON,
            "-c",
            "import django,sys; django.setup()\nfrom wagtail.models import Page\n"
            "print(Page.objects.get(url_path__endswith=sys.argv[1]).title)",
            CAREER_PATH,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    marker = f"{original_title} (check {secrets.token_hex(3)})"
    expected = html.escape(marker, quote=False).encode()
    seen = {}

    def poll():
        # Until the change shows, or 5 s after the publish returned (starting Django may take longer than that).
        while time.time() < seen.get("give_up_at", time.time() + 1):
            _, _, page = http_get(url)
            if expected in page:
                seen["at"] = time.time()
                return
            time.sleep(0.01)

    watcher = threading.Thread(target=poll)
    watcher.start()
    try:
        times = publish_title(env, CAREER_PATH, marker)
    finally:
        seen["give_up_at"] = time.time() + 5
    watcher.join()
    try:
        if "at" not in seen:
            failures.append("the published change was not served through Varnish within 10 s")
        else:
            # From the moment the editor's publish returns (it purges once its transaction commits, at its end).
            delay = seen["at"] - times["published"]
            publish_ms = 1000 * (times["published"] - times["started"])
            log(
                f"visible through Varnish {max(delay, 0) * 1000:.0f} ms after the publish returned "
                f"({(seen['at'] - times['started']) * 1000:.0f} ms after it began; publishing took {publish_ms:.0f} ms)"
            )
            if delay > 1.0:
                failures.append(f"visible {delay:.2f} s after the publish, more than a second")
        for name in ("app1", "app2"):
            _, _, page = http_get(f"http://127.0.0.1:{port_map[name]}{CAREER_PATH}")
            if expected not in page:
                failures.append(f"{name} does not serve the change")
        http_get(url)
        _, headers, page = http_get(url)
        if headers.get("X-Cache") != "hit" or expected not in page:
            failures.append("Varnish does not cache the new page again")
    finally:
        publish_title(env, CAREER_PATH, original_title)
    for failure in failures:
        log("FAIL " + failure)
    if not failures:
        log(f"ok: both app servers serve the change, Varnish caches it again (h1 was {original!r})")
    return 1 if failures else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["start", "stop", "check"])
    parser.add_argument("--port-base", type=int, default=int(os.environ.get("STACK_PORT_BASE", "8300")))
    parser.add_argument("--database", default=os.environ.get("STACK_DATABASE", "hw_stack"))
    parser.add_argument("--pg-host", default=os.environ.get("STACK_PG_HOST", "127.0.0.1"))
    parser.add_argument("--redis-url", default=os.environ.get("STACK_REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("STACK_WORKERS", "2")))
    parser.add_argument("--no-s3", dest="s3", action="store_false", help="media on local disk, not in moto's S3")
    args = parser.parse_args(argv)
    try:
        return {"start": start, "stop": stop, "check": check}[args.command](args)
    except RuntimeError as error:
        log(f"error: {error}")
        if args.command == "start":
            log("stopping what was started")
            stop(args)
        return 1


if __name__ == "__main__":
    sys.exit(main())
