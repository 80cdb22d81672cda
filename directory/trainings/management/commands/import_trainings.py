"""python manage.py import_trainings FILE.csv [--dry-run]  (columns: docs/trainings-import.md)"""

import csv
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from tqdm import tqdm

from directory.trainings.importing import (
    COLUMNS,
    REQUIRED_COLUMNS,
    TrainingRowForm,
    TrainingWriter,
    get_or_create_training_index,
)

MAX_ERRORS_SHOWN = 200
ANALYZE_AFTER = 1000  # new trainings
ANALYZED_TABLES = [
    "wagtailcore_page",
    "directory_trainingpage",
    "directory_trainingpage_languages",
    "directory_trainingpage_related_careers",
    "wagtailsearch_indexentry",
]


class DryRunRollback(Exception):
    pass


class Command(BaseCommand):
    help = "Create or update trainings from a CSV file, matched by external_id. Bad rows are reported and skipped."

    def add_arguments(self, parser):
        parser.add_argument("csv_file")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report; change nothing.")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, csv_file, dry_run=False, no_progress=False, **options):
        started = time.monotonic()
        try:
            with open(csv_file, newline="", encoding="utf-8-sig") as handle:
                rows = list(csv.reader(handle))
        except FileNotFoundError:
            raise CommandError(f"No such file: {csv_file}") from None
        except (UnicodeDecodeError, csv.Error) as error:
            raise CommandError(f"{csv_file} is not a UTF-8 CSV file: {error}") from None
        if not rows:
            raise CommandError(f"{csv_file} is empty.")
        header = [name.strip().lower() for name in rows[0]]
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            raise CommandError(f"Line 1: missing required column(s): {', '.join(missing)}.")
        unknown = [name for name in header if name and name not in COLUMNS]
        if unknown:
            self.stderr.write(f"Line 1: unknown column(s) ignored: {', '.join(unknown)}")

        errors = []
        try:
            with transaction.atomic():
                writer = TrainingWriter(get_or_create_training_index(), dry_run=dry_run)
                form = TrainingRowForm(languages=writer.language_lookup(), careers=writer.careers)
                progress = tqdm(rows[1:], desc="Importing", unit=" rows", disable=no_progress, file=self.stderr)
                for line_number, row in enumerate(progress, start=2):
                    if not any(cell.strip() for cell in row):
                        continue
                    if len(row) > len(header):
                        errors.append((line_number, f"{len(row)} cells but the header has {len(header)} columns"))
                        continue
                    data = dict(zip(header, row, strict=False))
                    if not form.validate(data):
                        errors.append((line_number, form.error_text()))
                        continue
                    external_id = form.cleaned_data["external_id"].strip()
                    if writer.is_duplicate(external_id):
                        errors.append((line_number, f"external_id “{external_id}” already appears earlier in the file"))
                        continue
                    writer.add(external_id, *form.training_values())
                writer.flush()
                if dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            pass
        except LookupError as error:
            raise CommandError(str(error)) from None

        if not dry_run and connection.vendor == "postgresql" and writer.counts["created"] >= ANALYZE_AFTER:
            # Fresh planner statistics after a bulk load: with the old ones PostgreSQL planned the training
            # search as if the tables were nearly empty (nested loops over thousands of rows).
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {', '.join(ANALYZED_TABLES)}")

        for line_number, reason in errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(f"Line {line_number}: {reason}")
        if len(errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"… and {len(errors) - MAX_ERRORS_SHOWN} more bad rows.")
        counts = writer.counts
        elapsed = time.monotonic() - started
        prefix = "Dry run (nothing saved): would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}{counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged, "
            f"{len(errors)} rejected, in {elapsed:.1f} s."
        )
