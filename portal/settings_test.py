"""Settings for the test suite: the real settings with fast hashing, in-memory email, plain static files."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")

from portal.settings import *  # noqa: E402,F403
from portal.settings import STORAGES  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CARERS_TEXT_BACKEND = "memory"  # commissioning.carers.texts.outbox
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
SECURE_SSL_REDIRECT = False
# Background tasks run inline, in the request or command that enqueues them.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Static files straight from static/ (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["*"]
# Tests must be repeatable: no lockouts carried over between tests unless a test asks for them.
AXES_ENABLED = True
# Uploads and built PDFs go to a throw-away folder per test run, never to the developer's var/media.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
