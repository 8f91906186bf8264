from django.urls import path

from . import views

app_name = "proceedings"

urlpatterns = [
    path("buoi/<int:session_pk>/chuong-trinh/", views.programme_edit, name="programme_edit"),
    path("buoi/<int:session_pk>/chuong-trinh/in/", views.programme_pdf, name="programme_pdf"),
    path("buoi/<int:session_pk>/chuong-trinh/word/", views.programme_docx, name="programme_docx"),
    path("buoi/<int:session_pk>/lap-bien-ban/", views.minutes_create, name="minutes_create"),
    path("buoi/<int:session_pk>/tai-lieu-lanh-dao/", views.briefing, name="briefing"),
    path("buoi/<int:session_pk>/tai-lieu-lanh-dao/in/", views.briefing_pdf, name="briefing_pdf"),
    path("buoi/<int:session_pk>/tai-lieu-lanh-dao/word/", views.briefing_docx, name="briefing_docx"),
    path("bien-ban/<int:pk>/", views.minutes_detail, name="minutes_detail"),
    path("bien-ban/<int:pk>/sua/", views.minutes_update, name="minutes_update"),
    path("bien-ban/<int:pk>/soan-lai/", views.minutes_redraft, name="minutes_redraft"),
    path("bien-ban/<int:pk>/trang-thai/", views.minutes_status, name="minutes_status"),
    path("bien-ban/<int:pk>/in/", views.minutes_pdf, name="minutes_pdf"),
    path("bien-ban/<int:pk>/word/", views.minutes_docx, name="minutes_docx"),
]
