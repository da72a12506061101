"""Writing back to a Google Sheet: computed statuses into the tracker's own column, and new
tasks appended to an assignment tab.

Rows are found by id, never by position. Just before writing, the target tabs are read again;
a cell someone else changed since the tracker read it is reported as a conflict and left
alone. One re-read and one batch write (RAW) per push, plus a grid extension when the sheet
has no room for the new column or rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from ..core.assignments import text_id
from ..core.deadlines import format_cell
from ..core.errors import NoAssignmentTab, TrackerError
from ..core.model import Assignment, Problem, ProblemJSON, Severity
from ..core.projection import written_cells
from ..core.settings import Settings
from ..core.text import column_letter
from ..core.workbook import ASSIGNMENT_FIELDS, Layout, assignment_layouts, parse_workbook
from ..reports.evaluation import evaluate
from ..sources import RawWorkbook, Row, read_workbook
from ..sources.gsheets import GoogleSheet, a1

TRACKER_HEADER = ASSIGNMENT_FIELDS["_tracker_status"][0]


class CellChangeJSON(TypedDict):
    sheet: str
    row: int
    column: str
    id: str | None
    old: str | None
    new: str


class ConflictJSON(TypedDict):
    sheet: str
    row: int | None
    column: str | None
    id: str | None
    message: str


class PushReport(TypedDict):
    source: str
    dry_run: bool
    changes: list[CellChangeJSON]
    appended: list[str]
    conflicts: list[ConflictJSON]
    problems: list[ProblemJSON]
    notes: list[str]


@dataclass(frozen=True)
class CellChange:
    sheet: str
    row: int  # 1-based, as the user sees it
    column: str
    task_id: str | None
    old: str | None
    new: str

    def to_dict(self) -> CellChangeJSON:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "id": self.task_id,
            "old": self.old,
            "new": self.new,
        }


@dataclass(frozen=True)
class Conflict:
    sheet: str
    row: int | None
    column: str | None
    task_id: str | None
    message: str

    def to_dict(self) -> ConflictJSON:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "id": self.task_id,
            "message": self.message,
        }


@dataclass
class PushResult:
    source: str
    dry_run: bool
    changes: list[CellChange] = field(default_factory=list)
    appended: list[str] = field(default_factory=list)  # ids of the tasks appended
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the input file's, for --from
    notes: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    def to_dict(self) -> PushReport:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "changes": [c.to_dict() for c in self.changes],
            "appended": self.appended,
            "conflicts": [c.to_dict() for c in self.conflicts],
            "problems": [p.to_dict() for p in self.problems],
            "notes": self.notes,
        }


def _text(value: object) -> str:
    return format_cell(value) or ""


def _cell(rows: list[Row], row: int, col: int | None) -> object:
    if col is None or row >= len(rows) or col >= len(rows[row]):
        return None
    return rows[row][col]


def _rows_by_id(rows: list[Row], layout: Layout) -> tuple[dict[str, int], set[str]]:
    """id -> 0-based row of every data row, and the ids found on more than one row."""
    col = layout.columns.get("id")
    found: dict[str, int] = {}
    repeated: set[str] = set()
    if col is None:
        return found, repeated
    for index in range(layout.header_row + 1, len(rows)):
        task_id = text_id(_cell(rows, index, col))
        if task_id is None:
            continue
        if task_id in found:
            repeated.add(task_id)
        found[task_id] = index
    return found, repeated


def _free_column(rows: list[Row]) -> int:
    """A column no row uses: right of every cell of the tab."""
    return max((len(r) for r in rows), default=0)


def _pick_tabs(tab: str | None, available: list[str], sheet: GoogleSheet) -> list[str]:
    if tab is None:
        return available
    if tab not in sheet.titles():
        sheet.grid(tab)  # raises, naming the tabs that exist
    if tab not in available:
        raise TrackerError(
            f"Trang «{tab}» không phải trang nhiệm vụ; các trang nhiệm vụ: "
            + ", ".join(f"«{t}»" for t in available)
        )
    return [tab]


def push_statuses(
    source: str,
    settings: Settings,
    as_of: dt.date,
    due_soon_days: int,
    tab: str | None = None,
    dry_run: bool = False,
) -> PushResult:
    """Write each task's computed status (its Vietnamese label) into the column
    `Tình trạng theo dõi` of its tab, creating the column when missing.

    Raises TrackerError (and its SourceUnavailable kinds) when the sheet cannot be used.
    """
    sheet = GoogleSheet(source, settings)
    first = sheet.read()
    workbook = parse_workbook(
        first, calendar=settings.calendar, rollover=settings.deadline_rollover
    )
    if not workbook.assignment_tabs:
        raise NoAssignmentTab(source, list(first.tabs))
    evaluation = evaluate(workbook, as_of, due_soon_days)
    counts: dict[str | None, int] = {}
    for task in workbook.assignments:
        counts[task.id] = counts.get(task.id, 0) + 1
    labels = {v.id: v.status_label for v in evaluation.views if counts[v.id] == 1}
    tabs = _pick_tabs(tab, workbook.assignment_tabs, sheet)
    layouts_then = assignment_layouts(first)

    now = sheet.read_values(tabs)  # the re-read, just before writing
    result = PushResult(source, dry_run)
    writes: list[tuple[str, list[list[object]]]] = []
    grow: dict[str, int] = {}
    for title in tabs:
        rows = now.get(title, [])
        layout = assignment_layouts(RawWorkbook(source, {title: rows})).get(title)
        if layout is None or "id" not in layout.columns:
            result.notes.append(f"Trang «{title}» không còn dòng tiêu đề có cột Mã; bỏ qua")
            continue
        col = layout.columns.get("_tracker_status")
        then_layout = layouts_then.get(title)
        then_col = then_layout.columns.get("_tracker_status") if then_layout else None
        if col is None:
            col = _free_column(rows)
            letter = column_letter(col)
            result.changes.append(
                CellChange(title, layout.header_row + 1, letter, None, None, TRACKER_HEADER)
            )
            writes.append((a1(title, layout.header_row, col), [[TRACKER_HEADER]]))
            _, _, grid_cols = sheet.grid(title)
            if col >= grid_cols:
                grow[title] = col - grid_cols + 1
        letter = column_letter(col)
        then_rows, _ = _rows_by_id(first.tabs[title], then_layout) if then_layout else ({}, set())
        now_rows, repeated = _rows_by_id(rows, layout)
        for task_id, index in now_rows.items():
            label = labels.get(task_id)
            if label is None or task_id in repeated:
                continue
            current = _text(_cell(rows, index, col))
            before = (
                _text(_cell(first.tabs[title], then_rows[task_id], then_col))
                if task_id in then_rows
                else ""
            )
            if current != before:
                result.conflicts.append(
                    Conflict(
                        title,
                        index + 1,
                        letter,
                        task_id,
                        f"ô đã được sửa từ «{before}» thành «{current}» sau khi đọc; để nguyên",
                    )
                )
            elif current != label:
                result.changes.append(
                    CellChange(title, index + 1, letter, task_id, current or None, label)
                )
                writes.append((a1(title, index, col), [[label]]))
    if not dry_run:
        for title, columns in grow.items():
            sheet.append_dimension(title, "COLUMNS", columns)
        sheet.write(writes)
    return result


def push_tasks(
    source: str,
    settings: Settings,
    tasks: list[Assignment],
    tab: str | None = None,
    dry_run: bool = False,
    problems: list[Problem] | None = None,
) -> PushResult:
    """Append new tasks to an assignment tab (by default the last one), below its last row
    (the rows reported are where they are expected; an append never overwrites a row someone
    added meanwhile).

    A task whose id the sheet already has is not appended (a conflict). With errors among
    `problems` (the input's), nothing is written.
    """
    result = PushResult(source, dry_run, problems=list(problems or []))
    if result.refused:
        return result
    sheet = GoogleSheet(source, settings)
    titles = sheet.titles()
    raw = RawWorkbook(source, sheet.read_values(titles))  # the re-read, just before writing
    remote = parse_workbook(raw)
    if not remote.assignment_tabs:
        raise NoAssignmentTab(source, titles)
    (target,) = (
        _pick_tabs(tab, remote.assignment_tabs, sheet) if tab else remote.assignment_tabs[-1:]
    )
    rows = raw.tabs[target]
    layout = assignment_layouts(RawWorkbook(source, {target: rows}))[target]
    assert layout is not None
    existing = {a.id: a for a in remote.assignments if a.id}
    width = max(layout.columns.values()) + 1
    new_rows: list[list[object]] = []
    dropped: set[str] = set()
    start = len(rows)
    for task in tasks:
        if task.id in existing:
            other = existing[task.id]
            result.conflicts.append(
                Conflict(
                    target,
                    None,
                    None,
                    task.id,
                    f"mã «{task.id}» đã có ở {other.sheet}!{other.sheet_row}; không thêm",
                )
            )
            continue
        row: list[object] = [None] * width
        for name, value in written_cells(task).items():
            if value is None:
                continue
            col = layout.columns.get(name)
            if col is None:
                dropped.add(ASSIGNMENT_FIELDS[name][0])
            else:
                row[col] = value
        row_number = start + len(new_rows)
        for col, value in enumerate(row):
            if value is not None:
                result.changes.append(
                    CellChange(
                        target, row_number + 1, column_letter(col), task.id, None, str(value)
                    )
                )
        new_rows.append(row)
        result.appended.append(task.id or "")
    if dropped:
        result.notes.append(
            f"Trang «{target}» không có cột: {', '.join(sorted(dropped))}; "
            "các giá trị đó không được ghi"
        )
    if new_rows and not dry_run:
        sheet.append(target, new_rows)
    return result


def tasks_from_file(path: Path, settings: Settings) -> tuple[list[Assignment], list[Problem]]:
    """The tasks of a local workbook in the assignment layout, with its problems."""
    workbook = parse_workbook(
        read_workbook(str(path), settings),
        calendar=settings.calendar,
        rollover=settings.deadline_rollover,
    )
    if not workbook.assignment_tabs:
        raise NoAssignmentTab(str(path), [])
    return workbook.assignments, workbook.problems
