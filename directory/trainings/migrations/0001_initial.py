import directory.trainings.models
import django.core.validators
import django.db.models.deletion
import hwcollab.preview
import modelcluster.fields
import modelsearch.index
import wagtail.fields
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models



MODELS = ["trainingindexpage", "traininglanguage", "trainingprovider", "trainingpage"]


def repoint_content_types(apps, schema_editor):
    """Existing pages, revisions, permissions and search index entries keep their content type rows: the rows move
    from the directory app to this one (their ids, and so every reference to them, stay)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="directory", model__in=MODELS).update(app_label="trainings")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="trainings", model__in=MODELS).update(app_label="directory")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('directory', '0010_sqlite_search_entry_object_index'),
        ('career_pages', '0003_employer_blocks'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        # The tables exist already (made by the directory app's migrations 0001-0010): only the state moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='TrainingIndexPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', wagtail.fields.RichTextField(blank=True)),
                    ],
                    options={
                        'verbose_name': 'training index page',
                        'db_table': 'directory_trainingindexpage',
                    },
                    bases=('wagtailcore.page',),
                ),
                migrations.CreateModel(
                    name='TrainingLanguage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(help_text="Used in search URLs, e.g. 'es'.", max_length=20, unique=True)),
                        ('name', models.CharField(max_length=100, unique=True)),
                    ],
                    options={
                        'verbose_name': 'training language',
                        'db_table': 'directory_traininglanguage',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='TrainingProvider',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=255, unique=True)),
                        ('website', models.URLField(blank=True, max_length=500)),
                    ],
                    options={
                        'verbose_name': 'training provider',
                        'db_table': 'directory_trainingprovider',
                        'ordering': ['name'],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='TrainingPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('external_id', models.CharField(blank=True, db_index=True, help_text='Stable id from the CSV import (leave empty for programs entered by hand).', max_length=100)),
                        ('summary', models.TextField(blank=True, help_text='One or two sentences shown in search results.', max_length=400)),
                        ('description', wagtail.fields.RichTextField(blank=True)),
                        ('credential', models.CharField(blank=True, choices=[('certificate', 'Certificate'), ('associate', 'Associate degree'), ('bachelor', "Bachelor's degree"), ('master', "Master's degree"), ('continuing-education', 'Professional development / continuing education'), ('exam-prep', 'Certification exam preparation')], max_length=30)),
                        ('delivery_format', models.CharField(blank=True, choices=[('online', 'Online'), ('in-person', 'In person'), ('hybrid', 'Hybrid')], max_length=20, verbose_name='format')),
                        ('schedule', models.CharField(blank=True, choices=[('full-time', 'Full-time'), ('part-time', 'Part-time'), ('self-paced', 'Self-paced'), ('evenings-weekends', 'Evenings/weekends')], max_length=30)),
                        ('street_address', models.CharField(blank=True, max_length=255)),
                        ('city', models.CharField(blank=True, max_length=100)),
                        ('state', models.CharField(blank=True, default='NY', max_length=2)),
                        ('zip_code', models.CharField(blank=True, max_length=10, verbose_name='ZIP code')),
                        ('latitude', models.FloatField(blank=True, editable=False, null=True)),
                        ('longitude', models.FloatField(blank=True, editable=False, null=True)),
                        ('cost', models.DecimalField(blank=True, decimal_places=2, help_text='Total tuition and fees. 0 means free; leave empty if unknown.', max_digits=9, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='cost (US dollars)')),
                        ('cost_note', models.CharField(blank=True, help_text='E.g. "Financial aid available".', max_length=255)),
                        ('length_value', models.PositiveIntegerField(blank=True, null=True, verbose_name='length')),
                        ('length_unit', models.CharField(blank=True, choices=[('hours', 'Hours'), ('weeks', 'Weeks'), ('months', 'Months')], max_length=10)),
                        ('length_weeks', models.FloatField(blank=True, db_index=True, editable=False, null=True)),
                        ('enrollment_url', models.URLField(blank=True, max_length=500, verbose_name='enrollment URL')),
                        ('contact_phone', models.CharField(blank=True, max_length=40)),
                        ('contact_email', models.EmailField(blank=True, max_length=254)),
                        ('last_verified', models.DateField(blank=True, help_text='When this information was last checked.', null=True)),
                        ('languages', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='trainings', to='trainings.traininglanguage')),
                        ('related_careers', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='trainings', to='career_pages.careerpage')),
                        ('provider', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='trainings', to='trainings.trainingprovider')),
                    ],
                    options={
                        'verbose_name': 'training',
                        'db_table': 'directory_trainingpage',
                        'indexes': [models.Index(fields=['latitude', 'longitude'], name='directory_training_latlon'), models.Index(fields=['cost'], name='directory_training_cost')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('external_id', ''), _negated=True), fields=('external_id',), name='directory_training_unique_external_id')],
                    },
                    bases=(hwcollab.preview.HeadlessPreviewMixin, directory.trainings.models.TrainingFacts, 'wagtailcore.page'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(repoint_content_types, restore_content_types),
    ]
