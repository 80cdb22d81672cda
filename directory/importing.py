"""The CSV import machinery that trainings and employers share.

An app describes one kind of import with a `CsvImporter` subclass: its columns, how one row becomes values
(`clean_row`, raising `RowError`) and how valid rows are written (`write_row`, `finish`). This module does the rest,
the same way for every kind:

- reading the file: UTF-8 (a BOM is fine), checked before any row is written; a header row whose names are
  matched case-insensitively; required columns; an optional size bound (the admin upload sets one);
- per-row validation, each error carrying its row's number (the header is line 1, as in a spreadsheet);
- an external id may appear once per file (rows are matched to existing objects by it, so imports are
  idempotent: the writers compare values and count a row as created, updated or unchanged);
- a dry run: rows are validated and counted, the writer writes nothing, and whatever it touched anyway is
  rolled back;
- `ImportCommand`, the base of the `import_trainings` and `import_employers` commands, and the admin import
  view (`directory/import_views.py`) both drive `CsvImporter.import_file`.

Writers keep their own bulk paths (docs/trainings-import.md, docs/employers-import.md).
"""

import codecs
import csv
import os
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.dispatch import Signal
from tqdm import tqdm

MAX_ERRORS_SHOWN = 200
# Sent after every real (not dry-run) import, with `result`: what the public sees may have changed without any
# of Wagtail's publish signals (the writers use bulk paths). The page cache listens.
rows_imported = Signal()
_CHUNK = 1 << 20


class ImportFileError(Exception):
    """The file as a whole cannot be imported (the message is for the person who gave it)."""


class RowError(Exception):
    """One row cannot be imported; the message names the column and the problem."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (line, message), in file order
    warnings: list = field(default_factory=list)  # about the file as a whole, e.g. unknown columns
    dry_run: bool = False
    extra: dict = field(default_factory=dict)  # kind-specific counts, e.g. employers sent to moderation

    @property
    def rejected(self):
        return len(self.errors)

    @property
    def rows(self):
        return self.created + self.updated + self.unchanged + self.rejected

    def count(self, outcome, number=1):
        setattr(self, outcome, getattr(self, outcome) + number)


def human_size(size):
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


class CsvFile:
    """A CSV file checked as a whole before any row is read: readable, within `max_bytes`, UTF-8 throughout,
    not empty, with the required columns. `rows()` then yields (line, row) with row a dict keyed by column
    name, or a RowError for a row with more cells than the header. A row's line is its number as a spreadsheet
    shows it (the header is line 1; a cell with line breaks does not shift the rows after it)."""

    def __init__(self, path, *, columns, required_columns, max_bytes=None, name=None, missing_message=None):
        self.path = path
        self.name = name or os.fspath(path)
        self.columns = columns
        try:
            size = os.path.getsize(path)
        except OSError as error:
            raise ImportFileError(f"Cannot open {self.name}: {error.strerror}") from None
        if max_bytes is not None and size > max_bytes:
            raise ImportFileError(f"{self.name} is {human_size(size)}; the limit is {human_size(max_bytes)}.")
        self.data_lines = self._check_encoding()
        with open(path, encoding="utf-8-sig", newline="") as handle:
            try:
                header = next(csv.reader(handle), None)
            except csv.Error as error:
                raise ImportFileError(f"Line 1: the CSV cannot be read ({error}).") from None
        if not header or not any(name.strip() for name in header):
            raise ImportFileError(f"{self.name} is empty.")
        self.header = [name.strip().lower() for name in header]
        missing = [name for name in required_columns if name not in self.header]
        if missing:
            template = missing_message or "Line 1: missing required column(s): {missing}."
            raise ImportFileError(template.format(missing=", ".join(missing), columns=", ".join(columns)))
        self.unknown_columns = [name for name in self.header if name and name not in columns]
        self.warnings = (
            [f"Line 1: unknown column(s) ignored: {', '.join(self.unknown_columns)}"] if self.unknown_columns else []
        )

    def _check_encoding(self):
        """Decode the whole file once, in chunks (memory stays flat), so that a file that is not UTF-8 is
        refused before any row is written. Returns the number of lines after the header (for progress bars)."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        lines, offset, last = 0, 0, b""
        try:
            with open(self.path, "rb") as handle:
                while chunk := handle.read(_CHUNK):
                    if b"\x00" in chunk:
                        # Valid UTF-8, but no text CSV has them (a UTF-16 or binary file does), and PostgreSQL
                        # refuses them in text columns.
                        position = offset + chunk.index(b"\x00")
                        raise ImportFileError(
                            f"{self.name} is not UTF-8 text (a NUL byte at byte {position}): save it as “CSV UTF-8”."
                        )
                    decoder.decode(chunk)
                    lines += chunk.count(b"\n")
                    offset += len(chunk)
                    last = chunk[-1:]
                decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            position = offset + error.start
            raise ImportFileError(
                f"{self.name} is not UTF-8 text ({error.reason} at byte {position}): save it as “CSV UTF-8”."
            ) from None
        except OSError as error:
            raise ImportFileError(f"Cannot open {self.name}: {error.strerror}") from None
        if last and last != b"\n":
            lines += 1
        return max(lines - 1, 0)

    def rows(self):
        width = len(self.header)
        with open(self.path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            line = 1
            while True:
                line += 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as error:
                    raise ImportFileError(f"Line {line}: the CSV cannot be read ({error}).") from None
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) > width:
                    yield line, RowError(f"{len(cells)} cells but the header has {width} columns")
                    continue
                yield line, dict(zip(self.header, cells, strict=False))


class _DryRunRollback(Exception):
    pass


class CsvImporter:
    """One kind of CSV import. Subclasses set the class attributes and implement `clean_row` and `write_row`."""

    columns: list = []
    required_columns: list = []
    # How a repeated external id is reported: {external_id} and {first_line} are filled in.
    duplicate_message = "external_id “{external_id}” already appears on line {first_line}"
    missing_columns_message = None  # see CsvFile
    # Whether the whole import is one transaction (else the writer commits batch by batch).
    atomic = False
    verbose_name_plural = "rows"

    def __init__(self, dry_run=False):
        self.dry_run = dry_run
        self.result = ImportResult(dry_run=dry_run)
        self._first_lines = {}

    # -- what a kind of import provides ---------------------------------------------------------------

    def start(self):
        """Called inside the transaction, before the first row (look-ups the rows need)."""

    def clean_row(self, row):
        """A dict of values from one row (a dict keyed by lower-case column name); must hold "external_id"."""
        raise NotImplementedError

    def write_row(self, values):
        """Hand a valid row to the writer (which may batch it); count its outcome on `self.result`."""
        raise NotImplementedError

    def finish(self):
        """Write what is still batched (inside the transaction)."""

    def after_import(self):
        """After the transaction of a real import (statistics, notifications)."""

    # -- the shared loop -----------------------------------------------------------------------------

    def open(self, path, *, max_bytes=None, name=None):
        return CsvFile(
            path,
            columns=self.columns,
            required_columns=self.required_columns,
            max_bytes=max_bytes,
            name=name,
            missing_message=self.missing_columns_message,
        )

    def import_file(self, path, *, progress=None, max_bytes=None, name=None):
        """Check the file, then import its rows. Raises ImportFileError for a file that cannot be imported."""
        csv_file = self.open(path, max_bytes=max_bytes, name=name)
        self.result.warnings += csv_file.warnings
        if progress is not None:
            progress.total = csv_file.data_lines
        return self.run(csv_file.rows(), progress=progress)

    def run(self, numbered_rows, progress=None):
        """numbered_rows: (line, dict or RowError) pairs. Returns the ImportResult."""
        outer = transaction.atomic() if (self.atomic or self.dry_run) else nullcontext()
        try:
            with outer:
                self.start()
                for line, row in numbered_rows:
                    if progress is not None:
                        progress.update(1)
                    self._one_row(line, row)
                self.finish()
                if self.dry_run:
                    raise _DryRunRollback
        except _DryRunRollback:
            pass
        if not self.dry_run:
            self.after_import()
            rows_imported.send(sender=type(self), result=self.result)
        return self.result

    def _one_row(self, line, row):
        try:
            if isinstance(row, RowError):
                raise row
            values = self.clean_row(row)
        except RowError as error:
            self.result.errors.append((line, str(error)))
            return
        external_id = values["external_id"]
        first_line = self._first_lines.get(external_id)
        if first_line is not None:
            message = self.duplicate_message.format(external_id=external_id, first_line=first_line)
            self.result.errors.append((line, message))
            return
        self._first_lines[external_id] = line
        self.write_row(values)


class ImportCommand(BaseCommand):
    """`manage.py import_X FILE.csv [--dry-run] [--no-progress]`: subclasses set `importer_class` and say how the
    summary reads (`summary_line`)."""

    importer_class = CsvImporter
    exit_status_on_row_errors = 0
    max_errors_shown = MAX_ERRORS_SHOWN

    def add_arguments(self, parser):
        parser.add_argument("csv_file", help="CSV file, UTF-8, with a header row")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report; change nothing.")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def get_importer(self, options):
        return self.importer_class(dry_run=options["dry_run"])

    def summary_line(self, result, elapsed):
        raise NotImplementedError

    def handle(self, *args, csv_file, **options):
        started = time.monotonic()
        importer = self.get_importer(options)
        progress = tqdm(unit=" rows", file=self.stderr, disable=options["no_progress"], mininterval=0.5)
        try:
            result = importer.import_file(csv_file, progress=progress)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        finally:
            progress.close()
        for warning in result.warnings:
            self.stderr.write(warning)
        for line, message in result.errors[: self.max_errors_shown]:
            self.stderr.write(f"Line {line}: {message}")
        if len(result.errors) > self.max_errors_shown:
            self.stderr.write(f"… and {len(result.errors) - self.max_errors_shown} more bad rows.")
        self.stdout.write(self.summary_line(result, time.monotonic() - started))
        self.after_summary(importer, result)
        if result.errors and self.exit_status_on_row_errors:
            sys.exit(self.exit_status_on_row_errors)

    def after_summary(self, importer, result):
        pass
