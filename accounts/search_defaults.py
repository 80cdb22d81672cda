"""The signed-in visitor's home ZIP as the default `near` of the training and employer searches."""

from django.http import QueryDict

from .models import Profile


def home_zip(user):
    if not getattr(user, "is_authenticated", False):
        return ""
    return Profile.objects.filter(user=user).values_list("home_zip", flat=True).first() or ""


def search_data(request):
    """request.GET, or near=<home ZIP> when a signed-in visitor opens a search page without a query.

    Only a bare visit gets the default: any search the visitor submits (including one that clears the
    ZIP, or the "search anywhere" link) is taken as it is.
    """
    if request.GET:
        return request.GET
    zip_code = home_zip(getattr(request, "user", None))
    if not zip_code:
        return request.GET
    data = QueryDict(mutable=True)
    data["near"] = zip_code
    return data
