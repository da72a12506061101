"""A workbook as it stands on a date: computed tasks, their projection, the problems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.model import Problem, Severity
from ..core.projection import TaskView, project_all
from ..core.status import TaskStatus, compute_statuses
from ..core.workbook import ParsedWorkbook
from .bulk import bulk_work

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Evaluation:
    """A workbook as it stands on `as_of`. `views` (the projection of every task) and
    `table` (the pandas task table built from it) are computed once, on first use."""

    workbook: ParsedWorkbook
    as_of: dt.date
    due_soon_days: int
    tasks: list[TaskStatus]
    problems: list[Problem]
    _views: list[TaskView] | None = field(default=None, init=False, repr=False, compare=False)
    _table: pd.DataFrame | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def errors(self) -> int:
        return sum(p.severity is Severity.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    def name(self, code: str | None) -> str:
        return self.workbook.registry.name(code)

    @property
    def views(self) -> list[TaskView]:
        """Every task's projection, in the order of `tasks`."""
        if self._views is None:
            with bulk_work():
                views = project_all(self.tasks, self.workbook.registry)
            object.__setattr__(self, "_views", views)
        assert self._views is not None
        return self._views

    @property
    def table(self) -> pd.DataFrame:
        """The task table (see `tracker.core.table`), with `attrs` "as_of" and "source";
        imports pandas on first use."""
        if self._table is None:
            from ..core.table import task_table

            with bulk_work():
                table = task_table(self.views)
            table.attrs.update(as_of=self.as_of, source=self.workbook.source)
            object.__setattr__(self, "_table", table)
        assert self._table is not None
        return self._table


def evaluate(
    workbook: ParsedWorkbook,
    as_of: dt.date,
    due_soon_days: int = 7,
    observed: dict[str, dt.date] | None = None,
) -> Evaluation:
    """The workbook as it stands on `as_of`; `observed`: completions first seen by a sync."""
    with bulk_work():
        tasks, problems = compute_statuses(
            workbook.assignments,
            as_of,
            due_soon_days,
            workbook.registry,
            workbook.columns,
            observed,
        )
    return Evaluation(workbook, as_of, due_soon_days, tasks, [*workbook.problems, *problems])
