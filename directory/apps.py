from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = "Trainings and employers"

    def ready(self):
        from directory import signals  # noqa: F401  (connects the employer publish/unpublish hooks)
