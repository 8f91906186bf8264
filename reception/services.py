"""Writes of the reception register: a reception day, and each visit recorded on it.

A visit whose outcome is "petition recorded" becomes a petition (source: reception day) through
`petitions.services.petition_create`, and follows the same handling as those raised at sessions.
"""

from django.db import transaction
from django.utils import timezone

from dialogue.http import NotPermitted
from directory.permissions import can_manage
from petitions.models import Source
from petitions.services import PetitionError, petition_create

from .models import ReceptionDay, Representative, Visit

#: What a petition recorded from a visit keeps of its representatives (Petition.representatives).
PETITION_REPRESENTATIVES_LENGTH = 300


class ReceptionError(Exception):
    """A reception day or visit that cannot be saved; the message says why, in Vietnamese."""


def _require_office(user, commune):
    if not can_manage(user, commune):
        raise NotPermitted("Chỉ văn phòng của xã ghi sổ tiếp công dân.")


def _check_day(commune, day, leader, place):
    """The reception day's place, stripped, or ReceptionError."""
    if leader is None:
        raise ReceptionError("Ghi rõ lãnh đạo tiếp công dân.")
    if leader.commune_id != commune.pk:
        raise ReceptionError("Lãnh đạo tiếp công dân phải là cán bộ của xã.")
    if day is None:
        raise ReceptionError("Ghi ngày tiếp công dân.")
    if day > timezone.localdate():
        raise ReceptionError("Chỉ ghi sổ ngày tiếp đã diễn ra (không sau hôm nay).")
    place = (place or "").strip()
    if not place:
        raise ReceptionError("Ghi địa điểm tiếp công dân.")
    return place


def reception_day_create(*, commune, by, day, leader, place, kind=ReceptionDay.Kind.REGULAR, note=""):
    """Record a reception day of COMMUNE held by LEADER (an official of the commune)."""
    _require_office(by, commune)
    place = _check_day(commune, day, leader, place)
    return ReceptionDay.objects.create(commune=commune, day=day, leader=leader, place=place, kind=kind, note=note)


def reception_day_update(*, obj, by, day, leader, place, kind, note=""):
    """Correct reception day OBJ (its date, leader, place, kind, note) under the same rules as a new one."""
    _require_office(by, obj.commune)
    obj.place = _check_day(obj.commune, day, leader, place)
    obj.day, obj.leader, obj.kind, obj.note = day, leader, kind, note
    obj.save()
    return obj


def _check_representatives(representatives, people_count):
    """The representatives (dicts of name, address, phone) stripped, empty rows left out, or ReceptionError."""
    rows = []
    for row in representatives or ():
        row = {key: (row.get(key) or "").strip() for key in ("name", "address", "phone")}
        if not any(row.values()):
            continue
        if not row["name"]:
            raise ReceptionError("Ghi họ tên người đại diện (hoặc xóa cả dòng).")
        rows.append(row)
    if rows and (people_count or 1) < 2:
        raise ReceptionError("Chỉ ghi người đại diện khi có từ 2 người cùng đến.")
    if len(rows) > (people_count or 1):
        raise ReceptionError("Số người đại diện không được nhiều hơn số người đến.")
    return rows


def _save_representatives(visit, rows):
    """Make VISIT's representatives ROWS, in order: rows changed in place, added, the rest deleted
    (each save writes its version to the history)."""
    existing = list(visit.representatives.order_by("position", "pk"))
    for position, row in enumerate(rows):
        if position < len(existing):
            rep = existing[position]
            wanted = (row["name"], row["address"], row["phone"], position)
            if (rep.name, rep.address, rep.phone, rep.position) != wanted:
                rep.name, rep.address, rep.phone, rep.position = wanted
                rep.save()
        else:
            Representative.objects.create(visit=visit, position=position, **row)
    for rep in existing[len(rows) :]:
        rep.delete()


def _representatives_text(rows):
    text = "; ".join(", ".join(part for part in (r["name"], r["address"], r["phone"]) if part) for r in rows)
    return text[:PETITION_REPRESENTATIVES_LENGTH]


def visit_record(*, day, by, content, outcome, topic=None, representatives=(), **data):
    """Record one visit on reception DAY; DATA may hold citizen_name, citizen_phone, citizen_address,
    people_count, matter, earlier_petition, answer; REPRESENTATIVES is a list of dicts (name,
    address, phone) of a group's representatives (rows all empty are left out).

    Side effect: the outcome "recorded" creates a petition of the commune (source: reception
    day; the visit's people and representatives, as text; a repeat of EARLIER_PETITION when
    given) in the same transaction, linked from the visit.
    """
    commune = day.commune
    _require_office(by, commune)
    content = _check_visit(commune, content, outcome, topic, data)
    representatives = _check_representatives(representatives, data.get("people_count"))
    with transaction.atomic():
        visit = Visit(day=day, content=content, outcome=outcome, **data)
        if outcome == Visit.Outcome.RECORDED:
            try:
                visit.petition = petition_create(
                    commune=commune,
                    by=by,
                    content=content,
                    topic=topic,
                    received_on=day.day,
                    repeat_of=data.get("earlier_petition"),
                    source=Source.RECEPTION,
                    citizen_name=visit.citizen_name,
                    citizen_address=visit.citizen_address,
                    citizen_phone=visit.citizen_phone,
                    people_count=visit.people_count,
                    representatives=_representatives_text(representatives),
                )
            except PetitionError as exc:
                raise ReceptionError(str(exc)) from exc
        visit.full_clean(exclude=["day", "petition", "earlier_petition"])
        visit.save()
        _save_representatives(visit, representatives)
    return visit


def _check_visit(commune, content, outcome, topic, data):
    """The visit's content, stripped, or ReceptionError; an earlier petition makes the matter "old"."""
    content = (content or "").strip()
    if not content:
        raise ReceptionError("Ghi nội dung công dân trình bày.")
    if (data.get("people_count") or 1) < 1:
        raise ReceptionError("Số người ít nhất là 1.")
    earlier = data.get("earlier_petition")
    if earlier is not None and earlier.commune_id != commune.pk:
        raise ReceptionError("Ý kiến đã nêu trước không thuộc xã này.")
    if earlier is not None:
        data["matter"] = Visit.Matter.OLD
    if outcome == Visit.Outcome.RECORDED and topic is None:
        raise ReceptionError("Tiếp nhận đơn thì chọn lĩnh vực để chuyển xử lý.")
    return content


def visit_update(*, obj, by, content, outcome, topic=None, representatives=None, **data):
    """Correct visit OBJ as it was written in the register; REPRESENTATIVES (when given) replace
    its representatives, row by row.

    The petition a visit recorded lives on in its own handling: such a visit keeps its outcome,
    and what it recorded is corrected on the petition's page (petitions' correction, with a
    reason). Any other visit may not become "recorded" here: a new visit records the petition.
    """
    commune = obj.day.commune
    _require_office(by, commune)
    content = _check_visit(commune, content, outcome, topic, data)
    if representatives is not None:
        representatives = _check_representatives(representatives, data.get("people_count", obj.people_count))
    if obj.petition_id and outcome != Visit.Outcome.RECORDED:
        raise ReceptionError(
            f"Lượt tiếp này đã tiếp nhận đơn thành ý kiến {obj.petition.code}: giữ kết quả “Tiếp nhận đơn”; "
            "nội dung ý kiến sửa ở trang của ý kiến đó."
        )
    if not obj.petition_id and outcome == Visit.Outcome.RECORDED:
        raise ReceptionError("Muốn tiếp nhận đơn từ lượt tiếp đã ghi, hãy ghi một lượt tiếp mới với kết quả này.")
    with transaction.atomic():
        obj.content, obj.outcome = content, outcome
        for name, value in data.items():
            setattr(obj, name, value)
        obj.full_clean(exclude=["day", "petition", "earlier_petition"])
        obj.save()
        if representatives is not None:
            _save_representatives(obj, representatives)
    return obj
