"""Settings of the gunicorn server bench/wrk.py starts: production settings (DEBUG off) plus the
floor page's urlconf, static files served from the source folders, and no lookup limit."""

from dialogue.settings import *  # noqa: F403

ROOT_URLCONF = "_wrk_urls"
# No collectstatic in a benchmark: WhiteNoise serves the source folders, as `make run` does.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
# wrk asks from one address: the per-address lookup limit would answer 429 after 20.
PUBLIC_LOOKUP_LIMIT = 10**9
