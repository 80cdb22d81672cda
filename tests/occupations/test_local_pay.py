"""Local pay on the career page: the figures against the data, the area chooser, the visitor's ZIP, the shared
scale, the table, JSON-LD, the page cache and the query count."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.cache import cache

from career_pages.models import CareerPage
from occupations.areas import area_code_for_zip
from occupations.models import Occupation, Wage, WageArea
from occupations.pay import PAY_SCALE_MAX, LocalPay, OccupationPay
from tests.career_pages.factories import CareerPageFactory

pytestmark = pytest.mark.django_db


def role(name, *codes, pay_min="16", pay_max="38", period="hour"):
    return {
        "role": name,
        "education": "GED",
        "pay_min": pay_min,
        "pay_max": pay_max,
        "pay_period": period,
        "occupations": [Occupation.objects.get(pk=code) for code in codes],
    }


def make_career(parent, roles, **kwargs):
    page = CareerPageFactory(parent=parent, **kwargs)
    body = [("section", {"heading": "Quick Facts", "content": [("quick_facts", {"checklist": [], "roles": roles})]})]
    page.body = CareerPage.body.field.stream_block.normalize(body)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def career(career_index, sample_wages):
    return make_career(
        career_index,
        [role("Care Coordinators", "21-1094", "21-1093"), role("Care Managers", "21-1022", "29-1141")],
        title="Care Coordination",
    )


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def occupation_items(soup):
    return {
        item.select_one(".local-pay__title").get_text(" ", strip=True): item
        for item in soup.select(".local-pay__occupation")
    }


def test_statewide_figures_by_default_match_the_bls_file(client, career):
    soup = soup_of(client.get(career.url))
    assert soup.select_one(".local-pay__heading").get_text() == "What BLS reports in New York State"
    chw = occupation_items(soup)["Community Health Workers (SOC 21-1094)"]
    text = chw.get_text(" ", strip=True)
    assert "Median $27.95 an hour ($58,130 a year)" in text
    assert "10th-90th percentile $21.30 - $42.30 an hour ($44,310 - $87,980 a year)" in text
    assert "Employed 5,800" in text
    assert "BLS OEWS, May 2025" in soup.select_one(".local-pay__source").get_text()
    # The client's typed range stays as written beside it.
    assert "$16 - $38 per hour" in soup.get_text()


def test_choosing_an_area_shows_its_figures(client, career):
    soup = soup_of(client.get(career.url, {"area": "10580"}))
    assert soup.select_one(".local-pay__heading").get_text() == "What BLS reports in Albany-Schenectady-Troy, NY"
    text = occupation_items(soup)["Community Health Workers (SOC 21-1094)"].get_text(" ", strip=True)
    assert "Median $29.62 an hour ($61,610 a year)" in text
    assert soup.select_one("select[name=area] option[selected]")["value"] == "10580"


def test_the_area_chooser_is_a_plain_get_form_of_every_ny_area(client, career):
    soup = soup_of(client.get(career.url))
    form = soup.select_one("form.pay-area")
    assert form["method"] == "get"
    select = form.select_one("select[name=area]")
    assert soup.select_one(f"label[for={select['id']}]")
    assert form.select_one("button[type=submit]")
    options = [option.get_text() for option in select.select("option")]
    # Statewide first, then the metropolitan, then the nonmetropolitan areas; not the nation.
    assert options == [
        "New York State",
        "Albany-Schenectady-Troy, NY",
        "New York-Newark-Jersey City, NY-NJ",
        "Capital/Northern New York nonmetropolitan area",
    ]


def test_the_full_release_offers_statewide_13_metro_and_3_nonmetro_areas():
    from occupations.demo import load_oews
    from occupations.pay import chooser_areas

    load_oews()
    kinds = [area.kind for area in chooser_areas()]
    assert (kinds.count("state"), kinds.count("metro"), kinds.count("nonmetro"), len(kinds)) == (1, 13, 3, 17)


@pytest.mark.parametrize("area", ["99", "nope", "", "10580' OR 1=1", "x" * 5000])
def test_a_bad_area_says_so_and_shows_statewide(client, career, area):
    soup = soup_of(client.get(career.url, {"area": area}))
    assert "We have no BLS figures for that area" in soup.select_one(".pay-area__error").get_text()
    assert soup.select_one(".local-pay__heading").get_text() == "What BLS reports in New York State"


def test_a_figure_bls_did_not_publish_reads_not_published(client, career):
    Wage.objects.filter(occupation_id="21-1094", area_id="36").update(
        h_median=None, a_median=None, h_pct10=None, a_pct10=None, markers={"h_median": "*", "a_median": "*"}
    )
    Wage.objects.filter(occupation_id="21-1093", area_id="36").delete()
    items = occupation_items(soup_of(client.get(career.url)))
    chw = items["Community Health Workers (SOC 21-1094)"].get_text(" ", strip=True)
    assert "Not published by BLS" in chw and "$0" not in chw
    assert "Not published by BLS" in items["Social and Human Service Assistants (SOC 21-1093)"].get_text()


def test_the_bars_are_drawn_on_the_shared_scale_with_the_median_marked(client, career):
    soup = soup_of(client.get(career.url))
    bar = occupation_items(soup)["Registered Nurses (SOC 29-1141)"].select_one("svg.pay-bar")
    assert bar["aria-hidden"] == "true"
    # Statewide RN: 10th $79,760, median $109,440, 90th $157,090 on $0-$240,000: 33.2% to 65.5%.
    assert PAY_SCALE_MAX == 240_000
    assert bar.select_one(".pay-bar__range")["x"] == "33.2"
    assert bar.select_one(".pay-bar__range")["width"] == "32.3"
    assert bar.select_one(".pay-bar__median")["x"] == "45.6"


def test_two_careers_with_the_same_occupation_draw_the_same_bar(client, career_index, sample_wages):
    one = make_career(career_index, [role("A", "21-1094")], title="One", slug="one")
    two = make_career(
        career_index, [role("B", "21-1094", pay_min="90000", pay_max="200000", period="year")], title="Two", slug="two"
    )

    def bar(page):
        return str(soup_of(client.get(page.url)).select_one(".local-pay svg"))

    assert bar(one) == bar(two)


def test_a_wage_beyond_the_scale_reaches_the_end_and_says_so():
    occupation = Occupation(soc_code="11-9111", title="Managers")
    wage = Wage(a_pct10=100000, a_median=200000, a_pct90=400000)
    item = OccupationPay(occupation, wage, WageArea(code="36", title="New York", kind="state"), None)
    assert item.bar == {"median": 83.3, "beyond": True, "start": 41.7, "width": 58.3}


def test_top_coded_figures_read_or_more():
    wage = Wage(h_median="115.00", a_median=239200, markers={"h_median": "#", "a_median": "#"})
    item = OccupationPay(Occupation(soc_code="29-1215", title="Surgeons"), wage, WageArea(kind="state"), None)
    assert item.median_hourly == "$115.00 or more an hour"
    assert item.median_annual == "$239,200 or more a year"


def test_the_table_view_has_every_figure(client, career):
    table = soup_of(client.get(career.url)).select_one(".local-pay-table table")
    assert "BLS OEWS, May 2025, New York State" in table.caption.get_text()
    rows = {row.th.get_text(strip=True): row for row in table.select("tbody tr")}
    assert list(rows) == [
        "Community Health Workers (SOC 21-1094)",
        "Social and Human Service Assistants (SOC 21-1093)",
        "Healthcare Social Workers (SOC 21-1022)",
        "Registered Nurses (SOC 29-1141)",
    ]
    cells = [td.get_text(" ", strip=True) for td in rows["Community Health Workers (SOC 21-1094)"].select("td")]
    assert cells == [
        "Care Coordinators",
        "5,800",
        "$21.30 an hour $44,310 a year",
        "$24.21 an hour $50,350 a year",
        "$27.95 an hour $58,130 a year",
        "$33.84 an hour $70,390 a year",
        "$42.30 an hour $87,980 a year",
        "$29.88 an hour $62,140 a year",
    ]


def test_a_page_without_occupations_shows_no_bls_block(client, career_index, sample_wages):
    page = make_career(career_index, [role("A")], title="Plain", slug="plain")
    soup = soup_of(client.get(page.url))
    assert not soup.select(".local-pay") and not soup.select("form.pay-area")


def test_without_any_release_the_page_still_renders(client, career_index, sample_wages):
    page = make_career(career_index, [role("A", "21-1094")], title="X", slug="x")
    from occupations.models import OewsRelease

    OewsRelease.objects.all().delete()
    cache.clear()
    soup = soup_of(client.get(page.url))
    assert not soup.select(".local-pay")


# --- ZIP -> area ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "zip_code, area",
    [
        ("12207", "10580"),  # Albany County
        ("10001", "35620"),  # New York County
        ("14201", "15380"),  # Erie County
        ("12901", "36"),  # Clinton County: in no metro area, so statewide
        ("07030", "36"),  # Hoboken, New Jersey: outside the state
        ("00000", "36"),  # no such ZIP
        ("abc", "36"),
        ("", "36"),
    ],
)
def test_zip_to_area_with_statewide_fallback(zip_code, area):
    assert area_code_for_zip(zip_code) == area


def signed_in_with_zip(client, zip_code):
    from accounts.models import Profile

    user = get_user_model().objects.create_user("visitor", "visitor@example.com", "x-long-password-1")
    Profile.objects.create(user=user, home_zip=zip_code)
    client.force_login(user)
    return user


def test_a_signed_in_visitor_sees_their_home_area_by_default(client, career):
    signed_in_with_zip(client, "12207")
    response = client.get(career.url)
    soup = soup_of(response)
    assert soup.select_one(".local-pay__heading").get_text() == "What BLS reports in Albany-Schenectady-Troy, NY"
    assert "area of your home ZIP code" in soup.select_one(".pay-area__note").get_text()
    # The ZIP itself is not written on the page.
    assert "12207" not in response.content.decode()
    assert response["X-Page-Cache"] == "skip"


def test_a_visitor_outside_the_metro_areas_sees_statewide_and_why(client, career):
    signed_in_with_zip(client, "12901")
    soup = soup_of(client.get(career.url))
    assert soup.select_one(".local-pay__heading").get_text() == "What BLS reports in New York State"
    assert "not in one of the metropolitan areas" in soup.select_one(".pay-area__note").get_text()


def test_a_chosen_area_wins_over_the_home_zip(client, career):
    signed_in_with_zip(client, "12207")
    soup = soup_of(client.get(career.url, {"area": "35620"}))
    assert "New York-Newark-Jersey City" in soup.select_one(".local-pay__heading").get_text()


# --- Page cache ----------------------------------------------------------------------------------


def test_an_area_page_is_never_stored_or_served_from_the_page_cache(client, career, settings):
    settings.PAGE_CACHE_ENABLED = True
    statewide = client.get(career.url)
    assert statewide["X-Page-Cache"] == "miss"
    assert client.get(career.url)["X-Page-Cache"] == "hit"
    albany = client.get(career.url, {"area": "10580"})
    assert albany["X-Page-Cache"] == "skip"
    assert "Albany" in soup_of(albany).select_one(".local-pay__heading").get_text()
    # ...and did not replace the statewide copy.
    again = client.get(career.url)
    assert again["X-Page-Cache"] == "hit"
    assert "New York State" in soup_of(again).select_one(".local-pay__heading").get_text()


# --- JSON-LD -------------------------------------------------------------------------------------


def json_ld(response):
    return json.loads(soup_of(response).find("script", type="application/ld+json").string)


def test_json_ld_has_the_soc_codes_and_the_bls_distribution_for_the_chosen_area(client, career):
    data = json_ld(client.get(career.url, {"area": "10580"}))
    assert data["occupationalCategory"] == ["21-1094", "21-1093", "21-1022", "29-1141"]
    typed, bls = data["estimatedSalary"][:2], data["estimatedSalary"][2:]
    assert [salary["name"] for salary in typed] == ["Care Coordinators", "Care Managers"]
    assert bls[0] == {
        "@type": "MonetaryAmountDistribution",
        "name": "Community Health Workers (SOC 21-1094), Albany-Schenectady-Troy, NY, BLS OEWS, May 2025",
        "currency": "USD",
        "duration": "P1Y",
        "percentile10": 39480,
        "percentile25": 49980,
        "median": 61610,
        "percentile75": 80160,
        "percentile90": 93400,
    }
    assert len(bls) == 4


def test_json_ld_leaves_out_what_bls_did_not_publish(client, career):
    Wage.objects.filter(occupation_id="21-1094", area_id="36").update(a_pct90=None, markers={"a_pct90": "*"})
    chw = json_ld(client.get(career.url))["estimatedSalary"][2]
    assert "percentile90" not in chw and chw["median"] == 58130


# --- Bounded work ---------------------------------------------------------------------------------


def test_the_page_query_count_does_not_grow_with_occupations_or_areas(client, career_index, sample_wages):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = make_career(career_index, [role("A", "21-1094")], title="Small", slug="small")
    codes = ["21-1094", "21-1093", "21-1022", "29-1141"]
    big = make_career(career_index, [role(f"R{i}", *codes) for i in range(4)], title="Big", slug="big")

    def count(url, **params):
        client.get(url, params)  # warm the caches every page shares
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        return len(queries)

    # Without a query string the body and JSON-LD come from the cache; with ?area= they are drawn.
    baseline = count(small.url)
    assert count(big.url) == baseline
    drawn = count(small.url, area="10580")
    assert drawn > baseline  # the ?area= page is really drawn, not served from the cached body
    assert count(big.url, area="10580") == drawn
    assert count(big.url, area="36") == drawn
    # More areas and occupations in the database change nothing either.
    WageArea.objects.bulk_create([WageArea(code=str(90000 + i), title=f"A{i}", kind="metro", area_type=4,
                                           state="NY") for i in range(30)])  # fmt: skip
    cache.clear()
    assert count(big.url) == baseline
    assert count(big.url, area="10580") == drawn


def test_local_pay_fetches_every_wage_in_one_query(django_assert_num_queries, sample_wages):
    LocalPay.build([], area_code="36")  # the areas and release, cached
    with django_assert_num_queries(1):
        pay = LocalPay.build(["21-1094", "21-1093", "21-1022", "29-1141"], area_code="10580")
    assert set(pay.wages) == {"21-1094", "21-1093", "21-1022", "29-1141"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_of_changed_wages_shows_at_once_where_the_body_was_cached(client, career, tmp_path, settings):
    from occupations.importing import import_oews
    from tests.occupations.conftest import shipped_rows, write_csv

    settings.PAGE_CACHE_ENABLED = False
    first = soup_of(client.get(career.url))
    assert "Median $27.95 an hour" in occupation_items(first)["Community Health Workers (SOC 21-1094)"].get_text(
        " ", strip=True
    )
    rows = shipped_rows()
    for row in rows:
        if row["OCC_CODE"] == "21-1094" and row["AREA"] == "36":
            row["H_MEDIAN"] = "30.05"
    import_oews(write_csv(tmp_path / "oews-corrected.csv", rows), year=2025)
    again = soup_of(client.get(career.url))
    assert "Median $30.05 an hour" in occupation_items(again)["Community Health Workers (SOC 21-1094)"].get_text(
        " ", strip=True
    )
