"""What every page's footer shows: the information pages editors put in menus, and the funder line.

Read from the database once per site and language (a Spanish page lists the Spanish information pages) and kept
in the default cache, like the section links
(home/sections.py): publishing, unpublishing, moving or deleting a page, or saving a Site or the
site identity settings, forgets it.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from home.models import InformationPage, SiteIdentitySettings

_CACHE_KEY = "site-footer"


def _read_footer(site):
    links = []
    funder = ""
    if site is not None:
        pages = (
            InformationPage.objects.live()
            .public()
            .child_of(site.root_page.localized)
            .filter(show_in_menus=True)
            .order_by("path")
            .only("title", "url_path")
        )
        links = [{"title": page.title, "url": page.get_url()} for page in pages]
        # Read, never create: SiteIdentitySettings.for_site() would insert the site's row on a page view, and
        # saving a setting clears the whole page cache (page_cache/signals.py). No row yet means no line.
        funder = (
            SiteIdentitySettings.objects.filter(site=site).values_list("funder_acknowledgement", flat=True).first()
            or ""
        ).strip()
    return {"links": links, "funder_acknowledgement": funder}


def footer_for_request(request):
    """{"links": [{"title", "url"}...], "funder_acknowledgement": "..."} for the request's site."""
    host = request.get_host() if request is not None else ""
    key = f"{host}|{translation.get_language()}"
    footers = cache.get(_CACHE_KEY) or {}
    footer = footers.get(key)
    if footer is None:
        site = Site.find_for_request(request) if request is not None else None
        if site is None:
            site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        footer = _read_footer(site)
        footers[key] = footer
        cache.set(_CACHE_KEY, footers, timeout=None)
    return footer


def forget_footer(**kwargs):
    cache.delete(_CACHE_KEY)
    # Again after the commit: a request in between may have cached what the database said before it.
    transaction.on_commit(lambda: cache.delete(_CACHE_KEY))


for _signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
    _signal.connect(forget_footer, dispatch_uid=f"forget_footer_{id(_signal)}")
post_save.connect(forget_footer, sender=Site, dispatch_uid="forget_footer_site_saved")
post_save.connect(forget_footer, sender=SiteIdentitySettings, dispatch_uid="forget_footer_settings_saved")


@receiver(post_delete, dispatch_uid="forget_footer_page_deleted")
def _page_deleted(sender, **kwargs):
    if issubclass(sender, Page):
        forget_footer()
