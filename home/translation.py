"""Pages in more than one language (docs/translation.md): the fallback to English, the switcher's targets,
the hreflang alternates.

Spanish pages are translations made with wagtail-localize: a Spanish tree under the Spanish home page, a
sibling of the English one. A Spanish URL whose page is not translated yet never fails: the Spanish tree is
followed as far as it goes, then the English tree from the English counterpart of the last Spanish page
found (`TranslationFallbackMixin`), and the English page is shown with a note in Spanish
(`content_language`, templates/base.html). Without any Spanish home page, Wagtail's routing already uses the
English one.
"""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from wagtail.models import Locale, Page


def default_locale():
    return Locale.get_default()


class TranslationFallbackMixin:
    """For the site's root page type: a path missing from a translated tree is served from the default one."""

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            fallback = self._fallback_route(request, path_components)
            if fallback is None:
                raise
            return fallback

    def _fallback_route(self, request, path_components):
        default = default_locale()
        if self.locale_id == default.pk:
            return None
        page, remaining = self, list(path_components)
        while remaining:
            child = page.get_children().filter(slug=remaining[0]).first()
            if child is None:
                break
            page, remaining = child, remaining[1:]
        # An alias (wagtail-localize's synchronised tree) already stands for its original: continue from that.
        original = page.get_translation_or_none(default)
        if original is None:
            return None
        return original.specific.route(request, remaining)


def locale_codes(request=None):
    """{locale id: language code}, read once per request (a handful of rows)."""
    codes = getattr(request, "_locale_codes", None)
    if codes is None:
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        if request is not None:
            request._locale_codes = codes
    return codes


def content_language(page, request=None):
    """The language the page's content is written in: an alias shows its original's."""
    if page.alias_of_id:
        return page.alias_of.locale.language_code
    # The page is among its own live translations (read anyway for the switcher and hreflang): no query more.
    for code, each in live_translations(page).items():
        if each.pk == page.pk:
            return code
    return locale_codes(request)[page.locale_id]


def untranslated_content_language(page, request=None):
    """The language code of the page's content when it is not the visitor's language, else ""."""
    if not isinstance(page, Page) or not page.pk:
        return ""
    language = content_language(page, request)
    return language if language != translation.get_language() else ""


def live_translations(page):
    """{language code: page} for the live, real (not alias) translations of `page`, itself included.

    One query, kept on the page: the switcher, the hreflang links and the untranslated note all use it.
    Not filtered on view restrictions (`.public()` would cost a query more on every page): a translation
    is restricted like its original, or the visitor is asked to sign in, as on any other link to it.
    """
    cached = getattr(page, "_live_translations", None)
    if cached is None:
        pages = (
            Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True)
            .live()
            .select_related("locale")
            .order_by("locale__language_code")
        )
        cached = page._live_translations = {each.locale.language_code: each for each in pages}
    return cached


def nearest_translation(page, language):
    """The page in `language`, else its nearest ancestor that has one (its section), else None."""
    translated = live_translations(page).get(language)
    if translated is not None:
        return translated
    ancestors = page.get_ancestors().filter(depth__gt=1).values("translation_key")
    sections = (
        Page.objects.filter(translation_key__in=ancestors, locale__language_code=language, alias_of__isnull=True)
        .live()
        .order_by("-depth")
    )
    return sections.first()


def localized_path(path, language):
    """A non-page path (/search/?q=...) in another language: the same path with or without its prefix."""
    current = translation.get_language_from_path(path)
    if current and current != settings.LANGUAGE_CODE:
        path = path[len(current) + 1 :] or "/"
    if language != settings.LANGUAGE_CODE:
        path = f"/{language}{path}"
    return path
