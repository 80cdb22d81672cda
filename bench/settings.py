"""Production settings plus one extra URL, kept out of the page cache: a saved static copy of the career page.

Used only by `make bench` (bench/run.py), which sets the environment production requires.
"""

from hwcollab.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
PAGE_CACHE_SKIPPED_PATHS = ["/__bench__/"]
# The load comes from one address: per-client limits (docs/api.md, "Limits") would answer it with 429s.
API_THROTTLE_RATE = SEARCH_THROTTLE_RATE = SUGGEST_THROTTLE_RATE = ""
