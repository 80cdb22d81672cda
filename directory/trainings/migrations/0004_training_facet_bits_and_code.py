from django.db import migrations, models

# TrainingPage.facet_bits and facet_code as directory.trainings.models sets them on save, frozen here as of this
# migration.
FULLY_FUNDED_BIT = 1
FUNDING_BITS = {"wioa": 1 << 1, "financial-aid": 1 << 2, "employer-paid": 1 << 3, "apprenticeship": 1 << 4}
SUPPORT_BITS = {
    "childcare": 1 << 8,
    "transit": 1 << 9,
    "wheelchair": 1 << 10,
    "job-placement": 1 << 11,
    "evening-weekend": 1 << 12,
}
FACET_CODES = {
    "credential": (
        0,
        {
            "certificate": 1,
            "associate": 2,
            "bachelor": 3,
            "master": 4,
            "continuing-education": 5,
            "exam-prep": 6,
            "apprenticeship": 7,
        },
    ),
    "delivery_format": (4, {"online": 1, "in-person": 2, "hybrid": 3}),
    "schedule": (8, {"full-time": 1, "part-time": 2, "self-paced": 3, "evenings-weekends": 4}),
    "entry_requirement": (12, {"none": 1, "high-school": 2, "associate": 3, "bachelor": 4, "licence": 5}),
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
        "facet_code",
    ],
    name=NAME,
)


def _items(stored):
    # The field gives a list; the text as stored (`|a|b|`) is read the same.
    return stored if isinstance(stored, list) else [item for item in (stored or "").split("|") if item]


def fill_facet_columns(apps, schema_editor):
    model = apps.get_model("trainings", "TrainingPage")
    fields = ["fully_funded", "funding", "support_services", *FACET_CODES]
    changed = []
    for row in model.objects.values("pk", *fields).iterator(chunk_size=2000):
        bits = FULLY_FUNDED_BIT if row["fully_funded"] else 0
        for value in _items(row["funding"]):
            bits |= FUNDING_BITS.get(value, 0)
        for value in _items(row["support_services"]):
            bits |= SUPPORT_BITS.get(value, 0)
        code = 0
        for field, (shift, codes) in FACET_CODES.items():
            code |= codes.get(row[field], 0) << shift
        if bits or code:
            changed.append(model(pk=row["pk"], facet_bits=bits, facet_code=code))
    model.objects.bulk_update(changed, ["facet_bits", "facet_code"], batch_size=500)


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
        migrations.AddField(
            model_name="trainingpage",
            name="facet_code",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(fill_facet_columns, migrations.RunPython.noop),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="trainingpage", name=NAME),
                migrations.AddIndex(model_name="trainingpage", index=INDEX),
            ],
            database_operations=[migrations.RunPython(replace_index, restore_index)],
        ),
    ]
