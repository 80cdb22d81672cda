import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache

from directory.employers.models import EmployerSnippet
from directory.trainings.models import TrainingPage

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
        page = TrainingPage(title=title, live=live, zip_code=zip_code, summary="A short program.")
        training_index.add_child(instance=page)
        return page

    return factory


@pytest.fixture
def make_employer(employer_directory):
    def factory(name="Albany Community Health", live=True, zip_code="12207"):
        return EmployerSnippet.objects.create(name=name, city="Albany", zip_code=zip_code, live=live)

    return factory


@pytest.fixture
def training(make_training):
    return make_training()


@pytest.fixture
def employer(make_employer):
    return make_employer()
