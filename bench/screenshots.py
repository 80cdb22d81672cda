"""`make screenshots`: a picture of each public page type at 320 and 1280 px, in docs/screenshots/.

The demo content is loaded into a throwaway SQLite database (and media folder), served by
`manage.py runserver` on a local port, and photographed with Playwright driving Debian's Chromium
(/usr/bin/chromium, or CHROMIUM_PATH). Each picture is the top of the page, at most MAX_HEIGHT CSS
pixels tall, saved as WebP so that all of them stay under BUDGET_BYTES.

    .venv/bin/python -m bench.screenshots [--port 8601] [--out docs/screenshots]
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
WIDTHS = (320, 1280)
MAX_HEIGHT = {320: 2400, 1280: 1600}
BUDGET_BYTES = 3 * 1024 * 1024
WEBP_QUALITY = 55

# (file name, path or a way to find it on the page before). Links are followed so the pictures show
# whatever the demo content calls its first training and employer.
PAGES = [
    ("home", "/"),
    ("careers-index", "/careers/"),
    ("career-page", "/careers/care-coordination-and-care-management/"),
    ("trainings-search", "/trainings/"),
    ("training-page", ("/trainings/", ".training-card__title a")),
    ("employers-directory", "/employers/"),
    ("employer-detail", ("/employers/", ".employer-card__name a")),
    ("employer-submit", "/employers/submit/"),
    ("site-search", "/search/?q=care"),
    ("information-page", "/privacy/"),
    ("sign-in", "/accounts/login/"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()  # noqa: S310 (our own local server)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server at {url} did not answer within {timeout}s")


def manage(env, *args, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)  # noqa: S603


def photograph(base_url, out_dir):
    from PIL import Image
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.webp"):
        old.unlink()
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"], headless=True
        )
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 800}, base_url=base_url)
            page = context.new_page()
            for name, target in PAGES:
                if isinstance(target, tuple):
                    listing, selector = target
                    page.goto(listing)
                    target = page.locator(selector).first.get_attribute("href")
                page.goto(target)
                page.wait_for_load_state("networkidle")
                height = min(page.evaluate("() => document.documentElement.scrollHeight"), MAX_HEIGHT[width])
                png = page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
                path = out_dir / f"{name}-{width}.webp"
                Image.open(BytesIO(png)).convert("RGB").save(path, "WEBP", quality=WEBP_QUALITY, method=6)
                written.append(path)
            context.close()
        browser.close()
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port for the temporary server (default: a free one)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} not found: apt-get install chromium")
    port = args.port or free_port()
    with tempfile.TemporaryDirectory(prefix="hwcollab-screenshots-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hwcollab.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp}/screenshots.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            "REDIS_URL": "",
            "LOG_LEVEL": "WARNING",
        }
        manage(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)
        manage(env, "load_demo_content", stdout=subprocess.DEVNULL)
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_for(base_url + "/robots.txt")
            written = photograph(base_url, args.out)
        finally:
            server.terminate()
            server.wait(timeout=30)
    total = sum(path.stat().st_size for path in written)
    for path in written:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")
    print(f"{len(written)} screenshots, {total / 1024 / 1024:.2f} MB in all")
    if total > BUDGET_BYTES:
        raise SystemExit(f"screenshots take {total} bytes, over the {BUDGET_BYTES}-byte budget: lower WEBP_QUALITY")


if __name__ == "__main__":
    main()
