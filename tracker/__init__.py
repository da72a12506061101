"""Task-force tracker: what the task force decided, who must do it, by when, and what is late.

For notebooks and scripts, `tasks()` gives the task table as a pandas DataFrame::

    import tracker
    table = tracker.tasks()                       # the embedded sample, as of today
    table = tracker.tasks("phan-cong.xlsx", as_of="2025-06-30")
    table.pivot_table(index="lead_current_name", columns="status", values="id",
                      aggfunc="count", observed=False)

`write_tasks(rows, "loc.xlsx")` writes rows of it (a filter) to an .xlsx;
`evaluation()` gives the whole evaluation (tasks, problems, the table, the projection) for
the reports of `tracker.reports`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from .config import load_settings
from .core.errors import BadArgument, NoAssignmentTab, SourceUnavailable, TrackerError
from .core.model import (
    Agency,
    Assignment,
    Deadline,
    DeadlineKind,
    Meeting,
    Problem,
    Severity,
    Status,
)
from .core.projection import TaskView, project
from .core.settings import Settings
from .core.status import TaskStatus
from .reports.evaluation import Evaluation, evaluate
from .reports.sources import load, today

if TYPE_CHECKING:
    import pandas as pd


def evaluation(
    source: str | None = None,
    as_of: dt.date | str | None = None,
    due_soon_days: int | None = None,
    settings: Settings | None = None,
    offline: bool = False,
) -> Evaluation:
    """Read `source` (a .xlsx path, a Google Sheets URL or `gsheet:<key>`; None: the
    configured source, else the embedded sample) and evaluate it as of `as_of` (a date or
    ISO text; None: today in Vietnam), with completions observed by earlier syncs when a
    history store exists. Settings come from `tracker.toml` and the environment unless given.

    Raises SourceUnavailable when the source cannot be read, BadArgument for a bad date.
    """
    from .reports.history import observations

    settings = settings or load_settings()
    if isinstance(as_of, str):
        try:
            as_of = dt.date.fromisoformat(as_of)
        except ValueError:
            raise BadArgument(f"ngày «{as_of}» không hợp lệ (cần YYYY-MM-DD)") from None
    workbook = load(source, settings, offline=offline)
    try:
        observed = observations(settings, source)
    except TrackerError:  # the history store is optional for reading
        observed = {}
    window = settings.due_soon_days if due_soon_days is None else due_soon_days
    return evaluate(workbook, as_of or today(), window, observed)


def tasks(
    source: str | None = None,
    as_of: dt.date | str | None = None,
    due_soon_days: int | None = None,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """The task table: one row per task that exists on `as_of`, one column per field (see
    `tracker.core.table` for the columns and their types: dates as `datetime64[s]`, `status`
    an ordered categorical in the order of the official taxonomy, `days_overdue` a nullable
    integer, agency names and groups as every output shows them).

    Arguments as for `evaluation()`. Raises SourceUnavailable when the source cannot be read.
    """
    return evaluation(source, as_of, due_soon_days, settings).table


def write_tasks(rows: pd.DataFrame, path: str | Path) -> Path:
    """Write rows of the task table (all of `tasks()`, or a filter of it) to an .xlsx that
    people open: a header in Vietnamese, one row per task, text kept as text. Returns the
    path written (whole or not at all). A text longer than an .xlsx cell holds (32,767
    characters) is cut, with a `UserWarning` naming its cells."""
    import warnings

    from .outputs.exports import cut_warning
    from .outputs.exports import write_tasks as write

    cut: list[str] = []
    written = write(rows, Path(path), cut=cut)
    warning = cut_warning(cut)
    if warning:
        warnings.warn(warning, stacklevel=2)
    return written


__all__ = [
    "Agency",
    "Assignment",
    "BadArgument",
    "Deadline",
    "DeadlineKind",
    "Evaluation",
    "Meeting",
    "NoAssignmentTab",
    "Problem",
    "Settings",
    "Severity",
    "SourceUnavailable",
    "Status",
    "TaskStatus",
    "TaskView",
    "TrackerError",
    "evaluate",
    "evaluation",
    "load",
    "load_settings",
    "project",
    "tasks",
    "today",
    "write_tasks",
]
