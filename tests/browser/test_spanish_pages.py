"""The Spanish site in a real browser (docs/translation.md): axe on every Spanish page type and form, and a
visitor who switches to Spanish on the career page and finds a training with the finder, all in Spanish."""

import pytest

from .helpers import assert_accessible, assert_no_sideways_scroll

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CAREER_URL = "/careers/care-coordination-and-care-management/"


def spanish_urls():
    from wagtail.models import Page

    from career_pages.models import CareerIndexPage, CareerPage
    from directory.employers.models import EmployerDirectoryPage, EmployerSnippet
    from directory.trainings.models import TrainingIndexPage, TrainingPage
    from home.models import HomePage, InformationPage

    urls = []
    for model in (HomePage, CareerIndexPage, CareerPage, TrainingIndexPage, TrainingPage, EmployerDirectoryPage):
        page = model.objects.live().filter(locale__language_code="es").order_by("path").first()
        assert page is not None, f"no Spanish {model.__name__} in the demo content"
        urls.append(page.url)
    information = InformationPage.objects.live().filter(locale__language_code="es").order_by("path").first()
    urls.append(information.url)
    trainings, employers = urls[3], urls[5]
    employer = EmployerSnippet.objects.public().order_by("pk").first()
    urls += [
        f"{employers}{employer.slug}/",
        f"{employers}submit/",
        f"{employers}?near=12207&q=coordinación",
        f"{trainings}?q=coordinación&near=12207",
        f"{trainings}finder/",
        f"{trainings}compare/",
        "/es/search/?q=atención",
        "/es/accounts/signup/",
        "/es/accounts/login/",
        "/es/accounts/password/reset/",
        "/es/no-such-page/",
    ]
    assert all(url.startswith("/es/") for url in urls), urls
    assert Page.objects.live().filter(locale__language_code="es").count() > 10
    return urls


def test_every_spanish_page_type_passes_axe(browser_page, demo_content):
    page = browser_page
    for url in spanish_urls():
        response = page.goto(url)
        assert response.status in (200, 404), url
        assert page.locator("html").get_attribute("lang") == "es", url
        assert page.locator("h1").count() == 1, url
        assert_accessible(page, f"Spanish {url}")


def test_a_visitor_switches_to_spanish_and_uses_the_finder(browser_page, demo_content):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(CAREER_URL)
    page.get_by_role("link", name="Español").first.click()
    page.wait_for_url("**/es/careers/**")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Coordinación de la atención y administración de casos"
    assert_no_sideways_scroll(page, "Spanish career page at 390px")

    # The finder in Spanish, one question a screen; the answers become a Spanish search URL.
    page.goto("/es/trainings/finder/")
    assert page.locator("html").get_attribute("lang") == "es"
    heading = page.locator("h1").inner_text()
    assert heading and "program" not in heading.lower(), heading
    assert_accessible(page, "Spanish finder, first step")
    for _step in range(8):
        if "/finder/" not in page.url:
            break
        with page.expect_navigation():
            page.get_by_role("button", name="Omitir esta pregunta").click()
    assert "/es/trainings/" in page.url and "/finder/" not in page.url, page.url
    assert page.locator("html").get_attribute("lang") == "es"
    assert_accessible(page, "Spanish finder results")

    # Back to English with the switcher: the same page in English, and the choice is remembered.
    with page.expect_navigation():
        page.get_by_role("link", name="English").first.click()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
