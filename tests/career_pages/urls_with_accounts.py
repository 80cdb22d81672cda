"""URLconf for tests: the site's URLs plus account pages, as the accounts app will provide them."""

from django.http import HttpResponse
from django.urls import include, path

from hwcollab.urls import urlpatterns as site_urlpatterns


def placeholder(request):
    return HttpResponse("")


accounts_patterns = (
    [path("signup/", placeholder, name="signup"), path("login/", placeholder, name="login")],
    "accounts",
)

urlpatterns = [path("accounts/", include(accounts_patterns)), *site_urlpatterns]
