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

from ..core.projection import TaskView
from .evaluation import Evaluation
from .parallel import render_in_two
from .tasks import overdue_shape, status_shape


class Tasks:
    """A report's list of tasks, to be written as JSON text by `TaskJSON`."""

    def __init__(self, views: list[TaskView]) -> None:
        self.views = views


class WrittenTasks:
    """A report's list of tasks already written by `TaskJSON`: runs of objects, each run
    comma-separated (a run per process that wrote some)."""

    def __init__(self, runs: list[str]) -> None:
        self.runs = runs


def chunks(value: object) -> Iterator[str]:
    """The pieces of `json.dumps(value, ensure_ascii=False)`, where `Tasks` are written by
    `TaskJSON` (in two processes when there are many; see `parallel.render_in_two`)."""
    if isinstance(value, Tasks):
        yield from _task_chunks(value.views)
    elif isinstance(value, WrittenTasks):
        yield "[" + ", ".join(run for run in value.runs if run) + "]"
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
        self._parts: dict[Hashable, str] = {}

    def __call__(self, v: TaskView) -> str:
        parts = self._parts
        sheet_key = ("h", v.sheet)
        sheet = parts.get(sheet_key)
        if sheet is None:
            sheet = parts[sheet_key] = _text(v.sheet)
        texts_key = ("t", v.title, v.program, v.meeting)
        texts = parts.get(texts_key)
        if texts is None:
            texts = parts[texts_key] = (
                f'"title": {_text(v.title)}, "program": {_text(v.program)}, '
                f'"meeting": {_text(v.meeting)}, '
            )
        lead_key = ("l", v.lead, v.lead_text, v.lead_current)
        lead = parts.get(lead_key)
        if lead is None:
            lead = parts[lead_key] = (
                f'"lead": {_text(v.lead)}, "lead_text": {_text(v.lead_text)}, '
                f'"lead_current": {_text(v.lead_current)}, "lead_name": {_text(v.lead_name)}, '
                f'"lead_current_name": {_text(v.lead_current_name)}, '
            )
        co_key = ("c", v.co, v.co_text, v.co_current)
        co = parts.get(co_key)
        if co is None:
            co = parts[co_key] = (
                f'"co": {_list(v.co)}, "co_text": {_list(v.co_text)}, '
                f'"co_current": {_list(v.co_current)}, '
            )
        deadline_key = ("d", v.deadline, v.deadline_kind, v.deadline_text, v.deadline_original)
        deadline = parts.get(deadline_key)
        if deadline is None:
            deadline = parts[deadline_key] = (
                f'"deadline": {_day(v.deadline)}, "deadline_kind": {_text(v.deadline_kind)}, '
                f'"deadline_text": {_text(v.deadline_text)}, '
                f'"deadline_original": {_day(v.deadline_original)}, '
            )
        reported_key = ("r", v.reported_status)
        reported = parts.get(reported_key)
        if reported is None:
            reported = parts[reported_key] = _text(v.reported_status)
        status_key = ("s", v.status)
        status = parts.get(status_key)
        if status is None:
            status = parts[status_key] = (
                f'"status": {_text(v.status.value)}, "status_label": {_text(v.status_label)}, '
            )
        progress = "null" if v.progress is None else repr(v.progress)
        overdue = "null" if v.days_overdue is None else str(v.days_overdue)
        return (
            f'{{"id": {_text(v.id)}, "sheet": {sheet}, "sheet_row": {v.sheet_row}, '
            + texts
            + f'"assigned_on": {_day(v.assigned_on)}, '
            + lead
            + co
            + deadline
            + f'"reported_status": {reported}, "progress": {progress}, '
            f'"completed": {"true" if v.completed else "false"}, '
            f'"completed_on": {_day(v.completed_on)}, '
            f'"completion_observed_on": {_day(v.completion_observed_on)}, '
            + status
            + f'"days_overdue": {overdue}}}'
        )


def status_json(evaluation: Evaluation) -> Iterator[str]:
    """The pieces of `json.dumps(tasks.status_report(evaluation), ensure_ascii=False)`."""
    return chunks(status_shape(evaluation, Tasks))


def overdue_json(
    evaluation: Evaluation, agency: str | None = None, program: str | None = None
) -> Iterator[str]:
    """The pieces of `json.dumps(tasks.overdue_report(...), ensure_ascii=False)`."""
    return chunks(overdue_shape(evaluation, Tasks, agency, program))
