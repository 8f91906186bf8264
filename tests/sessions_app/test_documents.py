"""Invitation letters, the announcement and the signature sheet, asserted on the PDF itself."""

import datetime

import pytest
from freezegun import freeze_time

from sessions_app.models import Participant, PrintJob, SessionDocument
from sessions_app.participants import session_document_take
from sessions_app.pdf import render_announcement, render_invitations, render_signature_sheet
from sessions_app.printing import print_job_run, print_job_start, render_batch
from tests.factories import PlanFactory, SessionFactory, aware

from .factories import ParticipantFactory
from .pdf_helpers import embedded_font_files, page_sizes, read_pdf

NAMES = ["Nguyễn Thị Ánh Tuyết", "Trần Văn Đức", "Lê Thị Hường", "Đặng Quốc Bảo"]


@pytest.fixture
def people(state_session, villages):
    return [
        ParticipantFactory(
            session=state_session,
            full_name=name,
            honorific="Bà" if "Thị" in name else "Ông",
            title=f"Trưởng ấp {i + 1}",
            village=villages[i % 3],
            group="village_delegates",
        )
        for i, name in enumerate(NAMES)
    ]


def test_state_invitation_follows_decree_30(state_session, people):
    doc = session_document_take(session=state_session, kind="GM", on_date=datetime.date(2025, 11, 5))
    filename, data = render_invitations(state_session, people, document=doc)
    reader, texts = read_pdf(data)
    assert filename == f"giay-moi-01-{state_session.pk}.pdf"
    assert len(reader.pages) == 4
    assert page_sizes(reader) == {(595, 842)}
    fonts = embedded_font_files(reader)
    assert fonts and all("Liberation-Serif" in name for name in fonts)
    for name, text, person in zip(NAMES, texts, people, strict=True):
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "Số: 01/GM-UBND" in text
        assert "ngày 05 tháng 11 năm 2025" in text
        assert "GIẤY MỜI" in text
        assert f"{person.honorific} {name}, Trưởng ấp" in text
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
        assert "08 giờ 00, ngày 20/11/2025" in text
        assert "Nơi nhận:" in text


def test_party_invitation_follows_guide_36(party_session, villages):
    p = ParticipantFactory(session=party_session, full_name="Phạm Thị Thu Hằng", honorific="Bà", village=villages[0])
    doc = session_document_take(session=party_session, kind="GM", on_date=datetime.date(2025, 8, 1))
    _, data = render_invitations(party_session, [p], document=doc)
    reader, (text,) = read_pdf(data)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Số 01-GM/ĐU" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "T/M BAN THƯỜNG VỤ" in text
    assert "Bà Phạm Thị Thu Hằng" in text
    assert page_sizes(reader) == {(595, 842)}


def test_invitation_number_is_taken_once_and_kept_for_reprints(state_session, commune, state_issuer, villages):
    first = session_document_take(session=state_session, kind="GM", on_date=datetime.date(2025, 11, 5))
    again = session_document_take(session=state_session, kind="GM", on_date=datetime.date(2025, 11, 6))
    dated = {"quarter": None, "starts_at": aware(2025, 12, 10)}
    other = SessionFactory(plan=PlanFactory(commune=commune, issuer=state_issuer), villages=villages[:1], **dated)
    second = session_document_take(session=other, kind="GM", on_date=datetime.date(2025, 11, 6))
    next_year = SessionFactory(plan=PlanFactory(commune=commune, issuer=state_issuer), villages=villages[:1], **dated)
    renewed = session_document_take(session=next_year, kind="GM", on_date=datetime.date(2026, 1, 2))
    assert (first.pk, first.number, first.symbol) == (again.pk, 1, "01/GM-UBND")
    assert second.symbol == "02/GM-UBND"
    assert renewed.symbol == "01/GM-UBND"
    assert SessionDocument.objects.count() == 3


def test_names_typed_with_combining_accents_print_in_nfc(state_session, villages):
    p = Participant(
        session=state_session,
        group="households",
        honorific="Ông",
        full_name="Nguye\u0302\u0303n Văn Hải",
        village=villages[0],
    )
    p.save()
    doc = session_document_take(session=state_session, kind="GM")
    _, data = render_invitations(state_session, [p], document=doc)
    _, (text,) = read_pdf(data)
    assert "Ông Nguyễn Văn Hải" in text


def test_batch_routes_give_the_same_letters(state_session, people):
    doc = session_document_take(session=state_session, kind="GM")
    _, single, route1 = render_batch(state_session, people, document=doc, route="single")
    done = []
    _, parallel, route2 = render_batch(state_session, people, document=doc, route="sequential", progress=done.append)
    _, stamped, route3 = render_batch(state_session, people, document=doc, route="stamp")
    _, texts1 = read_pdf(single)
    _, texts2 = read_pdf(parallel)
    _, texts3 = read_pdf(stamped)
    assert (route1, route2, route3) == ("single", "sequential", "stamp")
    assert len(texts1) == len(texts2) == len(texts3) == 4
    assert (
        [t.split("Kính gửi:")[1].splitlines()[0] for t in texts1]
        == [t.split("Kính gửi:")[1].splitlines()[0] for t in texts2]
        == [t.split("Kính gửi:")[1].splitlines()[0] for t in texts3]
    )
    assert done[-1] == 4


def test_print_job_writes_the_batch_and_its_progress(state_session, people, clerk, settings, tmp_path):
    settings.DOCUMENTS_DIR = tmp_path
    doc = session_document_take(session=state_session, kind="GM")
    job = print_job_start(
        session=state_session, document=doc, filters={"village": people[0].village_id}, user=clerk, enqueue=False
    )
    print_job_run(job.pk, doc.pk)
    job.refresh_from_db()
    assert (job.status, job.total, job.done) == (PrintJob.Status.DONE, 2, 2)
    reader, texts = read_pdf(open(job.path, "rb").read())
    assert len(reader.pages) == 2
    assert str(tmp_path) in job.path


def test_announcement_prints_the_public_notice(state_session):
    doc = session_document_take(session=state_session, kind="TB", on_date=datetime.date(2025, 11, 10))
    filename, data = render_announcement(state_session, document=doc)
    reader, (text,) = read_pdf(data)
    assert "THÔNG BÁO" in text
    assert "Số: 01/TB-UBND" in text
    assert "loa truyền thanh" in text
    assert "Hội trường UBND xã Lộc Thành" in text
    assert page_sizes(reader) == {(595, 842)}


def test_signature_sheet_sorts_by_village_then_given_name(state_session, villages):
    for name, village in [
        ("Trần Văn Bảo", villages[1]),
        ("Nguyễn Thị An", villages[1]),
        ("Lê Văn Ân", villages[0]),
        ("Phạm Minh Ánh", villages[0]),
        ("Võ Văn Công", None),
    ]:
        ParticipantFactory(
            session=state_session,
            full_name=name,
            village=village,
            group="officials" if village is None else "households",
        )
    rows = Participant.objects.filter(session=state_session).ordered_for_sheet()
    assert [p.full_name for p in rows] == [
        "Võ Văn Công",
        "Phạm Minh Ánh",
        "Lê Văn Ân",
        "Nguyễn Thị An",
        "Trần Văn Bảo",
    ]
    _, data = render_signature_sheet(state_session, rows)
    _, texts = read_pdf(data)
    text = "\n".join(texts)
    assert "DANH SÁCH ĐẠI BIỂU KÝ TÊN" in text
    positions = [text.index(n) for n in ["Võ Văn Công", "Phạm Minh Ánh", "Lê Văn Ân", "Nguyễn Thị An", "Trần Văn Bảo"]]
    assert positions == sorted(positions)


@freeze_time("2025-11-05")
def test_document_is_numbered_on_the_day_by_default(state_session):
    doc = session_document_take(session=state_session, kind="GM")
    assert doc.issued_on == datetime.date(2025, 11, 5)


def test_a_numbered_announcement_is_frozen_byte_for_byte(clerk_client, state_session, villages):
    import hashlib

    from django.urls import reverse

    doc = session_document_take(session=state_session, kind="TB", on_date=datetime.date(2025, 11, 10))
    url = reverse("sessions_app:announcement_pdf", args=[state_session.pk])
    first = clerk_client.get(url).getvalue()
    assert hashlib.sha256(first).hexdigest() == doc.pdf_sha256
    # The venue, the title and the plan's signer change after numbering: the announcement does not.
    state_session.venue = "Nhà văn hóa ấp 3"
    state_session.title = "Tên buổi đã sửa"
    state_session.save()
    state_session.plan.signer_title = "PHÓ CHỦ TỊCH"
    state_session.plan.save()
    again = clerk_client.get(url).getvalue()
    assert again == first
    text = " ".join(read_pdf(again)[1])
    assert ("Hội trường UBND xã Lộc Thành" in text, "Nhà văn hóa ấp 3" in text) == (True, False)


def test_a_numbered_invitation_prints_its_frozen_text_on_every_reprint(state_session, villages):
    person = ParticipantFactory(session=state_session, full_name="Nguyễn Thị Mai", honorific="Bà", village=villages[0])
    doc = session_document_take(session=state_session, kind="GM", on_date=datetime.date(2025, 11, 5))
    before = " ".join(read_pdf(render_invitations(state_session, [person], document=doc)[1])[1])
    state_session.venue = "Nhà văn hóa ấp 3"
    state_session.save()
    doc = SessionDocument.objects.get(pk=doc.pk)
    after = " ".join(read_pdf(render_invitations(state_session, [person], document=doc)[1])[1])
    assert after == before
    assert ("Hội trường UBND xã Lộc Thành" in after, "Nhà văn hóa ấp 3" in after) == (True, False)
    # A person added to the roster after numbering gets the same frozen letter.
    late = ParticipantFactory(session=state_session, full_name="Trần Văn Nam", honorific="Ông", village=villages[0])
    late_text = " ".join(read_pdf(render_invitations(state_session, [late], document=doc)[1])[1])
    assert ("Hội trường UBND xã Lộc Thành" in late_text, "Trần Văn Nam" in late_text) == (True, True)
