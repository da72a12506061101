"""How one computed task is shown: the one projection every output reads.

`project` turns a TaskStatus into a TaskView, the fields of DESIGN §6 plus what people read
(agency names, the status label, the group a task falls in, where an inherited task came
from). The JSON reports select from it (`assignment_json`), the pandas task table is built
from it (`tracker.core.table`), and the dashboard, briefs, mails, agenda and exports select
and format its columns; none of them recomputes a name, a group or an order.

`written_cells` is the other way of showing a task: its cells as the secretariat wrote them,
for writing new tasks into a sheet or an .xlsx in the workbook layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import NamedTuple, TypedDict

from .agencies import Registry, display_order
from .model import Assignment, Status
from .status import TaskStatus
from .text import fold

# The group of a task whose lead cell is blank (the dashboard's filter value for it).
NO_LEAD = "__none__"
NO_LEAD_NAME = "Chưa xác định"


class TaskView(NamedTuple):
    """One task as it stands on the as-of date, with everything an output shows (a named
    tuple: immutable, and cheap to build for every task of a large sheet)."""

    id: str | None
    key: str
    sheet: str
    sheet_row: int
    title: str | None
    program: str | None
    meeting: str | None
    assigned_on: dt.date | None
    lead: str | None
    lead_text: str | None
    lead_current: str | None
    # the lead as given, by name (an unknown agency as written; None for a blank lead)
    lead_name: str | None
    # who answers for the task now: the current lead's name, an unknown agency as written,
    # or «Chưa xác định»
    lead_current_name: str
    # the name of the agency the task was given to, when a 2025 succession moved it
    inherited_from: str | None
    co: tuple[str | None, ...]
    co_text: tuple[str, ...]
    co_current: tuple[str | None, ...]
    co_names: tuple[str, ...]
    # the effective deadline's day (dated kinds only), its kind and the cell's text
    deadline: dt.date | None
    deadline_kind: str
    deadline_text: str | None
    deadline_original: dt.date | None
    # the revised deadline as written, when the «Thời hạn điều chỉnh» cell holds one
    deadline_revised_text: str | None
    reported_status: str | None
    progress: float | None
    completed: bool
    completed_on: dt.date | None
    completion_observed_on: dt.date | None
    status: Status
    status_label: str
    days_overdue: int | None
    # how tasks group by lead: the current lead's code, "?<name>" for an agency the registry
    # does not know, NO_LEAD for a blank lead; `group_name` is lead_current_name
    group: str

    @property
    def group_name(self) -> str:
        return self.lead_current_name


def group_name(group: tuple[str | None, str | None], registry: Registry) -> str:
    code, text = group
    if code is not None:
        return registry.name(code)
    return text or NO_LEAD_NAME


def group_key(group: tuple[str | None, str | None]) -> str:
    code, text = group
    if code is not None:
        return code
    return f"?{text}" if text else NO_LEAD


class Projector:
    """`project` for many tasks of one registry: what depends only on a task's agencies is
    worked out once per distinct agency cell (names, group, inherited-from mark)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._leads: dict[
            tuple[str | None, str | None, str | None],
            tuple[str | None, str, str | None, str],
        ] = {}
        self._cos: dict[tuple[tuple[str | None, ...], tuple[str, ...]], tuple[str, ...]] = {}

    def _lead(
        self, lead: str | None, lead_text: str | None, current: str | None
    ) -> tuple[str | None, str, str | None, str]:
        """(lead_name, lead_current_name, inherited_from, group) of a task's lead."""
        key = (lead, lead_text, current)
        found = self._leads.get(key)
        if found is None:
            name = self.registry.name
            group = (current, None) if current is not None else (None, lead_text or None)
            inherited = name(lead) if lead is not None and lead != current else None
            found = self._leads[key] = (
                name(lead) if lead else lead_text,
                group_name(group, self.registry),
                inherited,
                group_key(group),
            )
        return found

    def _co_names(self, co: tuple[str | None, ...], co_text: tuple[str, ...]) -> tuple[str, ...]:
        key = (co, co_text)
        found = self._cos.get(key)
        if found is None:
            name = self.registry.name
            found = self._cos[key] = tuple(
                name(code) if code else text for code, text in zip(co, co_text, strict=True)
            )
        return found

    def __call__(self, result: TaskStatus) -> TaskView:
        task = result.task
        deadline = task.deadline
        lead_name, current_name, inherited, group = self._lead(
            task.lead, task.lead_text, result.lead_current
        )
        status = result.status
        original = task.deadline_original
        return TaskView(
            task.id,
            task.key,
            task.sheet,
            task.sheet_row,
            task.title,
            task.program,
            task.meeting,
            task.assigned_on,
            task.lead,
            task.lead_text,
            result.lead_current,
            lead_name,
            current_name,
            inherited,
            task.co,
            task.co_text,
            result.co_current,
            self._co_names(task.co, task.co_text),
            deadline.day if deadline.kind.dated else None,
            deadline.kind.value,
            task.deadline_text,
            original.day if original else None,
            deadline.text if original is not None else None,
            task.reported_status,
            task.progress,
            result.completed,
            result.completed_on,
            result.completion_observed_on,
            status,
            status.label,
            result.days_overdue,
            group,
        )


def project(result: TaskStatus, registry: Registry) -> TaskView:
    """The one projection of a computed task (see the module docstring)."""
    return Projector(registry)(result)


def rate_text(rate: float | None) -> str:
    """An on-time rate as people read it (`83%`, `—` when there is none)."""
    return "—" if rate is None else f"{rate * 100:.0f}%"


def search_text(view: TaskView) -> str:
    """What the dashboard's search matches: id, title, agencies by every name, programme,
    folded (case, diacritics and spelling variants aside)."""
    parts = [
        view.id,
        view.title,
        view.lead_current_name,
        view.lead_name,
        view.lead_text,
        *view.co_names,
        view.program,
    ]
    return fold(" ".join(p for p in parts if p))


def project_all(results: Iterable[TaskStatus], registry: Registry) -> list[TaskView]:
    return list(map(Projector(registry), results))


class AssignmentJSON(TypedDict):
    """One task in the §6 JSON shape, plus display names and the status label."""

    id: str | None
    sheet: str
    sheet_row: int
    title: str | None
    program: str | None
    meeting: str | None
    assigned_on: str | None
    lead: str | None
    lead_text: str | None
    lead_current: str | None
    lead_name: str | None
    lead_current_name: str
    co: list[str | None]
    co_text: list[str]
    co_current: list[str | None]
    deadline: str | None
    deadline_kind: str
    deadline_text: str | None
    deadline_original: str | None
    reported_status: str | None
    progress: float | None
    completed: bool
    completed_on: str | None
    completion_observed_on: str | None
    status: str
    status_label: str
    days_overdue: int | None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def assignment_json(view: TaskView) -> AssignmentJSON:
    """The §6 JSON of one task, selected from its projection (dates as ISO text)."""
    return {
        "id": view.id,
        "sheet": view.sheet,
        "sheet_row": view.sheet_row,
        "title": view.title,
        "program": view.program,
        "meeting": view.meeting,
        "assigned_on": _iso(view.assigned_on),
        "lead": view.lead,
        "lead_text": view.lead_text,
        "lead_current": view.lead_current,
        "lead_name": view.lead_name,
        "lead_current_name": view.lead_current_name,
        "co": list(view.co),
        "co_text": list(view.co_text),
        "co_current": list(view.co_current),
        "deadline": _iso(view.deadline),
        "deadline_kind": view.deadline_kind,
        "deadline_text": view.deadline_text,
        "deadline_original": _iso(view.deadline_original),
        "reported_status": view.reported_status,
        "progress": view.progress,
        "completed": view.completed,
        "completed_on": _iso(view.completed_on),
        "completion_observed_on": _iso(view.completion_observed_on),
        "status": view.status.value,
        "status_label": view.status_label,
        "days_overdue": view.days_overdue,
    }


# --- orderings every output shares ---------------------------------------------------------


def group_order(registry: Registry) -> Callable[[str, str], tuple[int, str]]:
    """Sort key for a group (its key and name) as a secretariat lists agencies: ministries,
    national bodies, provinces, others, collective leads, then agencies the registry does not
    know (by name), then a blank lead."""
    order = display_order(registry)

    def place(group: str, name: str) -> tuple[int, str]:
        if group == NO_LEAD:
            return (6, "")
        if group.startswith("?"):
            return (5, name)
        return order(group)

    return place


def overdue_order(view: TaskView) -> tuple[int, str]:
    """Within a list of overdue tasks: the most days overdue first, then by id."""
    return (-(view.days_overdue or 0), view.id or "")


def deadline_label(view: TaskView) -> str:
    """The deadline as people read it beside the day it falls on: as written, and, when it
    was revised, the revision too (`16/12/2025; điều chỉnh: 26/12/2025`), so that a reader
    never takes the revised day for the original text's."""
    if view.deadline_revised_text is None:
        return view.deadline_text or ""
    revised = f"điều chỉnh: {view.deadline_revised_text}"
    return f"{view.deadline_text}; {revised}" if view.deadline_text else revised


def deadline_order(view: TaskView) -> tuple[dt.date, str]:
    """The nearest deadline first (undated last), then by key."""
    return (view.deadline or dt.date.max, view.key)


# --- the cells of a task as written -------------------------------------------------------


def written_cells(task: Assignment) -> dict[str, object]:
    """What a task's cells say, field by field (the workbook's fields of DESIGN §2), as the
    user wrote them: dates as d/m/yyyy text, agencies and deadlines as written."""
    revised = task.deadline.text if task.deadline_original is not None else None
    return {
        "id": task.id,
        "title": task.title,
        "program": task.program,
        "meeting": task.meeting,
        "assigned_on": f"{task.assigned_on:%d/%m/%Y}" if task.assigned_on else None,
        "lead": task.lead_text,
        "co": "; ".join(task.co_text) or None,
        "deadline": task.deadline_text,
        "deadline_revised": revised,
        "status": task.reported_status,
        "progress": f"{task.progress:g}%" if task.progress is not None else None,
        "completed_on": f"{task.completed_on:%d/%m/%Y}" if task.completed_on else None,
        "report": task.report,
        "source_doc": task.source_doc,
        "notes": task.notes,
    }
