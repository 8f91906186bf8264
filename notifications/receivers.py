"""Listeners of the signals the apps below send: each event becomes notify() to those concerned.

Recipients are chosen as the pages scope them: a unit's officials for their unit's petitions,
the commune's leaders for what waits for approval; nobody is told of what they may not see.
"""

from django.dispatch import receiver
from django.urls import reverse

from conclusions.enums import NoticeStatus
from conclusions.signals import notice_moved
from directory.models import Membership
from directory.permissions import users_with_role
from petitions.enums import Status
from petitions.signals import answer_drafted, petition_moved

from .enums import Kind
from .services import notify

R = Membership.Role
LEADERS = (R.LEADER, R.ADMIN)


def _unit_officials(commune, unit):
    return users_with_role(commune, R.UNIT_OFFICIAL, unit=unit) if unit is not None else []


@receiver(petition_moved, dispatch_uid="notifications.petition_moved")
def on_petition_moved(sender, petition, from_status, to_status, by, note="", **kwargs):
    if to_status != Status.ROUTED:
        return
    url = reverse("petitions:detail", args=[petition.pk])
    deadline = f", hạn trả lời {petition.deadline:%d/%m/%Y}" if petition.deadline else ""
    if from_status == Status.ROUTED:
        title = f"Ý kiến {petition.code} được chuyển cho {petition.unit.name}"
        kind = Kind.PETITION_ROUTED
    elif from_status in (Status.ANSWERED, Status.CLOSED, Status.CLOSED_UNRESOLVED):
        title = f"Ý kiến {petition.code} được trả lại cho {petition.unit.name} để xử lý tiếp"
        kind = Kind.RETURNED
    else:
        title = f"Ý kiến {petition.code} được giao cho {petition.unit.name}"
        kind = Kind.PETITION_ROUTED
    # The key names the move (its transition row is the latest one), so each move tells once.
    step = petition.transitions.order_by("-pk").values_list("pk", flat=True).first()
    notify(
        users=[u for u in _unit_officials(petition.commune, petition.unit) if u != by],
        kind=kind,
        title=title,
        body=f"{petition.content[:300]}{deadline}.\n{note}".strip(),
        url=url,
        commune=petition.commune,
        key=f"petition:{petition.pk}:move:{step}",
    )


@receiver(answer_drafted, dispatch_uid="notifications.answer_drafted")
def on_answer_drafted(sender, petition, answer, by, **kwargs):
    notify(
        users=[u for u in users_with_role(petition.commune, *LEADERS) if u != by],
        kind=Kind.APPROVAL_WAITING,
        title=f"Văn bản trả lời ý kiến {petition.code} chờ duyệt",
        body=answer.body[:500],
        url=reverse("petitions:approvals"),
        commune=petition.commune,
        key=f"answer:{answer.pk}:round:{answer.round}:waiting",
    )


@receiver(notice_moved, dispatch_uid="notifications.notice_moved")
def on_notice_moved(sender, notice, from_status, to_status, by, note="", **kwargs):
    commune = notice.session.plan.commune
    url = reverse("conclusions:notice_detail", args=[notice.pk])
    step = notice.transitions.order_by("-pk").values_list("pk", flat=True).first()
    if to_status == NoticeStatus.PENDING_APPROVAL:
        notify(
            users=[u for u in users_with_role(commune, *LEADERS) if u != by],
            kind=Kind.APPROVAL_WAITING,
            title=f"Thông báo kết luận {notice.session} chờ duyệt",
            url=url,
            commune=commune,
            key=f"notice:{notice.pk}:move:{step}",
        )
    elif to_status == NoticeStatus.DRAFT and from_status == NoticeStatus.PENDING_APPROVAL:
        drafter = [notice.created_by] if notice.created_by_id and notice.created_by != by else []
        notify(
            users=drafter,
            kind=Kind.RETURNED,
            title=f"Thông báo kết luận {notice.session} bị trả lại",
            body=note,
            url=url,
            commune=commune,
            key=f"notice:{notice.pk}:move:{step}",
        )
    elif to_status == NoticeStatus.ISSUED:
        for assignment in notice.assignments.select_related("unit"):
            notify(
                users=_unit_officials(commune, assignment.unit),
                kind=Kind.ASSIGNMENT_ISSUED,
                title=f"Thông báo số {notice.symbol} giao việc cho {assignment.unit.name}",
                body=f"{assignment.task[:300]}\nHạn hoàn thành: {assignment.deadline:%d/%m/%Y}.",
                url=url,
                commune=commune,
                key=f"assignment:{assignment.pk}:issued",
            )
