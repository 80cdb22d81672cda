import csv
from pathlib import Path

import pytest

from occupations.demo import SHIPPED_OEWS_FILE
from occupations.importing import import_oews

COLUMNS = (
    "AREA,AREA_TITLE,AREA_TYPE,PRIM_STATE,OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP,EMP_PRSE,H_MEAN,A_MEAN,MEAN_PRSE,"
    "H_PCT10,H_PCT25,H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,JOBS_1000,LOC_QUOTIENT"
)
# The shipped file's rows for the demo's occupations and a few areas: small enough for every test.
SAMPLE_CODES = {"21-1094", "21-1093", "21-1022", "29-1141", "11-9111"}
SAMPLE_AREAS = {"36", "10580", "35620", "3600001", "99"}


def shipped_rows(codes=SAMPLE_CODES, areas=SAMPLE_AREAS):
    with SHIPPED_OEWS_FILE.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["OCC_CODE"] in codes and row["AREA"] in areas]


def write_csv(path, rows, columns=None):
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns or COLUMNS.split(","), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def sample_file(tmp_path):
    return write_csv(tmp_path / "oews-ny-may2025.csv", shipped_rows())


@pytest.fixture
def sample_wages(db, sample_file):
    return import_oews(sample_file)
