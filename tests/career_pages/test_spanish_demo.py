"""The Spanish demo content (docs/demo-content.md#spanish): made through wagtail-localize's translation workflow,
idempotent, every string of the demo translated by the data file."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from career_pages.models import CareerPage
from directory.employers.models import EmployerSnippet
from directory.trainings.models import TrainingPage
from hwcollab.management.commands.load_demo_content import spanish_strings

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def test_spanish_pages_are_wagtail_localize_translations_and_reload_changes_nothing(client):
    load()
    spanish = Page.objects.filter(locale__language_code="es")
    english = Page.objects.filter(locale__language_code="en", depth__gt=1)
    # Every demo page has its Spanish version, live, a synced translation an author can sync and edit.
    assert spanish.count() == english.count() == 22
    assert not spanish.filter(live=False).exists()
    assert Translation.objects.filter(target_locale__language_code="es", enabled=True).count() == 22
    spanish_ids = [str(pk) for pk in spanish.values_list("pk", flat=True)]
    before = (
        StringTranslation.objects.count(),
        Translation.objects.count(),
        Revision.page_revisions.filter(object_id__in=spanish_ids).count(),
    )
    load()
    assert Page.objects.filter(locale__language_code="es").count() == 22
    after = (
        StringTranslation.objects.count(),
        Translation.objects.count(),
        Revision.page_revisions.filter(object_id__in=spanish_ids).count(),
    )
    # No duplicate, and the Spanish pages are not saved again when nothing changed.
    assert after == before


def test_the_data_file_translates_every_string_of_the_demo():
    output = load()
    strings = spanish_strings()
    untranslated = [
        segment.string.data
        for segment in StringSegment.objects.select_related("string")
        if not strings.get(segment.string.data)
    ]
    assert sorted(set(untranslated)) == []
    assert "without a Spanish translation" not in output


def test_the_spanish_career_page_reads_in_spanish(client):
    load()
    page = CareerPage.objects.get(locale__language_code="es")
    assert page.title == "Coordinación de la atención y administración de casos"
    response = client.get("/es/careers/care-coordination-and-care-management/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Coordinador/a de atención", "Administrador/a de casos", "Capacítese", "Consiga empleo"):
        assert text in html
    assert "Care coordination is the process" not in html
    # The cards' links go to the Spanish sections, the ladder to the Spanish trainings.
    assert 'href="#capacitese"' in html and 'id="capacitese"' in html
    spanish_trainings = TrainingPage.objects.filter(locale__language_code="es")
    assert spanish_trainings.count() == 12
    assert not spanish_trainings.exclude(external_id="").exists()  # the import's id stays with the English one


def test_demo_employers_have_spanish_descriptions():
    load()
    live = EmployerSnippet.objects.filter(external_id__startswith="demo-", live=True)
    assert live.count() == 15
    assert not live.filter(description_es="").exists()
    assert EmployerSnippet.objects.get(external_id="demo-02").other_job_titles_es == "Navegador/a de pares"
