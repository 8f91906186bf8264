"""The reminder sweep (deadlines in 3 working days, deadlines passed) and the weekly digest.

Both run as periodic tasks (notifications/tasks.py) and may run as often as one likes: each
reminder has its key, so a sweep run again (or retried after its worker died) tells nobody
twice. The sweep reads only what is due: per commune, the routed petitions whose deadline
falls in the window (index petition_status_queue_order: commune, status, deadline), and the
open assignments likewise (index assignment_due), a batch at a time (BATCH), each batch told
in one transaction.
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
from .services import Event, notify, notify_many

R = Membership.Role
OFFICE = (R.STATE_OFFICE, R.PARTY_OFFICE)
#: Working days before a deadline that the unit is reminded.
SOON_DAYS = 3
#: A deadline passed up to this many days ago is still told (a sweep missed while the worker
#: was down); older ones were told already, and are not read again.
PASSED_WINDOW = datetime.timedelta(days=7)
OPEN_ASSIGNMENTS = (AssignmentStatus.OPEN, AssignmentStatus.IN_PROGRESS)


#: Due records told per transaction: memory and a transaction's size stay bounded by this,
#: whatever the number of petitions in a commune.
BATCH = 500


def reminders_sweep(*, today=None):
    """Tell units of deadlines in SOON_DAYS working days, and units and the office of deadlines
    passed. Returns the number of notifications written.

    Commune by commune, the due records are read BATCH at a time (in the deadline index's
    order) and each batch is told in one transaction, in a fixed number of queries
    (services.notify_many); a worker killed midway leaves that batch untold, and the next sweep
    tells it (each reminder has its key, so nobody is told twice)."""
    today = today or timezone.localdate()
    written = 0
    for commune in Commune.objects.all():
        written += _sweep_commune(commune, today)
    return written


def _batches(qs, size=BATCH):
    """QS (due records) read SIZE at a time in the deadline index's order (deadline, newest id
    first): a keyset on (deadline, id), so no offset and no list of the whole window."""
    qs = qs.order_by("deadline", "-id")
    after = None
    while True:
        page = qs if after is None else qs.filter(Q(deadline__gt=after[0]) | Q(deadline=after[0], id__lt=after[1]))
        rows = list(page[:size])
        if not rows:
            return
        yield rows
        after = (rows[-1].deadline, rows[-1].pk)


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
    for batch in _batches(petitions):
        events = [_petition_event(p, today, officials, office) for p in batch if p.unit is not None]
        with transaction.atomic():
            written += len(notify_many(events, commune=commune))
    assignments = Assignment.objects.filter(
        notice__session__plan__commune=commune,
        status__in=OPEN_ASSIGNMENTS,
        deadline__gte=today - PASSED_WINDOW,
        deadline__lte=soon,
    ).select_related("unit")
    for batch in _batches(assignments):
        events = [_assignment_event(a, today, officials, office) for a in batch]
        with transaction.atomic():
            written += len(notify_many(events, commune=commune))
    return written


def _petition_event(p, today, officials, office):
    url = reverse("petitions:detail", args=[p.pk])
    if p.deadline >= today:
        return Event(
            users=officials(p.unit),
            kind=Kind.DEADLINE_SOON,
            title=f"Ý kiến {p.code} đến hạn trả lời ngày {p.deadline:%d/%m/%Y}",
            body=p.content[:300],
            url=url,
            key=f"petition:{p.pk}:deadline:{p.deadline:%Y%m%d}:soon",
        )
    return Event(
        users=officials(p.unit) + office,
        kind=Kind.DEADLINE_PASSED,
        title=f"Ý kiến {p.code} đã quá hạn trả lời ({p.deadline:%d/%m/%Y}) – {p.unit.name}",
        body=p.content[:300],
        url=url,
        key=f"petition:{p.pk}:deadline:{p.deadline:%Y%m%d}:passed",
    )


def _assignment_event(a, today, officials, office):
    passed = a.deadline < today
    return Event(
        users=officials(a.unit) + (office if passed else []),
        kind=Kind.DEADLINE_PASSED if passed else Kind.DEADLINE_SOON,
        title=(
            f"Nhiệm vụ của {a.unit.name} đã quá hạn ({a.deadline:%d/%m/%Y})"
            if passed
            else f"Nhiệm vụ của {a.unit.name} đến hạn ngày {a.deadline:%d/%m/%Y}"
        ),
        body=a.task[:300],
        url=reverse("conclusions:assignment_detail", args=[a.pk]),
        key=f"assignment:{a.pk}:deadline:{a.deadline:%Y%m%d}:{'passed' if passed else 'soon'}",
    )


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
