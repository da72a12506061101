"""DESIGN.md §2: the workbook layout, header matching, rows and problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import HEADER, parse

from tracker.core.assignments import parse_progress, reported_cancelled, reported_completed
from tracker.core.model import DeadlineKind, Severity
from tracker.core.rows import RawWorkbook
from tracker.core.workbook import parse_workbook
from tracker.sources import read_workbook


def problems(workbook: Any) -> list[tuple[str, int | None, str | None, str]]:
    return [(p.sheet, p.row, p.column, p.severity.value) for p in workbook.problems]


def row(
    task_id: str,
    title: str = "Việc",
    lead: str = "Bộ Công an",
    deadline: Any = "31/12/2025",
    **more: Any,
) -> list[Any]:
    return [task_id, title, lead, more.get("co"), deadline, more.get("status"), more.get("done")]


def test_assignment_tab_by_name_and_by_headers() -> None:
    wb = parse(
        {
            "Nhiệm vụ": [HEADER, row("A1")],
            "Phiên 2 (16-10-2024)": [HEADER, row("B1")],
            "Assignments": [HEADER, row("C1")],
            "Hướng dẫn": [["Cách điền bảng"], ["Mã: mã nhiệm vụ"]],
            "Thống kê": [["Mã", "Nội dung", "Số lượng"], ["x", "y", 3]],  # lacks lead and deadline
        }
    )
    assert [(a.id, a.sheet) for a in wb.assignments] == [
        ("A1", "Nhiệm vụ"),
        ("B1", "Phiên 2 (16-10-2024)"),
        ("C1", "Assignments"),
    ]
    assert wb.problems == []


def test_tab_names_match_whole_cell_after_normalising() -> None:
    wb = parse({"NHIEM VU": [HEADER, row("A1")], "Nhiệm vụ (cập nhật)": [HEADER, row("A2")]})
    assert [a.id for a in wb.assignments] == ["A1", "A2"]


def test_header_row_below_titles_blank_rows_and_merged_cells(xlsx: Callable[..., Path]) -> None:
    path = xlsx(
        {
            "Phiên 1": [
                ["DANH MỤC NHIỆM VỤ"],
                ["(Kèm theo Thông báo số 467/TB-VPCP)"],
                [],
                ["STT", *HEADER, "Ghi chú nội bộ"],
                [1, *row("PH1-01"), "gọi lại"],
                [],
                [2, *row("PH1-02")],
                [None, None, None, None, None, None, None, None],
            ]
        },
        merges={"Phiên 1": ["A1:H1", "A2:H2"]},
    )
    wb = parse_workbook(read_workbook(str(path)))
    assert [(a.id, a.sheet_row) for a in wb.assignments] == [("PH1-01", 5), ("PH1-02", 7)]
    assert wb.assignments[0].extra == {"STT": 1.0, "Ghi chú nội bộ": "gọi lại"}
    assert wb.problems == []


def test_two_level_header_under_a_merged_cell(xlsx: Callable[..., Path]) -> None:
    path = xlsx(
        {
            "Tasks": [
                ["Mã", "Nội dung", "Cơ quan", None, "Thời hạn"],
                [None, None, "Chủ trì", "Phối hợp", None],
                ["X1", "Việc", "Bộ Tư pháp", "Bộ Công an", "31/12/2025"],
            ]
        },
        merges={"Tasks": ["C1:D1"]},
    )
    wb = parse_workbook(read_workbook(str(path)))
    (task,) = wb.assignments
    assert (task.sheet_row, task.lead, task.co) == (3, "BTP", ("BCA",))


def test_headers_match_whole_cells_never_substrings() -> None:
    wb = parse(
        {
            "Nhiệm vụ": [
                ["ID", "Task", "Owner", "Gia hạn", "Hạn", "Tình trạng theo dõi", "Tình trạng"],
                ["A1", "Việc", "BCA", "31/01/2026", "31/12/2025", "Quá hạn", "Đang thực hiện"],
            ]
        }
    )
    (task,) = wb.assignments
    assert task.deadline.day == dt.date(2026, 1, 31)  # Gia hạn is the revised deadline
    assert task.deadline_original and task.deadline_original.day == dt.date(2025, 12, 31)
    assert task.deadline_text == "31/12/2025"
    assert task.reported_status == "Đang thực hiện"  # not the tracker's own column


def test_headers_in_english_and_with_notes_and_odd_spacing() -> None:
    wb = parse(
        {
            "Sheet1": [
                [
                    "  id ",
                    "TITLE",
                    "Lead",
                    "Deadline (theo KL)",
                    "Completed on",
                    "Tiến độ (%)",
                    "Progress",
                ],
                ["A1", "Việc", "BCA", "31/12/2025", None, "80%", "10%"],
            ]
        }
    )
    (task,) = wb.assignments
    assert (task.id, task.progress, task.deadline.day) == ("A1", 80.0, dt.date(2025, 12, 31))
    # a second column with the same meaning is kept aside and named in a warning
    assert task.extra == {"Progress": "10%"}
    assert [(p.row, p.column, p.severity.value) for p in wb.problems] == [(1, "G", "warning")]


def test_rows_keep_sheet_row_numbers_and_every_problem_names_its_cell() -> None:
    wb = parse(
        {
            "Nhiệm vụ": [
                ["Tiêu đề"],
                HEADER,
                row("A1", deadline="31/02/2024"),
                row(None, title=None),  # type: ignore[arg-type]
                row("A3", done="hôm qua"),
                row("A4", lead="Sở Nội vụ tỉnh Y", deadline="chưa rõ"),
            ]
        }
    )
    assert [a.sheet_row for a in wb.assignments] == [3, 4, 5, 6]  # nothing dropped
    assert problems(wb) == [
        ("Nhiệm vụ", 3, "E", "error"),  # impossible deadline date
        ("Nhiệm vụ", 4, "A", "error"),  # missing id
        ("Nhiệm vụ", 4, "B", "error"),  # missing title
        ("Nhiệm vụ", 5, "G", "error"),  # unreadable completion date, treated as blank
        ("Nhiệm vụ", 6, "C", "warning"),  # unknown agency, kept verbatim
        ("Nhiệm vụ", 6, "E", "warning"),  # unparsed deadline
    ]
    assert wb.assignments[2].completed_on is None
    assert (wb.assignments[3].lead, wb.assignments[3].lead_text) == (None, "Sở Nội vụ tỉnh Y")
    assert all(p.message for p in wb.problems)


def test_rows_shorter_or_longer_than_the_header_are_read_alike() -> None:
    # The Sheets API leaves out a row's trailing blank cells; a row may also run past the
    # header. Each is read as if padded with blanks, and a cell past the header is kept.
    full = row("A1", co="Bộ Tư pháp", status="Đang thực hiện")
    wb = parse(
        {
            "Nhiệm vụ": [
                HEADER,
                full,
                ["A2", "Việc", "Bộ Công an"],  # no deadline, co-agency or status
                ["A3", *full[1:6], None, "ghi thêm"],  # one cell past the header
                ["A4"],
            ]
        }
    )
    a1, a2, a3, a4 = wb.assignments
    assert (a2.id, a2.lead, a2.co, a2.reported_status) == ("A2", "BCA", (), None)
    assert a2.deadline.kind is DeadlineKind.NONE
    assert (a3.co, a3.reported_status, a3.deadline) == (a1.co, a1.reported_status, a1.deadline)
    assert a3.extra == {}  # an unheaded column is not an unknown header's column
    assert (a4.id, a4.title, a4.lead) == ("A4", None, None)
    assert [(p.row, p.column) for p in wb.problems] == [
        (3, "E"),  # no deadline
        (5, "B"),  # no title
        (5, "C"),  # no lead
        (5, "E"),  # no deadline
    ]


def test_duplicate_ids_across_tabs_are_errors_on_both_rows() -> None:
    wb = parse({"Nhiệm vụ": [HEADER, row("A1"), row("A2")], "Đề án 06": [HEADER, row("A1")]})
    assert len(wb.assignments) == 3
    dupes = [p for p in wb.problems if "trùng" in p.message]
    assert [(p.sheet, p.row, p.column) for p in dupes] == [
        ("Nhiệm vụ", 2, "A"),
        ("Đề án 06", 2, "A"),
    ]
    assert all(p.severity is Severity.ERROR for p in dupes)


def test_missing_required_column_is_a_tab_error_and_rows_are_kept() -> None:
    wb = parse({"Nhiệm vụ": [["Mã", "Nội dung", "Cơ quan chủ trì"], ["A1", "Việc", "BCA"]]})
    assert [a.id for a in wb.assignments] == ["A1"]
    assert [(p.sheet, p.row, p.severity.value) for p in wb.problems] == [
        ("Nhiệm vụ", None, "error")
    ]
    assert "Thời hạn" in wb.problems[0].message


def test_ids_stay_text(xlsx: Callable[..., Path]) -> None:
    path = xlsx({"Nhiệm vụ": [HEADER, row("007"), [12, "Việc", "BCA", None, "31/12/2025"]]})
    wb = parse_workbook(read_workbook(str(path)))
    assert [a.id for a in wb.assignments] == ["007", "12"]


def test_every_date_form_in_date_columns(xlsx: Callable[..., Path]) -> None:
    header = [*HEADER, "Ngày giao"]
    forms: list[Any] = [
        dt.date(2024, 10, 14),
        45579,
        "14/10/2024",
        "14-10-2024",
        "14.10.2024",
        "2024-10-14",
        "ngày 14 tháng 10 năm 2024",
    ]
    rows = [header] + [
        [f"D{i}", "Việc", "BCA", None, "trong 30 ngày", None, None, f] for i, f in enumerate(forms)
    ]
    wb = parse_workbook(read_workbook(str(xlsx({"Nhiệm vụ": rows}))))
    assert {a.assigned_on for a in wb.assignments} == {dt.date(2024, 10, 14)}
    assert {a.deadline.day for a in wb.assignments} == {dt.date(2024, 11, 13)}
    assert wb.problems == []


def test_meetings_tab_gives_the_assignment_date() -> None:
    wb = parse(
        {
            "Phiên họp": [
                ["Mã", "Phiên thứ", "Ngày họp", "Chủ trì phiên họp", "Địa điểm"],
                ["PH2", 2, "16/10/2024", "Phó Thủ tướng Trần Lưu Quang", "Hà Nội"],
            ],
            "Nhiệm vụ": [
                [*HEADER, "Phiên họp"],
                [*row("A1", deadline="trong 15 ngày làm việc"), "PH2"],
                [*row("A2"), "PH9"],
            ],
        }
    )
    meeting = wb.meetings["PH2"]
    assert (meeting.number, meeting.date, meeting.chair) == (
        "2",
        dt.date(2024, 10, 16),
        "Phó Thủ tướng Trần Lưu Quang",
    )
    first, _second = wb.assignments
    assert first.assigned_on == dt.date(2024, 10, 16)
    assert first.deadline.day == dt.date(2024, 11, 6)
    assert [(p.row, p.column, p.severity.value) for p in wb.problems] == [(3, "H", "warning")]


def test_agencies_tab_adds_and_overrides() -> None:
    wb = parse(
        {
            "Cơ quan": [
                ["Mã", "Tên cơ quan", "Tên khác", "Loại", "Email"],
                [
                    "STP-BN",
                    "Sở Tư pháp tỉnh Bắc Ninh",
                    "STP Bắc Ninh; Sở TP Bắc Ninh",
                    "khác",
                    "stp@bacninh.gov.vn",
                ],
                ["BCA", "Bộ Công an (C06)", None, "bộ", None],
            ],
            "Nhiệm vụ": [HEADER, row("A1", lead="Sở TP Bắc Ninh", co="Bộ Công an; STP Bắc Ninh")],
        }
    )
    (task,) = wb.assignments
    assert (task.lead, task.co) == ("STP-BN", ("BCA", "STP-BN"))
    assert wb.registry.name("BCA") == "Bộ Công an (C06)"
    assert wb.registry.get("STP-BN").email == "stp@bacninh.gov.vn"  # type: ignore[union-attr]
    assert wb.problems == []


def test_several_leads_first_leads_the_rest_co_operate() -> None:
    wb = parse({"Nhiệm vụ": [HEADER, row("A1", lead="Bộ Công Thương, Bộ Xây dựng", co="VPCP")]})
    (task,) = wb.assignments
    assert (task.lead, task.co, task.co_text) == (
        "BCT",
        ("BXD", "VPCP"),
        ("Bộ Xây dựng", "VPCP"),
    )
    assert [(p.column, p.severity.value) for p in wb.problems] == [("C", "warning")]


def test_blank_lead_and_deadline_are_warnings() -> None:
    wb = parse({"Nhiệm vụ": [HEADER, row("A1", lead=None, deadline=None)]})  # type: ignore[arg-type]
    (task,) = wb.assignments
    assert task.deadline.kind is DeadlineKind.NONE
    assert [(p.column, p.severity.value) for p in wb.problems] == [
        ("C", "warning"),
        ("E", "warning"),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (80, 80.0),
        ("80%", 80.0),
        (0.8, 80.0),
        ("80,5 %", 80.5),
        (1.0, 100.0),
        (1, 100.0),
        ("1%", 1.0),
        (100, 100.0),
        (None, None),
        (0, 0.0),
    ],
)
def test_progress_forms(value: Any, expected: float | None) -> None:
    assert parse_progress(value) == expected


@pytest.mark.parametrize("value", ["nhiều", 150, "-5%"])
def test_bad_progress_raises(value: Any) -> None:
    with pytest.raises(ValueError):
        parse_progress(value)


@pytest.mark.parametrize(
    ("text", "completed"),
    [
        ("Hoàn thành", True),
        ("Đã hoàn thành", True),
        ("đã hoàn thành (Báo cáo 12/BC-BCA)", True),
        ("Hoàn thành đúng hạn", True),
        ("Xong", True),
        ("done", True),
        ("Completed", True),
        ("HOÀN THÀNH", True),
        ("Hoàn thành một phần", False),
        ("Hoàn thành 50%", False),
        ("Cơ bản hoàn thành", False),
        ("Chưa hoàn thành", False),
        ("Đang thực hiện", False),
        ("Hoàn thành bước đầu", False),
        ("Hoàn thành chưa đầy đủ", False),
        ("Hoàn thành bước 1", False),
        ("xong phần 1", False),
        ("Donec", False),
        (None, False),
    ],
)
def test_reported_completed(text: str | None, completed: bool) -> None:
    assert reported_completed(text) is completed


@pytest.mark.parametrize(
    ("text", "cancelled"),
    [
        ("Dừng thực hiện", True),
        ("Không thực hiện", True),
        ("Không còn phù hợp", True),
        ("Đã lồng ghép", True),
        ("Hủy", True),
        ("Huỷ", True),
        ("Cancelled", True),
        ("Đang thực hiện", False),
        ("Hoàn thành", False),
        ("Tạm dừng", False),  # paused is not stopped: it stays in the KPIs
    ],
)
def test_reported_cancelled(text: str, cancelled: bool) -> None:
    assert reported_cancelled(text) is cancelled


def test_a_completion_is_in_the_future_by_the_day_in_vietnam_not_in_utc() -> None:
    read_at = dt.datetime(2026, 12, 3, 18, 21, tzinfo=dt.UTC)  # 01:21 on 4/12 in Hà Nội
    header = ["Mã", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Ngày hoàn thành"]
    tab = [
        header,
        ["D1", "Việc", "Bộ Công an", "31/12/2026", "04/12/2026"],
        ["D2", "Việc", "Bộ Công an", "31/12/2026", "05/12/2026"],
    ]
    wb = parse_workbook(RawWorkbook("test", {"Nhiệm vụ": tab}, read_at=read_at))
    assert [(p.row, p.column, p.message) for p in wb.problems] == [
        (3, "E", "ngày hoàn thành 05/12/2026 chưa tới (dữ liệu đọc ngày 04/12/2026)")
    ]
