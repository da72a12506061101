"""`tracker import-notice`: a conclusion notice (.docx, .pdf, .txt, .md) read into draft task
rows for the secretariat to review, then push (DESIGN §9).

The assignment date that deadlines count from is `--assigned-on`, else the session's date
from the workbook's `Phiên họp` tab (with `--meeting` and a workbook), else the notice's own
date. With `--meeting` and a workbook, rows get ids `<meeting>-NN` after the highest the
sheet has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from ..core.agencies import Registry
from ..core.dates import iso
from ..core.errors import BadArgument
from ..core.model import Assignment, meeting_id_problem
from ..core.notice import DraftTask, NoticeInfo, ParsedNotice, parse_notice
from ..core.settings import Settings
from ..core.workbook import ParsedWorkbook
from ..sources.documents import DocumentText, read_document
from . import sources


class NoticeJSON(TypedDict):
    number: str | None
    date: str | None
    issuer: str | None
    title: str | None
    ocr_pages: list[int]


class DraftJSON(TypedDict):
    id: str | None
    paragraph: int
    text: str
    title: str
    lead: str | None
    lead_text: str | None
    co: list[str | None]
    co_text: list[str]
    deadline: str | None
    deadline_kind: str
    deadline_text: str | None
    problems: list[str]


class NoticeProblemJSON(TypedDict):
    paragraph: int | None
    text: str
    message: str


class ImportReport(TypedDict):
    source: str  # the notice file
    workbook: str | None  # the workbook ids and the session's date came from
    meeting: str | None
    assigned_on: str | None  # the date deadlines count from
    notice: NoticeJSON
    tasks: list[DraftJSON]
    problems: list[NoticeProblemJSON]


@dataclass
class ImportResult:
    report: ImportReport
    assignments: list[Assignment]  # the draft rows, in the workbook's layout


def fresh_ids(prefix: str, taken: Iterable[str | None], count: int) -> list[str]:
    """`count` ids `<prefix>NN` after the highest such id already taken (never colliding)."""
    taken = set(taken)
    used = [
        int(i[len(prefix) :])
        for i in taken
        if i and i.startswith(prefix) and i[len(prefix) :].isdigit()
    ]
    start = max(used, default=0)
    return [f"{prefix}{start + n:02d}" for n in range(1, count + 1)]


def import_notice(
    path: Path,
    settings: Settings,
    source: str | None = None,
    meeting: str | None = None,
    assigned_on: dt.date | None = None,
    program: str | None = None,
) -> ImportResult:
    """Read the notice at `path`. `source`: the workbook (SOURCE, else TRACKER_SOURCE; none
    at all: the built-in registry, no ids). Raises TrackerError (exit 2) for a file that
    cannot be read, a meeting id that is not a plain name and a meeting the workbook does
    not have."""
    problem = meeting_id_problem(meeting) if meeting else None
    if problem:
        raise BadArgument(problem)
    document = read_document(path)
    name = source or settings.source
    workbook: ParsedWorkbook | None = sources.load(name, settings) if name else None
    registry = workbook.registry if workbook else Registry.builtin()
    paragraphs = [p.text for p in document.paragraphs]
    ocr = {i for i, p in enumerate(document.paragraphs) if p.ocr}
    anchor = assigned_on
    if anchor is None and meeting and workbook is not None:
        found = workbook.meetings.get(meeting)
        if found is None:
            known = ", ".join(sorted(workbook.meetings)) or "không có phiên nào"
            raise BadArgument(
                f"Không có phiên họp «{meeting}» trong trang «Phiên họp» của {name} ({known})"
            )
        anchor = found.date
    parsed = parse_notice(
        paragraphs,
        registry,
        anchor,
        settings.calendar,
        settings.deadline_rollover,
        ocr,
    )
    if anchor is None and parsed.info.date is not None:
        anchor = parsed.info.date  # the notice's own date: read again, anchored at it
        parsed = parse_notice(
            paragraphs, registry, anchor, settings.calendar, settings.deadline_rollover, ocr
        )
    ids: list[str | None] = [None] * len(parsed.tasks)
    if meeting and workbook is not None:
        ids = list(
            fresh_ids(f"{meeting}-", (t.id for t in workbook.assignments), len(parsed.tasks))
        )
    assignments = [
        _assignment(task, task_id, parsed.info, meeting, anchor, program)
        for task, task_id in zip(parsed.tasks, ids, strict=True)
    ]
    report = _report(path, document, parsed, ids, name if workbook else None, meeting, anchor)
    return ImportResult(report, assignments)


def _assignment(
    task: DraftTask,
    task_id: str | None,
    info: NoticeInfo,
    meeting: str | None,
    anchor: dt.date | None,
    program: str | None,
) -> Assignment:
    return Assignment(
        id=task_id,
        sheet="",
        sheet_row=0,
        title=task.title,
        program=program,
        meeting=meeting,
        assigned_on=anchor,
        lead=task.lead.code if task.lead else None,
        lead_text=task.lead.text if task.lead else None,
        co=tuple(c.code for c in task.co),
        co_text=tuple(c.text for c in task.co),
        deadline=task.deadline,
        deadline_original=None,
        deadline_text=task.deadline_text,
        reported_status=None,
        progress=None,
        completed_on=None,
        report=None,
        source_doc=info.number,
        notes=None,
    )


def _report(
    path: Path,
    document: DocumentText,
    parsed: ParsedNotice,
    ids: list[str | None],
    workbook: str | None,
    meeting: str | None,
    anchor: dt.date | None,
) -> ImportReport:
    info = parsed.info
    problems: list[NoticeProblemJSON] = [
        {"paragraph": None, "text": "", "message": note} for note in document.notes
    ]
    problems += [
        {"paragraph": p.paragraph, "text": p.text, "message": p.message} for p in parsed.problems
    ]
    return {
        "source": str(path),
        "workbook": workbook,
        "meeting": meeting,
        "assigned_on": iso(anchor),
        "notice": {
            "number": info.number,
            "date": iso(info.date),
            "issuer": info.issuer,
            "title": info.title,
            "ocr_pages": list(document.ocr_pages),
        },
        "tasks": [
            {
                "id": task_id,
                "paragraph": t.paragraph,
                "text": t.text,
                "title": t.title,
                "lead": t.lead.code if t.lead else None,
                "lead_text": t.lead.text if t.lead else None,
                "co": [c.code for c in t.co],
                "co_text": [c.text for c in t.co],
                "deadline": iso(t.deadline.day),
                "deadline_kind": t.deadline.kind.value,
                "deadline_text": t.deadline_text,
                "problems": t.problems,
            }
            for t, task_id in zip(parsed.tasks, ids, strict=True)
        ],
        "problems": problems,
    }
