"""The choices every directory search offers: one geography (`directory.geo`), one radius list, one page size, and
one shape of filter option for the shared filter markup (directory/templates/directory/filters/)."""

from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import ngettext


def _miles(count):
    return ngettext("%(count)d mile", "%(count)d miles", count) % {"count": count}


# "25 miles" in the language active when it is shown, not when this module is imported.
miles = lazy(_miles, str)

RADIUS_CHOICES = [(radius, miles(radius)) for radius in (5, 10, 25, 50, 100)]
DEFAULT_RADIUS = 25
RESULTS_PER_PAGE = 20


@dataclass
class FilterOption:
    """One checkbox of a filter: its facet count (an int, a capped "10,000+", or None for no count shown)."""

    value: str
    label: str
    count: object
    selected: bool
