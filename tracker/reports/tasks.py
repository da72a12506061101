"""The §6 reports of the reading commands (check, status, overdue, kpi), as typed dicts in
the JSON shapes of DESIGN §6. Each task in them is selected from its projection
(`tracker.core.projection`); no report builds the pandas table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NotRequired, TypedDict, TypeVar, cast

from ..core.model import ProblemJSON, Status
from ..core.projection import (
    AssignmentJSON,
    TaskView,
    assignment_json,
    group_order,
    overdue_order,
)
from ..core.status import Kpi, KpiJSON, kpi
from ..core.text import fold
from ..core.workbook import ParsedWorkbook
from .evaluation import Evaluation

T = TypeVar("T")


class CheckReport(TypedDict):
    source: str
    stale: NotRequired[bool]
    read_at: NotRequired[str | None]
    problems: list[ProblemJSON]
    errors: int
    warnings: int


class StatusReport(TypedDict):
    as_of: str
    source: str
    stale: NotRequired[bool]
    read_at: NotRequired[str | None]
    assignments: list[AssignmentJSON]
    problems: list[ProblemJSON]


class OverdueGroup(TypedDict):
    lead_current: str | None
    name: str
    tasks: list[AssignmentJSON]


class OverdueReport(TypedDict):
    as_of: str
    source: str
    stale: NotRequired[bool]
    read_at: NotRequired[str | None]
    groups: list[OverdueGroup]


class KpiGroup(TypedDict):
    key: str | None
    name: str
    counts: dict[str, int]
    total: int
    on_time_rate: float | None


class KpiReport(TypedDict):
    as_of: str
    source: str
    stale: NotRequired[bool]
    read_at: NotRequired[str | None]
    by: str
    groups: list[KpiGroup]
    overall: KpiJSON


class Staleness(TypedDict, total=False):
    stale: bool
    read_at: str | None


def staleness(workbook: ParsedWorkbook) -> Staleness:
    """`stale` and `read_at`, present only when the data is an earlier read."""
    if not workbook.stale:
        return {}
    return {"stale": True, "read_at": workbook.read_at.isoformat() if workbook.read_at else None}


def kpi_json(value: Kpi) -> KpiJSON:
    return value.to_dict()


def _problems(evaluation: Evaluation) -> list[ProblemJSON]:
    return [p.to_dict() for p in evaluation.problems]


def check_report(evaluation: Evaluation) -> CheckReport:
    return {
        "source": evaluation.workbook.source,
        **staleness(evaluation.workbook),
        "problems": _problems(evaluation),
        "errors": evaluation.errors,
        "warnings": evaluation.warnings,
    }


def status_report(evaluation: Evaluation) -> StatusReport:
    """Every task with its computed fields (DESIGN §6 `tracker status`)."""
    return cast(StatusReport, status_shape(evaluation, as_json))


def as_json(views: list[TaskView]) -> list[AssignmentJSON]:
    return [assignment_json(v) for v in views]


def status_shape(evaluation: Evaluation, tasks: Callable[[list[TaskView]], T]) -> dict[str, object]:
    """The status report with its list of tasks shown by `tasks` (their §6 JSON, or that
    JSON as text for `json_text`)."""
    return status_envelope(
        evaluation.as_of, evaluation.workbook, tasks(evaluation.views), _problems(evaluation)
    )


def status_envelope(
    as_of: dt.date, workbook: ParsedWorkbook, assignments: object, problems: list[ProblemJSON]
) -> dict[str, object]:
    """The status report around its list of tasks, however that list is shown (its JSON, or
    what writes it for `json_text`)."""
    return {
        "as_of": as_of.isoformat(),
        "source": workbook.source,
        **staleness(workbook),
        "assignments": assignments,
        "problems": problems,
    }


def filtered(views: list[TaskView], agency: str | None, program: str | None) -> list[TaskView]:
    """Tasks whose current lead is `agency` and whose programme is `program` (matched
    with case, spacing and tone-mark placement aside; diacritics count); None keeps all."""
    wanted = fold(program) if program else None
    return [
        v
        for v in views
        if (agency is None or v.lead_current == agency)
        and (wanted is None or fold(v.program or "") == wanted)
    ]


def overdue_groups(views: list[TaskView]) -> list[tuple[TaskView, list[TaskView]]]:
    """Overdue tasks grouped by lead (each group with its first task, which names it): the
    group with the most days overdue first, and within a group the most days overdue first."""
    overdue = sorted((v for v in views if v.status is Status.OVERDUE), key=overdue_order)
    groups: dict[str, list[TaskView]] = {}
    for view in overdue:
        groups.setdefault(view.group, []).append(view)
    return [(members[0], members) for members in groups.values()]


def overdue_report(
    evaluation: Evaluation, agency: str | None = None, program: str | None = None
) -> OverdueReport:
    """Overdue tasks grouped by lead_current, most days overdue first."""
    return cast(OverdueReport, overdue_shape(evaluation, as_json, agency, program))


def overdue_shape(
    evaluation: Evaluation,
    tasks: Callable[[list[TaskView]], T],
    agency: str | None = None,
    program: str | None = None,
) -> dict[str, object]:
    """The overdue report with each task shown by `task` (see `status_shape`)."""
    views = filtered(evaluation.views, agency, program)
    return {
        "as_of": evaluation.as_of.isoformat(),
        "source": evaluation.workbook.source,
        **staleness(evaluation.workbook),
        "groups": [
            {
                "lead_current": first.lead_current,
                "name": first.group_name,
                "tasks": tasks(members),
            }
            for first, members in overdue_groups(views)
        ],
    }


GROUPINGS = ("lead", "program", "meeting")


def _grouped(
    views: list[TaskView], key: Callable[[TaskView], str | None]
) -> dict[str | None, list[TaskView]]:
    """Tasks per group, groups in order of first appearance."""
    groups: dict[str | None, list[TaskView]] = {}
    for view in views:
        groups.setdefault(key(view), []).append(view)
    return groups


def kpi_report(evaluation: Evaluation, by: str = "lead") -> KpiReport:
    """KPIs per group (lead = lead_current; collective leads are groups of their own) and
    overall."""
    rows: list[tuple[tuple[int, str], str | None, str, Kpi]] = []
    if by == "lead":
        place = group_order(evaluation.workbook.registry)
        for members in _grouped(evaluation.views, lambda v: v.group).values():
            first = members[0]
            name = first.group_name
            rows.append((place(first.group, name), first.lead_current, name, kpi(members)))
    elif by in ("program", "meeting"):
        field = "program" if by == "program" else "meeting"
        for key, members in _grouped(evaluation.views, lambda v: getattr(v, field)).items():
            order = (1, "") if key is None else (0, key)
            rows.append((order, key, key if key is not None else "Chưa xác định", kpi(members)))
    else:
        raise ValueError(by)
    rows.sort(key=lambda row: row[0])
    return {
        "as_of": evaluation.as_of.isoformat(),
        "source": evaluation.workbook.source,
        **staleness(evaluation.workbook),
        "by": by,
        "groups": [{"key": key, "name": name, **kpi_json(value)} for _, key, name, value in rows],
        "overall": kpi_json(kpi(evaluation.views)),
    }
