"""Tasks of the task queue for the office: the files of a report over many communes."""

import dataclasses

from django.contrib.auth import get_user_model
from django.http import Http404, QueryDict
from django.utils import timezone
from huey.contrib.djhuey import db_task

from directory.audit import event_log
from directory.jobs import JobError, JobFile, job_run
from directory.models import Commune, Event

from .forms import ReportPrintForm
from .pdf import render_report
from .report_inputs import report_inputs
from .reports import build_report, report_heading, report_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@db_task()
def report_file_task(job_pk):
    """Make the Excel or draft PDF of the report job JOB_PK asks for, with the owner's rights."""

    def work(job, step):
        user = get_user_model().objects.filter(pk=job.owner_id).first()
        commune = Commune.objects.filter(pk=job.params.get("commune") or 0).first()
        params = QueryDict(job.params.get("query", ""))

        def refuse(text):
            raise JobError(text)

        try:
            form, communes, _, period = report_inputs(user=user, commune=commune, params=params, on_error=refuse)
        except Http404 as exc:
            raise JobError("Không còn xã nào trong phạm vi báo cáo của anh/chị.") from exc
        step(total=communes.count())
        data = build_report(communes=communes, period=period)
        step(done=communes.count())
        if job.params["format"] == "xlsx":
            event_log(user=user, action=Event.Action.EXPORTED, commune=commune, detail="report xlsx")
            return JobFile("bao-cao-doi-thoai.xlsx", report_xlsx(data), XLSX)
        heading = report_heading(communes=communes, plan=period.plan, side=form.cleaned_data.get("ben") or None)
        if heading is None:
            raise JobError("Xã chưa khai báo cơ quan ban hành văn bản.")
        printed = ReportPrintForm(job.params.get("printed") or {})
        if job.params.get("printed") and printed.is_valid():  # what the print form said, as on the page
            p = printed.cleaned_data
            heading = dataclasses.replace(
                heading, signing_authority=p["tham_quyen"], signer_title=p["chuc_vu"], signer_name=p["nguoi_ky"]
            )
            args = {"issued_on": p["ngay"], "recipient": p["kinh_gui"], "narrative": printed.narrative()}
        else:
            args = {"issued_on": timezone.localdate(), "recipient": heading.recipient}
        _, content = render_report(data, heading=heading, **args)
        event_log(user=user, action=Event.Action.PRINTED, commune=commune, detail="report pdf (draft)")
        return JobFile("bao-cao-doi-thoai-du-thao.pdf", content, "application/pdf")

    return job_run(job_pk, work)
