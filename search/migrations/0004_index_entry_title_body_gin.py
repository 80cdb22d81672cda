"""A GIN index on Wagtail's `title || body` search vector, on PostgreSQL.

Wagtail's database backend filters on `(title || body) @@ query` (modelsearch's comment says a
migration creates this index, but none does): without it every search reads and concatenates
every index entry's vectors (about 125 ms at 11,000 entries, growing with each employer and
training). Other databases: nothing to do.
"""

from django.db import migrations

INDEX = "site_search_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name("wagtailsearch_indexentry")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin ((title || body))")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("site_search", "0003_enable_fuzzy_search"), ("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create_index, drop_index)]
