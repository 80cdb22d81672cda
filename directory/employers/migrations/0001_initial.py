import importlib

import directory.employers.models
import directory.fields
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import modelsearch.index
import wagtail.contrib.routable_page.models
import wagtail.fields
import wagtail.models.preview
from django.conf import settings
from django.db import migrations, models

from search.backends import schema



MODELS = ["employersnippet", "employerdirectorypage"]


def repoint_content_types(apps, schema_editor):
    """Existing pages, revisions, permissions and search index entries keep their content type rows: the rows move
    from the directory app to this one (their ids, and so every reference to them, stay)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="directory", model__in=MODELS).update(app_label="employers")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="employers", model__in=MODELS).update(app_label="directory")


def follow_renamed_content_type(apps, schema_editor):
    """The PostgreSQL triggers of directory migration 0009 find employer index entries by their content type's app
    label: point them at the new label."""
    copy = importlib.import_module("directory.migrations.0009_employer_search_copy")
    content_types = [("directory", "employersnippet"), ("employers", "employersnippet")]
    schema.install_row_copy(schema_editor, copy.TABLE, content_types, copy.NAMES)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('directory', '0010_sqlite_search_entry_object_index'),
        ('site_search', '0005_index_entry_partial_gin_by_kind'),
        ('career_pages', '0003_employer_blocks'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist already (made by the directory app's migrations 0001-0010): only the state moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='EmployerDirectoryPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', wagtail.fields.RichTextField(blank=True, help_text='Shown above the search form.')),
                        ('submit_intro', wagtail.fields.RichTextField(blank=True, help_text='Shown above the submission form.')),
                        ('thank_you_text', wagtail.fields.RichTextField(blank=True, help_text='Shown after a submission. Leave blank for the standard text about review.')),
                    ],
                    options={
                        'verbose_name': 'employer directory page',
                        'db_table': 'directory_employerdirectorypage',
                    },
                    bases=(wagtail.contrib.routable_page.models.RoutablePageMixin, 'wagtailcore.page'),
                ),
                migrations.CreateModel(
                    name='EmployerSnippet',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('live', models.BooleanField(default=True, editable=False, verbose_name='live')),
                        ('has_unpublished_changes', models.BooleanField(default=False, editable=False, verbose_name='has unpublished changes')),
                        ('first_published_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='first published at')),
                        ('last_published_at', models.DateTimeField(editable=False, null=True, verbose_name='last published at')),
                        ('go_live_at', models.DateTimeField(blank=True, null=True, verbose_name='go live date/time')),
                        ('expire_at', models.DateTimeField(blank=True, null=True, verbose_name='expiry date/time')),
                        ('expired', models.BooleanField(default=False, editable=False, verbose_name='expired')),
                        ('locked', models.BooleanField(default=False, editable=False, verbose_name='locked')),
                        ('locked_at', models.DateTimeField(editable=False, null=True, verbose_name='locked at')),
                        ('name', models.CharField(max_length=200)),
                        ('slug', models.SlugField(blank=True, help_text='The address of the listing: /employers/<slug>/. Filled in from the name if left blank.', max_length=220, unique=True)),
                        ('description', models.TextField(blank=True, help_text='What the employer does and who it serves (plain text).')),
                        ('care_settings', directory.fields.ChoiceListField(blank=True, default='', help_text='Choose every setting that applies.', verbose_name='care settings')),
                        ('job_titles', directory.fields.ChoiceListField(blank=True, default='', help_text='Job titles from the career pages.', verbose_name='job titles it hires for')),
                        ('other_job_titles', models.CharField(blank=True, help_text='Any other titles, separated by commas.', max_length=500, verbose_name='other job titles')),
                        ('street', models.CharField(blank=True, max_length=255)),
                        ('city', models.CharField(max_length=100)),
                        ('state', models.CharField(default='NY', max_length=2)),
                        ('zip_code', models.CharField(max_length=10, validators=[directory.employers.models.validate_us_zip], verbose_name='ZIP code')),
                        ('region', models.CharField(blank=True, choices=[('capital-region', 'Capital Region'), ('central-new-york', 'Central New York'), ('finger-lakes', 'Finger Lakes'), ('long-island', 'Long Island'), ('mid-hudson', 'Mid-Hudson'), ('mohawk-valley', 'Mohawk Valley'), ('new-york-city', 'New York City'), ('north-country', 'North Country'), ('southern-tier', 'Southern Tier'), ('western-new-york', 'Western New York')], db_index=True, editable=False, max_length=32)),
                        ('latitude', models.FloatField(blank=True, db_index=True, editable=False, null=True)),
                        ('longitude', models.FloatField(blank=True, db_index=True, editable=False, null=True)),
                        ('phone', models.CharField(blank=True, max_length=40, validators=[django.core.validators.RegexValidator('^\\+?1?[\\s.\\-]?\\(?\\d{3}\\)?[\\s.\\-]?\\d{3}[\\s.\\-]?\\d{4}(\\s*(x|ext\\.?)\\s*\\d{1,6})?$', 'Enter a US phone number, for example (518) 555-0142.')])),
                        ('website', models.URLField(blank=True, max_length=500)),
                        ('careers_url', models.URLField(blank=True, max_length=500, verbose_name='careers page')),
                        ('hiring_now', models.BooleanField(db_index=True, default=False, verbose_name='hiring now')),
                        ('logo_alt_text', models.CharField(blank=True, help_text='Describe the logo for screen readers.', max_length=255, verbose_name='logo alt text')),
                        ('last_verified', models.DateField(blank=True, db_index=True, null=True, verbose_name='last verified')),
                        ('contact_name', models.CharField(blank=True, max_length=200, verbose_name='contact name')),
                        ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='contact email')),
                        ('submitter_email', models.EmailField(blank=True, max_length=254, verbose_name="submitter's email")),
                        ('moderator_notes', models.TextField(blank=True, verbose_name='moderator notes')),
                        ('external_id', models.CharField(blank=True, help_text='Set by the CSV import.', max_length=100, null=True, unique=True, verbose_name='external ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('latest_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision')),
                        ('live_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='live revision')),
                        ('locked_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='locked_%(class)ss', to=settings.AUTH_USER_MODEL, verbose_name='locked by')),
                        ('logo', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image')),
                    ],
                    options={
                        'verbose_name': 'employer',
                        'verbose_name_plural': 'employers',
                        'db_table': 'directory_employersnippet',
                        'ordering': ['name'],
                        'indexes': [models.Index(fields=['zip_code', 'live', 'hiring_now', 'region', 'care_settings', 'name'], name='employer_zip_page_idx'), models.Index(fields=['live', 'name'], name='employer_live_name_idx')],
                    },
                    bases=(wagtail.models.preview.PreviewableMixin, modelsearch.index.Indexed, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(repoint_content_types, restore_content_types),
        migrations.RunPython(follow_renamed_content_type, migrations.RunPython.noop),
    ]
