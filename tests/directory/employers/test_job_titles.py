"""The job titles employers choose from come from the live career pages, read from data kept when pages publish."""

import importlib

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from career_pages.models import CareerPage
from directory.employers.models import CareerJobTitle, EmployerDirectoryPage
from tests.career_pages.factories import CareerPageFactory

pytestmark = pytest.mark.django_db


def body(*titles):
    definition = {"term": "Care", "definition": "<p>Care is…</p>", "job_titles": [{"title": t} for t in titles]}
    section = {"heading": "Definitions", "anchor": "", "nav_label": "", "content": [("definition", definition)]}
    return CareerPage.body.field.stream_block.normalize([("section", section)])


def publish_career(parent, *titles, **kwargs):
    page = CareerPageFactory(parent=parent, live=False, **kwargs)
    page.body = body(*titles)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def employers_page(home_page):
    page = home_page.add_child(instance=EmployerDirectoryPage(title="Find employers", slug="employers"))
    page.save_revision().publish()
    return page


def job_title_options(client):
    response = client.get("/employers/")
    assert response.status_code == 200
    select = BeautifulSoup(response.content, "html.parser").find("select", attrs={"name": "job_title"})
    return [option.get_text() for option in select.find_all("option")][1:] if select else []


def test_publishing_editing_and_unpublishing_a_career_page_changes_the_choices(client, employers_page, career_index):
    assert job_title_options(client) == []
    page = publish_career(career_index, "Care Manager", "Care Coordinator")
    assert job_title_options(client) == ["Care Coordinator", "Care Manager"]

    page.body = body("RN Case Manager")
    page.save_revision()  # a draft changes nothing yet
    assert job_title_options(client) == ["Care Coordinator", "Care Manager"]
    page.get_latest_revision().publish()
    assert job_title_options(client) == ["RN Case Manager"]

    page.unpublish()
    assert job_title_options(client) == []


def test_deleting_a_career_page_removes_its_titles_and_keeps_the_others(client, employers_page, career_index):
    kept = publish_career(career_index, "Care Manager", "Shared Title")
    gone = publish_career(career_index, "Shared Title", "Gone Title")
    assert job_title_options(client) == ["Care Manager", "Gone Title", "Shared Title"]
    gone.delete()
    assert job_title_options(client) == ["Care Manager", "Shared Title"]
    assert set(CareerJobTitle.objects.values_list("page_id", flat=True)) == {kept.pk}


def test_the_submission_form_offers_the_published_titles(client, employers_page, career_index):
    publish_career(career_index, "Care Manager")
    page = client.get("/employers/submit/").content.decode()
    assert 'value="Care Manager"' in page


def queries_for(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    # The titles come from their own table: no career page body is read to list them.
    assert not [query for query in queries if "career_pages_careerpage" in query["sql"]]
    return len(queries)


def test_the_directory_reads_the_titles_in_queries_that_do_not_grow_with_career_pages(
    client, employers_page, career_index
):
    publish_career(career_index, "Title 0")
    one_career = queries_for(client, "/employers/")
    for number in range(1, 6):
        publish_career(career_index, f"Title {number}", f"Other {number}")
    assert queries_for(client, "/employers/") == one_career
    assert len(job_title_options(client)) == 11


def test_the_migration_fills_the_titles_of_pages_already_live(career_index):
    live = publish_career(career_index, "Care Manager", "Care Manager", "Care Coordinator")
    publish_career(career_index, "Unpublished Title").unpublish()
    CareerJobTitle.objects.all().delete()  # as before the migration
    migration = importlib.import_module("directory.employers.migrations.0003_fill_careerjobtitle")
    migration.fill(apps, None)
    assert sorted(CareerJobTitle.objects.values_list("page_id", "title")) == [
        (live.pk, "Care Coordinator"),
        (live.pk, "Care Manager"),
    ]
