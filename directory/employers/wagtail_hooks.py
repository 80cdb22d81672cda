from wagtail import hooks
from wagtail.snippets.models import register_snippet

from directory.employers.viewsets import EmployerViewSet
from directory.import_views import ImportKind

register_snippet(EmployerViewSet)


def _employer_importer(dry_run, publish):
    from directory.employers.importing import EmployerImporter

    return EmployerImporter(publish=publish, dry_run=dry_run)


@hooks.register("register_csv_import")
def employers_csv_import():
    return ImportKind(
        name="employers",
        label="Employers",
        permission="employers.add_employersnippet",
        make_importer=_employer_importer,
        help_text=(
            "Creates or updates employer listings, matched by external_id. New and changed listings go to "
            "moderation unless you publish them at once."
        ),
        columns_doc="docs/employers-import.md",
        publish_permission="employers.publish_employersnippet",
        publish_label="Publish at once (skip moderation)",
        icon="group",
    )
