"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL points at it."""

import tempfile

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env, machine_translator_setting

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker started as a separate process by a test writes its mail to files instead.
EMAIL_BACKEND = env("TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=None)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # On disk, so that a worker process started by a test sees the same database.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # TEST_DB_NAME lets two test runs on one checkout keep out of each other's way.
    _test_db = env("TEST_DB_NAME", default="test-db")
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"{_test_db}.sqlite3")}
# Room for every comment fragment of a long thread (the default keeps 300 entries).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=tempfile.mkdtemp(prefix="mazungumzo-media-"))
STATIC_ROOT = tempfile.mkdtemp(prefix="mazungumzo-static-")
WAGTAILADMIN_BASE_URL = "http://testserver"

# Tests post the moment they load a form; the minimum-time stage has its own tests.
MAZUNGUMZO_SPAM_MIN_SECONDS = 0
MAZUNGUMZO_MODERATOR_DIGEST_MINUTES = 0  # digests are due at once; batching has its own test
# Sign-in throttling stays on, out of reach of tests that sign in a few times with a wrong
# password; tests/test_authorization.py lowers the limits where it tests them.
AXES_FAILURE_LIMIT = 1000
MAZUNGUMZO_LOGIN_IP_FAILURE_LIMIT = 1000
# Machine translation without network: text is marked "[sw→cy] …" instead of translated.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_setting(default="local")
