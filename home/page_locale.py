"""Which pages a visitor sees in lists and searches, by the language of the page they are on.

English (the default language): the English pages. Spanish: the Spanish pages, and the English pages that have no
Spanish version, so that nothing is hidden from a Spanish visitor because it is not translated yet (each shows in
English). Never both versions of one page.
"""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language
from wagtail.models import Locale, Page


def visitor_language(language=None):
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE.split("-")[0]


def in_visitor_locale(queryset, language=None):
    """`queryset` (of pages) limited to the visitor's language, falling back to English pages without a version in
    it (see the module docstring)."""
    # Subqueries, no query of their own; on `locale` and `translation_key`, the fields Page's search index can
    # filter on, so the queryset can still be searched.
    language = visitor_language(language)
    default = settings.LANGUAGE_CODE.split("-")[0]
    default_locale = Locale.objects.filter(language_code=default).values("pk")
    if language == default:
        return queryset.filter(locale__in=default_locale)
    locale = Locale.objects.filter(language_code=language).values("pk")
    translated = Page.objects.filter(locale__in=locale).values("translation_key")
    return queryset.filter(Q(locale__in=locale) | (Q(locale__in=default_locale) & ~Q(translation_key__in=translated)))
