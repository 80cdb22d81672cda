import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
# A fixed key is fine for local development only; production requires SECRET_KEY.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALLOWED_HOSTS = ["*"]

# The site's own 404 and 500 pages even with DEBUG on (hwcollab/error_pages.py); DEBUG_ERROR_PAGES=django for Django's.
if DEBUG and os.environ.get("DEBUG_ERROR_PAGES", "site") != "django":
    MIDDLEWARE = [*MIDDLEWARE, "hwcollab.error_pages.SiteErrorPagesMiddleware"]  # noqa: F405
