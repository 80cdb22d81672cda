"""Occupations in the admin (Snippets): BLS's are read-only, an editor may add others."""

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from occupations.models import Occupation


class OccupationForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.from_bls:
            # The next import would overwrite an edit: BLS's codes and titles are BLS's.
            for name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = "From BLS OEWS: updated by import_oews, not editable here."
        elif self.instance.pk:
            # The code is the key career pages store: changing it would orphan them.
            self.fields["soc_code"].disabled = True


class OccupationViewSet(SnippetViewSet):
    model = Occupation
    icon = "user"
    menu_label = "Occupations"
    add_to_admin_menu = False
    list_display = ["soc_code", "title", "group", "source"]
    list_filter = ["group", "source"]
    search_fields = ["soc_code", "title"]
    ordering = ["soc_code"]

    edit_handler = ObjectList(Occupation.panels, base_form_class=OccupationForm)


register_snippet(OccupationViewSet)
