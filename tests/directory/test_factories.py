"""The employer and training factories make what the rest of the tests rely on."""

import pytest
from wagtail.search.backends import get_search_backend

from directory.employers.models import EmployerSnippet
from directory.trainings.models import TrainingPage

from .employers.factories import EmployerSnippetFactory
from .trainings.factories import TrainingPageFactory, create_trainings

pytestmark = pytest.mark.django_db


def test_a_live_employer_has_its_place_from_the_zip_code_and_a_published_revision():
    employer = EmployerSnippetFactory(name="Capital Care", zip_code="12180")
    assert employer.live and employer.live_revision_id == employer.latest_revision_id
    assert (employer.zip_code, employer.city, employer.region) == ("12180", "Troy", "capital-region")
    assert employer.latitude and employer.longitude
    assert employer.slug == "capital-care"


def test_a_submission_is_a_draft_in_moderation(django_user_model):
    user = django_user_model.objects.create_user("submitter")
    employer = EmployerSnippetFactory(submission=True, in_moderation__user=user)
    assert not employer.live
    assert employer.workflow_in_progress
    assert employer.status_label == "In moderation"
    assert not EmployerSnippet.objects.public().filter(pk=employer.pk).exists()


def test_a_draft_employer_is_not_in_moderation():
    employer = EmployerSnippetFactory(draft=True)
    assert not employer.live and not employer.workflow_in_progress and employer.status_label == "Draft"


def test_built_employers_and_trainings_have_coordinates_without_saving():
    assert EmployerSnippetFactory.build(zip_code="14202").latitude is not None
    assert TrainingPageFactory.build(zip_code="14202").latitude is not None


def test_trainings_are_published_pages_under_the_index_and_found_by_search(home_page):
    first, draft = create_trainings([{"title": "Phlebotomy Basics", "zip_code": "13202"}, {"draft": True}])
    assert first.live and first.live_revision_id and first.get_parent().specific_class.__name__ == "TrainingIndexPage"
    assert first.latitude is not None and first.provider.name == "Acme College"
    assert [language.code for language in first.languages.all()] == ["en"]
    assert not draft.live and draft.latest_revision_id
    found = get_search_backend().search("phlebotomy", TrainingPage.objects.live())
    assert [training.pk for training in found] == [first.pk]
