"""Tasks and workbooks as JSON-ready values, and back: what the history store and the brief
snapshots hold. Pure; no database here."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from ..core.agencies import Registry
from ..core.dates import iso
from ..core.model import (
    Agency,
    AgencyKind,
    Assignment,
    Contact,
    Deadline,
    DeadlineKind,
    Meeting,
    Problem,
    Severity,
)
from ..core.workbook import ParsedWorkbook


@lru_cache(maxsize=16384)
def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _deadline_dict(deadline: Deadline | None) -> dict[str, Any] | None:
    if deadline is None:
        return None
    return {
        "kind": deadline.kind.value,
        "day": iso(deadline.day),
        "text": deadline.text,
        "issue": deadline.issue,
        "invalid": deadline.invalid,
    }


def _deadline(data: dict[str, Any] | None) -> Deadline | None:
    if data is None:
        return None
    return _deadline_of(data["kind"], data["day"], data["text"], data["issue"], data["invalid"])


@lru_cache(maxsize=16384)
def _deadline_of(
    kind: str, day: str | None, text: str, issue: str | None, invalid: bool
) -> Deadline:
    # Deadlines are immutable and the same texts recur thousands of times: build each once.
    return Deadline(DeadlineKind(kind), _day(day), text, issue, invalid)


def task_payload(task: Assignment) -> dict[str, Any]:
    """The task as JSON-ready values; blank fields are left out (smaller, faster to read)."""
    full: dict[str, Any] = {
        "id": task.id,
        "sheet": task.sheet,
        "sheet_row": task.sheet_row,
        "title": task.title,
        "program": task.program,
        "meeting": task.meeting,
        "assigned_on": iso(task.assigned_on),
        "lead": task.lead,
        "lead_text": task.lead_text,
        "co": list(task.co),
        "co_text": list(task.co_text),
        "deadline": _deadline_dict(task.deadline),
        "deadline_original": _deadline_dict(task.deadline_original),
        "deadline_text": task.deadline_text,
        "reported_status": task.reported_status,
        "progress": task.progress,
        "completed_on": iso(task.completed_on),
        "report": task.report,
        "source_doc": task.source_doc,
        "notes": task.notes,
        "completed_reported": task.completed_reported,
        "cancelled": task.cancelled,
        "explanation": task.explanation,
    }
    return {k: v for k, v in full.items() if v is not None and v != [] and v is not False}


def task_from_payload(data: dict[str, Any]) -> Assignment:
    get = data.get
    deadline = _deadline(data["deadline"])
    assert deadline is not None
    return Assignment(
        id=get("id"),
        sheet=data["sheet"],
        sheet_row=data["sheet_row"],
        title=get("title"),
        program=get("program"),
        meeting=get("meeting"),
        assigned_on=_day(get("assigned_on")),
        lead=get("lead"),
        lead_text=get("lead_text"),
        co=tuple(get("co", ())),
        co_text=tuple(get("co_text", ())),
        deadline=deadline,
        deadline_original=_deadline(get("deadline_original")),
        deadline_text=get("deadline_text"),
        reported_status=get("reported_status"),
        progress=get("progress"),
        completed_on=_day(get("completed_on")),
        report=get("report"),
        source_doc=get("source_doc"),
        notes=get("notes"),
        completed_reported=get("completed_reported", False),
        cancelled=get("cancelled", False),
        explanation=get("explanation"),
    )


def workbook_extra(workbook: ParsedWorkbook) -> dict[str, Any]:
    """What a workbook holds besides its tasks: meetings, agencies from its `Cơ quan` tab,
    problems, tabs and column letters."""
    builtin = Registry.builtin()
    added = [a for a in workbook.registry if builtin.get(a.code) != a]
    contacts = [
        {
            "sheet_row": c.sheet_row,
            "agency": c.agency,
            "agency_text": c.agency_text,
            "name": c.name,
            "email": c.email,
            "leader": c.leader,
        }
        for c in workbook.contacts
    ]
    return {
        **({"contacts": contacts} if contacts else {}),  # absent: older snapshots compare equal
        "meetings": [
            {
                "id": m.id,
                "sheet_row": m.sheet_row,
                "number": m.number,
                "date": iso(m.date),
                "chair": m.chair,
                "location": m.location,
                "attendees": m.attendees,
                "summary": m.summary,
            }
            for m in workbook.meetings.values()
        ],
        "agencies": [
            {
                "code": a.code,
                "name": a.name,
                "kind": a.kind.value,
                "aliases": list(a.aliases),
                "email": a.email,
            }
            for a in added
        ],
        "problems": [p.to_dict() for p in workbook.problems],
        "assignment_tabs": workbook.assignment_tabs,
        "columns": workbook.columns,
    }


def workbook_from(label: str, extra: dict[str, Any], tasks: list[Assignment]) -> ParsedWorkbook:
    """A workbook from stored tasks and what `workbook_extra` kept beside them."""
    registry = Registry.builtin().with_overrides(
        [
            Agency(
                a["code"], a["name"], AgencyKind(a["kind"]), tuple(a["aliases"]), email=a["email"]
            )
            for a in extra["agencies"]
        ]
    )
    meetings = {
        m["id"]: Meeting(
            m["id"],
            m["sheet_row"],
            m["number"],
            _day(m["date"]),
            m["chair"],
            m["location"],
            m["attendees"],
            m["summary"],
        )
        for m in extra["meetings"]
    }
    problems = [
        Problem(p["sheet"], p["row"], p["column"], Severity(p["severity"]), p["message"])
        for p in extra["problems"]
    ]
    contacts = [
        Contact(c["sheet_row"], c["agency"], c["agency_text"], c["name"], c["email"], c["leader"])
        for c in extra.get("contacts", [])
    ]
    return ParsedWorkbook(
        label,
        assignments=tasks,
        meetings=meetings,
        registry=registry,
        problems=problems,
        assignment_tabs=list(extra["assignment_tabs"]),
        columns=dict(extra["columns"]),
        contacts=contacts,
    )
