"""The import_employers contract (docs/employers-import.md) and generate_directory_data --employers."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import WorkflowState

from directory.employers.models import EmployerSnippet
from tests.directory.employers.support import make_employer

pytestmark = pytest.mark.django_db

HEADER = (
    "external_id,name,zip,care_settings,job_titles,hiring_now,website,phone,last_verified,contact_email,description\n"
)
GOOD = (
    "e-1,Alpha Health Home,12207,Health home;hospital,Care Manager;Care Coordinator,yes,"
    "https://alpha.example.org,(518) 555-0100,2026-10-01,alpha@example.org,Alpha description\n"
    "e-2,Beta Clinic,14604,fqhc,,no,,,,,\n"
)
BAD = (
    "e-3,Gamma Care,99999,hospital,,no,,,,,\n"
    "e-4,Delta Care,10001,spaceship,,no,,,,,\n"
    "e-5,Epsilon Care,10001,,,maybe,,,,,\n"
    "e-1,Alpha Again,12207,,,,,,,,\n"
    "e-6,Zeta Care,11201,,,,notaurl,,,,\n"
    "e-7,Eta Care,11201,,,,,,2026-13-01,,\n"
    ",Nameless Id,11201,,,,,,,,\n"
    "e-8,Theta Care,11201,,,,,call me,,,\n"
)


def write(tmp_path, text, name="employers.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(path, *args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("import_employers", path, "--no-progress", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_publish_creates_live_listings_with_derived_fields(tmp_path):
    code, out, err = run(write(tmp_path, HEADER + GOOD), "--publish")
    assert code == 0, err
    assert "2 created, 0 updated, 0 unchanged, 0 with errors (published)" in out
    alpha = EmployerSnippet.objects.get(external_id="e-1")
    assert alpha.live
    assert alpha.care_settings == ["health-home", "hospital"]
    assert alpha.job_titles == ["Care Manager", "Care Coordinator"]
    assert alpha.region == "capital-region"
    assert alpha.city == "Albany"
    assert alpha.latitude and alpha.slug == "alpha-health-home"
    assert str(alpha.last_verified) == "2026-10-01"
    # Imported rows are searchable at once.
    from search.matching import filter_matching

    assert list(filter_matching(EmployerSnippet.objects.public(), "alpha")) == [alpha]


def test_every_bad_row_is_reported_with_its_line_and_the_good_rows_are_kept(tmp_path):
    code, out, err = run(write(tmp_path, HEADER + GOOD + BAD), "--publish")
    assert code == 1
    assert "Line 4: zip: '99999' is not a real 5-digit US ZIP code" in err
    assert "Line 5: care_settings: unknown setting 'spaceship'" in err
    assert "Line 6: hiring_now: use yes or no" in err
    assert "Line 7: external_id 'e-1' is already used on line 2" in err
    assert "Line 8: website: Enter a valid URL." in err
    assert "Line 9: last_verified: use YYYY-MM-DD" in err
    assert "Line 10: external_id is required" in err
    assert "Line 11: phone:" in err
    assert "2 created" in out and "8 with errors" in out
    assert set(EmployerSnippet.objects.values_list("external_id", flat=True)) == {"e-1", "e-2"}


def test_import_is_idempotent_and_updates_changed_rows(tmp_path):
    path = write(tmp_path, HEADER + GOOD)
    run(path, "--publish")
    _code, out, _ = run(path, "--publish")
    assert "0 created, 0 updated, 2 unchanged" in out
    assert EmployerSnippet.objects.count() == 2
    changed = write(tmp_path, HEADER + GOOD.replace("Beta Clinic", "Beta Clinic Renamed"), name="changed.csv")
    _code, out, _ = run(changed, "--publish")
    assert "0 created, 1 updated, 1 unchanged" in out
    assert EmployerSnippet.objects.get(external_id="e-2").name == "Beta Clinic Renamed"


def test_dry_run_writes_nothing(tmp_path):
    code, out, _ = run(write(tmp_path, HEADER + GOOD), "--dry-run")
    assert code == 0
    assert "Would import 2 rows: 2 created" in out
    assert not EmployerSnippet.objects.exists()


def test_without_publish_rows_enter_moderation_and_stay_private(client, tmp_path, directory_page, moderator):
    from django.core import mail

    _code, out, _ = run(write(tmp_path, HEADER + GOOD))
    assert "2 sent to moderation" in out
    for employer in EmployerSnippet.objects.all():
        assert not employer.live
        assert employer.latest_revision is not None
        assert employer.workflow_in_progress
        assert client.get(f"/employers/{employer.slug}/").status_code == 404
    assert any("imported employer listings to review" in message.subject for message in mail.outbox)
    # A moderator approves one through the normal workflow: it goes live.
    alpha = EmployerSnippet.objects.get(external_id="e-1")
    alpha.current_workflow_task_state.approve(user=moderator)
    alpha.refresh_from_db()
    assert alpha.live
    assert client.get(f"/employers/{alpha.slug}/").status_code == 200


def test_changes_to_a_live_listing_wait_for_approval(client, tmp_path, directory_page, moderator):
    live = make_employer("Alpha Health Home", external_id="e-1", zip_code="12207")
    _code, out, _ = run(write(tmp_path, HEADER + GOOD.replace("Alpha Health Home", "Alpha Renamed")))
    assert "1 updated" in out
    live.refresh_from_db()
    assert live.name == "Alpha Health Home"  # the live row is untouched
    assert live.workflow_in_progress
    assert "Alpha Renamed" not in client.get(f"/employers/{live.slug}/").content.decode()
    live.current_workflow_task_state.approve(user=moderator)
    live.refresh_from_db()
    assert live.name == "Alpha Renamed"
    assert WorkflowState.objects.filter(object_id=str(live.pk), status="approved").exists()


@pytest.mark.parametrize(
    ("text", "encoding", "message"),
    [
        ("name,zip\nAlpha,12207\n", "utf-8", "missing column(s) external_id"),
        (HEADER + "e-1,Caf\xe9 Care,12207,,,,,,,,\n", "latin-1", "not UTF-8"),
    ],
)
def test_unreadable_files_fail_with_a_clear_message(tmp_path, text, encoding, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("import_employers", write(tmp_path, text, encoding=encoding), "--no-progress")
    assert not EmployerSnippet.objects.exists()


def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="Cannot open"):
        call_command("import_employers", "/nonexistent/employers.csv")


def test_generate_directory_data_employers_is_idempotent():
    call_command("generate_directory_data", "--employers", "30", "--seed", "3")
    assert EmployerSnippet.objects.public().count() == 30
    call_command("generate_directory_data", "--employers", "30", "--seed", "3")
    assert EmployerSnippet.objects.count() == 30
    assert EmployerSnippet.objects.exclude(region="").count() == 30


# -- the bulk paths (batched rows, search index written in bulk) -------------------------------------


def test_generated_employers_are_live_and_found_by_both_searches(client, directory_page):
    call_command("generate_directory_data", "--employers", "25", "--seed", "4")
    employer = EmployerSnippet.objects.get(external_id="synthetic-employer-4-7")
    assert employer.live and not employer.has_unpublished_changes

    listing = client.get("/employers/", {"q": employer.name})
    assert listing.status_code == 200
    assert f"/employers/{employer.slug}/" in listing.content.decode()

    site = client.get("/search/", {"q": employer.name})
    assert site.status_code == 200
    assert employer.name in site.content.decode()


def test_bulk_import_keeps_private_fields_out_of_search(client, tmp_path, directory_page):
    csv_text = (
        "external_id,name,zip,contact_name,contact_email,description\n"
        "p-1,Kappa Wellness,12207,Zebulon Quartermaine,zebulon@privatecontact.example,Public words here\n"
    )
    code, _out, err = run(write(tmp_path, csv_text), "--publish")
    assert code == 0, err
    kappa = EmployerSnippet.objects.get(external_id="p-1")
    assert kappa.contact_name == "Zebulon Quartermaine"
    for private_word in ("Zebulon", "Quartermaine", "privatecontact"):
        listing = client.get("/employers/", {"q": private_word}).content.decode()
        assert "Kappa Wellness" not in listing
        site = client.get("/search/", {"q": private_word}).content.decode()
        assert "Kappa Wellness" not in site
    assert "Kappa Wellness" in client.get("/employers/", {"q": "wellness"}).content.decode()
    assert "Kappa Wellness" in client.get("/search/", {"q": "wellness"}).content.decode()
    from wagtail.search.models import IndexEntry

    indexed = " ".join(str(value) for value in IndexEntry.objects.values_list("title", "body", "autocomplete"))
    indexed = indexed.lower()  # PostgreSQL keeps lowercased lexemes
    assert "kappa" in indexed
    assert "zebulon" not in indexed and "privatecontact" not in indexed


def test_reimport_reindexes_changed_rows_only_once(client, tmp_path, directory_page):
    from wagtail.search.models import IndexEntry

    first = "external_id,name,zip\nr-1,Lambda Harbor Clinic,12207\nr-2,Mu Valley Clinic,14604\n"
    assert run(write(tmp_path, first), "--publish")[0] == 0
    entries = IndexEntry.objects.count()
    second = "external_id,name,zip\nr-1,Lambda Summit Clinic,12207\nr-2,Mu Valley Clinic,14604\n"
    code, out, _err = run(write(tmp_path, second, name="second.csv"), "--publish")
    assert code == 0
    assert "0 created, 1 updated, 1 unchanged" in out
    assert IndexEntry.objects.count() == entries  # updated in place, not added again
    listing = client.get("/employers/", {"q": "summit"}).content.decode()
    assert "Lambda Summit Clinic" in listing
    assert "Lambda Summit Clinic" not in client.get("/employers/", {"q": "harbor"}).content.decode()
