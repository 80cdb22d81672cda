"""The language switcher, the hreflang alternates and the untranslated-content note (home/translation.py)."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from wagtail.models import Page

from home.translation import live_translations, localized_path, nearest_translation, untranslated_content_language

register = template.Library()


def _home_path(language):
    with translation.override(language):
        return reverse("wagtail_serve", args=("",))


def _target_path(request, page, language):
    """Where the switcher sends a visitor who picks `language`: the same page, else its section, else home."""
    if isinstance(page, Page) and page.pk:
        translated = nearest_translation(page, language)
        if translated is not None:
            return translated.get_url(request) or _home_path(language)
        return _home_path(language)
    if request is None:
        return _home_path(language)
    path = localized_path(request.path, language)
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        target = _target_path(request, page, code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": f"{reverse('set_language', args=(code,))}?{urlencode({'next': target})}",
            }
        )
    return {"links": links}


@register.simple_tag
def hreflang_alternates(page):
    """[{"code", "url"}] for a page with at least one translation, then x-default (the default language)."""
    if not isinstance(page, Page) or not page.pk:
        return []
    translations = live_translations(page)
    if len(translations) < 2:
        return []
    alternates = [{"code": code, "url": each.full_url} for code, each in translations.items() if each.full_url]
    default = next((item["url"] for item in alternates if item["code"] == settings.LANGUAGE_CODE), None)
    if default:
        alternates.append({"code": "x-default", "url": default})
    return alternates


@register.simple_tag(takes_context=True)
def untranslated_language(context, page):
    """The language of the page's content when it is not the visitor's (an English page under /es/), else ""."""
    return untranslated_content_language(page, context.get("request"))
