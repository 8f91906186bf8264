"""Printed documents of the session: its programme, its minutes and the leader's briefing pack."""

from dialogue.pdf import render_pdf
from directory.letterhead import letterhead


def _paragraphs(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _session_head(session, *, type_name, subject, doc_type="", number=None, issued_on=None, place=None):
    plan = session.plan
    head = letterhead(
        issuer=plan.issuer,
        doc_type=doc_type or "CT",
        number=number,
        place=place or plan.place,
        issued_on=issued_on,
        type_name=type_name,
        subject=subject,
    )
    if not doc_type:
        head.number_line = ""  # the programme and the briefing are not numbered documents
    return head


def render_programme(session, rows):
    """The programme of SESSION (ROWS: ProgrammeItem, saved or the default draft) -> (filename, bytes).

    Printed under the side's letterhead (Decree 30 or Guide 36), dated the day of the session,
    with time, venue and a table of time, item and presenter.
    """
    head = _session_head(
        session, type_name="CHƯƠNG TRÌNH", subject=session.display_title, issued_on=session.session_date
    )
    context = {"head": head, "session": session, "rows": rows, "villages": session.villages.all()}
    return render_pdf("pdf/programme.html", context, filename=f"chuong-trinh-buoi-{session.pk}.pdf")


def render_minutes(minutes):
    """The minutes in their issuer's layout -> (filename, bytes).

    A draft prints "DỰ THẢO" and no number or date; signed minutes are printed once, when
    signed, and their bytes are kept.
    """
    session = minutes.session
    head = _session_head(
        session,
        type_name="BIÊN BẢN",
        subject=session.display_title,
        doc_type=minutes.DOC_TYPE,
        number=minutes.number,
        issued_on=minutes.signed_on,
        place=minutes.place,
    )
    context = {
        "head": head,
        "minutes": minutes,
        "is_draft": not minutes.is_signed,
        "sections": [
            ("THỜI GIAN, ĐỊA ĐIỂM", _paragraphs(minutes.time_place)),
            ("THÀNH PHẦN THAM DỰ", _paragraphs(minutes.attendance)),
            ("DIỄN BIẾN", _paragraphs(minutes.course)),
            ("Ý KIẾN CỦA NHÂN DÂN VÀ TRẢ LỜI TẠI BUỔI", _paragraphs(minutes.opinions)),
            ("KẾT THÚC", _paragraphs(minutes.closing)),
        ],
        "party": minutes.is_party,
    }
    number = f"{minutes.number:02d}" if minutes.number else "du-thao"
    return render_pdf("pdf/minutes.html", context, filename=f"bien-ban-{number}-buoi-{session.pk}.pdf")


def render_briefing(session, pack):
    """The leader's briefing pack before SESSION (PACK from briefing.briefing_pack) -> (filename, bytes)."""
    head = _session_head(
        session, type_name="TÀI LIỆU PHỤC VỤ LÃNH ĐẠO", subject=session.display_title, issued_on=pack["today"]
    )
    context = {"head": head, "session": session, **pack}
    return render_pdf("pdf/briefing.html", context, filename=f"tai-lieu-lanh-dao-buoi-{session.pk}.pdf")
