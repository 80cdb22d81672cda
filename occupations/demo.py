"""The shipped BLS OEWS release, loaded by load_demo_content (and so by `make run`)."""

from pathlib import Path

from occupations.importing import import_oews
from occupations.models import OewsRelease

SHIPPED_OEWS_FILE = Path(__file__).resolve().parent / "data" / "oews-ny-may2025.csv"
SHIPPED_OEWS_YEAR = 2025
SHIPPED_OEWS_ROWS = 8795


def load_oews(stdout=None):
    """Import the shipped file, unless this very release is already there in full (the import is idempotent
    either way; this only saves reading 8,795 rows on every `make run`)."""
    release = OewsRelease.objects.filter(year=SHIPPED_OEWS_YEAR, source_file=SHIPPED_OEWS_FILE.name).first()
    if release is not None and release.wages.count() == SHIPPED_OEWS_ROWS:
        if stdout is not None:
            stdout.write(f"BLS OEWS May {SHIPPED_OEWS_YEAR} already loaded.")
        return release
    report = import_oews(SHIPPED_OEWS_FILE, year=SHIPPED_OEWS_YEAR)
    if stdout is not None:
        stdout.write(report.summary())
    return OewsRelease.objects.get(year=SHIPPED_OEWS_YEAR)
