"""One bulk action on the petitions ticked in a list (the list, the unit's queue, the approvals page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dialogue.views import no_commune
from directory.jobs import job_start
from directory.permissions import can_approve, unit_ids_of

from .. import bulk, services
from ..forms import BulkForm
from ..models import Petition


def bulk_actions_for(user, commune):
    """The bulk actions USER may start in COMMUNE, as (value, label) choices."""
    allowed = []
    if services.can_intake(user, commune):
        allowed += ["phan-loai", "giao", "trung", "chuyen-don-vi"]
    if services.can_intake(user, commune) or unit_ids_of(user, commune):
        allowed.append("soan-mau")  # the office, and the officials of a unit, draft answers
    if can_approve(user, commune):
        allowed.append("duyet")
    return [(a, bulk.ACTIONS[a]) for a in bulk.ACTIONS if a in allowed]


def _back(request):
    back = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) and back.startswith("/"):
        return back
    return reverse("petitions:list")


def _ids(request):
    ids = []
    for value in request.POST.getlist("chon"):
        if value.isdigit() and int(value) not in ids:
            ids.append(int(value))
    return ids


@login_required
@require_POST
def petitions_bulk(request):
    """Apply one action to the ticked petitions: each through its door, one transaction each.

    A few are done at once and the message says how many moved and which could not (why);
    more than bulk.INLINE_MAX run as a background job, whose page shows the same summary.
    """
    if request.commune is None:
        return no_commune(request)
    actions = bulk_actions_for(request.user, request.commune)
    if not actions:
        raise Http404
    back = _back(request)
    form = BulkForm(request.POST, commune=request.commune, actions=actions)
    ids = _ids(request)
    if not form.is_valid():
        errors = [str(m) for field in form.errors.values() for m in field]
        messages.error(request, " ".join(errors))
        return redirect(back)
    if not ids:
        messages.error(request, "Chưa chọn ý kiến nào.")
        return redirect(back)
    if len(ids) > bulk.BULK_MAX:
        messages.error(request, f"Chọn nhiều nhất {bulk.BULK_MAX} ý kiến cho một lần.")
        return redirect(back)
    data = form.cleaned_data
    action = data["action"]
    params = {}
    if action == "phan-loai":
        params = {"topic": data["topic"].pk, "kind": data["kind"], "competence": data["competence"]}
    elif action in ("giao", "chuyen-don-vi"):
        params = {"unit": data["unit"].pk, "deadline": data["deadline"].isoformat() if data["deadline"] else ""}
    elif action == "soan-mau":
        params = {"template": data["template"].pk}
    elif action == "trung":
        value = data["other"].strip()
        scoped = Petition.objects.visible_to(request.user).filter(commune=request.commune)
        of = scoped.filter(code=value).first() or (scoped.filter(pk=int(value)).first() if value.isdigit() else None)
        if of is None:
            messages.error(request, "Không tìm thấy ý kiến gốc (nhập mã tiếp nhận).")
            return redirect(back)
        params = {"of": of.pk}
    label = bulk.ACTIONS[action]
    if len(ids) > bulk.INLINE_MAX:
        job = job_start(
            owner=request.user,
            kind="petitions.bulk",
            label=f"{label}: {len(ids)} ý kiến",
            task="petitions.tasks.petitions_bulk_task",
            params={"action": action, "ids": ids, "params": params, "reason": data["reason"]},
            commune=request.commune,
            total=len(ids),
            back_url=back,
        )
        return redirect(job)
    try:
        result = bulk.petitions_bulk_apply(
            by=request.user, action=action, ids=ids, params=params, reason=data["reason"]
        )
    except services.PetitionError as e:
        messages.error(request, str(e))
        return redirect(back)
    text = f"{label}: {bulk.summary(result, len(ids))}"
    (messages.success if not result["refused"] else messages.warning)(request, text)
    return redirect(back)
