"""search.matching: keyword matches combined with ORM filters, counts, facets and ordering, on every backend
(the CI runs these again on modelsearch's database.fallback)."""

import pytest
from django.db.models import Count

from career_pages.models import CareerPage
from directory.employers.models import EmployerSnippet
from search.matching import capped, filter_matching, matching_pks, ranked_pks, search_query
from search.query import search_in_mode
from tests.directory.employers.support import make_employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def employers():
    return {
        "albany": make_employer("Hudson Hospital Albany", zip_code="12207", city="Albany"),
        "rochester": make_employer("Genesee Hospital", zip_code="14604", city="Rochester"),
        "clinic": make_employer("Genesee Family Clinic", zip_code="14604", city="Rochester"),
        "draft": make_employer("Draft Hospital", zip_code="12207", publish=False),
    }


def live():
    return EmployerSnippet.objects.filter(live=True)


def names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_keywords_combine_with_filters_on_columns_the_backend_does_not_index(employers):
    # zip_code is no FilterField: Wagtail's search could not filter on it, the ORM can.
    rochester = live().filter(zip_code="14604")
    assert names(filter_matching(rochester, "hospital")) == ["Genesee Hospital"]
    assert names(rochester.filter(pk__in=matching_pks(rochester, "hospital"))) == ["Genesee Hospital"]
    assert names(filter_matching(rochester, "genesee", selective=True)) == ["Genesee Family Clinic", "Genesee Hospital"]


def test_the_callers_conditions_decide_what_is_shown(employers):
    # The draft's entry may be indexed (a bulk load, an earlier version): live() still excludes it.
    from wagtail.search.backends import get_search_backend

    get_search_backend().add(employers["draft"])
    assert names(filter_matching(live(), "hospital")) == ["Genesee Hospital", "Hudson Hospital Albany"]


def test_counts_and_facets_are_plain_orm(employers):
    matches = filter_matching(live(), "genesee")
    assert matches.count() == 2
    facets = dict(matches.values_list("region").annotate(count=Count("pk")))
    assert facets == {"finger-lakes": 2}


def test_synonyms_apply(employers):
    from search.models import SearchSynonym

    SearchSynonym.objects.create(term="infirmary", expansions="hospital")
    assert names(filter_matching(live(), "infirmary albany")) == ["Hudson Hospital Albany"]


@pytest.mark.parametrize("typed", ["", "   ", "!!!", '"', "'", "*", "()", "\x00", "-", "\u202e"])
def test_nothing_searchable_matches_nothing(employers, typed):
    assert search_query(typed) == ""
    assert filter_matching(live(), typed).count() == 0
    assert list(matching_pks(live(), typed)) == []
    assert ranked_pks(live(), typed) == []


@pytest.mark.parametrize("typed", ["AND", "NEAR(", "OR NOT", 'hospital"*', "{title}: x", "hospital^2 -"])
def test_full_text_operators_are_words(employers, typed):
    # Never syntax: the words are searched as words (and these find nothing, or the hospitals).
    found = set(names(filter_matching(live(), typed)))
    assert found <= {"Genesee Hospital", "Hudson Hospital Albany"}
    assert len(ranked_pks(live(), typed, limit=5)) == len(found)


@pytest.mark.search_capability("relevance")
def test_ranked_pks_orders_filtered_rows_by_relevance(employers):
    best = make_employer("Genesee Genesee Care", zip_code="14604", description="Genesee valley, Genesee county")
    rochester = live().filter(zip_code="14604")
    ranked = ranked_pks(rochester, "genesee", offset=0, limit=10)
    assert ranked[0] == best.pk
    assert set(ranked) == {best.pk, employers["rochester"].pk, employers["clinic"].pk}
    assert ranked_pks(rochester, "genesee", offset=1, limit=1) == ranked[1:2]


def test_ranked_pks_keeps_to_the_queryset(employers):
    rochester = live().filter(zip_code="14604")
    assert set(ranked_pks(rochester, "hospital", limit=10)) == {employers["rochester"].pk}
    assert ranked_pks(rochester, "hospital", offset=5, limit=10) == []


def test_capped_counts_stop_at_the_cap(employers):
    results = search_in_mode(live(), "hospital", "all")
    shown, count, more = capped(results, 1)
    assert (count, more) == (1, True)
    assert len(list(shown[:5])) == 1
    shown, count, more = capped(search_in_mode(live(), "hospital", "all"), 10)
    assert (count, more) == (2, False)
    assert len(list(shown[:5])) == 2


def test_pages_match_too(make_career):
    make_career("Care Coordinator", description="Coordinates care.")
    make_career("Phlebotomy Technician")
    make_career("Hidden Coordinator", live=False)
    pages = CareerPage.objects.live()
    assert [page.title for page in filter_matching(pages, "coordinator")] == ["Care Coordinator"]
    assert ranked_pks(pages, "coordinator") == list(pages.filter(title="Care Coordinator").values_list("pk", flat=True))
