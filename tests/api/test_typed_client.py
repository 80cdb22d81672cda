"""docs/api.md's typed Python client, for real: generated from the live schema (openapi-python-client), then used
for one task, trainings near a ZIP code in one format."""

import importlib
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.api.docs_data import docs_fixture_data

GENERATOR = Path(sys.executable).parent / "openapi-python-client"


@pytest.fixture
def generated_client(live_server, tmp_path, monkeypatch):
    with urllib.request.urlopen(live_server.url + "/api/v2/schema/", timeout=60) as response:  # noqa: S310
        (tmp_path / "schema.json").write_text(json.dumps(json.load(response)))
    # No post-hooks: formatting the generated code is not what this test is about.
    (tmp_path / "config.yml").write_text("post_hooks: []\n")
    command = [str(GENERATOR), "generate", "--path", "schema.json", "--meta", "none", "--config", "config.yml"]
    # The generator from this venv, on the schema the test server just served.
    subprocess.run([*command, "--output-path", "hwcollab_api"], cwd=tmp_path, check=True, capture_output=True)  # noqa: S603
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("hwcollab_api")
    for name in [name for name in sys.modules if name.split(".")[0] == "hwcollab_api"]:
        del sys.modules[name]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_generated_client_finds_in_person_trainings_near_a_zip(live_server, generated_client, tmp_path):
    docs_fixture_data(tmp_path)
    from hwcollab_api import Client
    from hwcollab_api.api.pages import pages_listing
    from hwcollab_api.models import PagesListingFormatItem, PagesListingResponse200, TrainingsTrainingPage

    with Client(base_url=live_server.url) as client:
        result = pages_listing.sync(
            client=client,
            type_="trainings.TrainingPage",
            near="12207",
            radius=50,
            format_=[PagesListingFormatItem.IN_PERSON],
            fields="title,city",
        )
        assert isinstance(result, PagesListingResponse200)
        assert result.meta.total_count == 2
        assert all(isinstance(item, TrainingsTrainingPage) for item in result.items)
        assert [(item.title, item.city, item.distance_miles) for item in result.items] == [
            ("Care Coordination Certificate", "Troy", pytest.approx(6.9, abs=0.15)),
            ("Community Health Worker Training", "Schenectady", pytest.approx(14.6, abs=0.15)),
        ]
        assert {item.meta.type_ for item in result.items} == {"directory.TrainingPage"}

        # A bad ZIP is a typed 400 with the API's message.
        error = pages_listing.sync_detailed(client=client, type_="trainings.TrainingPage", near="1220")
        assert error.status_code == 400
        assert "ZIP" in error.parsed.message
