from django.urls import path

from . import views

app_name = "sessions_app"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("them/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/sua/", views.plan_update, name="plan_update"),
    path("<int:pk>/in/", views.plan_pdf, name="plan_pdf"),
    path("<int:plan_pk>/buoi/them/", views.session_create, name="session_create"),
    path("buoi/", views.session_list, name="session_list"),
    path("buoi/<int:pk>/", views.session_detail, name="session_detail"),
    path("buoi/<int:pk>/sua/", views.session_update, name="session_update"),
    path("buoi/<int:pk>/trang-thai/", views.session_status, name="session_status"),
    path("buoi/<int:pk>/viec/<int:task_pk>/", views.session_task_done, name="session_task_done"),
]
