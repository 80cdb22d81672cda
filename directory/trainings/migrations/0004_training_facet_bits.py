from django.db import migrations, models

# TrainingPage.facet_bits as directory.trainings.models sets it on save, frozen here as of this migration.
FULLY_FUNDED_BIT = 1
FUNDING_BITS = {"wioa": 1 << 1, "financial-aid": 1 << 2, "employer-paid": 1 << 3, "apprenticeship": 1 << 4}
SUPPORT_BITS = {
    "childcare": 1 << 8,
    "transit": 1 << 9,
    "wheelchair": 1 << 10,
    "job-placement": 1 << 11,
    "evening-weekend": 1 << 12,
}
NAME = "directory_training_facets"
# 0003's index (PostgreSQL only: INCLUDE), and its replacement with key columns, which every database can read
# alone.
OLD_INDEX = models.Index(
    fields=["page_ptr"],
    include=(
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
    ),
    name=NAME,
)
INDEX = models.Index(
    fields=[
        "page_ptr",
        "credential",
        "delivery_format",
        "schedule",
        "cost",
        "length_weeks",
        "entry_requirement",
        "next_start",
        "facet_bits",
    ],
    name=NAME,
)


def _items(stored):
    # The field gives a list; the text as stored (`|a|b|`) is read the same.
    return stored if isinstance(stored, list) else [item for item in (stored or "").split("|") if item]


def fill_facet_bits(apps, schema_editor):
    model = apps.get_model("trainings", "TrainingPage")
    rows = model.objects.values_list("pk", "fully_funded", "funding", "support_services")
    by_bits = {}
    for pk, fully_funded, funding, support in rows.iterator(chunk_size=2000):
        bits = FULLY_FUNDED_BIT if fully_funded else 0
        for value in _items(funding):
            bits |= FUNDING_BITS.get(value, 0)
        for value in _items(support):
            bits |= SUPPORT_BITS.get(value, 0)
        if bits:
            by_bits.setdefault(bits, []).append(pk)
    for bits, pks in by_bits.items():
        for start in range(0, len(pks), 500):
            model.objects.filter(pk__in=pks[start : start + 500]).update(facet_bits=bits)


def replace_index(apps, schema_editor):
    model = apps.get_model("trainings", "TrainingPage")
    # IF EXISTS: 0003 made the old index on PostgreSQL only.
    schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(NAME)}")
    schema_editor.add_index(model, INDEX)


def restore_index(apps, schema_editor):
    model = apps.get_model("trainings", "TrainingPage")
    schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(NAME)}")
    if schema_editor.connection.features.supports_covering_indexes:
        schema_editor.add_index(model, OLD_INDEX)


class Migration(migrations.Migration):
    dependencies = [("trainings", "0003_training_search_covering_index")]

    operations = [
        migrations.AddField(
            model_name="trainingpage",
            name="facet_bits",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(fill_facet_bits, migrations.RunPython.noop),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="trainingpage", name=NAME),
                migrations.AddIndex(model_name="trainingpage", index=INDEX),
            ],
            database_operations=[migrations.RunPython(replace_index, restore_index)],
        ),
    ]
