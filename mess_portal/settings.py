"""Settings of the MESS portal.

Everything that differs between a developer's machine and production comes from environment
variables; the defaults are safe for development only. A malformed value stops the start-up with
a message that names the variable (ImproperlyConfigured), rather than running half-configured.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from mess_portal.clock import use_packaged_time_zones
from mess_portal.env import env_bool, env_int, env_list, env_str

use_packaged_time_zones()

BASE_DIR = Path(__file__).resolve().parent.parent

# Development is the default (as on a newcomer's machine); production sets DEBUG=0, and must then
# set its own SECRET_KEY or the site refuses to start.
DEBUG = env_bool("DEBUG", default=True)
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
SECRET_KEY = env_str("SECRET_KEY", default=_DEV_SECRET_KEY)
if not DEBUG and (SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "With DEBUG=0, SECRET_KEY must be set to a random value of 50 characters or more."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "import_export",
    "mess_portal",
    "actors",
    "support",
    "observatory",
    "library",
    "events",
    # Background tasks (Django's tasks API, backport) and their admin: see docs/tasks.md.
    "django_tasks",
    "django_tasks_db",
    "jobs",
    # --- Privacy and staff accounts ---
    "axes",
    # Before simple_history: its template of the history list is overridden here (strict CSP).
    "privacy",
    "simple_history",
    # Full downloads with their licence (docs/opendata.md).
    "opendata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database outage answers 503 "come back soon" rather than 500 (the Faults block below).
    "mess_portal.outage.DatabaseOutageMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A POST in the admin forgets the pages kept for visitors (bulk actions write without signals).
    "mess_portal.pagecache.AdminWritesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # --- Privacy and staff accounts ---
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mess_portal.urls"
WSGI_APPLICATION = "mess_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mess_portal.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# PostgreSQL in production and CI (DATABASE_URL=postgres://user:pass@host:5432/name);
# an SQLite file in var/ when unset, so a newcomer needs no server.
_default_sqlite = f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", default=_default_sqlite),
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=0),
        )
    }
except ValueError as exc:  # unknown scheme, malformed URL
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT spends 50-70 ms compiling the directory's search queries for no gain.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# CACHE_URL=redis://127.0.0.1:6379/1 in production (rate limits are shared between workers);
# a local-memory cache otherwise.
_cache_url = env_str("CACHE_URL", default="")
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
elif _cache_url in ("", "locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif _cache_url == "dummy://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("CACHE_URL must be redis://..., locmem:// or dummy://")

# --- Faults: the database or the cache stopped ----------------------------------------------------
# PostgreSQL down: a page answers 503 ("come back soon", and "NOT saved" to a form sent meanwhile) within
# about a second instead of hanging (mess_portal/outage.py), and the site recovers on its own once the
# database is back: persistent connections are checked before reuse (CONN_HEALTH_CHECKS).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Seconds to wait for a connection; psycopg counts whole seconds and waits at least 2. A stopped
# server on a reachable machine refuses at once: this bounds the wait for an unreachable machine.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", default=2)
# Milliseconds a single SQL statement may run before PostgreSQL cancels it (0: no limit).
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", default=30000)
if DATABASE_CONNECT_TIMEOUT < 1 or DATABASE_STATEMENT_TIMEOUT_MS < 0:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "DATABASE_CONNECT_TIMEOUT must be 1 or more, DATABASE_STATEMENT_TIMEOUT_MS 0 or more."
    )
if IS_POSTGRES:
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    _db_options["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
    _db_options["options"] = (
        _db_options.get("options", "") + f" -c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
    ).strip()
# What the 503 page's Retry-After header tells browsers and crawlers, in seconds.
OUTAGE_RETRY_AFTER = env_int("OUTAGE_RETRY_AFTER", default=30)
# Redis down: the site works without its cache (slower, rate limits not enforced) and uses it again
# once it is back (mess_portal/cache.py). A call waits at most CACHE_SOCKET_TIMEOUT_MS; after a
# failure each process leaves Redis alone for CACHE_RETRY_SECONDS.
CACHE_SOCKET_TIMEOUT_MS = env_int("CACHE_SOCKET_TIMEOUT_MS", default=250)
CACHE_RETRY_SECONDS = env_int("CACHE_RETRY_SECONDS", default=5)
if CACHE_SOCKET_TIMEOUT_MS < 1 or CACHE_RETRY_SECONDS < 0 or OUTAGE_RETRY_AFTER < 0:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "CACHE_SOCKET_TIMEOUT_MS must be 1 or more, CACHE_RETRY_SECONDS and OUTAGE_RETRY_AFTER 0 or more."
    )
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "mess_portal.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {
            "socket_connect_timeout": CACHE_SOCKET_TIMEOUT_MS / 1000,
            "socket_timeout": CACHE_SOCKET_TIMEOUT_MS / 1000,
            "retry_seconds": CACHE_RETRY_SECONDS,
        }
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Shown to people; stored in UTC. The rules come from the PyPI tzdata package (mess_portal/clock.py).
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="MESS Tanger-Tétouan <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where staff notifications (new proposals, orientation requests) go.
STAFF_NOTIFICATION_EMAILS = env_list("STAFF_NOTIFICATION_EMAILS", default=[])

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is polled over plain HTTP by the load balancer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Map tiles are the one thing loaded from elsewhere at run time; every map degrades to the
# address and a link when they do not load.
MAP_TILE_URL = env_str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)


def _tile_origin(url):
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "a"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", _tile_origin(MAP_TILE_URL)],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
}

# --- The MESS itself ------------------------------------------------------------------------
# Facts published on every page (footer, contact). From the MESS's brochure; the opening hours are
# the Moroccan administration's usual ones until the MESS states its own.
MESS_CONTACT = {
    "address": "Rue des Amoureux, BP 1292, 90000 Tanger",
    "phone": "+212 5 39 37 24 68",
    "fax": "+212 5 39 37 28 14",
    "email": env_str("MESS_CONTACT_EMAIL", default="mess.crtt@gmail.com"),
    # Centre of Tanger; shown as "approximate" until the MESS confirms the building's position.
    "latitude": 35.7673,
    "longitude": -5.7998,
}

# The site's public address, for links in e-mails sent outside a request (newsletter, cron jobs).
SITE_URL = env_str("SITE_URL", default="http://localhost:8000").rstrip("/")

# Behind a reverse proxy every request comes from the proxy's address: set USE_X_FORWARDED_FOR=1 when
# the proxy appends the client's address to X-Forwarded-For (nginx: proxy_add_x_forwarded_for), so that
# rate limits and download counts tell visitors apart. Never on a server reached directly.
USE_X_FORWARDED_FOR = env_bool("USE_X_FORWARDED_FOR", default=False)

# --- Library --------------------------------------------------------------------------------
# How PDFs are sent: "" (Django streams them, with range requests), "x-accel-redirect" (nginx serves
# the file from an internal location mapped to MEDIA_ROOT at LIBRARY_SENDFILE_PREFIX) or
# "x-sendfile" (Apache mod_xsendfile, lighttpd: the header carries the file's absolute path).
LIBRARY_SENDFILE = env_str("LIBRARY_SENDFILE", default="").strip().lower()
if LIBRARY_SENDFILE not in ("", "x-accel-redirect", "x-sendfile"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("LIBRARY_SENDFILE must be empty, x-accel-redirect or x-sendfile.")
LIBRARY_SENDFILE_PREFIX = env_str("LIBRARY_SENDFILE_PREFIX", default="/protected-media/")
LIBRARY_MAX_PDF_MB = env_int("LIBRARY_MAX_PDF_MB", default=150)
# A visitor's downloads of the same document within this time count once.
LIBRARY_DOWNLOAD_DEDUP_SECONDS = env_int("LIBRARY_DOWNLOAD_DEDUP_SECONDS", default=3600)
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", default=200)

# --- Deployment: media storage and the front server (issue 11, deploy/) ----------------------
# MEDIA_STORAGE=filesystem (default): uploads under MEDIA_ROOT, served by nginx at /media/.
# MEDIA_STORAGE=s3: uploads in a bucket of any S3-compatible store (AWS, Scaleway, OVH, MinIO...),
# which several app servers share: public media under media/, the contest's attachments under
# private/ (mess_portal/storage.py). Credentials as usual for boto3 (AWS_ACCESS_KEY_ID...).
MEDIA_STORAGE = env_str("MEDIA_STORAGE", default="filesystem").strip().lower()
if MEDIA_STORAGE not in ("filesystem", "s3"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("MEDIA_STORAGE must be filesystem or s3.")
MEDIA_URL = env_str("MEDIA_URL", default=MEDIA_URL)
# How long a presigned download URL (library PDFs with MEDIA_STORAGE=s3) stays valid.
MEDIA_SIGNED_URL_SECONDS = env_int("MEDIA_SIGNED_URL_SECONDS", default=300)
if MEDIA_STORAGE == "s3":
    AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", default="")
    if not AWS_STORAGE_BUCKET_NAME:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL", default="") or None  # empty: AWS itself
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", default="") or None
    AWS_S3_ADDRESSING_STYLE = env_str("AWS_S3_ADDRESSING_STYLE", default="") or None  # "path": MinIO
    # Empty: media URLs are MEDIA_URL + name, nginx proxying /media/ to the bucket (deploy/nginx).
    AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN", default="") or None
    AWS_S3_URL_PROTOCOL = env_str("AWS_S3_URL_PROTOCOL", default="https:")
    AWS_S3_SIGNATURE_VERSION = "s3v4"
    STORAGES["default"] = {"BACKEND": "mess_portal.storage.PublicMediaStorage"}
    if AWS_S3_CUSTOM_DOMAIN:
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
            f"{AWS_S3_URL_PROTOCOL}//{AWS_S3_CUSTOM_DOMAIN}"
        )
# With LIBRARY_SENDFILE=x-accel-redirect, the contest's private attachments (MEDIA_ROOT/../private/)
# are sent by nginx too, from this internal location.
PRIVATE_SENDFILE_PREFIX = env_str("PRIVATE_SENDFILE_PREFIX", default="/protected-private/")

# --- Background tasks -----------------------------------------------------------------------
# E-mails and slow jobs go through Django's tasks API (the django-tasks backport; docs/tasks.md).
# "database": queued in PostgreSQL (or the SQLite file), run by `manage.py db_worker`, retried with
# exponential backoff; "immediate": run in the process that queues them, once committed, no retry (the
# embedded SQLite default and the tests). Default: database on PostgreSQL, immediate on SQLite.
TASKS_BACKEND = env_str("TASKS_BACKEND", default="database" if IS_POSTGRES else "immediate").strip().lower()
if TASKS_BACKEND not in ("database", "immediate"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("TASKS_BACKEND must be database or immediate.")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
    }
}
# A failed job is tried again after TASKS_RETRY_DELAY seconds, then twice as long each time, at most
# TASKS_RETRY_MAX_DELAY apart, TASKS_MAX_ATTEMPTS times in all (the defaults: for about 6 hours); then
# it stays failed, listed for staff in the admin with a "retry" action.
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", default=10)
TASKS_RETRY_DELAY = env_int("TASKS_RETRY_DELAY", default=60)
TASKS_RETRY_MAX_DELAY = env_int("TASKS_RETRY_MAX_DELAY", default=7200)
if TASKS_MAX_ATTEMPTS < 1 or TASKS_RETRY_DELAY < 1 or TASKS_RETRY_MAX_DELAY < TASKS_RETRY_DELAY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "TASKS_MAX_ATTEMPTS and TASKS_RETRY_DELAY must be at least 1, TASKS_RETRY_MAX_DELAY at least TASKS_RETRY_DELAY."
    )
# Seconds between two batches of a newsletter sent by the worker (the pace the mail relay accepts).
NEWSLETTER_BATCH_INTERVAL = env_int("NEWSLETTER_BATCH_INTERVAL", default=600)
# --- Privacy and staff accounts -------------------------------------------------------------
# Moroccan law 09-08: personal data is kept only as long as needed. Periods in days, read by
# `manage.py purge_personal_data` (daily) and shown on the privacy page.


def _days(name: str, default: int) -> int:
    value = env_int(name, default=default)
    if value < 1:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name} must be a number of days of 1 or more.")
    return value


# Orientation requests: anonymised this long after they are closed.
RETENTION_ORIENTATION_DAYS = _days("RETENTION_ORIENTATION_DAYS", 365)
# Event registrations: anonymised this long after the event ends.
RETENTION_REGISTRATION_DAYS = _days("RETENTION_REGISTRATION_DAYS", 90)
# Contest applications: the contact person's name, e-mail and phone, this long after the results.
RETENTION_CONTEST_DAYS = _days("RETENTION_CONTEST_DAYS", 365)
# Newsletter sign-ups never confirmed: deleted this long after the sign-up.
RETENTION_NEWSLETTER_PENDING_DAYS = _days("RETENTION_NEWSLETTER_PENDING_DAYS", 7)
# Directory proposals: the sender's name and e-mail, this long after staff reviewed them.
RETENTION_PROPOSAL_DAYS = _days("RETENTION_PROPOSAL_DAYS", 180)
# Staff logins' log (django-axes: user name, address, browser): deleted after this many days.
RETENTION_LOGIN_LOG_DAYS = _days("RETENTION_LOGIN_LOG_DAYS", 90)
# The number of the declaration to the CNDP (Commission nationale de contrôle de la protection des
# données à caractère personnel), shown on the privacy page once set.
CNDP_DECLARATION = env_str("CNDP_DECLARATION", default="").strip()

# Staff logins: django-axes locks a user name out from an address after AXES_FAILURE_LIMIT failures
# in a row, for AXES_COOLOFF_MINUTES; the address is the one the rate limits use (USE_X_FORWARDED_FOR).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
if AXES_FAILURE_LIMIT < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("AXES_FAILURE_LIMIT must be 1 or more.")
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", default=30)
if AXES_COOLOFF_MINUTES < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("AXES_COOLOFF_MINUTES must be 1 or more.")
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "privacy.logins.client_ip"
AXES_LOCKOUT_TEMPLATE = "privacy/locked_out.html"

# --- Benchmark (benchmarks/run.py, docs/performance.md) ----------------------------------------
# BENCHMARK=1 only in the benchmark's own server: a bare "floor" view of a given size and the number of
# SQL queries in an X-Query-Count header (mess_portal/benchmark.py). Never in production.
BENCHMARK = env_bool("BENCHMARK", default=False)
if BENCHMARK:
    MIDDLEWARE.insert(0, "mess_portal.benchmark.QueryCountMiddleware")

# --- Pages kept for anonymous visitors (mess_portal/pagecache.py, docs/performance.md) ---------------
# Whole public pages and their parts are kept in the shared cache under one version that any change to
# public data bumps; this bounds how long a page that depends on the clock alone may lag (seconds; 0: off).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", default=300)
# A response larger than this (a download) is not kept.
PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", default=1024 * 1024)

# --- Open data (docs/opendata.md) ---
# The licence of the portal's own data in the full downloads (the directory, the support catalogue):
# by default Creative Commons Attribution 4.0, the HCP's licence too, so the files combine under one
# set of terms. Data from the HCP keep CC BY 4.0 and the map's outlines (OpenStreetMap) keep the ODbL
# whatever this says. The name is an SPDX identifier (Frictionless's datapackage.json "licenses").
OPEN_DATA_LICENCE = {
    "name": env_str("OPEN_DATA_LICENCE_NAME", default="CC-BY-4.0"),
    "title": env_str("OPEN_DATA_LICENCE_TITLE", default="Creative Commons Attribution 4.0 International"),
    "path": env_str("OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"),
}
# Seconds between the first change and the rebuild it queues: changes meanwhile join the same rebuild.
OPEN_DATA_REBUILD_DELAY = env_int("OPEN_DATA_REBUILD_DELAY", default=300)
# Whether a change to public data asks for that rebuild (off: only `manage.py rebuild_open_data` and the
# nightly cron line rebuild). The tests turn it off but where they test it: with jobs run at once, every
# committed row of a browser test's fixtures would rebuild every file.
OPEN_DATA_AUTO_REBUILD = env_bool("OPEN_DATA_AUTO_REBUILD", default=True)
if OPEN_DATA_REBUILD_DELAY < 0:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("OPEN_DATA_REBUILD_DELAY must be 0 or more.")

# --- Public API (issue 13): /api/v1/, read-only; docs/api.md ---------------------------------------
# Django REST framework, drf-spectacular (the OpenAPI description), django-cors-headers (GET from any
# origin, under /api/ only).
INSTALLED_APPS += ["rest_framework", "drf_spectacular", "corsheaders", "api"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware"), "corsheaders.middleware.CorsMiddleware"
)
# Requests per client address, e.g. "120/minute", "2000/hour" (a number, "/", second, minute, hour or day).
API_RATE_LIMIT = env_str("API_RATE_LIMIT", default="120/minute").strip()
_rate_number, _, _rate_period = API_RATE_LIMIT.partition("/")
if (
    not _rate_number.isdigit()
    or int(_rate_number) < 1
    or _rate_period not in ("second", "minute", "hour", "day")
):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured('API_RATE_LIMIT must look like "120/minute" (second, minute, hour or day).')
API_PAGE_SIZE = 20
API_MAX_PAGE_SIZE = 100
# Seconds a client or a shared cache may reuse an answer without asking again (then it asks with its ETag).
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", default=60)
# The data version behind ETag and Last-Modified starts anew at least this often (api/versioning.py).
API_DATA_VERSION_SECONDS = env_int("API_DATA_VERSION_SECONDS", default=3600)
# The licence of the data the API serves (shown on the API's page and in the OpenAPI description): by
# default the open-data files' own (OPEN_DATA_LICENCE above), so the API and the downloads say the same.
API_DATA_LICENCE = env_str("API_DATA_LICENCE", default=OPEN_DATA_LICENCE["title"])
API_DATA_LICENCE_URL = env_str("API_DATA_LICENCE_URL", default=OPEN_DATA_LICENCE["path"])
if API_CACHE_MAX_AGE < 0 or API_DATA_VERSION_SECONDS < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("API_CACHE_MAX_AGE must be 0 or more, API_DATA_VERSION_SECONDS 1 or more.")
REST_FRAMEWORK = {
    # Anonymous and stateless: no session read, no cookie set, no CSRF.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    # JSON only: no browsable API (it would need a session, forms and scripts); /fr/api/ documents it.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["api.filters.PageFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiRateThrottle"],
    # The client's address as the site's own rate limits see it (mess_portal.antispam.client_address):
    # the last X-Forwarded-For entry behind the proxy, else REMOTE_ADDR.
    "NUM_PROXIES": 1 if USE_X_FORWARDED_FOR else 0,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": "format",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MESS Tanger-Tétouan-Al Hoceïma: API publique",
    "DESCRIPTION": (
        "Read-only public API of the portal of the Maison de l'Economie Sociale et Solidaire (MESS) and of "
        "its observatory (ORESS): the directory of ESS structures, the support catalogue, the library, the "
        "observatory's series, the events and the contest's laureates. Published records and public fields "
        "only. No key needed; a rate limit per client address. Data licence: " + API_DATA_LICENCE + "."
    ),
    "VERSION": "1.0.0",
    "LICENSE": {"name": API_DATA_LICENCE, "url": API_DATA_LICENCE_URL},
    "SERVE_INCLUDE_SCHEMA": False,
    # Operations in the order of api/urls.py (the directory first), not alphabetical.
    "SORT_OPERATIONS": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_errors_and_headers",
    ],
    "DISABLE_ERRORS_AND_WARNINGS": False,
}
# CORS: any origin may GET the API (no credentials); the rest of the site sends no CORS header.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After", "Last-Modified"]

# --- Spreadsheets in the admin (django-import-export) ---------------------------------------------------
# The formats offered, named rather than "whatever tablib can write here": a test tool (frictionless) brings
# xlwt, and drf-spectacular PyYAML, which would add XLS and YAML to the lists and move the others.
from import_export.formats import base_formats  # noqa: E402 (tablib only: no Django setting read)

IMPORT_EXPORT_FORMATS = [base_formats.CSV, base_formats.XLSX, base_formats.TSV, base_formats.JSON]
