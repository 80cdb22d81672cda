"""python manage.py import_employers FILE.csv [--dry-run] [--publish] — see docs/employers-import.md."""

import csv
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from directory.employers.importing import COLUMNS, REQUIRED_COLUMNS, EmployerImporter
from directory.employers.views import moderator_emails

MAX_ERRORS_SHOWN = 50


def numbered_rows(reader):
    for row in reader:
        yield reader.line_num, row


class Command(BaseCommand):
    help = "Import employers from a CSV file (columns: docs/employers-import.md). Idempotent by external_id."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, UTF-8, with a header row")
        parser.add_argument("--dry-run", action="store_true", help="Validate and count; write nothing")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the rows at once instead of sending them to moderation"
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed below)
        except OSError as error:
            raise CommandError(f"Cannot open {path}: {error.strerror}") from None
        with handle:
            try:
                total = sum(1 for _ in handle) - 1
                handle.seek(0)
            except UnicodeDecodeError as error:
                raise CommandError(f"{path} is not UTF-8 text ({error.reason} at byte {error.start}).") from None
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            reader.fieldnames = header
            missing = [column for column in REQUIRED_COLUMNS if column not in header]
            if missing:
                raise CommandError(
                    f"Line 1: missing column(s) {', '.join(missing)}. Expected columns: {', '.join(COLUMNS)}."
                )
            unknown = [column for column in header if column and column not in COLUMNS]
            if unknown:
                self.stderr.write(f"Line 1: ignoring unknown column(s): {', '.join(unknown)}")
            importer = EmployerImporter(publish=options["publish"], dry_run=options["dry_run"])
            progress = tqdm(
                total=max(total, 0), unit="rows", file=sys.stderr, disable=options["no_progress"], mininterval=0.5
            )
            try:
                summary = importer.run(numbered_rows(reader), progress=progress)
            except csv.Error as error:
                raise CommandError(f"Line {reader.line_num}: the CSV cannot be read ({error}).") from None
            except UnicodeDecodeError as error:
                raise CommandError(f"Line {reader.line_num + 1}: not UTF-8 text ({error.reason}).") from None
            finally:
                progress.close()

        for line, message in summary.errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(f"Line {line}: {message}")
        if len(summary.errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"… and {len(summary.errors) - MAX_ERRORS_SHOWN} more errors.")
        verb = "Would import" if options["dry_run"] else "Imported"
        state = "published" if options["publish"] else f"{summary.in_moderation} sent to moderation"
        self.stdout.write(
            f"{verb} {summary.rows} rows: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged, {len(summary.errors)} with errors ({state})."
        )
        if summary.in_moderation and not options["dry_run"]:
            self.notify_moderators(summary)
        if summary.errors:
            sys.exit(1)

    def notify_moderators(self, summary):
        from django.core.mail import send_mail

        recipients = moderator_emails()
        if not recipients:
            return
        try:
            send_mail(
                f"{summary.in_moderation} imported employer listings to review",
                f"The CSV import sent {summary.in_moderation} employer listings to moderation. "
                "Find them in the admin under Employers, status “In moderation”.",
                None,
                recipients,
            )
        except Exception as error:  # the import itself succeeded; say so and go on
            self.stderr.write(f"Could not email the moderators: {error}")
