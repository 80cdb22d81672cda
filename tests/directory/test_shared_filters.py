"""/trainings/ and /employers/ draw their filters with the same markup (directory/templates/directory/filters/), the
same stylesheet and the same message for a ZIP code they cannot use (directory.geo.clean_search_zip)."""

import pytest
from bs4 import BeautifulSoup

from directory.employers.models import EmployerDirectoryPage

from .employers.support import make_employer
from .trainings.factories import create_trainings
from .trainings.helpers import site_pages  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def both_pages(site_pages):  # noqa: F811
    create_trainings([{"title": "Care Coordinator Certificate", "credential": "certificate", "zip_code": "12207"}])
    directory = site_pages["home"].add_child(instance=EmployerDirectoryPage(title="Employers", slug="employers"))
    directory.save_revision().publish()
    make_employer(name="Capital Care", care_settings=["hospital"], hiring_now=True)
    return site_pages


def soup_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def shape(element):
    """The tag and class structure of a subtree, without its text, ids and values."""
    children = [shape(child) for child in element.find_all(recursive=False)]
    return (element.name, tuple(element.get("class") or ()), tuple(children))


def test_checkbox_groups_have_the_same_markup_on_both_pages(client, both_pages):
    trainings = soup_of(client, "/trainings/")
    employers = soup_of(client, "/employers/")
    training_group = trainings.select_one("fieldset.filter-group:has(input[name=credential])")
    employer_group = employers.select_one("fieldset.filter-group:has(input[name=setting])")
    assert training_group is not None and employer_group is not None
    # One option each, compared tag by tag and class by class.
    training_option = training_group.select_one(".filter-option:has(input[value=certificate])")
    employer_option = employer_group.select_one(".filter-option:has(input[value=hospital])")
    assert shape(training_option) == shape(employer_option)
    assert shape(training_option) == (
        "div",
        ("filter-option",),
        (("input", (), ()), ("label", (), (("span", ("filter-count",), ()),))),
    )
    for option, expected in ((training_option, "Certificate (1)"), (employer_option, "Hospital (1)")):
        box, label = option.input, option.label
        assert box["type"] == "checkbox"
        assert label["for"] == box["id"]
        assert " ".join(label.get_text().split()) == expected
    assert training_group.legend.get_text(strip=True) == "Credential"
    assert employer_group.legend.get_text(strip=True) == "Care setting"
    # "Hiring now" is one more option of the same shape.
    hiring = employers.select_one(".filter-option:has(input[name=hiring])")
    assert shape(hiring) == shape(employer_option)
    assert " ".join(hiring.label.get_text().split()) == "Hiring now (1)"
    # The old per-page classes are gone.
    for soup in (trainings, employers):
        assert not soup.select(".facet__option, .facet__count, .employer-checkboxes, .employer-count")


def test_both_pages_link_the_shared_filter_stylesheet(client, both_pages):
    for url in ("/trainings/", "/employers/"):
        links = [link["href"] for link in soup_of(client, url).select("head link[rel=stylesheet]")]
        assert any(href.endswith("css/filters.css") for href in links), (url, links)


@pytest.mark.parametrize(
    ("near", "message"),
    [
        ("99999", "We couldn't find the ZIP code 99999. Check it and try again."),
        ("00000", "We couldn't find the ZIP code 00000. Check it and try again."),
        ("1220", "Enter a 5-digit ZIP code, such as 12207."),
        ("abcde", "Enter a 5-digit ZIP code, such as 12207."),
        ("12345678901", "Enter a 5-digit ZIP code, such as 12207."),
    ],
)
def test_a_bad_zip_gets_the_same_message_and_markup_on_both_pages(client, both_pages, near, message):
    fields = {}
    for url, input_id in (("/trainings/", "training-near"), ("/employers/", "id_near")):
        soup = soup_of(client, url, near=near)
        box = soup.find("input", id=input_id)
        field = box.find_parent(class_="filter-field--zip")
        error = field.select_one(".filter-field__error")
        assert error.get_text(strip=True) == message, url
        assert box["aria-invalid"] == "true"
        assert box["aria-describedby"] == error["id"]
        # Label, input, then the message: the message under the field, not above it.
        assert [child.name for child in field.find_all(recursive=False)] == ["label", "input", "p"]
        assert field.label["for"] == input_id
        assert field.label.get_text(strip=True) == "Near ZIP code"
        fields[url] = shape(field)
    assert fields["/trainings/"] == fields["/employers/"]


def test_a_good_zip_shows_no_message_on_either_page(client, both_pages):
    for url in ("/trainings/", "/employers/"):
        soup = soup_of(client, url, near="12207")
        assert not soup.select(".filter-field__error"), url
        assert not soup.select("input[aria-invalid]"), url
