"""Writes and state changes of petitions.

`petition_change_status` is the one function that moves a petition from one state to
another; the verbs below prepare their fields and call it.
"""

import re

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from dialogue.http import NotPermitted
from dialogue.text import fold
from dialogue.uploads import generated_name
from directory.audit import event_log
from directory.models import Event
from directory.permissions import can_approve, can_manage, unit_ids_of
from directory.workdays import add_working_days

from .enums import PETITION_TRANSITIONS
from .models import (
    Answer,
    Attachment,
    Competence,
    DeadlineRule,
    Petition,
    PetitionTransition,
    Reaction,
    ReceiptCounter,
    Status,
)
from .signals import answer_drafted, petition_moved

S = Status


class PetitionError(Exception):
    """A petition cannot be changed this way; the message is shown to the user."""


# --- permissions -------------------------------------------------------------------------


def can_intake(user, commune):
    """Office staff enter, classify and assign petitions."""
    return can_manage(user, commune)


def can_handle(user, petition):
    """Office staff, and the officials of the routed unit, draft answers."""
    if can_manage(user, petition.commune_id):
        return True
    return petition.unit_id is not None and petition.unit_id in unit_ids_of(user, petition.commune_id)


def _require(condition, message="Anh/chị không có quyền thực hiện thao tác này."):
    if not condition:
        raise NotPermitted(message)


# --- the one door ------------------------------------------------------------------------


def petition_change_status(*, obj, to, by, note="", fields=None, from_states=None):
    """Move OBJ to state TO, recording who (BY), when, from which state and why (NOTE).

    Side effects: sets `status` and any FIELDS given ({name: value}) on the petition and
    saves only those columns; stamps `answered_at` on → answered and `closed_at` on → a
    final state (clears it on reopening); writes one PetitionTransition row. Runs in a
    transaction with the obj row locked, so two clerks cannot move it at once.
    Raises PetitionError when the move is not allowed from the current state, or when
    FROM_STATES is given and the current state (read under the lock) is not one of them.
    """
    to = Status(to)
    fields = dict(fields or {})
    with transaction.atomic():
        current = Petition.objects.select_for_update().only("status").get(pk=obj.pk)
        allowed = from_states is None or current.status in from_states
        if not allowed or to not in PETITION_TRANSITIONS[Status(current.status)]:
            raise PetitionError(
                f"Không thể chuyển ý kiến {obj.code} từ “{Status(current.status).label}” sang “{to.label}”."
            )
        now = timezone.now()
        if to == S.ANSWERED:
            fields.setdefault("answered_at", now)
        if to in (S.CLOSED, S.CLOSED_UNRESOLVED, S.TRANSFERRED, S.DUPLICATE):
            fields.setdefault("closed_at", now)
        if to == S.ROUTED and current.status in (S.ANSWERED, S.CLOSED, S.CLOSED_UNRESOLVED):
            fields.setdefault("closed_at", None)
        fields["status"] = to
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save(update_fields=[*fields, "updated_at"])
        PetitionTransition.objects.create(petition=obj, from_status=current.status, to_status=to, by=by, note=note)
        petition_moved.send(
            sender=Petition, petition=obj, from_status=Status(current.status), to_status=to, by=by, note=note
        )
    return obj


# --- intake ------------------------------------------------------------------------------


def petition_code_take(*, commune, on_date):
    """The next receipt code of COMMUNE for the year of ON_DATE, e.g. "KN-2025-7-00012".

    Side effect: bumps the commune's ReceiptCounter for that year (row-locked).
    """
    with transaction.atomic():
        counter, _ = ReceiptCounter.objects.select_for_update().get_or_create(commune=commune, year=on_date.year)
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
    return f"KN-{on_date.year}-{commune.pk}-{counter.last_number:05d}"


def _check_in_commune(commune, *, village=None, session=None, unit=None):
    if village is not None and village.commune_id != commune.pk:
        raise PetitionError("Thôn, ấp đã chọn không thuộc xã này.")
    if session is not None and session.plan.commune_id != commune.pk:
        raise PetitionError("Buổi tiếp xúc đã chọn không thuộc xã này.")
    if unit is not None and unit.commune_id != commune.pk:
        raise PetitionError("Đơn vị đã chọn không thuộc xã này.")


def petition_create(*, commune, by, content, topic, received_on=None, repeat_of=None, **data):
    """Record a petition raised by a citizen; returns it with its receipt code.

    DATA may hold session, source, village, kind, competence, citizen_name/phone/address,
    answered_on_spot, spot_answer_by, spot_answer.
    Side effects: takes a receipt code; when answered on the spot, moves the petition to
    "answered" (a transition row); when REPEAT_OF is given, links it as a repeat.
    """
    _require(by is None or can_intake(by, commune))
    content = (content or "").strip()
    if not content:
        raise PetitionError("Nội dung ý kiến không được để trống.")
    if topic is None:
        raise PetitionError("Chưa chọn lĩnh vực.")
    if topic.commune_id not in (None, commune.pk):
        raise PetitionError("Lĩnh vực đã chọn không thuộc xã này.")
    _check_in_commune(commune, village=data.get("village"), session=data.get("session"))
    if data.get("answered_on_spot") and not (data.get("spot_answer_by") or "").strip():
        raise PetitionError("Ghi rõ ai đã trả lời tại buổi.")
    received_on = received_on or timezone.localdate()
    with transaction.atomic():
        petition = Petition(
            commune=commune,
            content=content,
            topic=topic,
            received_on=received_on,
            created_by=by,
            code=petition_code_take(commune=commune, on_date=received_on),
            **data,
        )
        if petition.session_id and not data.get("source"):
            petition.source = Petition.Source.SESSION
        petition.save()
        PetitionTransition.objects.create(petition=petition, from_status="", to_status=S.RECEIVED, by=by)
        if repeat_of is not None:
            petition_link_repeat(petition=petition, of=repeat_of, by=by)
        if petition.answered_on_spot:
            petition_change_status(
                obj=petition,
                to=S.ANSWERED,
                by=by,
                note=f"Trả lời tại buổi: {petition.spot_answer_by}",
            )
    return petition


# --- classification, assignment, transfer -----------------------------------------------


def rule_days(commune, step):
    """Working days allowed for STEP: the commune's rule, else the shared one, else the law's default."""
    rules = {
        r.commune_id: r.working_days
        for r in DeadlineRule.objects.filter(Q(commune=commune) | Q(commune__isnull=True), step=step)
    }
    default = 10 if step == DeadlineRule.Step.ANSWER else 5
    return rules.get(getattr(commune, "pk", commune), rules.get(None, default))


def deadline_for(petition, step):
    """The legal deadline of STEP: its working days counted from the day the petition was received.

    The law counts from receipt (domain.md §2.6), so a petition entered or routed late keeps
    a deadline that may already be past: it shows as overdue rather than getting a fresh one.
    """
    return add_working_days(petition.received_on, rule_days(petition.commune, step), petition.commune)


def petition_classify(*, petition, by, topic, kind, competence, reason=""):
    """Confirm topic, kind and competence (received → classified).

    Side effects: a matter to transfer gets the transfer deadline (5 working days by default).
    """
    _require(can_intake(by, petition.commune))
    if topic.commune_id not in (None, petition.commune_id):
        raise PetitionError("Lĩnh vực đã chọn không thuộc xã này.")
    fields = {"topic": topic, "kind": kind, "competence": competence}
    if competence == Competence.TRANSFER:
        fields["deadline"] = deadline_for(petition, DeadlineRule.Step.TRANSFER)
    return petition_change_status(obj=petition, to=S.CLASSIFIED, by=by, note=reason, fields=fields)


def _check_deadline(deadline):
    if deadline is not None and deadline < timezone.localdate():
        raise PetitionError(f"Hạn xử lý {deadline:%d/%m/%Y} đã qua; chọn một ngày từ hôm nay trở đi.")


def _check_unit(petition, unit):
    if unit is None:
        raise PetitionError("Chưa chọn đơn vị xử lý.")
    _check_in_commune(petition.commune, unit=unit)


def petition_route(*, petition, by, unit, deadline=None, reason=""):
    """Give PETITION to UNIT with a deadline (classified → routed).

    DEADLINE defaults to the answer rule (10 working days by default) counted from receipt.
    Side effects: sets unit, deadline and routed_at; writes an "routed" event once the
    move succeeded (in the same transaction).
    """
    _require(can_intake(by, petition.commune))
    _check_unit(petition, unit)
    _check_deadline(deadline)
    if petition.competence == Competence.TRANSFER:
        raise PetitionError("Ý kiến thuộc thẩm quyền cơ quan khác: hãy chuyển, không giao cho đơn vị của xã.")
    if petition.status == S.ROUTED:
        raise PetitionError("Ý kiến đang được giao xử lý: dùng “Chuyển đơn vị xử lý” và ghi rõ lý do.")
    deadline = deadline or deadline_for(petition, DeadlineRule.Step.ANSWER)
    with transaction.atomic():
        petition_change_status(
            obj=petition,
            to=S.ROUTED,
            by=by,
            note=reason or f"Giao {unit.name}, hạn {deadline:%d/%m/%Y}",
            fields={"unit": unit, "deadline": deadline, "routed_at": timezone.now()},
            # A first assignment only: reopening (with its reason) and moving have their own verbs.
            from_states=(S.CLASSIFIED,),
        )
        event_log(user=by, action=Event.Action.ROUTED, obj=petition, commune=petition.commune, detail=f"unit={unit.pk}")
    return petition


def petition_reroute(*, petition, by, unit, reason, deadline=None):
    """Move an routed petition to another UNIT (routed → routed), for REASON (required).

    The deadline stays what it was unless DEADLINE is given: moving a matter between units
    does not give the commune more time towards the citizen.
    Side effects: sets unit (and deadline), routed_at; one transition row recording the
    move with the reason; an "routed" event.
    """
    _require(can_intake(by, petition.commune))
    _check_unit(petition, unit)
    _check_deadline(deadline)
    reason = (reason or "").strip()
    if not reason:
        raise PetitionError("Ghi rõ lý do chuyển đơn vị xử lý.")
    if petition.status != S.ROUTED:
        raise PetitionError("Chỉ chuyển đơn vị cho ý kiến đang được giao xử lý.")
    if unit.pk == petition.unit_id:
        raise PetitionError(f"Ý kiến đang do {unit.name} xử lý; chọn đơn vị khác.")
    previous = petition.unit
    fields = {"unit": unit, "routed_at": timezone.now()}
    if deadline is not None:
        fields["deadline"] = deadline
    with transaction.atomic():
        petition_change_status(
            obj=petition,
            to=S.ROUTED,
            by=by,
            note=f"Chuyển từ {previous.name if previous else '—'} sang {unit.name}: {reason}",
            fields=fields,
            from_states=(S.ROUTED,),
        )
        event_log(user=by, action=Event.Action.ROUTED, obj=petition, commune=petition.commune, detail=f"unit={unit.pk}")
    return petition


def petition_transfer(*, petition, by, to_body, reason=""):
    """Transfer a matter outside the commune's competence to TO_BODY (→ transferred)."""
    _require(can_intake(by, petition.commune))
    to_body = (to_body or "").strip()
    if not to_body:
        raise PetitionError("Ghi rõ cơ quan nhận chuyển.")
    return petition_change_status(
        obj=petition,
        to=S.TRANSFERRED,
        by=by,
        note=reason or f"Chuyển {to_body}",
        fields={"transfer_to": to_body, "competence": Competence.TRANSFER},
    )


# --- answers -----------------------------------------------------------------------------


def petition_answer_draft(*, petition, by, body):
    """Write or rewrite the unit's draft answer of the current round (no state change).

    Side effect: rewrites the current round's draft while it awaits approval; once the
    latest answer was approved (the petition was reopened since), starts a new round, so
    the answers of earlier rounds stay as they were sent. Writes an "answered" event.
    """
    _require(can_handle(by, petition))
    if petition.status != S.ROUTED:
        raise PetitionError("Chỉ soạn trả lời cho ý kiến đang được giao xử lý.")
    body = (body or "").strip()
    if not body:
        raise PetitionError("Nội dung trả lời không được để trống.")
    with transaction.atomic():
        Petition.objects.select_for_update().only("pk").get(pk=petition.pk)
        latest = Answer.objects.filter(petition=petition).order_by("-round").first()
        if latest is not None and latest.approved_at is None:
            latest.body, latest.drafted_by = body, by
            latest.save(update_fields=["body", "drafted_by", "drafted_at"])
            answer = latest
        else:
            answer = Answer.objects.create(
                petition=petition, round=latest.round + 1 if latest else 1, body=body, drafted_by=by
            )
        event_log(user=by, action=Event.Action.ANSWERED, obj=answer, commune=petition.commune, detail="draft")
        answer_drafted.send(sender=Petition, petition=petition, answer=answer, by=by)
    return answer


def petition_answer_approve(*, petition, by, reason=""):
    """A leader approves the current round's draft (routed → answered); writes an "approved" event."""
    _require(can_approve(by, petition.commune), "Chỉ lãnh đạo mới duyệt được văn bản trả lời.")
    answer = Answer.objects.filter(petition=petition).order_by("-round").first()
    if answer is None or answer.approved_at is not None:
        raise PetitionError("Chưa có dự thảo trả lời để duyệt.")
    with transaction.atomic():
        petition_change_status(obj=petition, to=S.ANSWERED, by=by, note=reason or "Duyệt văn bản trả lời")
        answer.approved_by = by
        answer.approved_at = timezone.now()
        answer.save(update_fields=["approved_by", "approved_at"])
        event_log(user=by, action=Event.Action.APPROVED, obj=answer, commune=petition.commune)
    return answer


def petition_react(*, petition, by, satisfied, reason=""):
    """Record the citizen's reaction to the answer.

    Satisfied: answered → closed. Not satisfied: answered → routed again (reopened) with a
    new deadline, so the unit works on it once more.
    """
    _require(can_intake(by, petition.commune))
    if petition.status != S.ANSWERED:
        raise PetitionError("Chỉ ghi nhận ý kiến người dân sau khi đã trả lời.")
    if satisfied:
        return petition_change_status(
            obj=petition,
            to=S.CLOSED,
            by=by,
            note=reason or "Người dân đồng tình với trả lời",
            fields={"reaction": Reaction.SATISFIED},
        )
    return petition_reopen(
        petition=petition,
        by=by,
        reason=reason or "Người dân chưa đồng tình với trả lời",
        fields={"reaction": Reaction.NOT_SATISFIED},
    )


def petition_close(*, petition, by, reason=""):
    """Close an answered petition (answered → closed)."""
    _require(can_intake(by, petition.commune))
    return petition_change_status(obj=petition, to=S.CLOSED, by=by, note=reason)


def petition_close_unresolved(*, petition, by, reason):
    """Close without a resolution; the reason is required."""
    _require(can_intake(by, petition.commune))
    reason = (reason or "").strip()
    if not reason:
        raise PetitionError("Ghi rõ lý do kết thúc khi chưa giải quyết được.")
    # The citizen's reaction belonged to an answer; a matter closed unresolved has none.
    return petition_change_status(
        obj=petition,
        to=S.CLOSED_UNRESOLVED,
        by=by,
        note=reason,
        fields={"close_reason": reason, "reaction": Reaction.NONE},
    )


def petition_reopen(*, petition, by, reason, unit=None, fields=None):
    """Reopen an answered or closed petition, for REASON (required): back to "routed".

    Side effects: a fresh deadline from today (a new round of work); the citizen's reaction
    to the earlier answer is cleared unless FIELDS records it (the "not satisfied" reopening);
    the next draft answer starts a new round.
    """
    _require(can_intake(by, petition.commune))
    reason = (reason or "").strip()
    if not reason:
        raise PetitionError("Ghi rõ lý do mở lại ý kiến.")
    unit = unit or petition.unit
    if unit is None:
        raise PetitionError("Chọn đơn vị xử lý khi mở lại ý kiến.")
    _check_in_commune(petition.commune, unit=unit)
    fields = {"reaction": Reaction.NONE, "close_reason": "", **(fields or {})}
    fields.update(
        unit=unit,
        deadline=add_working_days(timezone.localdate(), rule_days(petition.commune, "answer"), petition.commune),
        routed_at=timezone.now(),
    )
    return petition_change_status(obj=petition, to=S.ROUTED, by=by, note=reason, fields=fields)


def petition_mark_duplicate(*, petition, by, of, reason=""):
    """PETITION says the same as OF (same person, same matter): → duplicate, linked to OF."""
    _require(can_intake(by, petition.commune))
    if of is None or of.pk == petition.pk or of.commune_id != petition.commune_id:
        raise PetitionError("Chọn ý kiến gốc khác, của cùng xã.")
    return petition_change_status(
        obj=petition,
        to=S.DUPLICATE,
        by=by,
        note=reason or f"Trùng ý kiến {of.code}",
        fields={"duplicate_of": of},
    )


def petition_link_repeat(*, petition, of, by):
    """Link PETITION as raised again after OF (another session, another year).

    The link always points at the first petition of the chain, so a chain is counted once.
    Side effects: saves `repeat_of`; the petitions that repeated PETITION itself are
    re-pointed at the same first petition (one transaction), so the chain stays whole.
    No state change.
    """
    if of is None or of.pk == petition.pk or of.commune_id != petition.commune_id:
        raise PetitionError("Chọn ý kiến đã nêu trước đó, của cùng xã.")
    root = of.repeat_of if of.repeat_of_id else of
    if root.pk == petition.pk:
        raise PetitionError("Không thể liên kết ý kiến với chính nó.")
    with transaction.atomic():
        petition.repeat_of = root
        petition.save(update_fields=["repeat_of", "updated_at"])
        Petition.objects.filter(repeat_of=petition).update(repeat_of=root, updated_at=timezone.now())
    return petition


def petition_attach(*, petition, by, upload):
    """Store an uploaded scan or photo (already checked by dialogue.uploads) under a generated name."""
    _require(can_handle(by, petition))
    original = upload.name
    attachment = Attachment(petition=petition, original_name=original[:200], size=upload.size, uploaded_by=by)
    attachment.file.save(generated_name(original), upload, save=False)
    attachment.save()
    return attachment


# --- repeats -----------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")
#: Trigram word similarity from which an earlier petition is suggested as a repeat (PostgreSQL).
SIMILARITY = 0.3
#: How many of the newest matching petitions are ranked for a suggestion (PostgreSQL).
CANDIDATES = 500
STOP_WORDS = {"va", "cua", "cho", "cac", "la", "co", "duoc", "de", "nguoi", "dan", "bi", "da", "khong", "trong"}


def _words(text):
    return {w for w in _WORD.findall(fold(text)) if len(w) > 1 and w not in STOP_WORDS}


def similar_petitions(*, user, commune, topic, content, village=None, exclude_pk=None, limit=5):
    """Earlier petitions that USER may see, of the same village and topic, worded like CONTENT, best first.

    PostgreSQL: trigram word similarity on the folded column; the `%>` operator
    (threshold `pg_trgm.word_similarity_threshold`, 0.6 by default, set to 0.3 for the
    query) lets the GIN trigram index find the candidates when the wording is distinctive.
    Only the newest CANDIDATES matching rows are ranked, so a village and topic with tens of
    thousands of look-alike petitions still answers in bounded time. SQLite: candidates
    sharing a word are fetched from the database and scored by word overlap.
    Returns a list of petitions, each with a `score` (0..1).
    """
    folded = fold(content)
    if len(folded) < 4 or topic is None:
        return []
    qs = Petition.objects.visible_to(user).filter(commune=commune, topic=topic).exclude(status=S.DUPLICATE)
    if village is not None:
        qs = qs.filter(village=village)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    qs = qs.select_related("village", "session")
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            # SET LOCAL: the threshold holds for this transaction only.
            cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [SIMILARITY])
            # The lookup used as an expression: django.contrib.postgres need not be installed.
            matching = qs.filter(TrigramWordSimilar(F("search_text"), folded))
            newest = matching.order_by("-received_on", "-id").values("pk")[:CANDIDATES]
            return list(
                qs.filter(pk__in=newest)
                .annotate(score=TrigramWordSimilarity(folded, "search_text"))
                .order_by("-score", "-received_on", "-id")[:limit]
            )
    words = _words(content)
    if not words:
        return []
    longest = sorted(words, key=len, reverse=True)[:4]
    word_q = Q()
    for w in longest:
        word_q |= Q(search_text__contains=w)
    scored = []
    for p in qs.filter(word_q).order_by("-received_on", "-id")[:300]:
        other = _words(p.search_text)
        if not other:
            continue
        p.score = len(words & other) / len(words | other)
        if p.score >= 0.25:
            scored.append(p)
    scored.sort(key=lambda p: (-p.score, -p.received_on.toordinal()))
    return scored[:limit]


def repeat_unresolved_for(user):
    """The chains raised two or more times and still unresolved that USER may see."""
    return Petition.objects.visible_to(user).repeated_unresolved().select_related("village", "topic", "unit")


class PetitionImportError(PetitionError):
    """An import refused as a whole; ERRORS lists (row, column, reason) in Vietnamese."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(f"Không nhập được: {len(errors)} lỗi.")


def petitions_import(*, commune, by, rows, session=None):
    """Create every petition of ROWS or none (all-or-nothing).

    ROWS: dicts already resolved by resources.import_xlsx (topic, village objects...).
    Side effects: one petition_create per row inside one transaction.
    """
    _require(can_intake(by, commune))
    created = []
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):
            try:
                created.append(petition_create(commune=commune, by=by, session=session, **row))
            except PetitionError as e:
                raise PetitionImportError([(number, "", str(e))]) from e
    return created
