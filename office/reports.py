"""The report upward: every figure computed by the database (aggregates, no loops over rows).

`build_report(communes=, period=)` returns a plain dict that the page, the Excel export
and the PDF report all print, so the three always agree.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Count, DateTimeField, ExpressionWrapper, F, Min, Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone

from conclusions.enums import DONE_ASSIGNMENT_STATES, OPEN_ASSIGNMENT_STATES, AssignmentStatus
from conclusions.models import Assignment
from dialogue.exports import XlsxSheet, write_xlsx
from directory.models import Commune, Unit
from directory.numbering import number_line
from petitions.models import (
    GROUP_MIN_PEOPLE,
    OPEN_STATES,
    UNRESOLVED_STATES,
    Competence,
    Kind,
    Petition,
    ReportingField,
    Status,
    Topic,
)
from reception.models import DAYS_PER_MONTH, ReceptionDay, Visit
from sessions_app.enums import SessionStatus
from sessions_app.models import Participant, ParticipantGroup, Plan, Session, SessionTransition
from sessions_app.services import SHORT_LEAD_NOTE

from .periods import CUSTOM, cutoffs_by_commune, under_cutoff
from .statistics import statistics_tables

HELD_STATES = (SessionStatus.HELD, SessionStatus.CONCLUDED, SessionStatus.CLOSED)
#: A petition counted as resolved in the statistics tables: answered, or closed after an answer.
RESOLVED_STATES = (Status.ANSWERED, Status.CLOSED)


def commune_spans(communes, period):
    """[(Period, [commune ids])]: the communes of a report grouped by the dates they count over.

    Each commune counts PERIOD under its own cut-off rule (its own, else its province's); the
    group of PERIOD's own rule comes first. A custom range or a plan's period is one group. One
    query, whatever the number of communes: the report's queries then cost the same for one
    rule or three (an OR of one date range per rule, not a query per commune).
    """
    cutoffs = cutoffs_by_commune(communes)
    if period.start is None or period.kind == CUSTOM:
        return [(period, sorted(cutoffs))]
    groups = {}
    for pk, cutoff in sorted(cutoffs.items()):
        groups.setdefault(cutoff, []).append(pk)
    return sorted(
        ((under_cutoff(period, cutoff), ids) for cutoff, ids in groups.items()),
        key=lambda span: (span[0].cutoff != period.cutoff, span[0].cutoff),
    )


def _within(spans, date_field, commune_field):
    """Rows of the communes of SPANS dated within their own span's days."""
    # The commune ids as a literal list: PostgreSQL checks it against a hashed array per row,
    # cheaper over a million rows than a semi-join with the communes' subquery.
    cond = Q()
    for span, ids in spans:
        cond |= Q(**{f"{commune_field}__in": ids, f"{date_field}__range": (span.start, span.end)})
    return cond


def _all_ids(spans):
    return [pk for _, ids in spans for pk in ids]


def _sessions(spans, period):
    if period.plan is not None:
        return Session.objects.filter(plan__commune_id__in=_all_ids(spans), plan=period.plan)
    return Session.objects.filter(_within(spans, "period_start", "plan__commune_id"))


def _petitions(spans, period):
    if period.plan is not None:
        return Petition.objects.filter(commune_id__in=_all_ids(spans), session__plan=period.plan)
    return Petition.objects.filter(_within(spans, "received_on", "commune_id"))


def _months_of(period):
    """The reporting months of PERIOD (first day, last day) under its cut-off; [] for a plan."""
    if period.start is None:
        return []
    months, start = [], period.start
    while start <= period.end:
        end = min(start + relativedelta(months=1) - datetime.timedelta(days=1), period.end)
        months.append((start, end))
        start = end + datetime.timedelta(days=1)
    return months


def reception_figures(spans):
    """Reception days and visits of the communes of SPANS, each over its own span, and the
    leader's duty of DAYS_PER_MONTH days in each reporting month: the months short of it and
    the days missing (one commune's report). A plan's period has no dates: its reception
    figures are empty."""
    period = spans[0][0]
    commune_ids = _all_ids(spans)
    if period.start is None:
        empty = {"days": 0, "visits": 0, "people": 0, "group_visits": 0, "new": 0, "old": 0}
        return {**empty, "missing": [], "days_missing": 0, "by_outcome": []}
    days = ReceptionDay.objects.filter(_within(spans, "day", "commune_id"))
    visits = Visit.objects.filter(day__in=days)
    totals = visits.aggregate(
        visits=Count("pk"),
        people=Sum("people_count", default=0),
        group_visits=Count("pk", filter=Q(people_count__gte=GROUP_MIN_PEOPLE)),
        new=Count("pk", filter=Q(matter=Visit.Matter.NEW)),
        old=Count("pk", filter=Q(matter=Visit.Matter.OLD)),
    )
    outcomes = dict(visits.values_list("outcome").annotate(n=Count("pk")).order_by())
    # Days per (commune, day): a few dozen rows a commune a year, placed in their months here.
    per_day = list(days.values_list("commune_id", "day").annotate(n=Count("pk")).order_by())
    missing = []
    if len(commune_ids) == 1:
        for start, end in _months_of(period):
            held = sum(1 for _, day, _n in per_day if start <= day <= end)
            if held < DAYS_PER_MONTH:
                missing.append({"start": start, "end": end, "held": held, "missing": DAYS_PER_MONTH - held})
    return {
        "days": days.count(),
        **totals,
        "by_outcome": [(label, outcomes.get(key, 0)) for key, label in Visit.Outcome.choices],
        "missing": missing,
        "days_missing": sum(m["missing"] for m in missing),
    }


def _past_due(today):
    """Sessions whose time has passed: an exact date before TODAY, a month or quarter that ended."""
    return (
        Q(starts_at__isnull=False, period_start__lt=today)
        | Q(starts_at__isnull=True, month__isnull=False, period_start__lte=today - relativedelta(months=1))
        | Q(starts_at__isnull=True, month__isnull=True, period_start__lte=today - relativedelta(months=3))
    )


#: The columns of the communes side by side, on the page and in the Excel.
COMMUNE_COLUMNS = [
    "Xã, phường",
    "Số liệu tính",
    "Buổi theo kế hoạch",
    "Đã tổ chức",
    "Đến hạn chưa tổ chức",
    "Ý kiến, kiến nghị",
    "Quá hạn trả lời",
    "Ngày tiếp công dân",
    "Thiếu ngày tiếp",
    "Cần đôn đốc",
]


def commune_rows(spans, sessions, petitions, today):
    """The communes side by side (the province view): per commune the dates its figures cover
    (its own cut-off rule), its sessions planned, held and past due without being held, its
    petitions and open ones past their deadline, its reception days and the days missing from
    the duty; those behind on any of the three first, the most behind at the top. Three GROUP
    BYs and one pass over the reception days (a few per month)."""
    span_of = {pk: span for span, ids in spans for pk in ids}
    names = dict(Commune.objects.filter(pk__in=list(span_of)).values_list("pk", "name"))
    rows = {
        pk: {
            "commune_id": pk,
            "name": name,
            "dates": span_of[pk].dates_label,
            "planned": 0,
            "held": 0,
            "not_held": 0,
            "petitions": 0,
            "overdue": 0,
        }
        for pk, name in names.items()
    }
    not_held = ~Q(status__in=[*HELD_STATES, SessionStatus.CANCELLED]) & _past_due(today)
    for r in (
        sessions.values("plan__commune_id")
        .annotate(
            planned=Count("pk"),
            held=Count("pk", filter=Q(status__in=HELD_STATES)),
            not_held=Count("pk", filter=not_held),
        )
        .order_by()
    ):
        rows[r["plan__commune_id"]].update(planned=r["planned"], held=r["held"], not_held=r["not_held"])
    for r in (
        petitions.values("commune_id")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(status__in=OPEN_STATES, deadline__lt=today)))
        .order_by()
    ):
        rows[r["commune_id"]].update(petitions=r["n"], overdue=r["overdue"])
    months_of = {span.cutoff: _months_of(span) for span, _ in spans}
    held_days = {}
    if spans[0][0].start is not None:
        for commune_id, day in ReceptionDay.objects.filter(_within(spans, "day", "commune_id")).values_list(
            "commune_id", "day"
        ):
            held_days.setdefault(commune_id, []).append(day)
    for pk, row in rows.items():
        days = held_days.get(pk, [])
        months = months_of[span_of[pk].cutoff]
        row["reception_days"] = len(days)
        # Months still running count only when already short of what remains possible: a month in
        # progress is not "missing" yet.
        row["reception_missing"] = sum(
            max(DAYS_PER_MONTH - sum(1 for d in days if start <= d <= end), 0) for start, end in months if end < today
        )
        row["behind"] = [
            label
            for label, late in (
                ("chưa tổ chức buổi đến hạn", row["not_held"]),
                ("thiếu ngày tiếp công dân", row["reception_missing"]),
                ("có ý kiến quá hạn trả lời", row["overdue"]),
            )
            if late
        ]
    return sorted(
        rows.values(),
        key=lambda r: (-len(r["behind"]), -(r["not_held"] + r["reception_missing"] + r["overdue"]), r["name"]),
    )


def _day_after_as_utc(date_field, on_date):
    """The instant the local day after DATE_FIELD begins, as a UTC timestamp expression.

    `answered_at < _day_after_as_utc("deadline")` means "answered on or before the deadline
    day, local time" without converting every row's answered_at to the local zone (the
    `answered_at__date` lookup does, and it is the dearest part of a million-row report).
    The local zone's offset is taken on ON_DATE: exact for Asia/Ho_Chi_Minh (UTC+7 all year);
    in a zone with summer time it could misplace an answer given within an hour of midnight.
    """
    zone = timezone.get_current_timezone()
    offset = datetime.datetime.combine(on_date, datetime.time(12), zone).utcoffset()
    # Midnight UTC of the date (PostgreSQL casts in the connection's zone, which Django sets to UTC)
    # plus a day less the zone's offset.
    midnight = Cast(F(date_field), DateTimeField())
    return ExpressionWrapper(midnight + (datetime.timedelta(days=1) - offset), output_field=DateTimeField())


FIGURE_KEYS = (
    "total",
    "people",
    "group_petitions",
    "on_spot",
    "written_on_time",
    "written_late",
    "still_open",
    "open_overdue",
    "repeated_unresolved",
)


def _ranked(rows):
    """[(label, n)] without zeros, most first; ties by the sort key (the code, else the label)."""
    rows = [(row[0], row[1], row[2] if len(row) > 2 else row[0]) for row in rows]
    rows.sort(key=lambda row: (-row[1], row[2]))
    return [(label, n) for label, n, _ in rows if n]


def build_report(*, communes, period, today=None):
    """Every figure of the report for COMMUNES over PERIOD (see the module docstring)."""
    today = today or timezone.localdate()
    spans = commune_spans(communes, period)
    commune_ids = _all_ids(spans)
    sessions = _sessions(spans, period)
    petitions = _petitions(spans, period)

    session_totals = sessions.aggregate(
        planned=Count("pk"),
        held=Count("pk", filter=Q(status__in=HELD_STATES)),
        cancelled=Count("pk", filter=Q(status=SessionStatus.CANCELLED)),
    )
    through = Session.villages.through.objects.filter(session__in=sessions)
    by_village = list(
        through.values("village__commune__name", "village__kind", "village__name", "village__position")
        .annotate(planned=Count("session_id"), held=Count("session_id", filter=Q(session__status__in=HELD_STATES)))
        .order_by("village__commune__name", "village__position", "village__name")
    )

    # A province report lists communes, not their hundreds of villages (the Excel keeps both).
    by_commune = list(
        sessions.values("plan__commune__name")
        .annotate(planned=Count("pk"), held=Count("pk", filter=Q(status__in=HELD_STATES)))
        .order_by("plan__commune__name")
    )
    communes_side_by_side = commune_rows(spans, sessions, petitions, today) if len(commune_ids) > 1 else []

    attendance_rows = {
        row["group"]: row
        for row in Participant.objects.filter(session__in=sessions.filter(status__in=HELD_STATES))
        .values("group")
        .annotate(invited=Count("pk"), present=Count("pk", filter=Q(attended_at__isnull=False)))
        .order_by()
    }
    attendance = [
        (label, attendance_rows.get(key, {}).get("invited", 0), attendance_rows.get(key, {}).get("present", 0))
        for key, label in ParticipantGroup.choices
    ]
    attendance_total = (sum(r[1] for r in attendance), sum(r[2] for r in attendance))

    # One pass over the petitions: every figure per (topic, kind, competence) group, a few
    # hundred rows at most, summed up here; separate GROUP BYs would each scan the table again.
    topic_rows = Topic.objects.filter(Q(commune__isnull=True) | Q(commune__in=commune_ids))
    topics = dict(topic_rows.values_list("pk", "name"))
    topic_fields = dict(topic_rows.values_list("pk", "reporting_field_id"))
    written = Q(answered_at__isnull=False, answered_on_spot=False)
    deadline_over = _day_after_as_utc("deadline", period.start or today)
    groups = list(
        petitions.values("topic_id", "kind", "competence")
        .annotate(
            total=Count("pk"),
            on_spot=Count("pk", filter=Q(answered_on_spot=True)),
            written_on_time=Count("pk", filter=written & (Q(deadline__isnull=True) | Q(answered_at__lt=deadline_over))),
            written_late=Count("pk", filter=written & Q(answered_at__gte=deadline_over)),
            still_open=Count("pk", filter=Q(status__in=OPEN_STATES)),
            open_overdue=Count("pk", filter=Q(status__in=OPEN_STATES, deadline__lt=today)),
            repeated_unresolved=Count("pk", filter=Q(repeat_of__isnull=False, status__in=UNRESOLVED_STATES)),
            people=Sum("people_count"),
            group_petitions=Count("pk", filter=Q(people_count__gte=GROUP_MIN_PEOPLE)),
            new_matters=Count("pk", filter=Q(repeat_of__isnull=True)),
            old_matters=Count("pk", filter=Q(repeat_of__isnull=False)),
            resolved=Count("pk", filter=Q(status__in=RESOLVED_STATES)),
            transferred=Count("pk", filter=Q(status=Status.TRANSFERRED)),
            transferred_answered=Count("pk", filter=Q(status=Status.TRANSFERRED, transfer_replied_on__isnull=False)),
            transfer_overdue=Count(
                "pk",
                filter=Q(status=Status.TRANSFERRED, transfer_replied_on__isnull=True, transfer_reply_due__lt=today),
            ),
            closed_unresolved=Count("pk", filter=Q(status=Status.CLOSED_UNRESOLVED)),
            duplicate=Count("pk", filter=Q(status=Status.DUPLICATE)),
        )
        .order_by()
    )
    figures = {key: sum(g[key] for g in groups) for key in FIGURE_KEYS}

    def summed(column):
        totals = {}
        for g in groups:
            totals[g[column]] = totals.get(g[column], 0) + g["total"]
        return totals

    by_topic_ids = summed("topic_id")
    by_kind_keys, by_competence_keys = summed("kind"), summed("competence")
    by_topic = _ranked((topics.get(pk, "Khác"), n) for pk, n in by_topic_ids.items())
    by_kind = _ranked((label, by_kind_keys.get(key, 0), key) for key, label in Kind.choices)
    by_competence = _ranked((label, by_competence_keys.get(key, 0), key) for key, label in Competence.choices)
    # Grouped over the repeats themselves (few rows, read through the petition_repeat_report
    # index), then the twenty petitions raised most often are named.
    names = ("pk", "code", "content", "commune__name", "topic__name")
    repeated = [
        {**dict(zip(names, row[:-1], strict=True)), "times": row[-1]}
        for row in petitions.filter(repeat_of__isnull=False, status__in=UNRESOLVED_STATES)
        .values_list(*(f"repeat_of__{name}" for name in names))
        .annotate(times=Count("pk") + 1)
        .order_by("-times", "repeat_of__pk")[:20]
    ]

    reception = reception_figures(spans)

    assignments = Assignment.objects.followed().filter(notice__session__in=sessions)
    assignment_totals = assignments.aggregate(
        total=Count("pk"),
        # Done is confirmed by the office or a leader; a unit's own report waits for that.
        done=Count("pk", filter=Q(status__in=DONE_ASSIGNMENT_STATES)),
        awaiting=Count("pk", filter=Q(status=AssignmentStatus.DONE)),
        overdue=Count("pk", filter=Q(status__in=OPEN_ASSIGNMENT_STATES, deadline__lt=today)),
    )
    overdue_by_unit = list(
        assignments.filter(status__in=OPEN_ASSIGNMENT_STATES, deadline__lt=today)
        .values("unit__commune__name", "unit__name")
        .annotate(n=Count("pk"), oldest=Min("deadline"))
        .order_by("-n", "oldest", "unit__name")
    )
    for row in overdue_by_unit:
        row["days_late"] = (today - row["oldest"]).days

    # Held before the announcement's lead time had passed: the reason the office recorded (issue 10).
    held_early = list(
        SessionTransition.objects.filter(
            session__in=sessions, to_status=SessionStatus.HELD, note__startswith=SHORT_LEAD_NOTE
        )
        .select_related("session")
        .order_by("session__period_start", "pk")
    )

    return {
        "period_label": period.label,
        "period_dates": spans[0][0].dates_label,
        # Communes whose own cut-off rule gives other dates than PERIOD's: [(dates, number of communes)].
        "other_dates": [(span.dates_label, len(ids)) for span, ids in spans[1:]],
        "communes": list(communes.values_list("name", flat=True)) if hasattr(communes, "values_list") else [],
        "sessions": session_totals,
        "by_village": by_village,
        "by_commune": by_commune,
        "communes_side_by_side": communes_side_by_side,
        "attendance": attendance,
        "attendance_total": attendance_total,
        "petitions": figures,
        "by_topic": by_topic,
        "by_kind": by_kind,
        "by_competence": by_competence,
        "repeated": repeated,
        "assignments": assignment_totals,
        "overdue_by_unit": overdue_by_unit,
        "held_early": [{"session": str(t.session), "note": t.note} for t in held_early],
        "reception": reception,
        "tables": statistics_tables(
            groups=groups,
            topic_fields=topic_fields,
            reporting_fields=list(ReportingField.objects.values_list("pk", "name")),
            sessions=session_totals,
            attendance_total=attendance_total,
            reception=reception,
        ),
    }


def report_xlsx(report):
    """The report as an .xlsx workbook (bytes): the overall figures first, then a sheet per table.

    Written by dialogue.exports.write_xlsx: bold frozen headers, numbers as numbers, A4.
    """
    p = report["petitions"]
    s = report["sessions"]
    a = report["assignments"]
    title = f"Kết quả tiếp xúc, đối thoại trực tiếp với Nhân dân {report['period_label']}"

    # The second line names the dates the figures cover (blank for a calendar period).
    dates = f"Số liệu tính {report['period_dates']}" if report["period_dates"] else ""
    dates += "".join(f"; {n} xã, phường tính {other}" for other, n in report.get("other_dates", ()))

    def sheet(name, header, rows):
        return XlsxSheet(name, header, [list(r) for r in rows], title_rows=[[title], [dates]])

    sheets = [
        sheet(
            "Tổng hợp",
            ["Chỉ tiêu", "Số lượng"],
            [
                ("Số buổi theo kế hoạch", s["planned"]),
                ("Số buổi đã tổ chức", s["held"]),
                ("Số ý kiến, kiến nghị", p["total"]),
                ("Trả lời trực tiếp tại buổi", p["on_spot"]),
                ("Trả lời bằng văn bản đúng hạn", p["written_on_time"]),
                ("Trả lời bằng văn bản quá hạn", p["written_late"]),
                ("Đang xử lý", p["still_open"]),
                ("Đang xử lý, đã quá hạn", p["open_overdue"]),
                ("Nêu lại nhiều lần, chưa giải quyết dứt điểm", p["repeated_unresolved"]),
                ("Nhiệm vụ được giao", a["total"]),
                ("Nhiệm vụ đã hoàn thành (đã xác nhận)", a["done"]),
                ("Nhiệm vụ đơn vị báo hoàn thành, chờ xác nhận", a["awaiting"]),
                ("Nhiệm vụ quá hạn", a["overdue"]),
            ],
        ),
        sheet(
            "Buổi theo thôn, ấp",
            ["Xã", "Thôn, ấp", "Theo kế hoạch", "Đã tổ chức"],
            [
                (r["village__commune__name"], f"{r['village__kind']} {r['village__name']}", r["planned"], r["held"])
                for r in report["by_village"]
            ],
        ),
    ]
    if len(report["communes"]) > 1:
        sheets.append(
            sheet(
                "Các xã, phường",
                COMMUNE_COLUMNS,
                [
                    (
                        r["name"],
                        r["dates"],
                        r["planned"],
                        r["held"],
                        r["not_held"],
                        r["petitions"],
                        r["overdue"],
                        r["reception_days"],
                        r["reception_missing"],
                        "; ".join(r["behind"]),
                    )
                    for r in report["communes_side_by_side"]
                ],
            )
        )
    sheets += [
        sheet("Thành phần tham dự", ["Nhóm", "Được mời", "Có mặt"], report["attendance"]),
        sheet("Theo lĩnh vực", ["Lĩnh vực", "Số ý kiến"], report["by_topic"]),
        sheet("Theo loại", ["Loại", "Số ý kiến"], report["by_kind"]),
        sheet("Theo thẩm quyền", ["Thẩm quyền", "Số ý kiến"], report["by_competence"]),
        sheet(
            "Nhiệm vụ quá hạn",
            ["Xã", "Đơn vị", "Số nhiệm vụ", "Trễ nhiều nhất (ngày)"],
            [(r["unit__commune__name"], r["unit__name"], r["n"], r["days_late"]) for r in report["overdue_by_unit"]],
        ),
        sheet(
            "Nêu lại nhiều lần",
            ["Mã", "Xã", "Lĩnh vực", "Số lần", "Nội dung"],
            [(r["code"], r["commune__name"], r["topic__name"], r["times"], r["content"]) for r in report["repeated"]],
        ),
    ]
    period = f"Kỳ báo cáo: {report['period_label']}"
    if report["period_dates"]:
        period += f" ({report['period_dates']})"
    period += "".join(f"; {n} xã, phường tính {other}" for other, n in report.get("other_dates", ()))
    for table in report["tables"]:
        rows = [list(r) for r in table.rows]
        if table.total:
            rows.append(list(table.total))
        if table.note:
            rows += [[], [table.note]]
        sheets.append(
            XlsxSheet(
                table.title.split(".")[0], table.header, rows, title_rows=[[table.title], [period]], widths={0: 48}
            )
        )
    return write_xlsx(sheets)


# --- who issues the printed report ------------------------------------------------------

SIDE_SIGNATURE = {"state": ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), "party": ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")}


@dataclass
class ReportHeading:
    """What the printed report's header, number line and signature say.

    A commune's report is issued by its People's Committee (or the plan's issuer) and may take
    a BC number; a report across several communes of a province is printed under the
    provincial People's Committee's name, unnumbered, for that office to number and sign.
    """

    issuer: object  # directory.Unit, or None for a province-wide report
    side: str
    superior: str
    issuer_name: str
    number_line: str
    place: str
    recipient: str
    signing_authority: str
    signer_title: str
    signer_name: str
    #: Who else receives a copy ("Nơi nhận", after "Như trên"): the province's boards of the side.
    copies: tuple = ()

    @property
    def may_take_number(self):
        return self.issuer is not None


def _province_parts(name):
    """('tỉnh', 'Lâm Đồng') or ('thành phố', 'Hà Nội'), whether or not NAME carries the prefix."""
    for prefix in ("Tỉnh ", "Thành phố "):
        if name.lower().startswith(prefix.lower()):
            return prefix.strip().lower(), name[len(prefix) :]
    return "tỉnh", name


def default_issuer(commune, side=None):
    """The unit that issues COMMUNE's reports: its People's Committee, else its Party committee;
    SIDE "party" (or "state") asks for the Party committee (or the People's Committee) alone."""
    issuers = Unit.objects.filter(commune=commune).exclude(symbol_code="")
    if side is not None:
        kind = Unit.Kind.PARTY_COMMITTEE if side == "party" else Unit.Kind.PEOPLES_COMMITTEE
        return issuers.filter(kind=kind).order_by("position", "pk").first()
    return (
        issuers.filter(kind=Unit.Kind.PEOPLES_COMMITTEE).order_by("position", "pk").first()
        or issuers.filter(kind__in=Unit.ISSUER_KINDS).order_by("position", "pk").first()
    )


def report_heading(*, communes, plan=None, side=None):
    """The ReportHeading of a report over COMMUNES (one commune, or a province), or None when
    the commune has no issuing unit. Signature fields come from the plan reported on, else from
    the issuer's latest plan, else from the side's usual ones (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH,
    T/M BAN THƯỜNG VỤ / BÍ THƯ)."""
    communes = list(communes.select_related("province"))
    if len(communes) != 1:
        kind, place = _province_parts(communes[0].province.name)
        authority, title = SIDE_SIGNATURE["state"]
        return ReportHeading(
            issuer=None,
            side="state",
            superior="",
            issuer_name=f"ỦY BAN NHÂN DÂN {kind} {place}".upper(),
            number_line="Số:\u00a0\u00a0\u00a0\u00a0/BC-UBND",
            place=place,
            recipient="",
            signing_authority=authority,
            signer_title=title,
            signer_name="",
        )
    commune = communes[0]
    issuer = plan.issuer if plan is not None else default_issuer(commune, side=side)
    if issuer is None:
        return None
    side = issuer.side
    signed = plan or Plan.objects.filter(issuer=issuer).order_by("-year", "-pk").first()
    authority, title = SIDE_SIGNATURE[side]
    if signed is not None and signed.signer_title:
        authority, title = signed.signing_authority, signed.signer_title
    kind, name = _province_parts(commune.province.name)
    if side == "party":
        committee = "Thành ủy" if kind == "thành phố" else "Tỉnh ủy"
        recipient = f"Ban Thường vụ {committee} {name}"
        # Kết luận 215-KL/TW: the report goes to the internal-affairs and the propaganda and
        # mass-mobilisation boards too.
        copies = (f"Ban Nội chính {committee} {name}", f"Ban Tuyên giáo và Dân vận {committee} {name}")
    else:
        recipient = f"Ủy ban nhân dân {kind} {name}"
        copies = (f"Thanh tra {kind} {name}",)
    return ReportHeading(
        issuer=issuer,
        side=side,
        superior=issuer.header_superior,
        issuer_name=issuer.header_name or issuer.name.upper(),
        number_line=number_line(issuer=issuer, doc_type=REPORT_DOC_TYPE, number=None),
        place=plan.place if plan is not None and plan.place else commune.name,
        recipient=recipient,
        signing_authority=authority,
        signer_title=title,
        signer_name=signed.signer.full_name if signed is not None and signed.signer_id else "",
        copies=copies,
    )


REPORT_DOC_TYPE = "BC"
