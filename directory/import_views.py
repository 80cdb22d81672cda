"""The admin's CSV import (Import menu): upload a file, read the dry run's counts and per-row errors, confirm.

Each kind of import is an `ImportKind` that its app registers with the `register_csv_import` hook (see
directory/trainings/wagtail_hooks.py and directory/employers/wagtail_hooks.py); directory/wagtail_hooks.py adds
the menu and the URLs for all of them.

Between the dry run and the confirmation the upload is kept on the server, in `CSV_IMPORT_UPLOAD_DIR` under a
random name; the confirmation form carries only a signed token naming that file, the kind, the user and the
options, valid for `CSV_IMPORT_UPLOAD_MAX_AGE` seconds. Nothing is written unless the dry run found no errors
and the user confirms.
"""

import logging
import os
import re
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from directory.importing import ImportFileError, human_size

logger = logging.getLogger(__name__)

HOOK = "register_csv_import"
SIGNING_SALT = "directory.csv-import"
_STORED_NAME = re.compile(r"^[0-9a-f]{32}\.csv$")
ERRORS_SHOWN = 500


@dataclass(frozen=True)
class ImportKind:
    """One kind of CSV import offered in the admin."""

    name: str  # URL part, e.g. "trainings"
    label: str  # e.g. "Trainings"
    permission: str  # Django permission needed, e.g. "trainings.add_trainingpage"
    make_importer: object  # callable(dry_run, publish) -> CsvImporter
    help_text: str = ""  # what an import does, shown above the form
    columns_doc: str = ""  # where the columns are documented
    publish_permission: str = ""  # if set, users with it may choose to publish at once
    publish_label: str = "Publish at once"
    icon: str = "upload"

    def allowed(self, user):
        return user.is_active and (user.is_superuser or user.has_perm(self.permission))

    def may_publish(self, user):
        return bool(self.publish_permission) and (user.is_superuser or user.has_perm(self.publish_permission))


def import_kinds():
    kinds = {}
    for hook in hooks.get_hooks(HOOK):
        kind = hook()
        kinds[kind.name] = kind
    return kinds


def upload_dir():
    path = Path(getattr(settings, "CSV_IMPORT_UPLOAD_DIR", None) or Path(tempfile.gettempdir()) / "hwcollab-imports")
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def max_upload_bytes():
    return int(getattr(settings, "CSV_IMPORT_MAX_UPLOAD_BYTES", 10_000_000))


def max_age():
    return int(getattr(settings, "CSV_IMPORT_UPLOAD_MAX_AGE", 3600))


def _remove_stale_uploads(directory):
    cutoff = time.time() - max_age()
    for path in directory.glob("*.csv"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


class UploadForm(forms.Form):
    csv_file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with a header row (in Excel: Save As, “CSV UTF-8”).",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    publish = forms.BooleanField(required=False)

    def __init__(self, *args, kind, user, **kwargs):
        super().__init__(*args, **kwargs)
        if kind.may_publish(user):
            self.fields["publish"].label = kind.publish_label
        else:
            del self.fields["publish"]

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {human_size(upload.size)}; the limit here is {human_size(limit)}. "
                "Split it, or ask a developer to run the import command."
            )
        if upload.size == 0:
            raise forms.ValidationError("The file is empty.")
        return upload


class CsvImportView(WagtailAdminTemplateMixin, View):
    template_name = "directory/admin/csv_import.html"
    header_icon = "upload"
    kind = None

    def dispatch(self, request, kind_name):
        self.kind = import_kinds().get(kind_name)
        if self.kind is None:
            raise Http404
        if not self.kind.allowed(request.user):
            # A 403 page rather than Wagtail's redirect to the dashboard, so that scripts and tests see the refusal.
            return self.render(status=403, forbidden=True)
        return super().dispatch(request)

    def get_page_title(self):
        return f"Import {self.kind.label.lower()}"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def url(self, name="directory_csv_import"):
        return reverse(name, args=[self.kind.name])

    def render(self, status=200, **context):
        context = self.get_context_data(kind=self.kind, upload_url=self.url(), **context)
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(form=UploadForm(kind=self.kind, user=request.user))

    def post(self, request):
        form = UploadForm(request.POST, request.FILES, kind=self.kind, user=request.user)
        if not form.is_valid():
            return self.render(form=form)
        publish = form.cleaned_data.get("publish", False)
        directory = upload_dir()
        _remove_stale_uploads(directory)
        stored = f"{secrets.token_hex(16)}.csv"
        path = directory / stored
        with open(path, "wb") as handle:
            for chunk in form.cleaned_data["csv_file"].chunks():
                handle.write(chunk)
        importer = self.kind.make_importer(dry_run=True, publish=publish)
        try:
            result = importer.import_file(path, max_bytes=max_upload_bytes(), name="The file")
        except ImportFileError as error:
            path.unlink(missing_ok=True)
            form.add_error("csv_file", str(error))
            return self.render(form=form)
        token = None
        if result.errors:
            path.unlink(missing_ok=True)
        else:
            token = signing.dumps(
                {"file": stored, "kind": self.kind.name, "user": request.user.pk, "publish": publish},
                salt=SIGNING_SALT,
            )
        return self.render(
            form=UploadForm(kind=self.kind, user=request.user),
            result=result,
            errors_shown=result.errors[:ERRORS_SHOWN],
            token=token,
            publish=publish,
            file_name=form.cleaned_data["csv_file"].name,
            confirm_url=self.url("directory_csv_import_confirm"),
        )


class CsvImportConfirmView(CsvImportView):
    def get(self, request):
        return redirect(self.url())

    def post(self, request):
        try:
            data = signing.loads(request.POST.get("token", ""), salt=SIGNING_SALT, max_age=max_age())
        except signing.BadSignature:
            data = None
        valid = (
            isinstance(data, dict)
            and data.get("kind") == self.kind.name
            and data.get("user") == request.user.pk
            and _STORED_NAME.match(str(data.get("file", "")))
        )
        path = upload_dir() / data["file"] if valid else None
        if path is None or not path.exists():
            messages.error(request, "That upload has expired or was already imported. Upload the file again.")
            return redirect(self.url())
        publish = bool(data.get("publish")) and self.kind.may_publish(request.user)
        importer = self.kind.make_importer(dry_run=False, publish=publish)
        # Claim the file first, so that a second click cannot import it twice.
        claimed = path.with_suffix(f".{os.getpid()}.importing")
        try:
            path.rename(claimed)
        except OSError:
            messages.error(request, "That upload is already being imported.")
            return redirect(self.url())
        try:
            result = importer.import_file(claimed, max_bytes=max_upload_bytes(), name="The file")
        except ImportFileError as error:
            messages.error(request, str(error))
            return redirect(self.url())
        finally:
            claimed.unlink(missing_ok=True)
        logger.info(
            "CSV import of %s by %s: %s created, %s updated, %s unchanged, %s rejected",
            self.kind.name,
            request.user,
            result.created,
            result.updated,
            result.unchanged,
            result.rejected,
        )
        return self.render(
            form=UploadForm(kind=self.kind, user=request.user),
            result=result,
            errors_shown=result.errors[:ERRORS_SHOWN],
            done=True,
            publish=publish,
        )
