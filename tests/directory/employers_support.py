"""Fixtures and helpers for the employer tests (imported by tests/directory/test_employers_*.py)."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from directory.models import EmployerDirectoryPage, EmployerSnippet

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


@pytest.fixture
def directory_page(db):
    root = Site.objects.get(is_default_site=True).root_page
    page = EmployerDirectoryPage(title="Find employers", slug="employers", intro="<p>Employers near you</p>")
    root.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator", "moderator@hwcollab.test", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@hwcollab.test", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def root_page():
    return Page.objects.get(depth=1)
