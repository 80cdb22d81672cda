"""Fixtures and builders shared by the test_trainings_*.py modules."""

import itertools

import pytest

from career_pages import demo as career_demo
from directory.trainings.importing import TrainingWriter, get_or_create_training_index
from directory.trainings.models import TrainingPage

_numbers = itertools.count(1)


@pytest.fixture
def site_pages(db):
    """The home page, a live career page and the /trainings/ index."""
    home = career_demo.load_home_page()
    careers = career_demo.load_career_index(home)
    career = career_demo.load_care_coordination_page(careers)
    index = get_or_create_training_index()
    return {"home": home, "career": career, "index": index}


def training_values(**overrides):
    values = {
        "title": "Training",
        "summary": "",
        "description": "",
        "credential": "certificate",
        "delivery_format": "in-person",
        "schedule": "part-time",
        "street_address": "",
        "city": "Albany",
        "state": "NY",
        "zip_code": "12207",
        "cost": 100,
        "cost_note": "",
        "length_value": 10,
        "length_unit": "weeks",
        "enrollment_url": "",
        "contact_phone": "",
        "contact_email": "",
        "last_verified": None,
    }
    values.update(overrides)
    return values


def make_trainings(index, specs):
    """Create trainings in bulk. Each spec: TrainingPage values plus optional provider, languages, careers."""
    writer = TrainingWriter(index)
    for spec in specs:
        spec = dict(spec)
        provider = spec.pop("provider", "Acme College")
        languages = spec.pop("languages", ["en"])
        careers = spec.pop("careers", [])
        external_id = spec.pop("external_id", f"test-{next(_numbers)}")
        writer.add(external_id, training_values(**spec), (provider, "https://acme.example.org"), languages, careers)
    writer.flush()
    return list(TrainingPage.objects.order_by("pk"))
