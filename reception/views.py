"""The reception register's pages: the days (and a new one), one day with its visits (and a new one)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render

from dialogue.http import NotPermitted
from dialogue.views import no_commune
from directory.permissions import COMMUNE_READ_ROLES, can_manage, has_role

from .forms import ReceptionDayForm, VisitForm
from .models import ReceptionDay
from .services import ReceptionError, reception_day_create, visit_record


@login_required
def day_list(request):
    commune = request.commune
    if commune is None:
        return no_commune(request)
    if not has_role(request.user, commune, *COMMUNE_READ_ROLES):
        raise NotPermitted("Sổ tiếp công dân chỉ văn phòng, lãnh đạo và Mặt trận xã xem.")
    may_write = can_manage(request.user, commune)
    form = ReceptionDayForm(request.POST or None, commune=commune)
    if request.method == "POST":
        if not may_write:
            raise NotPermitted("Chỉ văn phòng của xã ghi sổ tiếp công dân.")
        if form.is_valid():
            try:
                day = reception_day_create(commune=commune, by=request.user, **form.cleaned_data)
            except ReceptionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Đã ghi ngày tiếp công dân {day.day:%d/%m/%Y}.")
                return redirect(day)
    days = (
        ReceptionDay.objects.visible_to(request.user)
        .filter(commune=commune)
        .select_related("leader")
        .annotate(visits_n=Count("visits"), people_n=Sum("visits__people_count"))[:200]
    )
    return render(request, "reception/day_list.html", {"days": days, "form": form, "may_write": may_write})


@login_required
def day_detail(request, pk):
    day = get_object_or_404(ReceptionDay.objects.visible_to(request.user).select_related("leader", "commune"), pk=pk)
    may_write = can_manage(request.user, day.commune)
    form = VisitForm(request.POST or None, commune=day.commune)
    if request.method == "POST":
        if not may_write:
            raise NotPermitted("Chỉ văn phòng của xã ghi sổ tiếp công dân.")
        if form.is_valid():
            try:
                visit_record(day=day, by=request.user, **form.service_kwargs())
            except (ReceptionError, ValidationError) as exc:
                form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, "Đã ghi lượt tiếp công dân.")
                return redirect(day)
    visits = day.visits.select_related("petition", "earlier_petition")
    return render(
        request, "reception/day_detail.html", {"day": day, "visits": visits, "form": form, "may_write": may_write}
    )
