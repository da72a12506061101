"""The §6 JSON reports as text: byte for byte what `json.dumps(report, ensure_ascii=False)`
writes for `tasks.status_report` and `tasks.overdue_report`, written faster.

Those reports hold one object per task, mostly of values that repeat from task to task (the
sheet, programme, agencies, deadline, status). `TaskJSON` writes each task's object straight
from its projection, each repeating part encoded once, instead of building a dict per task
for `json.dumps` to walk. A test keeps both ways equal.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Hashable, Iterator
from json.encoder import encode_basestring

from ..core.model import Status
from ..core.projection import TaskView
from .evaluation import Evaluation
from .parallel import render_in_two
from .tasks import overdue_shape, status_shape

# A piece of a report's JSON: text, or text already encoded as UTF-8.
Piece = str | bytes | memoryview


class Tasks:
    """A report's list of tasks, to be written as JSON text by `TaskJSON`."""

    def __init__(self, views: list[TaskView]) -> None:
        self.views = views


class WrittenTasks:
    """A report's list of tasks already written by `TaskJSON`: runs of objects, each run
    comma-separated, as text or as UTF-8 (a run per process that wrote some)."""

    def __init__(self, runs: list[Piece]) -> None:
        self.runs = runs


def chunks(value: object) -> Iterator[Piece]:
    """The pieces of `json.dumps(value, ensure_ascii=False)` (text, or UTF-8 where
    `WrittenTasks` has it so), where `Tasks` are written by `TaskJSON` (in two processes
    when there are many; see `parallel.render_in_two`)."""
    if isinstance(value, Tasks):
        yield from _task_chunks(value.views)
    elif isinstance(value, WrittenTasks):
        sep = "["
        for run in value.runs:
            if run:
                yield sep
                yield run
                sep = ", "
        yield "]" if sep == ", " else "[]"
    elif isinstance(value, dict) and _holds_tasks(value):
        sep = "{"
        for key, item in value.items():
            yield f"{sep}{encode_basestring(key)}: "
            yield from chunks(item)
            sep = ", "
        yield "}" if value else "{}"
    elif isinstance(value, list) and value and _holds_tasks(value[0]):
        sep = "["
        for item in value:
            yield sep
            yield from chunks(item)
            sep = ", "
        yield "]"
    else:
        yield json.dumps(value, ensure_ascii=False)


def _holds_tasks(value: object) -> bool:
    """Whether a report (or a group in it) holds `Tasks`: the rest goes to json.dumps."""
    if isinstance(value, Tasks | WrittenTasks):
        return True
    return (
        isinstance(value, dict)
        and all(type(k) is str for k in value)
        and any(
            isinstance(v, Tasks | WrittenTasks)
            or (isinstance(v, list) and v and _holds_tasks(v[0]))
            for v in value.values()
        )
    )


def _task_chunks(views: list[TaskView]) -> Iterator[str]:
    if not views:
        yield "[]"
        return
    write = TaskJSON()
    later = render_in_two(views, lambda part: ", ".join(map(write, part)))
    yield "["
    yield ", ".join(map(write, views[: len(views) - len(later.items)]))
    if later.items:
        yield ", "
        yield later.result()
    yield "]"


def _text(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def _day(value: dt.date | None) -> str:
    return "null" if value is None else f'"{value.isoformat()}"'


def _list(values: tuple[str | None, ...]) -> str:
    return "[" + ", ".join(map(_text, values)) + "]"


class TaskJSON:
    """A task's §6 JSON object (`projection.assignment_json`) as text, from its view."""

    def __init__(self) -> None:
        # Each repeating part of a task's object, written once: by sheet, by lead, by co-
        # agencies, by deadline, by reported status, by status; and each day.
        self._sheets: dict[str, str] = {}
        self._leads: dict[Hashable, str] = {}
        self._cos: dict[Hashable, str] = {}
        self._deadlines: dict[Hashable, str] = {}
        self._reported: dict[str | None, str] = {}
        self._statuses: dict[Status, str] = {}
        self._days: dict[dt.date | None, str] = {None: "null"}

    def _day(self, value: dt.date | None) -> str:
        try:
            return self._days[value]
        except KeyError:
            text = self._days[value] = _day(value)
            return text

    def __call__(self, v: TaskView) -> str:
        sheet = self._sheets.get(v.sheet)
        if sheet is None:
            sheet = self._sheets[v.sheet] = _text(v.sheet)
        lead_key = (v.lead, v.lead_text, v.lead_current)
        lead = self._leads.get(lead_key)
        if lead is None:
            lead = self._leads[lead_key] = (
                f'"lead": {_text(v.lead)}, "lead_text": {_text(v.lead_text)}, '
                f'"lead_current": {_text(v.lead_current)}, "lead_name": {_text(v.lead_name)}, '
                f'"lead_current_name": {_text(v.lead_current_name)}, '
            )
        co_key = (v.co, v.co_text, v.co_current)
        co = self._cos.get(co_key)
        if co is None:
            co = self._cos[co_key] = (
                f'"co": {_list(v.co)}, "co_text": {_list(v.co_text)}, '
                f'"co_current": {_list(v.co_current)}, '
            )
        deadline_key = (v.deadline, v.deadline_kind, v.deadline_text, v.deadline_original)
        deadline = self._deadlines.get(deadline_key)
        if deadline is None:
            deadline = self._deadlines[deadline_key] = (
                f'"deadline": {_day(v.deadline)}, "deadline_kind": {_text(v.deadline_kind)}, '
                f'"deadline_text": {_text(v.deadline_text)}, '
                f'"deadline_original": {_day(v.deadline_original)}, '
            )
        reported = self._reported.get(v.reported_status)
        if reported is None:
            reported = self._reported[v.reported_status] = _text(v.reported_status)
        status = self._statuses.get(v.status)
        if status is None:
            status = self._statuses[v.status] = (
                f'"status": {_text(v.status.value)}, "status_label": {_text(v.status_label)}, '
            )
        day = self._day
        progress = "null" if v.progress is None else repr(v.progress)
        overdue = "null" if v.days_overdue is None else str(v.days_overdue)
        return (
            f'{{"id": {_text(v.id)}, "sheet": {sheet}, "sheet_row": {v.sheet_row}, '
            f'"title": {_text(v.title)}, "program": {_text(v.program)}, '
            f'"meeting": {_text(v.meeting)}, "assigned_on": {day(v.assigned_on)}, '
            f"{lead}{co}{deadline}"
            f'"reported_status": {reported}, "progress": {progress}, '
            f'"completed": {"true" if v.completed else "false"}, '
            f'"completed_on": {day(v.completed_on)}, '
            f'"completion_observed_on": {day(v.completion_observed_on)}, '
            f'{status}"days_overdue": {overdue}}}'
        )


def status_json(evaluation: Evaluation) -> Iterator[Piece]:
    """The pieces of `json.dumps(tasks.status_report(evaluation), ensure_ascii=False)`."""
    return chunks(status_shape(evaluation, Tasks))


def overdue_json(
    evaluation: Evaluation, agency: str | None = None, program: str | None = None
) -> Iterator[Piece]:
    """The pieces of `json.dumps(tasks.overdue_report(...), ensure_ascii=False)`."""
    return chunks(overdue_shape(evaluation, Tasks, agency, program))
