from django.apps import AppConfig


class EmployersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory.employers"
    label = "employers"
    verbose_name = "Employers"

    def ready(self):
        from directory.employers import signals  # noqa: F401  (connects the employer publish/unpublish hooks)
