"""Where the site's sections live (careers, the training search, the employer directory), for links
from every other page: the header, career-page blocks, site search, empty states.

Each section is a page editors may move or rename. Its URL is read from the database once and kept in
the default cache, so those links cost no query per request; publishing, unpublishing, moving, renaming,
saving or deleting any page, saving a Site, an employer listing or an image forgets them. Without a live
page the conventional path is used.

Each language has its own: on a Spanish page the links go to the Spanish sections (`/es/trainings/`); a section
with no page in that language gets the default language's path with the language's prefix, which the Spanish tree
routes to the English page with its note (home/translation.py).

The same cache entry carries a content version: a new one each time the entry is rebuilt, so anything
keyed on it (the career page's rendered body, career_pages/models.py) is forgotten with it. Within a
request the entry is read from the cache once, however many links the page has.
"""

import threading
import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from home.translation import localized_path

SECTIONS = {
    "careers": ("career_pages.CareerIndexPage", "/careers/"),
    "trainings": ("trainings.TrainingIndexPage", "/trainings/"),
    "employers": ("employers.EmployerDirectoryPage", "/employers/"),
}
_CACHE_KEY = "section-urls"
_request = threading.local()


def _section_state():
    """{"urls": {...}, "version": "..."}, read from the cache once per request."""
    state = getattr(_request, "state", None)
    if state is None:
        state = _read_state()
        if getattr(_request, "active", False):
            _request.state = state
    return state


def _read_state():
    state = cache.get(_CACHE_KEY)
    if not isinstance(state, dict) or "version" not in state:
        models = {name: apps.get_model(label) for name, (label, _) in SECTIONS.items()}
        # The first live page of each type and language (tree order); Page.get_url needs no specific instance.
        pages = Page.objects.live().type(*models.values()).select_related("locale").order_by("path")
        first_pages = {}
        for page in pages.only("url_path", "content_type", "locale__language_code"):
            first_pages.setdefault((page.content_type_id, page.locale.language_code), page)
        urls = {}
        for (content_type_id, language), page in first_pages.items():
            for name, model in models.items():
                if ContentType.objects.get_for_model(model, for_concrete_model=False).pk == content_type_id:
                    url = page.get_url()
                    if url:
                        urls.setdefault(language, {})[name] = url
        state = {"urls": urls, "version": uuid.uuid4().hex}
        cache.set(_CACHE_KEY, state, timeout=None)
    return state


def section_urls():
    """{"careers": "/careers/", "trainings": ..., "employers": ...} in the active language: one query when not
    cached."""
    urls = _section_state()["urls"]
    language = translation.get_language() or settings.LANGUAGE_CODE
    own, default = urls.get(language, {}), urls.get(settings.LANGUAGE_CODE, {})
    return {
        name: own.get(name) or localized_path(default.get(name) or fallback, language)
        for name, (_label, fallback) in SECTIONS.items()
    }


def content_version():
    """Changes whenever published content may have changed (see the module docstring)."""
    return _section_state()["version"]


def _request_started(**kwargs):
    _request.active, _request.state = True, None


def _request_finished(**kwargs):
    _request.active, _request.state = False, None


request_started.connect(_request_started, dispatch_uid="section_urls_request_started")
request_finished.connect(_request_finished, dispatch_uid="section_urls_request_finished")


def section_url(section):
    """The path of "careers", "trainings" or "employers", e.g. "/trainings/"."""
    return section_urls()[section]


def forget_section_urls(**kwargs):
    forget_section_urls_now()
    # Again after the commit: a request in between may have cached what the database said before it.
    transaction.on_commit(lambda: cache.delete(_CACHE_KEY))


def forget_section_urls_now():
    """Forget them at once, for code that already runs after the commit (page_cache/signals.py)."""
    _request.state = None
    cache.delete(_CACHE_KEY)


for _signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
    _signal.connect(forget_section_urls, dispatch_uid=f"forget_section_urls_{id(_signal)}")
post_save.connect(forget_section_urls, sender=Site, dispatch_uid="forget_section_urls_site_saved")


def _forgets(sender):
    # Pages, and what career-page blocks show besides pages: employer listings (snippets) and images.
    return issubclass(sender, Page) or sender._meta.label in ("employers.EmployerSnippet", "wagtailimages.Image")


@receiver(post_delete, dispatch_uid="forget_section_urls_page_deleted")
def _page_deleted(sender, **kwargs):
    if _forgets(sender):
        forget_section_urls()


@receiver(post_save, dispatch_uid="forget_section_urls_page_saved")
def _page_saved(sender, **kwargs):
    if _forgets(sender):
        forget_section_urls()
