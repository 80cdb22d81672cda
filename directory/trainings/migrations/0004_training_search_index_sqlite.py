from django.db import migrations, models

# The columns of 0003's covering index, as key columns: where an index cannot carry extra columns (SQLite), an
# index whose key holds them serves the same reads. The training search's results query reads every live
# training's facet columns through it rather than the wide training rows.
COLUMNS = [
    "page_ptr",
    "credential",
    "delivery_format",
    "schedule",
    "cost",
    "length_weeks",
    "entry_requirement",
    "next_start",
    "fully_funded",
    "funding",
    "support_services",
]
NAME = "directory_training_facets"


def add_index(apps, schema_editor):
    if not schema_editor.connection.features.supports_covering_indexes:
        model = apps.get_model("trainings", "TrainingPage")
        schema_editor.add_index(model, models.Index(fields=COLUMNS, name=NAME))


def remove_index(apps, schema_editor):
    if not schema_editor.connection.features.supports_covering_indexes:
        model = apps.get_model("trainings", "TrainingPage")
        schema_editor.remove_index(model, models.Index(fields=COLUMNS, name=NAME))


class Migration(migrations.Migration):
    dependencies = [("trainings", "0003_training_search_covering_index")]

    # The model's state already holds the index (0003); only the database changes.
    operations = [migrations.RunPython(add_index, remove_index)]
