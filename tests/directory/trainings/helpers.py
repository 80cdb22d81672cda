"""Fixtures shared by the training test modules (the trainings themselves come from factories.py)."""

import pytest

from career_pages import demo as career_demo

from .factories import training_index


@pytest.fixture
def site_pages(db):
    """The home page, a live career page and the /trainings/ index."""
    home = career_demo.load_home_page()
    careers = career_demo.load_career_index(home)
    career = career_demo.load_care_coordination_page(careers)
    return {"home": home, "career": career, "index": training_index()}
