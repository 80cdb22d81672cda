"""The choices every directory search offers: one geography (`directory.geo`), one radius list, one page size, and
one shape of filter option for the shared filter markup (directory/templates/directory/filters/)."""

from dataclasses import dataclass

RADIUS_CHOICES = [(5, "5 miles"), (10, "10 miles"), (25, "25 miles"), (50, "50 miles"), (100, "100 miles")]
DEFAULT_RADIUS = 25
RESULTS_PER_PAGE = 20


@dataclass
class FilterOption:
    """One checkbox of a filter: its facet count (an int, a capped "10,000+", or None for no count shown)."""

    value: str
    label: str
    count: object
    selected: bool
