from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("chon-xa/", views.switch_commune, name="switch_commune"),
    path("xa/", views.commune_settings, name="commune_settings"),
    path("thon/", views.village_list, name="village_list"),
    path("thon/them/", views.village_create, name="village_create"),
    path("thon/<int:pk>/sua/", views.village_update, name="village_update"),
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/them/", views.unit_create, name="unit_create"),
    path("don-vi/<int:pk>/sua/", views.unit_update, name="unit_update"),
    path("can-bo/", views.official_list, name="official_list"),
    path("can-bo/them/", views.official_create, name="official_create"),
    path("can-bo/<int:pk>/sua/", views.official_update, name="official_update"),
    path("yeu-cau-du-lieu/", views.data_request_list, name="data_request_list"),
    path("yeu-cau-du-lieu/them/", views.data_request_create, name="data_request_create"),
    path("yeu-cau-du-lieu/<int:pk>/", views.data_request_detail, name="data_request_detail"),
    path("yeu-cau-du-lieu/<int:pk>/trang-thai/", views.data_request_status, name="data_request_status"),
    path("ngay-nghi/", views.holiday_list, name="holiday_list"),
    path("ngay-nghi/them/", views.holiday_edit, name="holiday_create"),
    path("ngay-nghi/<int:pk>/sua/", views.holiday_edit, name="holiday_update"),
    path("viec-nen/<int:pk>/", views.job_detail, name="job"),
    path("viec-nen/<int:pk>/tai-ve/", views.job_file, name="job_file"),
    path("viec-nen/<int:pk>/chay-lai/", views.job_retry, name="job_retry"),
]
