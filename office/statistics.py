"""The fixed statistics tables of the report, as the upper levels read them ("Biểu 1" to "Biểu 4").

Each table is a plain `StatTable` (title, header, rows, total row) built from the few grouped
rows `reports.build_report` has already read (one row per topic, kind and competence), so
building them reads nothing more from the database. The page, the Excel workbook (one sheet
per table) and the PDF print the same tables with one loop each.
"""

from dataclasses import dataclass, field

from petitions.models import GROUP_MIN_PEOPLE, Competence, Kind

#: Result columns of "Biểu 3": (key of the grouped row, header). They add up to the total.
RESULT_COLUMNS = (
    ("resolved", "Đã giải quyết"),
    ("still_open", "Đang giải quyết"),
    ("transferred", "Đã chuyển cơ quan khác"),
    ("closed_unresolved", "Kết thúc, chưa giải quyết được"),
    ("duplicate", "Trùng ý kiến đã có"),
)

#: Keys every grouped row carries for these tables (reports.build_report annotates them).
GROUP_KEYS = (
    "total",
    "people",
    "group_petitions",
    "new_matters",
    "old_matters",
    "resolved",
    "still_open",
    "open_overdue",
    "transferred",
    "transferred_answered",
    "transfer_overdue",
    "closed_unresolved",
    "duplicate",
    "on_spot",
    "written_on_time",
    "written_late",
)


@dataclass
class StatTable:
    key: str
    title: str
    header: list
    rows: list = field(default_factory=list)
    total: list | None = None
    note: str = ""


def _sum(groups, key, **match):
    return sum(g[key] for g in groups if all(g[k] == v for k, v in match.items()))


def _percent(part, whole):
    return f"{100 * part / whole:.1f}".replace(".", ",") if whole else "–"


#: Biểu 2's row for the petitions whose topic is counted under no reporting field.
UNFILED = "Chưa xếp lĩnh vực báo cáo"


def statistics_tables(*, groups, topic_fields, reporting_fields, sessions, attendance_total, reception):
    """The four tables of a report: GROUPS are the grouped petition rows (keys GROUP_KEYS plus
    topic_id, kind, competence), TOPIC_FIELDS {topic pk: reporting field pk or None},
    REPORTING_FIELDS [(pk, name)] in the forms' order, SESSIONS the session totals."""
    total = _sum(groups, "total")
    summary = StatTable(
        key="bieu-1",
        title="Biểu 1. Tổng hợp tiếp xúc, đối thoại và tiếp nhận ý kiến, kiến nghị",
        header=["Chỉ tiêu", "Số lượng"],
        rows=[
            ["Số buổi tiếp xúc, đối thoại theo kế hoạch", sessions["planned"]],
            ["Số buổi đã tổ chức", sessions["held"]],
            ["Số lượt người tham dự", attendance_total[1]],
            ["Số ngày lãnh đạo tiếp công dân", reception["days"]],
            ["Số lượt tiếp công dân", reception["visits"]],
            ["Số người được tiếp", reception["people"]],
            ["Số đoàn đông người được tiếp", reception["group_visits"]],
            ["– Lượt tiếp vụ việc mới", reception["new"]],
            ["– Lượt tiếp vụ việc cũ", reception["old"]],
            ["Số ngày tiếp còn thiếu so với quy định (2 ngày/tháng)", reception["days_missing"]],
            ["Số ý kiến, kiến nghị (vụ việc) tiếp nhận", total],
            ["– Vụ việc mới", _sum(groups, "new_matters")],
            ["– Vụ việc cũ (đã nêu trước đây)", _sum(groups, "old_matters")],
            ["Số người nêu ý kiến, kiến nghị", _sum(groups, "people")],
            [f"Số ý kiến của đoàn đông người (từ {GROUP_MIN_PEOPLE} người)", _sum(groups, "group_petitions")],
        ],
    )

    kinds = list(Kind.choices)
    # Every field of the forms, in their order (the upper level adds the communes' tables up row
    # by row), each topic's petitions under the field it is mapped to; unmapped ones apart.
    filed = [{**g, "field": topic_fields.get(g["topic_id"])} for g in groups]
    fields = list(reporting_fields)
    if any(g["field"] is None for g in filed):
        fields.append((None, UNFILED))

    def field_row(pk, name):
        return [
            name,
            _sum(filed, "total", field=pk),
            *(_sum(filed, "total", field=pk, kind=key) for key, _ in kinds),
        ]

    by_kind = StatTable(
        key="bieu-2",
        title="Biểu 2. Phân loại ý kiến, kiến nghị theo loại và lĩnh vực",
        header=["Lĩnh vực", "Tổng số", *(label for _, label in kinds)],
        rows=[field_row(pk, name) for pk, name in fields],
        total=["Tổng cộng", total, *(_sum(groups, "total", kind=key) for key, _ in kinds)],
    )

    def result_row(label, **match):
        return [
            label,
            _sum(groups, "total", **match),
            *(_sum(groups, key, **match) for key, _ in RESULT_COLUMNS[:2]),
            _sum(groups, "open_overdue", **match),
            _sum(groups, "transferred", **match),
            _sum(groups, "transferred_answered", **match),
            *(_sum(groups, key, **match) for key, _ in RESULT_COLUMNS[3:]),
        ]

    results = StatTable(
        key="bieu-3",
        title="Biểu 3. Kết quả giải quyết theo thẩm quyền",
        header=[
            "Thẩm quyền",
            "Tổng số",
            "Đã giải quyết",
            "Đang giải quyết",
            "Trong đó quá hạn",
            "Đã chuyển cơ quan khác",
            "Trong đó cơ quan nhận đã trả lời",
            "Kết thúc, chưa giải quyết được",
            "Trùng ý kiến đã có",
        ],
        rows=[result_row(label, competence=key) for key, label in Competence.choices],
        total=result_row("Tổng cộng"),
        note="Đã giải quyết: đã trả lời (tại buổi hoặc bằng văn bản) hoặc đã kết thúc.",
    )

    on_spot, on_time, late = (_sum(groups, k) for k in ("on_spot", "written_on_time", "written_late"))
    overdue = _sum(groups, "open_overdue")
    in_time = _sum(groups, "still_open") - overdue
    timeliness = StatTable(
        key="bieu-4",
        title="Biểu 4. Thời hạn giải quyết, trả lời",
        header=["Chỉ tiêu", "Số ý kiến", "Tỷ lệ (%)"],
        rows=[
            [label, n, _percent(n, total)]
            for label, n in (
                ("Trả lời trực tiếp tại buổi", on_spot),
                ("Trả lời bằng văn bản đúng hạn", on_time),
                ("Trả lời bằng văn bản quá hạn", late),
                ("Đang giải quyết, trong hạn", in_time),
                ("Đang giải quyết, đã quá hạn", overdue),
                ("Đã chuyển cơ quan khác, quá hạn chưa có trả lời", _sum(groups, "transfer_overdue")),
            )
        ],
        note="Tỷ lệ tính trên tổng số ý kiến, kiến nghị tiếp nhận trong kỳ.",
    )
    return [summary, by_kind, results, timeliness]
