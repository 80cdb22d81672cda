"""GIN indexes on Wagtail's search index split between employers and everything else, on PostgreSQL.

The site search matches each kind's index entries separately (`search.indexed`). Through the GIN
indexes over the whole table, matching the trainings for "car" (a prefix) or "hospital" also
gathered every matching employer entry and threw them away: with 100,000 employers most of the
work, growing with the employers. With these partial indexes (employer entries; all the others)
each kind reads only its own part, and employers are read from their own smaller index.

The employer content type's id is written into the index conditions, so it is created here if
`migrate` has not made it yet. Should it ever change (a flushed test database), the indexes stop
being used and searches fall back to the indexes of migration 0004: slower, the same results.
Other databases: nothing to do.
"""

from django.apps import apps as global_apps
from django.db import migrations

from search.backends import schema

def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql" or not global_apps.is_installed("directory"):
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    employer_type, _created = ContentType.objects.using(schema_editor.connection.alias).get_or_create(
        app_label="directory", model="employersnippet"
    )
    schema.create_partial_indexes(schema_editor, employer_type.pk)


def drop_indexes(apps, schema_editor):
    schema.drop_partial_indexes(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("site_search", "0004_index_entry_title_body_gin"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
