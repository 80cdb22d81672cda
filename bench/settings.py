"""Production settings plus one extra URL, kept out of the page cache: a saved static copy of the career page.

Used only by `make bench` (bench/run.py), which sets the environment production requires.
"""

from hwcollab.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
PAGE_CACHE_SKIPPED_PATHS = ["/__bench__/"]
