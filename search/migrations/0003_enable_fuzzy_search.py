"""Typo-tolerant ("fuzzy") search on PostgreSQL: the unaccent extension with its f_unaccent()
wrapper, then pg_trgm with trigram indexes on Wagtail's search index, using Wagtail's own
enable_unaccent and enable_trigram commands. Other databases: nothing to do."""

from django.db import migrations

from search.backends import schema


def enable_fuzzy_search(apps, schema_editor):
    schema.enable_fuzzy_search(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("site_search", "0002_seed_synonyms"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(enable_fuzzy_search, migrations.RunPython.noop)]
