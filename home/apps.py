from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"

    def ready(self):
        from home import (
            footer,  # noqa: F401  (connects the receivers that forget the cached footer)
            localize_fixes,
            sections,  # noqa: F401  (connects the receivers that forget moved section URLs)
        )

        localize_fixes.apply()
