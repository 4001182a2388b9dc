"""Settings for fazhi, read from the environment.

FAZHI_DATABASE_URL   sqlite:///path or postgres://user:pass@host:port/name
                     (default: SQLite file var/fazhi.sqlite3, in WAL mode)
FAZHI_SECRET_KEY     (default: generated once into var/secret_key)
FAZHI_DEBUG          1/true to turn on debug pages (default off)
FAZHI_ALLOWED_HOSTS  comma-separated (default: 127.0.0.1,localhost)
FAZHI_TRUSTED_PROXIES  addresses of the reverse proxies whose X-Forwarded-For gives the client's address
FAZHI_VAR_DIR        where the SQLite file, the secret key and uploaded files live (default ./var)
FAZHI_PLAIN_ORM      1/true to run the ORM workarounds' plain-ORM fallbacks instead (slower; default off:
                     fazhi/core/fastpath.py, docs/architecture.md "ORM workarounds and their fallbacks")
FAZHI_PLUGINS        comma-separated module paths of extra registry apps (default none; docs/adding-a-registry.md)
"""

import importlib.util
import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FAZHI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def _env_bool(name, default=False):
    """A FAZHI_* switch: 1/true/yes/on or 0/false/no/off (any case); anything else stops the start with the
    variable's name (a typo such as ``FAZHI_HTTPS=ture`` must not switch HTTPS off silently)."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"环境变量 {name}={value!r} 不是开关值：应为 1/true/yes/on 或 0/false/no/off。")


def _env_int(name, default):
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value.strip())
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"环境变量 {name}={value!r} 不是整数。") from None


def _env_modules(name):
    """A FAZHI_* list of Python module paths (``a.b,c.d``; spaces and empty items ignored). An item that is not a
    dotted path of identifiers, one named twice or one that cannot be found stops the start with the variable's name."""
    value = os.environ.get(name, "")
    out = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        from django.core.exceptions import ImproperlyConfigured

        if not all(part.isidentifier() for part in item.split(".")):
            raise ImproperlyConfigured(f"环境变量 {name} 中的 {item!r} 不是 Python 模块路径：应为以逗号分隔的 a.b.c 形式。")
        if item in out:
            raise ImproperlyConfigured(f"环境变量 {name} 中的 {item!r} 重复。")
        try:
            found = importlib.util.find_spec(item) is not None
        except ImportError:  # a parent package is missing
            found = False
        if not found:
            raise ImproperlyConfigured(f"环境变量 {name} 中的模块 {item} 找不到：应已安装，或其所在目录在 PYTHONPATH 中。")
        out.append(item)
    return out


def _secret_key():
    key = os.environ.get("FAZHI_SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("FAZHI_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("FAZHI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]

INSTALLED_APPS = [
    # First, so that its commands replace Django's own of the same name (changepassword, createsuperuser: an
    # operator's password reset is a one-time password too, and fazhi has no superuser — 三员分立).
    "fazhi.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "fazhi.advisers",
    "fazhi.reconsideration",
    "fazhi.litigation",
    "fazhi.legality",
    "fazhi.normative",
    "fazhi.decisions",
    "fazhi.oversight",
    # FAZHI_PLUGINS: business registries kept outside fazhi/ (a folder with only its own files, docs/adding-a-registry.md),
    # after the built-in ones and before the centre that reads them.
    *_env_modules("FAZHI_PLUGINS"),
    "fazhi.indicators",
    "fazhi.reports",
    "fazhi.api",
    "fazhi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fazhi.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the idle timeout, which leaves a message when it logs a session out.
    "django.contrib.messages.middleware.MessageMiddleware",
    "fazhi.core.middleware.IdleTimeoutMiddleware",
    "fazhi.core.middleware.ActiveOrgMiddleware",
    "fazhi.core.middleware.ForcePasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("FAZHI_DATABASE_URL", f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; the busy timeout waits for the lock instead of failing.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["fazhi.core.auth.RoleBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "fazhi.core.passwords.PasswordPolicyValidator"},
    {"NAME": "fazhi.core.passwords.CommonPasswordValidator"},
    {"NAME": "fazhi.core.passwords.PasswordHistoryValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout (issue [1/6] item 4): 5 failures within 15 minutes lock the account, and the address, for 15 minutes.
FAZHI_LOCKOUT_FAILURES = 5
FAZHI_LOCKOUT_WINDOW_MINUTES = 15
FAZHI_LOCKOUT_MINUTES = 15
# Sign-ins from one address after FAZHI_LOCKOUT_FAILURES failures wait 1, 2, 4 … seconds, at most this long (never locked).
FAZHI_THROTTLE_MAX_SECONDS = 60
# Reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For is believed; nobody else's is.
FAZHI_TRUSTED_PROXIES = [
    ipaddress.ip_network(p.strip(), strict=False) for p in os.environ.get("FAZHI_TRUSTED_PROXIES", "").split(",") if p.strip()
]
# A password reset by an administrator yields a one-time password, good only for the holder's own change, for this long.
FAZHI_ONE_TIME_PASSWORD_HOURS = 72

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
# FAZHI_HTTPS=1 when the platform is reached over HTTPS (nginx in front): cookies only over HTTPS, HSTS for a year,
# and plain-HTTP requests redirected. Behind a trusted proxy (FAZHI_TRUSTED_PROXIES) its X-Forwarded-Proto says
# whether the client's request was HTTPS.
FAZHI_HTTPS = _env_bool("FAZHI_HTTPS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = FAZHI_HTTPS
if FAZHI_HTTPS:
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_SSL_REDIRECT = True
    if FAZHI_TRUSTED_PROXIES:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
# Django's own Chinese wording of the seven form messages Django REST framework translates otherwise (see the .po).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns when it is missing
# Static files come from static/ (and the apps) directly, so `make run` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

FAZHI_PAGE_SIZE = 50

# The REST API (fazhi/api/, docs/api.md): session auth for the pages' own scripts, personal access tokens
# (``Authorization: Bearer <token>``) for systems; every endpoint needs a signed-in user and checks the
# registry's permission and scope itself (fazhi.api.viewsets). Requests per token and hour: FAZHI_API_RATE.
FAZHI_API_RATE = os.environ.get("FAZHI_API_RATE", "3600/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "fazhi.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["fazhi.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": FAZHI_API_RATE},
    "DEFAULT_PAGINATION_CLASS": "fazhi.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "fazhi.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "法治政府建设工作平台 API",
    "DESCRIPTION": "各登记簿的记录、工作流转、指标与年度报告。数据范围、个人信息遮蔽与页面一致。",
    "VERSION": "v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": True,
}
# The ORM workarounds (compiled indicator queries, hand-built bulk INSERTs, a resource's bulk save_rows) give way
# to their plain-ORM fallbacks (fazhi.core.fastpath): to tell, after a Django upgrade, whether one broke.
FAZHI_PLAIN_ORM = _env_bool("FAZHI_PLAIN_ORM")
# How long a computed dashboard is kept per user scope, unit and period (indicators.views.build_dashboard); 0: never.
FAZHI_DASHBOARD_CACHE_SECONDS = _env_int("FAZHI_DASHBOARD_CACHE_SECONDS", 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FAZHI_LOG_LEVEL", "WARNING")},
}
