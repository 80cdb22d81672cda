"""python manage.py import_trainings FILE.csv [--dry-run] [--no-progress]  (columns: docs/trainings-import.md)"""

from directory.importing import ImportCommand
from directory.trainings.importing import TrainingImporter


class Command(ImportCommand):
    help = "Create or update trainings from a CSV file, matched by external_id. Bad rows are reported and skipped."
    importer_class = TrainingImporter

    def summary_line(self, result, elapsed):
        prefix = "Dry run (nothing saved): would have " if result.dry_run else ""
        return (
            f"{prefix}{result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
            f"{result.rejected} rejected, in {elapsed:.1f} s."
        )
