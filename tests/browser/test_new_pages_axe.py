"""axe on the pages and states the merged features added that no other browser test opens: the training
comparison table and the career page after a visitor chooses a pay area (the ladder is on that page too)."""

import pytest

from .helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CAREER_URL = "/careers/care-coordination-and-care-management/"


def test_the_compare_table_passes_axe(browser_page, demo_content):
    from directory.trainings.models import TrainingPage

    page = browser_page
    ids = list(TrainingPage.objects.live().public().order_by("pk").values_list("pk", flat=True)[:3])
    assert len(ids) == 3
    page.goto("/trainings/compare/?ids=" + ",".join(str(pk) for pk in ids))
    assert page.locator("h1").count() == 1
    assert page.locator(".compare__table").count() == 1
    assert_accessible(page, "training comparison")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/trainings/compare/?ids=" + ",".join(str(pk) for pk in ids))
    assert_accessible(page, "training comparison at 320px")


def test_a_chosen_pay_area_and_the_ladder_pass_axe(browser_page, demo_content):
    page = browser_page
    page.goto(CAREER_URL)
    assert page.locator(".career-ladder").count() == 1
    chooser = page.locator("select.pay-area__select").first
    options = chooser.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert len(options) >= 2
    chooser.select_option(options[-1])
    page.locator("form.pay-area").first.get_by_role("button", name="Show pay").click()
    page.wait_for_url(f"**area={options[-1]}**")
    assert page.locator("select.pay-area__select").first.input_value() == options[-1]
    assert_accessible(page, "career page with a chosen pay area")
    page.goto(CAREER_URL + "?area=not-an-area")
    assert_accessible(page, "career page with an unknown pay area")
