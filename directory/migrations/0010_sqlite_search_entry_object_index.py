"""On SQLite, an index of Wagtail's search index entries by content type and id that also holds the object id.

A keyword search reads the FTS5 table's matches (entry ids) and needs each entry's object id (the training's or
the employer's). Read from the table, each match costs a visit to the entry's row, which holds the entry's whole
text (about 600 bytes): 1,237 matches for "care coordination" at 10,000 trainings took 3.7-4.3 ms. This narrow
index answers the same lookups (`INDEXED BY`, see search/backends/sqlite.py) in 1.6-1.7 ms. SQLite's planner
prefers the primary key, not knowing the rows are wide, hence INDEXED BY.

PostgreSQL and other databases: nothing to do (they match the words in the entries' own columns).
"""

from django.db import migrations

from search.backends import schema

def create_index(apps, schema_editor):
    schema.create_entry_object_index(schema_editor)


def drop_index(apps, schema_editor):
    schema.drop_entry_object_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0009_employer_search_copy"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
