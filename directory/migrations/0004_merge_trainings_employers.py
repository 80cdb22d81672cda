# Local merge of the trainings and employers migration branches (accounts branch only; main has its own).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_employer_moderation"),
        ("directory", "0003_sqlite_search_stemming"),
    ]

    operations = []
