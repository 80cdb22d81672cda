from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """What trainings and employers share (geography, fields, search options). No models of its own: its migrations
    are the history of the tables that `directory.trainings` and `directory.employers` now own."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = "Directory (shared)"
