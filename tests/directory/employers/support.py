"""Helpers for the employer tests; their fixtures are in conftest.py."""

from directory.employers.models import EmployerSnippet

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
