"""Synonyms apply to the training and employer searches too (search.synonyms.expand_query)."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


# "index": today's training and employer searches read the index tables directly; drop the capability
# once they search through search.matching (issue 14).
@pytest.mark.search_capability("index")
def test_synonyms_in_training_and_employer_searches(client):
    call_command("load_demo_content", verbosity=0)

    trainings = client.get("/trainings/", {"q": "CHW"})
    assert trainings.status_code == 200
    assert "Community Health Worker Training" in trainings.content.decode()

    employers = client.get("/employers/", {"q": "CHW Utica"})
    assert employers.status_code == 200
    assert "Mohawk Valley Community Action" in employers.content.decode()

    site = client.get("/search/", {"q": "CHW"}).content.decode()
    assert "Community Health Worker Training" in site
    assert "Mohawk Valley Community Action" in site
