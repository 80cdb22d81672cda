import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backend
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from directory.trainings.importing import COLUMNS
from directory.trainings.models import TrainingLanguage, TrainingPage, TrainingProvider

from .helpers import site_pages  # noqa: F401

pytestmark = pytest.mark.django_db

GOOD = {
    "external_id": "acme-1",
    "title": "Care Coordination Certificate",
    "provider": "Acme Health College",
    "provider_website": "https://acme.example.org",
    "summary": "A short program.",
    "description": "First paragraph.\n\nSecond <b>paragraph</b>.",
    "credential": "Certificate",
    "format": "in person",
    "schedule": "part-time",
    "street_address": "1 Main St",
    "city": "Albany",
    "state": "ny",
    "zip_code": "12207",
    "cost": "1,500".replace(",", ""),
    "cost_note": "Financial aid available",
    "length_value": "12",
    "length_unit": "weeks",
    "languages": "English; es",
    "careers": "care-coordination-and-care-management",
    "enrollment_url": "https://acme.example.org/enroll",
    "contact_phone": "(555) 010-0000",
    "contact_email": "info@example.org",
    "last_verified": "2026-10-01",
}


def write_csv(tmp_path, rows, name="trainings.csv"):
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({**dict.fromkeys(COLUMNS, ""), **row})
    return path


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_trainings", str(path), "--no-progress", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_a_good_row_with_every_field(tmp_path, site_pages, client):  # noqa: F811
    out, _err = run_import(write_csv(tmp_path, [GOOD]))
    assert "1 created, 0 updated, 0 unchanged, 0 rejected" in out
    training = TrainingPage.objects.get(external_id="acme-1")
    assert training.live and training.get_parent().specific == site_pages["index"]
    assert training.provider.name == "Acme Health College"
    assert training.credential == "certificate" and training.delivery_format == "in-person"
    assert training.state == "NY" and round(training.latitude, 2) == 42.65
    assert training.description == "<p>First paragraph.</p><p>Second &lt;b&gt;paragraph&lt;/b&gt;.</p>"
    assert sorted(training.language_names) == ["English", "Spanish"]
    assert [c.slug for c in training.related_careers.all()] == ["care-coordination-and-care-management"]
    response = client.get(training.url)
    assert response.status_code == 200
    assert b"Care Coordination Certificate" in response.content
    assert client.get("/trainings/", {"q": "coordination"}).content.count(b"training-card__title") == 1


def test_bad_rows_are_reported_with_line_numbers_and_do_not_stop_good_ones(tmp_path, site_pages):  # noqa: F811
    rows = [
        GOOD,  # line 2
        {**GOOD, "external_id": "b", "zip_code": "00000"},  # line 3
        {**GOOD, "external_id": "c", "credential": "wizardry"},  # line 4
        {**GOOD, "external_id": "d", "cost": "-5"},  # line 5
        {**GOOD, "external_id": "", "title": ""},  # line 6
        {**GOOD, "external_id": "acme-1"},  # line 7: duplicate
        {**GOOD, "external_id": "e", "languages": "Klingon"},  # line 8
        {**GOOD, "external_id": "f", "careers": "astronaut"},  # line 9
        {**GOOD, "external_id": "g", "length_unit": ""},  # line 10
        {**GOOD, "external_id": "h", "format": "in person", "zip_code": ""},  # line 11
        {**GOOD, "external_id": "i", "enrollment_url": "not a url", "contact_email": "nope"},  # line 12
        {**GOOD, "external_id": "j", "last_verified": "yesterday"},  # line 13
        {**GOOD, "external_id": "ok-2", "format": "online", "zip_code": "", "city": ""},  # line 14
    ]
    out, err = run_import(write_csv(tmp_path, rows))
    assert "2 created, 0 updated, 0 unchanged, 11 rejected" in out
    assert "Line 3: zip_code: unknown ZIP code 00000" in err
    assert "Line 4: credential: unknown credential “wizardry”" in err
    assert "Line 5: cost: Ensure this value is greater than or equal to 0." in err
    assert "Line 6: external_id: This field is required.; title: This field is required." in err
    assert "Line 7: external_id “acme-1” already appears earlier in the file" in err
    assert "Line 8: languages: unknown language(s): Klingon" in err
    assert "Line 9: careers: unknown career page slug(s): astronaut" in err
    assert "Line 10: length_unit: a length needs a unit" in err
    assert "Line 11: zip_code: in-person and hybrid programs need a ZIP code" in err
    assert "Line 12: enrollment_url: Enter a valid URL.; contact_email: Enter a valid email address." in err
    assert "Line 13: last_verified: Enter a valid date." in err
    assert set(TrainingPage.objects.values_list("external_id", flat=True)) == {"acme-1", "ok-2"}


def test_importing_twice_changes_nothing(tmp_path, site_pages):  # noqa: F811
    path = write_csv(tmp_path, [GOOD, {**GOOD, "external_id": "acme-2", "title": "Second", "cost": "0"}])
    run_import(path)
    before = list(TrainingPage.objects.order_by("pk").values())
    out, _ = run_import(path)
    assert "0 created, 0 updated, 2 unchanged, 0 rejected" in out
    assert list(TrainingPage.objects.order_by("pk").values()) == before
    assert TrainingProvider.objects.count() == 1


def test_a_changed_row_updates_the_training(tmp_path, site_pages):  # noqa: F811
    run_import(write_csv(tmp_path, [GOOD]))
    out, _ = run_import(write_csv(tmp_path, [{**GOOD, "cost": "2000", "languages": "es"}], name="v2.csv"))
    assert "0 created, 1 updated, 0 unchanged" in out
    training = TrainingPage.objects.get(external_id="acme-1")
    assert training.cost == 2000
    assert training.language_names == ["Spanish"]
    assert TrainingPage.objects.count() == 1


def test_dry_run_saves_nothing(tmp_path, site_pages):  # noqa: F811
    out, _ = run_import(write_csv(tmp_path, [GOOD]), "--dry-run")
    assert "Dry run (nothing saved): would have 1 created" in out
    assert not TrainingPage.objects.exists()
    assert not TrainingProvider.objects.exists()


def test_missing_required_column_is_a_clear_error(tmp_path, site_pages):  # noqa: F811
    path = tmp_path / "bad.csv"
    path.write_text("title,city\nA,Albany\n")
    with pytest.raises(CommandError, match="Line 1: missing required column"):
        run_import(path)


def test_missing_file_is_a_clear_error(tmp_path, site_pages):  # noqa: F811
    with pytest.raises(CommandError, match="No such file"):
        run_import(tmp_path / "nope.csv")


def test_generate_directory_data_is_realistic_and_repeatable(site_pages):  # noqa: F811
    out = io.StringIO()
    call_command("generate_directory_data", "--trainings", "30", "--seed", "3", stdout=out)
    assert "30 created" in out.getvalue()
    call_command("generate_directory_data", "--trainings", "30", "--seed", "3", stdout=out)
    assert "0 created, 0 updated, 30 unchanged" in out.getvalue()
    located = TrainingPage.objects.exclude(delivery_format="online")
    assert located.exists() and not located.filter(latitude__isnull=True).exists()
    assert all(
        zip_code.startswith(("10", "11", "12", "13", "14")) for zip_code in located.values_list("zip_code", flat=True)
    )


def test_imported_trainings_are_whole_wagtail_pages(tmp_path, site_pages, client):  # noqa: F811
    rows = [GOOD, {**GOOD, "external_id": "acme-2", "title": "Patient Navigation Certificate"}]
    run_import(write_csv(tmp_path, rows))
    assert Page.find_problems() == ([], [], [], [], [])  # tree paths, depth and numchild are consistent
    index = site_pages["index"]
    index.refresh_from_db()
    assert index.numchild == 2
    provider = TrainingProvider.objects.get()
    for training in TrainingPage.objects.all():
        assert training.get_parent().pk == index.pk
        assert training.url_path == f"{index.url_path}{training.slug}/"
        assert client.get(training.url).status_code == 200
        # One published revision with the imported values, as the admin's "publish" leaves it.
        assert training.latest_revision_id == training.live_revision_id is not None
        assert not training.has_unpublished_changes
        revision_page = training.latest_revision.as_object()
        assert revision_page.title == training.title and revision_page.cost == training.cost
        assert sorted(language.code for language in revision_page.languages.all()) == ["en", "es"]
        assert [career.slug for career in revision_page.related_careers.all()] == [site_pages["career"].slug]
    # The reference index knows the provider is used by both trainings.
    assert ReferenceIndex.get_references_to(provider).count() == 2
    # Wagtail's search index has them: a search backend query and the site's keyword search find them.
    assert get_search_backend().search("navigation", TrainingPage).count() == 1
    assert client.get("/trainings/", {"q": "navigation"}).content.count(b"training-card__title") == 1


def test_an_update_is_what_the_editor_then_opens_and_publishes(tmp_path, site_pages, client):  # noqa: F811
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-password-123")
    client.force_login(editor)
    run_import(write_csv(tmp_path, [GOOD]))
    training = TrainingPage.objects.get(external_id="acme-1")
    edit_url = reverse("wagtailadmin_pages:edit", args=[training.pk])
    assert "Care Coordination Certificate" in client.get(edit_url).content.decode()

    run_import(write_csv(tmp_path, [{**GOOD, "title": "Care Coordination Certificate II"}], name="v2.csv"))
    training.refresh_from_db()
    assert training.title == "Care Coordination Certificate II"
    assert training.latest_revision.as_object().title == "Care Coordination Certificate II"
    assert 'value="Care Coordination Certificate II"' in client.get(edit_url).content.decode()

    english, spanish = (TrainingLanguage.objects.get(code=code).pk for code in ("en", "es"))
    form = nested_form_data(
        {
            "title": "Care Coordination Certificate (edited)",
            "slug": training.slug,
            "provider": training.provider_id,
            "summary": training.summary,
            "description": rich_text(training.description),
            "credential": "certificate",
            "delivery_format": "in-person",
            "schedule": "part-time",
            "languages": [english, spanish],
            "street_address": training.street_address,
            "city": "Albany",
            "state": "NY",
            "zip_code": "12207",
            "cost": "1500",
            "cost_note": training.cost_note,
            "length_value": "12",
            "length_unit": "weeks",
            "related_careers": [site_pages["career"].pk],
            "enrollment_url": training.enrollment_url,
            "contact_phone": training.contact_phone,
            "contact_email": training.contact_email,
            "last_verified": "2026-10-01",
            "external_id": "acme-1",
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = client.post(edit_url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    training.refresh_from_db()
    assert training.title == "Care Coordination Certificate (edited)"
    assert training.live_revision_id == training.latest_revision_id
    assert Page.find_problems() == ([], [], [], [], [])
    # The next import of the original row restores the imported title (an update), and nothing else changes.
    out, _ = run_import(write_csv(tmp_path, [GOOD], name="v3.csv"))
    assert "0 created, 1 updated, 0 unchanged" in out


@pytest.fixture
def spanish_copies(site_pages):  # noqa: F811
    """Spanish translations of the career page and of /trainings/ (as the demo content makes them): they share
    their slugs with the English pages."""
    from wagtail.models import Locale

    spanish = Locale.objects.get_or_create(language_code="es")[0]
    home = site_pages["home"].copy_for_translation(spanish)
    home.save_revision().publish()
    careers = site_pages["career"].get_parent().specific.copy_for_translation(spanish)
    careers.save_revision().publish()
    career = site_pages["career"].copy_for_translation(spanish)
    career.save_revision().publish()
    index = site_pages["index"].copy_for_translation(spanish)
    index.save_revision().publish()
    return {"career": career, "index": index}


def test_imports_link_the_english_careers_beside_their_spanish_translations(tmp_path, site_pages, spanish_copies):  # noqa: F811
    assert spanish_copies["career"].slug == site_pages["career"].slug
    out, err = run_import(write_csv(tmp_path, [GOOD]))
    assert "1 created" in out and not err
    training = TrainingPage.objects.get(external_id="acme-1")
    assert training.get_parent().specific == site_pages["index"]
    assert list(training.related_careers.all()) == [site_pages["career"]]
    out = io.StringIO()
    call_command("generate_directory_data", "--trainings", "30", "--seed", "3", stdout=out)
    assert "30 created" in out.getvalue()
    generated = TrainingPage.objects.exclude(external_id="acme-1")
    assert generated.count() == 30 and all(t.get_parent().specific == site_pages["index"] for t in generated)
    linked = {career.pk for t in generated for career in t.related_careers.all()}
    assert linked == {site_pages["career"].pk}
