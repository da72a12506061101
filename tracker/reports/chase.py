"""Who is reminded of what (`tracker remind`), and the requests for explanation
(`tracker explanations`): computed from an evaluation, the contacts and the history store.

An agency is reminded when, as current lead, it has a task overdue or due soon; the message
goes to its contacts. A task overdue by `explain_after_days` or more becomes a request for
explanation, once (again only if its deadline is moved and passes again): its agency's
leaders are copied and a letter goes with the message. An agency reminded less than
`remind_every_days` ago is held unless a task of its own became overdue or due soon since;
a second run for the same as-of date reminds no one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypedDict

from ..core.agencies import COLLECTIVE
from ..core.model import Contact, Request, SentReminder, Status
from ..core.projection import NO_LEAD, TaskView, deadline_order, group_order, overdue_order
from ..core.settings import Settings
from ..store.location import source_key
from .evaluation import Evaluation
from .sources import resolve_source
from .store import open_store


@dataclass(frozen=True)
class AgencyMail:
    """One agency's reminder: its recipients and the tasks it names."""

    agency: str  # the registry code
    name: str
    to: list[Contact]
    cc: list[Contact]  # its leaders, copied when the message asks for an explanation
    overdue: list[TaskView]  # most days overdue first
    due_soon: list[TaskView]  # nearest deadline first
    co_tasks: list[TaskView]  # open tasks it co-operates on, for information
    escalated: list[TaskView]  # newly asked to explain (overdue by explain_after_days)
    answer_due: dt.date | None  # when the explanations are due


@dataclass
class RemindPlan:
    as_of: dt.date
    source: str
    mails: list[AgencyMail] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # agency, why
    held: list[tuple[str, dt.date]] = field(default_factory=list)  # agency, until
    names: dict[str, str] = field(default_factory=dict)  # agency -> its name, for people


def plan(
    evaluation: Evaluation,
    settings: Settings,
    last: dict[str, SentReminder],
    asked: Mapping[str, dt.date],
    agencies: set[str] | None = None,
    force: bool = False,
) -> RemindPlan:
    """Who gets what on `evaluation.as_of`. `last`: the latest message each agency got;
    `asked`: task key -> the day of its latest request for explanation (a task is asked
    again only once its deadline, moved since, has passed again); `agencies`: only these (codes, as
    current leads); `force`: remind even those held back."""
    as_of = evaluation.as_of
    registry = evaluation.workbook.registry
    result = RemindPlan(as_of, evaluation.workbook.source)
    chased: dict[str, list[TaskView]] = {}
    for view in evaluation.views:
        if view.status in (Status.OVERDUE, Status.DUE_SOON):
            chased.setdefault(view.group, []).append(view)
    contacts: dict[str, list[Contact]] = {}
    for contact in evaluation.workbook.contacts:
        code = registry.current(contact.agency, as_of)
        if code is not None:
            contacts.setdefault(code, []).append(contact)
    co_operated: dict[str, list[TaskView]] = {}
    for view in evaluation.views:
        if view.completed or view.status is Status.CANCELLED:
            continue
        for code in view.co_current:
            if code is not None and code != view.lead_current:
                co_operated.setdefault(code, []).append(view)
    place = group_order(registry)
    names = {group: views[0].group_name for group, views in chased.items()}
    result.names = {group.removeprefix("?"): name for group, name in names.items()}
    for group in sorted(chased, key=lambda g: place(g, names[g])):
        if group == NO_LEAD or group in COLLECTIVE:
            continue  # no one agency to write to
        agency = group.removeprefix("?")  # the name as written for one the registry lacks
        if agencies is not None and agency not in agencies:
            continue
        views = chased[group]
        people = contacts.get(group, [])
        if group.startswith("?"):
            result.skipped.append((agency, "cơ quan không có trong danh mục nên không có đầu mối"))
            continue
        if not people:
            result.skipped.append((agency, "chưa có đầu mối trong trang «Đầu mối»"))
            continue
        overdue = sorted((v for v in views if v.status is Status.OVERDUE), key=overdue_order)
        due_soon = sorted((v for v in views if v.status is Status.DUE_SOON), key=deadline_order)
        previous = last.get(agency)
        if previous is not None and not force:
            until = previous.as_of + dt.timedelta(days=settings.remind_every_days)
            # new since the last message: overdue then and not before, or due soon and
            # neither then
            new = {v.key for v in overdue} - set(previous.overdue) or (
                {v.key for v in due_soon} - set(previous.overdue) - set(previous.due_soon)
            )
            if previous.as_of == as_of or (as_of < until and not new):
                result.held.append((agency, max(until, as_of + dt.timedelta(days=1))))
                continue
        escalated = [
            v
            for v in overdue
            if (v.days_overdue or 0) >= settings.explain_after_days
            and (v.key not in asked or (v.deadline is not None and asked[v.key] < v.deadline))
        ]
        # one address once: the same person may be listed under a ministry and its successor
        unique = list({c.email.casefold(): c for c in reversed(people)}.values())[::-1]
        staff = [c for c in unique if not c.leader] or unique
        leaders = [c for c in unique if c.leader and c not in staff]
        co_tasks = sorted(co_operated.get(group, []), key=deadline_order)
        answer_due = (
            settings.calendar.add_working_days(as_of, settings.explain_within_days)
            if escalated
            else None
        )
        result.mails.append(
            AgencyMail(
                agency,
                registry.name(agency),
                staff,
                leaders if escalated else [],
                overdue,
                due_soon,
                co_tasks,
                escalated,
                answer_due,
            )
        )
    return result


def latest_requests(found: list[Request]) -> dict[str, dt.date]:
    """Task key -> the day it was last asked to explain (answered or not)."""
    latest: dict[str, dt.date] = {}
    for request in found:
        day = latest.get(request.task_key)
        if day is None or request.requested_on > day:
            latest[request.task_key] = request.requested_on
    return latest


def stored_requests(settings: Settings, source: str | None) -> list[Request]:
    """The requests for explanation of a source in the history store ([] without one)."""
    from ..store.chase import requests  # SQLAlchemy only for the commands that read requests

    store = open_store(settings)
    if store is None:
        return []
    try:
        return requests(store, source_key(resolve_source(source, settings)))
    finally:
        store.close()


# --- the reports ----------------------------------------------------------------------------


class SentJSON(TypedDict):
    agency: str
    name: str
    to: list[str]
    cc: list[str]
    overdue: list[str | None]
    due_soon: list[str | None]
    explanations: list[str | None]
    message_id: str | None


class SkippedJSON(TypedDict):
    agency: str
    name: str
    reason: str


class FailedJSON(TypedDict):
    agency: str
    name: str
    error: str


class HeldJSON(TypedDict):
    agency: str
    name: str
    until: str


class RemindReport(TypedDict):
    as_of: str
    source: str
    dry_run: bool
    sent: list[SentJSON]
    skipped: list[SkippedJSON]
    failed: list[FailedJSON]
    held: list[HeldJSON]
    letters: list[str]
    warnings: list[str]  # e.g. a message that went without its brief


def sent_json(
    mail: AgencyMail,
    message_id: str | None,
    to: list[str] | None = None,
    cc: list[str] | None = None,
) -> SentJSON:
    """A message as the report lists it; `to` and `cc`: the addresses the server accepted
    (default: every address of the plan)."""
    return {
        "agency": mail.agency,
        "name": mail.name,
        "to": to if to is not None else [c.email for c in mail.to],
        "cc": cc if cc is not None else [c.email for c in mail.cc],
        "overdue": [v.id for v in mail.overdue],
        "due_soon": [v.id for v in mail.due_soon],
        "explanations": [v.id for v in mail.escalated],
        "message_id": message_id,
    }


class RequestJSON(TypedDict):
    task: str
    title: str | None
    agency: str
    requested_on: str
    answer_due: str
    days_overdue: int
    state: str  # open, late, answered
    answered_on: str | None
    note: str | None


class AgencyRequests(TypedDict):
    agency: str
    name: str
    requests: list[RequestJSON]


class ExplanationsReport(TypedDict):
    as_of: str
    source: str
    counts: dict[str, int]  # open, late, answered
    agencies: list[AgencyRequests]


STATES = ("late", "open", "answered")
STATE_LABELS = {"open": "Đang chờ", "late": "Quá hạn giải trình", "answered": "Đã giải trình"}


def explanations_report(evaluation: Evaluation, found: list[Request]) -> ExplanationsReport:
    """Every request of the source as of `evaluation.as_of`, by agency (late ones first)."""
    as_of = evaluation.as_of
    registry = evaluation.workbook.registry
    titles = {v.key: v.title for v in evaluation.views}
    titles.update({t.key: t.title for t in evaluation.workbook.assignments if t.key not in titles})
    by_agency: dict[str, list[RequestJSON]] = {}
    counts = dict.fromkeys(STATES, 0)
    for request in found:
        state = request.state(as_of)
        counts[state] += 1
        answered = request.answered_on if state == "answered" else None  # not yet on as_of
        by_agency.setdefault(request.agency, []).append(
            {
                "task": request.task_key,
                "title": titles.get(request.task_key),
                "agency": request.agency,
                "requested_on": request.requested_on.isoformat(),
                "answer_due": request.answer_due.isoformat(),
                "days_overdue": request.days_overdue,
                "state": state,
                "answered_on": answered.isoformat() if answered else None,
                "note": request.note if answered else None,
            }
        )
    place = group_order(registry)
    agencies: list[AgencyRequests] = [
        {
            "agency": agency,
            "name": registry.name(agency),
            "requests": sorted(items, key=lambda r: (STATES.index(r["state"]), r["answer_due"])),
        }
        for agency, items in sorted(
            by_agency.items(), key=lambda kv: place(kv[0], registry.name(kv[0]))
        )
    ]
    return {
        "as_of": as_of.isoformat(),
        "source": evaluation.workbook.source,
        "counts": counts,
        "agencies": agencies,
    }
