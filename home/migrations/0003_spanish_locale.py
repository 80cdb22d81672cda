from django.db import migrations


def add_locales(apps, schema_editor):
    """English is "en" (it was "en-us" before Spanish was added) and Spanish "es" exists, so /es/ pages can be made."""
    Locale = apps.get_model("wagtailcore", "Locale")
    if not Locale.objects.filter(language_code="en").exists():
        Locale.objects.filter(language_code__in=["en-us", "en-US"]).update(language_code="en")
    if not Locale.objects.filter(language_code="en").exists():
        Locale.objects.create(language_code="en")
    Locale.objects.get_or_create(language_code="es")


def remove_spanish(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    spanish = Locale.objects.filter(language_code="es").first()
    if spanish and not Page.objects.filter(locale=spanish).exists():
        spanish.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_information_page_site_identity"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_locales, remove_spanish)]
