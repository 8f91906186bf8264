"""Reporting periods: which days a report covers, under the commune's cut-off rule.

The Party side (Kết luận 215-KL/TW) reports monthly, for Q1, 6 months, 9 months, the year or ad
hoc; the State side (Thông tư 06/2025/TT-TTCP) Q1, 6 months, 9 months and the year. Both count
over local cut-off dates: with cut-off day N (2–28) a month M runs from day N of the month
before to day N−1 of M ("từ ngày 15 tháng trước đến ngày 14"), so the year 2026 runs from
15/12/2025 to 14/12/2026. Cut-off day 1 is the calendar month.

One function, `period_of(...)`, turns a kind, a year, a month, a custom range and a cut-off
day into a `Period` (first and last day, inclusive, and its Vietnamese name); it raises
`PeriodError` with a Vietnamese message for what cannot be a period.
"""

import datetime
from calendar import monthrange
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from dialogue.templatetags.vn import roman

CALENDAR = 1
MAX_CUTOFF_DAY = 28
MAX_CUSTOM_YEARS = 5

MONTH = "thang"
CUSTOM = "tuy_chon"

#: kind -> (first month, last month) of the year; MONTH and CUSTOM take their own bounds.
MONTH_SPANS = {
    "q1": (1, 3),
    "q2": (4, 6),
    "q3": (7, 9),
    "q4": (10, 12),
    "h1": (1, 6),
    "m9": (1, 9),
    "h2": (7, 12),
    "nam": (1, 12),
}

PERIOD_CHOICES = [
    ("nam", "Cả năm"),
    (MONTH, "Tháng"),
    ("q1", "Quý I"),
    ("h1", "6 tháng đầu năm"),
    ("m9", "9 tháng"),
    ("q2", "Quý II"),
    ("q3", "Quý III"),
    ("q4", "Quý IV"),
    ("h2", "6 tháng cuối năm"),
    (CUSTOM, "Đột xuất (chọn từ ngày, đến ngày)"),
]


class PeriodError(ValueError):
    """What cannot be a reporting period; the message says why, in Vietnamese."""


@dataclass
class Period:
    start: datetime.date | None
    end: datetime.date | None  # inclusive
    label: str
    plan: object = None
    kind: str = ""
    cutoff: int = CALENDAR

    @property
    def dates_label(self):
        """'từ ngày 15/12/2025 đến ngày 14/03/2026', or '' for a plan's period."""
        if self.start is None:
            return ""
        return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"

    def same_period_last_year(self):
        """The same period one year earlier (for the comparison column), or None for a plan."""
        if self.start is None:
            return None
        if self.kind == CUSTOM:
            start, end = self.start - relativedelta(years=1), self.end - relativedelta(years=1)
            return Period(start, end, _custom_label(start, end), kind=CUSTOM, cutoff=self.cutoff)
        # The named year is the year of the last day (a cut-off year starts in December before).
        month = self.end.month if self.kind == MONTH else None
        return period_of(self.kind, self.end.year - 1, month=month, cutoff=self.cutoff)


def check_cutoff(day):
    """DAY as a cut-off day, or PeriodError: every month has days 1 to 28."""
    if not isinstance(day, int) or not CALENDAR <= day <= MAX_CUTOFF_DAY:
        raise PeriodError(f"Ngày chốt số liệu phải từ 1 đến {MAX_CUTOFF_DAY} (1 là theo tháng dương lịch).")
    return day


def month_first_day(year, month, cutoff=CALENDAR):
    """The first day counted for MONTH of YEAR: the 1st, or day CUTOFF of the month before."""
    if cutoff == CALENDAR:
        return datetime.date(year, month, 1)
    before = datetime.date(year, month, 1) - relativedelta(months=1)
    return before.replace(day=cutoff)


def month_last_day(year, month, cutoff=CALENDAR):
    """The last day counted for MONTH of YEAR: the month's last day, or day CUTOFF−1."""
    if cutoff == CALENDAR:
        return datetime.date(year, month, monthrange(year, month)[1])
    return datetime.date(year, month, cutoff - 1)


def _name(kind, year, month=None):
    if kind == MONTH:
        return f"tháng {month} năm {year}"
    if kind in ("q1", "q2", "q3", "q4"):
        return f"quý {roman(int(kind[1]))} năm {year}"
    if kind == "h1":
        return f"6 tháng đầu năm {year}"
    if kind == "m9":
        return f"9 tháng năm {year}"
    if kind == "h2":
        return f"6 tháng cuối năm {year}"
    return f"năm {year}"


def _custom_label(start, end):
    return f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def period_of(kind, year=None, *, month=None, start=None, end=None, cutoff=CALENDAR):
    """The Period of KIND (a key of PERIOD_CHOICES) under cut-off day CUTOFF.

    MONTH takes YEAR and MONTH; CUSTOM takes START and END (inclusive, at most 5 years, the
    cut-off does not apply); every other kind takes YEAR. Raises PeriodError.
    """
    cutoff = check_cutoff(cutoff)
    if kind == CUSTOM:
        if start is None or end is None:
            raise PeriodError("Báo cáo đột xuất cần cả ngày bắt đầu và ngày kết thúc.")
        if end < start:
            raise PeriodError("Ngày kết thúc của kỳ báo cáo phải sau ngày bắt đầu.")
        if end >= start + relativedelta(years=MAX_CUSTOM_YEARS):
            raise PeriodError(f"Kỳ báo cáo đột xuất dài nhất {MAX_CUSTOM_YEARS} năm.")
        return Period(start, end, _custom_label(start, end), kind=CUSTOM, cutoff=cutoff)
    if year is None:
        raise PeriodError("Chọn năm báo cáo.")
    if kind == MONTH:
        if month is None or not 1 <= month <= 12:
            raise PeriodError("Chọn tháng báo cáo (từ 1 đến 12).")
        first = last = month
    elif kind in MONTH_SPANS:
        first, last = MONTH_SPANS[kind]
    else:
        raise PeriodError("Kỳ báo cáo không hợp lệ.")
    return Period(
        month_first_day(year, first, cutoff),
        month_last_day(year, last, cutoff),
        _name(kind, year, month),
        kind=kind,
        cutoff=cutoff,
    )


def under_cutoff(period, cutoff):
    """PERIOD as counted under cut-off day CUTOFF: the same kind, month and year with that rule's
    dates. A custom range (the cut-off does not apply) and a plan's period stay as they are."""
    if period.start is None or period.kind == CUSTOM or cutoff == period.cutoff:
        return period
    # The named year and month are those of the last day, whatever the rule.
    month = period.end.month if period.kind == MONTH else None
    return period_of(period.kind, period.end.year, month=month, cutoff=cutoff)


def plan_period(plan):
    """The period of a plan: its own sessions, named by the plan's period, never its title
    (a draft plan's name says "(Dự thảo)")."""
    label = plan.period_label or f"năm {plan.year}"
    if plan.number:
        label += f" (theo Kế hoạch số {plan.symbol})"
    return Period(None, None, label, plan)


def cutoff_of(communes):
    """The cut-off day of a report over COMMUNES: one commune's own rule, else its province's;
    several communes: their province's; calendar when none is set."""
    communes = list(communes.select_related("province")[:2])
    if not communes:
        return CALENDAR
    province = communes[0].province
    if len(communes) == 1 and communes[0].report_cutoff_day:
        return communes[0].report_cutoff_day
    return province.report_cutoff_day or CALENDAR


def cutoffs_by_commune(communes):
    """{commune id: its cut-off day} for COMMUNES (a queryset): its own rule, else its province's,
    else the calendar month. One query."""
    rows = communes.values_list("pk", "report_cutoff_day", "province__report_cutoff_day")
    return {pk: own or province or CALENDAR for pk, own, province in rows}
