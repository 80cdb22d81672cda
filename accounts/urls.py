from django.urls import path, register_converter

from . import views


class IdConverter:
    """A database id: at most 18 digits, so a guessed huge number is a 404, not an overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")

app_name = "accounts"


urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("plan/export.csv", views.plan_export, name="plan_export"),
    path("plan/items/<id:item_id>/", views.item_update, name="item_update"),
    path("plan/items/<id:item_id>/remove/", views.item_remove, name="item_remove"),
    path("save/<str:kind>/<id:pk>/", views.save, name="save"),
    path("unsave/<str:kind>/<id:pk>/", views.unsave, name="unsave"),
    path("profile/", views.profile_edit, name="profile"),
    path("delete/", views.delete_account, name="delete"),
]
