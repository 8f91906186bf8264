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
from directory.history import display_value
from directory.models import Event
from directory.permissions import can_approve, can_correct_settled, can_manage, unit_ids_of
from directory.workdays import add_working_days
from sessions_app.participants import ROSTER_FIXED_STATES

from .enums import FINAL_STATES, PETITION_TRANSITIONS
from .models import (
    Answer,
    Attachment,
    Competence,
    DeadlineRule,
    Petition,
    PetitionCorrection,
    PetitionTransition,
    Reaction,
    ReceiptCounter,
    Source,
    Status,
    normalise_lookup_code,
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
    people_count (how many raised it; from 5 a group's), representatives, is_confidential
    (its author hidden from all but the office and the leader, as a denunciation's always is),
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
    session = data.get("session")
    if session is not None and session.status in ROSTER_FIXED_STATES:
        raise PetitionError(
            f"Buổi “{session.display_title}” đã ở trạng thái “{session.get_status_display()}”: "
            "ý kiến nêu tại buổi đã chốt. Ý kiến đến sau ghi nhận là tiếp nhận ngoài buổi (bỏ chọn buổi)."
        )
    if data.get("people_count") is not None and data["people_count"] < 1:
        raise PetitionError("Số người cùng nêu ít nhất là 1.")
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


#: What a correction may change (the receipt code, the dates and the state never).
CORRECTABLE_FIELDS = ("village", "topic", "kind", "content", "citizen_name", "citizen_phone", "citizen_address")


def can_correct(user, petition):
    """Office staff correct a petition still being handled; once final, only the administrator."""
    if petition.status in FINAL_STATES:
        return can_correct_settled(user, petition.commune_id)
    return can_intake(user, petition.commune_id)


def petition_correct(*, petition, by, reason, **changes):
    """Correct what intake recorded (CHANGES: any of CORRECTABLE_FIELDS), for REASON (required).

    Office staff correct a petition that is not final; a final one only the commune's
    administrator (the correction is then marked "after final"). The receipt code never changes.
    Side effects: saves only the changed columns (the search text follows the content and
    the name); writes one PetitionCorrection row (field: old → new, who, when, why) and the
    petition's history row carries the reason. Nothing is saved when a value is refused.
    Raises PetitionError when the reason is missing, nothing changed, a value is refused, or
    the petition is final and BY is not the administrator; NotPermitted for a non-office user.
    """
    _require(can_intake(by, petition.commune))
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise PetitionError(f"Không sửa được: {', '.join(sorted(unknown))}.")
    reason = (reason or "").strip()
    if not reason:
        raise PetitionError("Ghi rõ lý do sửa.")
    if "content" in changes:
        changes["content"] = (changes["content"] or "").strip()
        if not changes["content"]:
            raise PetitionError("Nội dung ý kiến không được để trống.")
    if "topic" in changes:
        topic = changes["topic"]
        if topic is None:
            raise PetitionError("Chưa chọn lĩnh vực.")
        if topic.commune_id not in (None, petition.commune_id):
            raise PetitionError("Lĩnh vực đã chọn không thuộc xã này.")
    _check_in_commune(petition.commune, village=changes.get("village"))
    with transaction.atomic():
        current = Petition.objects.select_for_update().get(pk=petition.pk)
        after_final = current.status in FINAL_STATES
        if after_final and not can_correct_settled(by, petition.commune_id):
            raise PetitionError(
                f"Ý kiến {current.code} đã kết thúc (“{current.get_status_display()}”): "
                "chỉ Quản trị của xã mới sửa được, kèm lý do."
            )
        record = []
        for name in CORRECTABLE_FIELDS:
            if name not in changes:
                continue
            f = Petition._meta.get_field(name)
            old, new = getattr(current, name), changes[name]
            if name in ("village", "topic"):
                old_key, new_key = getattr(current, f.attname), getattr(new, "pk", None)
            else:
                new = "" if new is None else new
                old_key, new_key = old, new
            if old_key == new_key:
                continue
            shown = [str(v) if v is not None else "" for v in (old, new)]
            if not f.is_relation:
                shown = [display_value(f, v, {}, limit=None) for v in (old, new)]
            record.append({"field": name, "label": str(f.verbose_name).capitalize(), "old": shown[0], "new": shown[1]})
            setattr(current, name, new)
        if not record:
            raise PetitionError("Không có thông tin nào thay đổi.")
        current._change_reason = (("Sửa sau khi kết thúc: " if after_final else "Sửa: ") + reason)[:100]
        current.save(update_fields=[c["field"] for c in record] + ["updated_at"])
        correction = PetitionCorrection.objects.create(
            petition=current, by=by, reason=reason, after_final=after_final, changes=record
        )
        personal = [c["field"] for c in record if c["field"].startswith("citizen_")]
        if personal:
            event_log(
                user=by,
                action=Event.Action.CHANGED_PERSONAL_DATA,
                obj=current,
                commune=current.commune,
                detail="correction " + ",".join(personal),
            )
    for c in record:
        setattr(petition, c["field"], getattr(current, c["field"]))
    return correction


#: Longest opinion accepted from the public form (characters).
ONLINE_MAX_CONTENT = 2000
_MARKUP = re.compile(r"<[a-zA-Z/!]|https?://|www\.|\[url", re.IGNORECASE)


def petition_receive_online(*, session, village, topic, content, citizen_name="", citizen_phone=""):
    """An opinion a citizen sends through the public form before an announced SESSION.

    It lands in the office's intake as received online (state "received"), like any other, and
    is public only through a published result. Refuses (PetitionError, nothing stored): a village
    not of the session, a topic of another commune, empty or over-long content, content with
    HTML or links. The caller checks that the commune takes online opinions and the session is
    announced (the public app's page).
    """
    commune = session.plan.commune
    content = (content or "").strip()
    if not content:
        raise PetitionError("Nội dung ý kiến không được để trống.")
    if len(content) > ONLINE_MAX_CONTENT:
        raise PetitionError(f"Nội dung ý kiến dài quá {ONLINE_MAX_CONTENT} ký tự; vui lòng viết ngắn gọn hơn.")
    if _MARKUP.search(content) or _MARKUP.search(citizen_name or ""):
        raise PetitionError("Ý kiến gửi trực tuyến không được chứa thẻ HTML hay đường liên kết.")
    if village is None or not session.villages.filter(pk=village.pk).exists():
        raise PetitionError("Chọn thôn, ấp của buổi tiếp xúc.")
    citizen_phone = re.sub(r"[^\d+ ]", "", citizen_phone or "")[:20]
    return petition_create(
        commune=commune,
        by=None,
        content=content,
        topic=topic,
        session=session,
        village=village,
        source=Source.ONLINE,
        citizen_name=(citizen_name or "").strip()[:120],
        citizen_phone=citizen_phone,
    )


# --- classification, assignment, transfer -----------------------------------------------


def rule_days(commune, step):
    """Working days allowed for STEP: the commune's rule, else the shared one, else the law's default."""
    rules = {
        r.commune_id: r.working_days
        for r in DeadlineRule.objects.filter(Q(commune=commune) | Q(commune__isnull=True), step=step)
    }
    default = {DeadlineRule.Step.ANSWER: 10, DeadlineRule.Step.TRANSFER_REPLY: 20}.get(step, 5)
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


def petition_transfer(*, petition, by, to_body, reason="", letter="", on=None):
    """Transfer a matter outside the commune's competence to TO_BODY (→ transferred).

    LETTER is the number of the transfer letter, ON its date (today when not given). Side
    effect: the receiving body's reply is due after the "transfer_reply" working days
    (20 by default) from ON; `petition_transfer_reply` records it when it comes.
    """
    _require(can_intake(by, petition.commune))
    to_body = (to_body or "").strip()
    if not to_body:
        raise PetitionError("Ghi rõ cơ quan nhận chuyển.")
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise PetitionError("Ngày chuyển không được sau hôm nay.")
    if on < petition.received_on:
        raise PetitionError(f"Ngày chuyển không được trước ngày tiếp nhận ({petition.received_on:%d/%m/%Y}).")
    due = add_working_days(on, rule_days(petition.commune, DeadlineRule.Step.TRANSFER_REPLY), petition.commune)
    return petition_change_status(
        obj=petition,
        to=S.TRANSFERRED,
        by=by,
        note=reason or f"Chuyển {to_body}" + (f" (văn bản số {letter})" if letter else ""),
        fields={
            "transfer_to": to_body,
            "competence": Competence.TRANSFER,
            "transfer_letter": (letter or "").strip(),
            "transferred_on": on,
            "transfer_reply_due": due,
        },
    )


def petition_transfer_reply(*, petition, by, replied_on, reply, letter=""):
    """Record the receiving body's reply to a transferred petition (it stays transferred, now
    "answered by the receiving body"). Refuses a reply dated before the transfer or after
    today, an empty one, and a second one. Side effect: the change is kept in its history."""
    _require(can_intake(by, petition.commune))
    reply = (reply or "").strip()
    with transaction.atomic():
        petition = Petition.objects.select_for_update().get(pk=petition.pk)
        if petition.status != S.TRANSFERRED:
            raise PetitionError("Chỉ ghi trả lời của cơ quan nhận cho ý kiến đã chuyển đi.")
        if petition.transfer_replied_on is not None:
            raise PetitionError(f"Đã ghi trả lời của cơ quan nhận ngày {petition.transfer_replied_on:%d/%m/%Y}.")
        if replied_on is None:
            raise PetitionError("Ghi ngày cơ quan nhận trả lời.")
        if petition.transferred_on and replied_on < petition.transferred_on:
            raise PetitionError(f"Ngày trả lời không được trước ngày chuyển ({petition.transferred_on:%d/%m/%Y}).")
        if replied_on > timezone.localdate():
            raise PetitionError("Ngày trả lời không được sau hôm nay.")
        if not reply:
            raise PetitionError("Ghi tóm tắt nội dung trả lời của cơ quan nhận.")
        petition.transfer_replied_on = replied_on
        petition.transfer_reply = reply
        petition.transfer_reply_letter = (letter or "").strip()
        petition.save(update_fields=["transfer_replied_on", "transfer_reply", "transfer_reply_letter", "updated_at"])
    return petition


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
            # Rewritten (after a return, too): it waits for approval again; the return stays in its history.
            latest.body, latest.drafted_by = body, by
            latest.returned_at, latest.returned_by, latest.return_note = None, None, ""
            latest.save(update_fields=["body", "drafted_by", "drafted_at", "returned_at", "returned_by", "return_note"])
            answer = latest
        else:
            answer = Answer.objects.create(
                petition=petition, round=latest.round + 1 if latest else 1, body=body, drafted_by=by
            )
        event_log(user=by, action=Event.Action.ANSWERED, obj=answer, commune=petition.commune, detail="draft")
        answer_drafted.send(sender=Petition, petition=petition, answer=answer, by=by)
    return answer


def petition_answer_approve(*, petition, by, reason=""):
    """A leader approves the current round's draft (routed → answered); writes an "approved" event.

    Refuses a draft the leader wrote (someone else approves it) and a draft returned to its author
    and not yet rewritten.
    """
    _require(can_approve(by, petition.commune), "Chỉ lãnh đạo mới duyệt được văn bản trả lời.")
    answer = Answer.objects.filter(petition=petition).order_by("-round").first()
    if answer is None or answer.approved_at is not None:
        raise PetitionError("Chưa có dự thảo trả lời để duyệt.")
    if answer.returned_at is not None:
        raise PetitionError("Dự thảo đã được trả lại để sửa: chờ đơn vị soạn lại rồi mới duyệt.")
    if by is not None and answer.drafted_by_id == by.pk:
        raise PetitionError("Không tự duyệt dự thảo trả lời do chính mình soạn: cần một lãnh đạo khác duyệt.")
    with transaction.atomic():
        petition_change_status(obj=petition, to=S.ANSWERED, by=by, note=reason or "Duyệt văn bản trả lời")
        answer.approved_by = by
        answer.approved_at = timezone.now()
        answer.save(update_fields=["approved_by", "approved_at"])
        event_log(user=by, action=Event.Action.APPROVED, obj=answer, commune=petition.commune)
    return answer


def petition_answer_return(*, petition, by, reason):
    """A leader returns the current round's draft to its author with REASON ("Trả lại để sửa").

    The petition stays with its unit (routed); the draft leaves the approvals list until it is
    rewritten. Side effects: sets the answer's returned_at, returned_by and return_note (its
    history keeps them after the rewrite); writes an event.
    """
    _require(can_approve(by, petition.commune), "Chỉ lãnh đạo mới trả lại văn bản trả lời.")
    reason = (reason or "").strip()
    if not reason:
        raise PetitionError("Cần ghi lý do trả lại để đơn vị biết phải sửa gì.")
    with transaction.atomic():
        Petition.objects.select_for_update().only("pk").get(pk=petition.pk)
        answer = Answer.objects.filter(petition=petition).order_by("-round").first()
        if petition.status != S.ROUTED or answer is None or answer.approved_at is not None:
            raise PetitionError("Chưa có dự thảo trả lời chờ duyệt để trả lại.")
        if answer.returned_at is not None:
            raise PetitionError("Dự thảo này đã được trả lại, đang chờ đơn vị soạn lại.")
        answer.returned_at, answer.returned_by, answer.return_note = timezone.now(), by, reason
        answer.save(update_fields=["returned_at", "returned_by", "return_note"])
        event_log(user=by, action=Event.Action.ANSWERED, obj=answer, commune=petition.commune, detail="returned")
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


def petition_find_by_lookup_code(text):
    """The petition whose lookup code is TEXT (as a citizen typed it), or None.

    Always one query on the unique index, whatever TEXT is (malformed, unknown or right), so
    the answer takes as long for a wrong code as for an unknown one.
    """
    code = normalise_lookup_code(text)
    return Petition.objects.select_related("commune").filter(lookup_code=code).first()


def petition_react_by_citizen(*, petition, satisfied):
    """The citizen, through the status lookup, says whether the approved answer resolved it.

    Only on an answered petition. Satisfied: answered → closed, as when the office records it.
    Not satisfied: back to its unit (routed) with a fresh deadline; an answer given on the spot,
    with no unit to return to, keeps its state and the office sees the reaction.
    Side effects: as petition_change_status; the transition names the citizen as its author.
    """
    if petition.status != S.ANSWERED:
        raise PetitionError("Chỉ ghi nhận ý kiến của người dân sau khi đã có trả lời.")
    if satisfied:
        return petition_change_status(
            obj=petition,
            to=S.CLOSED,
            by=None,
            note="Người dân đồng tình với trả lời (qua tra cứu)",
            fields={"reaction": Reaction.SATISFIED},
            from_states=(S.ANSWERED,),
        )
    if petition.unit_id is None:
        petition.reaction = Reaction.NOT_SATISFIED
        petition.save(update_fields=["reaction", "updated_at"])
        return petition
    fields = {
        "reaction": Reaction.NOT_SATISFIED,
        "close_reason": "",
        "deadline": add_working_days(timezone.localdate(), rule_days(petition.commune, "answer"), petition.commune),
        "routed_at": timezone.now(),
    }
    return petition_change_status(
        obj=petition,
        to=S.ROUTED,
        by=None,
        note="Người dân chưa đồng tình với trả lời (qua tra cứu)",
        fields=fields,
        from_states=(S.ANSWERED,),
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


#: SQLite: how many of the query's longest words find the candidates, and the score from which one is suggested.
SQLITE_PREFILTER_WORDS = 8
SQLITE_SIMILARITY = 0.3


def _words(text):
    return {w for w in _WORD.findall(fold(text)) if len(w) > 1 and w not in STOP_WORDS}


def content_similarity(words, other):
    """0..1: how much of the shorter wording the other one shares (SQLite's repeat score).

    Shared words over the smaller set, blended with the overlap over the union, so that a short
    restatement of a long petition scores high, while two long texts sharing a few common words
    do not.
    """
    if not words or not other:
        return 0.0
    shared = len(words & other)
    return 0.5 * shared / min(len(words), len(other)) + 0.5 * shared / len(words | other)


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
    # Candidates share one of the longest words (a paraphrase keeps some, not always the same).
    longest = sorted(words, key=lambda w: (-len(w), w))[:SQLITE_PREFILTER_WORDS]
    word_q = Q()
    for w in longest:
        word_q |= Q(search_text__contains=w)
    scored = []
    for p in qs.filter(word_q).order_by("-received_on", "-id")[:CANDIDATES]:
        # Content against content: the stored search text also holds the receipt code and the
        # citizen's name ("ẩn danh"), words no paraphrase shares.
        p.score = content_similarity(words, _words(p.content))
        if p.score >= SQLITE_SIMILARITY:
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
