"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL points at it."""

import tempfile

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=tempfile.mkdtemp(prefix="mazungumzo-media-"))
STATIC_ROOT = tempfile.mkdtemp(prefix="mazungumzo-static-")
WAGTAILADMIN_BASE_URL = "http://testserver"
