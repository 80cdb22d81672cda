from .base import *  # noqa: F403
from .base import env_bool, env_list, require_env

DEBUG = False
SECRET_KEY = require_env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or require_env("ALLOWED_HOSTS").split(",")

# Compressed, content-hashed static files served by WhiteNoise.
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# Email waits in the database until `manage.py mail_worker` sends it (hwcollab/mail.py).
TASKS["mail"] = {"BACKEND": "django_tasks_db.DatabaseBackend"}  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The balancer checks over plain HTTP on the private network: a redirect would read as a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# The Django admin duplicates the Wagtail admin: not served unless asked for.
DJANGO_ADMIN_ENABLED = env_bool("DJANGO_ADMIN_ENABLED", False)

# One JSON object a line, with the request id (hwcollab/request_log.py); LOG_FORMAT=text for plain lines.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT if LOG_FORMAT in ("text", "json") else "json"  # noqa: F405
