"""The demo-like data behind docs/api.md's examples (tests/api/test_docs_examples.py)."""

import wagtail_factories

from occupations.importing import import_oews
from tests.api.factories import demo_site, employer_catalogue, training_catalogue
from tests.occupations.conftest import shipped_rows, write_csv


def docs_fixture_data(tmp_path):
    # A few of the shipped BLS rows, before the career page that names their occupations.
    import_oews(write_csv(tmp_path / "oews-ny-may2025.csv", shipped_rows()))
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
