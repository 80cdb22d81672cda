"""Fill CareerJobTitle for the career pages that are already live (later publishes keep it up to date).

Reads the bodies' stored JSON, as CareerPage.job_titles() reads its blocks: the job titles of every Definition
block of every section, in order, without duplicates. Historical models have no methods.
"""

from django.db import migrations


def _items(values):
    # A ListBlock's items are stored as {"type": "item", "value": ...} (older revisions: the bare values).
    for item in values or []:
        yield item.get("value") if isinstance(item, dict) and item.get("type") == "item" else item


def job_titles(raw_body):
    titles = []
    for section in raw_body or []:
        if section.get("type") != "section":
            continue
        for child in (section.get("value") or {}).get("content") or []:
            if child.get("type") != "definition":
                continue
            for job in _items((child.get("value") or {}).get("job_titles")):
                title = ((job or {}).get("title") or "").strip()
                if title and title not in titles:
                    titles.append(title)
    return titles


def fill(apps, schema_editor):
    career_page_model = apps.get_model("career_pages", "CareerPage")
    career_job_title_model = apps.get_model("employers", "CareerJobTitle")
    rows = [
        career_job_title_model(page_id=page.pk, title=title[:255])
        for page in career_page_model.objects.filter(live=True).only("pk", "body")
        for title in job_titles(page.body.raw_data)
    ]
    career_job_title_model.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0002_careerjobtitle"),
        ("career_pages", "0003_employer_blocks"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
