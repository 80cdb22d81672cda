"""What the apps above trainings and employers add to their pages, through Wagtail's hooks.

Trainings and employers do not import the apps that build on them (accounts, for one); those apps register
functions in their `wagtail_hooks.py` instead:

- `directory_listing_actions`: `fn(context, listing)` returns HTML ("" for none) shown on every training and
  employer card and detail page; `listing` is a training page, a training card or an employer.
  Accounts adds its Save to my plan button.
- `directory_search_defaults`: `fn(request)` returns a dict of search values (e.g. `{"near": "12207"}`) for a
  visitor who opens a search page without a query; the first non-empty answer is used.
"""

from django.http import QueryDict
from django.utils.html import format_html_join
from wagtail import hooks

LISTING_ACTIONS = "directory_listing_actions"
SEARCH_DEFAULTS = "directory_search_defaults"


def listing_actions(context, listing):
    """The HTML every registered app adds to a listing, in registration order."""
    parts = [fn(context, listing) for fn in hooks.get_hooks(LISTING_ACTIONS)]
    return format_html_join("", "{}", ((part,) for part in parts if part))


def search_data(request):
    """request.GET, or the registered defaults when a visitor opens a search page without a query.

    Only a bare visit gets defaults: any search the visitor submits (including one that clears the
    ZIP, or the "search anywhere" link) is taken as it is.
    """
    if request.GET:
        return request.GET
    for fn in hooks.get_hooks(SEARCH_DEFAULTS):
        values = fn(request)
        if values:
            data = QueryDict(mutable=True)
            data.update(values)
            return data
    return request.GET
