"""Where the site's sections live (careers, the training search, the employer directory), for links
from every other page: the header, career-page blocks, site search, empty states.

Each section is a page editors may move or rename. Its URL is read from the database once and kept in
the default cache, so those links cost no query per request; publishing, unpublishing, moving, renaming
or deleting any page, or saving a Site, forgets them. Without a live page the conventional path is used.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

SECTIONS = {
    "careers": ("career_pages.CareerIndexPage", "/careers/"),
    "trainings": ("trainings.TrainingIndexPage", "/trainings/"),
    "employers": ("employers.EmployerDirectoryPage", "/employers/"),
}
_CACHE_KEY = "section-urls"


def section_urls():
    """{"careers": "/careers/", "trainings": ..., "employers": ...}: one query when not cached."""
    urls = cache.get(_CACHE_KEY)
    if urls is None:
        models = {name: apps.get_model(label) for name, (label, _) in SECTIONS.items()}
        # The first live page of each type (tree order); Page.get_url needs no specific instance.
        first_pages = {}
        for page in Page.objects.live().type(*models.values()).order_by("path").only("url_path", "content_type"):
            first_pages.setdefault(page.content_type_id, page)
        urls = {}
        for name, model in models.items():
            page = first_pages.get(ContentType.objects.get_for_model(model, for_concrete_model=False).pk)
            urls[name] = (page.get_url() if page else None) or SECTIONS[name][1]
        cache.set(_CACHE_KEY, urls, timeout=None)
    return urls


def section_url(section):
    """The path of "careers", "trainings" or "employers", e.g. "/trainings/"."""
    return section_urls()[section]


def forget_section_urls(**kwargs):
    cache.delete(_CACHE_KEY)
    # Again after the commit: a request in between may have cached what the database said before it.
    transaction.on_commit(lambda: cache.delete(_CACHE_KEY))


for _signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
    _signal.connect(forget_section_urls, dispatch_uid=f"forget_section_urls_{id(_signal)}")
post_save.connect(forget_section_urls, sender=Site, dispatch_uid="forget_section_urls_site_saved")


@receiver(post_delete, dispatch_uid="forget_section_urls_page_deleted")
def _page_deleted(sender, **kwargs):
    if issubclass(sender, Page):
        forget_section_urls()
