"""No English left on the Spanish pages: every public page type and state, under /es/, shows none of the
English strings of the project's catalogue (locale/es/LC_MESSAGES/django.po) whose Spanish differs.

What a visitor reads is scanned: the text (the title too) and the attributes a browser or a screen reader shows
(aria-label, placeholder, title, alt, the save button's and the suggestions' labels). What comes from the database
(the demo content, still English until it is translated) is taken out first: every text value stored in the
database is blanked where it appears on the page, so only the templates' and the code's words remain.
"""

import re

import polib
import pytest
from bs4 import BeautifulSoup, Comment
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils.html import strip_tags
from wagtail.fields import RichTextField, StreamField

from directory.employers.models import EmployerSnippet
from directory.trainings.models import TrainingPage
from hwcollab import catalogue
from tests.accounts.conftest import make_visitor

pytestmark = pytest.mark.django_db

PREFIX = "/es"  # the URL decides the language (hwcollab/locale.py)
SHOWN_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt", "data-label-save", "data-label-remove")
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdif]|\{\w+\}")


def _words(text):
    return " ".join(text.split())


def _pattern(msgid):
    """A regular expression for `msgid` as a page shows it: tags gone, placeholders any text."""
    text = _words(strip_tags(msgid).replace("%%", "%"))
    parts = PLACEHOLDER.split(text)
    body = r".{1,200}?".join(re.escape(part) for part in parts)
    start = r"\b" if re.match(r"\w", text) else ""
    end = r"\b" if re.search(r"\w$", text) else ""
    return re.compile(start + body + end)


def english_patterns():
    """(msgid, pattern) of each catalogue string whose Spanish is not the English (names like "Long Island" are)."""
    po = polib.pofile(str(catalogue.po_path("es")))
    found = {}
    for entry in po:
        if entry.obsolete:
            continue
        pairs = (
            [(entry.msgid, entry.msgstr_plural.get(0, "")), (entry.msgid_plural, entry.msgstr_plural.get(1, ""))]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        )
        for english, spanish in pairs:
            # Date formats ("F j, Y") are not words a page shows.
            if english == spanish or (entry.msgctxt and "date format" in entry.msgctxt):
                continue
            if len(PLACEHOLDER.sub("", strip_tags(english)).strip(" .,:;()–-+")) < 2:
                continue  # only placeholders and punctuation: nothing English in it
            found[english] = _pattern(english)
    return found


def database_texts():
    """Every text value stored in the database, as a page would show it, longest first."""
    texts = set()
    for model in apps.get_models():
        fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | StreamField | RichTextField)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*[field.attname for field in fields]):
            for field, value in zip(fields, row, strict=True):
                if isinstance(field, StreamField):
                    texts.update(_stream_texts(field.get_prep_value(value) if not isinstance(value, str) else value))
                elif isinstance(value, str):
                    texts.add(value)
    shown = {_words(strip_tags(text)) for text in texts} | {_words(text) for text in texts}
    return sorted((text for text in shown if len(text) >= 3), key=len, reverse=True)


def _stream_texts(value):
    import json

    data = json.loads(value) if isinstance(value, str) else value
    stack, found = [data], []
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            found.append(item)
    return found


def visible_texts(html):
    """The page's text nodes and shown attributes, as separate strings."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template"]):
        tag.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    texts = [_words(soup.get_text(" "))]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name in SHOWN_ATTRIBUTES or name.startswith("data-suggest-text-"):
                texts.append(_words(value if isinstance(value, str) else " ".join(value)))
    return texts


def blank_stored(text, stored):
    """`text` with each stored value blanked where it stands as whole words ("es" in "empleadores" stays)."""
    for stored_text in stored:
        if stored_text in text:
            start = r"(?<!\w)" if re.match(r"\w", stored_text) else ""
            end = r"(?!\w)" if re.search(r"\w$", stored_text) else ""
            text = re.sub(start + re.escape(stored_text) + end, " ¤ ", text)
    return text


def english_left(html, patterns, stored):
    found = set()
    for text in visible_texts(html):
        text = blank_stored(text, stored)
        found.update(english for english, pattern in patterns.items() if pattern.search(text))
    return sorted(found)


def _spanish(response, url, status):
    assert response.status_code == status, url
    html = response.content.decode()
    assert '<html lang="es"' in html, url
    return html


def _get(client, url, status=200):
    return _spanish(client.get(PREFIX + url), url, status)


def _post(client, url, data, status):
    return _spanish(client.post(PREFIX + url, data), url, status)


@pytest.fixture
def spanish_pages(client):
    call_command("load_demo_content", verbosity=0)
    trainings = list(TrainingPage.objects.live().order_by("pk")[:2])
    employer = EmployerSnippet.objects.filter(live=True).first()
    pages = {
        "home": _get(client, "/"),
        "careers index": _get(client, "/careers/"),
        "careers index, filtered": _get(client, "/careers/?education=bachelor&sort=pay"),
        "career page": _get(client, "/careers/care-coordination-and-care-management/"),
        "trainings": _get(client, "/trainings/"),
        "trainings, results near a ZIP": _get(client, "/trainings/?q=care&near=12207&funding=free&start_with=none"),
        "trainings, errors and no results": _get(client, "/trainings/?near=99999&max_cost=abc&q=zzzz&radius=7"),
        "training page": _get(client, trainings[0].url),
        "finder, first step": _get(client, "/trainings/finder/"),
        "finder, a choice step": _get(client, "/trainings/finder/?step=2"),
        "finder, ZIP step with an error": _get(client, "/trainings/finder/?step=6&near=abc&go=next"),
        "compare": _get(client, f"/trainings/compare/?ids={trainings[0].pk},{trainings[1].pk},x"),
        "employers": _get(client, "/employers/"),
        "employers, errors and no results": _get(client, "/employers/?near=99999&hiring=on&q=zzzz"),
        "employer page": _get(client, employer.get_url()),
        "employer submission": _get(client, "/employers/submit/"),
        "employer submission, errors": _post(client, "/employers/submit/", {"name": "", "website": "ftp://x"}, 400),
        "search": _get(client, "/search/"),
        "search results": _get(client, "/search/?q=care"),
        "search, one kind": _get(client, "/search/?q=care&kind=trainings"),
        "search, nothing found": _get(client, "/search/?q=zzzz-nothing"),
        "sign in": _get(client, "/accounts/login/"),
        "sign up": _get(client, "/accounts/signup/"),
        "not found": _get(client, "/no-such-page/", status=404),
    }
    client.force_login(make_visitor())
    client.post(f"{PREFIX}/accounts/save/training/{trainings[0].pk}/")
    pages["my plan"] = _get(client, "/accounts/plan/")
    pages["profile"] = _get(client, "/accounts/profile/")
    pages["profile, errors"] = _post(client, "/accounts/profile/", {"home_zip": "abc"}, 400)
    pages["career page, signed in"] = _get(client, "/careers/care-coordination-and-care-management/")
    pages["trainings, signed in"] = _get(client, "/trainings/?q=care")
    return pages


def test_no_english_template_or_code_string_is_left_on_the_spanish_pages(spanish_pages):
    patterns, stored = english_patterns(), database_texts()
    left = {name: found for name, html in spanish_pages.items() if (found := english_left(html, patterns, stored))}
    assert left == {}


def test_the_scan_finds_english_in_text_and_attributes_but_not_in_stored_content():
    patterns = english_patterns()
    html = (
        '<main><h1>Ver todos</h1><p>Showing 5–10.</p><button aria-label="Search trainings">x</button>'
        "<p>Care Coordination: Search</p><script>var s = 'Next';</script></main>"
    )
    left = english_left(html, patterns, stored=["Care Coordination: Search"])
    assert {"Search trainings", "Showing %(start)s–%(end)s."} <= set(left)
    assert "Search" in left  # the button's aria-label
    assert "Next" not in left  # a script is not shown
    assert english_left("<p>Mediana · En línea · Long Island</p>", patterns, stored=[]) == []
