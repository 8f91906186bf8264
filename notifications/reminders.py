"""The reminder sweep (deadlines in 3 working days, deadlines passed) and the weekly digest.

Both run as periodic tasks (notifications/tasks.py) and may run as often as one likes: each
reminder has its key, so a sweep run again (or retried after its worker died) tells nobody
twice. The sweep reads only what is due: per commune, the routed petitions whose deadline
falls in the window (index petition_status_queue_order: commune, status, deadline), and the
open assignments likewise (index assignment_due).
"""

import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from conclusions.enums import AssignmentStatus
from conclusions.models import Assignment
from directory.models import Commune, Membership
from directory.permissions import users_with_role
from directory.workdays import add_working_days
from petitions.enums import Status
from petitions.models import Petition

from .enums import Kind
from .services import notify

R = Membership.Role
OFFICE = (R.STATE_OFFICE, R.PARTY_OFFICE)
#: Working days before a deadline that the unit is reminded.
SOON_DAYS = 3
#: A deadline passed up to this many days ago is still told (a sweep missed while the worker
#: was down); older ones were told already, and are not read again.
PASSED_WINDOW = datetime.timedelta(days=7)
OPEN_ASSIGNMENTS = (AssignmentStatus.OPEN, AssignmentStatus.IN_PROGRESS)


def reminders_sweep(*, today=None):
    """Tell units of deadlines in SOON_DAYS working days, and units and the office of deadlines
    passed. Returns the number of notifications written.

    Each commune's reminders are written in one transaction (one commit, not one per event;
    a worker killed midway leaves that commune's untold, and the next sweep tells them)."""
    today = today or timezone.localdate()
    written = 0
    for commune in Commune.objects.all():
        with transaction.atomic():
            written += _sweep_commune(commune, today)
    return written


def _sweep_commune(commune, today):
    written = 0
    soon = add_working_days(today, SOON_DAYS, commune)
    office = list(users_with_role(commune, *OFFICE))
    units = {}

    def officials(unit, commune=commune, units=units):
        if unit.pk not in units:
            units[unit.pk] = list(users_with_role(commune, R.UNIT_OFFICIAL, unit=unit))
        return units[unit.pk]

    petitions = Petition.objects.filter(
        commune=commune, status=Status.ROUTED, deadline__gte=today - PASSED_WINDOW, deadline__lte=soon
    ).select_related("unit")
    for p in petitions:
        if p.unit is None:
            continue
        url = reverse("petitions:detail", args=[p.pk])
        if p.deadline >= today:
            written += len(
                notify(
                    users=officials(p.unit),
                    kind=Kind.DEADLINE_SOON,
                    title=f"Ý kiến {p.code} đến hạn trả lời ngày {p.deadline:%d/%m/%Y}",
                    body=p.content[:300],
                    url=url,
                    commune=commune,
                    key=f"petition:{p.pk}:deadline:{p.deadline:%Y%m%d}:soon",
                )
            )
        else:
            written += len(
                notify(
                    users=officials(p.unit) + office,
                    kind=Kind.DEADLINE_PASSED,
                    title=f"Ý kiến {p.code} đã quá hạn trả lời ({p.deadline:%d/%m/%Y}) – {p.unit.name}",
                    body=p.content[:300],
                    url=url,
                    commune=commune,
                    key=f"petition:{p.pk}:deadline:{p.deadline:%Y%m%d}:passed",
                )
            )
    assignments = Assignment.objects.filter(
        notice__session__plan__commune=commune,
        status__in=OPEN_ASSIGNMENTS,
        deadline__gte=today - PASSED_WINDOW,
        deadline__lte=soon,
    ).select_related("unit", "notice")
    for a in assignments:
        url = reverse("conclusions:assignment_detail", args=[a.pk])
        passed = a.deadline < today
        written += len(
            notify(
                users=officials(a.unit) + (office if passed else []),
                kind=Kind.DEADLINE_PASSED if passed else Kind.DEADLINE_SOON,
                title=(
                    f"Nhiệm vụ của {a.unit.name} đã quá hạn ({a.deadline:%d/%m/%Y})"
                    if passed
                    else f"Nhiệm vụ của {a.unit.name} đến hạn ngày {a.deadline:%d/%m/%Y}"
                ),
                body=a.task[:300],
                url=url,
                commune=commune,
                key=f"assignment:{a.pk}:deadline:{a.deadline:%Y%m%d}:{'passed' if passed else 'soon'}",
            )
        )
    return written


def digest_rows(commune, *, today):
    """By unit: petitions raised in the last 7 days, answered in them, open and overdue now."""
    week_ago = today - datetime.timedelta(days=7)
    since = timezone.make_aware(datetime.datetime.combine(week_ago, datetime.time()))
    rows = (
        Petition.objects.filter(commune=commune)
        .values("unit__name")
        .annotate(
            raised=Count("pk", filter=Q(received_on__gt=week_ago)),
            answered=Count("pk", filter=Q(answered_at__gte=since)),
            overdue=Count("pk", filter=Q(status=Status.ROUTED, deadline__lt=today)),
        )
        .filter(Q(raised__gt=0) | Q(answered__gt=0) | Q(overdue__gt=0))
        .order_by("unit__name")
    )
    return [
        {"unit": r["unit__name"] or "Chưa giao đơn vị", **{k: r[k] for k in ("raised", "answered", "overdue")}}
        for r in rows
    ]


def weekly_digest(*, today=None):
    """The Monday digest for leaders and the office of each commune; once per ISO week."""
    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    written = 0
    for commune in Commune.objects.all():
        rows = digest_rows(commune, today=today)
        totals = {k: sum(r[k] for r in rows) for k in ("raised", "answered", "overdue")}
        lines = [
            f"{r['unit']}: tiếp nhận {r['raised']}, đã trả lời {r['answered']}, quá hạn {r['overdue']}" for r in rows
        ]
        written += len(
            notify(
                users=users_with_role(commune, R.LEADER, R.ADMIN, *OFFICE),
                kind=Kind.WEEKLY_DIGEST,
                title=(
                    f"Tổng hợp tuần {week}/{year} – {commune.name}: tiếp nhận {totals['raised']}, "
                    f"đã trả lời {totals['answered']}, quá hạn {totals['overdue']}"
                ),
                body="\n".join(lines) or "Không có ý kiến, kiến nghị mới, trả lời hay quá hạn trong tuần.",
                url=reverse("petitions:list"),
                commune=commune,
                key=f"digest:{commune.pk}:{year}-W{week:02d}",
            )
        )
    return written
