"""Settings shared by every environment.

Anything that differs between machines is read from the environment, so one code
base runs the SQLite demo, the test suite and a PostgreSQL + Redis production.
"""

from datetime import timedelta
from importlib import metadata
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
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
    "site_pages.caching",
    "site_pages.importing",
    "django_tasks",
    "django_tasks_db",
    "health_check",  # the /health/ view's template and `manage.py health_check`
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # ReDoc's script for /api/docs/, served from here
    "corsheaders",
    "wagtail.api.v2",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.frontend_cache",
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
    "axes",  # admin sign-in throttling (site_pages/signin_throttle.py)
]
SITE_ID = 1  # django-comments records a django.contrib.sites site on each comment

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so cached pages get them too (site_pages/security_headers.py).
    "site_pages.security_headers.PathPolicyCSPMiddleware",
    "site_pages.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Before sessions and locales: a cached page for an anonymous reader costs no more.
    "site_pages.caching.pages.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "site_pages.api.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A NUL in the query string is a 400 naming the parameter, before any view runs.
    "site_pages.middleware.QueryStringMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "site_pages.localization.page_permissions.PagePermissionMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
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
# 0 closes the connection after each request; production keeps it (settings/production.py).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The demo's web server and task worker share one file. WAL lets readers go on while
    # one writes; IMMEDIATE takes the write lock when a transaction begins, so a writer
    # waits its turn (up to `timeout` seconds) instead of failing "database is locked"
    # halfway through; NORMAL syncs at checkpoints, which is safe in WAL mode.
    _sqlite = DATABASES["default"].setdefault("OPTIONS", {})
    _sqlite.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
    _sqlite.setdefault("transaction_mode", "IMMEDIATE")
    _sqlite.setdefault("timeout", 20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://mazungumzo")}
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Room for every comment fragment of a long thread (the default keeps 300 entries).
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 100_000)

# The caching proxy in front (deploy/varnish/default.vcl), purged on publish and on every
# change to a conversation (site_pages/caching/proxy.py). Empty: no proxy, nothing purged.
FRONTEND_CACHE_URL = env("FRONTEND_CACHE_URL", default="")
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }
# Each language version has its own slug: Wagtail's rewriting of one URL into every language
# prefix would purge addresses that do not exist; proxy.py purges every version itself.
WAGTAILFRONTENDCACHE_LANGUAGES: list[str] = []

vars().update(env.email("EMAIL_URL", default="consolemail://"))
# A hung mail server must not hold a worker's task for ever: the send fails and is retried.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Mazungumzo <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# django-axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin sign-in throttling (site_pages/signin_throttle.py, docs/operations.md). A username
# is locked from one address after LOGIN_FAILURE_LIMIT failures, the address itself (any
# usernames) after LOGIN_IP_FAILURE_LIMIT; never a username alone, which would let anyone
# lock an editor out. Failures count, and a lockout lasts, LOGIN_COOLOFF_MINUTES after the
# latest one. The address is site_pages.client_address's (trusted proxies only).
AXES_HANDLER = "site_pages.signin_throttle.SignInThrottleHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
MAZUNGUMZO_LOGIN_IP_FAILURE_LIMIT = env.int("LOGIN_IP_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_CLIENT_IP_CALLABLE = "site_pages.client_address.client_ip"
AXES_LOCKOUT_CALLABLE = "site_pages.signin_throttle.lockout_response"
AXES_RESET_ON_SUCCESS = False  # one good password from an address must not clear its count

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

# Security headers (site_pages/security_headers.py; docs/deployment.md "Security headers").
# The public site: scripts, styles, fonts and requests from this origin only, no inline
# script or style and no nonce (whole pages are cached). CSP_FRAME_SRC: the embed
# providers whose players articles may frame. CSP_REPORT_URI: where browsers report.
_CSP_PUBLIC = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    # CSP_IMG_SRC: other origins images come from (media on a CDN or bucket).
    "img-src": [SELF, *env.list("CSP_IMG_SRC", default=[])],
    "font-src": [SELF],
    "connect-src": [SELF],
    "frame-src": env.list(
        "CSP_FRAME_SRC",
        default=[
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
    ),
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    # 'self': the admin's preview panel frames the page (rendered with this policy).
    "frame-ancestors": [SELF],
    "report-uri": env("CSP_REPORT_URI", default="") or None,
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_PUBLIC}
# Pages that are not ours need more, per URL prefix (the longest match wins). The Wagtail
# admin: inline scripts (date pickers, editor setup) and styles (Draftail), Gravatar,
# data:/blob: images (upload previews), its preview iframe, Wagtail's release check.
# ReDoc (/api/docs/): inline styles, data: icons, a blob: worker. /health/: a <style>.
MAZUNGUMZO_CSP_PATH_DIRECTIVES = {
    "/admin/": {
        **_CSP_PUBLIC,
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", "www.gravatar.com"],
        "connect-src": [SELF, "https://releases.wagtail.org"],
        "frame-src": [SELF, *_CSP_PUBLIC["frame-src"]],
    },
    "/api/docs/": {
        **_CSP_PUBLIC,
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "worker-src": [SELF, "blob:"],
    },
    "/health/": {**_CSP_PUBLIC, "style-src": [SELF, UNSAFE_INLINE]},
}
# Powerful features no page here uses, refused for the page and every frame in it. What
# embedded players ask for (autoplay, fullscreen, encrypted-media...) stays allowed.
MAZUNGUMZO_PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "hid",
        "midi",
        "display-capture",
        "xr-spatial-tracking",
        "browsing-topics",
    )
}

WAGTAIL_SITE_NAME = env("SITE_NAME", default="Mazungumzo")
WAGTAILADMIN_BASE_URL = env("BASE_URL", default="http://localhost:8000")

# Search. Without SEARCH_URL: Wagtail's database backend, which picks its engine from the
# default database's vendor (modelsearch.backends.database.SearchBackend): PostgreSQL's
# full-text search on PostgreSQL, FTS5 on SQLite. SEARCH_URL moves search to Elasticsearch
# or OpenSearch through Wagtail's backend of the same name, e.g.
# `opensearch3+https://user:password@search.internal:9200` (`+https` for TLS); its client
# library comes with the extra of that name (pip install '.[opensearch3]').
_SEARCH_ENGINES = {
    # scheme: (Wagtail backend, client distribution, the client's major version)
    "elasticsearch8": ("wagtail.search.backends.elasticsearch8", "elasticsearch", 8),
    "elasticsearch9": ("wagtail.search.backends.elasticsearch9", "elasticsearch", 9),
    "opensearch2": ("wagtail.search.backends.opensearch2", "opensearch-py", 2),
    "opensearch3": ("wagtail.search.backends.opensearch3", "opensearch-py", 3),
}


def search_backends_setting(url: str, index_prefix: str = "") -> dict:
    """WAGTAILSEARCH_BACKENDS for SEARCH_URL, refusing unknown schemes and missing clients."""
    if not url:
        return {"default": {"BACKEND": "wagtail.search.backends.database"}}
    scheme, _, address = url.partition("://")
    engine, _, transport = scheme.partition("+")
    if engine not in _SEARCH_ENGINES or transport not in {"", "http", "https"} or not address:
        raise environ.ImproperlyConfigured(
            f"SEARCH_URL scheme {scheme!r} is not one of {sorted(_SEARCH_ENGINES)} "
            "(optionally with +http or +https), followed by ://host:port."
        )
    backend, client, major = _SEARCH_ENGINES[engine]
    try:
        installed = metadata.version(client)
    except metadata.PackageNotFoundError:
        installed = None
    if installed is None or installed.split(".")[0] != str(major):
        raise environ.ImproperlyConfigured(
            f"SEARCH_URL={engine}://… needs {client} {major}.x "
            f"({'not installed' if installed is None else installed + ' is installed'}): "
            f"pip install '.[{engine}]'"
        )
    return {
        "default": {
            "BACKEND": backend,
            "URLS": [f"{transport or 'http'}://{address}"],
            "INDEX_PREFIX": index_prefix,
        }
    }


WAGTAILSEARCH_BACKENDS = search_backends_setting(
    env("SEARCH_URL", default=""), index_prefix=env("SEARCH_INDEX", default="mazungumzo_")
)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

# Logging: LOG_FORMAT=text for people, json (production's default) for log shippers: one
# object per line with timestamp, level, logger, message, exception and, for requests,
# method, path and status (home/logs.py). gunicorn.conf.py logs access the same way.
_LOG_FORMATTERS = {
    "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    "json": {"()": "home.logs.JsonFormatter"},
}


def logging_setting(default_format: str) -> dict:
    """LOGGING for LOG_FORMAT, refusing unknown formats."""
    log_format = env("LOG_FORMAT", default=default_format)
    if log_format not in _LOG_FORMATTERS:
        raise environ.ImproperlyConfigured(
            f"LOG_FORMAT={log_format!r} is not one of {sorted(_LOG_FORMATTERS)}."
        )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {log_format: _LOG_FORMATTERS[log_format]},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
        "loggers": {
            "django": {"level": env("DJANGO_LOG_LEVEL", default="INFO")},
        },
    }


LOGGING = logging_setting(default_format="text")

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
# Reader flags per address and window (site_pages/moderation/flagging.py): past it, 429.
MAZUNGUMZO_FLAG_LIMIT_COUNT = env.int("FLAG_LIMIT_COUNT", default=10)
MAZUNGUMZO_FLAG_LIMIT_SECONDS = env.int("FLAG_LIMIT_SECONDS", default=600)
# Which proxies in front of the app may tell us the reader's address in X-Forwarded-For
# (site_pages/client_address.py): how many always stand in front (TRUSTED_PROXY_COUNT), or
# the networks they live in (TRUSTED_PROXIES, comma-separated CIDRs). Neither: REMOTE_ADDR.
MAZUNGUMZO_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MAZUNGUMZO_TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
MAZUNGUMZO_MODERATOR_DIGEST_MINUTES = env.int("MODERATOR_DIGEST_MINUTES", default=10)

# Caching what anonymous readers see (site_pages/caching): whole pages and API answers in
# CACHES, invalidated on publish and on every change to a conversation; a caching proxy or
# CDN may keep them PROXY_CACHE_SECONDS (s-maxage) and serve them stale while refreshing.
MAZUNGUMZO_PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
MAZUNGUMZO_PROXY_CACHE_SECONDS = env.int("PROXY_CACHE_SECONDS", default=300)
MAZUNGUMZO_STALE_SECONDS = env.int("CACHE_STALE_SECONDS", default=30)

# TASKS_BACKEND: the database queue by default (needs `manage.py db_worker` running);
# `django_tasks.backends.immediate.ImmediateBackend` runs tasks inside the request instead
# (no worker, slower requests), `django_tasks.backends.dummy.DummyBackend` drops them.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# Worker recovery (site_pages/conversation/recovery.py, `manage.py run_worker`): a task
# RUNNING for longer than the lease, whose worker is not known to be alive, is re-queued;
# workers sweep at start and every TASK_SWEEP_SECONDS. After TASK_MAX_RUNS starts it is
# marked failed instead (a task that kills its worker must not loop forever).
MAZUNGUMZO_TASK_LEASE_SECONDS = env.int("TASK_LEASE_SECONDS", default=300)
MAZUNGUMZO_TASK_SWEEP_SECONDS = env.int("TASK_SWEEP_SECONDS", default=60)
MAZUNGUMZO_TASK_MAX_RUNS = env.int("TASK_MAX_RUNS", default=5)
# Mail that fails for a transient reason (SMTP error, refused connection, database error)
# is retried after MAIL_RETRY_SECONDS, then twice that... until MAIL_MAX_ATTEMPTS.
MAZUNGUMZO_MAIL_RETRY_SECONDS = env.int("MAIL_RETRY_SECONDS", default=60)
MAZUNGUMZO_MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=6)
# /health/ fails when a ready task has waited longer than this (seconds; 0: never), see
# home/health.py. Off by default: slow workers are no reason to take app servers out.
MAZUNGUMZO_HEALTH_QUEUE_MAX_AGE = env.int("HEALTH_QUEUE_MAX_AGE", default=0)

# Translation (site_pages/localization). wagtail-localize's background jobs go through the
# same task queue as everything else.
WAGTAILLOCALIZE_JOBS = {"BACKEND": "site_pages.localization.jobs.TaskQueueJobBackend"}
# Submitting a page for translation makes a draft; it goes live only when someone
# publishes it (wagtail-localize's default copies the source's live status, which serves
# the untranslated source text under the other language's address at once).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
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
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "site_pages.api.schema.add_links",
    ],
    "REDOC_DIST": "SIDECAR",  # /api/docs/ needs no CDN
    "SERVE_INCLUDE_SCHEMA": False,
}
