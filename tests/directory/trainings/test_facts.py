"""The facts people choose a training by: outcomes, itemised costs, funding, entry requirement, start date,
support; on the page, in the cards, the search filters and facets, the CSV import and the API."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from directory.trainings.models import TrainingPage, facet_bits
from tests.api.conftest import api_client, get_json  # noqa: F401

from .factories import create_trainings
from .helpers import site_pages  # noqa: F401
from .test_import import GOOD, run_import, write_csv
from .test_search import heading, result_titles

pytestmark = pytest.mark.django_db
LISTING = "/api/v2/pages/?type=trainings.TrainingPage"


def soon(days):
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def programs(site_pages):  # noqa: F811
    return create_trainings(
        [
            {  # free, no diploma, childcare and transit, starts soon
                "title": "Community Health Worker",
                "cost": 0,
                "entry_requirement": "none",
                "support_services": ["childcare", "transit"],
                "next_start": soon(20),
            },
            {  # WIOA-eligible, needs a GED, transit, starts in half a year
                "title": "Medical Assistant",
                "cost": 3000,
                "funding": ["wioa", "financial-aid"],
                "entry_requirement": "high-school",
                "support_services": ["transit"],
                "next_start": soon(180),
            },
            {  # employer-paid (fully funded), needs an RN licence
                "title": "Care Manager Residency",
                "cost": 5000,
                "funding": ["employer-paid"],
                "entry_requirement": "licence",
                "next_start": soon(60),
            },
            {"title": "Unreported Program", "cost": None},  # nothing reported
        ]
    )


def test_page_shows_every_new_fact_and_derives_the_total(client, site_pages):  # noqa: F811
    (training,) = create_trainings(
        [
            {
                "title": "Phlebotomy Technician",
                "cost": None,
                "tuition": Decimal("1200"),
                "fees": Decimal("150.50"),
                "books_supplies": Decimal("80"),
                "exam_fees": Decimal("0"),
                "funding": ["wioa", "apprenticeship"],
                "entry_requirement": "high-school",
                "prerequisites": "Background check",
                "next_start": soon(30),
                "support_services": ["wheelchair", "job-placement"],
                "employment_rate_q2": 71,
                "employment_rate_q4": 78,
                "median_earnings": Decimal("9800"),
                "median_earnings_period": "quarterly",
                "completers": 1240,
                "outcomes_period": "Exited 2023",
                "outcomes_source": "Demo source",
                "outcomes_are_demo": True,
            }
        ]
    )
    assert training.cost == Decimal("1430.50")  # the itemised costs' sum
    html = client.get(training.url).content.decode()
    for text in [
        "<dt>Total cost</dt><dd>$1,430.50</dd>",
        "<dt>Tuition</dt><dd>$1,200</dd>",
        "<dt>Fees</dt><dd>$150.50</dd>",
        "<dt>Exam or licence fees</dt><dd>$0</dd>",
        "WIOA-eligible (on the ETPL), Earn while you learn (apprenticeship)",
        "<dt>Minimum education or licence</dt><dd>High-school diploma or GED</dd>",
        "Background check",
        "Wheelchair accessible, Job placement help",
        "<dt>Employed 2 quarters after exit</dt><dd>71%</dd>",
        "<dt>Employed 4 quarters after exit</dt><dd>78%</dd>",
        "<dt>Median earnings</dt><dd>$9,800 a quarter</dd>",
        "<dt>Completers</dt><dd>1,240</dd>",
        "Exited 2023",
        "Demo data:",
        "They are not real.",
    ]:
        assert text in html, text
    assert "outcomes" not in html.split('class="training-detail__not-reported">')[1].split("</p>")[0]


def test_facet_bits_hold_every_option_and_follow_the_training(programs):
    """The search filters and counts the ways to pay and the support services by `facet_bits`: one bit per
    option, set on save from the fields an editor or an import changes."""
    from directory.trainings.models import (
        FULLY_FUNDED_BIT,
        FUNDING_BITS,
        SUPPORT_BITS,
        Funding,
        SupportService,
    )

    assert set(FUNDING_BITS) == set(Funding.values) and set(SUPPORT_BITS) == set(SupportService.values)
    bits = [FULLY_FUNDED_BIT, *FUNDING_BITS.values(), *SUPPORT_BITS.values()]
    assert len(set(bits)) == len(bits) and all(bit & (bit - 1) == 0 for bit in bits)  # distinct single bits
    free, assistant, residency, unreported = programs
    assert free.facet_bits == FULLY_FUNDED_BIT | SUPPORT_BITS["childcare"] | SUPPORT_BITS["transit"]
    assert assistant.facet_bits == FUNDING_BITS["wioa"] | FUNDING_BITS["financial-aid"] | SUPPORT_BITS["transit"]
    assert residency.facet_bits == FULLY_FUNDED_BIT | FUNDING_BITS["employer-paid"]  # employer-paid: fully funded
    assert unreported.facet_bits == 0
    assistant.funding, assistant.support_services = ["apprenticeship"], []
    assistant.save_revision().publish()
    assistant.refresh_from_db()
    assert assistant.facet_bits == FUNDING_BITS["apprenticeship"]


def test_facet_code_holds_every_option_of_the_single_valued_facets(programs):
    from directory.trainings.models import FACET_CODE_BITS, FACET_CODES, facet_code

    for field, (shift, codes) in FACET_CODES.items():
        choices = TrainingPage._meta.get_field(field).choices
        assert set(codes) == {value for value, _label in choices if value}, field
        assert len(set(codes.values())) == len(codes) and min(codes.values()) > 0  # 0 is "empty"
        assert max(codes.values()) < 1 << FACET_CODE_BITS and shift % FACET_CODE_BITS == 0
    assistant = programs[1]
    for training in programs:
        code = training.facet_code
        for field, (shift, codes) in FACET_CODES.items():
            assert (code >> shift) & ((1 << FACET_CODE_BITS) - 1) == codes.get(getattr(training, field), 0)
    assert assistant.facet_code == facet_code(
        {
            "credential": assistant.credential,
            "delivery_format": assistant.delivery_format,
            "schedule": assistant.schedule,
            "entry_requirement": "high-school",
        }
    )
    assert (assistant.facet_code >> FACET_CODES["entry_requirement"][0]) & 15 == 2  # high-school
    assistant.entry_requirement = "bachelor"
    assistant.save_revision().publish()
    assistant.refresh_from_db()
    assert (assistant.facet_code >> FACET_CODES["entry_requirement"][0]) & 15 == 4


def test_migration_sets_the_facet_columns_of_trainings_saved_before(programs):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("directory.trainings.migrations.0004_training_facet_bits_and_code")
    expected = {
        pk: (bits, code) for pk, bits, code in TrainingPage.objects.values_list("pk", "facet_bits", "facet_code")
    }
    TrainingPage.objects.update(facet_bits=0, facet_code=0)  # as the columns were added: before any training had them
    migration.fill_facet_columns(apps, None)
    filled = TrainingPage.objects.values_list("pk", "facet_bits", "facet_code")
    assert {pk: (bits, code) for pk, bits, code in filled} == expected
    assert all(bits for bits, _code in list(expected.values())[:3]) and all(code for _bits, code in expected.values())


def test_missing_figures_read_not_reported_never_zero(client, programs):
    html = client.get(programs[3].url).content.decode()
    assert "Employed" not in html and "$0" not in html and "0%" not in html
    line = html.split('class="training-detail__not-reported">')[1].split("</p>")[0]
    assert line.startswith("Not reported: ")
    for label in ["total cost", "ways to pay", "minimum education or licence", "next start date", "outcomes"]:
        assert label in line


def test_real_outcomes_are_not_called_demo(client, site_pages):  # noqa: F811
    (training,) = create_trainings([{"title": "Real", "employment_rate_q4": 80, "outcomes_source": "NYS DOL"}])
    html = client.get(training.url).content.decode()
    assert "<dt>Employed 4 quarters after exit</dt><dd>80%</dd>" in html and "Demo data" not in html


def card_of(html, title):
    (card,) = [part for part in html.split('<article class="training-card">')[1:] if f">{title}<" in part]
    return card.split("</article>")[0]


def test_cards_leave_out_missing_facts_and_show_the_new_ones(client, programs):
    html = client.get("/trainings/").content.decode()
    bare = card_of(html, "Unreported Program")
    assert "Not reported" not in bare and "<dt>Cost</dt>" not in bare
    assistant = card_of(html, "Medical Assistant")
    assert "<dt>Funding</dt><dd>WIOA-eligible (on the ETPL), Financial aid</dd>" in assistant
    assert "<dt>Can start with</dt><dd>High-school diploma or GED</dd>" in assistant
    assert "<dt>Next start</dt>" in assistant


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"funding": "free"}, ["Care Manager Residency", "Community Health Worker"]),
        ({"funding": "wioa"}, ["Medical Assistant"]),
        ({"funding": ["free", "wioa"]}, ["Care Manager Residency", "Community Health Worker", "Medical Assistant"]),
        ({"start_with": "none"}, ["Community Health Worker"]),
        ({"start_with": "high-school"}, ["Community Health Worker", "Medical Assistant"]),
        ({"start_with": "bachelor"}, ["Community Health Worker", "Medical Assistant"]),
        ({"start_with": "licence"}, ["Care Manager Residency", "Community Health Worker", "Medical Assistant"]),
        ({"support": "transit"}, ["Community Health Worker", "Medical Assistant"]),
        ({"support": ["transit", "childcare"]}, ["Community Health Worker"]),
        ({"starts": "3months"}, ["Care Manager Residency", "Community Health Worker"]),
        ({"starts": "3months", "funding": "wioa"}, []),
    ],
)
def test_new_filters(client, programs, params, expected):
    response = client.get("/trainings/", params)
    assert sorted(result_titles(response)) == expected


def facet_counts(html, name):
    return dict(
        re.findall(
            rf'name="{name}" value="([^"]+)"[^>]*>\s*<label[^>]*>[^<]*<span class="filter-count">\((\d+)\)', html
        )
    )


def test_new_facet_counts(client, programs):
    html = client.get("/trainings/", {"support": "transit"}).content.decode()
    # Funding counts apply every other filter (transit): free 1 (the health worker), WIOA 1.
    assert facet_counts(html, "funding") == {"free": "1", "wioa": "1", "financial-aid": "1"}
    # Support options narrow together: ticking childcare as well would leave 1.
    assert facet_counts(html, "support") == {"transit": "2", "childcare": "1"}
    assert facet_counts(html, "starts") == {"3months": "1"}
    options = dict(re.findall(r'<option value="([a-z-]+)"[^>]*>[^<(]*\((\d+)\)</option>', html))
    # "Programs I can start with" adds up along the ladder.
    assert (options["none"], options["high-school"], options["licence"]) == ("1", "2", "2")


def test_filters_are_kept_in_page_links_and_the_reasons_say_why(client, site_pages):  # noqa: F811
    create_trainings(
        [
            {"title": f"Aide {n:02d}", "cost": 0, "entry_requirement": "high-school", "funding": ["wioa"]}
            for n in range(22)
        ]
    )
    response = client.get("/trainings/", {"funding": "wioa", "start_with": "high-school", "near": "12207"})
    html = response.content.decode()
    assert "funding=wioa" in html.split('rel="next"')[0].rsplit("href=", 1)[1]
    assert "start_with=high-school" in html.split('rel="next"')[0].rsplit("href=", 1)[1]
    assert "Why it matches: </span>Starts with a diploma or GED · WIOA-eligible · 0.0 miles away" in html
    assert heading(response).startswith("22 trainings")


def test_bad_new_filter_values_are_ignored_with_a_notice(client, programs):
    response = client.get("/trainings/", {"funding": "lottery", "start_with": "phd", "support": "x", "starts": "9"})
    assert response.status_code == 200
    html = response.content.decode()
    for notice in ["Unknown funding option", "Unknown education or licence", "Unknown support service", "start date"]:
        assert notice in html
    assert len(result_titles(response)) == 4


FACT_COLUMNS = {
    "tuition": "1000",
    "fees": "200",
    "books_supplies": "50.25",
    "exam_fees": "",
    "funding": "WIOA; financial aid",
    "entry_requirement": "GED",
    "prerequisites": "Vaccinations",
    "next_start": "2027-02-01",
    "support_services": "Childcare;transit",
    "employment_rate_q2": "70%",
    "employment_rate_q4": "75",
    "median_earnings": "9000",
    "median_earnings_period": "quarterly",
    "completers": "120",
    "outcomes_period": "Exited 2023",
    "outcomes_source": "NYS DOL ETPL outcomes",
    "outcomes_are_demo": "no",
}


def test_import_reads_every_new_column_and_twice_changes_nothing(tmp_path, site_pages):  # noqa: F811
    path = write_csv(tmp_path, [{**GOOD, "cost": "", **FACT_COLUMNS}])
    run_import(path)
    training = TrainingPage.objects.get()
    assert training.cost == Decimal("1250.25") and training.exam_fees is None
    assert training.funding == ["wioa", "financial-aid"]
    assert training.entry_requirement == "high-school"
    assert training.support_services == ["childcare", "transit"]
    assert training.facet_bits == facet_bits(False, ["wioa", "financial-aid"], ["childcare", "transit"])
    assert str(training.next_start) == "2027-02-01"
    assert (training.employment_rate_q2, training.employment_rate_q4, training.completers) == (70, 75, 120)
    assert training.median_earnings == 9000 and training.median_earnings_period == "quarterly"
    assert training.outcomes_source == "NYS DOL ETPL outcomes" and not training.outcomes_are_demo
    out, _ = run_import(path)
    assert "1 unchanged" in out


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"employment_rate_q2": "120"}, "employment_rate_q2: “120” is not a percentage"),
        ({"funding": "lottery"}, "funding: unknown funding “lottery”"),
        ({"entry_requirement": "phd"}, "entry_requirement: unknown entry requirement"),
        ({"support_services": "spa"}, "support_services: unknown support service “spa”"),
        ({"cost": "999"}, "cost: differs from the sum of the itemised costs"),
        ({"median_earnings_period": ""}, "median_earnings_period: median earnings need a period"),
        ({"next_start": "Feb 1"}, "next_start:"),
        ({"outcomes_are_demo": "maybe"}, "outcomes_are_demo: “maybe” is not yes or no"),
        ({"tuition": "-5"}, "tuition:"),
    ],
)
def test_import_reports_bad_new_columns_per_row(tmp_path, site_pages, changes, message):  # noqa: F811
    rows = [{**GOOD, "cost": "", **FACT_COLUMNS, **changes}, {**GOOD, "external_id": "acme-2", "title": "Fine"}]
    out, err = run_import(write_csv(tmp_path, rows))
    assert "Line 2: " in err + out and message in err + out
    assert list(TrainingPage.objects.values_list("title", flat=True)) == ["Fine"]


def test_api_has_the_new_fields_and_filters(api_client, programs):  # noqa: F811
    training = programs[1]
    data = get_json(api_client, f"/api/v2/pages/{training.pk}/")
    assert data["funding"] == ["wioa", "financial-aid"]
    assert data["entry_requirement"] == "high-school"
    assert data["support_services"] == ["transit"]
    assert data["next_start"] == str(training.next_start)
    assert data["employment_rate_q4"] is None and data["tuition"] is None  # not reported: null, never 0
    listing = get_json(api_client, f"{LISTING}&funding=free&start_with=licence&fields=funding")
    assert sorted(item["title"] for item in listing["items"]) == ["Care Manager Residency", "Community Health Worker"]
    listing = get_json(api_client, f"{LISTING}&support=transit&support=childcare&starts=3months")
    assert [item["title"] for item in listing["items"]] == ["Community Health Worker"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("funding=lottery", "funding option"),
        ("start_with=phd", "education or licence"),
        ("support=spa", "support service"),
        ("starts=soon", "start date"),
    ],
)
def test_api_bad_new_filters_are_400(api_client, programs, query, message):  # noqa: F811
    data = get_json(api_client, f"{LISTING}&{query}", expected_status=400)
    assert message in data["message"]


@pytest.fixture
def varied(site_pages):  # noqa: F811
    """Trainings with every mix of the facts the new facets count, drawn from a fixed seed: free, funded several
    ways or not at all, each entry requirement or none, starting soon, later, in the past or unknown, with any
    set of support services, in a few places, formats and credentials, some drafts."""
    import random

    from directory.trainings.models import Credential, DeliveryFormat, EntryRequirement, Funding, SupportService

    rng = random.Random(17)
    funding = [value for value, _label in Funding.choices]
    support = [value for value, _label in SupportService.choices]
    specs = []
    for number in range(36):
        specs.append(
            {
                "title": f"{rng.choice(['Care', 'Nursing', 'Billing'])} program {number}",
                "cost": rng.choice([0, 0, 250, 4000, None]),
                "funding": rng.sample(funding, rng.randint(0, 3)),
                "entry_requirement": rng.choice(["", *[value for value, _label in EntryRequirement.choices]]),
                "support_services": rng.sample(support, rng.randint(0, 4)),
                "next_start": rng.choice([None, soon(-10), soon(0), soon(40), soon(92), soon(93), soon(200)]),
                "credential": rng.choice([value for value, _label in Credential.choices]),
                "delivery_format": rng.choice([value for value, _label in DeliveryFormat.choices]),
                "zip_code": rng.choice(["12207", "10001"]),
                "live": rng.random() > 0.1,
            }
        )
    return create_trainings(specs)


FACT_FACET_CHECKS = [
    {},
    {"funding": ["free", "wioa"]},
    {"start_with": "high-school"},
    {"support": ["childcare", "transit"]},
    {"starts": "3months"},
    {"funding": ["employer-paid"], "support": ["wheelchair"], "starts": "3months", "start_with": "associate"},
    {"credential": ["certificate", "associate"], "format": ["online"], "funding": ["financial-aid"]},
    {"q": "care", "support": ["job-placement"], "start_with": "none"},
    {"near": "12207", "radius": "25", "funding": ["free", "apprenticeship"], "format": ["in-person", "hybrid"]},
]


@pytest.mark.parametrize("data", FACT_FACET_CHECKS)
def test_fact_facet_counts_equal_a_count_per_option(varied, data):
    """Every option of every facet, counted by the search's one query, against the number of results of the search
    (an ORM count) with that option chosen: instead of the facet's own selection for a facet whose options widen
    (funding, start_with, starts and the others), added to it for support (whose options narrow together)."""
    from directory.trainings.forms import FUNDING_FILTER_CHOICES, START_WITH_CHOICES, TrainingSearchForm
    from directory.trainings.models import Credential, DeliveryFormat, Schedule, SupportService
    from directory.trainings.search import TrainingSearcher

    def searcher(values):
        form = TrainingSearchForm(values, careers=[], languages=[])
        return TrainingSearcher(form.search_params(), [], [])

    def count(values):
        return searcher(values).matching().distinct().count()

    total, facets, _ids = searcher(data).results(0)
    assert total == count(data)
    assert total  # each check finds something, so its counts are not all zero
    chosen = {
        "credential": [([value], value) for value, _label in Credential.choices],
        "format": [([value], value) for value, _label in DeliveryFormat.choices],
        "schedule": [(value, value) for value, _label in Schedule.choices],
        "funding": [([value], value) for value, _label in FUNDING_FILTER_CHOICES],
        "start_with": [(value, value) for value, _label in START_WITH_CHOICES],
        "support": [(sorted({*data.get("support", []), value}), value) for value, _label in SupportService.choices],
        "starts": [("3months", "3months")],
    }
    counted = 0
    for name, options in chosen.items():
        shown = {option.value: option.count for option in facets[name]}
        for choice, value in options:
            expected = count({**data, name: choice})
            assert shown.get(value, 0) == expected, (name, value)
            counted += expected
    assert counted
