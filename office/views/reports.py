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
from directory.jobs import job_start
from directory.models import Event, Membership
from directory.permissions import can_manage, has_role, is_province_user, report_communes

from ..forms import ReportPrintForm
from ..models import IssuedReport
from ..pdf import render_report
from ..periods import cutoff_of
from ..report_inputs import REPORT_INLINE_COMMUNES, report_inputs
from ..reports import build_report, report_heading, report_xlsx
from ..services import ReportError, report_issue


def _report_inputs(request):
    """(form, communes, plans, period) of the report asked for in request.GET (report_inputs)."""
    return report_inputs(
        user=request.user,
        commune=request.commune,
        params=request.GET,
        on_error=lambda text: messages.error(request, text),
    )


def _as_job(request, kind, communes, printed=None):
    """A report over more than REPORT_INLINE_COMMUNES communes is made by the task queue: its job.
    PRINTED: what the print form said (date, addressee, signature, the office's sections), for the PDF."""
    if communes.count() <= REPORT_INLINE_COMMUNES:
        return None
    label = {"xlsx": "Báo cáo (Excel)", "pdf": "Báo cáo (PDF, bản chưa có số)"}[kind]
    job = job_start(
        owner=request.user,
        kind=f"office.report_{kind}",
        label=f"{label}: {communes.count()} xã, phường",
        task="office.tasks.report_file_task",
        params={
            "format": kind,
            "query": request.GET.urlencode(),
            "commune": getattr(request.commune, "pk", None),
            **({"printed": printed} if printed else {}),
        },
        commune=request.commune,
        back_url=f"{reverse('office:report')}?{request.GET.urlencode()}",
    )
    return redirect(job)


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
    job = _as_job(request, "xlsx", communes)
    if job is not None:
        return job
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
    print_args = {
        "heading": heading,
        "issued_on": data["ngay"],
        "recipient": data["kinh_gui"],
        "narrative": form.narrative(),
    }
    if request.method != "POST" or "lay_so" not in request.POST:
        if fmt == "pdf":
            printed = {**data, "ngay": data["ngay"].strftime("%d/%m/%Y")} if request.method == "POST" else None
            job = _as_job(request, "pdf", communes, printed=printed)
            if job is not None:
                return job
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
