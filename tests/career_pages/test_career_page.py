import json

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.exceptions import ValidationError
from wagtail.models import Page

from career_pages.models import CareerIndexPage, CareerPage
from directory.employers.models import career_job_title_choices
from home.models import HomePage
from tests.career_pages.factories import CareerPageFactory

pytestmark = pytest.mark.django_db


def section(heading, *content, anchor="", nav_label=""):
    return ("section", {"heading": heading, "anchor": anchor, "nav_label": nav_label, "content": list(content)})


def definition(term, *titles):
    return (
        "definition",
        {"term": term, "definition": f"<p>{term} is…</p>", "job_titles": [{"title": t} for t in titles]},
    )


def make_career(parent, body, **kwargs):
    page = CareerPageFactory(parent=parent, **kwargs)
    page.body = CareerPage.body.field.stream_block.normalize(body)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


# --- Page tree ---------------------------------------------------------------------------------


def test_page_tree_rules():
    assert CareerPage.parent_page_types == ["career_pages.CareerIndexPage"]
    assert CareerPage.allowed_subpage_models() == []
    assert CareerIndexPage.allowed_parent_page_models() == [HomePage]
    assert CareerIndexPage.allowed_subpage_models() == [CareerPage]
    assert HomePage.allowed_parent_page_models() == [Page]


def test_career_page_can_only_be_created_under_the_careers_index(home_page, career_index):
    assert CareerPage.can_create_at(career_index)
    assert not CareerPage.can_create_at(home_page)
    assert not CareerIndexPage.can_create_at(home_page)  # max_count: there is one already
    assert not HomePage.can_create_at(Page.get_first_root_node())


# --- Contract used by the trainings, employers, search and API work ---------------------------------


def test_job_titles_come_from_definitions_in_order_without_duplicates(career_index):
    page = make_career(
        career_index,
        [
            section("Definitions", definition("Care coordination", "Care Coordinator", "Patient Care Coordinator")),
            section("More", definition("Care management", "Care Manager", "Care Coordinator", "RN Case Manager")),
        ],
    )
    assert page.job_titles() == ["Care Coordinator", "Patient Care Coordinator", "Care Manager", "RN Case Manager"]


def test_job_titles_is_empty_for_an_empty_page(career_index):
    assert make_career(career_index, []).job_titles() == []


def test_employers_choose_from_the_job_titles_of_live_pages_sorted_and_unique(career_index):
    make_career(career_index, [section("A", definition("x", "Nurse Care Manager", "Care Coordinator"))])
    make_career(career_index, [section("B", definition("y", "Care Coordinator", "Case Manager"))])
    draft = CareerPageFactory(parent=career_index, live=False)
    draft.body = CareerPage.body.field.stream_block.normalize([section("C", definition("z", "Draft Only Title"))])
    draft.save()
    expected = ["Care Coordinator", "Case Manager", "Nurse Care Manager"]
    assert [title for title, _label in career_job_title_choices()] == expected


# --- Rendering -----------------------------------------------------------------------------------


def test_career_page_renders_navigation_breadcrumb_and_one_h1(client, career_index):
    page = make_career(
        career_index,
        [
            section("Get Started", ("rich_text", "<p>Start here.</p>")),
            section("Get the Most out of HWcollab", ("rich_text", "<p>Join.</p>"), nav_label="Your account"),
        ],
        title="Care Coordination & Care Management",
    )
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert [h1.get_text(strip=True) for h1 in soup.find_all("h1")] == ["Care Coordination & Care Management"]
    nav = soup.select_one("nav.page-nav")
    assert [(a.get_text(), a["href"]) for a in nav.select("a")] == [
        ("Get Started", "#get-started"),
        ("Your account", "#get-the-most-out-of-hwcollab"),
    ]
    assert soup.select_one("#get-started h2").get_text() == "Get Started"
    crumbs = [a.get_text(strip=True) for a in soup.select("nav.breadcrumb a")]
    assert crumbs == ["Home", "Careers", "Care Coordination & Care Management"]
    assert soup.select('a[href="#top"]') and soup.select_one("#top")
    assert soup.select_one("a.skip-link")["href"] == "#main"
    assert soup.select_one("main#main")


def test_career_page_json_ld_is_an_occupation_with_the_pay_ranges(client, career_index):
    roles = [
        {"role": "Care Coordinators", "education": "GED", "pay_min": "16", "pay_max": "38", "pay_period": "hour"},
        {"role": "Care Managers", "education": "Clinical Degree", "pay_min": "42000", "pay_max": "60000",
         "pay_period": "year"},
    ]  # fmt: skip
    page = make_career(
        career_index,
        [
            section("Quick Facts", ("quick_facts", {"checklist": [], "roles": roles})),
            section("D", definition("x", "A")),
        ],
        title="Care Coordination",
        intro="Career information and resources",
    )
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "Occupation"
    assert data["name"] == "Care Coordination"
    assert data["description"] == "Career information and resources"
    assert data["educationRequirements"] == ["Care Coordinators: GED", "Care Managers: Clinical Degree"]
    assert data["estimatedSalary"] == [
        {"@type": "MonetaryAmountDistribution", "name": "Care Coordinators", "currency": "USD", "duration": "PT1H",
         "minValue": 16.0, "maxValue": 38.0},
        {"@type": "MonetaryAmountDistribution", "name": "Care Managers", "currency": "USD", "duration": "P1Y",
         "minValue": 42000.0, "maxValue": 60000.0},
    ]  # fmt: skip
    assert data["alternateName"] == ["A"]


def test_json_ld_cannot_be_broken_out_of_by_a_title(client, career_index):
    page = make_career(career_index, [], title="</script><script>alert(1)</script>")
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html


def test_career_page_renders_in_at_most_29_queries_cold_and_12_warm(client, django_assert_max_num_queries):
    # The BLS local pay adds, whatever the number of occupations and areas: the wages (one query), the role cards'
    # and the ladder's occupations (one per block), the ladder's trainings, and cold only the areas and release
    # (then cached). tests/occupations/test_local_pay.py checks the count does not grow with occupations.
    # Warm, the body and its JSON-LD come from the cache (CareerPage.fragment_cache_key).
    # Cold and warm, Wagtail's routing reads the active language's Locale (1), and the language switcher and
    # hreflang links the page's translations (1) (home/translation.py; a page without a Spanish version reads
    # its nearest translated section too). Cold only, the footer finds the home page of the page's language (1).
    from django.core.management import call_command

    call_command("load_demo_content", stdout=None)
    url = CareerPage.objects.get(locale__language_code="en").url
    client.get(url)  # makes the hero picture's renditions, which a deployed site has already
    cache.clear()
    # Cold: nothing cached, as after a deploy: the header's section links (1 query), the footer's pages and
    # funder line (4), the hero picture's renditions (2) and BLS's areas and release are read, then cached.
    with django_assert_max_num_queries(29):
        response = client.get(url)
    assert response.status_code == 200
    # Warm: the body, its local pay and JSON-LD come from the cache; the hero image itself (1) is a query.
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200


def test_empty_career_page_still_renders(client, career_index):
    page = make_career(career_index, [])
    response = client.get(page.url)
    assert response.status_code == 200
    assert b"This career page has no content yet." in response.content


def test_careers_index_lists_live_careers_only(client, career_index):
    make_career(career_index, [section("D", definition("x", "Care Manager"))], title="Care Management")
    CareerPageFactory(parent=career_index, title="Secret Draft Career", live=False)
    response = client.get(career_index.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Care Management" in content
    assert "Job titles include: Care Manager." in content
    assert "Secret Draft Career" not in content


# --- Validation ------------------------------------------------------------------------------------


def test_duplicate_section_anchors_are_a_validation_error(career_index):
    page = CareerPageFactory.build(title="X", slug="x")
    page.body = CareerPage.body.field.stream_block.normalize([section("Get Trained"), section("Get trained")])
    with pytest.raises(ValidationError, match="#get-trained"):
        page.clean()


def test_a_link_to_a_missing_section_is_a_validation_error(career_index):
    cards = {"intro": "", "cards": [{"label": "Train", "icon": "training", "link": {"anchor": "get-trained"}}]}
    page = CareerPageFactory.build(title="X", slug="x")
    page.body = CareerPage.body.field.stream_block.normalize([section("Get Started", ("action_cards", cards))])
    with pytest.raises(ValidationError, match="no section of this page has that anchor"):
        page.clean()
    page.body = CareerPage.body.field.stream_block.normalize(
        [section("Get Started", ("action_cards", cards)), section("Get Trained")]
    )
    page.clean()


# --- The cached body (CareerPage.fragment_cache_key) ----------------------------------------------


def test_anonymous_visitors_get_the_cached_body_until_content_changes(client, django_assert_max_num_queries):
    from unittest import mock

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from home import sections
    from tests.directory.trainings.factories import create_trainings

    call_command("load_demo_content", stdout=None)
    page = CareerPage.objects.get(locale__language_code="en")
    first = client.get(page.url).content.decode()
    # Cached: the body is not decoded again, so its page choosers cost no query. The hero picture's image
    # (one query, outside the cached body) is the only addition, as in the warm budget above.
    with django_assert_max_num_queries(12):
        second = client.get(page.url).content.decode()
    assert second == first
    assert "Create a free account" in first

    # A new training for this career is the newest: the featured trainings show it on the next visit.
    create_trainings([{"title": "Brand-new Care Coordination Course", "related_careers": [page.slug]}])
    assert "Brand-new Care Coordination Course" in client.get(page.url).content.decode()

    # The header's three section links and the blocks' links: one cache read per request.
    real_get = sections.cache.get
    with mock.patch.object(sections.cache, "get", side_effect=real_get) as cache_get:
        client.get(page.url)
    assert [call.args[0] for call in cache_get.call_args_list].count("section-urls") == 1

    # Signed in: rendered for this visitor, never the anonymous copy.
    client.force_login(get_user_model().objects.create_user("ana", "ana@example.org", "x"))
    signed_in = client.get(page.url).content.decode()
    assert "Go to my career plan" in signed_in and "Create a free account" not in signed_in


def test_the_body_is_not_cached_for_previews_query_strings_posts_or_signed_in_visitors(career_index, rf):
    from django.contrib.auth.models import AnonymousUser, User

    page = make_career(career_index, [section("Get Started", ("rich_text", "<p>Start here.</p>"))])

    def request(path=page.url, method="get", user=None, **attrs):
        made = getattr(rf, method)(path)
        made.user = user or AnonymousUser()
        for name, value in attrs.items():
            setattr(made, name, value)
        return made

    assert page.fragment_cache_key(request()).startswith(f"{page.pk}:{page.latest_revision_id}:")
    assert page.fragment_cache_key(request(path=page.url + "?utm_source=x")) is None
    assert page.fragment_cache_key(request(is_preview=True)) is None
    assert page.fragment_cache_key(request(method="post")) is None
    assert page.fragment_cache_key(request(user=User(username="ana"))) is None
    assert page.fragment_cache_key(None) is None
