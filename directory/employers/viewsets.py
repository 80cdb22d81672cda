"""The "Employers" admin: moderators' list, filters, CSV export and inspect view."""

import django_filters
from django.db.models import Exists, OuterRef
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.models import WorkflowState
from wagtail.snippets.views.snippets import SnippetViewSet

from directory import geo
from directory.employers.models import CARE_SETTING_CHOICES, PUBLIC_FIELDS, EmployerSnippet
from directory.fields import ChoiceListField

STATUS_CHOICES = [("live", "Live"), ("draft", "Draft"), ("in-moderation", "In moderation")]


def in_moderation_subquery():
    return WorkflowState.objects.filter(
        base_content_type__app_label=EmployerSnippet._meta.app_label,
        base_content_type__model="employersnippet",
        object_id=OuterRef("pk_text"),
        status=WorkflowState.STATUS_IN_PROGRESS,
    )


def annotate_moderation(queryset):
    from django.db.models import CharField
    from django.db.models.functions import Cast

    return queryset.annotate(pk_text=Cast("pk", output_field=CharField())).annotate(
        in_moderation=Exists(in_moderation_subquery())
    )


class EmployerFilterSet(WagtailFilterSet):
    setting = django_filters.ChoiceFilter(label="Care setting", choices=CARE_SETTING_CHOICES, method="filter_setting")
    region = django_filters.ChoiceFilter(label="Region", choices=geo.REGION_CHOICES)
    status = django_filters.ChoiceFilter(label="Status", choices=STATUS_CHOICES, method="filter_status")
    hiring_now = django_filters.BooleanFilter(label="Hiring now")

    class Meta:
        model = EmployerSnippet
        fields = ["setting", "region", "status", "hiring_now"]

    def filter_setting(self, queryset, name, value):
        return queryset.filter(care_settings__contains=ChoiceListField.contains_lookup(value)) if value else queryset

    def filter_status(self, queryset, name, value):
        if value == "live":
            return queryset.filter(live=True)
        if value == "draft":
            return annotate_moderation(queryset).filter(live=False, in_moderation=False)
        if value == "in-moderation":
            return annotate_moderation(queryset).filter(in_moderation=True)
        return queryset


class StatusColumn(Column):
    def get_value(self, instance):
        in_moderation = getattr(instance, "in_moderation", None)
        if in_moderation:
            return "In moderation" + (" (live version shown)" if instance.live else "")
        if instance.live:
            return "Live + draft" if instance.has_unpublished_changes else "Live"
        return "Draft"


class EmployerViewSet(SnippetViewSet):
    model = EmployerSnippet
    icon = "group"
    menu_label = "Employers"
    menu_name = "employers"
    menu_order = 210
    add_to_admin_menu = True
    list_per_page = 50
    list_display = [
        "name",
        "city",
        Column("region_label", label="Region", sort_key="region"),
        Column("care_settings_text", label="Settings"),
        StatusColumn("status", label="Status"),
        DateColumn("updated_at", label="Updated", sort_key="updated_at"),
    ]
    filterset_class = EmployerFilterSet
    # ORM search so moderators can also find a listing by its (private) contact details.
    search_fields = ["name", "city", "zip_code", "contact_name", "contact_email", "submitter_email", "external_id"]
    search_backend_name = None
    list_export = [
        "name",
        "slug",
        "live",
        "city",
        "state",
        "zip_code",
        "region",
        "care_settings",
        "job_titles",
        "other_job_titles",
        "hiring_now",
        "phone",
        "website",
        "careers_url",
        "last_verified",
        "contact_name",
        "contact_email",
        "submitter_email",
        "external_id",
        "updated_at",
    ]
    export_headings = {"care_settings": "Care settings", "job_titles": "Job titles", "zip_code": "ZIP"}
    export_filename = "employers"
    inspect_view_enabled = True
    # Moderators see every public field, then the private ones.
    inspect_view_fields = [
        *PUBLIC_FIELDS,
        "contact_name",
        "contact_email",
        "submitter_email",
        "moderator_notes",
        "external_id",
    ]

    def get_queryset(self, request):
        return annotate_moderation(EmployerSnippet.objects.all())
