"""PostgreSQL: an index in the order of the "recently verified" sort (last verified, newest first, nulls last, then
name and id), directory.employers.search.EmployerSearch.ordered.

Near a ZIP code that sort read every row within the radius (152,000 at a million employers) to sort them for one
page; walking this index in order, a page stops once it has its rows (the radius is then a filter). SQLite cannot
index NULLS LAST, so the index is not in the model's Meta: it is created here on PostgreSQL only.
"""

from django.db import migrations

TABLE = "directory_employersnippet"
INDEX = "employer_verified_page_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "{TABLE}" ("last_verified" DESC NULLS LAST, "name", "id")'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0003_fill_careerjobtitle"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
