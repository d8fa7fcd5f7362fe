"""Settings shared by every environment; every deploy-time value comes from the environment."""
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # our apps first so their templates override allauth's and Wagtail's
    "core",
    "audit",
    "accounts",
    "providers",
    "marketplace",
    "bidding",
    "contracts",
    "oversight",
    "reviews",
    "search",
    "cms",
    "api",
    # the REST API's framework and its OpenAPI document (api/)
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "django.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
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
    # accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # tasks
    "django_tasks",
    "django_rq",
    "django_tasks_rq",
    "simple_history",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "core.middleware.ReceivedAtMiddleware",  # first: a request counts from when it arrived (core/clock.py)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Outside the page cache, so a page served from it is refused to frames as well.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.pagecache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "audit.middleware.RequestContextMiddleware",
    "accounts.middleware.RegulatorMFAMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.frame",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and a task worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for everything that must agree between processes: the public page cache and the
# versions of what changed (core/pagecache.py, core/changes.py), login rate limits, the URLs of
# the index pages. Local memory suits one process (scripts/start); with several processes or
# servers set CACHE_URL=rediscache://127.0.0.1:6379/1 (production.py defaults to Redis).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# The longest a public page is kept, whatever it shows (a change or its moment ends it sooner).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
# How long a reverse proxy may keep a public page without a query string (its Cache-Control
# s-maxage). Changes purge the pages that show them (cms/purge.py) when FRONTEND_CACHE_PURGE_URL
# names the proxy (HTTP PURGE, e.g. Varnish or nginx); a menu or settings change reaches pages
# the proxy holds within this time.
PAGE_CACHE_PROXY_SECONDS = env.int("PAGE_CACHE_PROXY_SECONDS", default=60)
if env("FRONTEND_CACHE_PURGE_URL", default=""):
    WAGTAILFRONTENDCACHE = {"default": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
    }}
# How long after a job's close a bid received before it is still processed (bidding.states.close_grace).
BID_CLOSE_GRACE_SECONDS = env.int("BID_CLOSE_GRACE_SECONDS", default=30)
# A change is announced to the caches when its transaction commits (core/changes.py).
CHANGES_ANNOUNCED_ON_COMMIT = True

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Chinese first, English second; store UTC, show Beijing time.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Editors' pages in both languages: an English tree beside the Chinese one (wagtail.contrib.
# simple_translation copies a page for translation), served at the same addresses — the
# visitor's language (switcher cookie or ?lang=) picks the tree (cms/routing.py).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Certificates and other private uploads: outside the web root, served only by a view
    # that checks who asks.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private"))},
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
PRIVATE_UPLOAD_MAX_BYTES = env.int("PRIVATE_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
CERTIFICATE_EXPIRY_WARNING_DAYS = env.int("CERTIFICATE_EXPIRY_WARNING_DAYS", default=60)

# E-mail: console by default; SMTP by EMAIL_URL in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="中介超市 <noreply@zjcs.example.cn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Accounts (django-allauth 65)
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[中介超市] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
LOGIN_REDIRECT_URL = "/workspace/"
LOGIN_URL = "/accounts/login/"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "中介超市"
# A code of the step before or after is accepted too: a phone's clock drifts, and the 30-second
# step may change while someone types the code (a test that typed at the boundary failed).
MFA_TOTP_TOLERANCE = 1
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
# Who must pass a second factor in every session: the platform's active regulators.
MFA_REQUIRED_FOR = "providers.access.is_active_regulator"
# Every login goes through allauth (config/urls.py sends the admin and private-page login forms
# there). After 5 wrong passwords for one e-mail in 5 minutes (or 10 a minute from one address)
# even the right one is refused. The counts live in the cache: share it between processes.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# A session passes MFA only by entering a code (accounts/mfa.py): no "trust this browser".
MFA_TRUST_ENABLED = False
# Passwords are reset through allauth's pages, never Wagtail admin's.
WAGTAIL_PASSWORD_RESET_ENABLED = False

# Background work: one interface (django-tasks); run in-process by default, on RQ/Redis
# in production (TASKS_BACKEND=rq).
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
TASKS_BACKEND = env("TASKS_BACKEND", default="immediate")
TASKS = {
    "default": (
        {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
        if TASKS_BACKEND == "rq"
        else {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    )
}
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}

# Contracts (contracts/): the working days a winner has to sign before it counts as refusing, and
# the default days an owner has to accept a delivery before it counts as accepted.
CONTRACT_SIGN_WORKING_DAYS = env.int("CONTRACT_SIGN_WORKING_DAYS", default=5)
CONTRACT_ACCEPTANCE_WORKING_DAYS = env.int("CONTRACT_ACCEPTANCE_WORKING_DAYS", default=10)
# The owner's own clock (contracts/owner_clock.py): working days to sign from the award, and to pay
# a milestone from its acceptance; beyond them each day is an owner delay.
OWNER_SIGN_WORKING_DAYS = env.int("OWNER_SIGN_WORKING_DAYS", default=10)
OWNER_PAY_WORKING_DAYS = env.int("OWNER_PAY_WORKING_DAYS", default=20)
# Oversight (oversight/): the working days a department has to answer a complaint, and how many
# working days before that deadline its regulators are reminded; past it, the department's head
# is asked to step in (escalation).
COMPLAINT_WORKING_DAYS = env.int("COMPLAINT_WORKING_DAYS", default=15)
COMPLAINT_REMIND_WORKING_DAYS = env.int("COMPLAINT_REMIND_WORKING_DAYS", default=3)
# The platform's signing key and certificate for the signed PDFs (PAdES). `bash scripts/start` and
# the tests make a demo certificate; production configures a CA-issued one.
CONTRACT_SIGNING_KEY = env("CONTRACT_SIGNING_KEY", default=str(BASE_DIR / "var" / "keys" / "platform-signing-key.pem"))
CONTRACT_SIGNING_CERT = env("CONTRACT_SIGNING_CERT",
                            default=str(BASE_DIR / "var" / "keys" / "platform-signing-cert.pem"))
CONTRACT_SIGNING_CHAIN = env("CONTRACT_SIGNING_CHAIN", default=str(BASE_DIR / "var" / "keys" / "platform-ca-cert.pem"))
CONTRACT_SIGNING_KEY_PASSPHRASE = env("CONTRACT_SIGNING_KEY_PASSPHRASE", default="")

# Payments: with no STRIPE_API_KEY the site talks to localstripe (a local Stripe test server that
# `bash scripts/start` and the tests start); it has no Connect, so releases are paid out by the
# platform and recorded (STRIPE_CONNECT off). With real keys: api.stripe.com and Connect.
_STRIPE_LOCAL = not env.str("STRIPE_API_KEY", default="")
STRIPE_API_KEY = env("STRIPE_API_KEY", default="sk_test_local")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="http://127.0.0.1:8420" if _STRIPE_LOCAL else "https://api.stripe.com")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="whsec_local")
STRIPE_CONNECT = env.bool("STRIPE_CONNECT", default=not _STRIPE_LOCAL)
STRIPE_CURRENCY = env("STRIPE_CURRENCY", default="cny")
# What an owner pays a milestone with: the test card locally; a redirect-based method (alipay) live.
STRIPE_PAYMENT_METHOD_TYPES = env.list("STRIPE_PAYMENT_METHOD_TYPES", default=["card"] if _STRIPE_LOCAL else ["alipay"])
SEARCH_BACKEND = env("SEARCH_BACKEND", default="database")
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="zjcs")
# The Chinese analyser of the Elasticsearch indexes: "cjk" (built in), "ik" or "smartcn" when the
# cluster has that plugin (search/backends/elastic_analysis.py).
ELASTICSEARCH_ANALYZER = env("ELASTICSEARCH_ANALYZER", default="cjk")
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=5.0)
# The client's `compatible-with` media type; off for servers that refuse it (osmem-server: 406).
ELASTICSEARCH_COMPATIBILITY_HEADER = env.bool("ELASTICSEARCH_COMPATIBILITY_HEADER", default=True)
# Every committed change updates the search index through the task interface (search/indexing.py).
SEARCH_INDEX_ON_CHANGE = env.bool("SEARCH_INDEX_ON_CHANGE", default=True)

# Wagtail
WAGTAIL_SITE_NAME = "中介超市"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "txt"]

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Bidding rules (DESIGN.md: Announcement, Bid, Selection, Publicity). Working days skip weekends
# and the holidays in the core.CalendarDay table.
REGISTRATION_MIN_WORKING_DAYS = env.int("REGISTRATION_MIN_WORKING_DAYS", default=3)
PUBLICITY_WORKING_DAYS = env.int("PUBLICITY_WORKING_DAYS", default=3)
# Agencies offering the item that have not bid yet are reminded this many hours before the close.
CLOSING_SOON_HOURS = env.int("CLOSING_SOON_HOURS", default=24)
# A price below this share of the mean of the other valid prices is abnormally low.
ABNORMAL_LOW_PRICE_RATIO = env("ABNORMAL_LOW_PRICE_RATIO", default="0.7")
# How many valid bids each selection method needs; fewer and the job fails (流标).
# The credit-merit draw publishes its own minimum (bidding/method_params.py, min_bidders); the
# value here is what its min_valid_bids falls back to.
MIN_VALID_BIDS = {"direct": 1, "random": 3, "lowest": 3, "scoring": 3, "best_price": 3, "credit_draw": 5,
                  "auction": 2, "quote": 2}
# The public value fixed after the close that every draw takes (bidding/beacon.py): "regulators"
# (two regulators enter and confirm a public number drawn after the close, for platforms without
# outside network) or "drand" (the first round after the close of the beacon at DRAW_BEACON_URL).
DRAW_BEACON = env("DRAW_BEACON", default="regulators")
DRAW_BEACON_URL = env("DRAW_BEACON_URL", default="https://api.drand.sh")

# The REST API (api/, /api/v1/): JSON only; one error body (api/errors.py); cursor pages; every
# endpoint names who may call it (closed unless it says otherwise).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Keyset",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.handle",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "中介超市 API",
    "DESCRIPTION": "行政审批中介服务网上交易平台的接口 (the marketplace's REST API)。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["api.schema.only_this_api"],
    # Several models have a "status": each its own named enum in the document.
    "ENUM_NAME_OVERRIDES": {
        "BidStatusEnum": "bidding.models.Bid.Status",
        "ObjectionStatusEnum": "bidding.models.Objection.Status",
        "TemplateVersionStatusEnum": "contracts.models.TemplateVersion.Status",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
