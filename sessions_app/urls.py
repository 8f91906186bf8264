from django.urls import path

from .views import originals as ov
from .views import rosters as pv
from .views import sessions as views

app_name = "sessions_app"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("them/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/sua/", views.plan_update, name="plan_update"),
    path("<int:pk>/in/", views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/word/", views.plan_docx, name="plan_docx"),
    path("<int:pk>/thay-the/", views.plan_correct_view, name="plan_correct"),
    path("<int:pk>/ban-da-ky/", ov.plan_original_upload, name="plan_original_upload"),
    path("<int:pk>/ban-da-ky/<int:opk>/", ov.plan_original_file, name="plan_original_file"),
    path("<int:plan_pk>/buoi/them/", views.session_create, name="session_create"),
    path("buoi/", views.session_list, name="session_list"),
    path("buoi/<int:pk>/", views.session_detail, name="session_detail"),
    path("buoi/<int:pk>/sua/", views.session_update, name="session_update"),
    path("buoi/<int:pk>/trang-thai/", views.session_status, name="session_status"),
    path("buoi/<int:pk>/cong-khai/", views.session_publish, name="session_publish"),
    path("buoi/<int:pk>/thoi-cong-khai/", views.session_unpublish, name="session_unpublish"),
    path("buoi/<int:pk>/viec/<int:task_pk>/", views.session_task_done, name="session_task_done"),
    # Roster, letters, announcement, attendance (issue 3)
    path("buoi/<int:pk>/dai-bieu/", pv.roster, name="roster"),
    path("buoi/<int:pk>/dai-bieu/lap-tu-thanh-phan/", pv.roster_fill, name="roster_fill"),
    path("buoi/<int:pk>/dai-bieu/so-ho/", pv.roster_households, name="roster_households"),
    path("buoi/<int:pk>/dai-bieu/them/", pv.participant_create, name="participant_create"),
    path("buoi/<int:pk>/dai-bieu/<int:ppk>/tra-loi/", pv.participant_response, name="participant_response"),
    path("buoi/<int:pk>/dai-bieu/<int:ppk>/xoa/", pv.participant_delete, name="participant_delete"),
    path("buoi/<int:pk>/dai-bieu/nhap/", pv.roster_import, name="roster_import"),
    path("buoi/<int:pk>/dai-bieu/nhap/ghi/", pv.roster_import_save, name="roster_import_save"),
    path("buoi/<int:pk>/dai-bieu/nhap/mau/", pv.roster_import_template_xlsx, name="roster_import_template"),
    path("buoi/<int:pk>/dai-bieu/xuat/", pv.roster_xlsx, name="roster_xlsx"),
    path("buoi/<int:pk>/van-ban/", pv.documents, name="documents"),
    path("buoi/<int:pk>/van-ban/<str:kind>/cap-so/", pv.document_create, name="document_create"),
    path("buoi/<int:pk>/van-ban/<str:kind>/ban-ky/", ov.document_original_upload, name="document_original_upload"),
    path("buoi/<int:pk>/van-ban/<str:kind>/ban-ky/<int:o>/", ov.document_original_file, name="document_original_file"),
    path("buoi/<int:pk>/van-ban/<str:kind>/thay-the/", pv.document_correct, name="document_correct"),
    path("buoi/<int:pk>/van-ban/so/<int:doc_pk>/", pv.document_pdf, name="document_pdf"),
    path("buoi/<int:pk>/giay-moi/<int:ppk>/", pv.invitation_pdf, name="invitation_pdf"),
    path("buoi/<int:pk>/giay-moi/<int:ppk>/word/", pv.invitation_docx, name="invitation_docx"),
    path("buoi/<int:pk>/giay-moi/in/", pv.invitation_batch, name="invitation_batch"),
    path("buoi/<int:pk>/giay-moi/word/", pv.invitation_batch_docx, name="invitation_batch_docx"),
    path("buoi/<int:pk>/giay-moi/in/<int:job_pk>/", pv.print_job, name="print_job"),
    path("buoi/<int:pk>/giay-moi/in/<int:job_pk>/tai/", pv.print_job_file, name="print_job_file"),
    path("buoi/<int:pk>/thong-bao/", pv.announcement_pdf, name="announcement_pdf"),
    path("buoi/<int:pk>/thong-bao/word/", pv.announcement_docx, name="announcement_docx"),
    path("buoi/<int:pk>/ky-ten/", pv.signature_sheet_pdf, name="signature_sheet_pdf"),
    path("buoi/<int:pk>/ky-ten/word/", pv.signature_sheet_docx, name="signature_sheet_docx"),
    path("buoi/<int:pk>/diem-danh/", pv.attendance, name="attendance"),
    path("buoi/<int:pk>/diem-danh/so-lieu/", pv.attendance_counts_json, name="attendance_counts"),
    path("buoi/<int:pk>/diem-danh/<int:ppk>/", pv.attendance_tick, name="attendance_tick"),
    path("diem-danh/<str:token>/", pv.checkin, name="checkin"),
]
