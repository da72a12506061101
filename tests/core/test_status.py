"""DESIGN.md §5: statuses as of a date, and KPIs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import parse

from tracker.core.model import Status
from tracker.reports.evaluation import evaluate
from tracker.reports.tasks import kpi_report

D = dt.date
AS_OF = D(2025, 6, 15)
HEADER = [
    "Mã",
    "Nội dung",
    "Cơ quan chủ trì",
    "Thời hạn",
    "Tình trạng",
    "Tỷ lệ hoàn thành",
    "Ngày hoàn thành",
    "Ngày giao",
    "Thời hạn điều chỉnh",
]


def task(
    deadline: Any = None,
    status: Any = None,
    progress: Any = None,
    done: Any = None,
    assigned: Any = None,
    revised: Any = None,
    lead: str = "Bộ Công an",
) -> list[Any]:
    return ["T", "Việc", lead, deadline, status, progress, done, assigned, revised]


def status_of(row: list[Any], as_of: dt.date = AS_OF, window: int = 7) -> tuple[Status, Any]:
    (result,) = evaluate(parse({"Nhiệm vụ": [HEADER, row]}), as_of, window).tasks
    return result.status, result.days_overdue


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # completed, with a completion date on or before / after the deadline
        (task("10/06/2025", "Hoàn thành", done="10/06/2025"), Status.DONE_ON_TIME),
        (task("01/06/2025", "Hoàn thành", done="10/06/2025"), Status.DONE_LATE),
        # completed, no dated deadline
        (task("Thường xuyên", "Hoàn thành"), Status.DONE_ON_TIME),
        (task("Sớm", "Xong"), Status.DONE_ON_TIME),
        # completed, no completion date: on time while A <= deadline, undated after
        (task("15/06/2025", "Đã hoàn thành"), Status.DONE_ON_TIME),
        (task("14/06/2025", "Đã hoàn thành"), Status.DONE_UNDATED),
        # completion from progress 100 % or a completion date alone
        (task("30/06/2025", "Đang thực hiện", progress="100%"), Status.DONE_ON_TIME),
        (task("01/06/2025", None, done="02/06/2025"), Status.DONE_LATE),
        # not completed
        (task("14/06/2025", "Đang thực hiện"), Status.OVERDUE),
        (task("15/06/2025", "Hoàn thành một phần"), Status.DUE_SOON),
        (task("22/06/2025"), Status.DUE_SOON),
        (task("23/06/2025"), Status.IN_PROGRESS),
        (task("Thường xuyên"), Status.ONGOING),
        (task("Sớm"), Status.NO_DEADLINE),
        (task(None), Status.NO_DEADLINE),
        (task("chưa rõ"), Status.NO_DEADLINE),
        (task("đầu năm 2025"), Status.OVERDUE),  # approximate counts as dated
        (task("31/12/2024", "Dừng thực hiện"), Status.CANCELLED),
        (task("31/12/2024", "Cơ bản hoàn thành"), Status.OVERDUE),
        # the agency's own words never override the computed status
        (task("31/12/2024", "Đúng tiến độ"), Status.OVERDUE),
        # a revised deadline is the effective one
        (task("01/06/2025", revised="30/06/2025"), Status.IN_PROGRESS),
    ],
)
def test_status_rules(row: list[Any], expected: Status) -> None:
    assert status_of(row)[0] is expected


def test_days_overdue_in_calendar_days_and_null_otherwise() -> None:
    assert status_of(task("05/06/2025")) == (Status.OVERDUE, 10)
    assert status_of(task("30/06/2025")) == (Status.IN_PROGRESS, None)


def test_due_soon_window() -> None:
    assert status_of(task("25/06/2025"), window=10)[0] is Status.DUE_SOON
    assert status_of(task("25/06/2025"), window=9)[0] is Status.IN_PROGRESS
    assert status_of(task("15/06/2025"), window=0)[0] is Status.DUE_SOON


def test_as_of_a_past_date() -> None:
    row = task("01/06/2025", "Hoàn thành", done="10/06/2025", assigned="01/03/2025")
    assert status_of(row, D(2025, 6, 12))[0] is Status.DONE_LATE
    assert status_of(row, D(2025, 6, 5)) == (Status.OVERDUE, 4)  # completed after A: not yet
    assert status_of(row, D(2025, 5, 1))[0] is Status.IN_PROGRESS
    workbook = parse({"Nhiệm vụ": [HEADER, row]})
    assert evaluate(workbook, D(2025, 2, 28)).tasks == []  # assigned after A: not yet there


def test_done_undated_is_a_warning() -> None:
    workbook = parse({"Nhiệm vụ": [HEADER, task("14/06/2025", "Đã hoàn thành")]})
    evaluation = evaluate(workbook, AS_OF)
    assert [(p.sheet, p.row, p.column, p.severity.value) for p in evaluation.problems] == [
        ("Nhiệm vụ", 2, "G", "warning")
    ]


def _rows(*specs: tuple[str, list[Any]]) -> dict[str, list[list[Any]]]:
    rows = [HEADER]
    for n, (task_id, row) in enumerate(specs):
        rows.append([task_id or f"T{n}", *row[1:]])
    return {"Nhiệm vụ": rows}


def test_kpis_on_time_rate_and_collective_groups() -> None:
    workbook = parse(
        _rows(
            ("A", task("30/06/2025", "Hoàn thành", done="01/06/2025")),
            ("B", task("01/06/2025", "Hoàn thành", done="10/06/2025")),
            ("C", task("01/06/2025")),
            ("D", task("01/06/2025", "Hủy")),
            ("E", task("Thường xuyên", lead="Bộ Tư pháp")),
            ("F", task("01/06/2025", lead="các bộ, ngành")),
            ("G", task("01/06/2025", lead="Bộ Tài nguyên và Môi trường")),
            ("H", task("01/07/2025", lead="Bộ TN&MT", assigned="01/01/2025")),
        )
    )
    report = kpi_report(evaluate(workbook, AS_OF), "lead")
    groups = {g["key"]: g for g in report["groups"]}  # type: ignore[attr-defined]
    bca = groups["BCA"]
    assert bca["counts"]["done_on_time"] == 1 and bca["counts"]["cancelled"] == 1
    assert bca["total"] == 4
    assert bca["on_time_rate"] == pytest.approx(1 / 3)  # cancelled left out
    assert groups["BTP"]["on_time_rate"] is None  # nothing dated: null, not 0
    assert set(groups["BTP"]["counts"]) == {s.value for s in Status}
    assert groups["ALL_MINISTRIES"]["total"] == 1  # its own group, in no member's KPIs
    assert groups["BNNMT"]["total"] == 2  # BTNMT's tasks belong to its successor in 2025
    assert "BTNMT" not in groups
    overall = report["overall"]
    assert overall["total"] == 8  # type: ignore[index]
    assert report["groups"][-1]["key"] == "ALL_MINISTRIES"  # type: ignore[index]


def test_kpi_by_program_and_meeting_and_blank_lead() -> None:
    workbook = parse(
        {
            "Nhiệm vụ": [
                ["Mã", "Nội dung", "Cơ quan chủ trì", "Thời hạn", "Đề án", "Phiên họp"],
                ["A", "x", "BCA", "01/01/2030", "Đề án 06", "PH1"],
                ["B", "x", None, "01/01/2030", None, None],
            ]
        }
    )
    evaluation = evaluate(workbook, AS_OF)
    by_program = kpi_report(evaluation, "program")["groups"]
    assert [(g["key"], g["name"]) for g in by_program] == [  # type: ignore[attr-defined]
        ("Đề án 06", "Đề án 06"),
        (None, "Chưa xác định"),
    ]
    by_lead = kpi_report(evaluation, "lead")["groups"]
    assert [(g["key"], g["name"]) for g in by_lead] == [  # type: ignore[attr-defined]
        ("BCA", "Bộ Công an"),
        (None, "Chưa xác định"),
    ]
    by_meeting = kpi_report(evaluation, "meeting")["groups"]
    assert [g["key"] for g in by_meeting] == ["PH1", None]  # type: ignore[attr-defined]


def test_unknown_agencies_group_under_their_own_name() -> None:
    from tracker.reports.tasks import overdue_report

    workbook = parse(
        {
            "Nhiệm vụ": [
                ["Mã", "Nội dung", "Cơ quan chủ trì", "Thời hạn"],
                ["U1", "x", "Sở Y tế Hà Nội", "01/01/2025"],
                ["U2", "x", None, "01/01/2025"],
                ["U3", "x", "BCA", "01/01/2025"],
            ]
        }
    )
    evaluation = evaluate(workbook, AS_OF)
    groups = kpi_report(evaluation, "lead")["groups"]
    assert [(g["key"], g["name"], g["total"]) for g in groups] == [  # type: ignore[attr-defined]
        ("BCA", "Bộ Công an", 1),
        (None, "Sở Y tế Hà Nội", 1),
        (None, "Chưa xác định", 1),
    ]
    overdue = overdue_report(evaluation)["groups"]
    assert {(g["lead_current"], g["name"]) for g in overdue} == {  # type: ignore[attr-defined]
        ("BCA", "Bộ Công an"),
        (None, "Sở Y tế Hà Nội"),
        (None, "Chưa xác định"),
    }
