from django.db import migrations

# The languages New York training programs are most often taught in (editors can add more as snippets).
LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("zh", "Chinese"),
    ("ru", "Russian"),
    ("bn", "Bengali"),
    ("ht", "Haitian Creole"),
    ("ko", "Korean"),
    ("ar", "Arabic"),
    ("fr", "French"),
    ("pl", "Polish"),
    ("yi", "Yiddish"),
    ("asl", "American Sign Language"),
]


def seed_languages(apps, schema_editor):
    TrainingLanguage = apps.get_model("directory", "TrainingLanguage")
    for code, name in LANGUAGES:
        TrainingLanguage.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(seed_languages, migrations.RunPython.noop)]
