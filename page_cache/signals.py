"""Clear the page cache, and purge the front cache (front.py), whenever what a visitor can see changes.

A page lists trainings, features employers, links careers: working out which
cached URLs show a given object is fragile, and publishing is rare next to
reading, so any of these clears the whole page cache (only the page cache, see
backends.PrefixedRedisCache):

- a page or draft-state snippet published, unpublished, moved or deleted;
- a page's or a collection's privacy set or removed (a cached public copy must
  not outlive it);
- a CSV import (`directory.importing.rows_imported`: the bulk writers send no
  publish signals);
- a save or deletion of a snippet without drafts, a site setting, an image or
  a document: pages show them as soon as they are saved.

The clear waits for the transaction to commit so that no request re-caches the
old content in between.
"""

import logging

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, DraftStateMixin, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished
from wagtail.snippets.models import get_snippet_models

from directory.importing import rows_imported
from home.sections import forget_section_urls_now

from .front import purge_front_cache

logger = logging.getLogger(__name__)


def clear_page_cache(**kwargs):
    """Clear the page cache, and purge the front cache, once the current transaction commits.

    Also the hook for code that changes public data without Wagtail's publish
    signals (bulk imports, data generators): call it after the change.
    """
    connection = transaction.get_connection()
    # One clear per transaction, however many objects it publishes. The flag
    # tells a pending clear from one that already ran (test helpers that run
    # on-commit callbacks leave them in the list).
    pending = getattr(connection, "_page_cache_clear_pending", False)
    if pending and any(entry[1] is _clear_now for entry in connection.run_on_commit):
        return
    connection._page_cache_clear_pending = connection.in_atomic_block
    transaction.on_commit(_clear_now)


def _clear_now():
    transaction.get_connection()._page_cache_clear_pending = False
    try:
        caches[settings.CACHE_MIDDLEWARE_ALIAS].clear()
    except Exception:
        # A cache outage must not fail the publish; entries expire on their own.
        logger.exception("Could not clear the page cache.")
    # The career page's cached body is keyed on the content version: what clears the pages clears it too.
    # This already runs after the commit, so there is no second forget to queue.
    forget_section_urls_now()
    # After the page cache: a front cache refilling at once must not get the old page from it.
    purge_front_cache()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def _page_changed(sender, **kwargs):
    clear_page_cache()


@receiver(published)
@receiver(unpublished)
def _object_published_or_unpublished(sender, **kwargs):
    # Snippets with DraftStateMixin (employers) and pages alike.
    clear_page_cache()


def _live_object_deleted(sender, instance, **kwargs):
    if getattr(instance, "live", False):
        clear_page_cache()


@receiver(rows_imported)
def _rows_imported(sender, **kwargs):
    clear_page_cache()


def _shown_object_changed(sender, **kwargs):
    clear_page_cache()


def models_shown_when_saved():
    """Models whose saved state is what pages show (no draft to publish): plain snippets, settings, media."""
    from wagtail.contrib.settings.registry import registry as settings_registry

    models = {get_image_model(), get_document_model(), PageViewRestriction, CollectionViewRestriction}
    models.update(model for model in get_snippet_models() if not issubclass(model, DraftStateMixin))
    models.update(settings_registry)
    return models


def connect_deletion_receivers():
    """Deleting a live page or snippet hides it: clear then too; and connect the saved-state models.

    Connected per model rather than for every model, so that bulk deletes of
    other models keep Django's fast path.
    """
    post_delete.connect(_live_object_deleted, sender=Page, dispatch_uid="page_cache_page_deleted")
    for model in apps.get_models():
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page):
            post_delete.connect(_live_object_deleted, sender=model, dispatch_uid=f"page_cache_{model._meta.label}")
    for model in models_shown_when_saved():
        uid = f"page_cache_shown_{model._meta.label}"
        post_save.connect(_shown_object_changed, sender=model, dispatch_uid=uid + "_saved")
        post_delete.connect(_shown_object_changed, sender=model, dispatch_uid=uid + "_deleted")


connect_deletion_receivers()
