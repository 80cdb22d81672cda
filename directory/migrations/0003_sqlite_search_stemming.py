"""On SQLite, rebuild Wagtail's FTS5 search table with the porter stemmer, so that
"coordinators" finds "coordinator" as it does on PostgreSQL (english text search config).

Wagtail creates the table with FTS5's default tokenizer, which does no stemming. The rows
are copied over, so an existing index survives. PostgreSQL and other databases: no-op.
"""

from django.db import migrations

FTS_TABLE = "wagtailsearch_indexentry_fts"
TOKENIZER = "porter unicode61 remove_diacritics 2"


def use_porter_stemmer(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        row = cursor.fetchone()
        if row is None or "porter" in row[0]:
            return
        cursor.execute(
            f"CREATE TEMP TABLE directory_fts_copy AS SELECT rowid AS entry_id, autocomplete, body, title FROM {FTS_TABLE}"
        )
        cursor.execute(f"DROP TABLE {FTS_TABLE}")
        cursor.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(autocomplete, body, title, tokenize='{TOKENIZER}')")
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, autocomplete, body, title) "
            "SELECT entry_id, autocomplete, body, title FROM directory_fts_copy"
        )
        cursor.execute("DROP TABLE directory_fts_copy")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_seed_training_languages"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(use_porter_stemmer, migrations.RunPython.noop)]
