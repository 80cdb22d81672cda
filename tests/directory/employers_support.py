"""Helpers for the employer tests; their fixtures are in conftest.py."""

import pytest
from django.conf import settings

from directory.models import EmployerSnippet

# modelsearch's generic `database.fallback` backend (CI's second search backend run) matches words as substrings of
# the model's own columns: no stemming, and no search fields that are properties (care_settings_text, job titles).
FALLBACK_BACKEND = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"].endswith(".fallback")
needs_full_text = pytest.mark.skipif(
    FALLBACK_BACKEND, reason="the fallback search backend has no stemming and searches no computed fields"
)

PUBLIC_DEFAULTS = {
    "description": "Care management for adults with chronic conditions.",
    "care_settings": ["health-home"],
    "job_titles": ["Care Manager"],
    "city": "",
    "zip_code": "12207",
    "hiring_now": True,
}
PRIVATE_VALUES = {
    "contact_name": "Privatina Contactson",
    "contact_email": "private-contact@secret.example",
    "submitter_email": "private-submitter@secret.example",
    "moderator_notes": "SECRET-MODERATOR-NOTE",
}


def make_employer(name="Capital Care", publish=True, **fields):
    employer = EmployerSnippet(name=name, **{**PUBLIC_DEFAULTS, **PRIVATE_VALUES, **fields})
    employer.live = False
    employer.save()
    revision = employer.save_revision()
    if publish:
        revision.publish()
        employer.refresh_from_db()
    return employer


def submit_for_moderation(employer, user=None):
    return employer.get_workflow().start(employer, user=user)
