"""The report upward (Báo cáo): the figures of a period on the page, in Excel and as a PDF."""

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from dialogue.documents.docx import docx_response
from dialogue.pdf import pdf_response
from directory.audit import event_log
from directory.models import Event, Membership
from directory.permissions import can_manage, has_role, is_province_user, report_communes
from sessions_app.models import Plan

from ..forms import ReportForm, ReportPrintForm
from ..models import IssuedReport
from ..pdf import render_report
from ..periods import cutoff_of, period_of, plan_period
from ..reports import build_report, report_heading, report_xlsx
from ..services import ReportError, report_issue


def _report_inputs(request):
    """(form, communes, plans, period) of the report asked for in request.GET.

    Bad input (a reversed or too long range, a month outside 1–12, ...) is said in a message
    and the year's report is shown instead."""
    communes = report_communes(request.user, request.commune)
    if not communes.exists():
        raise Http404("Không có xã để báo cáo")
    today = timezone.localdate()
    plans = Plan.objects.filter(commune__in=communes).select_related("issuer").order_by("-year", "-pk")
    xa = request.GET.get("xa") or ""
    if xa.isdigit():
        communes = communes.filter(pk=int(xa))
        if not communes.exists():
            raise Http404("Xã ngoài phạm vi")
    cutoff = cutoff_of(communes)
    default = {"nam": today.year, "ky": "nam", "thang": today.month, "xa": xa, "ben": request.GET.get("ben", "")}
    form = ReportForm(request.GET or default, cutoff=cutoff)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Kỳ báo cáo chưa hợp lệ: {error}")
        form = ReportForm(default, cutoff=cutoff)
        form.is_valid()
    data = form.cleaned_data
    plan = plans.filter(pk=data["ke_hoach"]).first() if data.get("ke_hoach") else None
    if plan is not None:
        period = plan_period(plan)
    else:
        period = data.get("period") or period_of("nam", today.year, cutoff=cutoff)
    return form, communes, plans, period


@login_required
def report(request):
    form, communes, plans, period = _report_inputs(request)
    data = build_report(communes=communes, period=period)
    # The same period of the previous year, on demand (a second report's queries).
    previous = period.same_period_last_year() if request.GET.get("so_sanh") else None
    prev = build_report(communes=communes, period=previous) if previous is not None else None
    heading = report_heading(communes=communes, plan=period.plan, side=form.cleaned_data.get("ben") or None)
    return render(
        request,
        "office/report.html",
        {
            "form": form,
            "r": data,
            "prev": prev,
            "compare": bool(request.GET.get("so_sanh")),
            "plans": plans,
            "query": request.GET.urlencode(),
            "province_user": is_province_user(request.user),
            "all_communes": report_communes(request.user, request.commune).select_related("province"),
            "bar_max": max([n for _, n in data["by_topic"]] or [1]),
            "heading": heading,
            "months": range(1, 13),
            "cutoff": cutoff_of(communes),
            "cutoff_settable": len(data["communes"]) == 1
            and has_role(request.user, request.commune, Membership.Role.ADMIN),
            "print_form": _print_form(request, heading) if heading else None,
            "issued_reports": _issued_reports(request).defer("pdf")[:20],
            "may_take_number": heading is not None
            and heading.may_take_number
            and can_manage(request.user, heading.issuer.commune, side=heading.issuer.side),
        },
    )


def _issued_reports(request):
    """The issued reports USER may read: those of the communes their report covers."""
    communes = report_communes(request.user, request.commune)
    return IssuedReport.objects.filter(commune__in=communes).select_related("issuer")


@login_required
def issued_report_pdf(request, pk):
    """A numbered report as it was issued: the stored bytes, whatever the figures are today."""
    issued = get_object_or_404(_issued_reports(request), pk=pk)
    event_log(user=request.user, action=Event.Action.PRINTED, commune=issued.commune, detail=f"report {issued.symbol}")
    return pdf_response(issued.filename, bytes(issued.pdf), inline=False)


@login_required
def issued_report_docx(request, pk):
    """A numbered report's .docx as it was issued (printed with its PDF, from the same figures)."""
    issued = get_object_or_404(_issued_reports(request), pk=pk)
    if not issued.docx:
        raise Http404("Báo cáo này được ban hành trước khi có bản Word")
    event_log(
        user=request.user, action=Event.Action.PRINTED, commune=issued.commune, detail=f"report docx {issued.symbol}"
    )
    return docx_response(issued.filename.removesuffix(".pdf") + ".docx", bytes(issued.docx))


@login_required
def report_excel(request):
    _, communes, _, period = _report_inputs(request)
    content = report_xlsx(build_report(communes=communes, period=period))
    event_log(user=request.user, action=Event.Action.EXPORTED, commune=request.commune, detail="report xlsx")
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="bao-cao-doi-thoai.xlsx"'
    return response


def _print_form(request, heading):
    """The report's print form: bound to a POST, else the defaults of HEADING (date: today)."""
    initial = {
        "ngay": timezone.localdate(),
        "kinh_gui": heading.recipient,
        "tham_quyen": heading.signing_authority,
        "chuc_vu": heading.signer_title,
        "nguoi_ky": heading.signer_name,
    }
    if request.method == "POST":
        return ReportPrintForm(request.POST)
    form = ReportPrintForm(initial)
    form.is_valid()
    return form


@login_required
def report_pdf(request):
    """The report as a PDF. GET and "In dự thảo" print it with a blank number; "Lấy số và in"
    (POST, office staff of the issuing commune) takes the next BC number of the issuer."""
    return _report_print(request, "pdf")


@login_required
def report_docx(request):
    """The report as .docx, as report_pdf: a draft, or "Lấy số và in" (both renderings are kept)."""
    return _report_print(request, "docx")


def _report_print(request, fmt):
    respond = pdf_response if fmt == "pdf" else (lambda name, content, inline=False: docx_response(name, content))
    form, communes, _, period = _report_inputs(request)
    heading = report_heading(communes=communes, plan=period.plan, side=form.cleaned_data.get("ben") or None)
    back = f"{reverse('office:report')}?{request.GET.urlencode()}"
    if heading is None:
        messages.error(request, "Xã chưa khai báo cơ quan ban hành văn bản.")
        return redirect(back)
    form = _print_form(request, heading)
    if not form.is_valid():
        messages.error(request, "Chưa in được báo cáo: " + " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    data = form.cleaned_data
    heading = dataclasses.replace(
        heading, signing_authority=data["tham_quyen"], signer_title=data["chuc_vu"], signer_name=data["nguoi_ky"]
    )
    report_data = build_report(communes=communes, period=period)
    print_args = {"heading": heading, "issued_on": data["ngay"], "recipient": data["kinh_gui"]}
    if request.method != "POST" or "lay_so" not in request.POST:
        filename, content = render_report(report_data, **print_args, fmt=fmt)
        event_log(
            user=request.user, action=Event.Action.PRINTED, commune=request.commune, detail=f"report {fmt} (draft)"
        )
        return respond(filename, content)
    try:
        _number, filename, content = report_issue(user=request.user, report=report_data, **print_args, fmt=fmt)
    except ReportError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    return respond(filename, content, inline=False)
