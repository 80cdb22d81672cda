"""The admin's CSV import (Import menu): dry run, per-row errors, confirmation, permissions, bad files."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.employers.models import EmployerSnippet
from directory.trainings.models import TrainingPage
from tests.directory.trainings.helpers import site_pages  # noqa: F401

pytestmark = pytest.mark.django_db

TRAININGS_URL = "/admin/import/trainings/"
EMPLOYERS_URL = "/admin/import/employers/"
TRAININGS_CSV = (
    "external_id,title,provider,format,zip_code,cost\n"
    "t-1,Care Coordination Certificate,Acme College,in-person,12207,1500\n"
    "t-2,Community Health Worker Training,Acme College,online,,0\n"
)
EMPLOYERS_CSV = (
    "external_id,name,zip,care_settings\ne-1,Alpha Health Home,12207,health-home\ne-2,Beta Clinic,14604,fqhc\n"
)


@pytest.fixture(autouse=True)
def _upload_dir(settings, tmp_path):
    settings.CSV_IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    return settings.CSV_IMPORT_UPLOAD_DIR


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-password-123")
    client.force_login(user)
    return client


def upload(client, url, content, name="file.csv", **data):
    if isinstance(content, str):
        content = content.encode()
    return client.post(url, {"csv_file": SimpleUploadedFile(name, content, content_type="text/csv"), **data})


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def count(response, name):
    match = re.search(rf'data-count="{name}">(\d+)<', response.content.decode())
    return int(match.group(1)) if match else None


def token_of(response):
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    return match.group(1) if match else None


def stored_uploads(directory):
    return list(directory.glob("*")) if directory.exists() else []


def test_the_import_menu_lists_both_kinds_for_an_admin(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert TRAININGS_URL in page and EMPLOYERS_URL in page
    form = admin_client.get(TRAININGS_URL)
    assert form.status_code == 200
    assert "Import trainings" in text(form)
    assert '<label class="w-field__label" for="id_csv_file"' in form.content.decode()
    assert "Publish at once" not in text(form)  # trainings are always published
    assert "Publish at once (skip moderation)" in text(admin_client.get(EMPLOYERS_URL))


def test_a_good_trainings_file_dry_runs_then_imports_on_confirm(admin_client, site_pages, _upload_dir):  # noqa: F811
    response = upload(admin_client, TRAININGS_URL, TRAININGS_CSV)
    assert response.status_code == 200
    assert "Dry run of file.csv: nothing has been saved" in text(response)
    assert (count(response, "created"), count(response, "updated"), count(response, "errors")) == (2, 0, 0)
    assert not TrainingPage.objects.exists()
    assert len(stored_uploads(_upload_dir)) == 1  # kept for the confirmation
    token = token_of(response)
    assert token and "Import 2 rows" in text(response)

    done = admin_client.post(TRAININGS_URL + "confirm/", {"token": token})
    assert done.status_code == 200
    assert "Import finished" in text(done) and count(done, "created") == 2
    assert set(TrainingPage.objects.live().values_list("external_id", flat=True)) == {"t-1", "t-2"}
    assert stored_uploads(_upload_dir) == []

    # The same token again imports nothing more; the same file again is all unchanged.
    again = admin_client.post(TRAININGS_URL + "confirm/", {"token": token}, follow=True)
    assert "expired or was already imported" in text(again)
    assert TrainingPage.objects.count() == 2
    assert count(upload(admin_client, TRAININGS_URL, TRAININGS_CSV), "unchanged") == 2


def test_employers_confirm_publishes_or_sends_to_moderation(admin_client, directory_page):
    response = upload(admin_client, EMPLOYERS_URL, EMPLOYERS_CSV)
    assert count(response, "created") == 2 and count(response, "in_moderation") == 2
    assert "The rows will be sent to moderation." in text(response)
    assert not EmployerSnippet.objects.exists()
    admin_client.post(EMPLOYERS_URL + "confirm/", {"token": token_of(response)})
    assert EmployerSnippet.objects.count() == 2
    assert all(employer.workflow_in_progress and not employer.live for employer in EmployerSnippet.objects.all())

    renamed = EMPLOYERS_CSV.replace("Beta Clinic", "Beta Clinic Renamed").replace("e-1", "e-3")
    response = upload(admin_client, EMPLOYERS_URL, renamed, publish="on")
    assert "The rows will be published at once." in text(response)
    admin_client.post(EMPLOYERS_URL + "confirm/", {"token": token_of(response)})
    assert EmployerSnippet.objects.get(external_id="e-3").live
    assert EmployerSnippet.objects.get(external_id="e-2").name == "Beta Clinic Renamed"


def test_bad_rows_are_listed_with_their_line_and_nothing_is_written(admin_client, site_pages, _upload_dir):  # noqa: F811
    bad = TRAININGS_CSV + "t-3,Bad Zip,Acme College,in-person,00000,10\nt-1,Repeated,Acme College,online,,\n,,,,,-5\n"
    response = upload(admin_client, TRAININGS_URL, bad)
    assert response.status_code == 200
    page = text(response)
    assert "3 rows have errors. Nothing has been imported" in page
    assert '<th scope="row">4</th><td>zip_code: unknown ZIP code 00000</td>' in page
    assert '<th scope="row">5</th><td>external_id “t-1” already appears earlier in the file</td>' in page
    assert '<th scope="row">6</th><td>external_id: This field is required.;' in page
    assert (count(response, "created"), count(response, "errors")) == (2, 3)
    assert token_of(response) is None  # no way to confirm
    assert not TrainingPage.objects.exists()
    assert stored_uploads(_upload_dir) == []


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "picture.png", "is not UTF-8 text"),
        ("external_id,name,zip\ne-1,Caf\xe9 Care,12207\n".encode("latin-1"), "latin1.csv", "is not UTF-8 text"),
        ("external_id,name,zip\n".encode("utf-16"), "utf16.csv", "is not UTF-8 text"),
        (b"name,zip\nAlpha,12207\n", "columns.csv", "missing column(s) external_id"),
        (b"", "empty.csv", "The submitted file is empty."),
        (b"\n\n", "blank.csv", "The file is empty."),
        (b'external_id,name,zip\n"e-1,"Alpha\n', "quote.csv", '<th scope="row">2</th><td>name is required'),
        (EMPLOYERS_CSV.encode() * 400, "big.csv", "the limit here is"),
    ],
)
def test_files_that_cannot_be_imported_get_a_message_not_an_error(admin_client, settings, content, name, message):
    settings.CSV_IMPORT_MAX_UPLOAD_BYTES = 20_000
    response = upload(admin_client, EMPLOYERS_URL, content, name=name)
    assert response.status_code == 200
    assert message in text(response).replace("&#x27;", "'")
    assert not EmployerSnippet.objects.exists()


def test_a_missing_file_or_a_forged_token_gets_a_message(admin_client, django_user_model):
    response = admin_client.post(EMPLOYERS_URL, {})
    assert response.status_code == 200 and "This field is required." in text(response)
    forged = admin_client.post(EMPLOYERS_URL + "confirm/", {"token": "nope"}, follow=True)
    assert "expired or was already imported" in text(forged)
    # A token is good only for the user it was issued to.
    token = token_of(upload(admin_client, EMPLOYERS_URL, EMPLOYERS_CSV))
    other = django_user_model.objects.create_superuser("other", "other@example.org", "a-long-password-123")
    admin_client.force_login(other)
    stolen = admin_client.post(EMPLOYERS_URL + "confirm/", {"token": token}, follow=True)
    assert "expired or was already imported" in text(stolen)
    assert not EmployerSnippet.objects.exists()


def test_only_users_with_the_add_permission_may_import(client, editor, site_pages, _upload_dir):  # noqa: F811
    client.force_login(editor)
    assert TRAININGS_URL not in client.get("/admin/").content.decode()
    assert client.get(TRAININGS_URL).status_code == 403
    assert upload(client, TRAININGS_URL, TRAININGS_CSV).status_code == 403
    assert client.post(TRAININGS_URL + "confirm/", {"token": "x"}).status_code == 403
    assert client.get("/admin/import/nothing/").status_code == 404
    assert not TrainingPage.objects.exists() and stored_uploads(_upload_dir) == []

    editor.user_permissions.add(Permission.objects.get(codename="add_trainingpage"))
    editor = type(editor).objects.get(pk=editor.pk)  # permissions are cached per user object
    client.force_login(editor)
    assert TRAININGS_URL in client.get("/admin/").content.decode()
    # Employers follow the employer snippet permissions: Editors may add listings (they go to moderation).
    assert (EMPLOYERS_URL in client.get("/admin/").content.decode()) == editor.has_perm("employers.add_employersnippet")
    response = upload(client, TRAININGS_URL, TRAININGS_CSV)
    client.post(TRAININGS_URL + "confirm/", {"token": token_of(response)})
    assert TrainingPage.objects.count() == 2
