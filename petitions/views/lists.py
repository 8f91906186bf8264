"""The lists of petitions: all of the commune, a unit's queue, approvals, repeated ones, the export."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from dialogue.paging import page_of
from dialogue.views import no_commune
from directory.models import Job, Unit
from directory.permissions import can_approve, can_manage, unit_ids_of
from sessions_app.models import Session

from .. import exports, services
from ..bulk import INLINE_MAX, LIST_ACTIONS, QUEUE_ACTIONS
from ..forms import BulkForm, topics_for
from ..models import Status
from ..querysets import apply_filters, keyset_page
from ._common import _filters_context, _has_petition_scope, _scoped
from .bulk import bulk_actions_for


def _bulk_context(request, only=None):
    """The bulk bar's form for the actions USER may take here (none: no checkboxes)."""
    actions = [a for a in bulk_actions_for(request.user, request.commune) if only is None or a[0] in only]
    if not actions:
        return {}
    return {
        "bulk_form": BulkForm(commune=request.commune, actions=actions),
        "bulk_actions": [a[0] for a in actions],
        "bulk_inline_max": INLINE_MAX,
    }


@login_required
def petition_list(request):
    if request.commune is None:
        return no_commune(request)
    qs = apply_filters(_scoped(request), request.GET).select_related("village", "topic", "unit", "session")
    sort = request.GET.get("sap_xep", "moi")
    rows, next_cursor = keyset_page(qs, sort, request.GET.get("sau"))
    query = request.GET.copy()
    query.pop("sau", None)
    context = {
        "rows": rows,
        "next_cursor": next_cursor,
        "base_query": query.urlencode(),
        "sort": sort,
        "today": timezone.localdate(),
        "can_intake": services.can_intake(request.user, request.commune),
        "can_export": _has_petition_scope(request),
        **_filters_context(request),
        **_bulk_context(request, only=LIST_ACTIONS),
    }
    return render(request, "petitions/petition_list.html", context)


@login_required
def petition_export(request):
    """The filtered list as Excel, written by the task queue: GET shows what will be exported and
    the user's recent exports; POST starts one and goes to its job's page (progress, download,
    retry). A user with no petition scope in the commune (a province user) gets 404, not an empty
    file that would read as "no petitions"; the lists stay open, empty."""
    if request.commune is None:
        return no_commune(request)
    if not _has_petition_scope(request):
        raise Http404
    if request.method == "POST":
        filters = exports.export_filters(request.POST)
        summary = "; ".join(f"{label}: {value}" for label, value in _summary(request, filters))
        back = reverse("petitions:list") + (f"?{urlencode(filters)}" if filters else "")
        job = exports.petition_export_start(
            user=request.user,
            commune=request.commune,
            params=filters,
            label=f"Xuất Excel ý kiến, kiến nghị ({summary})" if summary else "Xuất Excel toàn bộ ý kiến, kiến nghị",
            back_url=back,
        )
        if job is None:
            messages.error(request, "Không có ý kiến nào theo bộ lọc này để xuất.")
            return redirect(back)
        return redirect(job)
    filters = exports.export_filters(request.GET)
    context = {
        "filters": filters,
        "summary": _summary(request, filters),
        "jobs": Job.objects.filter(owner=request.user, commune=request.commune, kind=exports.KIND).order_by(
            "-created_at", "-pk"
        )[:5],
        "base_query": urlencode(filters),
    }
    return render(request, "petitions/export.html", context)


def _summary(request, filters):
    """The export's FILTERS as the page shows them: names, not ids."""
    names = {
        "buoi": {
            x.pk: x.display_title
            for x in Session.objects.in_commune(request.commune).filter(
                pk=filters.get("buoi") if str(filters.get("buoi", "")).isdigit() else None
            )
        },
        "thon": {v.pk: v.full_name for v in request.commune.villages.all()},
        "linh_vuc": {t.pk: t.name for t in topics_for(request.commune)},
        "don_vi": dict(Unit.objects.filter(commune=request.commune).values_list("pk", "name")),
        "trang_thai": dict(Status.choices),
    }
    rows = []
    for key, value in filters.items():
        if key not in exports.FILTER_LABELS:
            continue
        lookup = names.get(key)
        if lookup is not None:
            value = lookup.get(int(value) if value.isdigit() else value, value)
        rows.append((exports.FILTER_LABELS[key], "có" if key == "qua_han" else value))
    return rows


@login_required
def unit_queue(request):
    if request.commune is None:
        return no_commune(request)
    qs = _scoped(request).filter(status=Status.ROUTED, deadline__isnull=False)
    units = Unit.objects.filter(commune=request.commune, is_active=True)
    if not can_manage(request.user, request.commune) and not can_approve(request.user, request.commune):
        my_units = unit_ids_of(request.user, request.commune)
        qs = qs.filter(unit_id__in=my_units)
        units = units.filter(pk__in=my_units)
    unit = request.GET.get("don_vi", "")
    if unit.isdigit():
        qs = qs.filter(unit_id=int(unit))
    # A draft a leader returned shows its reason on the unit's queue.
    qs = qs.select_related("village", "topic", "unit", "session").with_draft()
    rows, next_cursor = keyset_page(qs, "han", request.GET.get("sau"), nulls=False)
    query = request.GET.copy()
    query.pop("sau", None)
    return render(
        request,
        "petitions/queue.html",
        {
            "rows": rows,
            "next_cursor": next_cursor,
            "base_query": query.urlencode(),
            "today": timezone.localdate(),
            "units": units,
            "unit": unit,
            **_bulk_context(request, only=QUEUE_ACTIONS),
        },
    )


@login_required
def approvals(request):
    """Leaders: petitions whose drafted answer awaits approval, nearest deadline first."""
    if request.commune is None:
        return no_commune(request)
    if not can_approve(request.user, request.commune):
        raise Http404
    # The draft text itself is on the list: approving does not need a click per petition to read it.
    qs = _scoped(request).awaiting_approval().select_related("village", "topic", "unit", "session").with_draft()
    rows, next_cursor = keyset_page(qs, "han", request.GET.get("sau"))
    return render(
        request,
        "petitions/approvals.html",
        {
            "rows": rows,
            "next_cursor": next_cursor,
            "base_query": "",
            "today": timezone.localdate(),
            **_bulk_context(request, only=("duyet",)),
        },
    )


@login_required
def repeated(request):
    if request.commune is None:
        return no_commune(request)
    qs = _scoped(request).repeated_unresolved(commune=request.commune).select_related("village", "topic", "unit")
    page = page_of(qs, request)
    return render(request, "petitions/repeated.html", {"rows": page.rows, "page": page})


@login_required
def transfers(request):
    """Petitions transferred to another body and still awaiting its reply, overdue ones first
    (`?qua_han=1`: only those past the reply's due date)."""
    if request.commune is None:
        return no_commune(request)
    today = timezone.localdate()
    qs = _scoped(request)
    qs = qs.transfers_overdue(today) if request.GET.get("qua_han") else qs.transfers_awaiting()
    rows = qs.select_related("topic")[:500]
    return render(
        request,
        "petitions/transfers.html",
        {"rows": rows, "today": today, "only_overdue": bool(request.GET.get("qua_han"))},
    )
