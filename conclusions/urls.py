from django.urls import path

from . import views

app_name = "conclusions"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("buoi/<int:session_pk>/lap-thong-bao/", views.notice_create, name="notice_create"),
    path("buoi/<int:session_pk>/hoan-thanh/", views.session_close_view, name="session_close"),
    path("<int:pk>/", views.notice_detail, name="notice_detail"),
    path("<int:pk>/sua/", views.notice_update, name="notice_update"),
    path("<int:pk>/xoa/", views.notice_remove, name="notice_delete"),
    path("<int:pk>/trang-thai/", views.notice_status, name="notice_status"),
    path("<int:pk>/in/", views.notice_pdf, name="notice_pdf"),
    path("<int:pk>/ban-da-ky/", views.notice_original_upload, name="notice_original_upload"),
    path("<int:pk>/ban-da-ky/<int:opk>/", views.notice_original_file, name="notice_original_file"),
    path("<int:pk>/word/", views.notice_docx, name="notice_docx"),
    path("<int:pk>/ban-thon/", views.notice_village_copies, name="notice_village_copies"),
    path("<int:pk>/ban-thon/word/", views.notice_village_copies_docx, name="notice_village_copies_docx"),
    path("<int:pk>/cong-khai/", views.notice_publish, name="notice_publish"),
    path("<int:pk>/thoi-cong-khai/", views.notice_unpublish, name="notice_unpublish"),
    path("<int:pk>/dinh-chinh/", views.notice_correct, name="notice_correct"),
    path("<int:notice_pk>/nhiem-vu/them/", views.assignment_create, name="assignment_create"),
    path("nhiem-vu/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("nhiem-vu/<int:pk>/sua/", views.assignment_update, name="assignment_update"),
    path("nhiem-vu/<int:pk>/xoa/", views.assignment_remove, name="assignment_delete"),
    path("nhiem-vu/<int:pk>/trang-thai/", views.assignment_status, name="assignment_status"),
    path("nhiem-vu/<int:pk>/tien-do/", views.assignment_progress, name="assignment_progress"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
    path("theo-doi/", views.board, name="board"),
]
