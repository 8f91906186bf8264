"""Printed documents of plans."""

import dataclasses
import datetime

import segno
from django.conf import settings
from django.template.loader import render_to_string

from dialogue.documents.pdf import render_document_pdf
from dialogue.documents.render import render
from dialogue.pdf import document_context, render_html
from directory.letterhead import Letterhead, letterhead

from .models import SectionBlock, SectionLevel, section_labels


@dataclasses.dataclass
class OutlineItem:
    """One printed heading or item of a plan: its number, title, paragraphs and what it carries."""

    level: int
    label: str
    title: str
    lines: list
    block: str = "text"


def plan_outline(plan):
    """PLAN's body as printed, in order: its sections, each duty as an item under a "duties" section.

    Numbers come from the levels alone (models.section_labels), duties included, so removing or
    moving a section renumbers everything after it.
    """
    raw = []
    duties = None
    for section in plan.sections.all():
        raw.append((section.level, section.title, section.body, section.block))
        if section.block == SectionBlock.DUTIES:
            if duties is None:
                duties = list(plan.duties.select_related("unit"))
            child = min(section.level + 1, SectionLevel.DASH)
            raw.extend((child, d.heading or (d.unit.name if d.unit else ""), d.text, "text") for d in duties)
    labels = section_labels([level for level, *_ in raw])
    return [
        OutlineItem(
            level=level,
            label=label,
            title=title.strip(),
            lines=[ln for ln in body.splitlines() if ln.strip()],
            block=block,
        )
        for label, (level, title, body, block) in zip(labels, raw, strict=True)
    ]


def render_plan(plan, fmt="pdf"):
    """The plan (Kế hoạch) in its issuer's official layout -> (filename, bytes) of FMT ("pdf" or "docx").

    Both renderings come from one document of the model (documents.plan_as_document).
    """
    from .documents import plan_as_document  # deferred: documents.py builds on this module's outline

    return render(plan_as_document(plan), fmt)


def plan_filename(plan, fmt="pdf"):
    number = f"{plan.number:02d}" if plan.number else "du-thao"
    return f"ke-hoach-{number}-{plan.year}.{fmt}"


# --- Session documents: invitations, announcement, signature sheet (issue 3) ---------------------


def _site_url(base_url=None):
    """The address printed in QR codes: BASE_URL if given (the command's --base-url), else SITE_URL."""
    return (base_url or settings.SITE_URL).rstrip("/")


def qr_data_uri(url):
    """A QR code of URL as a one-pixel-per-module PNG data: URI, scaled up crisp by the PDF viewer.

    The mask is fixed: choosing the best of eight (segno's default) took 4 ms of a letter's 5; any
    mask decodes, the choice only evens out the pattern. A data: URI because the PDF fetcher
    takes nothing else from outside static/.
    """
    return qr_code(url).png_data_uri(scale=1, border=0)


def qr_code(url):
    """The QR code of URL (a segno QRCode) that every letter prints, whatever the route."""
    return segno.make_qr(url, error="m", mask=0)


def checkin_urls(participants, *, base_url=None):
    """The check-in address of each participant, as its letter's QR code holds it."""
    site = _site_url(base_url)
    return [site + p.get_checkin_url() for p in participants]


def _event_phrase(session):
    title = session.display_title
    return title[0].lower() + title[1:] if title else title


def _signature(plan):
    return {
        "signing_authority": plan.signing_authority,
        "signer_title": plan.signer_title,
        "signer_name": plan.signer.full_name if plan.signer else "",
    }


def _head_data(head):
    """A Letterhead as JSON (the frozen text of a numbered document)."""
    data = dataclasses.asdict(head)
    data["issued_on"] = head.issued_on.isoformat() if head.issued_on else None
    data["recipients"] = [list(r) for r in head.recipients]
    return data


def _head_from(data):
    data = dict(data)
    data["issued_on"] = datetime.date.fromisoformat(data["issued_on"]) if data["issued_on"] else None
    data["recipients"] = [tuple(r) for r in data["recipients"]]
    return Letterhead(**data)


def _frozen_context(data):
    """The print context of a frozen (or freshly built) snapshot DATA: its letterhead rebuilt."""
    session = {"venue": data["venue"], "display_title": data["title"]}
    return {**data, "head": _head_from(data["head"]), "session": session}


def invitation_snapshot(session, document):
    """What every letter of SESSION's numbered invitation (GM) says, as JSON: frozen when numbered."""
    plan = session.plan
    head = letterhead(
        issuer=document.issuer,
        doc_type=document.kind,
        number=document.number,
        place=plan.place,
        issued_on=document.issued_on,
        type_name="GIẤY MỜI",
        recipients=[("Như trên", False), ("Lưu: VT", False)],
        **_signature(plan),
    )
    return {
        "head": _head_data(head),
        "title": session.display_title,
        "venue": session.venue,
        "inviter": document.issuer.name,
        "event": _event_phrase(session),
        "when": session.when,
        "chair": session.chair.addressed_name + ", " + session.chair.position if session.chair else "",
        "content": document.content,
    }


def invitation_context(session, document):
    """What every letter of SESSION shares: letterhead, event, time, venue (built once per batch).

    From the text frozen when the invitation was numbered (DOCUMENT.snapshot): a later edit
    of the session, its plan or its chair does not change a letter already numbered.
    """
    return _frozen_context(document.snapshot or invitation_snapshot(session, document))


def invitation_letters(participants, *, base_url=None, with_qr=True):
    """The per-letter part of the context: addressee and QR code of each participant."""
    urls = checkin_urls(participants, base_url=base_url) if with_qr else [""] * len(participants)
    return [
        {"addressee": p.addressee, "honorific": p.honorific, "qr": qr_data_uri(url) if url else ""}
        for p, url in zip(participants, urls, strict=True)
    ]


def invitation_html(shared, letters):
    return render_to_string("pdf/invitations.html", {**document_context(), **shared, "letters": letters})


def invitations_filename(session, document, suffix=""):
    return f"giay-moi-{document.number:02d}-{session.pk}{suffix}.pdf"


def render_invitations(session, participants, *, document, base_url=None, with_qr=True):
    """One PDF with one letter per participant (a single HTML document with page breaks) -> (filename, bytes).

    DOCUMENT is the session's numbered SessionDocument (GM); every letter carries its number.
    """
    participants = list(participants)
    shared = invitation_context(session, document)
    html = invitation_html(shared, invitation_letters(participants, base_url=base_url, with_qr=with_qr))
    suffix = f"-{participants[0].pk}" if len(participants) == 1 else ""
    return render_html(html, filename=invitations_filename(session, document, suffix))


ANNOUNCEMENT_CONTENT = (
    "Nhân dân phản ánh, kiến nghị những vấn đề quan tâm; lãnh đạo xã trả lời, giải thích trực tiếp tại hội nghị."
)


def announcement_snapshot(session, document):
    """What SESSION's numbered announcement (TB) says, as JSON: frozen when numbered."""
    plan = session.plan
    villages = list(session.villages.all())
    kinds = {v.kind.lower() for v in villages}
    head = letterhead(
        issuer=document.issuer,
        doc_type=document.kind,
        number=document.number,
        place=plan.place,
        issued_on=document.issued_on,
        type_name="THÔNG BÁO",
        subject=f"Về việc tổ chức {_event_phrase(session)}",
        recipients=[
            ("Trưởng các " + (kinds.pop() if len(kinds) == 1 else "thôn, ấp"), False),
            ("Đài truyền thanh xã", False),
            ("Lưu: VT", False),
        ],
        **_signature(plan),
    )
    return {
        "head": _head_data(head),
        "title": session.display_title,
        "venue": session.venue,
        "inviter": document.issuer.name,
        "event": _event_phrase(session),
        "plan_ref": f"Kế hoạch {plan.symbol}" if plan.number else "kế hoạch",
        "villages": ", ".join(v.full_name for v in villages),
        "village_kind": villages[0].kind.lower() if villages else "thôn",
        "when": session.when,
        "chair": session.chair.addressed_name + ", " + session.chair.position if session.chair else "",
        "content": document.content or ANNOUNCEMENT_CONTENT,
        "office": "Văn phòng " + document.issuer.name,
    }


def announcement_filename(session, document):
    return f"thong-bao-{document.number:02d}-{session.pk}.pdf"


def render_announcement(session, *, document):
    """The public announcement (Thông báo) of SESSION for the loudspeakers and notice board -> (filename, bytes).

    A numbered announcement prints once, when numbered (participants.session_document_take):
    afterwards the frozen PDF is what every download returns, byte for byte.
    """
    if document.pdf:
        return announcement_filename(session, document), bytes(document.pdf)
    from .documents import announcement_document  # deferred: documents.py builds on this module's snapshots

    return render_document_pdf(announcement_document(session, document=document))


def render_signature_sheet(session, participants):
    """The signature sheet (danh sách đại biểu ký tên), by village then given name -> (filename, bytes).

    PARTICIPANTS come already sorted (ParticipantQuerySet.ordered_for_sheet).
    """
    from .documents import signature_sheet_document  # deferred: documents.py builds on this module's snapshots

    return render_document_pdf(signature_sheet_document(session, participants))
