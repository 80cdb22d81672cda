import pytest
from django.test import RequestFactory

from directory.trainings.blocks import FeaturedTrainingsBlock, TrainingSearchBlock
from directory.trainings.models import TrainingPage

from .factories import create_trainings
from .helpers import site_pages  # noqa: F401

pytestmark = pytest.mark.django_db


def render(block, value, page):
    request = RequestFactory().get("/")
    return block.render(block.to_python(value), context={"page": page, "request": request})


def test_featured_trainings_without_picks_shows_the_newest_for_the_career(site_pages):  # noqa: F811
    career = site_pages["career"]
    create_trainings(
        [{"title": f"Related {n}", "related_careers": [career.slug]} for n in range(4)] + [{"title": "Unrelated"}],
    )
    html = render(FeaturedTrainingsBlock(), {"heading": "Featured", "trainings": [], "count": 3}, career)
    assert html.count("training-card__title") == 3
    assert "Unrelated" not in html
    assert f'href="/trainings/?career={career.slug}"' in html


def test_featured_trainings_with_picks_shows_them_in_order(site_pages):  # noqa: F811
    create_trainings([{"title": "First"}, {"title": "Second"}, {"title": "Third"}])
    third, first = TrainingPage.objects.get(title="Third"), TrainingPage.objects.get(title="First")
    html = render(
        FeaturedTrainingsBlock(),
        {"heading": "Featured", "trainings": [third.pk, first.pk], "count": 3},
        site_pages["career"],
    )
    assert html.count("training-card__title") == 2
    assert html.index("Third") < html.index("First")
    assert "Second" not in html


def test_featured_trainings_with_nothing_to_show(site_pages):  # noqa: F811
    html = render(FeaturedTrainingsBlock(), {"heading": "Featured", "trainings": [], "count": 3}, site_pages["career"])
    assert "No trainings are listed here yet." in html


def test_featured_trainings_rejects_duplicate_picks(site_pages):  # noqa: F811
    from django.core.exceptions import ValidationError

    create_trainings([{"title": "Only"}])
    only = TrainingPage.objects.get()
    block = FeaturedTrainingsBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"heading": "", "trainings": [only.pk, only.pk], "count": 3}))


def test_training_search_block_preselects_the_career(site_pages, client):  # noqa: F811
    career = site_pages["career"]
    value = {"heading": "Find a training", "text": "", "button_label": "Search trainings", "limit_to_career": True}
    html = render(TrainingSearchBlock(), value, career)
    assert 'action="/trainings/"' in html and 'method="get"' in html
    assert f'<input type="hidden" name="career" value="{career.slug}">' in html
    value["limit_to_career"] = False
    assert 'name="career"' not in render(TrainingSearchBlock(), value, career)


def test_training_search_field_ids_are_the_same_on_every_request_and_unique_on_the_page(site_pages):  # noqa: F811
    block = TrainingSearchBlock()
    value = block.to_python({"heading": "Find a training", "button_label": "Search", "limit_to_career": False})

    def render_twice():
        request = RequestFactory().get("/")
        context = {"page": site_pages["career"], "request": request}
        return block.render(value, context=context), block.render(value, context=context)

    first, second = render_twice()
    assert 'id="training-search-1-q"' in first and 'for="training-search-1-q"' in first
    assert 'id="training-search-2-q"' in second
    assert render_twice() == (first, second)
