"""The visitor's language, from the URL alone (docs/translation.md).

English pages are unprefixed (`/careers/`), Spanish ones under `/es/` (`i18n_patterns` in hwcollab/urls.py).
Django's LocaleMiddleware would also read the Accept-Language header and the language cookie on every URL:
an English URL could then answer in Spanish, and every cached page would have to vary on both. Here the path
alone decides, so a cached page is right for everyone who asks for that path.

The remembered choice (the language cookie, set by the switcher's view, `set_language` below) is used in one
place: the bare home page `/` sends a visitor whose cookie names another language to that language's home.
That response is never shared; the page cache (page_cache/rules.py) and Varnish (deploy/varnish/default.vcl)
pass such a request on instead of answering it with the English `/` they hold.

MIDDLEWARE: before CommonMiddleware (its APPEND_SLASH check resolves URLs, which needs the language active).
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET


def supported_languages():
    return [code for code, _ in settings.LANGUAGES]


def default_language():
    return settings.LANGUAGE_CODE


def language_from_path(path):
    """The language a URL path is in: its prefix (`/es/...`), else the default language."""
    language = translation.get_language_from_path(path)
    return language if language in supported_languages() else default_language()


def remembered_language(request):
    """The language in the visitor's cookie, if it is a supported one."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return language if language in supported_languages() else None


def wants_other_home(request):
    """The bare home page asked for by a visitor whose cookie names a language other than the default."""
    if request.path_info != "/":
        return False
    language = remembered_language(request)
    return language is not None and language != default_language()


def home_url(language):
    with translation.override(language):
        return reverse("wagtail_serve", args=("",))


def private(response):
    patch_cache_control(response, private=True, no_cache=True)
    return response


class PathLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if wants_other_home(request):
            response = HttpResponseRedirect(home_url(remembered_language(request)))
            patch_vary_headers(response, ("Cookie",))
            return private(response)
        language = language_from_path(request.path_info)
        request.LANGUAGE_CODE = language
        # Restored afterwards: the next request in this thread (or a test) starts from the default again.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def safe_next(request, url):
    """`url` if it is a path on this site, else None (the switcher never sends visitors elsewhere)."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return None
    allowed = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False)
    return url if allowed else None


@require_GET
def set_language(request, language):
    """/language/<code>/?next=<path>: remember the visitor's choice in the language cookie and go to `next`.

    A plain link, so the switcher works without JavaScript. `next` is the same page in that language (the
    switcher computes it, home/templatetags/language_tags.py); anything that is not a path on this site
    goes to that language's home instead.
    """
    if language not in supported_languages():
        raise Http404("unknown language")
    response = HttpResponseRedirect(safe_next(request, request.GET.get("next")) or home_url(language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return private(response)
