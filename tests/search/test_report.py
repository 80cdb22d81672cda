import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from search.analytics import record_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def searches():
    today = timezone.localdate()
    last_month = today - datetime.timedelta(days=40)
    for _ in range(3):
        record_search("care coordinator", 4, date=today)
    record_search("care coordinator", 5, date=last_month)
    record_search("phlebotomy buffalo", 0, date=today)
    record_search("phlebotomy buffalo", 0, date=today)
    for _ in range(5):
        record_search("dialysis technician", 0, date=last_month)
    return today, last_month


def report_rows(admin_client, **params):
    response = admin_client.get(reverse("site_search_report"), params)
    assert response.status_code == 200
    return [(row["query"], row["searches"], row["no_results"]) for row in response.context["object_list"]]


def test_most_frequent_searches(admin_client, searches):
    assert report_rows(admin_client) == [
        ("dialysis technician", 5, 5),
        ("care coordinator", 4, 0),
        ("phlebotomy buffalo", 2, 2),
    ]


def test_searches_that_found_nothing_in_a_period(admin_client, searches):
    today, _ = searches
    week_ago = (today - datetime.timedelta(days=7)).isoformat()
    assert report_rows(admin_client, date_from=week_ago, found="nothing") == [("phlebotomy buffalo", 2, 2)]
    assert report_rows(admin_client, date_from=week_ago) == [("care coordinator", 3, 0), ("phlebotomy buffalo", 2, 2)]


def test_report_page_and_menu(admin_client, searches):
    html = admin_client.get(reverse("site_search_report")).content.decode()
    assert "Site searches" in html
    assert "dialysis technician" in html
    assert reverse("site_search_report") in admin_client.get(reverse("wagtailadmin_home")).content.decode()


def test_report_csv_export(admin_client, searches):
    response = admin_client.get(reverse("site_search_report"), {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "dialysis technician,5,5" in content


def test_report_needs_admin_access(client, searches):
    response = client.get(reverse("site_search_report"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
