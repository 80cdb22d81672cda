from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from home.api_cache import api_cached
from home.sitemaps import PublicSitemap
from hwcollab import health
from hwcollab.api import api_not_found, api_router
from hwcollab.api_views import APIDocsView, APIIndexView, APISchemaView
from hwcollab.login_security import ThrottledPasswordResetView
from search import views as search_views

urlpatterns = [
    path("healthz/", health.healthz, name="healthz"),
    path("readyz/", health.readyz, name="readyz"),
    # Employers moved from the directory app to the employers app: links in moderation emails sent before keep working.
    re_path(
        r"^admin/snippets/directory/employersnippet/(?P<rest>.*)$",
        RedirectView.as_view(
            url="/admin/snippets/employers/employersnippet/%(rest)s", permanent=True, query_string=True
        ),
    ),
    # Ahead of Wagtail's own view at the same address: the same form, with a rate limit on the emails it sends.
    path("admin/password_reset/", ThrottledPasswordResetView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_cached(APIIndexView.as_view()), name="api_index"),
    path("api/v2/schema/", api_cached(APISchemaView.as_view()), name="api_schema"),
    path("api/v2/docs/", APIDocsView.as_view(), name="api_docs"),
    path("api/v2/", api_router.urls),
    re_path(r"^api/", api_not_found),
    path("search/", search_views.search, name="search"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PublicSitemap}}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
]

if settings.DJANGO_ADMIN_ENABLED:
    urlpatterns.insert(0, path("django-admin/", admin.site.urls))

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's page serving catches everything not matched above: keep it last.
    path("", include(wagtail_urls)),
]

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
