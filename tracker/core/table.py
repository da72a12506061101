"""The task table: one pandas DataFrame row per task, one column per field of the projection.

Built once per evaluation (`Evaluation.table`) from `project`'s TaskViews, so that it says
exactly what the JSON reports say. Its columns are typed:

- dates (`assigned_on`, `deadline`, `deadline_original`, `completed_on`,
  `completion_observed_on`) are `datetime64[s]`, which holds any day from year 1 to 9999
  (the nanosecond type stops in 2262), NaT when missing;
- `status` is an ordered categorical in the order of DESIGN §5 (done on time first,
  cancelled last), `status_label` its Vietnamese label;
- `days_overdue` is a nullable integer (`Int64`), missing unless the task is overdue;
- `co`, `co_text`, `co_current` and `co_names` hold tuples;
- `group` / `group_name` say how tasks group by lead (see `projection.group_key`),
  `inherited_from` names the agency a task was given to before a 2025 succession, and
  `search` is the folded text that the dashboard's search matches.

This module imports pandas; nothing in `tracker.core` imports it, so commands that do not
need the table do not pay for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .model import Status
from .projection import TaskView, search_text

COLUMNS = [*TaskView._fields, "group_name", "search"]
DATE_COLUMNS = (
    "assigned_on",
    "deadline",
    "deadline_original",
    "completed_on",
    "completion_observed_on",
)
STATUS_ORDER = [s.value for s in Status]
STATUS_TYPE = pd.CategoricalDtype(STATUS_ORDER, ordered=True)


def dates(values: Sequence[dt.date | None]) -> np.ndarray:
    """Days as `datetime64[s]` (NaT for None), for any year from 1 to 9999."""
    return np.array(
        [
            np.datetime64(day, "s") if day is not None else np.datetime64("NaT", "s")
            for day in values
        ],
        dtype="datetime64[s]",
    )


def task_table(views: Sequence[TaskView]) -> pd.DataFrame:
    """The task table of `views`, in their order, with a RangeIndex."""
    data: dict[str, object] = {}
    for name in COLUMNS:
        if name == "group_name":
            values: list[object] = [v.lead_current_name for v in views]
        elif name == "search":
            values = [search_text(v) for v in views]
        elif name == "status":
            values = [v.status.value for v in views]
        else:
            values = [getattr(v, name) for v in views]
        if name in DATE_COLUMNS:
            data[name] = dates(values)  # type: ignore[arg-type]
        elif name == "status":
            data[name] = pd.Categorical(values, dtype=STATUS_TYPE)
        elif name in ("days_overdue", "sheet_row"):
            data[name] = pd.array(values, dtype="Int64")  # type: ignore[call-overload]
        elif name == "progress":
            data[name] = pd.array(values, dtype="Float64")  # type: ignore[call-overload]
        elif name == "completed":
            data[name] = pd.array(values, dtype="boolean")  # type: ignore[call-overload]
        else:
            data[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(data, columns=COLUMNS)


def day(value: object) -> dt.date | None:
    """A table cell of a date column as a date (None for NaT)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        return value.astype("datetime64[D]").astype(dt.date)  # type: ignore[no-any-return]
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(value)
