"""The lists of petitions: all of the commune, a unit's queue, approvals, repeated ones, the export."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dialogue.views import no_commune
from directory.audit import event_log_ids
from directory.models import Event, Unit
from directory.permissions import can_approve, can_manage, unit_ids_of

from .. import services
from ..bulk import INLINE_MAX
from ..forms import BulkForm
from ..models import Status
from ..querysets import apply_filters, keyset_page
from ..resources import export_xlsx
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
        **_bulk_context(request, only=("phan-loai", "giao", "trung")),
    }
    return render(request, "petitions/petition_list.html", context)


@login_required
def petition_export(request):
    """The filtered list as Excel. A user with no petition scope in the commune (a province user)
    gets 404, not an empty file that would read as "no petitions"; the lists stay open, empty."""
    if request.commune is None:
        return no_commune(request)
    if not _has_petition_scope(request):
        raise Http404
    qs = apply_filters(_scoped(request), request.GET).select_related("village", "topic", "unit", "session")
    filename, data = export_xlsx(qs.order_by("-received_on", "-id"))
    # Law 91/2025: who exported citizens' data is logged, by record id (never the data itself).
    ids = qs.values_list("pk", flat=True)
    event_log_ids(user=request.user, action=Event.Action.EXPORTED, commune=request.commune, label="petitions", ids=ids)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
    qs = qs.select_related("village", "topic", "unit", "session")
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
        },
    )


@login_required
def approvals(request):
    """Leaders: petitions whose drafted answer awaits approval, nearest deadline first."""
    if request.commune is None:
        return no_commune(request)
    if not can_approve(request.user, request.commune):
        raise Http404
    qs = _scoped(request).awaiting_approval().select_related("village", "topic", "unit", "session")
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
    rows = _scoped(request).repeated_unresolved().select_related("village", "topic", "unit")[:500]
    return render(request, "petitions/repeated.html", {"rows": rows})


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
