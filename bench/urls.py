from django.urls import path

from hwcollab.urls import handler404, handler500  # noqa: F401
from hwcollab.urls import urlpatterns as site_urlpatterns

from .views import static_career_page

urlpatterns = [path("__bench__/static-career-page/", static_career_page), *site_urlpatterns]
