from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "site_search"
    verbose_name = "Site search"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import SearchSynonym
        from .synonyms import clear_synonym_cache

        post_save.connect(clear_synonym_cache, sender=SearchSynonym, dispatch_uid="site_search_synonyms_saved")
        post_delete.connect(clear_synonym_cache, sender=SearchSynonym, dispatch_uid="site_search_synonyms_deleted")
