"""python manage.py import_oews FILE [--year 2026] [--dry-run]: a BLS OEWS release (docs/occupations.md)."""

from django.core.management.base import BaseCommand, CommandError

from occupations.importing import MAX_REPORTED_ERRORS, OewsFileError, import_oews


class Command(BaseCommand):
    help = (
        "Import a BLS OEWS file (BLS's own column names: AREA, OCC_CODE, TOT_EMP, H_MEDIAN, …) as the release of "
        "May YEAR. Idempotent; earlier releases are kept; each malformed row is reported by line and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file in BLS's OEWS column layout")
        parser.add_argument("--year", type=int, help="The release's year (May YEAR); read from the file name if absent")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, change nothing")

    def handle(self, *args, **options):
        year = options.get("year")
        if year is not None and not 1997 <= year <= 2100:
            raise CommandError("--year: a year like 2026.")
        try:
            report = import_oews(options["file"], year=year, dry_run=options["dry_run"])
        except FileNotFoundError as e:
            raise CommandError(f"No such file: {options['file']}") from e
        except OewsFileError as e:
            raise CommandError(str(e)) from e
        for line, message in report.errors[:MAX_REPORTED_ERRORS]:
            self.stderr.write(f"line {line}: {message}")
        if len(report.errors) > MAX_REPORTED_ERRORS:
            self.stderr.write(f"… and {len(report.errors) - MAX_REPORTED_ERRORS} more rows with errors")
        self.stdout.write(("Dry run, nothing saved. " if options["dry_run"] else "") + report.summary())
