"""The directory at /employers/: search, filters, distance, facets, bad input, privacy, query count."""

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from directory.employers.forms import EmployerSearchForm
from directory.employers.search import EmployerSearch
from tests.directory.employers.support import PRIVATE_VALUES, make_employer

pytestmark = [pytest.mark.django_db, pytest.mark.search_backend]


def result_names(html):
    return re.findall(r'class="employer-card__name"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def employers(directory_page):
    return {
        # Around 10001 (Manhattan): Penn Station area, Harlem, Brooklyn; then Albany, Rochester.
        "midtown": make_employer("Midtown Health Home", zip_code="10001", care_settings=["health-home"]),
        "harlem": make_employer(
            "Harlem Community Hospital", zip_code="10027", care_settings=["hospital"], hiring_now=False
        ),
        "brooklyn": make_employer(
            "Brooklyn Care Network",
            zip_code="11201",
            care_settings=["community-based", "behavioral-health"],
            job_titles=["Care Coordinator"],
        ),
        "albany": make_employer("Albany Care Partners", zip_code="12207", care_settings=["managed-care"]),
        "rochester": make_employer(
            "Genesee Hospitals Group",
            zip_code="14604",
            care_settings=["hospital"],
            description="Two hospitals with care management teams.",
            job_titles=["RN Case Manager"],
        ),
        "draft": make_employer("Draft Hospital Near Penn", zip_code="10001", publish=False),
    }


def test_distance_filters_and_orders_nearest_first_with_miles(client, employers):
    html = client.get("/employers/", {"near": "10001", "radius": "10"}).content.decode()
    assert result_names(html) == ["Midtown Health Home", "Brooklyn Care Network", "Harlem Community Hospital"]
    assert re.search(r"<strong>\d+\.\d miles</strong> away", html)
    assert "3 employers within 10 miles of 10001" in html


def test_wider_radius_reaches_further(client, employers):
    html = client.get("/employers/", {"near": "10001", "radius": "100"}).content.decode()
    assert "Albany Care Partners" not in html  # about 135 miles
    html = client.get("/employers/", {"near": "10001", "radius": "250"}).content.decode()
    # Great-circle miles, the distance shown: Rochester's 14604 is 249.2 miles from 10001.
    assert result_names(html)[-2:] == ["Albany Care Partners", "Genesee Hospitals Group"]
    assert "<strong>249.2 miles</strong> away" in html


@pytest.mark.search_capability("stemming")
def test_text_search_uses_stems_and_combines_with_distance(client, employers):
    html = client.get("/employers/", {"q": "hospital", "near": "14604", "radius": "25"}).content.decode()
    assert result_names(html) == ["Genesee Hospitals Group"]
    html = client.get("/employers/", {"q": "hospitals"}).content.decode()
    assert set(result_names(html)) == {"Harlem Community Hospital", "Genesee Hospitals Group"}


@pytest.mark.search_capability("stemming")
@pytest.mark.parametrize(
    "radius", ["10", "250"]
)  # 335 ZIP codes (words checked per row on SQLite), 6,991 (matches first)
def test_words_near_a_zip_match_the_same_way_in_a_small_or_wide_radius(client, employers, radius):
    html = client.get("/employers/", {"q": "hospitals", "near": "10001", "radius": radius}).content.decode()
    expected = (
        ["Harlem Community Hospital"] if radius == "10" else ["Harlem Community Hospital", "Genesee Hospitals Group"]
    )
    assert result_names(html) == expected
    assert "Draft Hospital Near Penn" not in html


def test_job_title_and_setting_search(client, employers):
    html = client.get("/employers/", {"setting": ["hospital", "managed-care"]}).content.decode()
    assert result_names(html) == ["Albany Care Partners", "Genesee Hospitals Group", "Harlem Community Hospital"]
    html = client.get("/employers/", {"job_title": "RN Case Manager"}).content.decode()
    assert result_names(html) == ["Genesee Hospitals Group"]


# The job titles are searched as text computed from two columns: only a backend with an index holds that text.
@pytest.mark.search_capability("index")
def test_words_match_job_titles(client, employers):
    assert result_names(client.get("/employers/", {"q": "coordinator"}).content.decode()) == ["Brooklyn Care Network"]


def test_region_and_hiring_filters_with_facet_counts(client, employers):
    html = client.get("/employers/", {"region": "new-york-city"}).content.decode()
    assert result_names(html) == ["Brooklyn Care Network", "Harlem Community Hospital", "Midtown Health Home"]
    assert '<label for="setting-hospital">Hospital <span class="filter-count">(1)</span></label>' in html
    assert 'value="new-york-city" selected>New York City (3)</option>' in html
    assert "Finger Lakes (1)" in html  # the region facet ignores the region filter itself
    html = client.get("/employers/", {"region": "new-york-city", "hiring": "1"}).content.decode()
    assert "Harlem Community Hospital" not in result_names(html)
    assert 'Hiring now <span class="filter-count">(2)</span>' in html


def test_sort_by_name_and_recently_verified(client, employers):
    import datetime

    employers["albany"].last_verified = datetime.date(2026, 11, 1)
    employers["albany"].save()
    html = client.get("/employers/", {"sort": "verified"}).content.decode()
    assert result_names(html)[0] == "Albany Care Partners"
    html = client.get("/employers/", {"near": "10001", "radius": "250", "sort": "name"}).content.decode()
    assert result_names(html)[0] == "Albany Care Partners"


def test_empty_state_offers_ways_to_widen(client, employers):
    html = client.get("/employers/", {"near": "13601", "radius": "5", "setting": "fqhc"}).content.decode()
    assert "0 employers" in html
    assert "Search within 10 miles" in html
    assert "Any care setting" in html
    assert "Anywhere in New York" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"near": "abcde"}, "Enter a 5-digit ZIP code, such as 12207."),
        ({"near": "00000"}, "We couldn&#x27;t find the ZIP code 00000. Check it and try again."),
        ({"near": "1" * 500}, "Enter a 5-digit ZIP code, such as 12207."),
        ({"near": "10001", "radius": "-5"}, "greater than or equal to 1"),
        ({"near": "10001", "radius": "lots"}, "Enter a whole number"),
        ({"near": "10001", "radius": "99999"}, "less than or equal to 250"),
        ({"setting": "spaceship"}, "Select a valid choice"),
        ({"region": "atlantis"}, "Select a valid choice"),
        ({"sort": "random"}, "Select a valid choice"),
        ({"sort": "distance"}, "Enter a ZIP code to sort by distance"),
        ({"q": "x" * 500}, "at most 200 characters"),
    ],
)
def test_bad_input_gives_a_clear_message_not_a_500(client, employers, params, message):
    response = client.get("/employers/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Some of your search could not be used" in html
    assert "Midtown Health Home" in html  # the valid rest of the search still shows results


@pytest.mark.parametrize("page", ["x", "-1", "0", "99999", "1.5", "%00"])
def test_bad_page_numbers_show_a_valid_page(client, employers, page):
    response = client.get("/employers/", {"page": page})
    assert response.status_code == 200
    assert "Midtown Health Home" in response.content.decode() or "Albany Care Partners" in response.content.decode()


def test_odd_query_strings_never_500(client, employers):
    for query in ["q=%22%27%3B--", "q=AND+OR+NOT", "q=*", "q=(((", "near=10001&near=12207", "hiring=maybe"]:
        assert client.get(f"/employers/?{query}").status_code == 200


def test_drafts_never_appear_and_detail_is_404(client, employers):
    html = client.get("/employers/", {"q": "hospital", "near": "10001", "radius": "10"}).content.decode()
    assert "Draft Hospital Near Penn" not in html
    assert client.get(f"/employers/{employers['draft'].slug}/").status_code == 404
    assert client.get("/employers/no-such-employer/").status_code == 404


def test_private_fields_never_reach_public_html_or_search(client, employers):
    employer = employers["midtown"]
    pages = [
        client.get("/employers/").content.decode(),
        client.get("/employers/", {"q": "midtown"}).content.decode(),
        client.get(f"/employers/{employer.slug}/").content.decode(),
        client.get("/sitemap.xml").content.decode(),
    ]
    for html in pages:
        for value in PRIVATE_VALUES.values():
            assert value not in html
    # Private values are not in the search index either: searching for them finds nothing.
    for value in ["Privatina", "SECRET-MODERATOR-NOTE", "private-contact"]:
        form = EmployerSearchForm({"q": value})
        assert list(EmployerSearch(form.valid_values()).ordered()) == []


def test_query_count_does_not_grow_with_results(client, directory_page):
    def queries_for(params):
        with CaptureQueriesContext(connection) as context:
            response = client.get("/employers/", params)
        assert response.status_code == 200
        return len(context.captured_queries)

    for index in range(2):
        make_employer(f"Few Care {index}", zip_code="10001")
    params = {"q": "care", "near": "10001", "radius": "25", "setting": "health-home"}
    client.get("/employers/", params)  # warm the caches a running site has (site root paths, synonyms)
    few = queries_for(params)
    for index in range(20):
        make_employer(f"More Care {index}", zip_code="10001")
    client.get("/employers/", params)  # saving employers forgets the section URLs (home/sections.py): warm again
    many = queries_for(params)
    assert few == many
    assert few <= 15


def test_nearest_first_pages_cross_zip_codes_and_share_points(client, directory_page):
    # 10072 and 10098 share one point (0.37 miles from 10001): their rows interleave by name.
    names = {
        "10001": ["Zeta Care", "Alpha Care"],
        "10072": ["Kappa Care", "Beta Care"],
        "10098": ["Gamma Care", "Lambda Care"],
        "10027": [f"Harlem Care {index:02}" for index in range(18)],  # about 4.6 miles
        "12207": ["Albany Care"],  # outside 10 miles
    }
    for zip_code, zip_names in names.items():
        for name in zip_names:
            make_employer(name, zip_code=zip_code)
    first = client.get("/employers/", {"near": "10001", "radius": "10"}).content.decode()
    second = client.get("/employers/", {"near": "10001", "radius": "10", "page": "2"}).content.decode()
    assert "24 employers within 10 miles of 10001" in first
    expected = ["Alpha Care", "Zeta Care", "Beta Care", "Gamma Care", "Kappa Care", "Lambda Care"]
    expected += [f"Harlem Care {index:02}" for index in range(18)]
    assert result_names(first) + result_names(second) == expected
    assert len(result_names(first)) == 20
    assert first.count("<strong>less than 0.1 miles</strong>") == 2
    assert first.count("<strong>0.4 miles</strong>") == 4


def test_facets_near_a_zip_apply_every_other_filter(client, directory_page):
    make_employer("One", zip_code="10001", care_settings=["hospital"], hiring_now=True)
    make_employer("Two", zip_code="10001", care_settings=["hospital", "fqhc"], hiring_now=False)
    make_employer("Three", zip_code="11201", care_settings=["fqhc"], hiring_now=True)
    make_employer("Far", zip_code="12207", care_settings=["hospital"], hiring_now=True)
    values = EmployerSearchForm(QueryDict("near=10001&radius=25&setting=fqhc&hiring=1")).valid_values()
    search = EmployerSearch(values)
    facets = search.facets()
    assert search.total == 1  # Three: fqhc and hiring
    settings = {value: count for value, _label, count in facets.settings}
    assert settings["hospital"] == 1 and settings["fqhc"] == 1  # hiring applies, the setting filter does not
    assert facets.hiring == 1  # fqhc applies: Two is not hiring, Three is
    regions = {value: count for value, _label, count in facets.regions}
    assert regions["new-york-city"] == 1 and regions["capital-region"] == 0


def test_a_broad_statewide_search_says_more_and_ranks_a_sample(client, directory_page, monkeypatch):
    # TEXT_COUNT_CAP is 1,000; three rows stand in for it here.
    monkeypatch.setattr("directory.employers.search.TEXT_COUNT_CAP", 3)
    make_employer("Saint Agnes Hospital", zip_code="10001", care_settings=["hospital"])
    for index in range(4):
        make_employer(f"Care Home {index}", zip_code="12207", description="Next to the county hospital.")
    html = client.get("/employers/", {"q": "hospital"}).content.decode()
    assert "3+ employers" in html
    assert "More than 3 employers match" in html
    assert 'class="filter-count"' not in html  # no facet counts: they would count every match
    names = result_names(html)
    assert len(names) == 3
    if "Saint Agnes Hospital" in names:  # the sample is the first rows found; the name match ranks first in it
        assert names[0] == "Saint Agnes Hospital"
    # A ZIP code narrows it: exact counts again.
    html = client.get("/employers/", {"q": "hospital", "near": "10001", "radius": "10"}).content.decode()
    assert result_names(html) == ["Saint Agnes Hospital"]
    assert "1 employer within 10 miles of 10001" in html
    assert 'Hospital <span class="filter-count">(1)</span>' in html
    # Filters that narrow the list below the cap give its exact total; the facets still show no counts.
    html = client.get("/employers/", {"q": "hospital", "region": "new-york-city"}).content.decode()
    assert result_names(html) == ["Saint Agnes Hospital"]
    assert "1 employer matching" in html
    assert "More than 3 employers match the words before the filters apply" in html
    # Sorted by name, the whole list is in order (no sample), cut to the cap.
    html = client.get("/employers/", {"q": "hospital", "sort": "name"}).content.decode()
    assert result_names(html) == ["Care Home 0", "Care Home 1", "Care Home 2"]


def test_a_search_at_the_cap_counts_exactly(client, directory_page, monkeypatch):
    monkeypatch.setattr("directory.employers.search.TEXT_COUNT_CAP", 3)
    for index in range(3):
        make_employer(f"Hospital {index}", zip_code="12207", care_settings=["hospital"])
    html = client.get("/employers/", {"q": "hospital"}).content.decode()
    assert "3 employers matching" in html
    assert 'Hospital <span class="filter-count">(3)</span>' in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the copy of the index entry is PostgreSQL's")
def test_each_employer_row_follows_its_search_index_entry(client, directory_page):
    def copied(employer):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_title IS NOT NULL, search_body::text FROM directory_employersnippet WHERE id = %s",
                [employer.pk],
            )
            return cursor.fetchone()

    employer = make_employer("Mohawk Valley Care", zip_code="13501")
    has_title, body = copied(employer)
    assert has_title and "'mohawk'" in body
    assert result_names(client.get("/employers/", {"q": "mohawk"}).content.decode()) == ["Mohawk Valley Care"]
    # A new name, published: the copy follows the index entry, the old name no longer matches.
    employer.name = "Utica Harbor Care"
    employer.save_revision().publish()
    assert result_names(client.get("/employers/", {"q": "mohawk"}).content.decode()) == []
    assert "'harbor'" in copied(employer)[1] and "'mohawk'" not in copied(employer)[1]
    assert result_names(client.get("/employers/", {"q": "harbor", "near": "13501"}).content.decode()) == [
        "Utica Harbor Care"
    ]
    # A full save by Django (every model field) leaves the copy alone: it is not a model field.
    EmployerSnippet = type(employer)
    EmployerSnippet.objects.get(pk=employer.pk).save()
    assert copied(employer)[0]
    # Entry removed from the index: the copy goes with it.
    from wagtail.search.backends import get_search_backend

    get_search_backend().delete(employer)
    assert copied(employer) == (False, None)
    assert result_names(client.get("/employers/", {"q": "harbor"}).content.decode()) == []


def test_best_match_ranks_every_match_once_across_pages(client, directory_page):
    make_employer("Care Home West", zip_code="12207", description="Beside the county hospital.")
    make_employer("Mercy Hospital", zip_code="12207", description="Care management for adults.")
    make_employer("Care Home East", zip_code="12207", description="Near a hospital, and a hospital outreach team.")
    names = result_names(client.get("/employers/", {"q": "hospital"}).content.decode())
    assert set(names) == {"Mercy Hospital", "Care Home West", "Care Home East"}
    if connection.vendor == "postgresql":
        # Wagtail's PostgreSQL ranking weighs the name (boost 3) above the description. SQLite's FTS5 ranks by
        # how often the words occur (bm25, no field boosts), as Wagtail's SQLite backend does.
        assert names[0] == "Mercy Hospital"
    for index in range(20):
        make_employer(f"Hospital Annex {index:02}", zip_code="12207")
    first = result_names(client.get("/employers/", {"q": "hospital"}).content.decode())
    second = result_names(client.get("/employers/", {"q": "hospital", "page": "2"}).content.decode())
    assert len(first) == 20 and len(second) == 3
    assert set(first) | set(second) == {f"Hospital Annex {index:02}" for index in range(20)} | set(names)
    if connection.vendor == "postgresql":
        assert second[-1] in {"Care Home West", "Care Home East"}  # description-only matches rank last


def test_a_broad_search_near_a_zip_caps_its_counts_and_still_pages_nearest_first(client, directory_page, monkeypatch):
    # NEAR_COUNT_CAP is 10,000; three rows stand in for it here, and pages of two rows for twenty.
    monkeypatch.setattr("directory.employers.search.NEAR_COUNT_CAP", 3)
    monkeypatch.setattr("directory.employers.views.RESULTS_PER_PAGE", 2)
    make_employer("Penn Care B", zip_code="10001", care_settings=["hospital"])
    make_employer("Penn Care A", zip_code="10001", care_settings=["hospital"])
    make_employer("Harlem Care", zip_code="10027", care_settings=["fqhc"])
    make_employer("Harlem Clinic", zip_code="10027", care_settings=["fqhc"], hiring_now=False)
    make_employer("Brooklyn Care", zip_code="11201", care_settings=["behavioral-health"], hiring_now=False)
    params = {"near": "10001", "radius": "10"}
    first = client.get("/employers/", params).content.decode()
    second = client.get("/employers/", {**params, "page": "2"}).content.decode()
    assert "3+ employers within 10 miles of 10001" in first
    assert "More than 3 employers are within 10 miles" in first
    assert result_names(first) + result_names(second) == ["Penn Care A", "Penn Care B", "Brooklyn Care"]
    assert 'Hiring now <span class="filter-count">(3)</span>' in first  # three of the five are hiring: not capped
    assert 'value="new-york-city">New York City (3+)</option>' in first
    assert '<label for="setting-hospital">Hospital</label>' in first  # no care setting counts
    # A filter that leaves fewer than the cap: its exact total; the facets stay capped.
    html = client.get("/employers/", {**params, "hiring": "1"}).content.decode()
    assert "3 employers within 10 miles of 10001" in html
    assert result_names(html) == ["Penn Care A", "Penn Care B"]
    html = client.get("/employers/", {**params, "setting": "behavioral-health"}).content.decode()
    assert "1 employer within 10 miles of 10001" in html
    assert result_names(html) == ["Brooklyn Care"]
    # Under the cap (a smaller radius): exact counts, every facet.
    html = client.get("/employers/", {"near": "10001", "radius": "1"}).content.decode()
    assert "2 employers within 1 miles of 10001" in html
    assert 'Hospital <span class="filter-count">(2)</span>' in html


def test_words_near_a_zip_count_exactly_up_to_the_cap_and_say_more_beyond(client, directory_page, monkeypatch):
    # With words the cap is TEXT_COUNT_CAP (1,000); three rows stand in for it. One read of the first cap + 1 matches
    # gives the counts.
    monkeypatch.setattr("directory.employers.search.TEXT_COUNT_CAP", 3)
    make_employer("Penn Hospital", zip_code="10001", care_settings=["hospital"])
    make_employer("Harlem Hospital", zip_code="10027", care_settings=["hospital", "fqhc"], hiring_now=False)
    make_employer("Brooklyn Hospital", zip_code="11201", care_settings=["fqhc"])
    make_employer("Penn Clinic", zip_code="10001", care_settings=["fqhc"])  # no match for the words
    params = {"q": "hospital", "near": "10001", "radius": "10"}
    html = client.get("/employers/", params).content.decode()
    assert "3 employers within 10 miles of 10001" in html
    assert sorted(result_names(html)) == ["Brooklyn Hospital", "Harlem Hospital", "Penn Hospital"]
    assert 'Hospital <span class="filter-count">(2)</span>' in html
    assert 'Hiring now <span class="filter-count">(2)</span>' in html
    html = client.get("/employers/", {**params, "setting": "fqhc"}).content.decode()
    assert "2 employers within 10 miles of 10001" in html
    assert 'Hospital <span class="filter-count">(2)</span>' in html  # the setting filter spares its own facet
    make_employer("Chelsea Hospital", zip_code="10011")
    html = client.get("/employers/", params).content.decode()
    assert "3+ employers within 10 miles of 10001" in html
    assert "More than 3 employers are within 10 miles" in html
    assert '<label for="setting-hospital">Hospital</label>' in html  # no care setting counts beyond the cap


def test_a_care_setting_near_a_zip_counts_up_to_the_lower_cap(client, directory_page, monkeypatch):
    # A setting is checked on each row counted (no index serves it), so it caps the count as words do: at
    # TEXT_COUNT_CAP (1,000; two rows stand in for it), not NEAR_COUNT_CAP.
    monkeypatch.setattr("directory.employers.search.TEXT_COUNT_CAP", 2)
    for name in ("Penn Hospital", "Chelsea Hospital", "Harlem Hospital"):
        make_employer(name, zip_code="10001", care_settings=["hospital"])
    make_employer("Penn Clinic", zip_code="10001", care_settings=["fqhc"])
    params = {"near": "10001", "radius": "10"}
    assert "4 employers within 10 miles of 10001" in client.get("/employers/", params).content.decode()
    html = client.get("/employers/", {**params, "setting": "hospital"}).content.decode()
    assert "2+ employers within 10 miles of 10001" in html
    assert len(result_names(html)) == 2  # the pages stop at the cap, as for every capped count
