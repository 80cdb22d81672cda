"""Publishing or unpublishing an employer or a training refreshes the cached pages that show it."""

import pytest
from wagtail.models import Site

from directory.employers.models import EmployerDirectoryPage
from tests.directory.employers.support import make_employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(page_cache, django_capture_on_commit_callbacks):
    root = Site.objects.get(is_default_site=True).root_page
    page = EmployerDirectoryPage(title="Find employers", slug="employers", intro="<p>Employers near you</p>")
    root.add_child(instance=page)
    # Run the clear this publish schedules now: the test's transaction never commits.
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return page


def test_approving_an_employer_refreshes_the_cached_directory(client, directory, django_capture_on_commit_callbacks):
    url = directory.url
    assert "Albany Care Partners" not in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        employer = make_employer("Albany Care Partners")

    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Albany Care Partners" in response.content.decode()
    detail = client.get(f"{url}{employer.slug}/")
    assert detail.status_code == 200

    # Unpublished: gone from the cached directory and its detail page.
    client.get(f"{url}{employer.slug}/")
    with django_capture_on_commit_callbacks(execute=True):
        employer.unpublish()
    assert "Albany Care Partners" not in client.get(url).content.decode()
    assert client.get(f"{url}{employer.slug}/").status_code == 404


def test_the_submission_form_is_never_cached(client, directory):
    first = client.get(f"{directory.url}submit/")
    assert first.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    assert first["X-Page-Cache"] == "skip"
    assert client.get(f"{directory.url}submit/")["X-Page-Cache"] == "skip"
