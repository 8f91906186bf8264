from django.urls import path

from . import views

app_name = "reception"

urlpatterns = [
    path("", views.day_list, name="days"),
    path("<int:pk>/", views.day_detail, name="day"),
    path("<int:pk>/sua/", views.day_edit, name="day_edit"),
    path("luot/<int:pk>/sua/", views.visit_edit, name="visit_edit"),
]
