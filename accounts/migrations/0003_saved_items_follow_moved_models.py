import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_saveditem'),
        ('employers', '0001_initial'),
        ('trainings', '0001_initial'),
    ]

    operations = [
        # The same tables under their new apps: the foreign keys and their constraints are unchanged.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='saveditem',
                    name='employer',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='employers.employersnippet'),
                ),
                migrations.AlterField(
                    model_name='saveditem',
                    name='training',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='trainings.trainingpage'),
                ),
            ],
            database_operations=[],
        ),
    ]
