"""Rows of the task table as an .xlsx that people open: one header row in Vietnamese, a row
per task, dates as date cells (the dashboard's export, and `tracker.write_tasks` in
notebooks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..core.model import Assignment
from ..core.projection import written_cells
from ..core.table import day
from ..sources.xlsx_write import write_xlsx

EXPORT_COLUMNS = [
    ("id", "Mã"),
    ("title", "Nội dung nhiệm vụ"),
    ("program", "Đề án/Chương trình"),
    ("meeting", "Phiên họp"),
    ("lead_name", "Cơ quan chủ trì"),
    ("lead_current_name", "Chủ trì hiện nay"),
    ("co_names", "Cơ quan phối hợp"),
    ("deadline_text", "Thời hạn"),
    ("deadline", "Hạn (tính)"),
    ("status_label", "Tình trạng"),
    ("days_overdue", "Số ngày quá hạn"),
]


def export_rows(rows: pd.DataFrame) -> list[list[object]]:
    """Rows of the task table as the exported .xlsx lists them (a header, then one per
    task)."""
    out: list[list[object]] = [[header for _, header in EXPORT_COLUMNS]]
    for record in rows[[c for c, _ in EXPORT_COLUMNS]].itertuples(index=False):
        (id_, title, program, meeting, lead, current, co, text, deadline, label, days) = record
        out.append(
            [
                id_,
                title,
                _text(program),
                _text(meeting),
                lead,
                current,
                ", ".join(co) or None,
                text,
                day(deadline),
                label,
                None if pd.isna(days) else int(days),
            ]
        )
    return out


def _text(value: object) -> str | None:
    return str(value) if value else None


def write_tasks(
    rows: pd.DataFrame, path: Path, tab: str = "Nhiệm vụ", cut: list[str] | None = None
) -> Path:
    """Write rows of the task table (`tracker.tasks()`, or any filter of it) to an .xlsx at
    `path`, whole or not at all; text stays text (a title starting with `=` is no formula).
    Cells cut to the 32,767 characters a cell holds are added to `cut`."""
    return write_xlsx(path, [(tab, export_rows(rows))], cut=cut)


def cut_warning(cut: list[str]) -> str | None:
    """The line that says which cells were cut, if any."""
    if not cut:
        return None
    shown = ", ".join(cut[:5]) + (f" và {len(cut) - 5} ô khác" if len(cut) > 5 else "")
    return (
        f"Cảnh báo: {len(cut)} ô dài hơn 32.767 ký tự (giới hạn của tệp .xlsx) đã bị cắt "
        f"bớt: {shown}"
    )


# --- new tasks, in the workbook's own columns (to paste into the sheet, or push) ------------

TASK_COLUMNS = [
    ("id", "Mã"),
    ("title", "Nội dung nhiệm vụ"),
    ("program", "Đề án/Chương trình"),
    ("meeting", "Phiên họp"),
    ("assigned_on", "Ngày giao"),
    ("lead", "Cơ quan chủ trì"),
    ("co", "Cơ quan phối hợp"),
    ("deadline", "Thời hạn"),
    ("source_doc", "Văn bản giao"),
]
REVIEW_HEADER = "Cần rà soát"  # a column `push` does not write: what to check in each row


def tasks_xlsx(
    tasks: list[Assignment],
    path: Path,
    cut: list[str] | None = None,
    review: list[list[str]] | None = None,
    notes: list[tuple[int | None, str, str]] | None = None,
) -> Path:
    """New tasks as an .xlsx in the workbook layout, each cell as the task was written
    (`written_cells`). `review`: for each task, what a person should check (a column of its
    own, which `tracker push --from` leaves out); `notes`: (paragraph, sentence, problem)
    for a second tab. Cells cut to what a cell holds go to `cut`."""
    header = [name for _, name in TASK_COLUMNS]
    rows: list[list[Any]] = [header + ([REVIEW_HEADER] if review is not None else [])]
    for index, task in enumerate(tasks):
        cells = written_cells(task)
        row: list[Any] = [cells[name] for name, _ in TASK_COLUMNS]
        if review is not None:
            row.append("; ".join(review[index]) or None)
        rows.append(row)
    tabs: list[tuple[str, list[list[Any]]]] = [("Nhiệm vụ", rows)]
    if notes:
        tabs.append(
            (
                "Câu cần xem lại",
                [["Đoạn văn số", "Câu trong văn bản", "Vì sao"]]
                + [[paragraph, text, why] for paragraph, text, why in notes],
            )
        )
    return write_xlsx(path, tabs, cut=cut)
