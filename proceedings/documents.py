"""The session's own documents as documents of the model (dialogue.documents): the programme,
the minutes and the leader's briefing pack, each built once and printed to PDF and Word.

Signed minutes are built from the text frozen at signing (`Minutes.snapshot`), never from the
live fields, so a signed copy says what it said the day it was signed; their PDF and .docx are
also kept as printed then (proceedings.services.minutes_change_status).
"""

import datetime

from django.template.defaultfilters import truncatechars

from dialogue.documents.model import Document, Heading, Paragraph, Row, Signature, Table, paragraphs
from dialogue.templatetags.vn import vn_date
from directory.letterhead import letterhead

#: The sections of the minutes, in print order: (field, heading).
MINUTES_SECTIONS = (
    ("time_place", "THỜI GIAN, ĐỊA ĐIỂM"),
    ("attendance", "THÀNH PHẦN THAM DỰ"),
    ("course", "DIỄN BIẾN"),
    ("opinions", "Ý KIẾN CỦA NHÂN DÂN VÀ TRẢ LỜI TẠI BUỔI"),
    ("closing", "KẾT THÚC"),
)
NUMERALS = ("I", "II", "III", "IV", "V", "VI")
NONE = "Không có."


def _session_head(session, *, type_name, subject, doc_type="", number=None, issued_on=None, place=None):
    head = letterhead(
        issuer=session.plan.issuer,
        doc_type=doc_type or "CT",
        number=number,
        place=place or session.plan.place,
        issued_on=issued_on,
        type_name=type_name,
        subject=subject,
    )
    if not doc_type:
        head.number_line = ""  # the programme and the briefing are not numbered documents
    return head


def _side(session):
    return "party" if session.plan.issuer.side == "party" else "state"


def _villages(session):
    return ", ".join(v.full_name for v in session.villages.all())


# --- the programme ----------------------------------------------------------------------------


def programme_document(session, rows):
    """The programme of SESSION (ROWS: ProgrammeItem, saved or the default draft), under the side's
    letterhead, dated the day of the session: time, venue, villages and a table of time, item, presenter."""
    head = _session_head(
        session, type_name="CHƯƠNG TRÌNH", subject=session.display_title, issued_on=session.session_date
    )
    blocks = [
        Paragraph(f"Thời gian: {session.when}", "center"),
        Paragraph(f"Địa điểm: {session.venue}", "center"),
    ]
    villages = _villages(session)
    if villages:
        blocks.append(Paragraph(f"Thôn, ấp: {villages}", "center"))
    blocks.append(
        Table(
            header=[["Thời gian", "Nội dung", "Người thực hiện"]],
            rows=[Row([r.time_label, r.item, r.presenter]) for r in rows],
            widths=[28, 82, 55],
            align=["center", "", ""],
            empty_text=NONE,
        )
    )
    part = head.part(blocks=blocks)
    part.signature = None  # the programme is not signed
    return Document(title="Chương trình", filename=f"chuong-trinh-buoi-{session.pk}", parts=[part], side=_side(session))


# --- the minutes ------------------------------------------------------------------------------


def minutes_text(minutes):
    """What the minutes print: the frozen snapshot of signed minutes, else the draft's own fields.

    {"number_line", "signed_on" (date or None), "place", "session", "chair_name", "secretary_name",
    and each section of MINUTES_SECTIONS}.
    """
    chair = minutes.chair.full_name if minutes.chair else ""
    secretary = minutes.secretary.full_name if minutes.secretary else ""
    frozen = minutes.snapshot if minutes.is_signed and minutes.snapshot else None
    if frozen is None:
        return {
            "number_line": minutes.number_line,
            "signed_on": minutes.signed_on,
            "place": minutes.place,
            "session": minutes.session.display_title,
            "chair_name": chair,
            "secretary_name": secretary,
            **{name: getattr(minutes, name) for name, _ in MINUTES_SECTIONS},
        }
    signed_on = frozen.get("signed_on")
    return {
        **{name: frozen.get(name, "") for name, _ in MINUTES_SECTIONS},
        "number_line": frozen.get("number_line", minutes.number_line),
        "signed_on": datetime.date.fromisoformat(signed_on) if signed_on else None,
        "place": frozen.get("place", minutes.place),
        "session": frozen.get("session", minutes.session.display_title),
        # Snapshots taken before the names were kept print the officials' names of the record.
        "chair_name": frozen.get("chair_name", chair),
        "secretary_name": frozen.get("secretary_name", secretary),
    }


def minutes_document(minutes):
    """The minutes in their issuer's layout: numbered sections, secretary (left) and chair (right)
    signing; a draft is marked "DỰ THẢO" and prints no number and no date."""
    text = minutes_text(minutes)
    session = minutes.session
    head = _session_head(
        session,
        type_name="BIÊN BẢN",
        subject=text["session"],
        doc_type=minutes.DOC_TYPE,
        number=minutes.number,
        issued_on=text["signed_on"],
        place=text["place"],
    )
    draft = not minutes.is_signed
    if not draft:
        head.number_line = text["number_line"]
    blocks = []
    numerals = iter(NUMERALS)
    for name, title in MINUTES_SECTIONS:
        lines = paragraphs(text[name])
        if lines:
            blocks += [Heading(f"{next(numerals)}. {title}"), *lines]
    part = head.part(blocks=blocks, draft=draft)
    part.signature = Signature(title="CHỦ TRÌ", name=text["chair_name"])
    part.co_signature = Signature(title="THƯ KÝ", name=text["secretary_name"])
    part.recipients = []
    number = f"{minutes.number:02d}" if minutes.number else "du-thao"
    return Document(
        title="Biên bản", filename=f"bien-ban-{number}-buoi-{session.pk}", parts=[part], side=_side(session)
    )


# --- the briefing pack ------------------------------------------------------------------------


def _table(header, rows, widths, align=None):
    return Table(header=[header], rows=[Row(cells) for cells in rows], widths=widths, align=align or [])


def _more(shown, limit, what):
    return [Paragraph(f"Chỉ hiện {limit} {what} đầu.", "small noindent")] if shown else []


def briefing_document(session, pack):
    """The leader's briefing pack before SESSION (PACK from briefing.briefing_pack), in four parts."""
    head = _session_head(
        session, type_name="TÀI LIỆU PHỤC VỤ LÃNH ĐẠO", subject=session.display_title, issued_on=pack["today"]
    )
    villages = ", ".join(v.full_name for v in pack["villages"])
    limit = pack["limit"]
    blocks = [
        Paragraph(f"Thôn, ấp: {villages} – số liệu đến ngày {vn_date(pack['today'])}", "sub"),
        Heading("I. Ý kiến nêu nhiều lần, chưa giải quyết dứt điểm"),
    ]
    if pack["repeated"]:
        rows = [
            [p.code, p.village.full_name, p.topic.name, truncatechars(p.content, 240), str(p.times)]
            + [p.get_status_display()]
            for p in pack["repeated"]
        ]
        header = ["Mã", "Thôn, ấp", "Lĩnh vực", "Nội dung", "Số lần nêu", "Trạng thái"]
        blocks.append(_table(header, rows, [26, 22, 24, 51, 17, 25], ["", "", "", "", "center", ""]))
        blocks += _more(pack["more_repeated"], limit, "ý kiến")
    else:
        blocks.append(Paragraph(NONE))
    blocks.append(Heading("II. Ý kiến, kiến nghị còn đang xử lý"))
    if pack["open"]:
        rows = [
            [
                p.code,
                p.village.full_name,
                p.topic.name,
                truncatechars(p.content, 240),
                p.unit.name if p.unit else "Chưa giao",
                vn_date(p.deadline) + (" (quá hạn)" if p.is_overdue else ""),
            ]
            for p in pack["open"]
        ]
        header = ["Mã", "Thôn, ấp", "Lĩnh vực", "Nội dung", "Đơn vị xử lý", "Hạn"]
        blocks.append(_table(header, rows, [26, 22, 22, 49, 24, 22]))
        blocks += _more(pack["more_open"], limit, "ý kiến")
    else:
        blocks.append(Paragraph(NONE))
    blocks.append(Heading("III. Nhiệm vụ quá hạn của các thông báo kết luận trước"))
    if pack["overdue"]:
        rows = [
            [a.notice.symbol, a.unit.name, a.task, vn_date(a.deadline), f"{a.days_late} ngày"] for a in pack["overdue"]
        ]
        header = ["Thông báo", "Đơn vị", "Nhiệm vụ", "Hạn", "Quá hạn"]
        blocks.append(_table(header, rows, [31, 30, 60, 22, 22], ["", "", "", "", "center"]))
        blocks += _more(pack["more_overdue"], limit, "nhiệm vụ")
    else:
        blocks.append(Paragraph(NONE))
    blocks.append(Heading("IV. Kết quả buổi tiếp xúc trước tại các thôn, ấp này"))
    blocks += _last_session(pack["last"])
    part = head.part(blocks=blocks)
    part.signature = None  # a working paper for the leader: not signed
    return Document(
        title="Tài liệu phục vụ lãnh đạo",
        filename=f"tai-lieu-lanh-dao-buoi-{session.pk}",
        parts=[part],
        side=_side(session),
    )


def _last_session(last):
    if last is None:
        return [Paragraph("Chưa có buổi tiếp xúc nào trước đây tại các thôn, ấp này.")]
    s, notice, counts = last["session"], last["notice"], last["petitions"]
    if notice:
        issued = f"; Thông báo kết luận số {notice.symbol} ngày {vn_date(notice.issued_on)}"
    else:
        issued = "; chưa có thông báo kết luận ban hành"
    out = [
        Paragraph(f"{s.display_title} – {s.when}{issued}."),
        Paragraph(
            f"Ý kiến, kiến nghị của các thôn, ấp này tại buổi: {counts['total']}; trả lời tại buổi: "
            f"{counts['on_spot']}; đã trả lời, kết thúc: {counts['answered']}; còn đang xử lý: {counts['open']}."
        ),
    ]
    if last["assignments"]:
        a = last["assignments"]
        out.append(Paragraph(f"Nhiệm vụ được giao: {a['total']}; đã hoàn thành: {a['done']}."))
    return out
