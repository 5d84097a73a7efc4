"""Production: every secret comes from the environment and missing ones stop start-up."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, logging_setting

DEBUG = False

SECRET_KEY = env("SECRET_KEY", default="")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters in production "
        '(python -c "from django.core.management.utils import get_random_secret_key as k; '
        'print(k())").'
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production.")
if "DATABASE_URL" not in env:
    raise ImproperlyConfigured(
        "DATABASE_URL must point at the production database, e.g. postgres://user@host/db."
    )

# Persistent connections, checked before reuse: a restarted database or a connection a
# proxy dropped costs a reconnect, not an error. Budget: see docs/deployment.md.
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Cache and rate limits: shared by every app server and worker, so Redis. Django's own
# RedisCache, named explicitly: django-environ maps redis:// to django-redis whenever that
# happens to be importable. Short socket timeouts, so a hung Redis fails requests (and
# /health/) quickly instead of tying up workers; `?key_prefix=…&socket_timeout=…` in
# CACHE_URL override these defaults.
_cache_url = env("CACHE_URL", default="redis://127.0.0.1:6379/0")
_redis = _cache_url.startswith(("redis://", "rediss://"))
_cache = env.cache_url_config(
    _cache_url, backend="django.core.cache.backends.redis.RedisCache" if _redis else None
)
# django-environ lower-cases ?key_prefix=/?timeout= for this backend; Django reads upper case.
CACHES = {"default": {key.upper(): value for key, value in _cache.items()}}
if _redis:
    CACHES["default"].setdefault("KEY_PREFIX", "mazungumzo")
    _options = CACHES["default"].setdefault("OPTIONS", {})
    _options.setdefault("socket_connect_timeout", 2)
    _options.setdefault("socket_timeout", 2)
    _options.setdefault("health_check_interval", 30)

LOGGING = logging_setting(default_format="json")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers probe app servers over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
