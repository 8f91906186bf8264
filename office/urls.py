"""The office's pages. Their paths stay where users know them: the report under /ket-luan/,
one person's data under the personal-data register of /danh-muc/."""

from django.urls import path

from .views import personal_data, reports

app_name = "office"

urlpatterns = [
    path("ket-luan/bao-cao/", reports.report, name="report"),
    path("ket-luan/bao-cao/excel/", reports.report_excel, name="report_excel"),
    path("ket-luan/bao-cao/pdf/", reports.report_pdf, name="report_pdf"),
    path("ket-luan/bao-cao/word/", reports.report_docx, name="report_docx"),
    path("ket-luan/bao-cao/so/<int:pk>/", reports.issued_report_pdf, name="issued_report_pdf"),
    path("ket-luan/bao-cao/so/<int:pk>/word/", reports.issued_report_docx, name="issued_report_docx"),
    path("danh-muc/yeu-cau-du-lieu/<int:pk>/du-lieu/", personal_data.person_data, name="person_data"),
    path("danh-muc/yeu-cau-du-lieu/<int:pk>/du-lieu/tai/", personal_data.person_data_export, name="person_data_export"),
    path(
        "danh-muc/yeu-cau-du-lieu/<int:pk>/du-lieu/an-danh/",
        personal_data.person_data_anonymise,
        name="person_data_anonymise",
    ),
]
