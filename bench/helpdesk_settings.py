"""Django settings for timing django-helpdesk's get_email in bench/ingest.py (its own venv).

The least that runs it: the apps it needs, SQLite, attachments saved under HD_MEDIA (its
default), no teams (pinax-teams is an optional extra), mail to nowhere.
"""

import os

SECRET_KEY = "bench"
DEBUG = False
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
INSTALLED_APPS = [
    "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django.contrib.sites", "django.contrib.humanize", "django.contrib.messages",
    "rest_framework", "helpdesk",
]
SITE_ID = 1
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["HD_DB"]}}
MEDIA_ROOT = os.environ["HD_MEDIA"]
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
ROOT_URLCONF = "helpdesk_urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
              "OPTIONS": {"context_processors": []}}]
HELPDESK_TEAMS_MODE_ENABLED = False
