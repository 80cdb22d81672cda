"""Settings shared by every environment. Everything that differs between
machines is read from the environment, so no secret lives in the repository."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


INSTALLED_APPS = [
    "home",
    "career_pages",
    "occupations",
    "directory",
    "directory.trainings",
    "directory.employers",
    "search",
    "accounts",
    # Translations of pages and snippets, and the Locales admin (docs/translation.md).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.api.v2",
    "wagtail_headless_preview",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    # The queue outgoing email waits in, in production (hwcollab/mail.py, TASKS below).
    "django_tasks_db",
    # The top of the layers (pyproject.toml): the site-wide commands that use every app.
    "hwcollab",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above everything that reads or writes the database: POSTs in one transaction, a lost connection retried.
    "hwcollab.middleware.RetryOnLostDatabaseConnection",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The URL's language (/es/...), not Accept-Language: see the module's docstring.
    "hwcollab.locale.PathLocaleMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "hwcollab.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "hwcollab.wsgi.application"

# Database: DATABASE_URL, else a SQLite file in the project so a fresh machine
# needs nothing but python3.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3's own pool replaces persistent connections (they exclude each other).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The pool checks a connection before handing it out: one that the server dropped is replaced, not used.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DB_POOL_MIN_SIZE", "2")),
        "max_size": int(os.environ.get("DB_POOL_MAX_SIZE", "10")),
        "timeout": 10,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, else local memory. Redis is an accelerator: when it is down or slow, the
# site serves without it (page_cache/backends.py). Short socket timeouts, so that a hung Redis costs a request
# a quarter of a second once, not a stall.
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_OPTIONS = {
    "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.25")),
    "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.25")),
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "page_cache.backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "hwcollab"),
            "OPTIONS": REDIS_OPTIONS,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "hwcollab",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English is the default language, unprefixed in URLs; Spanish lives under /es/ (docs/translation.md).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# The switcher's choice (hwcollab/locale.py): kept a year; read only to send the bare `/` to /es/.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Spanish numbers as US Spanish writes them (52,340.50); Django's own "es" formats are Spain's.
FORMAT_MODULE_PATH = ["hwcollab.formats"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "collected_static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: every message is queued (hwcollab/mail.py) and sent by a task with MAIL_DELIVERY_BACKEND: the console
# unless configured otherwise (production sends by SMTP). No request waits on the mail server.
EMAIL_BACKEND = "hwcollab.mail.QueuedEmailBackend"
MAIL_DELIVERY_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "HWcollab <no-reply@hwcollab.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Visitor accounts (django-allauth, docs/accounts.md). Staff keep signing in at /admin/.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:plan"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True  # only in the browser that signed up (allauth checks the session)
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[HWcollab] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# allauth's forms in the site's wording (accounts/forms.py SiteWordingMixin).
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
}
ACCOUNT_SESSION_REMEMBER = None  # ask ("Remember me")
# allauth's default rate limits throttle login failures, signups and resets (ACCOUNT_RATE_LIMITS below only adds one).

# Wagtail
WAGTAIL_SITE_NAME = "HWcollab"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Scheme and host of canonical links, og:url, JSON-LD and the sitemap (home/seo.py public_base_url). Unset: the
# Site's hostname when it is a real one, else (development) the request's host.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        # This project's database backend (search/backends/): PostgreSQL full text in production, SQLite FTS5
        # locally. Any modelsearch backend instead, e.g. modelsearch.backends.opensearch2 (docs/search.md).
        "BACKEND": os.environ.get("WAGTAILSEARCH_BACKEND", "search.backends.database"),
        # Stemming on PostgreSQL ("nurses" finds "nurse"); ignored by SQLite (see docs/search.md).
        "SEARCH_CONFIG": os.environ.get("WAGTAILSEARCH_CONFIG", "english"),
        **({"URLS": [os.environ["WAGTAILSEARCH_URL"]]} if os.environ.get("WAGTAILSEARCH_URL") else {}),
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Nothing is loaded from the internet at run time: no Gravatar avatars in the admin (initials instead).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Headless JSON API (docs/api.md)
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100
# Money (training costs) as JSON numbers, not strings.
REST_FRAMEWORK = {
    "COERCE_DECIMAL_TO_STRING": False,
    "DEFAULT_SCHEMA_CLASS": "home.api_schema.PublicSchema",
    # Limits per client (home/throttling.py); the API's endpoints set APIThrottle themselves.
    "DEFAULT_THROTTLE_CLASSES": [],
}
# The OpenAPI schema at /api/v2/schema/ (home/api_schema.py) and its Swagger UI at /api/v2/docs/, from static files.
SPECTACULAR_SETTINGS = {
    "TITLE": "HWcollab API",
    "DESCRIPTION": "Careers, trainings and employers of the HWcollab career portal (read-only). Guide: docs/api.md.",
    "VERSION": "2",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v2",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "PREPROCESSING_HOOKS": ["home.api_schema.public_api_only"],
}
# Requests per client (signed-in account, else IP) and time window: `N/s`, `N/min`, `N/h`, `N/day`; empty: none.
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/min")
SEARCH_THROTTLE_RATE = os.environ.get("SEARCH_THROTTLE_RATE", "60/min")
SUGGEST_THROTTLE_RATE = os.environ.get("SUGGEST_THROTTLE_RATE", "120/min")
# Proxies in front of the site that append to X-Forwarded-For (a balancer, a front cache): the client's address
# is the one the outermost of them recorded. 0: REMOTE_ADDR is the client (X-Forwarded-For is not trusted).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# API responses: public, cacheable this many seconds by browsers and shared caches, then revalidated (ETag).
API_CACHE_SECONDS = int(os.environ.get("API_CACHE_SECONDS", "60"))
if os.environ.get("WAGTAILAPI_BASE_URL"):
    # Absolute URLs in API responses; by default they follow the request's Site.
    WAGTAILAPI_BASE_URL = os.environ["WAGTAILAPI_BASE_URL"]
# CORS: GET (and its preflight) from these origins, on /api/ only.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Headless preview: with HEADLESS_PREVIEW_CLIENT_URL set, previewing a page sends the editor
# to that front end with a token (it reads /api/v2/page_preview/); unset, Wagtail's own preview.
HEADLESS_PREVIEW_CLIENT_URL = os.environ.get("HEADLESS_PREVIEW_CLIENT_URL", "")
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": HEADLESS_PREVIEW_CLIENT_URL} if HEADLESS_PREVIEW_CLIENT_URL else {},
    "REDIRECT_ON_PREVIEW": True,
}

# Background work (django-tasks). Wagtail's own tasks (search index and reference index updates) run at once, in
# the request that caused them, so that search shows an edit as soon as it is saved. Email has its own backend:
# immediate here, a database queue with a worker (`manage.py mail_worker`) in production.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": os.environ.get("MAIL_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # The immediate backend runs every search-index and reference-index update as a "task" and logs
        # two INFO lines for each: noise in commands and server logs; failures are still logged.
        "django_tasks": {"level": os.environ.get("TASKS_LOG_LEVEL", "WARNING")},
    },
}


def require_env(name):
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} is required.")
    return value


# Page cache for anonymous visitors: Django's cache middleware with this site's rules
# (page_cache/, docs/caching.md). Its own cache alias, so that clearing it on publish
# leaves sessions and counters alone.
INSTALLED_APPS += ["page_cache"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "page_cache.middleware.UpdatePageCacheMiddleware",
)
MIDDLEWARE.append("page_cache.middleware.FetchFromPageCacheMiddleware")
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
CACHE_MIDDLEWARE_ALIAS = "pagecache"
CACHE_MIDDLEWARE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_MAX_ENTRIES = int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "5000"))
CACHE_MIDDLEWARE_KEY_PREFIX = ""
if REDIS_URL:
    CACHES["pagecache"] = {
        "BACKEND": "page_cache.backends.PrefixedRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "hwcollab") + "-pages",
        "OPTIONS": REDIS_OPTIONS,
    }
else:
    CACHES["pagecache"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "hwcollab-pages",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }


# Staff and visitor logins: django-axes throttles and records every login (the Wagtail admin's, the Django
# admin's, allauth's) in the database, so it holds when Redis is down (docs/accounts.md#staff-logins).
INSTALLED_APPS += ["axes"]
# First, so a locked-out login is refused before any backend checks the password.
AUTHENTICATION_BACKENDS.insert(0, "axes.backends.AxesStandaloneBackend")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "5")))
# A lock holds one username at one address: a stranger elsewhere cannot lock the real user out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# More wrong passwords during a lock do not extend it: it ends AXES_COOLOFF_TIME after it began.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# allauth signs visitors in by email, Wagtail and the Django admin by username: both count as the username.
AXES_USERNAME_CALLABLE = "hwcollab.login_security.login_username"
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_VERBOSE = False  # no banner on every manage.py command; lockouts are still logged
# Every failure is kept (AccessAttempt rows go when the lock expires): the audit the Wagtail reports show.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Wagtail's admin password reset: at most this many emails per address and per IP (hwcollab/login_security.py).
ACCOUNT_RATE_LIMITS = {"admin_password_reset": os.environ.get("ADMIN_PASSWORD_RESET_RATE", "10/h/ip,3/h/key")}
# The plain Django admin at /django-admin/: off in production unless this says otherwise.
DJANGO_ADMIN_ENABLED = env_bool("DJANGO_ADMIN_ENABLED", True)


# Security headers on the public site (docs/settings-and-deployment.md#security-headers).
# Content-Security-Policy (django-csp): nothing inline runs or styles the public pages, nothing loads from
# elsewhere. JSON data blocks (<script type="application/ld+json">) are not scripts to CSP. The Wagtail admin
# (and its previews) and the Django admin need inline code: no policy there.
INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # The one inline style is the 500 page's, which must not depend on static files (tests check the hash).
        "style-src": ["'self'", "'sha256-uXR+VKcCuu9m+2MJYxWDnTkWXvrHR4kpG+LvmS2HCgk='"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        # 'self', not 'none': Wagtail's preview renders the page at its own URL inside the admin's iframe.
        "frame-ancestors": ["'self'"],
    },
}
# Permissions-Policy (django-permissions-policy): the site uses none of these browser features. No
# interest-cohort: browsers dropped it (browsing-topics replaced it) and log an error for it.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "django_permissions_policy.PermissionsPolicyMiddleware",
)
PERMISSIONS_POLICY = {
    "browsing-topics": [],
    "camera": [],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
# Images editors upload: at most 40 megapixels (e.g. 8000 x 5000), enough for any photo on a page; bigger ones
# make renditions slow and memory-hungry.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000


# -- The production stack (docs/deployment.md) ------------------------------------------------------------------
# A request id in every log line, from the balancer's X-Request-ID (hwcollab/request_log.py): first of all.
MIDDLEWARE.insert(0, "hwcollab.request_log.RequestIdMiddleware")
# Gzip for what holds no secret (hwcollab/compression.py), then the front cache's Cache-Control
# (page_cache/front.py): both see the response after the page cache stored it.
MIDDLEWARE.insert(
    MIDDLEWARE.index("page_cache.middleware.UpdatePageCacheMiddleware"), "hwcollab.compression.SafeGZipMiddleware"
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("page_cache.middleware.UpdatePageCacheMiddleware"), "page_cache.front.FrontCacheHeadersMiddleware"
)

# Front cache (docs/caching.md#front-cache): Varnish servers' addresses for PURGE requests, a CloudFront
# distribution or a Cloudflare zone. Each publish purges every site from each of them (page_cache/front.py).
WAGTAILFRONTENDCACHE = {}
for _number, _location in enumerate(env_list("FRONT_CACHE_URLS")):
    WAGTAILFRONTENDCACHE[f"varnish{_number}"] = {"BACKEND": "page_cache.front.HTTPBackend", "LOCATION": _location}
if os.environ.get("FRONT_CACHE_CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["FRONT_CACHE_CLOUDFRONT_DISTRIBUTION_ID"],
    }
if os.environ.get("FRONT_CACHE_CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "page_cache.front.CloudflareBackend",
        "ZONEID": os.environ["FRONT_CACHE_CLOUDFLARE_ZONE_ID"],
        "BEARER_TOKEN": require_env("FRONT_CACHE_CLOUDFLARE_BEARER_TOKEN"),
    }
# How long a front cache may keep a page (s-maxage); 0: pages are not marked for shared caches at all.
FRONT_CACHE_SECONDS = int(os.environ.get("FRONT_CACHE_SECONDS", "600" if WAGTAILFRONTENDCACHE else "0"))

# Media on S3-compatible object storage (django-storages) when a bucket is named; local files otherwise.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "hwcollab.storage.MediaStorage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    # A CDN or the bucket's public host for image URLs (e.g. media.hwcollab.org); the endpoint URL otherwise.
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "")
    # Image URLs are plain, long-lived and shared by cached pages; documents are never linked to the bucket
    # (WAGTAILDOCS_SERVE_METHOD below) and are stored private.
    AWS_QUERYSTRING_AUTH = False
    AWS_S3_FILE_OVERWRITE = False
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "max-age=31536000"}
    # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment, or the machine's role.
# Documents are always served through the app: it checks a private collection's restrictions first, and the
# file never gets a public bucket URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Logs: one JSON object a line with the request id (LOG_FORMAT=json, production's default), or plain text.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING["filters"] = {"request_id": {"()": "hwcollab.request_log.RequestIdFilter"}}
LOGGING["formatters"] = {
    "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    },
}
LOGGING["handlers"]["console"].update(formatter=LOG_FORMAT if LOG_FORMAT in ("text", "json") else "text")
LOGGING["handlers"]["console"]["filters"] = ["request_id"]
