"""Every public page type, rendered as a visitor gets it: each id that aria-describedby, aria-labelledby,
aria-controls or a label's `for` points at exists on the page, no id is used twice, and the HTML is valid
to the Nu HTML checker (vnu, docs/browser-tests.md#markup-checks).

axe-core only lists a dangling aria-describedby as "needs review", so the browser tests cannot catch it.
"""

import json
import os
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from directory.employers.models import EmployerSnippet
from directory.trainings.models import TrainingPage
from tests.accounts.conftest import make_visitor

pytestmark = pytest.mark.django_db

VNU_JAR = Path(__file__).resolve().parents[2] / ".vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CANARY = (
    '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><input type="text" type="tel"></body></html>'
)
ID_ATTRIBUTES = ("aria-describedby", "aria-labelledby", "aria-controls", "aria-owns", "aria-activedescendant")


def vnu_required():
    # CI sets REQUIRE_BROWSER=1 (.ci/run): there a missing checker fails the run instead of skipping.
    return any(os.environ.get(name, "") not in ("", "0", "false", "no") for name in ("REQUIRE_BROWSER", "REQUIRE_VNU"))


def _get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


_RENDERED = {}


@pytest.fixture
def public_pages(django_db_blocker, client):
    """{name: html} for each public page type and the states a visitor meets (errors, no results, signed in).

    Rendered once per test run: both checks read the same HTML, and loading the demo content is the slow part.
    """
    if not _RENDERED:
        _RENDERED.update(_render_public_pages(client))
    return _RENDERED


def _render_public_pages(client):
    call_command("load_demo_content", verbosity=0)
    training = TrainingPage.objects.live().first()
    employer = EmployerSnippet.objects.filter(live=True).first()
    pages = {
        "home": _get(client, "/"),
        "careers index": _get(client, "/careers/"),
        "career page": _get(client, "/careers/care-coordination-and-care-management/"),
        "trainings": _get(client, "/trainings/"),
        "trainings, results near a ZIP": _get(client, "/trainings/?q=care&near=12207"),
        "trainings, unknown ZIP": _get(client, "/trainings/?near=99999&max_cost=abc"),
        "training page": _get(client, training.url),
        "employers": _get(client, "/employers/"),
        "employers, unknown ZIP": _get(client, "/employers/?near=99999&hiring=on&setting=home"),
        "employer page": _get(client, employer.get_url()),
        "employer submission": _get(client, "/employers/submit/"),
        "search": _get(client, "/search/"),
        "search results": _get(client, "/search/?q=care"),
        "search, nothing found": _get(client, "/search/?q=zzzz-nothing"),
        "sign in": _get(client, "/accounts/login/"),
        "sign up": _get(client, "/accounts/signup/"),
        "password reset": _get(client, "/accounts/password/reset/"),
        "not found": _get(client, "/no-such-page/", status=404),
    }
    response = client.post("/employers/submit/", {"name": "", "phone": "x", "website": "ftp://x"})
    assert response.status_code == 400
    pages["employer submission, errors"] = response.content.decode()
    response = client.post("/accounts/login/", {"login": "nobody@example.org", "password": "wrong"})
    pages["sign in, errors"] = response.content.decode()
    response = client.post("/accounts/signup/", {"email": "not-an-email", "password1": "short", "password2": "x"})
    pages["sign up, errors"] = response.content.decode()
    client.force_login(make_visitor())
    client.post(f"/accounts/save/training/{training.pk}/")
    pages["my plan"] = _get(client, "/accounts/plan/")
    pages["profile"] = _get(client, "/accounts/profile/")
    pages["career page, signed in"] = _get(client, "/careers/care-coordination-and-care-management/")
    return pages


def _dangling_references(html):
    soup = BeautifulSoup(html, "html.parser")
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    problems = [f'id="{value}" is used {count} times' for value, count in ids.items() if count > 1]
    for attribute in ID_ATTRIBUTES:
        for tag in soup.find_all(attrs={attribute: True}):
            value = tag[attribute]
            refs = value.split()
            if not refs:
                problems.append(f'<{tag.name} {attribute}=""> is empty')
            problems += [
                f'<{tag.name} {attribute}="{value}">: no element has id="{ref}"' for ref in refs if ref not in ids
            ]
    for label in soup.find_all("label", attrs={"for": True}):
        if label["for"] not in ids:
            problems.append(f'<label for="{label["for"]}">: no element has that id')
    return problems


def test_every_referenced_id_exists(public_pages):
    problems = {name: found for name, html in public_pages.items() if (found := _dangling_references(html))}
    assert problems == {}


def test_the_check_finds_dangling_and_empty_references():
    html = (
        '<p id="a">x</p><p id="a">y</p><input aria-describedby="a missing"><fieldset aria-describedby=""></fieldset>'
        '<label for="nowhere">z</label>'
    )
    assert _dangling_references(html) == [
        'id="a" is used 2 times',
        '<input aria-describedby="a missing">: no element has id="missing"',
        '<fieldset aria-describedby=""> is empty',
        '<label for="nowhere">: no element has that id',
    ]


def test_submission_form_help_is_read_with_its_field(public_pages):
    soup = BeautifulSoup(public_pages["employer submission"], "html.parser")
    zip_input = soup.find("input", attrs={"name": "zip_code"})
    help_ids = zip_input["aria-describedby"].split()
    assert soup.find(id=help_ids[0]).get_text() == "Used to show how far you are from people searching."
    phone = soup.find("input", attrs={"name": "phone"})
    assert 'type="tel"' in str(phone) and str(phone).count("type=") == 1
    assert soup.find("fieldset", attrs={"aria-describedby": ""}) is None


def _vnu(paths):
    """The checker's messages for these files. It skips a file it cannot find without a word: none may be missing."""
    assert all(path.is_file() for path in paths)
    # One JVM for every page: starting Java costs more than checking a page.
    command = ["java", "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, paths)]
    result = subprocess.run(  # noqa: S603 - our own files
        command,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.stderr.strip(), f"vnu printed nothing (exit {result.returncode})"
    return json.loads(result.stderr)["messages"]


@pytest.fixture
def vnu_jar():
    if not VNU_JAR.exists():
        if vnu_required():
            pytest.fail(f"REQUIRE_BROWSER is set but {VNU_JAR} is missing: run `make vnu` (npm install of vnu-jar)")
        pytest.skip(f"{VNU_JAR} not found: `make vnu` installs the Nu HTML checker")
    return VNU_JAR


def _file_name(url):
    return url.rsplit("/", 1)[-1] if url else "?"


def test_every_page_type_is_valid_html(public_pages, vnu_jar, tmp_path):
    paths = []
    for name, html in public_pages.items():
        paths.append(tmp_path / (name.replace(" ", "-").replace(",", "") + ".html"))
        paths[-1].write_text(html)
    # A page known to be invalid, checked in the same run: its error proves the run read the files.
    paths.append(tmp_path / "zz-canary.html")
    paths[-1].write_text(CANARY)
    errors = [
        f"{_file_name(message.get('url'))}:{message.get('lastLine')}: {message['message']}" for message in _vnu(paths)
    ]
    assert errors == ["zz-canary.html:1: Duplicate attribute “type”."]


def test_the_checker_rejects_invalid_html(vnu_jar, tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(CANARY.replace("</body>", '<p id="a" id="b"></p></body>'))
    messages = [message["message"] for message in _vnu([page])]
    assert messages == ["Duplicate attribute “type”.", "Duplicate attribute “id”."]
