from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
MEDIA_ROOT = BASE_DIR / "test-media"  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
# The page cache is off in tests (a test that changes data without publishing
# would otherwise see stale pages); tests/page_cache turns it on.
CACHES["pagecache"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests-pages"}
PAGE_CACHE_ENABLED = False
