from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory.trainings"
    label = "trainings"
    verbose_name = "Trainings"

    def ready(self):
        from directory.trainings.compare import serve_compare
        from directory.trainings.finder import serve_finder
        from directory.trainings.search import serve_training_search

        # TrainingIndexPage.serve answers with the search (the search imports the models, not the other way).
        self.serve_search = serve_training_search
        self.serve_finder = serve_finder
        self.serve_compare = serve_compare
