"""Test settings: the real settings with what tests need swapped in."""

import os
import tempfile

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("TASK_QUEUE_IMMEDIATE", "1")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="dialogue-test-"))

from dialogue.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# django-axes needs the request in authenticate(), which client.login() does not pass;
# the sign-in tests turn it on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False
