"""The signed-in visitor's home ZIP as the default `near` of the training and employer searches."""

# search_data lives in directory.hooks; the training search still imports it from here until it is rewritten.
from directory.hooks import search_data  # noqa: F401

from .models import Profile


def home_zip(user):
    if not getattr(user, "is_authenticated", False):
        return ""
    return Profile.objects.filter(user=user).values_list("home_zip", flat=True).first() or ""


def search_defaults(request):
    """Registered as the `directory_search_defaults` hook (accounts/wagtail_hooks.py)."""
    zip_code = home_zip(getattr(request, "user", None))
    return {"near": zip_code} if zip_code else {}
