"""Typo-tolerant ("fuzzy") search on PostgreSQL: the unaccent extension with its f_unaccent()
wrapper, then pg_trgm with trigram indexes on Wagtail's search index, using Wagtail's own
enable_unaccent and enable_trigram commands. Other databases: nothing to do."""

import io

from django.core.management import call_command
from django.db import migrations


def enable_fuzzy_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    call_command("enable_unaccent", stdout=io.StringIO())
    call_command("enable_trigram", stdout=io.StringIO())


class Migration(migrations.Migration):
    dependencies = [
        ("site_search", "0002_seed_synonyms"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(enable_fuzzy_search, migrations.RunPython.noop)]
