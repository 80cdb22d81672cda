"""URLconf for tests: the site's URLs without the account pages (the block's fallback case)."""

from hwcollab.urls import urlpatterns as site_urlpatterns

urlpatterns = [pattern for pattern in site_urlpatterns if str(pattern.pattern) != "accounts/"]
