from django.urls import path

from . import views

app_name = "accounts"


urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("plan/export.csv", views.plan_export, name="plan_export"),
    path("plan/items/<int:item_id>/", views.item_update, name="item_update"),
    path("plan/items/<int:item_id>/remove/", views.item_remove, name="item_remove"),
    path("save/<str:kind>/<int:pk>/", views.save, name="save"),
    path("unsave/<str:kind>/<int:pk>/", views.unsave, name="unsave"),
    path("profile/", views.profile_edit, name="profile"),
    path("delete/", views.delete_account, name="delete"),
]
