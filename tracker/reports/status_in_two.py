"""`tracker status --json` of a large local workbook in two processes, each taking its own
tabs all the way from the cells to the JSON text.

`parallel.load_in_two` splits only the reading: the child's tasks are pickled across, and
their statuses, projection and JSON are then worked out here. Yet nothing in the status
report after the reading needs the tasks of other tabs but one check, that ids are unique
across tabs. So here the forked child reads, evaluates, projects and writes the JSON of the
later tabs, and sends back that text (as UTF-8, written out as it is, never decoded), its
problems and each task's (id, sheet, row); this process does the same for the earlier tabs,
checks the ids of both and writes the report (only once both halves are read: a tab that
cannot be read is an error line, never half a report).
The text is byte for byte the one-process report's (a test keeps them equal), and if the
child fails this process does its tabs too.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..core.model import Problem
from ..core.settings import Settings
from ..core.workbook import ParsedWorkbook, duplicate_ids
from .bulk import bulk_work
from .evaluation import evaluate
from .json_text import Piece, TaskJSON, WrittenTasks, chunks
from .parallel import Plan, own_problems, parse_part, start_child, tab_groups
from .sources import local_path, resolve_source
from .tasks import status_envelope

# The child's share of the work: this process then takes in its text and writes the report.
CHILD_SHARE = 0.5


@dataclass(frozen=True)
class _Half:
    """What one process found in its tabs, as the report needs it."""

    text: str  # the JSON objects of its tasks, comma-separated
    assignment_tabs: list[str]
    problems: list[Problem]  # those of its tabs, in reading order
    dated: list[Problem]  # those that depend on the as-of date (after every reading problem)
    ids: list[tuple[str | None, str, int]]  # (id, sheet, row) of each task
    columns: dict[str, dict[str, str]]


def status_json_in_two(
    source: str | None,
    settings: Settings,
    as_of: dt.date,
    due_soon_days: int,
    observed: dict[str, dt.date],
) -> Iterator[Piece] | None:
    """The pieces of `json_text.status_json` for `source`, worked out in two processes (see
    the module docstring); None when the source is not a local workbook large enough to
    split, forking is not safe here, or it holds no assignment tab (then read it in one)."""
    name = resolve_source(source, settings)
    path = local_path(name)
    groups = tab_groups(path, CHILD_SHARE) if path is not None and path.is_file() else None
    if path is None or groups is None:
        return None
    first, later = groups

    def half(plan: Plan) -> tuple[ParsedWorkbook, _Half]:
        workbook = parse_part(path, plan, settings)
        evaluation = evaluate(workbook, as_of, due_soon_days, observed)
        found = _Half(
            ", ".join(map(TaskJSON(), evaluation.views)),
            workbook.assignment_tabs,
            own_problems(workbook, plan),
            evaluation.problems[len(workbook.problems) :],
            [(task.id, task.sheet, task.sheet_row) for task in workbook.assignments],
            workbook.columns,
        )
        return workbook, found

    with bulk_work(), start_child(lambda: _pack(half(later)[1])) as child:
        workbook, mine = half(first)
        # Everything is read before anything is written: a tab that cannot be read (the
        # child failed, and so does this process) is one error line and no partial report.
        data = child()
        text: Piece
        if data is not None:
            theirs, text = _unpack(data)
        else:
            theirs = half(later)[1]
            text = theirs.text
    if not (mine.assignment_tabs or theirs.assignment_tabs):
        return None
    workbook.source = name
    problems = [
        *workbook.problems,  # the meetings', agencies' and contacts' tabs, then its own
        *theirs.problems,
        *duplicate_ids([*mine.ids, *theirs.ids], {**mine.columns, **theirs.columns}),
        *mine.dated,
        *theirs.dated,
    ]
    found = [p.to_dict() for p in problems]
    return chunks(status_envelope(as_of, workbook, WrittenTasks([mine.text, text]), found))


def _pack(found: _Half) -> bytes:
    """What the child sends: its findings pickled, after their length, then its tasks' text
    as UTF-8 (written out as it is, never decoded)."""
    rest = pickle.dumps(replace(found, text=""), pickle.HIGHEST_PROTOCOL)
    return len(rest).to_bytes(8, "big") + rest + found.text.encode("utf-8")


def _unpack(data: bytes) -> tuple[_Half, memoryview]:
    size = int.from_bytes(data[:8], "big")
    view = memoryview(data)
    found: _Half = pickle.loads(view[8 : 8 + size])
    return found, view[8 + size :]
