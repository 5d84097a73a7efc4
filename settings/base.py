"""Settings shared by every environment.

Anything that differs between machines is read from the environment, so one code
base runs the SQLite demo, the test suite and a PostgreSQL + Redis production.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# Every language the product knows how to name; MAZUNGUMZO_LANGUAGES picks the enabled ones.
KNOWN_LANGUAGES = {
    "sw": _("Kiswahili"),
    "cy": _("Welsh"),
    "en": _("English"),
    "fr": _("French"),
    "de": _("German"),
    "es": _("Spanish"),
    "pt": _("Portuguese"),
    "ar": _("Arabic"),
}

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "home",
    "site_pages",
    "django_comments_xtd",
    "django_comments",
    "site_pages.conversation",
    "site_pages.moderation",
    "site_pages.api",
    "site_pages.localization",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "corsheaders",
    "wagtail.api.v2",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
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
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "django.contrib.syndication",
]
SITE_ID = 1  # django-comments records a django.contrib.sites site on each comment

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "site_pages.api.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "site_pages.localization.page_permissions.PagePermissionMiddleware",
]

ROOT_URLCONF = "home.urls"
WSGI_APPLICATION = "home.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://mazungumzo")}

vars().update(env.email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Mazungumzo <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the first enabled language is the default one.
_enabled = env.list("MAZUNGUMZO_LANGUAGES", default=["sw", "cy", "en"])
_unknown = [code for code in _enabled if code not in KNOWN_LANGUAGES]
if _unknown:
    raise environ.ImproperlyConfigured(
        f"MAZUNGUMZO_LANGUAGES names unknown language codes {_unknown}; "
        f"known codes are {sorted(KNOWN_LANGUAGES)}."
    )
LANGUAGES = [(code, KNOWN_LANGUAGES[code]) for code in _enabled]
LANGUAGE_CODE = _enabled[0]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("en", "English"),
    ("sw", "Kiswahili"),
    ("cy", "Cymraeg"),
]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", default="UTC")

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = env("SITE_NAME", default="Mazungumzo")
WAGTAILADMIN_BASE_URL = env("BASE_URL", default="http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "django": {"level": env("DJANGO_LOG_LEVEL", default="INFO")},
    },
}

# The conversation: django-comments-xtd with the plugin's own comment model and form.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "site_pages.conversation.models.ArticleComment"
COMMENTS_XTD_FORM_CLASS = "site_pages.conversation.forms.ArticleCommentForm"
COMMENT_MAX_LENGTH = env.int("COMMENT_MAX_LENGTH", default=3000)
MAZUNGUMZO_COMMENT_MAX_DEPTH = max(1, env.int("COMMENT_MAX_DEPTH", default=4))
MAZUNGUMZO_COMMENT_CONFIRMATION_DAYS = env.int("COMMENT_CONFIRMATION_DAYS", default=7)
MAZUNGUMZO_COMMENT_EDIT_MINUTES = env.int("COMMENT_EDIT_MINUTES", default=15)
MAZUNGUMZO_COMMENTS_PER_PAGE = env.int("COMMENTS_PER_PAGE", default=50)
COMMENTS_XTD_MAX_THREAD_LEVEL = MAZUNGUMZO_COMMENT_MAX_DEPTH - 1
COMMENTS_XTD_CONFIRM_EMAIL = False  # confirmation is the plugin's own, stored server-side
COMMENTS_XTD_THREADED_EMAILS = False  # mail goes through the task queue, never a thread
COMMENTS_XTD_SALT = env("COMMENTS_SALT", default="mazungumzo-comments").encode()

# Background work (mail, search indexing, translation) is queued in the database and run
# by `manage.py db_worker`: a crash or restart loses nothing that was committed.
# The spam pipeline, run on every new comment (see site_pages/moderation/stages.py).
MAZUNGUMZO_SPAM_STAGES = env.list(
    "SPAM_STAGES",
    default=[
        "site_pages.moderation.stages.RateLimitStage",
        "site_pages.moderation.stages.DuplicateStage",
        "site_pages.moderation.stages.HoneypotStage",
        "site_pages.moderation.stages.MinimumTimeStage",
        "site_pages.moderation.stages.LinkCountStage",
        "site_pages.moderation.stages.BlocklistStage",
        "site_pages.moderation.akismet_stage.AkismetStage",
    ],
)
# Akismet runs only with a key; without one the admin says the local stages work alone.
MAZUNGUMZO_AKISMET_API_KEY = env("AKISMET_API_KEY", default="")
MAZUNGUMZO_AKISMET_SITE_URL = env("AKISMET_SITE_URL", default=WAGTAILADMIN_BASE_URL)
MAZUNGUMZO_AKISMET_API_URL = env("AKISMET_API_URL", default="https://rest.akismet.com")
MAZUNGUMZO_AKISMET_TIMEOUT = env.float("AKISMET_TIMEOUT", default=3.0)
MAZUNGUMZO_AKISMET_IS_TEST = env.bool("AKISMET_IS_TEST", default=False)
MAZUNGUMZO_SPAM_MIN_SECONDS = env.int("SPAM_MIN_SECONDS", default=3)
MAZUNGUMZO_SPAM_MAX_LINKS = env.int("SPAM_MAX_LINKS", default=2)
MAZUNGUMZO_RATE_LIMIT_COUNT = env.int("RATE_LIMIT_COUNT", default=5)
MAZUNGUMZO_RATE_LIMIT_SECONDS = env.int("RATE_LIMIT_SECONDS", default=60)
MAZUNGUMZO_MODERATOR_DIGEST_MINUTES = env.int("MODERATOR_DIGEST_MINUTES", default=10)

TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# Translation (site_pages/localization). wagtail-localize's background jobs go through the
# same task queue as everything else.
WAGTAILLOCALIZE_JOBS = {"BACKEND": "site_pages.localization.jobs.TaskQueueJobBackend"}
# One machine translator serves pages (wagtail-localize's editor) and comments. "local"
# marks text instead of translating it and needs no network: for the demo and the tests.
_MACHINE_TRANSLATORS = {
    "none": None,
    "local": {"CLASS": "site_pages.localization.translators.LocalTranslator"},
    "deepl": {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": env("DEEPL_AUTH_KEY", default=""), "TIMEOUT": 30},
    },
    "google": {
        "CLASS": "wagtail_localize.machine_translators.google.GoogleCloudTranslator",
        "OPTIONS": {
            "PROJECT_ID": env("GOOGLE_CLOUD_PROJECT_ID", default=""),
            "CREDENTIALS_PATH": env("GOOGLE_APPLICATION_CREDENTIALS", default=""),
        },
    },
    "libretranslate": {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": env("LIBRETRANSLATE_URL", default="http://127.0.0.1:5000"),
            "API_KEY": env("LIBRETRANSLATE_API_KEY", default=""),
            "TIMEOUT": 10,
        },
    },
}


def machine_translator_setting(default: str) -> dict | None:
    """WAGTAILLOCALIZE_MACHINE_TRANSLATOR for MACHINE_TRANSLATOR, refusing unknown names."""
    name = env("MACHINE_TRANSLATOR", default=default)
    if name not in _MACHINE_TRANSLATORS:
        raise environ.ImproperlyConfigured(
            f"MACHINE_TRANSLATOR={name!r} is not one of {sorted(_MACHINE_TRANSLATORS)}."
        )
    if name == "google":
        try:
            import google.cloud.translate  # noqa: F401
        except ImportError as error:
            raise environ.ImproperlyConfigured(
                "MACHINE_TRANSLATOR=google needs the google extra: pip install '.[google]'"
            ) from error
    return _MACHINE_TRANSLATORS[name]


WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_setting(default="none")
MAZUNGUMZO_TRANSLATION_RETRY_SECONDS = env.int("TRANSLATION_RETRY_SECONDS", default=60)
MAZUNGUMZO_TRANSLATION_MAX_ATTEMPTS = env.int("TRANSLATION_MAX_ATTEMPTS", default=5)

# The headless API (site_pages/api): Wagtail's API v2 for pages, DRF for the conversation.
# Browsers may call it cross-origin only from these origins.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Same-site browsers use the session (with CSRF); apps send "Authorization: Token …".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
# The schema is checked by the API's own tests and the schemathesis run, not by `check --deploy`
# (whose generator walks the admin's internal API too).
SPECTACULAR_SETTINGS = {
    "TITLE": "Mazungumzo API",
    "DESCRIPTION": "Articles in every language and their shared conversation.",
    "VERSION": "1",
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    "PREPROCESSING_HOOKS": ["site_pages.api.schema.public_api_only"],
    "SERVE_INCLUDE_SCHEMA": False,
}
