"""Content-Security-Policy and Permissions-Policy on the public site; the image size limit."""

import base64
import hashlib
import io
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.images.models import Image

from tests.accounts.conftest import make_visitor

pytestmark = pytest.mark.django_db

DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: inline scripts, <style> and style attributes."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.found.append(f"<{tag} style=...>")
        if any(name.startswith("on") for name in attrs):
            self.found.append(f"<{tag} on...=>")
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and "src" not in attrs and attrs.get("type") not in DATA_SCRIPT_TYPES:
            self.found.append("<script> inline")


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def policy(response):
    directives = [directive.split() for directive in response["Content-Security-Policy"].split(";")]
    return {words[0]: words[1:] for words in directives if words}


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/signup/", "/search/?q=nurse", "/no-such-page/"])
def test_public_pages_have_a_strict_policy_and_nothing_inline_it_would_block(client, home_page, url):
    response = client.get(url)
    assert response.status_code in {200, 404}
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert inline_code(response.content.decode()) == []


def test_the_too_many_attempts_page_has_the_policy_and_nothing_inline(client, db):
    for _ in range(6):
        response = client.post("/accounts/password/reset/", {"email": "ana@example.org"})
    assert response.status_code == 429
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "Too many attempts" in response.content.decode()
    assert inline_code(response.content.decode()) == []
    # Axes' lockout at /admin/login/ is the same page, without the policy (the admin has none).
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/", {"username": "someone", "password": "wrong"})
    assert response.status_code == 429
    assert inline_code(response.content.decode()) == []


def test_the_500_pages_inline_style_is_allowed_by_its_hash():
    html = (settings.BASE_DIR / "templates" / "500.html").read_text()
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]


@pytest.mark.parametrize("url", ["/admin/login/", "/django-admin/login/"])
def test_the_admins_have_no_policy_they_need_inline_code(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_the_admin_preview_is_not_restricted(client, home_page):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@hwcollab.org", "pw"))
    response = client.get(f"/admin/pages/{home_page.pk}/edit/preview/")
    assert "Content-Security-Policy" not in response


def test_permissions_policy_denies_features_the_site_does_not_use(client, home_page):
    header = client.get("/")["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in header


def png(width, height):
    buffer = io.BytesIO()
    PILImage.new("1", (width, height)).save(buffer, "PNG")
    return SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")


def test_images_over_40_megapixels_are_refused_with_a_message(client, db):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@hwcollab.org", "pw"))
    response = client.post("/admin/images/add/", {"title": "Too big", "file": png(8000, 5001)})
    assert response.status_code == 200
    assert "too many pixels" in response.content.decode()
    assert not Image.objects.exists()
    response = client.post("/admin/images/add/", {"title": "Fine", "file": png(8000, 5000)})
    assert response.status_code == 302
    assert Image.objects.filter(title="Fine").exists()


def test_pages_from_the_page_cache_have_the_headers_too(client, settings, home_page):
    from django.core.cache import caches

    settings.PAGE_CACHE_ENABLED = True
    caches[settings.CACHE_MIDDLEWARE_ALIAS].clear()
    first, second = client.get("/"), client.get("/")
    caches[settings.CACHE_MIDDLEWARE_ALIAS].clear()
    for response in (first, second):
        assert response.status_code == 200
        assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
        assert "camera=()" in response["Permissions-Policy"]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = set()

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith(("/admin/", "/django-admin/", "/accounts/logout")):
            self.hrefs.add(href.split("#")[0])


def test_no_demo_page_has_inline_code_the_policy_would_block(client):
    call_command("load_demo_content", stdout=io.StringIO())
    # Two links deep from the home page: the sections, their listings, career, training and employer pages.
    seen, frontier = set(), {"/", "/employers/submit/"}
    for _depth in range(3):
        found = set()
        for url in sorted(frontier - seen):
            seen.add(url)
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            html = response.content.decode()
            assert inline_code(html) == [], url
            links = Links()
            links.feed(html)
            found |= links.hrefs
        frontier = found
    assert len(seen) > 20


@pytest.mark.parametrize(
    "url",
    ["/accounts/plan/", "/accounts/profile/", "/accounts/email/", "/accounts/password/change/", "/accounts/delete/"],
)
def test_signed_in_visitors_pages_have_no_inline_code_either(client, home_page, url):
    client.force_login(make_visitor())
    response = client.get(url)
    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []
