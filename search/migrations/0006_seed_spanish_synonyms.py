"""Seed Spanish synonym groups (Snippets › Search synonyms) for the search on /es/ (docs/search.md#spanish).

Each group's words find one another; the search also finds them written without accents. The groups hold
Spanish words only (and CHW, the abbreviation Spanish-speaking staff use too): an English term in a Spanish group
would join English terms that are not synonyms in English ("care manager" and "case manager").
"""

from django.db import migrations

SYNONYMS = {
    "enfermera": "enfermero\nenfermería\nenfermeras\nenfermeros",
    "capacitación": "entrenamiento\ncurso\ncursos\ncapacitaciones\nformación",
    "empleo": "trabajo\nempleos\ntrabajos\npuesto",
    "empleador": "empleadores\nempresa\nempresas",
    "coordinador de atención": "coordinadora de atención\ncoordinación de la atención",
    "administrador de casos": "administradora de casos\nadministración de casos",
    "trabajador comunitario de salud": "trabajadora comunitaria de salud\npromotor de salud\npromotora de salud\nCHW",
}


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("site_search", "SearchSynonym")
    for term, expansions in SYNONYMS.items():
        SearchSynonym.objects.get_or_create(term=term, defaults={"expansions": expansions})


def unseed(apps, schema_editor):
    SearchSynonym = apps.get_model("site_search", "SearchSynonym")
    for term, expansions in SYNONYMS.items():
        SearchSynonym.objects.filter(term=term, expansions=expansions).delete()


class Migration(migrations.Migration):
    dependencies = [("site_search", "0005_index_entry_partial_gin_by_kind")]

    operations = [migrations.RunPython(seed, unseed)]
