"""Which OEWS area a visitor is in: ZIP -> county (the `zipcodes` package) -> metro area (data/ny-metro-counties.csv).

A county outside every metropolitan area, or a ZIP outside New York, falls back to New York State: the counties
file does not say which nonmetropolitan area a county is in (docs/occupations.md).
"""

import csv
from functools import lru_cache
from pathlib import Path

from directory import geo

COUNTIES_FILE = Path(__file__).resolve().parent / "data" / "ny-metro-counties.csv"
STATEWIDE_AREA_CODE = "36"


@lru_cache(maxsize=1)
def metro_area_by_county():
    with COUNTIES_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return {row["COUNTY"].strip(): row["AREA"].strip() for row in csv.DictReader(handle)}


def area_code_for_zip(zip_code):
    """The OEWS area code for a ZIP code: its metro area, else New York State."""
    info = geo.lookup_zip(zip_code)
    if info is None or info.state != "NY":
        return STATEWIDE_AREA_CODE
    return metro_area_by_county().get(info.county, STATEWIDE_AREA_CODE)
