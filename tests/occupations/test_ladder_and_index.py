import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from career_pages.blocks import CareerLadderBlock
from career_pages.models import CareerPage
from occupations.models import Occupation
from tests.career_pages.factories import CareerPageFactory
from tests.occupations.test_local_pay import role

pytestmark = pytest.mark.django_db


def step(name, *codes, education="", time=""):
    return {
        "role": name,
        "education": education,
        "time_to_reach": time,
        "occupations": [Occupation.objects.get(pk=code) for code in codes],
        "bridging_trainings": [],
    }


def make_page(parent, content, **kwargs):
    page = CareerPageFactory(parent=parent, **kwargs)
    body = [("section", {"heading": "Path", "content": content})]
    page.body = CareerPage.body.field.stream_block.normalize(body)
    page.save_revision().publish()
    return page


def ladder(*steps):
    return ("career_ladder", {"intro": "One path:", "steps": list(steps)})


def test_the_ladder_shows_each_steps_local_median_and_the_pay_step(client, career_index, sample_wages):
    page = make_page(
        career_index,
        [
            ("quick_facts", {"checklist": [], "roles": [role("Care Coordinators", "21-1094")]}),
            ladder(
                step("Care Coordinator", "21-1094", education="GED", time="Start here"),
                step("Care Manager", "21-1022", "29-1141", education="LMSW or RN", time="2-4 years"),
            ),
        ],
        title="CC",
    )
    soup = BeautifulSoup(client.get(page.url, {"area": "10580"}).content, "html.parser")
    steps = soup.select(".career-ladder__step")
    assert [s.select_one("h3").get_text() for s in steps] == ["Care Coordinator", "Care Manager"]
    first, second = (s.get_text(" ", strip=True) for s in steps)
    assert "Step 1 of 2" in first and "Typical time to get there Start here" in first
    assert "Median pay in Albany-Schenectady-Troy, NY (BLS)" in first
    assert "Community Health Workers: $29.62 an hour ($61,610 a year)" in first
    assert "Healthcare Social Workers: $32.31 an hour ($67,190 a year)" in second
    assert "Registered Nurses: $48.06 an hour ($99,970 a year)" in second
    # The step's pay is its first occupation's median: $67,190 - $61,610.
    assert "About $5,580 a year more than the step before" in second
    assert soup.select_one(".career-ladder__steps").name == "ol"


def test_a_ladder_needs_two_steps():
    block = CareerLadderBlock()
    value = block.to_python({"intro": "", "steps": [{"role": "Only"}]})
    with pytest.raises(ValidationError):
        block.clean(value)


def test_the_ladders_occupations_are_in_the_json_ld_and_api(client, career_index, sample_wages):
    page = make_page(career_index, [ladder(step("A", "21-1094"), step("B", "29-1141"))], title="Ladder")
    assert page.soc_codes() == ["21-1094", "29-1141"]
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    steps = data["body"][0]["value"]["content"][0]["value"]["steps"]
    assert [s["occupations"] for s in steps] == [["21-1094"], ["29-1141"]]
    assert [o["soc_code"] for o in data["local_pay"]["occupations"]] == ["21-1094", "29-1141"]


# --- Careers index -------------------------------------------------------------------------------


@pytest.fixture
def careers(career_index, sample_wages):
    chw = make_page(
        career_index,
        [("quick_facts", {"checklist": [], "roles": [role("CHW", "21-1094")]})],
        title="Community Health Work",
        slug="chw",
        entry_education="high_school",
    )
    rn = make_page(
        career_index,
        [("quick_facts", {"checklist": [], "roles": [role("RN", "29-1141")]})],
        title="Nursing",
        slug="nursing",
        entry_education="associate",
    )
    plain = make_page(career_index, [], title="Another Career", slug="another")
    return chw, rn, plain


def index_cards(client, career_index, **params):
    response = client.get(career_index.url, params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return soup, [card.select_one("h2").get_text(strip=True) for card in soup.select(".card-grid .card")]


def test_the_index_lists_entry_education_and_statewide_median(client, career_index, careers):
    soup, names = index_cards(client, career_index)
    assert names == ["Another Career", "Community Health Work", "Nursing"]
    card = soup.select(".card-grid .card")[1].get_text(" ", strip=True)
    assert "Typical entry education High school diploma or GED" in card
    assert "$27.95 an hour ($58,130 a year), Community Health Workers" in card


def test_the_index_sorts_by_pay_and_education(client, career_index, careers):
    assert index_cards(client, career_index, sort="pay")[1] == ["Nursing", "Community Health Work", "Another Career"]
    assert index_cards(client, career_index, sort="education")[1] == [
        "Community Health Work",
        "Nursing",
        "Another Career",
    ]


def test_the_index_filters_by_the_education_a_visitor_has(client, career_index, careers):
    assert index_cards(client, career_index, education="high_school")[1] == ["Community Health Work"]
    assert index_cards(client, career_index, education="bachelor")[1] == ["Community Health Work", "Nursing"]
    soup, names = index_cards(client, career_index, education="none")
    assert names == [] and "No career starts with that education" in soup.get_text()


def test_bad_index_parameters_say_so(client, career_index, careers):
    soup, names = index_cards(client, career_index, education="phd!!", sort="salary")
    errors = [p.get_text() for p in soup.select(".pay-area__error")]
    assert errors == ["Choose your education from the list.", "Choose an order from the list."]
    assert len(names) == 3


def test_the_index_query_count_does_not_grow_with_careers(client, career_index, careers, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client.get(career_index.url)
        with CaptureQueriesContext(connection) as queries:
            client.get(career_index.url)
        return len(queries)

    before = count()
    for i in range(5):
        make_page(
            career_index,
            [("quick_facts", {"checklist": [], "roles": [role("X", "21-1022")]})],
            title=f"More {i}",
            slug=f"more-{i}",
            entry_education="bachelor",
        )
    assert count() == before
