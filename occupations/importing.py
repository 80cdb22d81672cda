"""Reading a BLS OEWS file (its own column names) into occupations, areas and wages (docs/occupations.md)."""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from directory.importing import rows_imported
from occupations.models import (
    NOT_PUBLISHED_MARKERS,
    SOC_CODE_PATTERN,
    TOP_CODED_MARKER,
    Occupation,
    OewsRelease,
    Wage,
    WageArea,
)
from occupations.pay import forget_cached_areas
from search.bulk_index import add_bulk, refresh_title_norms

REQUIRED_COLUMNS = ("AREA", "AREA_TITLE", "AREA_TYPE", "OCC_CODE", "OCC_TITLE")
# BLS column -> Wage field, and whether the figure is an hourly wage, a yearly wage or neither.
FIGURE_COLUMNS = {
    "TOT_EMP": ("employment", "count"),
    "EMP_PRSE": ("employment_rse", "rse"),
    "H_MEAN": ("h_mean", "hourly"),
    "A_MEAN": ("a_mean", "annual"),
    "MEAN_PRSE": ("mean_rse", "rse"),
    "H_PCT10": ("h_pct10", "hourly"),
    "H_PCT25": ("h_pct25", "hourly"),
    "H_MEDIAN": ("h_median", "hourly"),
    "H_PCT75": ("h_pct75", "hourly"),
    "H_PCT90": ("h_pct90", "hourly"),
    "A_PCT10": ("a_pct10", "annual"),
    "A_PCT25": ("a_pct25", "annual"),
    "A_MEDIAN": ("a_median", "annual"),
    "A_PCT75": ("a_pct75", "annual"),
    "A_PCT90": ("a_pct90", "annual"),
}
WAGE_FIELDS = [name for name, _kind in FIGURE_COLUMNS.values()]
# BLS's top code ("#"): a wage at or above this. The figure is stored at the code, marked "#".
TOP_CODE = {"hourly": Decimal("115.00"), "annual": Decimal(239200)}
AREA_CODE_PATTERN = re.compile(r"^\d{1,7}$")
SOC_CODE_RE = re.compile(SOC_CODE_PATTERN)
RELEASE_IN_FILE_NAME = re.compile(r"(?:may|m)[_-]?(20\d\d)", re.IGNORECASE)
MAX_REPORTED_ERRORS = 200


class OewsFileError(ValueError):
    """The file as a whole cannot be read (not a CSV, BLS's columns missing): nothing is imported."""


class RowError(ValueError):
    pass


@dataclass
class ImportReport:
    year: int
    rows: int = 0
    skipped: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    occupations_created: int = 0
    occupations_updated: int = 0
    areas_created: int = 0
    errors: list = field(default_factory=list)

    def summary(self):
        return (
            f"OEWS May {self.year}: {self.rows} rows read, {self.created} wages created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped} skipped (not all-industry), {len(self.errors)} with errors; "
            f"{self.occupations_created} occupations created, {self.occupations_updated} renamed; "
            f"{self.areas_created} areas created."
        )


def release_year_from_name(name):
    match = RELEASE_IN_FILE_NAME.search(Path(name).name)
    return int(match.group(1)) if match else None


def read_text(path):
    raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # BLS's spreadsheets saved as CSV on Windows.
        return raw.decode("cp1252", errors="replace")


def parse_figure(text, kind):
    """(value, marker) for one cell: a number, BLS's top code '#', or not published ('*', '**', '-', empty)."""
    text = (text or "").strip()
    if text in NOT_PUBLISHED_MARKERS:
        return None, text
    if not text:
        return None, ""
    if text == TOP_CODED_MARKER:
        if kind not in TOP_CODE:
            raise RowError("'#' (top-coded) is only used for wages")
        return TOP_CODE[kind], TOP_CODED_MARKER
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as e:
        raise RowError(f"'{text[:20]}' is not a number, * or #") from e
    if not value.is_finite() or value < 0:
        raise RowError(f"'{text[:20]}' is not a number, * or #")
    if kind in ("count", "annual"):
        if value != value.to_integral_value() or value > 2_000_000_000:
            raise RowError(f"'{text[:20]}' is not a whole number")
        return int(value), ""
    if value >= 100_000:
        raise RowError(f"'{text[:20]}' is out of range")
    return value.quantize(Decimal("0.01") if kind == "hourly" else Decimal("0.1")), ""


def parse_row(row):
    area = (row.get("AREA") or "").strip()
    if not AREA_CODE_PATTERN.match(area):
        raise RowError(f"AREA '{area[:20]}' is not a BLS area code")
    occ_code = (row.get("OCC_CODE") or "").strip()
    if not SOC_CODE_RE.match(occ_code):
        raise RowError(f"OCC_CODE '{occ_code[:20]}' is not a SOC code like 21-1094")
    area_title = (row.get("AREA_TITLE") or "").strip()
    occ_title = (row.get("OCC_TITLE") or "").strip()
    if not area_title or not occ_title:
        raise RowError("AREA_TITLE and OCC_TITLE must not be empty")
    try:
        area_type = int((row.get("AREA_TYPE") or "").strip())
    except ValueError as e:
        raise RowError(f"AREA_TYPE '{(row.get('AREA_TYPE') or '')[:20]}' is not a number") from e
    values, markers, problems = {}, {}, []
    for column, (name, kind) in FIGURE_COLUMNS.items():
        try:
            values[name], marker = parse_figure(row.get(column), kind)
        except RowError as e:
            problems.append(f"{column} {e}")
            continue
        if marker:
            markers[name] = marker
    if problems:
        raise RowError("; ".join(problems))
    return {
        "area": area,
        "area_title": area_title[:200],
        "area_type": area_type,
        "state": (row.get("PRIM_STATE") or "").strip()[:20],
        "soc_code": occ_code,
        "occ_title": occ_title[:200],
        "group": (row.get("O_GROUP") or "").strip().lower()[:20],
        "values": values,
        "markers": markers,
    }


def area_kind(area_type, title):
    if area_type == 1:
        return WageArea.Kind.NATIONAL
    if area_type in (2, 3):
        return WageArea.Kind.STATE
    # BLS gives metropolitan and nonmetropolitan areas AREA_TYPE 4 in some files and 6 in others.
    return WageArea.Kind.NONMETRO if "nonmetropolitan" in title.lower() or area_type == 6 else WageArea.Kind.METRO


def read_rows(text, report):
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise OewsFileError("The file is empty.")
    # BLS has written its column names in upper and in lower case over the years.
    reader.fieldnames = [(name or "").strip().upper() for name in reader.fieldnames]
    missing = [column for column in (*REQUIRED_COLUMNS, *FIGURE_COLUMNS) if column not in reader.fieldnames]
    if missing:
        raise OewsFileError("Not a BLS OEWS file: missing columns " + ", ".join(missing) + ".")
    parsed, seen = [], {}
    try:
        for row in reader:
            line = reader.line_num
            report.rows += 1
            # The "all data" file also has one row per industry and ownership: the page wants all industries.
            if (row.get("I_GROUP") or "cross-industry").strip().lower() != "cross-industry":
                report.skipped += 1
                continue
            if None in row:
                report_error(report, line, "more cells than columns")
                continue
            try:
                item = parse_row(row)
            except RowError as e:
                report_error(report, line, str(e))
                continue
            key = (item["area"], item["soc_code"])
            if key in seen:
                report_error(report, line, f"area {key[0]} and occupation {key[1]} again (first on line {seen[key]})")
                continue
            seen[key] = line
            parsed.append(item)
    except csv.Error as e:
        raise OewsFileError(f"Line {reader.line_num}: not valid CSV ({e}).") from e
    return parsed


def report_error(report, line, message):
    report.errors.append((line, message))


@transaction.atomic
def import_oews(path, year=None, dry_run=False):
    """Import one OEWS file as the release of May `year` (from the file name when not given).

    Idempotent: importing the same file again changes nothing. Other releases are kept.
    """
    year = year or release_year_from_name(path)
    if year is None:
        raise OewsFileError("Say which release this is (--year 2026): the file name doesn't.")
    report = ImportReport(year=year)
    items = read_rows(read_text(path), report)
    release, _created = OewsRelease.objects.get_or_create(year=year)
    newest = not OewsRelease.objects.filter(year__gt=year).exists()

    areas = {area.code: area for area in WageArea.objects.all()}
    new_areas = {}
    for item in items:
        if item["area"] not in areas and item["area"] not in new_areas:
            new_areas[item["area"]] = WageArea(
                code=item["area"],
                title=item["area_title"],
                area_type=item["area_type"],
                kind=area_kind(item["area_type"], item["area_title"]),
                state=item["state"],
            )
    WageArea.objects.bulk_create(new_areas.values())
    report.areas_created = len(new_areas)

    occupations = {occupation.soc_code: occupation for occupation in Occupation.objects.all()}
    new_occupations, renamed = {}, []
    for item in items:
        code = item["soc_code"]
        occupation = occupations.get(code) or new_occupations.get(code)
        if occupation is None:
            new_occupations[code] = Occupation(
                soc_code=code, title=item["occ_title"], group=item["group"], source=Occupation.Source.BLS
            )
        elif (
            code in occupations
            and newest
            and (
                (occupation.title, occupation.group, occupation.source)
                != (item["occ_title"], item["group"], Occupation.Source.BLS)
            )
        ):
            # The newest release's titles win; an editor's occupation that BLS now reports becomes BLS's.
            occupation.title, occupation.group, occupation.source = item["occ_title"], item["group"], "bls"
            renamed.append(occupation)
    Occupation.objects.bulk_create(new_occupations.values())
    Occupation.objects.bulk_update(list({o.soc_code: o for o in renamed}.values()), ["title", "group", "source"])
    indexed = [*new_occupations.values(), *renamed]
    if indexed:
        # bulk_create sends no signals: the editor's occupation chooser searches the index.
        add_bulk(Occupation, indexed)
        refresh_title_norms(Occupation)
    report.occupations_created = len(new_occupations)
    report.occupations_updated = len({o.soc_code for o in renamed})

    existing = {(wage.area_id, wage.occupation_id): wage for wage in Wage.objects.filter(release=release)}
    to_create, to_update = [], []
    for item in items:
        wage = existing.get((item["area"], item["soc_code"]))
        if wage is None:
            to_create.append(
                Wage(
                    occupation_id=item["soc_code"],
                    area_id=item["area"],
                    release=release,
                    markers=item["markers"],
                    **item["values"],
                )
            )
            continue
        changed = wage.markers != item["markers"]
        for name, value in item["values"].items():
            current = getattr(wage, name)
            if (current is None) != (value is None) or (current is not None and Decimal(current) != Decimal(value)):
                setattr(wage, name, value)
                changed = True
        if changed:
            wage.markers = item["markers"]
            to_update.append(wage)
        else:
            report.unchanged += 1
    Wage.objects.bulk_create(to_create, batch_size=500)
    Wage.objects.bulk_update(to_update, [*WAGE_FIELDS, "markers"], batch_size=500)
    report.created, report.updated = len(to_create), len(to_update)
    if to_create or to_update or _created:
        release.source_file = Path(path).name[:255]
        release.save()
    if dry_run:
        transaction.set_rollback(True)
    else:
        transaction.on_commit(forget_cached_areas)
        if to_create or to_update:
            # Career pages draw these wages: the page cache and the front cache forget them (page_cache/signals.py).
            rows_imported.send(sender=Wage, result=report)
    return report
