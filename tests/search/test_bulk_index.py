"""The backend's add_bulk (search.bulk_index; on PostgreSQL search/backends/bulk.py) writes the same index
entries as modelsearch's own indexing, faster."""

import pytest
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from directory.employers.models import EmployerSnippet
from search import bulk_index
from tests.directory.employers.support import make_employer

pytestmark = pytest.mark.django_db


def modelsearch_add_bulk(model, objects):
    """modelsearch's own indexing (what `update_index` runs), not this project's bulk path."""
    get_search_backend().get_index_for_model(model).add_items(model, objects)


def entries():
    # Every column but the id (the entry model differs between SQLite and PostgreSQL); text forms,
    # as tsvectors on PostgreSQL compare by their written form.
    columns = [field.attname for field in IndexEntry._meta.concrete_fields if field.attname != "id"]
    rows = IndexEntry.objects.order_by("content_type_id", "object_id").values_list(*columns)
    return [tuple(str(value) for value in row) for row in rows]


@pytest.mark.search_capability("index")
def test_bulk_index_matches_the_backend():
    employers = [
        make_employer("Nu Hospital Center", zip_code="12207", description="Cardiac and care coordination"),
        make_employer("Xi Home Care", zip_code="14604", description=""),
    ]
    for employer in employers:
        employer.job_titles = ["Care Manager"]
        employer.other_job_titles = "Peer Navigator, Driver"
    IndexEntry.objects.all().delete()
    modelsearch_add_bulk(EmployerSnippet, employers)
    by_backend = entries()
    IndexEntry.objects.all().delete()
    bulk_index.add_bulk(EmployerSnippet, employers)
    bulk_index.refresh_title_norms(EmployerSnippet)
    assert entries() == by_backend
    assert len(by_backend) == 2
    # And again: existing entries are replaced, not duplicated.
    bulk_index.add_bulk(EmployerSnippet, employers)
    assert entries() == by_backend


def test_bulk_indexed_employers_are_found():
    employer = make_employer("Omicron Rehabilitation Partners", zip_code="12207")
    IndexEntry.objects.all().delete()
    bulk_index.add_bulk(EmployerSnippet, [employer])
    found = get_search_backend().search("rehabilitation", EmployerSnippet.objects.all())
    assert [result.pk for result in found] == [employer.pk]


def _trainings():
    from career_pages import demo as career_demo
    from directory.trainings.models import TrainingPage
    from tests.directory.trainings.factories import TrainingProviderFactory, create_trainings

    career_demo.load_care_coordination_page(career_demo.load_career_index(career_demo.load_home_page()))
    create_trainings(
        [
            {
                "external_id": "a",
                "title": "Care Coordination Certificate",
                "summary": "Case management",
                "description": "<p>Plans</p>",
                "provider": TrainingProviderFactory(name="Acme College", website=""),
            },
            {"external_id": "b", "title": "The the", "summary": "", "city": "", "provider": None, "languages": []},
            {
                "external_id": "c",
                "title": "Peer Recovery",
                "summary": "Peer support",
                "provider": TrainingProviderFactory(name="Ulster County College", website=""),
                "languages": [],
            },
        ]
    )
    return list(TrainingPage.objects.select_related("provider").order_by("external_id"))


@pytest.mark.search_capability("index")
def test_bulk_index_of_pages_with_a_related_provider_matches_the_backend():
    """Trainings index their provider's name (a RelatedFields over a foreign key) and their page title."""
    from directory.trainings.models import TrainingPage

    trainings = _trainings()
    assert trainings[1].provider is None  # a missing related object indexes no text
    IndexEntry.objects.all().delete()
    modelsearch_add_bulk(TrainingPage, trainings)
    by_backend = entries()
    IndexEntry.objects.all().delete()
    bulk_index.add_bulk(TrainingPage, trainings)
    bulk_index.refresh_title_norms(TrainingPage)
    assert entries() == by_backend
    assert len(by_backend) == 3
    found = get_search_backend().search("ulster", TrainingPage.objects.all())
    assert [result.pk for result in found] == [trainings[2].pk]


def test_many_valued_relations_go_through_the_backend(monkeypatch):
    """RelatedFields over a many-to-many relation hold several texts per object: the backend indexes them."""
    from wagtail.search import index

    from directory.trainings.models import TrainingPage

    trainings = _trainings()
    fields = [*TrainingPage.search_fields, index.RelatedFields("languages", [index.SearchField("name")])]
    monkeypatch.setattr(TrainingPage, "search_fields", fields)
    calls = []
    backend = get_search_backend()
    index = backend.get_index_for_model(TrainingPage)
    monkeypatch.setattr(type(index), "add_items", lambda self, model, objects: calls.append((model, list(objects))))
    bulk_index.add_bulk(TrainingPage, trainings, backend=backend)
    assert calls == [(TrainingPage, trainings)]
