from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/mo/", views.notification_open, name="open"),
    path("da-doc-het/", views.notification_read_all, name="read_all"),
    path("cai-dat/", views.notification_settings, name="settings"),
    path("chua-gui-duoc/", views.undelivered_list, name="undelivered"),
    path("chua-gui-duoc/<int:pk>/gui-lai/", views.undelivered_retry, name="undelivered_retry"),
    path("chua-gui-duoc/gui-lai-tat-ca/", views.undelivered_retry_all, name="undelivered_retry_all"),
]
