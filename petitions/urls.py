from django.urls import path

from . import views
from .views import reference

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="list"),
    path("viec-cua-don-vi/", views.unit_queue, name="queue"),
    path("neu-nhieu-lan/", views.repeated, name="repeated"),
    path("da-chuyen/", views.transfers, name="transfers"),
    path("cho-duyet/", views.approvals, name="approvals"),
    path("hang-loat/", views.petitions_bulk, name="bulk"),
    path("moi/", views.petition_create, name="create"),
    path("buoi/<int:session_pk>/", views.session_intake, name="session_intake"),
    path("goi-y/", views.suggest, name="suggest"),
    path("xuat-excel/", views.petition_export, name="export"),
    path("nhap-excel/", views.petition_import, name="import"),
    path("nhap-excel/xac-nhan/", views.petition_import_confirm, name="import_confirm"),
    path("nhap-excel/mau/", views.petition_import_template, name="import_template"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment"),
    path("linh-vuc/", reference.topic_list, name="topic_list"),
    path("linh-vuc/them/", reference.topic_create, name="topic_create"),
    path("linh-vuc/<int:pk>/sua/", reference.topic_update, name="topic_update"),
    path("mau-tra-loi/", reference.answer_template_list, name="answer_template_list"),
    path("mau-tra-loi/them/", reference.answer_template_create, name="answer_template_create"),
    path("mau-tra-loi/<int:pk>/sua/", reference.answer_template_update, name="answer_template_update"),
    path("quy-tac-thoi-han/", reference.deadline_rule_list, name="deadline_rule_list"),
    path("quy-tac-thoi-han/them/", reference.deadline_rule_create, name="deadline_rule_create"),
    path("quy-tac-thoi-han/<int:pk>/sua/", reference.deadline_rule_update, name="deadline_rule_update"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/phieu-tiep-nhan.pdf", views.receipt_pdf, name="receipt"),
    path("<int:pk>/van-ban/<str:kind>/", views.citizen_letter, name="letter"),
    path("<int:pk>/van-ban/<str:kind>/word/", views.citizen_letter_docx, name="letter_docx"),
    path("buoi/<int:session_pk>/van-ban-gui-dan/", views.session_citizen_letters, name="session_letters"),
    path(
        "buoi/<int:session_pk>/van-ban-gui-dan/word/", views.session_citizen_letters_docx, name="session_letters_docx"
    ),
    path("<int:pk>/<slug:action>/", views.petition_action, name="action"),
]
