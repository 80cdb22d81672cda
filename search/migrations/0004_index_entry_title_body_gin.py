"""A GIN index on Wagtail's `title || body` search vector, on PostgreSQL.

Wagtail's database backend filters on `(title || body) @@ query` (modelsearch's comment says a
migration creates this index, but none does): without it every search reads and concatenates
every index entry's vectors (about 125 ms at 11,000 entries, growing with each employer and
training). Other databases: nothing to do.
"""

from django.db import migrations

from search.backends import schema

def create_index(apps, schema_editor):
    schema.create_title_body_index(schema_editor)


def drop_index(apps, schema_editor):
    schema.drop_title_body_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("site_search", "0003_enable_fuzzy_search"), ("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create_index, drop_index)]
