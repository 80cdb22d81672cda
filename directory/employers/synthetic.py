"""Synthetic employers (clearly fictional) over real New York ZIP codes, for benchmarks and load tests.

Rows use the CSV import's columns (docs/employers-import.md), so the same code path writes them.
"""

import random

from directory import geo
from directory.employers.models import CARE_SETTING_CHOICES

PLACES = [
    "Hudson", "Empire", "Lakeside", "Riverbend", "Northgate", "Harbor", "Summit", "Valley", "Maple", "Seneca",
    "Mohawk", "Adirondack", "Catskill", "Genesee", "Finger Lakes", "Bayview", "Pine Ridge", "Oak Hill",
]  # fmt: skip
KINDS = {
    "hospital": ["Hospital", "Medical Center", "General Hospital"],
    "primary-care": ["Primary Care", "Family Medicine", "Medical Group"],
    "health-home": ["Health Home", "Care Network"],
    "managed-care": ["Health Plan", "Managed Care"],
    "community-based": ["Community Services", "Family Services"],
    "behavioral-health": ["Behavioral Health", "Counseling Center"],
    "long-term-care": ["Nursing & Rehabilitation", "Senior Living"],
    "home-care": ["Home Care", "Home Health"],
    "fqhc": ["Community Health Center", "Family Health Center"],
    "health-department": ["Health Department Programs"],
    "other": ["Health Partners"],
}
JOB_TITLES = [
    "Care Coordinator",
    "Care Manager",
    "Case Manager",
    "Community Care Coordinator",
    "Health Home Care Manager",
    "Nurse Care Manager",
    "Patient Care Coordinator",
    "RN Case Manager",
]
LABELS = dict(CARE_SETTING_CHOICES)


def synthetic_employer_rows(count, seed=0):
    """Yield `count` CSV-style dicts with external ids "synthetic-employer-<seed>-<n>"."""
    rng = random.Random(seed)  # noqa: S311  (reproducible fake data, not security)
    zip_codes = geo.ny_zip_codes()
    settings = [value for value, _label in CARE_SETTING_CHOICES]
    for number in range(1, count + 1):
        main_setting = rng.choice(settings)
        extra = rng.sample(settings, k=rng.randint(0, 2))
        chosen = list(dict.fromkeys([main_setting, *extra]))
        name = f"{rng.choice(PLACES)} {rng.choice(KINDS[main_setting])} {number}"
        titles = rng.sample(JOB_TITLES, k=rng.randint(1, 3))
        year, month, day = 2025 + rng.randint(0, 1), rng.randint(1, 12), rng.randint(1, 28)
        yield {
            "external_id": f"synthetic-employer-{seed}-{number}",
            "name": name,
            "zip": rng.choice(zip_codes),
            "description": (
                f"Fictional employer for testing. {LABELS[main_setting]} hiring "
                f"{', '.join(titles).lower()} to support patients and families."
            ),
            "care_settings": ";".join(chosen),
            "job_titles": ";".join(titles),
            "hiring_now": "yes" if rng.random() < 0.6 else "no",
            "website": f"https://employer-{number}.example.org",
            "phone": f"(518) 555-{rng.randint(0, 9999):04d}",
            "last_verified": f"{year}-{month:02d}-{day:02d}",
        }
