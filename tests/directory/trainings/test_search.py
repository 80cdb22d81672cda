import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from directory import geo
from search.synonyms import synonym_groups

from .factories import TrainingProviderFactory, create_trainings
from .helpers import site_pages  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.search_backend]

# modelsearch's generic database backend (CI's second search backend) matches substrings of the model's own text
# fields: it neither stems, nor searches related fields (the provider's name), nor ranks.
SUBSTRING_BACKEND = "modelsearch.backends.database.fallback"
needs_full_text = pytest.mark.skipif(
    settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == SUBSTRING_BACKEND,
    reason="the substring backend neither stems, searches related fields nor ranks",
)


def result_titles(response):
    html = response.content.decode()
    return re.findall(r'class="training-card__title"><a href="[^"]*">([^<]*)</a>', html)


def heading(response):
    match = re.search(r'<h2 id="training-results-heading"[^>]*>(.*?)</h2>', response.content.decode(), re.S)
    return " ".join(match.group(1).split())


@pytest.fixture
def catalog(site_pages):  # noqa: F811
    career = site_pages["career"].slug
    create_trainings(
        [
            {
                "title": "Care Coordinator Certificate",
                "credential": "certificate",
                "cost": 1500,
                "zip_code": "12207",
                "length_value": 12,
                "length_unit": "weeks",
                "related_careers": [career],
                "languages": ["en", "es"],
                "summary": "Become a care coordinator.",
            },
            {
                "title": "Albany Nursing Degree",
                "credential": "associate",
                "cost": 9000,
                "zip_code": "12208",
                "length_value": 24,
                "length_unit": "months",
                "schedule": "full-time",
            },
            {
                "title": "Manhattan Case Management",
                "credential": "certificate",
                "cost": 0,
                "zip_code": "10001",
                "city": "New York",
                "length_value": 40,
                "length_unit": "hours",
                "related_careers": [career],
            },
            {
                "title": "Online Care Management",
                "credential": "exam-prep",
                "delivery_format": "online",
                "zip_code": "",
                "city": "",
                "cost": 300,
                "length_value": 6,
                "length_unit": "weeks",
                "schedule": "self-paced",
                "related_careers": [career],
                "languages": ["es"],
            },
            {
                "title": "Buffalo Health IT Bachelor",
                "credential": "bachelor",
                "cost": None,
                "zip_code": "14202",
                "city": "Buffalo",
                "length_value": None,
                "length_unit": "",
            },
        ],
    )
    return site_pages


def test_lists_everything_without_a_query(client, catalog):
    response = client.get("/trainings/")
    assert response.status_code == 200
    assert heading(response) == "5 trainings"
    assert sorted(result_titles(response)) == sorted(
        [
            "Care Coordinator Certificate",
            "Albany Nursing Degree",
            "Manhattan Case Management",
            "Online Care Management",
            "Buffalo Health IT Bachelor",
        ]
    )


@needs_full_text
def test_keywords_are_stemmed(client, catalog):
    response = client.get("/trainings/", {"q": "coordinators"})
    assert result_titles(response) == ["Care Coordinator Certificate"]


@needs_full_text
def test_one_word_matches_the_title_or_the_body_and_several_words_may_be_split(client, catalog):
    # One word (tested on the title and the body vectors apart on PostgreSQL): "nursing" is in one title only,
    # "become" in one summary only. Several words (tested on their concatenation): "buffalo" in a title and
    # "acme" (the provider) in the body.
    assert result_titles(client.get("/trainings/", {"q": "nursing"})) == ["Albany Nursing Degree"]
    assert result_titles(client.get("/trainings/", {"q": "become"})) == ["Care Coordinator Certificate"]
    assert result_titles(client.get("/trainings/", {"q": "buffalo acme"})) == ["Buffalo Health IT Bachelor"]
    assert result_titles(client.get("/trainings/", {"q": "buffalo nursing"})) == []


@needs_full_text
def test_keywords_search_the_provider_name(client, catalog):
    assert len(result_titles(client.get("/trainings/", {"q": "acme"}))) == 5


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"credential": "certificate"}, {"Care Coordinator Certificate", "Manhattan Case Management"}),
        ({"credential": ["associate", "bachelor"]}, {"Albany Nursing Degree", "Buffalo Health IT Bachelor"}),
        ({"format": "online"}, {"Online Care Management"}),
        (
            {"career": "care-coordination-and-care-management"},
            {"Care Coordinator Certificate", "Manhattan Case Management", "Online Care Management"},
        ),
        ({"language": "es"}, {"Care Coordinator Certificate", "Online Care Management"}),
        ({"schedule": "full-time"}, {"Albany Nursing Degree"}),
        ({"max_cost": "300"}, {"Manhattan Case Management", "Online Care Management"}),
        ({"max_cost": "0"}, {"Manhattan Case Management"}),
        ({"credential": "certificate", "max_cost": "1000"}, {"Manhattan Case Management"}),
        ({"q": "care", "language": "es", "format": "online"}, {"Online Care Management"}),
        (
            {"career": "care-coordination-and-care-management", "near": "12207", "credential": "certificate"},
            {"Care Coordinator Certificate"},
        ),
    ],
)
def test_filters_alone_and_combined(client, catalog, params, expected):
    response = client.get("/trainings/", params)
    assert response.status_code == 200
    assert set(result_titles(response)) == expected


def test_facet_counts_beside_each_option(client, catalog):
    html = client.get("/trainings/", {"credential": "certificate"}).content.decode()
    # A facet counts with every other filter applied, so the credential options still show their totals.
    assert re.search(r'value="certificate" checked>\s*<label[^>]*>Certificate <span class="filter-count">\(2\)', html)
    assert re.search(r'value="associate">\s*<label[^>]*>Associate degree <span class="filter-count">\(1\)', html)
    # Format counts are for certificates only: both are in person.
    assert re.search(r'value="in-person">\s*<label[^>]*>In person <span class="filter-count">\(2\)', html)
    assert 'value="online">' not in html
    assert re.search(r'<option value="en">English \(2\)</option>', html)


def test_near_search_distance_and_online(client, catalog):
    response = client.get("/trainings/", {"near": "12207", "radius": "25"})
    html = response.content.decode()
    assert result_titles(response) == [
        "Care Coordinator Certificate",
        "Albany Nursing Degree",
        "Online Care Management",
    ]
    assert "Manhattan Case Management" not in html
    assert heading(response) == "3 trainings within 25 miles of 12207 (and online)"
    online_card = html.split("Online Care Management")[1].split("</article>")[0]
    assert "<dd>Online</dd>" in online_card
    assert "0.0 miles" in html


def test_albany_to_new_york_distance_is_about_136_miles(client, catalog):
    response = client.get("/trainings/", {"near": "12207", "radius": "100"})
    assert "Manhattan Case Management" not in result_titles(response)
    response = client.get("/trainings/", {"near": "10001", "radius": "10"})
    html = response.content.decode()
    assert result_titles(response)[0] == "Manhattan Case Management"
    albany, manhattan = geo.lookup_zip("12207"), geo.lookup_zip("10001")
    miles = geo.distance_miles(albany.latitude, albany.longitude, manhattan.latitude, manhattan.longitude)
    assert 130 < miles < 142
    assert "Care Coordinator Certificate" not in html


def test_distance_matches_python_haversine(client, site_pages):  # noqa: F811
    create_trainings([{"title": "Troy Program", "zip_code": "12180", "city": "Troy"}])
    html = client.get("/trainings/", {"near": "12207", "radius": "10"}).content.decode()
    albany, troy = geo.lookup_zip("12207"), geo.lookup_zip("12180")
    expected = geo.distance_miles(albany.latitude, albany.longitude, troy.latitude, troy.longitude)
    assert f"{expected:.1f} miles" in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "cost",
            [
                "Manhattan Case Management",
                "Online Care Management",
                "Care Coordinator Certificate",
                "Albany Nursing Degree",
                "Buffalo Health IT Bachelor",
            ],
        ),
        # 40 hours = 1 week < 6 weeks < 12 weeks < 24 months; unknown length last.
        (
            "length",
            [
                "Manhattan Case Management",
                "Online Care Management",
                "Care Coordinator Certificate",
                "Albany Nursing Degree",
                "Buffalo Health IT Bachelor",
            ],
        ),
    ],
)
def test_sort_orders(client, catalog, sort, expected):
    assert result_titles(client.get("/trainings/", {"sort": sort})) == expected


def test_distance_is_the_default_sort_near_a_zip(client, catalog):
    titles = result_titles(client.get("/trainings/", {"near": "10001", "radius": "100"}))
    assert titles == ["Manhattan Case Management", "Online Care Management"]
    titles = result_titles(client.get("/trainings/", {"near": "12208", "radius": "25"}))
    assert titles[:2] == ["Albany Nursing Degree", "Care Coordinator Certificate"]
    assert titles[-1] == "Online Care Management"


def test_nearest_first_pages_follow_the_distance_then_the_title(client, site_pages):  # noqa: F811
    """Nearest first across pages: by each program's distance, programs of one ZIP code by title, online programs
    outside the radius after those within it (by their distance), programs without a point last."""
    places = ["12207", "12208", "12180", "12303", "12065", "12203"]  # Albany and around, within 25 miles
    specs = [
        {"title": f"Program {n:02d}", "zip_code": places[(n * 7) % len(places)], "delivery_format": "in-person"}
        for n in range(30)
    ]
    specs += [
        {"title": "Online Buffalo", "zip_code": "14202", "delivery_format": "online"},
        {"title": "Online Anywhere", "zip_code": "", "delivery_format": "online"},
        {"title": "Online Albany", "zip_code": "12207", "delivery_format": "online"},
    ]
    create_trainings(specs)
    albany = geo.lookup_zip("12207")

    def miles(spec):
        place = geo.lookup_zip(spec["zip_code"])
        if place is None:
            return None
        return geo.distance_miles(albany.latitude, albany.longitude, place.latitude, place.longitude)

    expected = [
        spec["title"] for spec in sorted(specs, key=lambda spec: (miles(spec) is None, miles(spec) or 0, spec["title"]))
    ]
    first = client.get("/trainings/", {"near": "12207", "radius": "25"})
    second = client.get("/trainings/", {"near": "12207", "radius": "25", "page": "2"})
    assert heading(first) == "33 trainings within 25 miles of 12207 (and online)"
    assert result_titles(first) + result_titles(second) == expected
    assert expected[-2:] == ["Online Buffalo", "Online Anywhere"]


def test_relevance_sort_with_keywords_and_filters(client, catalog):
    titles = result_titles(client.get("/trainings/", {"q": "care", "sort": "relevance", "near": "12207"}))
    assert set(titles) == {"Care Coordinator Certificate", "Online Care Management"}


@pytest.fixture
def many(site_pages):  # noqa: F811
    create_trainings([{"title": f"Program {n:02d}", "cost": n} for n in range(45)])
    return site_pages


def test_pagination_edges(client, many):
    first = client.get("/trainings/", {"sort": "cost"})
    assert len(result_titles(first)) == 20
    assert result_titles(first)[0] == "Program 00"
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' not in first.content.decode()
    last = client.get("/trainings/", {"sort": "cost", "page": "3"})
    assert result_titles(last) == ["Program 40", "Program 41", "Program 42", "Program 43", "Program 44"]
    assert 'rel="next"' not in last.content.decode()
    beyond = client.get("/trainings/", {"sort": "cost", "page": "99"})
    assert beyond.status_code == 200
    assert result_titles(beyond) == result_titles(last)
    assert "There is no page 99; showing page 3." in beyond.content.decode()


def test_pagination_links_keep_the_search(client, many):
    html = client.get("/trainings/", {"sort": "cost", "credential": "certificate", "max_cost": "30"}).content.decode()
    assert 'href="?credential=certificate&amp;max_cost=30&amp;sort=cost&amp;page=2"' in html


def test_form_keeps_its_values(client, catalog):
    html = client.get(
        "/trainings/", {"q": "care", "near": "12207", "radius": "50", "credential": "certificate", "max_cost": "900"}
    ).content.decode()
    assert 'name="q" value="care"' in html
    assert 'name="near" value="12207"' in html
    assert '<option value="50" selected>' in html
    assert 'value="certificate" checked' in html
    assert 'name="max_cost" inputmode="decimal" value="900"' in html


def test_empty_state_offers_ways_to_widen(client, catalog):
    response = client.get("/trainings/", {"near": "12207", "radius": "10", "credential": "master", "q": "care"})
    html = response.content.decode()
    assert heading(response) == "No trainings match your search"
    assert '<a href="?q=care&amp;credential=master&amp;near=12207&amp;radius=25">Search within 25 miles</a>' in html
    assert '<a href="?q=care&amp;credential=master">Search anywhere in New York</a>' in html
    assert "Remove “Master&#x27;s degree”" in html
    assert "Remove the keywords “care”" in html


BAD_INPUTS = [
    ({"near": "1220"}, "Enter a 5-digit ZIP code, such as 12207."),
    ({"near": "abcde"}, "Enter a 5-digit ZIP code, such as 12207."),
    ({"near": "00000"}, "We couldn&#x27;t find the ZIP code 00000."),
    ({"near": "12207", "radius": "abc"}, "Choose a distance of 5, 10, 25, 50 or 100 miles."),
    ({"near": "12207", "radius": "-5"}, "Choose a distance of 5, 10, 25, 50 or 100 miles."),
    ({"near": "12207", "radius": "99999999999999999999"}, "Choose a distance of 5, 10, 25, 50 or 100 miles."),
    ({"max_cost": "abc"}, "Enter a cost in whole dollars, such as 500."),
    ({"max_cost": "-1"}, "The maximum cost can&#x27;t be negative."),
    ({"max_cost": "1e400"}, "Enter a cost up to $1,000,000."),
    ({"max_cost": "99999999999999999999"}, "Enter a cost up to $1,000,000."),
    ({"page": "abc"}, "“abc” isn&#x27;t a page number; showing page 1."),
    ({"page": "-1"}, "“-1” isn&#x27;t a page number; showing page 1."),
    ({"page": "99999999999999999999"}, "isn&#x27;t a page number; showing page 1."),
    ({"page": "0"}, "“0” isn&#x27;t a page number; showing page 1."),
    ({"credential": "wizardry"}, "Unknown credential “wizardry” ignored."),
    ({"format": "telepathy"}, "Unknown format “telepathy” ignored."),
    ({"career": "astronaut"}, "Unknown career “astronaut” ignored."),
    ({"language": "xx"}, "Unknown language “xx” ignored."),
    ({"schedule": "never"}, "Unknown schedule “never” ignored."),
    ({"sort": "distance"}, "Sorting by distance needs a ZIP code"),
    ({"q": "x" * 10_000}, "Keywords are limited to 200 characters"),
]


@pytest.mark.parametrize(("params", "message"), BAD_INPUTS)
def test_bad_input_gives_a_clear_message_not_an_error(client, catalog, params, message):
    response = client.get("/trainings/", params)
    assert response.status_code == 200
    assert message in response.content.decode()
    # The search still runs with the bad value left out: only the overlong keywords find nothing.
    expected_heading = "No trainings match your search" if "q" in params else "5 trainings"
    assert heading(response).split(" within")[0] in {expected_heading, "3 trainings"}


def test_bad_radius_falls_back_to_25_miles(client, catalog):
    response = client.get("/trainings/", {"near": "12207", "radius": "abc"})
    assert heading(response) == "3 trainings within 25 miles of 12207 (and online)"


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        "'; DROP TABLE wagtailcore_page; --",
        '" OR 1=1 --',
        'care AND NOT (x* OR "',
        "NEAR(care coordination)",
    ],
)
def test_sql_html_and_search_syntax_in_q_are_harmless(client, catalog, query):
    response = client.get("/trainings/", {"q": query, "near": query, "credential": query, "career": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "DROP TABLE" not in html or "DROP TABLE wagtailcore_page; --" in html.replace("&#x27;", "'")
    # The tree is intact.
    assert client.get("/trainings/").status_code == 200


def test_max_cost_keeps_cents(client, catalog):
    response = client.get("/trainings/", {"max_cost": "300.00"})
    assert set(result_titles(response)) == {"Manhattan Case Management", "Online Care Management"}
    assert Decimal("300.00") == Decimal(300)


SEARCHES = [
    {"q": "care coordination"},
    {"q": "care coordination", "sort": "cost"},
    {"near": "12207", "radius": "25"},
    {"q": "care", "near": "12207", "credential": "certificate", "language": "es"},
    {"funding": ["free", "wioa"], "start_with": "high-school", "support": "transit", "starts": "3months"},
    {},
]


def test_query_count_does_not_grow_with_results(client, site_pages, django_assert_max_num_queries):  # noqa: F811
    career = site_pages["career"].slug

    def add(numbers):
        create_trainings(
            [
                {
                    "title": f"Care Coordination {n}",
                    "related_careers": [career],
                    "languages": ["en", "es"],
                    "provider": TrainingProviderFactory(name=f"Provider {n}"),
                    "zip_code": "12207" if n % 2 else "12208",
                    "funding": ["wioa"],
                    "entry_requirement": "none",
                    "support_services": ["transit"],
                    "next_start": timezone.localdate(),
                }
                for n in numbers
            ],
        )

    def query_counts(expected_results):
        synonym_groups()  # as on a running site: the synonyms are cached after the first search
        counts = []
        for params in SEARCHES:
            with django_assert_max_num_queries(18) as captured:
                response = client.get("/trainings/", params)
            assert len(result_titles(response)) == expected_results
            counts.append(len(captured.captured_queries))
        return counts

    add(range(5))
    client.get("/trainings/")  # warm per-process caches (site root, content types)
    with_5 = query_counts(5)
    add(range(5, 40))
    client.get("/trainings/")  # publishing a page forgets the cached section URLs (home.sections)
    assert query_counts(20) == with_5


@needs_full_text
def test_relevance_ranks_title_matches_first_and_pages_keep_the_order(client, site_pages):  # noqa: F811
    specs = [{"title": f"Program {n:02d}", "description": "Phlebotomy basics"} for n in range(12)]
    specs.append({"title": "Phlebotomy Technician"})
    specs += [{"title": f"Program {n:02d}", "description": "Phlebotomy basics"} for n in range(12, 24)]
    create_trainings(specs)
    first = client.get("/trainings/", {"q": "phlebotomy"})
    assert heading(first) == "25 trainings"
    second = client.get("/trainings/", {"q": "phlebotomy", "page": "2"})
    # The title match first; equal scores in creation order, across the pages.
    assert result_titles(first) == ["Phlebotomy Technician"] + [f"Program {n:02d}" for n in range(19)]
    assert result_titles(second) == [f"Program {n:02d}" for n in range(19, 24)]
    # Filters keep the ranked order of what remains.
    only_first = client.get("/trainings/", {"q": "phlebotomy", "max_cost": "100", "format": "in-person"})
    assert result_titles(only_first)[:2] == ["Phlebotomy Technician", "Program 00"]


def test_keyword_facets_count_the_matches_with_the_other_filters(client, catalog):
    response = client.get("/trainings/", {"q": "care", "credential": "certificate"})
    assert heading(response) == "1 training"
    html = response.content.decode()
    # Credential counts: the keyword matches of every credential; the other facets: certificates that match.
    assert re.search(r'value="certificate" checked>\s*<label[^>]*>Certificate <span class="filter-count">\(1\)', html)
    assert re.search(
        r'value="exam-prep">\s*<label[^>]*>Certification exam preparation <span class="filter-count">\(1\)', html
    )
    assert 'value="associate">' not in html
    assert re.search(r'value="in-person">\s*<label[^>]*>In person <span class="filter-count">\(1\)', html)
    assert 'value="online">' not in html
    assert re.search(r'<option value="es">Spanish \(1\)</option>', html)


@pytest.mark.parametrize(
    ("params", "searches"),
    [({"q": "care"}, 3), ({"q": "care", "sort": "cost"}, 1), ({"q": "care", "near": "12207"}, 1)],
)
def test_keywords_are_searched_a_fixed_number_of_times_per_request(client, catalog, params, searches):
    """The facet counts, the total and the page read the keyword matches once, in the results query, nearest first
    included; only to rank them by relevance are they searched again, never once per facet or result. A backend
    with scored matches (search.matching.scored_matches) ranks inside the results query: one search."""
    from unittest import mock

    from modelsearch.backends import get_search_backend

    from directory.trainings import search as training_search

    ranked_in_the_results_query = hasattr(get_search_backend(), "scored_matches")
    if ranked_in_the_results_query and params.get("sort", "relevance") == "relevance" and "near" not in params:
        searches = 1

    calls = []

    def spy(function):
        def wrapped(*args, **kwargs):
            result = function(*args, **kwargs)
            if result is not None:  # scored_matches answers None where the backend has no such query
                calls.append(function.__name__)
            return result

        return wrapped

    with (
        mock.patch.object(training_search, "filter_matching", spy(training_search.filter_matching)),
        mock.patch.object(training_search, "ranked_pks", spy(training_search.ranked_pks)),
        mock.patch.object(training_search, "scored_matches", spy(training_search.scored_matches)),
    ):
        response = client.get("/trainings/", params)
    assert set(result_titles(response)) == {"Care Coordinator Certificate", "Online Care Management"}
    assert len(calls) == searches


FACET_CHECKS = [
    {},
    {"q": "care"},
    {"credential": ["certificate", "exam-prep"]},
    {"format": ["online"], "language": "es"},
    {"career": "CAREER", "schedule": "self-paced"},
    {"career": "CAREER", "language": "es", "credential": ["certificate"]},
    {"near": "12207", "radius": "25", "language": "en"},
    {"q": "care", "near": "12207", "radius": "50", "format": ["in-person", "online"], "career": "CAREER"},
    {"max_cost": "1000", "schedule": "full-time"},
]


@pytest.mark.parametrize("data", FACET_CHECKS)
def test_facet_counts_equal_a_count_per_option(catalog, data):
    """Every facet count is the number of results of the search with that option chosen instead of the facet's
    own selection (the other facets' selections kept), and the total the number of results."""
    from career_pages.models import CareerPage
    from directory.trainings.forms import TrainingSearchForm
    from directory.trainings.models import Credential, DeliveryFormat, Schedule, TrainingLanguage
    from directory.trainings.search import TrainingSearcher

    career = catalog["career"].slug
    data = {key: career if value == "CAREER" else value for key, value in data.items()}
    careers = list(CareerPage.objects.live().order_by("title").values_list("slug", "title"))
    languages = list(TrainingLanguage.objects.order_by("name").values_list("code", "name"))

    def searcher(values):
        form = TrainingSearchForm(values, careers=careers, languages=languages)
        return TrainingSearcher(form.search_params(), careers, languages)

    def count(values):
        return searcher(values).matching().distinct().count()

    total, facets, _ids = searcher(data).results(0)
    assert total == count(data)
    choices = {
        "credential": [value for value, _ in Credential.choices],
        "format": [value for value, _ in DeliveryFormat.choices],
        "schedule": [value for value, _ in Schedule.choices],
        "career": [slug for slug, _ in careers],
        "language": [code for code, _ in languages],
    }
    for name, values in choices.items():
        shown = {option.value: option.count for option in facets[name]}
        for value in values:
            expected = count({**data, name: [value] if name in ("credential", "format") else value})
            assert shown.get(value, 0) == expected, (name, value)


def test_trainings_in_a_private_section_are_not_searched(client, catalog):
    from wagtail.models import PageViewRestriction

    from directory.trainings.models import TrainingPage

    private = TrainingPage.objects.get(title="Online Care Management")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/trainings/", {"q": "care"})
    assert result_titles(response) == ["Care Coordinator Certificate"]
    assert heading(response) == "1 training"
    # Nor counted in the facets.
    assert 'value="online">' not in response.content.decode()
