"""The trainings listing runs a fixed number of SQL queries, however many items it returns."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.trainings.models import TrainingLanguage, TrainingPage
from tests.api.conftest import get_json
from tests.api.factories import demo_site
from tests.directory.trainings.factories import TrainingProviderFactory, create_trainings

ZIPS = ["12207", "12180", "12305", "13202", "14202", "10001", "11201", "12601"]


@pytest.fixture
def many_trainings(db):
    site = demo_site()
    TrainingLanguage.objects.get_or_create(code="es", defaults={"name": "Spanish"})
    create_trainings(
        [
            {
                "external_id": f"q-{number}",
                "title": f"Care Coordination Program {number:03}",
                "summary": "Learn care coordination.",
                "credential": "certificate" if number % 2 else "associate",
                "delivery_format": "online" if number % 10 == 0 else "in-person",
                "zip_code": ZIPS[number % len(ZIPS)],
                "city": "Somewhere",
                "cost": Decimal(100 * number),
                "provider": TrainingProviderFactory(name=f"Provider {number % 7}", website=""),
                "languages": ["es"],
                "related_careers": [site["career"]],
            }
            for number in range(120)
        ],
        parent=site["training_index"],
    )
    assert TrainingPage.objects.live().count() == 120
    return site


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        data = get_json(client, url)
    return len(queries), data


@pytest.mark.parametrize(
    "query",
    [
        "",
        "&fields=*",
        "&near=12207&radius=500&fields=*",
        "&credential=certificate&career=care-coordination-and-care-management&max_cost=100000&fields=*",
        "&search=coordination&fields=*",
    ],
)
def test_listing_queries_do_not_grow_with_limit(api_client, many_trainings, query):
    url = "/api/v2/pages/?type=trainings.TrainingPage" + query
    get_json(api_client, url + "&limit=1")  # warm the per-process caches (content types, site root paths)
    few, few_data = count_queries(api_client, url + "&limit=5")
    many, many_data = count_queries(api_client, url + "&limit=100")
    assert len(few_data["items"]) == 5
    assert len(many_data["items"]) >= 50
    assert many == few, f"{few} queries for 5 items but {many} for {len(many_data['items'])}"
