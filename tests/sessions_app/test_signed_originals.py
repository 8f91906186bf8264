"""E-office numbers for a session's letters, and the signed originals of plans and session documents."""

import datetime
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from directory.models import Event
from sessions_app.models import NumberSource, PlanOriginal, SessionDocument, SessionDocumentOriginal
from sessions_app.participants import session_document_take
from sessions_app.pdf import render_plan
from tests.factories import PlanFactory, SessionFactory, aware


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def blank_pdf(*, encrypt=False):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if encrypt:
        writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(data, name="ban-ky.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def announcement(state_session):
    return session_document_take(session=state_session, kind="TB", on_date=datetime.date(2025, 11, 5))


def post_original(client, document, data, name="ban-ky.pdf"):
    url = reverse("sessions_app:document_original_upload", args=[document.session_id, document.kind])
    return client.post(url, {"original": upload(data, name)}, follow=True)


# --- e-office numbers -------------------------------------------------------------------------


def test_clerk_numbers_an_announcement_with_the_e_office_number(clerk_client, state_session, state_issuer):
    url = reverse("sessions_app:document_create", args=[state_session.pk, "TB"])
    response = clerk_client.post(url, {"tb-external_number": "17", "tb-issued_on": "04/11/2025"}, follow=True)
    doc = SessionDocument.objects.get(session=state_session, kind="TB")
    assert (doc.number, doc.issued_on, doc.number_source) == (17, datetime.date(2025, 11, 4), NumberSource.EXTERNAL)
    assert "Thông báo số 17/TB-UBND." in messages_of(response)
    assert "(số lấy từ hệ thống quản lý văn bản)" in response.content.decode()
    # The counter goes on from 1 and, reaching 17, steps over it.
    other = SessionFactory(
        plan=state_session.plan,
        villages=state_session.villages.all(),
        quarter=None,
        starts_at=aware(2025, 11, 25, 8, 0),
    )
    assert session_document_take(session=other, kind="TB", on_date=datetime.date(2025, 11, 6)).number == 1


def test_an_e_office_number_already_used_by_the_issuer_this_year_is_refused(clerk_client, state_session, announcement):
    other = SessionFactory(
        plan=state_session.plan,
        villages=state_session.villages.all(),
        quarter=None,
        starts_at=aware(2025, 11, 25, 8, 0),
    )
    url = reverse("sessions_app:document_create", args=[other.pk, "TB"])
    response = clerk_client.post(url, {"tb-external_number": "1", "tb-issued_on": "06/11/2025"}, follow=True)
    assert messages_of(response) == [
        f"Số 01/TB-UBND đã được dùng cho một văn bản khác của {announcement.issuer.name} trong năm 2025; "
        "kiểm tra lại số trên hệ thống quản lý văn bản."
    ]
    assert not SessionDocument.objects.filter(session=other).exists()


# --- signed originals of session documents ------------------------------------------------------


def test_the_signed_original_is_stored_untouched_and_downloaded_first(clerk_client, clerk, announcement):
    signed = bytes(announcement.pdf) + b"\n% incremental update of a signature\n"
    response = post_original(clerk_client, announcement, signed, name="TB-01-da-ky.pdf")
    (original,) = SessionDocumentOriginal.objects.filter(document=announcement)
    assert bytes(original.pdf) == signed
    assert original.sha256 == hashlib.sha256(signed).hexdigest()
    assert (original.filename, original.size, original.number_checked, original.uploaded_by) == (
        "TB-01-da-ky.pdf",
        len(signed),
        True,
        clerk,
    )
    page = response.content.decode()
    assert original.sha256 in page
    assert page.index("Tải bản đã ký (bản chính, PDF)") < page.index("Bản in từ ứng dụng (PDF)")
    download = clerk_client.get(original.get_absolute_url())
    assert download.content == signed and download["Content-Type"] == "application/pdf"
    event = Event.objects.get(action=Event.Action.SIGNED_ORIGINAL)
    assert (event.user, event.detail) == (clerk, f"TB {original.sha256}")


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (lambda: b"just text, not a PDF", "ban-ky.pdf", "Tệp “ban-ky.pdf” không phải là tệp PDF"),
        (lambda: blank_pdf(), "ban-ky.docx", "Tệp “ban-ky.docx” không phải là tệp PDF"),
        (lambda: blank_pdf(encrypt=True), "ban-ky.pdf", "Tệp “ban-ky.pdf” được đặt mật khẩu (mã hóa)"),
        (lambda: b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024), "lon.pdf", "Tệp “lon.pdf” quá lớn (20.0 MB)"),
    ],
)
def test_a_bad_upload_is_refused_with_a_clear_message_and_nothing_replaced(
    clerk_client, announcement, make, name, message
):
    first = post_original(clerk_client, announcement, bytes(announcement.pdf))
    assert SessionDocumentOriginal.objects.count() == 1, messages_of(first)
    response = post_original(clerk_client, announcement, make(), name=name)
    (text,) = messages_of(response)
    assert text.startswith(message)
    assert SessionDocumentOriginal.objects.count() == 1


def test_a_pdf_of_another_document_is_refused(clerk_client, state_session, announcement):
    wrong = render_plan(PlanFactory(commune=state_session.plan.commune, issuer=announcement.issuer, number=5))[1]
    response = post_original(clerk_client, announcement, wrong)
    assert messages_of(response) == [
        "Tệp “ban-ky.pdf” không mang số 01/TB-UBND của văn bản này: có thể đã chọn nhầm tệp. Bản cũ vẫn giữ nguyên."
    ]
    assert not SessionDocumentOriginal.objects.exists()


def test_a_scan_without_text_is_accepted_but_said_unchecked(clerk_client, announcement):
    response = post_original(clerk_client, announcement, blank_pdf(), name="scan.pdf")
    (original,) = SessionDocumentOriginal.objects.all()
    assert original.number_checked is False
    assert messages_of(response) == [
        "Đã lưu bản đã ký “scan.pdf” làm bản chính. Tệp là bản quét không có lớp chữ nên chưa đối chiếu được "
        "số văn bản: hãy tự kiểm tra số trên bản quét."
    ]
    assert "chưa đối chiếu được số" in response.content.decode()


def test_a_later_upload_becomes_the_record_and_the_history_keeps_both(clerk_client, announcement):
    post_original(clerk_client, announcement, blank_pdf(), name="scan.pdf")
    response = post_original(clerk_client, announcement, bytes(announcement.pdf), name="ky-so.pdf")
    newest, older = SessionDocumentOriginal.objects.all()
    assert (newest.filename, older.filename) == ("ky-so.pdf", "scan.pdf")
    page = response.content.decode()
    assert "Lịch sử bản đã ký (2)" in page
    assert page.index(newest.get_absolute_url()) < page.index(older.get_absolute_url())


def test_a_reader_who_does_not_run_the_office_cannot_upload(client, leader, announcement):
    client.force_login(leader)
    url = reverse("sessions_app:document_original_upload", args=[announcement.session_id, "TB"])
    assert client.post(url, {"original": upload(bytes(announcement.pdf))}).status_code == 404
    assert not SessionDocumentOriginal.objects.exists()


# --- signed originals of plans ----------------------------------------------------------------


def test_a_numbered_plan_takes_its_signed_original(clerk_client, commune, state_issuer):
    plan = PlanFactory(commune=commune, issuer=state_issuer, number=8, issued_on=datetime.date(2025, 3, 1))
    _, data = render_plan(plan)
    url = reverse("sessions_app:plan_original_upload", args=[plan.pk])
    response = clerk_client.post(url, {"original": upload(data)}, follow=True)
    (original,) = PlanOriginal.objects.filter(plan=plan)
    assert bytes(original.pdf) == data
    page = response.content.decode()
    assert page.index("Bản đã ký (bản chính)") < page.index("Bản in từ ứng dụng (PDF)")
    assert clerk_client.get(original.get_absolute_url()).content == data


def test_a_draft_plan_takes_no_signed_original(clerk_client, commune, state_issuer):
    plan = PlanFactory(commune=commune, issuer=state_issuer, number=None)
    url = reverse("sessions_app:plan_original_upload", args=[plan.pk])
    response = clerk_client.post(url, {"original": upload(blank_pdf())}, follow=True)
    assert messages_of(response) == ["Kế hoạch chưa có số: ghi số, ngày ban hành rồi mới lưu bản đã ký."]
    assert not PlanOriginal.objects.exists()
