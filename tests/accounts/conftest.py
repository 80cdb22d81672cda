import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache

from tests.directory.employers.factories import EmployerSnippetFactory
from tests.directory.trainings.factories import TrainingPageFactory

PASSWORD = "Correct-horse-battery-91"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth keeps its rate-limit counters in the cache: every test starts with none.
    cache.clear()
    yield
    cache.clear()


def make_visitor(email="ana@example.org", password=PASSWORD, verified=True):
    user = get_user_model().objects.create_user(username=email.split("@")[0], email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


@pytest.fixture
def visitor(db):
    return make_visitor()


@pytest.fixture
def other_visitor(db):
    return make_visitor(email="ben@example.org")


@pytest.fixture
def make_training(training_index):
    def factory(title="Care Coordination Certificate", live=True, zip_code="12207"):
        return TrainingPageFactory(
            parent=training_index, title=title, draft=not live, zip_code=zip_code, summary="A short program."
        )

    return factory


@pytest.fixture
def make_employer(employer_directory):
    def factory(name="Albany Community Health", live=True, zip_code="12207"):
        return EmployerSnippetFactory(name=name, city="Albany", zip_code=zip_code, draft=not live)

    return factory


@pytest.fixture
def training(make_training):
    return make_training()


@pytest.fixture
def employer(make_employer):
    return make_employer()
