"""Status and KPIs as of a date (DESIGN.md §5); pure, the date is passed in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypedDict, TypeVar

from .agencies import Registry
from .model import Assignment, DeadlineKind, Problem, Severity, Status

K = TypeVar("K")


@dataclass(frozen=True)
class TaskStatus:
    """One task as it stands on `as_of`."""

    task: Assignment
    status: Status
    completed: bool
    completed_on: dt.date | None
    lead_current: str | None
    co_current: tuple[str | None, ...]
    days_overdue: int | None
    # completion first observed by a sync (no completion date in the sheet), when known
    completion_observed_on: dt.date | None = None


def is_completed(task: Assignment, as_of: dt.date) -> bool:
    """Completed on `as_of`: reported done, 100 %, or a completion date, and not completed
    after `as_of` (a task completed later was not yet completed then)."""
    if task.completed_on is not None:
        return task.completed_on <= as_of
    return task.completed_reported or (task.progress is not None and task.progress >= 100)


def task_status(
    task: Assignment,
    as_of: dt.date,
    due_soon_days: int,
    registry: Registry,
    observed_on: dt.date | None = None,
) -> TaskStatus:
    """The task's status on `as_of`. `observed_on`: the day a sync first saw it completed,
    which settles a completion without a date: seen on or before the deadline, it was
    certainly done in time."""
    completed = is_completed(task, as_of)
    deadline = task.deadline
    day = deadline.day if deadline.kind.dated else None
    days_overdue = None
    observed = observed_on if completed and task.completed_on is None else None
    if task.cancelled:
        status = Status.CANCELLED
    elif completed:
        if day is None:
            status = Status.DONE_ON_TIME
        elif task.completed_on is not None:
            status = Status.DONE_ON_TIME if task.completed_on <= day else Status.DONE_LATE
        elif as_of <= day or (observed is not None and observed <= day):
            status = Status.DONE_ON_TIME
        else:
            status = Status.DONE_UNDATED
    elif day is not None:
        left = (day - as_of).days
        if left < 0:
            status, days_overdue = Status.OVERDUE, -left
        elif left <= due_soon_days:
            status = Status.DUE_SOON
        else:
            status = Status.IN_PROGRESS
    elif deadline.kind is DeadlineKind.ONGOING:
        status = Status.ONGOING
    else:
        status = Status.NO_DEADLINE
    return TaskStatus(
        task=task,
        status=status,
        completed=completed,
        completed_on=task.completed_on if completed else None,
        lead_current=registry.current(task.lead, as_of),
        co_current=tuple(registry.current(code, as_of) for code in task.co),
        days_overdue=days_overdue,
        completion_observed_on=observed,
    )


def compute_statuses(
    tasks: Iterable[Assignment],
    as_of: dt.date,
    due_soon_days: int,
    registry: Registry,
    columns: Mapping[str, Mapping[str, str]] | None = None,
    observed_completion: Mapping[str, dt.date] | None = None,
) -> tuple[list[TaskStatus], list[Problem]]:
    """Every task that exists on `as_of` (assigned on or before it) with its status, and the
    warnings that depend on the date (completed without a date after the deadline), placed at
    the completion-date column when `columns` (sheet -> field -> letter) knows it.
    `observed_completion`: task key -> the day a sync first saw it completed."""
    observed_completion = observed_completion or {}
    results: list[TaskStatus] = []
    problems: list[Problem] = []
    for task in tasks:
        if task.assigned_on is not None and task.assigned_on > as_of:
            continue
        result = task_status(
            task, as_of, due_soon_days, registry, observed_completion.get(task.key)
        )
        results.append(result)
        if result.status is Status.DONE_UNDATED:
            problems.append(
                Problem(
                    task.sheet,
                    task.sheet_row,
                    (columns or {}).get(task.sheet, {}).get("completed_on"),
                    Severity.WARNING,
                    f"nhiệm vụ «{task.key}» báo hoàn thành nhưng chưa ghi ngày hoàn thành, "
                    "thời hạn đã qua nên không rõ có đúng hạn hay không",
                )
            )
    return results, problems


class KpiJSON(TypedDict):
    counts: dict[str, int]
    total: int
    on_time_rate: float | None


@dataclass(frozen=True)
class Kpi:
    counts: dict[Status, int]
    total: int

    @property
    def on_time_rate(self) -> float | None:
        """done_on_time / (done_on_time + done_late + overdue); None when that is 0."""
        on_time = self.counts[Status.DONE_ON_TIME]
        base = on_time + self.counts[Status.DONE_LATE] + self.counts[Status.OVERDUE]
        return on_time / base if base else None

    def to_dict(self) -> KpiJSON:
        rate = self.on_time_rate
        return {
            "counts": {status.value: n for status, n in self.counts.items()},
            "total": self.total,
            "on_time_rate": rate,
        }


class HasStatus(Protocol):
    """A task with a computed status: a TaskStatus, or its projection."""

    @property
    def status(self) -> Status: ...


def kpi(results: Iterable[HasStatus]) -> Kpi:
    counts = dict.fromkeys(Status, 0)
    for result in results:
        counts[result.status] += 1
    return Kpi(counts, sum(counts.values()))


def group_kpis(results: list[TaskStatus], key: Callable[[TaskStatus], K]) -> dict[K, Kpi]:
    """KPIs per group, groups in order of first appearance."""
    groups: dict[K, list[TaskStatus]] = {}
    for result in results:
        groups.setdefault(key(result), []).append(result)
    return {name: kpi(members) for name, members in groups.items()}
