"""What a report is asked for (communes, plan, period) from its query string: for its page, and
for the task that makes a large report's file (office/tasks.py)."""

from django.http import Http404
from django.utils import timezone

from directory.permissions import report_communes
from sessions_app.models import Plan

from .forms import ReportForm
from .periods import cutoff_of, period_of, plan_period

#: A report over more communes than this (a province's) is made by the task queue, with a progress page.
REPORT_INLINE_COMMUNES = 5


def report_inputs(*, user, commune, params, on_error):
    """(form, communes, plans, period) of the report PARAMS ask USER for (COMMUNE: the active one).

    Bad input (a reversed or too long range, a month outside 1–12, ...) is told to ON_ERROR
    (a Vietnamese message) and the year's report is made instead."""
    communes = report_communes(user, commune)
    if not communes.exists():
        raise Http404("Không có xã để báo cáo")
    today = timezone.localdate()
    plans = Plan.objects.filter(commune__in=communes).select_related("issuer").order_by("-year", "-pk")
    xa = params.get("xa") or ""
    if xa.isdigit():
        communes = communes.filter(pk=int(xa))
        if not communes.exists():
            raise Http404("Xã ngoài phạm vi")
    cutoff = cutoff_of(communes)
    default = {"nam": today.year, "ky": "nam", "thang": today.month, "xa": xa, "ben": params.get("ben", "")}
    form = ReportForm(params or default, cutoff=cutoff)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                on_error(f"Kỳ báo cáo chưa hợp lệ: {error}")
        form = ReportForm(default, cutoff=cutoff)
        form.is_valid()
    data = form.cleaned_data
    plan = plans.filter(pk=data["ke_hoach"]).first() if data.get("ke_hoach") else None
    if plan is not None:
        period = plan_period(plan)
    else:
        period = data.get("period") or period_of("nam", today.year, cutoff=cutoff)
    return form, communes, plans, period
