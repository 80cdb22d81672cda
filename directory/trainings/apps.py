from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory.trainings"
    label = "trainings"
    verbose_name = "Trainings"
