"""The demo-like data behind docs/api.md's examples (tests/api/test_docs_examples.py)."""

import wagtail_factories

from tests.api.factories import demo_site, employer_catalogue, training_catalogue


def docs_fixture_data():
    site = demo_site()
    trainings = training_catalogue(site)
    employers = employer_catalogue(site)
    image = wagtail_factories.ImageFactory(title="Care coordinator at work", file__width=1600, file__height=900)
    document = wagtail_factories.DocumentFactory(title="Care coordination pay guide")
    return {
        "career_id": site["career"].pk,
        "training_id": trainings["troy"].pk,
        "employer_id": employers["albany"].pk,
        "pending_employer_id": employers["pending"].pk,
        "image_id": image.pk,
        "document_id": document.pk,
    }
