"""Seed the synonyms editors start from (Snippets › Search synonyms)."""

from django.db import migrations

SYNONYMS = {
    "CM": "care management",
    "RN": "registered nurse",
    "CHW": "community health worker",
    "LPN": "licensed practical nurse",
}


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("site_search", "SearchSynonym")
    for term, expansion in SYNONYMS.items():
        SearchSynonym.objects.get_or_create(term=term, defaults={"expansions": expansion})


def unseed(apps, schema_editor):
    SearchSynonym = apps.get_model("site_search", "SearchSynonym")
    for term, expansion in SYNONYMS.items():
        SearchSynonym.objects.filter(term=term, expansions=expansion).delete()


class Migration(migrations.Migration):
    dependencies = [("site_search", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
