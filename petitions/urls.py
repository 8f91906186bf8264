from django.urls import path

from . import views

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="list"),
    path("viec-cua-don-vi/", views.unit_queue, name="queue"),
    path("neu-nhieu-lan/", views.repeated, name="repeated"),
    path("moi/", views.petition_create, name="create"),
    path("buoi/<int:session_pk>/", views.session_intake, name="session_intake"),
    path("goi-y/", views.suggest, name="suggest"),
    path("xuat-excel/", views.petition_export, name="export"),
    path("nhap-excel/", views.petition_import, name="import"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.petition_action, name="action"),
]
