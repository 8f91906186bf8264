from django.urls import path

from . import views

app_name = "reception"

urlpatterns = [
    path("", views.day_list, name="days"),
    path("<int:pk>/", views.day_detail, name="day"),
]
