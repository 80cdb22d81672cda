"""The admin's Import menu: one item per kind of CSV import that an app registers (see directory/import_views.py)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from directory.import_views import CsvImportConfirmView, CsvImportView, import_kinds


@hooks.register("register_admin_urls")
def csv_import_urls():
    return [
        path("import/<slug:kind_name>/", CsvImportView.as_view(), name="directory_csv_import"),
        path("import/<slug:kind_name>/confirm/", CsvImportConfirmView.as_view(), name="directory_csv_import_confirm"),
    ]


class ImportMenuItem(MenuItem):
    def __init__(self, kind, order):
        url = reverse("directory_csv_import", args=[kind.name])
        super().__init__(kind.label, url, icon_name=kind.icon, order=order)
        self.kind = kind

    def is_shown(self, request):
        return self.kind.allowed(request.user)


class ImportMenu(Menu):
    """The registered kinds, each shown to the users allowed to import it."""

    def __init__(self):
        super().__init__(register_hook_name=None, construct_hook_name=None)

    @property
    def registered_menu_items(self):
        return [ImportMenuItem(kind, order) for order, kind in enumerate(import_kinds().values())]


@hooks.register("register_admin_menu_item")
def import_menu():
    return SubmenuMenuItem("Import", ImportMenu(), icon_name="upload", name="csv-import", order=9000)
