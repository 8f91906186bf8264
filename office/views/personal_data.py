"""Pages of a citizen's personal data, reached from a request in the register (thin views).

Find what the commune holds about the person, download it as one workbook, and (for a request
to delete) anonymise the chosen records after a confirmation page.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from directory.audit import event_log_ids
from directory.models import DataRequest, Event
from directory.views import data_requests_for
from office.forms import AnonymiseForm, PersonSearchForm
from office.personal_data import (
    ERASABLE,
    PersonalDataError,
    found_records,
    person_anonymise,
    person_export_xlsx,
    person_find,
)

PHONE_IN_TEXT = re.compile(r"(?:\+?84|0)[\d .\-]{8,13}\d")


def _initial(data_request):
    """The request's person and the phone number written in its contact, if any."""
    phone = PHONE_IN_TEXT.search(data_request.contact or "")
    return {"ten": data_request.person_name, "dien_thoai": phone.group(0) if phone else ""}


def _search(request, data_request, data):
    form = PersonSearchForm(data)
    found = None
    if form.is_valid():
        try:
            found = person_find(
                commune=data_request.commune, name=form.cleaned_data["ten"], phone=form.cleaned_data["dien_thoai"]
            )
        except PersonalDataError as exc:
            form.add_error(None, str(exc))
    return form, found


@login_required
def person_data(request, pk):
    data_request = get_object_or_404(data_requests_for(request), pk=pk)
    form, found = _search(request, data_request, request.GET if "ten" in request.GET else _initial(data_request))
    records = found_records(found, data_request.commune) if found else {}
    for key, rows in records.items():
        if rows:
            event_log_ids(
                user=request.user,
                action=Event.Action.VIEWED_PERSONAL_DATA,
                obj=data_request,
                label=f"person {key}",
                ids=[r.pk for r in rows],
            )
    return render(
        request,
        "office/person_data.html",
        {
            "obj": data_request,
            "form": form,
            "found": found,
            "records": records,
            "can_anonymise": data_request.kind == DataRequest.Kind.DELETE,
        },
    )


@login_required
def person_data_export(request, pk):
    data_request = get_object_or_404(data_requests_for(request), pk=pk)
    form, found = _search(request, data_request, request.GET)
    if found is None:
        messages.error(request, " ".join(form.non_field_errors()) or "Tra cứu không hợp lệ.")
        return redirect("office:person_data", data_request.pk)
    filename, content = person_export_xlsx(found=found, commune=data_request.commune, user=request.user)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def person_data_anonymise(request, pk):
    data_request = get_object_or_404(data_requests_for(request), pk=pk)
    if data_request.kind != DataRequest.Kind.DELETE:
        messages.error(request, "Chỉ xóa thông tin cá nhân khi giải quyết yêu cầu xóa dữ liệu.")
        return redirect(data_request)
    _, found = _search(request, data_request, request.POST)
    form = AnonymiseForm(request.POST, found=found)
    if found is None or not form.is_valid():
        errors = [str(e) for errs in form.errors.values() for e in errs]
        messages.error(request, " ".join(errors) or "Lựa chọn không hợp lệ.")
        return redirect("office:person_data", data_request.pk)
    chosen = form.cleaned_data
    if not chosen["confirm"]:
        records = found_records(found, data_request.commune)
        return render(
            request,
            "office/person_anonymise_confirm.html",
            {
                "obj": data_request,
                "form": form,
                "petitions": [p for p in records["petitions"] if p.pk in chosen["petitions"]],
                "participants": [p for p in records["participants"] if p.pk in chosen["participants"]],
                "visits": [v for v in records["visits"] if v.pk in chosen["visits"]],
                "representatives": [r for r in records["representatives"] if r.pk in chosen["representatives"]],
            },
        )
    done = person_anonymise(
        commune=data_request.commune,
        user=request.user,
        petition_ids=chosen["petitions"],
        participant_ids=chosen["participants"],
        visit_ids=chosen["visits"],
        representative_ids=chosen["representatives"],
        data_request=data_request,
        reason=f"data request {data_request.pk}",
    )
    what = "; ".join(f"{done[key]} {label}" for key, label in ERASABLE.items() if done[key])
    messages.success(
        request,
        f"Đã xóa thông tin cá nhân khỏi: {what} (cả lịch sử thay đổi); đã xóa {done['attachments']} tệp đính kèm.",
    )
    return redirect(data_request)
