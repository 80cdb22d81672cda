"""URLconf for tests: the site's URLs without the account pages (the block's fallback case)."""

from django.urls import URLResolver
from django.urls.resolvers import LocalePrefixPattern

from hwcollab.urls import urlpatterns as site_urlpatterns


def _without_accounts(patterns):
    kept = []
    for pattern in patterns:
        if str(pattern.pattern) == "accounts/":
            continue
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            # The visitor URLs, English and /es/ (i18n_patterns): the account pages are in there.
            pattern = URLResolver(pattern.pattern, _without_accounts(pattern.url_patterns))
        kept.append(pattern)
    return kept


urlpatterns = _without_accounts(site_urlpatterns)
