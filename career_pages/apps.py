from django.apps import AppConfig


class CareerPagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "career_pages"
    verbose_name = "Career pages"
