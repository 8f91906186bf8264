"""A conclusion notice may take its number from the e-office; once issued, its signed original is of record."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conclusions.enums import NoticeStatus
from conclusions.models import ConclusionNotice, NoticeOriginal
from conclusions.services import ConclusionError, notice_change_status
from directory.numbering import number_register_external


def issue(notice, clerk, leader):
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=leader)
    return ConclusionNotice.objects.get(pk=notice.pk)


def test_a_notice_issued_with_its_e_office_number_and_date(notice, clerk, leader):
    notice.external_number, notice.external_issued_on = 23, datetime.date(2025, 11, 28)
    notice.save()
    issued = issue(notice, clerk, leader)
    assert (issued.number, issued.issued_on, issued.number_period) == (23, datetime.date(2025, 11, 28), "2025")
    assert issued.symbol == "23/TB-UBND"


def test_a_taken_e_office_number_is_refused_at_issue_and_nothing_changes(notice, clerk, leader):
    number_register_external(issuer=notice.issuer, doc_type="TB", number=23, on_date=datetime.date(2025, 11, 2))
    notice.external_number, notice.external_issued_on = 23, datetime.date(2025, 11, 28)
    notice.save()
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    with pytest.raises(ConclusionError, match="Số 23/TB-UBND đã được dùng cho một văn bản khác"):
        notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=leader)
    notice.refresh_from_db()
    assert (notice.status, notice.number) == (NoticeStatus.PENDING_APPROVAL, None)


def test_the_form_says_at_once_that_the_number_is_taken(client, clerk, notice):
    number_register_external(issuer=notice.issuer, doc_type="TB", number=4, on_date=datetime.date(2025, 11, 2))
    client.force_login(clerk)
    url = reverse("conclusions:notice_update", args=[notice.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "signer"}
    data.update({"external_number": "4", "external_issued_on": "28/11/2025"})
    response = client.post(url, data)
    assert response.context["form"].errors["external_number"] == [
        f"Số 04/TB-UBND đã được dùng cho một văn bản khác của {notice.issuer.name} trong năm 2025; "
        "kiểm tra lại số trên hệ thống quản lý văn bản."
    ]
    data.update({"external_number": "5", "external_issued_on": ""})
    response = client.post(url, data)
    assert response.context["form"].errors["external_issued_on"] == [
        "Ghi ngày ban hành mà hệ thống quản lý văn bản đã cấp cùng số."
    ]


def test_the_signed_original_of_an_issued_notice(client, clerk, leader, notice):
    issued = issue(notice, clerk, leader)
    client.force_login(clerk)
    url = reverse("conclusions:notice_original_upload", args=[issued.pk])
    signed = bytes(issued.pdf)
    response = client.post(url, {"original": SimpleUploadedFile("tb.pdf", signed)}, follow=True)
    (original,) = NoticeOriginal.objects.filter(notice=issued)
    assert bytes(original.pdf) == signed
    page = response.content.decode()
    assert original.sha256 in page
    assert page.index("Bản đã ký (bản chính)") < page.index("Bản in từ ứng dụng (PDF)")
    assert client.get(original.get_absolute_url()).content == signed
    # Another notice's PDF is refused; the original stays.
    response = client.post(url, {"original": SimpleUploadedFile("x.pdf", b"not a pdf")}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Tệp “x.pdf” không phải là tệp PDF; hãy tải lên bản PDF đã ký, đóng dấu."
    ]
    assert NoticeOriginal.objects.count() == 1


def test_a_draft_notice_takes_no_signed_original(client, clerk, notice):
    client.force_login(clerk)
    url = reverse("conclusions:notice_original_upload", args=[notice.pk])
    response = client.post(url, {"original": SimpleUploadedFile("tb.pdf", b"%PDF-1.7")}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Thông báo chưa ban hành, chưa có số: ban hành rồi mới lưu bản đã ký."
    ]
