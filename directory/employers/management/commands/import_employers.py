"""python manage.py import_employers FILE.csv [--dry-run] [--publish] [--no-progress]: see docs/employers-import.md."""

from directory.employers.importing import EmployerImporter
from directory.importing import ImportCommand


class Command(ImportCommand):
    help = "Import employers from a CSV file (columns: docs/employers-import.md). Idempotent by external_id."
    importer_class = EmployerImporter
    exit_status_on_row_errors = 1

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--publish", action="store_true", help="Publish the rows at once instead of sending them to moderation"
        )

    def get_importer(self, options):
        return EmployerImporter(publish=options["publish"], dry_run=options["dry_run"])

    def summary_line(self, result, elapsed):
        verb = "Would import" if result.dry_run else "Imported"
        state = "published" if result.extra["published"] else f"{result.extra['in_moderation']} sent to moderation"
        return (
            f"{verb} {result.rows} rows: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.rejected} with errors ({state})."
        )
