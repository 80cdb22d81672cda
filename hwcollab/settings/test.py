import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MAIL_DELIVERY_BACKEND = EMAIL_BACKEND
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
MEDIA_ROOT = BASE_DIR / "test-media"  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
# The page cache is off in tests (a test that changes data without publishing
# would otherwise see stale pages); tests/page_cache turns it on.
CACHES["pagecache"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests-pages"}
PAGE_CACHE_ENABLED = False
# The suite makes many requests in a row from one address; tests/api/test_throttling.py sets low limits.
API_THROTTLE_RATE = SEARCH_THROTTLE_RATE = SUGGEST_THROTTLE_RATE = "1000000/min"

# Optional: keep the SQLite test database in a file so `pytest --reuse-db` skips the migrations next time.
if os.environ.get("TEST_SQLITE_FILE") and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_SQLITE_FILE"]}  # noqa: F405
