from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_saved_items_follow_moved_models'),
        ('directory', '0010_sqlite_search_entry_object_index'),
    ]

    operations = [
        # The models now belong to directory.trainings and directory.employers, which keep these tables.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='employersnippet',
                    name='latest_revision',
                ),
                migrations.RemoveField(
                    model_name='employersnippet',
                    name='live_revision',
                ),
                migrations.RemoveField(
                    model_name='employersnippet',
                    name='locked_by',
                ),
                migrations.RemoveField(
                    model_name='employersnippet',
                    name='logo',
                ),
                migrations.RemoveField(
                    model_name='trainingindexpage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='trainingpage',
                    name='languages',
                ),
                migrations.RemoveField(
                    model_name='trainingpage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='trainingpage',
                    name='provider',
                ),
                migrations.RemoveField(
                    model_name='trainingpage',
                    name='related_careers',
                ),
                migrations.DeleteModel(
                    name='EmployerDirectoryPage',
                ),
                migrations.DeleteModel(
                    name='EmployerSnippet',
                ),
                migrations.DeleteModel(
                    name='TrainingIndexPage',
                ),
                migrations.DeleteModel(
                    name='TrainingLanguage',
                ),
                migrations.DeleteModel(
                    name='TrainingProvider',
                ),
                migrations.DeleteModel(
                    name='TrainingPage',
                ),
            ],
            database_operations=[],
        ),
    ]
