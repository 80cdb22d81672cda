"""On SQLite, rebuild Wagtail's FTS5 search table with the porter stemmer, so that
"coordinators" finds "coordinator" as it does on PostgreSQL (english text search config).

Wagtail creates the table with FTS5's default tokenizer, which does no stemming. The rows
are copied over, so an existing index survives. PostgreSQL and other databases: no-op.
"""

from django.db import migrations

from search.backends import schema

def use_porter_stemmer(apps, schema_editor):
    schema.use_porter_stemmer(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_seed_training_languages"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(use_porter_stemmer, migrations.RunPython.noop)]
