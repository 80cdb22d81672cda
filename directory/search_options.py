"""The choices every directory search offers: one geography (`directory.geo`), one radius list, one page size."""

RADIUS_CHOICES = [(5, "5 miles"), (10, "10 miles"), (25, "25 miles"), (50, "50 miles"), (100, "100 miles")]
DEFAULT_RADIUS = 25
RESULTS_PER_PAGE = 20
