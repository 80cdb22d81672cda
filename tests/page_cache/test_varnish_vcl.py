"""deploy/varnish/default.vcl in a real Varnish (Debian's varnishd), in front of a stand-in backend.

Skipped without varnishd, unless REQUIRE_VARNISH=1 (CI) makes that an error.
"""

import http.client
import http.server
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VARNISHD = shutil.which("varnishd") or ("/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None)

if not VARNISHD:
    if os.environ.get("REQUIRE_VARNISH") == "1":
        raise RuntimeError("REQUIRE_VARNISH=1 but varnishd is not installed (apt-get install varnish)")
    pytest.skip("varnishd is not installed (apt-get install varnish)", allow_module_level=True)


class Backend(http.server.BaseHTTPRequestHandler):
    """Answers like the app: shareable pages with s-maxage, forms with a cookie, signed-in pages private."""

    hits = {}

    def do_GET(self):
        path = self.path.split("?")[0]
        Backend.hits[path] = Backend.hits.get(path, 0) + 1
        body = f"{path} version {Backend.hits[path]} cookie={self.headers.get('Cookie', '')}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        if path == "/form/":
            self.send_header("Set-Cookie", "csrftoken=abc; Path=/")
            self.send_header("Cache-Control", "private")
        elif path == "/private/":
            self.send_header("Cache-Control", "private")
        else:
            self.send_header("Cache-Control", "max-age=0, s-maxage=600")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def varnish(tmp_path_factory):
    backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Backend)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    work = tmp_path_factory.mktemp("varnish")
    vcl = (ROOT / "deploy" / "varnish" / "default.vcl").read_text()
    vcl = re.sub(r'\.port = "\d+";', f'.port = "{backend.server_port}";', vcl, count=1)
    (work / "test.vcl").write_text(vcl)
    port = _free_port()
    cmd = [VARNISHD, "-F", "-a", f"127.0.0.1:{port}", "-a", f"127.0.0.2:{port}", "-T", "none", "-n", str(work / "n")]
    cmd += ["-f", str(work / "test.vcl"), "-s", "malloc,16m"]
    if os.geteuid() == 0:
        cmd += ["-j", "none"]
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603
    try:
        for _ in range(300):
            if process.poll() is not None:
                raise RuntimeError(process.stdout.read().decode())
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)
        backend.shutdown()


def request(port, method, path, headers=None, source="127.0.0.1", host="127.0.0.1"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        connection.request(method, path, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def test_a_shareable_page_is_served_from_the_cache(varnish):
    _, first_headers, first = request(varnish, "GET", "/page/")
    _, headers, second = request(varnish, "GET", "/page/")
    assert first_headers["X-Cache"] == "miss"
    assert headers["X-Cache"] == "hit"
    assert second == first
    assert "x-cache-url" not in {name.lower() for name in headers}


def test_analytics_cookies_and_tracking_parameters_get_the_shared_copy(varnish):
    _, _, first = request(varnish, "GET", "/shared/")
    _, headers, body = request(
        varnish, "GET", "/shared/?utm_source=mail&utm_medium=x", {"Cookie": "_ga=1; csrftoken=z"}
    )
    assert headers["X-Cache"] == "hit"
    assert body == first
    assert body.endswith("cookie=")  # the backend never saw the visitor's cookies


def test_a_visitor_with_a_session_is_never_served_a_cached_page(varnish):
    request(varnish, "GET", "/page2/")
    _, headers, body = request(varnish, "GET", "/page2/", {"Cookie": "sessionid=s1; csrftoken=z"})
    assert headers["X-Cache"] == "miss"
    assert "sessionid=s1" in body  # passed to the app, which renders this visitor's own page


@pytest.mark.parametrize("path", ["/form/", "/private/"])
def test_forms_and_private_pages_are_never_stored(varnish, path):
    for _ in range(2):
        _, headers, _ = request(varnish, "GET", path)
        assert headers["X-Cache"] == "miss"
    if path == "/form/":
        assert headers["Set-Cookie"].startswith("csrftoken=")


def test_a_wildcard_purge_from_an_app_server_drops_every_page_of_the_host(varnish):
    request(varnish, "GET", "/purged/")
    assert request(varnish, "GET", "/purged/")[1]["X-Cache"] == "hit"
    status, _, _ = request(varnish, "PURGE", "/*", host="127.0.0.1")
    assert status == 200
    _, headers, body = request(varnish, "GET", "/purged/")
    assert headers["X-Cache"] == "miss"
    assert "version 2" in body


def test_purge_is_refused_from_other_addresses(varnish):
    request(varnish, "GET", "/kept/")
    status, _, _ = request(varnish, "PURGE", "/*", source="127.0.0.2")
    assert status == 405
    assert request(varnish, "GET", "/kept/")[1]["X-Cache"] == "hit"


def test_health_checks_are_never_cached(varnish):
    for _ in range(2):
        assert request(varnish, "GET", "/healthz/")[1]["X-Cache"] == "miss"


def test_the_home_page_is_not_served_from_the_cache_to_a_visitor_whose_cookie_says_spanish(varnish):
    request(varnish, "GET", "/")
    assert request(varnish, "GET", "/")[1]["X-Cache"] == "hit"
    _, headers, body = request(varnish, "GET", "/", {"Cookie": "_ga=1; django_language=es"})
    assert headers["X-Cache"] == "miss"
    assert "django_language=es" in body  # passed to the app, which sends them to /es/
    _, headers, _ = request(varnish, "GET", "/", {"Cookie": "django_language=en"})
    assert headers["X-Cache"] == "hit"


def test_spanish_pages_are_cached_under_their_own_path(varnish):
    _, _, english = request(varnish, "GET", "/careers/")
    _, headers, spanish = request(varnish, "GET", "/es/careers/", {"Cookie": "django_language=es"})
    assert headers["X-Cache"] == "miss"
    assert spanish.startswith("/es/careers/") and english.startswith("/careers/")
    assert request(varnish, "GET", "/es/careers/")[1]["X-Cache"] == "hit"
