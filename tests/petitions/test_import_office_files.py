"""Petition lists as offices type them (issue 11): tolerant headers, skipped columns named, the template."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from petitions.models import Petition
from petitions.resources import IMPORT_COLUMNS, TEMPLATE_HEADERS

from .importing import confirm, import_file, preview


def upload(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("y-kien.xlsx", out.getvalue())


def test_office_headers_import_and_the_unknown_column_is_named(client, clerk, villages):
    client.force_login(clerk)
    rows = [
        ["STT", "NGÀY NHẬN", "Họ tên", "SĐT", "Ấp", "lĩnh vực", "Nội dung kiến nghị"],
        [1, "01/10/2025", "Nguyễn Văn A", "0912 345 678", villages[0].name, "Môi trường", "- Rác thải ven kênh"],
    ]
    previewed = preview(client, upload(rows))
    assert Petition.objects.count() == 0
    response = confirm(client, previewed, follow=True)
    petition = Petition.objects.get()
    assert (petition.citizen_name, petition.citizen_phone, petition.village, petition.content) == (
        "Nguyễn Văn A",
        "0912 345 678",
        villages[0],
        "- Rác thải ven kênh",
    )
    assert "Bỏ qua cột: “STT” (không thuộc danh sách cột nhận)." in response.content.decode()


def test_a_refused_file_still_names_the_skipped_columns(client, clerk):
    client.force_login(clerk)
    rows = [["Ghi chú", "Lĩnh vực", "Nội dung"], ["x", "Không có", "Đường hỏng"]]
    page = preview(client, upload(rows)).content.decode()
    assert "Bỏ qua cột: “Ghi chú”" in page
    assert Petition.objects.count() == 0


def test_the_template_has_every_import_column_and_one_example_that_imports(client, clerk, villages):
    client.force_login(clerk)
    assert reverse("petitions:import_template") in client.get(reverse("petitions:import")).content.decode()
    response = client.get(reverse("petitions:import_template"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == TEMPLATE_HEADERS and len(rows) == 2
    assert len(TEMPLATE_HEADERS) == len(IMPORT_COLUMNS)
    import_file(client, SimpleUploadedFile("mau.xlsx", response.content))
    assert Petition.objects.count() == 1
