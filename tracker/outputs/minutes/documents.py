"""After a session: the conclusion notice and the minutes (.docx in the Decree 30/2020/NĐ-CP
layout, and HTML previews), the next session's agenda with every task still overdue carried
over, and the new tasks as sheet rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypedDict, TypeVar

from ...core.agencies import Registry
from ...core.model import Assignment, DeadlineKind
from ...core.projection import deadline_label
from ...core.text import xml_safe
from ...reports.evaluation import Evaluation
from ...reports.import_notice import fresh_ids
from ...reports.tasks import overdue_groups
from ...sources.files import write_text_atomic
from ...sources.meeting_record import MeetingRecord, RecordTask
from ..decree30 import (
    add,
    decree_date,
    header_table,
    items,
    save,
    signatures,
    style_document,
)
from ..exports import cut_warning, tasks_xlsx
from ..paths import templates

TASK_FORCE = "Tổ công tác cải cách thủ tục hành chính của Thủ tướng Chính phủ"


# --- what the documents say ------------------------------------------------------------------


@dataclass(frozen=True)
class TaskGroup:
    lead: str  # the lead agency's name
    lines: list[str]  # "<lead> chủ trì, phối hợp với ...: <title>; hoàn thành <deadline>."


@dataclass(frozen=True)
class NoticeContext:
    """What `templates/notice.html.j2` and `templates/minutes.html.j2` (and the .docx) show;
    computed here, never in a template."""

    issuer: str
    number: str
    place_date: str
    title: str
    subtitle: str
    opening: str
    results: list[str]
    shortcomings: list[str]
    conclusions: list[str]
    task_groups: list[TaskGroup]
    closing: str
    signer_title: str
    signer: str
    recipients: list[str]
    time: str
    location: str
    attendees: list[str]
    chair: str
    secretary: str
    agenda: list[str]
    proceedings: list[str]


_NAMES_A_DAY = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|ngày\s+\d", re.I)


def _deadline_phrase(task: RecordTask) -> str:
    """The deadline as written, and the day it means when the text does not name one
    (`Quý IV/2026 (trước ngày 31/12/2026)`)."""
    text = task.deadline.text
    day = task.deadline.day
    if task.deadline.kind.dated and day is not None and not _NAMES_A_DAY.search(text):
        return f"{text} (trước ngày {day:%d/%m/%Y})"
    return text


def _deadline_clause(task: RecordTask) -> str:
    """`hoàn thành Quý IV/2026 (trước ngày 31/12/2026)`; an ongoing or urgent task is to be
    done (`thực hiện thường xuyên`), not completed."""
    if task.deadline.kind in (DeadlineKind.ONGOING, DeadlineKind.ASAP):
        return f"thực hiện {task.deadline.text[:1].lower()}{task.deadline.text[1:]}"
    return f"hoàn thành {_deadline_phrase(task)}"


def notice_context(record: MeetingRecord, registry: Registry) -> NoticeContext:
    meeting = record.meeting
    assert meeting.date is not None
    number = record.session_number or "…"
    chair = record.chair
    chair_short = chair.split(",")[0]
    groups: dict[str, list[str]] = {}
    for task in record.tasks:
        lead = registry.name(task.lead.code)
        co = ", ".join(registry.name(c.code) for c in task.co)
        verb = f"{lead} chủ trì, phối hợp với {co}" if co else f"{lead} chủ trì"
        groups.setdefault(lead, []).append(f"{verb}: {task.title}; {_deadline_clause(task)}.")
    return NoticeContext(
        issuer=record.issuer.upper(),
        number=f"Số: {record.notice_number}",
        place_date=f"{record.place}, {decree_date(record.notice_date)}",
        title="THÔNG BÁO",
        subtitle=f"Kết luận của {chair_short} tại Phiên họp thứ {number} của {TASK_FORCE}",
        opening=(
            f"Ngày {meeting.date:%d/%m/%Y}, tại {meeting.location or record.place}, {chair} "
            f"chủ trì Phiên họp thứ {number} của {TASK_FORCE}. Sau khi nghe báo cáo và ý kiến "
            f"của các đại biểu dự họp, {chair_short} kết luận như sau:"
        ),
        results=list(record.results),
        shortcomings=list(record.shortcomings),
        conclusions=list(record.conclusions),
        task_groups=[TaskGroup(lead, lines) for lead, lines in groups.items()],
        closing=(
            f"{record.issuer} thông báo để các Bộ, cơ quan, địa phương liên quan biết, thực hiện./."
        ),
        signer_title=record.signer_title,
        signer=record.signer,
        recipients=list(record.recipients),
        time=f"{decree_date(meeting.date)[0].upper()}{decree_date(meeting.date)[1:]}",
        location=meeting.location or record.place,
        attendees=list(record.attendees),
        chair=chair,
        secretary=record.secretary,
        agenda=list(record.agenda),
        proceedings=list(record.proceedings),
    )


@dataclass(frozen=True)
class CarriedTask:
    id: str
    title: str
    deadline_text: str
    days_overdue: int


@dataclass(frozen=True)
class AgendaContext:
    """What `templates/agenda.html.j2` shows."""

    title: str
    date: str
    items: list[str]
    carried: list[tuple[str, list[CarriedTask]]]  # agency name, its overdue tasks
    carried_count: int


def agenda_context(record: MeetingRecord, evaluation: Evaluation, day: dt.date) -> AgendaContext:
    """The next session's agenda: the standing items, then every task still overdue on `day`
    grouped by current lead agency, most days overdue first (as `tracker overdue`)."""
    carried = [
        (
            first.group_name,
            [
                CarriedTask(v.id or "", v.title or "", deadline_label(v), v.days_overdue or 0)
                for v in members
            ],
        )
        for first, members in overdue_groups(evaluation.views)
    ]
    number = record.session_number
    next_number = str(int(number) + 1) if number.isdigit() else "tiếp theo"
    return AgendaContext(
        title=f"Chương trình Phiên họp thứ {next_number} của {TASK_FORCE}",
        date=f"{day:%d/%m/%Y}",
        items=[
            f"Kết quả thực hiện các nhiệm vụ giao tại Phiên họp thứ {number or '…'}",
            "Các nhiệm vụ quá hạn chuyển sang (danh sách dưới đây)",
            "Ý kiến của các Bộ, ngành, địa phương; kết luận của Tổ trưởng Tổ công tác",
        ],
        carried=carried,
        carried_count=sum(len(tasks) for _, tasks in carried),
    )


def render_html(name: str, context: Any) -> str:
    return str(templates().get_template(name).render(**asdict(context)))


# --- the .docx -------------------------------------------------------------------------------


def notice_docx(context: NoticeContext, path: Path) -> Path:
    """The conclusion notice, Decree 30/2020 layout, written whole or not at all."""
    from docx import Document

    document = Document()
    style_document(document)
    header_table(
        document,
        [
            (context.issuer, {"size": 13, "bold": True}),
            ("-------", {"size": 13}),
            (context.number, {"size": 13}),
        ],
        context.place_date,
    )
    add(document, "", space_after=0)
    add(document, context.title, bold=True)
    add(document, context.subtitle, bold=True)
    add(document, "-----", space_after=12)
    add(document, context.opening, align="justify", space_after=6, indent=True)
    add(document, "1. Đánh giá kết quả", bold=True, align="justify", space_after=6, indent=True)
    items(document, context.results)
    if context.shortcomings:
        add(
            document,
            "Tuy nhiên, còn một số tồn tại, hạn chế:",
            align="justify",
            space_after=6,
            indent=True,
        )
        items(document, context.shortcomings)
    add(document, "2. Kết luận", bold=True, align="justify", space_after=6, indent=True)
    items(document, context.conclusions)
    add(document, "3. Giao nhiệm vụ", bold=True, align="justify", space_after=6, indent=True)
    for index, group in enumerate(context.task_groups):
        letter = "abcdefghiklmnopqrstuvxy"[index % 23]
        add(
            document,
            f"{letter}) {group.lead}:",
            bold=True,
            align="justify",
            space_after=6,
            indent=True,
        )
        items(document, group.lines)
    add(document, context.closing, align="justify", space_after=12, indent=True)
    left = [("Nơi nhận:", {"size": 12, "bold": True, "italic": True, "align": "left"})]
    left += [(f"- {r};", {"size": 11, "align": "left"}) for r in context.recipients]
    right = [
        (context.signer_title, {"bold": True}),
        ("\n\n\n", {}),
        (context.signer, {"bold": True}),
    ]
    signatures(document, left, right)
    return save(document, path)


def minutes_docx(context: NoticeContext, path: Path) -> Path:
    """The minutes of the session (Biên bản), with the same heading."""
    from docx import Document

    document = Document()
    style_document(document)
    header_table(
        document,
        [
            ("VĂN PHÒNG CHÍNH PHỦ", {"size": 13}),
            ("TỔ CÔNG TÁC CẢI CÁCH TTHC", {"size": 13, "bold": True}),
            ("-------", {"size": 13}),
        ],
        context.place_date,
    )
    add(document, "", space_after=0)
    add(document, "BIÊN BẢN", bold=True)
    add(
        document,
        context.subtitle.replace("Kết luận của", "Phiên họp do").split(" tại ")[-1],
        bold=True,
        space_after=12,
    )
    for label, value in (("Thời gian", context.time), ("Địa điểm", context.location)):
        add(document, f"{label}: {value}.", align="justify", space_after=6, indent=True)
    add(document, "Thành phần:", bold=True, align="justify", space_after=6, indent=True)
    items(document, context.attendees)
    add(document, f"Chủ trì: {context.chair}.", align="justify", space_after=6, indent=True)
    add(document, f"Thư ký: {context.secretary}.", align="justify", space_after=6, indent=True)
    add(document, "Nội dung:", bold=True, align="justify", space_after=6, indent=True)
    items(document, context.agenda)
    items(document, context.proceedings, prefix="")
    add(document, "Kết luận:", bold=True, align="justify", space_after=6, indent=True)
    items(document, context.conclusions)
    for group in context.task_groups:
        items(document, group.lines)
    add(
        document,
        "Biên bản được lập xong và thông qua tại phiên họp./.",
        align="justify",
        space_after=12,
        indent=True,
    )
    signatures(
        document,
        [("THƯ KÝ", {"bold": True}), ("\n\n\n", {}), (context.secretary, {"bold": True})],
        [
            ("CHỦ TRÌ", {"bold": True}),
            ("\n\n\n", {}),
            (context.chair.split(",")[0], {"bold": True}),
        ],
    )
    return save(document, path)


# --- new tasks --------------------------------------------------------------------------------


def new_tasks(record: MeetingRecord, existing_ids: Iterable[str | None]) -> list[Assignment]:
    """The record's tasks as assignments, ids `<meeting>-<NN>` after the highest such id the
    sheet already has (never colliding), each naming the notice in source_doc."""
    ids = fresh_ids(f"{record.meeting.id}-", existing_ids, len(record.tasks))
    tasks = []
    for task_id, item in zip(ids, record.tasks, strict=True):
        tasks.append(
            Assignment(
                id=task_id,
                sheet="",
                sheet_row=0,
                title=item.title,
                program=item.program,
                meeting=record.meeting.id,
                assigned_on=record.meeting.date,
                lead=item.lead.code,
                lead_text=item.lead.text,
                co=tuple(c.code for c in item.co),
                co_text=tuple(c.text for c in item.co),
                deadline=item.deadline,
                deadline_original=None,
                deadline_text=item.deadline.text,
                reported_status=None,
                progress=None,
                completed_on=None,
                report=None,
                source_doc=record.source_doc,
                notes=None,
            )
        )
    return tasks


@dataclass
class MinutesResult:
    files: list[Path]
    carried: int
    new_tasks: list[Assignment]
    warnings: list[str] = dataclasses.field(default_factory=list)

    def to_dict(self, meeting: str) -> MinutesReport:
        """What `tracker minutes --json` prints."""
        return {
            "meeting": meeting,
            "files": [str(path) for path in self.files],
            "new_tasks": [t.id for t in self.new_tasks],
            "carried": self.carried,
            "warnings": self.warnings,
        }


class MinutesReport(TypedDict):
    meeting: str
    files: list[str]
    new_tasks: list[str | None]
    carried: int
    warnings: list[str]


T = TypeVar("T")


def scrubbed(value: T) -> tuple[T, int]:
    """`value` (a context: dataclasses, lists, tuples, strings) with every string made safe
    for XML (`xml_safe`), and how many characters that dropped."""
    if isinstance(value, str):
        return xml_safe(value)  # type: ignore[return-value]
    if isinstance(value, list | tuple):
        items = [scrubbed(item) for item in value]
        kept = type(value)(item for item, _ in items)
        return kept, sum(n for _, n in items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: scrubbed(getattr(value, f.name)) for f in dataclasses.fields(value)}
        kept_value = dataclasses.replace(value, **{k: v for k, (v, _) in changes.items()})
        return kept_value, sum(n for _, n in changes.values())
    return value, 0


def render_all(
    record: MeetingRecord,
    evaluation: Evaluation,
    agenda_day: dt.date,
    out: Path,
    existing_ids: Iterable[str | None],
) -> MinutesResult:
    """Every document of a session into `out`. Control characters that a document cannot
    hold (pasted from other programs) are dropped, with a warning in the result."""
    registry = evaluation.workbook.registry
    context, dropped = scrubbed(notice_context(record, registry))
    stem = record.meeting.id
    files = [
        notice_docx(context, out / f"{stem}-thong-bao-ket-luan.docx"),
        minutes_docx(context, out / f"{stem}-bien-ban.docx"),
    ]
    for name, template in (
        (f"{stem}-thong-bao-ket-luan.html", "notice.html.j2"),
        (f"{stem}-bien-ban.html", "minutes.html.j2"),
    ):
        write_text_atomic(out / name, render_html(template, context))
        files.append(out / name)
    agenda, more = scrubbed(agenda_context(record, evaluation, agenda_day))
    dropped += more
    write_text_atomic(
        out / f"{stem}-chuong-trinh-phien-sau.html", render_html("agenda.html.j2", agenda)
    )
    files.append(out / f"{stem}-chuong-trinh-phien-sau.html")
    tasks = new_tasks(record, existing_ids)
    cut: list[str] = []
    files.append(tasks_xlsx(tasks, out / f"{stem}-nhiem-vu-moi.xlsx", cut))
    warnings = [w for w in [cut_warning(cut)] if w]
    if dropped:
        warnings.append(
            f"Cảnh báo: đã bỏ {dropped} ký tự điều khiển (không in được) trong nội dung phiên "
            f"họp {record.meeting.id} để văn bản mở được."
        )
    return MinutesResult(files, agenda.carried_count, tasks, warnings)
