"""Helpers for the employer tests (their fixtures are in conftest.py): listings from EmployerSnippetFactory with
private values filled in, so that tests can look for those values where the public must never see them."""

from .factories import EmployerSnippetFactory

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
    return EmployerSnippetFactory(name=name, live=publish, **{**PUBLIC_DEFAULTS, **PRIVATE_VALUES, **fields})


def submit_for_moderation(employer, user=None):
    return employer.get_workflow().start(employer, user=user)
