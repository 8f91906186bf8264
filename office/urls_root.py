"""The dashboard, at the site's root, under its plain name "dashboard"."""

from django.urls import path

from .views import dashboard

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
]
