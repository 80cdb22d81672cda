"""Shared fixtures for the training and employer tests (employer helpers live in employers/support.py)."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Site

from directory.employers.models import EmployerDirectoryPage


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
