"""`tracker minutes`: a session's record and workbook in, its documents out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ...core.errors import BadArgument
from ...core.model import Assignment, meeting_id_problem
from ...core.settings import Settings
from ...core.workbook import ParsedWorkbook
from ...reports.evaluation import evaluate
from ...reports.history import observations
from ...reports.sources import load, local_path, resolve_source, today
from ...sources.meeting_record import MeetingRecord, load_record, record_path
from .documents import MinutesResult, new_tasks, render_all


def _record(
    source: str | None, settings: Settings, meeting: str, record: Path | None
) -> tuple[ParsedWorkbook, MeetingRecord]:
    problem = meeting_id_problem(meeting)
    if problem:
        raise BadArgument(problem)
    workbook = load(source, settings)
    local = local_path(resolve_source(source, settings))
    return workbook, load_record(record_path(meeting, local, record), meeting, workbook)


def minutes(
    source: str | None,
    settings: Settings,
    meeting: str,
    out: Path,
    as_of: dt.date | None,
    record: Path | None = None,
    due_soon_days: int = 7,
) -> MinutesResult:
    """The documents of a session. The next session's agenda carries over every task still
    overdue on the next meeting's date in `Phiên họp` (else on `as_of`, else today).
    Raises RecordInvalid (exit 1) when the record names an unknown agency or a deadline the
    tracker does not understand."""
    workbook, parsed = _record(source, settings, meeting, record)
    held = parsed.meeting.date
    later = sorted(m.date for m in workbook.meetings.values() if m.date and held and m.date > held)
    day = later[0] if later else (as_of or today())
    evaluation = evaluate(workbook, day, due_soon_days, observations(settings, source))
    return render_all(parsed, evaluation, day, out, (t.id for t in workbook.assignments))


def minutes_tasks(
    source: str | None, settings: Settings, meeting: str, record: Path | None = None
) -> list[Assignment]:
    """The record's new tasks, with ids that the sheet does not have yet."""
    workbook, parsed = _record(source, settings, meeting, record)
    return new_tasks(parsed, (t.id for t in workbook.assignments))
