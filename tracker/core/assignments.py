"""Rows of an assignment tab -> tasks and the problems they hold (DESIGN.md §2-§4); pure.

A tab is read column by column. A secretariat's sheet repeats the same agencies, deadlines,
dates and statuses thousands of times, so each column's distinct values are read once
(`CellReader` keeps what each value reads as, with the problems it causes, which depend on
the value alone) and the rows take their readings from there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TypeVar

from .agencies import Registry, Resolved
from .dates import InvalidDate, parse_date_cell
from .deadlines import anchored_deadline, deadline_cell_text, format_cell, read_deadline
from .model import Assignment, Deadline, Meeting, Problem, Severity
from .rows import Row
from .text import clean, column_letter, fold, fold_pattern
from .workdays import WorkCalendar

T = TypeVar("T")
Notes = tuple[tuple[Severity, str], ...]
# The order in which a row's problems are listed, by field.
_FIELD_ORDER = (
    "id",
    "title",
    "meeting",
    "assigned_on",
    "lead",
    "co",
    "deadline",
    "deadline_revised",
    "progress",
    "completed_on",
)
_RANK = {name: rank for rank, name in enumerate(_FIELD_ORDER)}


def text_id(value: object) -> str | None:
    """An id cell as text: a whole number stays without `.0`, text keeps its leading zeros."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(value)


_COMPLETED = re.compile(
    fold_pattern(r"^(?:đã\s+)?(?:hoàn\s+thành|xong|done|completed?|finished)(?!\w)(?P<rest>.*)$"),
    re.S,
)
_QUALIFIED = re.compile(
    fold_pattern(
        r"^[\s,:;.\-–(]*(?:một phần|1 phần|phần|chưa|bước|cơ bản|giai đoạn|một số|khoảng"
        r"|partially|partial|in part|(?!100\s*%)\d+(?:[.,]\d+)?\s*%)"
    )
)
_CANCELLED = re.compile(
    fold_pattern(
        r"^(?:đã\s+)?(?:dừng|không thực hiện|không còn phù hợp|lồng ghép|hủy|bãi bỏ"
        r"|cancell?ed|dropped)"
    )
)


def reported_completed(status: str | None) -> bool:
    """Whether what the agency reports reads as completed (not `Hoàn thành một phần`,
    `Cơ bản hoàn thành`, `Chưa hoàn thành`)."""
    if not status:
        return False
    match = _COMPLETED.match(fold(status))
    return bool(match) and not _QUALIFIED.match(match["rest"] if match else "")


def reported_cancelled(status: str | None) -> bool:
    """Whether what the agency reports reads as stopped (`Dừng thực hiện`, `Hủy`, ...)."""
    return bool(status) and bool(_CANCELLED.match(fold(status or "")))


def parse_progress(value: object) -> float | None:
    """Progress as a percentage 0-100: `80`, `80%`, `0.8` and `80,5 %` all read; a number
    from 0 to 1 is a fraction (1 is 100 %).

    Raises ValueError when the cell is not a percentage.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        number, percent_sign = float(value), False
    else:
        text = str(value).strip().replace(",", ".")
        percent_sign = text.endswith("%")
        number = float(text.rstrip("%").strip())
    if not percent_sign and 0 <= number <= 1:
        # A fraction, as percent-formatted cells hold it (Sheets sends 100 % as 1): a
        # progress of 1 % written as a bare 1 is read as 100 %.
        number *= 100
    if not 0 <= number <= 100:
        raise ValueError(value)
    return number


def _key(value: object) -> Hashable:
    """A cache key that tells apart values Python calls equal (True, 1 and 1.0)."""
    if value is None or type(value) is str:
        return value
    return (type(value), value)


class CellReader:
    """What each distinct cell value of an assignment tab reads as, computed once per value
    for a whole workbook (all its tabs share the registry, meetings and calendar)."""

    def __init__(
        self,
        registry: Registry,
        meetings: Mapping[str, Meeting],
        calendar: WorkCalendar,
        rollover: bool,
    ) -> None:
        self.registry = registry
        self.meetings = meetings
        self.calendar = calendar
        self.rollover = rollover
        self._caches: dict[str, dict[Hashable, object]] = {}

    def column(self, kind: str, values: Sequence[object], read: Callable[[object], T]) -> list[T]:
        """`read` of every value, each distinct value read once (per `kind` of reading)."""
        cache = self._caches.setdefault(kind, {})
        if bool not in set(map(type, values)):
            # Without booleans, equal values read alike (1 and 1.0 are the same serial day,
            # progress or id): the distinct values are found and looked up at C speed.
            for value in set(values).difference(cache):
                cache[value] = read(value)
            return list(map(cache.__getitem__, values))  # type: ignore[arg-type]
        out: list[T] = []
        append = out.append
        for value in values:
            key = _key(value)
            try:
                append(cache[key])  # type: ignore[arg-type]
            except KeyError:
                found = cache[key] = read(value)
                append(found)
        return out

    # --- the readings of single values ------------------------------------------------------

    def date(self, label: str) -> Callable[[object], tuple[dt.date | None, Notes]]:
        """A date cell: (the date, its problems: an error when the cell is not a date, a
        warning for a year no task of a task force has, such as 1900 or 9999)."""
        return lambda value: read_date(value, label)

    def lead(self, value: object) -> tuple[str | None, str | None, tuple[Resolved, ...], Notes]:
        """(lead code, lead text, the agencies after the first, the lead cell's problems)."""
        cell = clean(value)
        leads = self.registry.split(cell)
        notes: list[tuple[Severity, str]] = []
        if not leads:
            notes.append((Severity.WARNING, "chưa có cơ quan chủ trì"))
        notes += [
            (Severity.WARNING, f"không nhận ra cơ quan «{named.text}»")
            for named in leads
            if named.code is None
        ]
        if len(leads) > 1:
            notes.append(
                (
                    Severity.WARNING,
                    f"có {len(leads)} cơ quan chủ trì; «{leads[0].text}» được coi là chủ trì, "
                    "các cơ quan còn lại là phối hợp",
                )
            )
        if not leads:
            return None, cell, (), tuple(notes)
        return leads[0].code, leads[0].text, leads[1:], tuple(notes)

    def co(self, value: object) -> tuple[tuple[Resolved, ...], Notes]:
        named = self.registry.split(clean(value))
        return named, tuple(
            (Severity.WARNING, f"không nhận ra cơ quan «{n.text}»") for n in named if n.code is None
        )

    def deadline(self, value: object) -> tuple[Deadline, bool]:
        return read_deadline(value, self.calendar, self.rollover)

    def status(self, value: object) -> tuple[str | None, bool, bool]:
        """(the status as written, reads as completed, reads as cancelled)."""
        text = clean(value)
        return text, reported_completed(text), reported_cancelled(text)

    @staticmethod
    def progress(value: object) -> tuple[float | None, str | None]:
        try:
            return parse_progress(value), None
        except ValueError:
            return None, f"tỷ lệ hoàn thành «{format_cell(value)}» không hợp lệ (0–100%)"


PLAUSIBLE_YEARS = range(1950, 2101)


def read_date(value: object, label: str) -> tuple[dt.date | None, Notes]:
    """A date cell with its problems (see `CellReader.date`)."""
    try:
        day = parse_date_cell(value)
    except InvalidDate:
        message = (
            f"{label} «{format_cell(value)}» không phải ngày hợp lệ (viết dạng ngày/tháng/năm)"
        )
        return None, ((Severity.ERROR, message),)
    if day is not None and day.year not in PLAUSIBLE_YEARS:
        message = f"{label} {day:%d/%m/%Y} có năm bất thường; kiểm tra lại ô này"
        return day, ((Severity.WARNING, message),)
    return day, ()


# A part of a tab's tasks, as fractions of them: from `start` (included) to `end`; a tab
# is read in parts when two processes share it. Parts that meet (the end of one the start of
# the next) take every task once.
Share = tuple[float, float]
WHOLE: Share = (0.0, 1.0)


def _filled(row: Row) -> bool:
    # A loop, not any(): a generator per row costs more than the check.
    for cell in row:  # noqa: SIM110
        if cell is not None and (cell.__class__ is not str or cell.strip()):
            return True
    return False


def read_assignments(
    sheet: str,
    rows: Sequence[Row],
    columns: Mapping[str, int],
    extra: Mapping[int, str],
    header_row: int,
    reader: CellReader,
    read_on: dt.date | None = None,
    share: Share = WHOLE,
) -> tuple[list[Assignment], list[Problem]]:
    """The tasks of one assignment tab (every non-blank row below the header, none dropped)
    and their problems, row by row in the sheet's order. `columns`: field -> 0-based column;
    `extra`: unknown columns (index -> header), kept with each task; `read_on`: the day the
    sheet was read (a completion after it has not happened yet); `share`: the part of the
    tasks to read (see `Share`)."""
    data = [(index + 1, row) for index, row in enumerate(rows) if index > header_row]
    data = [(number, row) for number, row in data if _filled(row)]
    if share != WHOLE:
        data = data[round(len(data) * share[0]) : round(len(data) * share[1])]
    count = len(data)
    # The tab column by column: one transposition at C speed (short rows padded first).
    body = [row for _, row in data]
    width = max(map(len, body), default=0)
    if any(len(row) != width for row in body):
        body = [[*row, *[None] * (width - len(row))] for row in body]
    by_column = list(zip(*body, strict=True))

    def cells(name: str) -> Sequence[object]:
        col = columns.get(name)
        if col is None or col >= width:
            return [None] * count
        return by_column[col]

    found: list[tuple[int, int, str, Severity, str]] = []  # (row, field rank, field, ...)

    def report(i: int, name: str, severity: Severity, message: str) -> None:
        found.append((i, _RANK[name], name, severity, message))

    read = reader.column
    ids = read("id", cells("id"), text_id)
    titles = read("text", cells("title"), clean)
    meetings = read("id", cells("meeting"), text_id)
    assigned = read("assigned_on", cells("assigned_on"), reader.date("Ngày giao"))
    leads = read("lead", cells("lead"), reader.lead)
    cos = read("co", cells("co"), reader.co)
    deadline_cells = cells("deadline")
    deadlines = read("deadline", deadline_cells, reader.deadline)
    deadline_texts = read("deadline_text", deadline_cells, deadline_cell_text)
    revised_cells = cells("deadline_revised")
    revised_texts = read("text", revised_cells, clean)
    revisions = read("deadline", revised_cells, reader.deadline)
    statuses = read("status", cells("status"), reader.status)
    progress = read("progress", cells("progress"), reader.progress)
    completed = read("completed_on", cells("completed_on"), reader.date("Ngày hoàn thành"))
    programs = read("text", cells("program"), clean)
    reports = read("text", cells("report"), clean)
    source_docs = read("text", cells("source_doc"), clean)
    notes = read("text", cells("notes"), clean)
    explanations = read("text", cells("explanation"), clean)
    has = {name: name in columns for name in _FIELD_ORDER}
    known_meetings = reader.meetings
    calendar, rollover = reader.calendar, reader.rollover

    tasks: list[Assignment] = []
    for i, (number, row) in enumerate(data):
        task_id = ids[i]
        if task_id is None and has["id"]:
            report(i, "id", Severity.ERROR, "thiếu mã nhiệm vụ")
        if titles[i] is None and has["title"]:
            report(i, "title", Severity.ERROR, "thiếu nội dung nhiệm vụ")
        meeting_id = meetings[i]
        meeting = known_meetings.get(meeting_id) if meeting_id else None
        if meeting_id and meeting is None and known_meetings:
            message = f"phiên họp «{meeting_id}» không có trong trang Phiên họp"
            report(i, "meeting", Severity.WARNING, message)
        assigned_on, date_notes = assigned[i]
        for severity, message in date_notes:
            report(i, "assigned_on", severity, message)
        if assigned_on is None and meeting is not None:
            assigned_on = meeting.date

        lead, lead_text, more_leads, lead_notes = leads[i]
        if has["lead"]:
            for severity, message in lead_notes:
                report(i, "lead", severity, message)
        co_named, co_notes = cos[i]
        for severity, message in co_notes:
            report(i, "co", severity, message)
        if more_leads:
            co_named = more_leads + co_named

        original, needs_anchor = deadlines[i]
        if needs_anchor and assigned_on is not None:
            original = anchored_deadline(deadline_cells[i], assigned_on, calendar, rollover)
        revised: Deadline | None = None
        if revised_texts[i] is not None:
            revised, needs_anchor = revisions[i]
            if needs_anchor and assigned_on is not None:
                revised = anchored_deadline(revised_cells[i], assigned_on, calendar, rollover)
        # A blank deadline beside a revised one is no problem.
        quiet = revised is not None and original.text == ""
        if original.issue is not None and has["deadline"] and not quiet:
            report(i, "deadline", _severity(original), original.issue)
        if revised is not None and revised.issue is not None:
            report(i, "deadline_revised", _severity(revised), revised.issue)

        status_text, completed_reported, cancelled = statuses[i]
        percent, error = progress[i]
        if error is not None:
            report(i, "progress", Severity.WARNING, error)
        completed_on, date_notes = completed[i]
        for severity, message in date_notes:
            report(i, "completed_on", severity, message)
        if completed_on is not None and assigned_on is not None and completed_on < assigned_on:
            message = (
                f"ngày hoàn thành {completed_on:%d/%m/%Y} trước ngày giao {assigned_on:%d/%m/%Y}"
            )
            report(i, "completed_on", Severity.WARNING, message)
        if completed_on is not None and read_on is not None and completed_on > read_on:
            message = (
                f"ngày hoàn thành {completed_on:%d/%m/%Y} chưa tới (dữ liệu đọc ngày "
                f"{read_on:%d/%m/%Y})"
            )
            report(i, "completed_on", Severity.WARNING, message)
        tasks.append(
            Assignment(
                task_id,
                sheet,
                number,
                titles[i],
                programs[i],
                meeting_id,
                assigned_on,
                lead,
                lead_text,
                tuple(n.code for n in co_named),
                tuple(n.text for n in co_named),
                revised or original,
                original if revised is not None else None,
                deadline_texts[i],
                status_text,
                percent,
                completed_on,
                reports[i],
                source_docs[i],
                notes[i],
                completed_reported,
                cancelled,
                {
                    header: value
                    for col, header in extra.items()
                    if col < len(row) and (value := row[col]) is not None
                },
                explanations[i],
            )
        )
    found.sort(key=lambda p: (p[0], p[1]))  # stable: a field's problems keep their order
    problems = [
        Problem(sheet, data[i][0], column_letter(columns[name]), severity, message)
        if name in columns
        else Problem(sheet, data[i][0], None, severity, message)
        for i, _, name, severity, message in found
    ]
    return tasks, problems


def _severity(deadline: Deadline) -> Severity:
    return Severity.ERROR if deadline.invalid else Severity.WARNING
