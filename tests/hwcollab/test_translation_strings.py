"""The visitor's strings in Spanish (locale/es/LC_MESSAGES/django.po) and the catalogue's own check and compile step
(hwcollab/catalogue.py, docs/translation-strings.md). The rendered Spanish pages are scanned for English in
test_spanish_strings.py."""

import datetime
from decimal import Decimal

import polib
import pytest
from django.core import mail
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import formats, translation

from hwcollab import catalogue


def test_the_spanish_catalogue_is_complete_and_matches_the_sources():
    assert catalogue.problems(catalogue.po_path("es"), catalogue.extract()) == []


def test_extraction_finds_template_and_code_strings_with_their_context_and_plural():
    sources = catalogue.extract()
    assert ("", "Page not found") in sources  # {% translate %} in templates/404.html
    assert sources[("pagination", "page")].context == "pagination"  # {% translate ... context ... %}
    assert sources[("search result", "career")].plural == "careers"  # npgettext in search/site.py
    assert sources[("", "%(count)d mile")].plural == "%(count)d miles"  # ngettext in directory/search_options.py
    plural = sources[("", "%(counter)s training")]  # {% blocktranslate count %}
    assert plural.plural == "%(counter)s trainings" and plural.where.endswith("training_index_page.html")


def _catalogue(tmp_path, *entries, fuzzy_header=False):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.metadata_is_fuzzy = fuzzy_header
    for entry in entries:
        po.append(entry)
    path = tmp_path / "django.po"
    po.save(str(path))
    return path


def test_the_check_reports_untranslated_fuzzy_obsolete_and_broken_entries(tmp_path):
    path = _catalogue(
        tmp_path,
        polib.POEntry(msgid="Done", msgstr="Hecho"),
        polib.POEntry(msgid="Menu", msgstr=""),
        polib.POEntry(msgid="Back", msgstr="Atrás", flags=["fuzzy"]),
        polib.POEntry(msgid="Gone", msgstr="Ido", obsolete=True),
        polib.POEntry(msgid="Hello %(name)s", msgstr="Hola %(nombre)s"),
        polib.POEntry(msgid="%(n)s mile", msgid_plural="%(n)s miles", msgstr_plural={0: "%(n)s milla", 1: ""}),
        fuzzy_header=True,
    )
    found = catalogue.problems(path)
    assert any("header is marked fuzzy" in line for line in found)
    assert any(line.startswith("untranslated") and "'Menu'" in line for line in found)
    assert any(line.startswith("fuzzy") and "'Back'" in line for line in found)
    assert any(line.startswith("obsolete") and "'Gone'" in line for line in found)
    assert any(line.startswith("placeholders differ") and "Hello" in line for line in found)
    assert any(line.startswith("untranslated") and "mile" in line for line in found)
    assert not any("'Done'" in line for line in found)


def test_the_check_reports_a_source_string_missing_from_the_catalogue_and_one_no_longer_used(tmp_path):
    path = _catalogue(tmp_path, polib.POEntry(msgid="Old words", msgstr="Palabras viejas"))
    sources = {("", "New words"): catalogue.Message("New words", where="home/views.py:3")}
    found = catalogue.problems(path, sources)
    assert "missing (run `make messages` and translate it): 'New words' (home/views.py:3)" in found
    assert "no longer in the sources (run `make messages`): 'Old words'" in found


def test_compile_writes_a_catalogue_django_reads(tmp_path, monkeypatch):
    path = tmp_path / "es" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    _catalogue(tmp_path, polib.POEntry(msgid="Menu", msgstr="Menú"))
    (tmp_path / "django.po").rename(path)
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path)
    catalogue.compile_catalogues()
    assert polib.mofile(str(path.with_suffix(".mo"))).find("Menu").msgstr == "Menú"


def test_the_compiled_spanish_catalogue_is_what_django_uses():
    with translation.override("es"):
        assert translation.gettext("Save to my plan") == "Guardar en mi plan"
        assert translation.pgettext("search result", "training") == "capacitación"


# Formats and units ------------------------------------------------------------------------------------------


def test_spanish_numbers_keep_the_us_separators_and_dollars():
    from occupations.models import Figure
    from occupations.pay import annual_text, hourly_text, money

    with translation.override("es"):
        assert formats.number_format(Decimal("52340.5"), 2, use_l10n=True, force_grouping=True) == "52,340.50"
        assert money(52340) == "$52,340"
        assert annual_text(Figure(Decimal(52340))) == "$52,340 al año"
        assert hourly_text(Figure(Decimal("25.16"))) == "$25.16 por hora"
        assert formats.date_format(datetime.date(2026, 12, 4)) == "4 de diciembre de 2026"
    assert formats.number_format(Decimal("52340.5"), 2, use_l10n=True, force_grouping=True) == "52,340.50"


def test_units_and_choices_follow_the_language_they_are_shown_in():
    from directory.search_options import RADIUS_CHOICES
    from directory.trainings.forms import TrainingSearchForm

    labels = dict(RADIUS_CHOICES)
    with translation.override("es"):
        assert str(labels[10]) == "10 millas"
        form = TrainingSearchForm({"radius": "7"})
        assert not form.is_valid()
        assert form.errors["radius"] == ["Elija una distancia de 5, 10, 25, 50 o 100 millas."]
    assert str(labels[10]) == "10 miles"
    assert TrainingSearchForm({"radius": "7"}).errors["radius"] == ["Choose a distance of 5, 10, 25, 50 or 100 miles."]


@pytest.mark.django_db
def test_a_trainings_length_is_a_plural_in_each_language():
    from directory.trainings.models import TrainingPage

    one, twelve = TrainingPage(length_value=1, length_unit="months"), TrainingPage(length_value=12, length_unit="weeks")
    assert (one.length_display, twelve.length_display) == ("1 month", "12 weeks")
    with translation.override("es"):
        assert (one.length_display, twelve.length_display) == ("1 mes", "12 semanas")


# Pages and emails ------------------------------------------------------------------------------------------


def test_the_error_pages_speak_the_active_language():
    with translation.override("es"):
        html = render_to_string("500.html")
        assert '<html lang="es">' in html
        assert "<h1>Algo salió mal</h1>" in html
        html = render_to_string("503.html", {"method": "POST"})
        assert "No pudimos guardar lo que envió" in html
    assert '<html lang="en">' in render_to_string("500.html")


@pytest.mark.django_db
def test_the_404_page_in_spanish(client, home_page):
    response = client.get("/es/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>No se encontró la página</h1>" in html
    assert '<html lang="es"' in html
    assert '<a href="/es/">Vaya a la página de inicio</a>' in html


@pytest.mark.django_db
def test_the_employer_submitter_gets_a_confirmation_in_the_language_they_used(client, employer_directory):
    from tests.directory.employers.test_submission import VALID

    cache.clear()
    response = client.post(f"/es{employer_directory.url}submit/", VALID)
    assert response.status_code == 302
    confirmation = [message for message in mail.outbox if message.to == [VALID["submitter_email"]]]
    assert len(confirmation) == 1
    assert confirmation[0].subject == "Recibimos su ficha de empleador: Harbor Care Partners"
    assert "Gracias por agregar Harbor Care Partners al Health Workforce Collaborative." in confirmation[0].body
    mail.outbox.clear()
    cache.clear()
    client.post(f"{employer_directory.url}submit/", {**VALID, "name": "Harbor Care Two"})
    assert [message.subject for message in mail.outbox if message.to == [VALID["submitter_email"]]] == [
        "We have your employer listing: Harbor Care Two"
    ]


@pytest.mark.django_db
def test_allauth_emails_are_written_in_the_active_language(client, home_page):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("ana", "ana@example.org", "a-long-password-1")
    client.post("/es/accounts/password/reset/", {"email": "ana@example.org"})
    assert len(mail.outbox) == 1
    assert "contraseña" in mail.outbox[0].subject.lower() + mail.outbox[0].body.lower()


def test_the_save_button_speaks_spanish():
    from django.contrib.auth.models import AnonymousUser

    from accounts.templatetags.accounts_tags import SIGNED_OUT_BUTTON

    assert "Save to my plan" not in SIGNED_OUT_BUTTON  # the label comes through gettext
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override("es"):
        assert translation.gettext("Save to my plan") == "Guardar en mi plan"
