"""The reporting periods: every kind × cut-off rule × year boundary."""

import datetime

import pytest

from office.periods import CUSTOM, PeriodError, cutoff_of, period_of
from tests.factories import CommuneFactory

D = datetime.date

# kind, month, (calendar start, end), (cut-off 15 start, end), label — all of 2026.
CASES = [
    ("thang", 1, (D(2026, 1, 1), D(2026, 1, 31)), (D(2025, 12, 15), D(2026, 1, 14)), "tháng 1 năm 2026"),
    ("thang", 3, (D(2026, 3, 1), D(2026, 3, 31)), (D(2026, 2, 15), D(2026, 3, 14)), "tháng 3 năm 2026"),
    ("thang", 12, (D(2026, 12, 1), D(2026, 12, 31)), (D(2026, 11, 15), D(2026, 12, 14)), "tháng 12 năm 2026"),
    ("q1", None, (D(2026, 1, 1), D(2026, 3, 31)), (D(2025, 12, 15), D(2026, 3, 14)), "quý I năm 2026"),
    ("q2", None, (D(2026, 4, 1), D(2026, 6, 30)), (D(2026, 3, 15), D(2026, 6, 14)), "quý II năm 2026"),
    ("q3", None, (D(2026, 7, 1), D(2026, 9, 30)), (D(2026, 6, 15), D(2026, 9, 14)), "quý III năm 2026"),
    ("q4", None, (D(2026, 10, 1), D(2026, 12, 31)), (D(2026, 9, 15), D(2026, 12, 14)), "quý IV năm 2026"),
    ("h1", None, (D(2026, 1, 1), D(2026, 6, 30)), (D(2025, 12, 15), D(2026, 6, 14)), "6 tháng đầu năm 2026"),
    ("m9", None, (D(2026, 1, 1), D(2026, 9, 30)), (D(2025, 12, 15), D(2026, 9, 14)), "9 tháng năm 2026"),
    ("h2", None, (D(2026, 7, 1), D(2026, 12, 31)), (D(2026, 6, 15), D(2026, 12, 14)), "6 tháng cuối năm 2026"),
    ("nam", None, (D(2026, 1, 1), D(2026, 12, 31)), (D(2025, 12, 15), D(2026, 12, 14)), "năm 2026"),
]


@pytest.mark.parametrize(("kind", "month", "calendar", "cut15", "label"), CASES)
def test_every_period_kind_under_calendar_and_cutoff_15(kind, month, calendar, cut15, label):
    plain = period_of(kind, 2026, month=month)
    assert ((plain.start, plain.end), plain.label) == (calendar, label)
    cut = period_of(kind, 2026, month=month, cutoff=15)
    assert ((cut.start, cut.end), cut.label) == (cut15, label)
    assert cut.dates_label == f"từ ngày {cut15[0]:%d/%m/%Y} đến ngày {cut15[1]:%d/%m/%Y}"


@pytest.mark.parametrize(
    ("cutoff", "start", "end"),
    [
        (2, D(2025, 12, 2), D(2026, 12, 1)),
        (20, D(2025, 12, 20), D(2026, 12, 19)),
        (28, D(2025, 12, 28), D(2026, 12, 27)),
    ],
)
def test_other_cutoff_days_cross_the_year_boundary(cutoff, start, end):
    year = period_of("nam", 2026, cutoff=cutoff)
    assert (year.start, year.end) == (start, end)


def test_consecutive_cutoff_months_leave_no_day_out_and_count_none_twice():
    months = [period_of("thang", 2026, month=m, cutoff=15) for m in range(1, 13)]
    for before, after in zip(months, months[1:], strict=False):
        assert after.start - before.end == datetime.timedelta(days=1)
    assert sum((m.end - m.start).days + 1 for m in months) == 365


def test_nine_months_crossing_tet_counts_february_once():
    # Tết Bính Ngọ falls on 17/02/2026: the 9-month period runs through it in one piece.
    nine = period_of("m9", 2026, cutoff=15)
    assert (nine.start, nine.end) == (D(2025, 12, 15), D(2026, 9, 14))
    assert nine.start < D(2026, 2, 17) < nine.end
    assert (nine.end - nine.start).days + 1 == 274


def test_leap_year_february_and_the_nine_months():
    assert period_of("thang", 2028, month=2).end == D(2028, 2, 29)
    assert period_of("thang", 2027, month=2).end == D(2027, 2, 28)
    leap_feb = period_of("thang", 2028, month=3, cutoff=15)
    assert (leap_feb.start, leap_feb.end) == (D(2028, 2, 15), D(2028, 3, 14))
    assert (leap_feb.end - leap_feb.start).days + 1 == 29
    assert (period_of("m9", 2028).end - period_of("m9", 2028).start).days + 1 == 274


def test_same_period_last_year():
    last = period_of("thang", 2028, month=2).same_period_last_year()
    assert (last.start, last.end, last.label) == (D(2027, 2, 1), D(2027, 2, 28), "tháng 2 năm 2027")
    last = period_of("m9", 2026, cutoff=15).same_period_last_year()
    assert (last.start, last.end, last.label) == (D(2024, 12, 15), D(2025, 9, 14), "9 tháng năm 2025")


def test_custom_range():
    p = period_of(CUSTOM, start=D(2025, 12, 20), end=D(2026, 1, 5), cutoff=15)
    assert (p.start, p.end) == (D(2025, 12, 20), D(2026, 1, 5))
    assert p.label == "từ ngày 20/12/2025 đến ngày 05/01/2026"
    one_day = period_of(CUSTOM, start=D(2026, 3, 1), end=D(2026, 3, 1))
    assert (one_day.start, one_day.end) == (D(2026, 3, 1), D(2026, 3, 1))
    longest = period_of(CUSTOM, start=D(2024, 2, 29), end=D(2029, 2, 27))
    assert longest.end == D(2029, 2, 27)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "nam", "year": 2026, "cutoff": 0}, "Ngày chốt số liệu phải từ 1 đến 28"),
        ({"kind": "nam", "year": 2026, "cutoff": 29}, "Ngày chốt số liệu phải từ 1 đến 28"),
        ({"kind": CUSTOM, "start": D(2026, 3, 2), "end": D(2026, 3, 1)}, "phải sau ngày bắt đầu"),
        ({"kind": CUSTOM, "start": D(2021, 1, 1), "end": D(2026, 1, 1)}, "dài nhất 5 năm"),
        ({"kind": CUSTOM, "start": D(2026, 1, 1)}, "cần cả ngày bắt đầu và ngày kết thúc"),
        ({"kind": "thang", "year": 2026, "month": 13}, "Chọn tháng báo cáo"),
        ({"kind": "thang", "year": 2026}, "Chọn tháng báo cáo"),
        ({"kind": "q5", "year": 2026}, "Kỳ báo cáo không hợp lệ"),
    ],
)
def test_what_cannot_be_a_period_is_said(kwargs, message):
    with pytest.raises(PeriodError, match=message):
        period_of(**kwargs)


@pytest.mark.django_db
def test_cutoff_of_a_commune_else_its_province_else_calendar():
    commune = CommuneFactory()
    sibling = CommuneFactory(province=commune.province)
    both = type(commune).objects.filter(pk__in=[commune.pk, sibling.pk])
    one = type(commune).objects.filter(pk=commune.pk)
    assert cutoff_of(one) == 1
    commune.province.report_cutoff_day = 20
    commune.province.save()
    assert (cutoff_of(one), cutoff_of(both)) == (20, 20)
    commune.report_cutoff_day = 15
    commune.save()
    assert (cutoff_of(one), cutoff_of(both)) == (15, 20)
