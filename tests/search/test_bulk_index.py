"""search.bulk_index writes the same index entries as Wagtail's backend, faster."""

import pytest
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from directory.models import EmployerSnippet
from search import bulk_index
from tests.directory.employers_support import make_employer

pytestmark = pytest.mark.django_db


def entries():
    # Every column but the id (the entry model differs between SQLite and PostgreSQL); text forms,
    # as tsvectors on PostgreSQL compare by their written form.
    columns = [field.attname for field in IndexEntry._meta.concrete_fields if field.attname != "id"]
    rows = IndexEntry.objects.order_by("content_type_id", "object_id").values_list(*columns)
    return [tuple(str(value) for value in row) for row in rows]


def test_bulk_index_matches_the_backend():
    employers = [
        make_employer("Nu Hospital Center", zip_code="12207", description="Cardiac and care coordination"),
        make_employer("Xi Home Care", zip_code="14604", description=""),
    ]
    for employer in employers:
        employer.job_titles = ["Care Manager"]
        employer.other_job_titles = "Peer Navigator, Driver"
    IndexEntry.objects.all().delete()
    get_search_backend().add_bulk(EmployerSnippet, employers)
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
