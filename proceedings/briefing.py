"""The leader's briefing pack before a session: what stands unresolved in its villages (reads only).

Seed 000 §III.1: the leader is briefed on the long-unresolved matters of the villages. Every read
goes through the user's scope (`visible_to`), so the pack never shows what its reader may not see.
"""

from django.db.models import Count, F, Q
from django.utils import timezone

from conclusions.enums import AssignmentStatus, NoticeStatus
from conclusions.models import Assignment, ConclusionNotice
from directory.permissions import can_approve, can_manage
from petitions.enums import FINAL_STATES, Status
from petitions.models import Petition
from sessions_app.models import Session

from .services import HELD_STATES

#: Rows of each list the page shows at most (the lists say when there are more).
LIMIT = 200


def can_read_briefing(user, commune):
    """The leaders and the offices (either side) read the briefing pack; nobody else."""
    return can_manage(user, commune) or can_approve(user, commune)


def last_session_results(session, user, villages):
    """The last held session before SESSION sharing one of its VILLAGES, with the results of its
    petitions raised in those villages and of its notice's assignments; or None."""
    last = (
        Session.objects.visible_to(user)
        .filter(villages__in=villages, status__in=HELD_STATES, period_start__lte=session.period_start)
        .exclude(pk=session.pk)
        .distinct()
        .select_related("plan__issuer")
        .order_by("-period_start", "-pk")
        .first()
    )
    if last is None:
        return None
    petitions = Petition.objects.visible_to(user).filter(session=last, village__in=villages)
    counts = petitions.aggregate(
        total=Count("pk", distinct=True),
        on_spot=Count("pk", filter=Q(answered_on_spot=True), distinct=True),
        answered=Count("pk", filter=Q(status__in=(Status.ANSWERED, *FINAL_STATES)), distinct=True),
    )
    counts["open"] = counts["total"] - counts["answered"]
    notice = ConclusionNotice.objects.visible_to(user).issued().filter(session=last).order_by("issued_on").first()
    assignments = None
    if notice is not None:
        assignments = Assignment.objects.filter(notice=notice).aggregate(
            total=Count("pk"), done=Count("pk", filter=Q(status=AssignmentStatus.DONE))
        )
    return {"session": last, "petitions": counts, "notice": notice, "assignments": assignments}


def briefing_pack(session, user):
    """{"villages", "open", "repeated", "overdue", "last", "today", "more_*"} for SESSION, as USER may see it.

    - open: petitions of the session's villages still open (received, classified, routed), not of
      this session itself, the nearest deadline first (those without one last, on every database);
    - repeated: those villages' petitions raised two or more times and not settled
      (`repeated_unresolved`, the "nêu nhiều lần" list);
    - overdue: assignments of earlier issued notices, past their deadline, whose session covered
      one of the villages or which answer a petition of one of them;
    - last: the last held session in those villages and its results.
    """
    today = timezone.localdate()
    villages = list(session.villages.all())
    petitions = Petition.objects.visible_to(user).filter(village__in=villages)
    open_rows = list(
        petitions.open()
        .exclude(session=session)
        .select_related("village", "topic", "unit")
        .order_by(F("deadline").asc(nulls_last=True), "received_on", "pk")[: LIMIT + 1]
    )
    repeated = list(petitions.repeated_unresolved().select_related("village", "topic", "unit")[: LIMIT + 1])
    overdue = list(
        Assignment.objects.visible_to(user)
        .filter(notice__status=NoticeStatus.ISSUED)
        .overdue(today)
        .filter(Q(notice__session__villages__in=villages) | Q(petitions__village__in=villages))
        .exclude(notice__session=session)
        .distinct()
        .select_related("unit", "notice__issuer", "notice__session")
        .order_by("deadline", "pk")[: LIMIT + 1]
    )
    return {
        "today": today,
        "villages": villages,
        "open": open_rows[:LIMIT],
        "more_open": len(open_rows) > LIMIT,
        "repeated": repeated[:LIMIT],
        "more_repeated": len(repeated) > LIMIT,
        "overdue": overdue[:LIMIT],
        "more_overdue": len(overdue) > LIMIT,
        "last": last_session_results(session, user, villages),
        "limit": LIMIT,
    }
