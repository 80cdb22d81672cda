from wagtail import hooks

from directory.import_views import ImportKind


def _training_importer(dry_run, publish):
    from directory.trainings.importing import TrainingImporter

    return TrainingImporter(dry_run=dry_run)


@hooks.register("register_csv_import")
def trainings_csv_import():
    return ImportKind(
        name="trainings",
        label="Trainings",
        permission="trainings.add_trainingpage",
        make_importer=_training_importer,
        help_text=(
            "Creates or updates training pages under /trainings/, matched by external_id, and publishes them. "
            "Importing the same file twice changes nothing."
        ),
        columns_doc="docs/trainings-import.md",
        icon="doc-full",
    )
