"""URLs for bench/helpdesk_settings.py: get_email builds ticket links in the 'helpdesk' namespace."""

from django.urls import include, path

urlpatterns = [path("helpdesk/", include("helpdesk.urls"))]
