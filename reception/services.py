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

from .models import ReceptionDay, Visit


class ReceptionError(Exception):
    """A reception day or visit that cannot be saved; the message says why, in Vietnamese."""


def _require_office(user, commune):
    if not can_manage(user, commune):
        raise NotPermitted("Chỉ văn phòng của xã ghi sổ tiếp công dân.")


def reception_day_create(*, commune, by, day, leader, place, kind=ReceptionDay.Kind.REGULAR, note=""):
    """Record a reception day of COMMUNE held by LEADER (an official of the commune)."""
    _require_office(by, commune)
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
    return ReceptionDay.objects.create(commune=commune, day=day, leader=leader, place=place, kind=kind, note=note)


def visit_record(*, day, by, content, outcome, topic=None, **data):
    """Record one visit on reception DAY; DATA may hold citizen_name, citizen_phone, citizen_address,
    people_count, representatives, matter, earlier_petition, answer.

    Side effect: the outcome "recorded" creates a petition of the commune (source: reception
    day; the visit's people and representatives; a repeat of EARLIER_PETITION when given)
    in the same transaction, linked from the visit.
    """
    commune = day.commune
    _require_office(by, commune)
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
                    repeat_of=earlier,
                    source=Source.RECEPTION,
                    citizen_name=visit.citizen_name,
                    citizen_address=visit.citizen_address,
                    citizen_phone=visit.citizen_phone,
                    people_count=visit.people_count,
                    representatives=visit.representatives,
                )
            except PetitionError as exc:
                raise ReceptionError(str(exc)) from exc
        visit.full_clean(exclude=["day", "petition", "earlier_petition"])
        visit.save()
    return visit
