"""`tracker push`: statuses and new tasks written back through gspread to the emulator."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import HEADER, SERVICE_EMAIL, run_json
from sheets_emulator import Formula

Run = Callable[..., subprocess.CompletedProcess[str]]
AS_OF = "2025-06-15"
SHEET_HEADER = [*HEADER, "Ghi chú"]  # Mã .. Ngày hoàn thành (A-G), notes in H


def rows() -> list[list[Any]]:
    return [
        ["THEO DÕI NHIỆM VỤ"],
        SHEET_HEADER,
        ["A1", "Việc quá hạn", "Bộ Công an", None, "01/06/2025"],
        ["A2", "Việc trong hạn", "Bộ Tư pháp", None, "31/12/2025"],
        ["A3", "Việc xong", "Bộ Y tế", None, "01/05/2025", "Hoàn thành", "20/04/2025"],
    ]


@pytest.fixture
def tracked(sheets: Any) -> Any:
    sheets.add_spreadsheet("PUSH", {"Phiên 1": rows()}, shared_with={SERVICE_EMAIL}, min_cols=10)
    return sheets


def test_statuses_go_into_their_own_column_with_two_requests(run: Run, tracked: Any) -> None:
    code, report = run_json(run, "push", "gsheet:PUSH", "--statuses", "--as-of", AS_OF)
    assert code == 0 and report["conflicts"] == []
    # the read (metadata + batchGet), then the push: one re-read and one batch write
    assert [(m, p.rsplit("/", 1)[-1]) for m, p, _ in tracked.requests] == [
        ("GET", "PUSH"),
        ("GET", "values:batchGet"),
        ("GET", "values:batchGet"),
        ("POST", "values:batchUpdate"),
    ]
    cell = lambda a1: tracked.cell("PUSH", "Phiên 1", a1)  # noqa: E731
    assert cell("I2") == "Tình trạng theo dõi"  # created right of every used column
    assert (cell("I3"), cell("I4"), cell("I5")) == ("Quá hạn", "Trong hạn", "Hoàn thành đúng hạn")
    assert cell("H3") is None  # nothing else touched
    # a second push finds the column by its header and has nothing to change
    tracked.requests.clear()
    code, again = run_json(run, "push", "gsheet:PUSH", "--statuses", "--as-of", AS_OF)
    assert code == 0 and again["changes"] == []
    assert len(tracked.requests) == 3  # read, re-read, no write


def test_rows_are_found_by_id_not_position(run: Run, tracked: Any) -> None:
    # Someone sorts the tab between the tracker's read and its re-read.
    def sort_rows() -> None:
        sheet = tracked.spreadsheets["PUSH"].sheet("Phiên 1")
        moved = {}
        for (r, c), value in sheet.cells.items():
            moved[({2: 4, 4: 2}.get(r, r), c)] = value
        sheet.cells = moved

    tracked.before_request(3, sort_rows)
    code, _ = run_json(run, "push", "gsheet:PUSH", "--statuses", "--as-of", AS_OF)
    assert code == 0
    cell = lambda a1: tracked.cell("PUSH", "Phiên 1", a1)  # noqa: E731
    assert (cell("A3"), cell("I3")) == ("A3", "Hoàn thành đúng hạn")
    assert (cell("A5"), cell("I5")) == ("A1", "Quá hạn")


def test_a_cell_edited_since_the_read_is_a_conflict_and_left(run: Run, tracked: Any) -> None:
    run_json(run, "push", "gsheet:PUSH", "--statuses", "--as-of", AS_OF)
    tracked.requests.clear()
    tracked.before_request(3, lambda: tracked.set_cell("PUSH", "Phiên 1", "I3", "Đã báo cáo"))
    result = run("push", "gsheet:PUSH", "--statuses", "--as-of", "2026-01-05")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Phiên 1!I3 [xung đột]" in result.stdout
    assert tracked.cell("PUSH", "Phiên 1", "I3") == "Đã báo cáo"  # left alone
    assert tracked.cell("PUSH", "Phiên 1", "I4") == "Quá hạn"  # the others written


def test_dry_run_changes_nothing(run: Run, tracked: Any) -> None:
    before = tracked.snapshot("PUSH")
    result = run("push", "gsheet:PUSH", "--statuses", "--as-of", AS_OF, "--dry-run")
    assert result.returncode == 0
    assert "Phiên 1!I3 «Quá hạn»" in result.stdout and "chạy thử" in result.stdout
    assert tracked.snapshot("PUSH") == before
    assert not [r for r in tracked.requests if r[0] != "GET"]


def test_the_grid_grows_when_the_column_does_not_fit(run: Run, sheets: Any) -> None:
    sheets.add_spreadsheet("TIGHT", {"Phiên 1": rows()}, shared_with={SERVICE_EMAIL}, min_cols=8)
    code, _ = run_json(run, "push", "gsheet:TIGHT", "--statuses", "--as-of", AS_OF)
    assert code == 0
    assert [p.rsplit("/", 1)[-1] for _, p, _ in sheets.requests][2:] == [
        "values:batchGet",
        "TIGHT:batchUpdate",
        "values:batchUpdate",
    ]
    assert sheets.cell("TIGHT", "Phiên 1", "I3") == "Quá hạn"


def test_new_tasks_are_appended_raw(run: Run, tracked: Any, xlsx: Callable[..., Path]) -> None:
    new = xlsx(
        {
            "Nhiệm vụ": [
                [*HEADER, "Văn bản giao"],
                [
                    "B1",
                    '=IMPORTXML("http://x", "//a")',
                    "Bộ Tài chính",
                    "Bộ Tư pháp; VPCP",
                    "Quý IV/2025",
                    None,
                    None,
                    "455/TB-VPCP",
                ],
                ["B2", "Báo cáo Tổ công tác", "UBND tỉnh Bắc Ninh", None, dt.date(2025, 9, 30)],
            ]
        }
    )
    code, report = run_json(run, "push", "gsheet:PUSH", "--from", str(new))
    assert code == 0 and report["appended"] == ["B1", "B2"]
    assert "Văn bản giao" in report["notes"][0]  # the tab has no such column: said, not lost
    writes = [r for r in tracked.requests if r[0] != "GET"]
    assert len(writes) == 1
    cell = lambda a1: tracked.cell("PUSH", "Phiên 1", a1)  # noqa: E731
    assert cell("A6") == "B1" and cell("B6") == '=IMPORTXML("http://x", "//a")'
    assert not isinstance(cell("B6"), Formula)  # RAW: text, never a formula
    assert (cell("C6"), cell("D6"), cell("E6")) == (
        "Bộ Tài chính",
        "Bộ Tư pháp; VPCP",
        "Quý IV/2025",
    )
    assert (cell("A7"), cell("E7")) == ("B2", "30/09/2025")
    code, status = run_json(run, "status", "gsheet:PUSH", "--as-of", AS_OF)
    added = {t["id"]: t for t in status["assignments"]}
    assert added["B2"]["deadline"] == "2025-09-30" and added["B1"]["co"] == ["BTP", "VPCP"]


def test_existing_ids_are_not_appended(run: Run, tracked: Any, xlsx: Callable[..., Path]) -> None:
    new = xlsx(
        {
            "Nhiệm vụ": [
                HEADER,
                ["A2", "Trùng", "BCA", None, "Năm 2026"],
                ["C1", "Mới", "BCA", None, "Năm 2026"],
            ]
        }
    )
    result = run("push", "gsheet:PUSH", "--from", str(new))
    assert result.returncode == 1
    assert "mã «A2» đã có ở Phiên 1!4" in result.stdout
    assert tracked.cell("PUSH", "Phiên 1", "A6") == "C1"
    assert tracked.cell("PUSH", "Phiên 1", "A7") is None


def test_a_file_with_errors_is_not_pushed(
    run: Run, tracked: Any, xlsx: Callable[..., Path]
) -> None:
    new = xlsx({"Nhiệm vụ": [HEADER, [None, "Không mã", "BCA", None, "Năm 2026"]]})
    before = tracked.snapshot("PUSH")
    result = run("push", "gsheet:PUSH", "--from", str(new))
    assert result.returncode == 1 and "Nhiệm vụ!A2 [lỗi]" in result.stdout
    assert tracked.snapshot("PUSH") == before and tracked.requests == []


def test_a_missing_tab_names_the_tabs_that_exist(run: Run, tracked: Any) -> None:
    result = run("push", "gsheet:PUSH", "--statuses", "--tab", "Phiên 9")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "«Phiên 9»" in result.stderr and "«Phiên 1»" in result.stderr
