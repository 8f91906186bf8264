"""The dashboard: "Việc của tôi" first, then the commune's upcoming sessions and the plans of a year."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from conclusions.todo import conclusion_todo
from directory.models import Commune
from directory.permissions import COMMUNE_READ_ROLES, R, can_manage, has_role
from notifications.services import undelivered
from office.periods import MONTH, cutoff_of, period_of
from petitions.todo import petition_todo
from reception.models import DAYS_PER_MONTH, ReceptionDay
from sessions_app.models import Plan, Session
from sessions_app.todo import session_todo


def my_todo(user, commune):
    """The to-do panel: what waits for USER, by role, each a count and the list it opens."""
    items = petition_todo(user, commune) + session_todo(user, commune) + conclusion_todo(user, commune)
    if can_manage(user, commune):
        items.append(
            ("undelivered", "Thư, tin nhắn chưa gửi được", undelivered(commune), reverse("notifications:undelivered"))
        )
    return [{"key": key, "label": label, "count": qs.count(), "url": url} for key, label, qs, url in items]


def reception_duty(commune, today):
    """The leaders' reception days in the reporting month holding TODAY (the commune's cut-off rule):
    the days held, how many the duty (DAYS_PER_MONTH) still asks, and the days left to hold them."""
    cutoff = cutoff_of(Commune.objects.filter(pk=commune.pk))
    year, month = today.year, today.month
    if cutoff > 1 and today.day >= cutoff:  # from day N on, the days count for the next month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    period = period_of(MONTH, year, month=month, cutoff=cutoff)
    days = list(ReceptionDay.objects.held_between(commune, period.start, period.end))
    return {
        "period": period,
        "days": days,
        "required": DAYS_PER_MONTH,
        "missing": max(DAYS_PER_MONTH - len(days), 0),
        "days_left": (period.end - today).days,
    }


@login_required
def dashboard(request):
    commune = request.commune
    if commune is None:
        return render(request, "directory/no_commune.html")
    sessions = list(
        Session.objects.visible_to(request.user)
        .in_commune(commune)
        .upcoming()
        .select_related("plan__issuer", "chair")
        .prefetch_related("villages")[:20]
    )
    plan_years = list(
        Plan.objects.visible_to(request.user)
        .in_commune(commune)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        # The most recent year that has plans, not later than this one.
        year = next((y for y in plan_years if y <= this_year), this_year)
    plans = (
        Plan.objects.visible_to(request.user)
        .in_commune(commune)
        .filter(year=year)
        .select_related("issuer")
        .prefetch_related("sessions")
    )
    return render(
        request,
        "office/dashboard.html",
        {
            "todo": my_todo(request.user, commune),
            "sessions": sessions,
            "plans": plans,
            "year": year,
            "plan_years": sorted(set(plan_years) | {this_year}, reverse=True),
            "can_edit_commune": has_role(request.user, commune, R.ADMIN),
            "reception": reception_duty(commune, timezone.localdate())
            if has_role(request.user, commune, *COMMUNE_READ_ROLES)
            else None,
        },
    )
