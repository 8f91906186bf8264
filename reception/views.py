"""The reception register's pages: the days (and a new one), one day with its visits (and a new one)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render

from dialogue.http import NotPermitted
from dialogue.views import no_commune
from directory.permissions import COMMUNE_READ_ROLES, can_manage, has_role

from .forms import ReceptionDayForm, VisitForm, representative_formset, representative_rows
from .models import ReceptionDay, Visit
from .services import ReceptionError, reception_day_create, reception_day_update, visit_record, visit_update


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
    formset = representative_formset(request.POST or None)
    if request.method == "POST":
        if not may_write:
            raise NotPermitted("Chỉ văn phòng của xã ghi sổ tiếp công dân.")
        if form.is_valid() & formset.is_valid():
            try:
                visit_record(
                    day=day, by=request.user, representatives=representative_rows(formset), **form.service_kwargs()
                )
            except (ReceptionError, ValidationError) as exc:
                form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, "Đã ghi lượt tiếp công dân.")
                return redirect(day)
    visits = day.visits.select_related("petition", "earlier_petition").prefetch_related("representatives")
    return render(
        request,
        "reception/day_detail.html",
        {"day": day, "visits": visits, "form": form, "formset": formset, "may_write": may_write},
    )


def _editable(request, obj, commune):
    if not can_manage(request.user, commune):
        raise NotPermitted("Chỉ văn phòng của xã sửa sổ tiếp công dân.")
    return obj


@login_required
def day_edit(request, pk):
    day = get_object_or_404(ReceptionDay.objects.visible_to(request.user).select_related("commune"), pk=pk)
    _editable(request, day, day.commune)
    form = ReceptionDayForm(request.POST or None, instance=day, commune=day.commune)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("day", "leader", "place", "kind", "note")}
        day.refresh_from_db()  # the form wrote into the instance: the door decides
        try:
            reception_day_update(obj=day, by=request.user, **data)
        except ReceptionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã sửa ngày tiếp công dân {day.day:%d/%m/%Y}.")
            return redirect(day)
    return render(
        request,
        "reception/edit.html",
        {"form": form, "title": "Sửa ngày tiếp công dân", "back": day.get_absolute_url()},
    )


@login_required
def visit_edit(request, pk):
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user).select_related("day__commune", "petition", "earlier_petition"), pk=pk
    )
    _editable(request, visit, visit.day.commune)
    initial = {"earlier_code": visit.earlier_petition.code if visit.earlier_petition else ""}
    form = VisitForm(request.POST or None, instance=visit, initial=initial, commune=visit.day.commune)
    formset = representative_formset(request.POST or None, visit=visit)
    if visit.petition_id:
        form.fields["topic"].disabled = True
        form.fields["topic"].help_text = f"Đã tiếp nhận thành ý kiến {visit.petition.code}."
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        data = form.service_kwargs()
        if visit.petition_id:
            data.pop("topic", None)
        visit.refresh_from_db()
        try:
            visit_update(obj=visit, by=request.user, representatives=representative_rows(formset), **data)
        except (ReceptionError, ValidationError) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, "Đã sửa lượt tiếp công dân.")
            return redirect(visit.day)
    return render(
        request,
        "reception/edit.html",
        {"form": form, "formset": formset, "title": "Sửa lượt tiếp công dân", "back": visit.day.get_absolute_url()},
    )
