"""The letter (công văn) asking an agency to explain the delay of its long-overdue tasks,
in the Decree 30/2020/NĐ-CP layout of the notice: one per agency per run, its number left
blank for the clerk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..core.dates import vn_date
from ..core.projection import TaskView, deadline_label
from ..core.settings import Settings
from .decree30 import add, decree_date, header_table, items, save, signatures, style_document

SUBJECT = "V/v giải trình việc chậm thực hiện nhiệm vụ"


@dataclass(frozen=True)
class LetterContext:
    """What the letter says; computed here, written by `letter_docx`."""

    issuer: str
    number: str
    place_date: str
    subject: str
    addressee: str
    opening: str
    tasks: list[str]
    request: str
    signer_title: str
    signer: str
    recipients: list[str]


def letter_context(
    agency_name: str,
    tasks: list[TaskView],
    as_of: dt.date,
    answer_due: dt.date,
    settings: Settings,
) -> LetterContext:
    lines = []
    for view in tasks:
        deadline = deadline_label(view)
        if view.deadline and vn_date(view.deadline) not in deadline:
            deadline += f" ({vn_date(view.deadline)})"
        lines.append(
            f"{view.id or view.key}: {view.title or ''} (thời hạn: {deadline}; quá hạn "
            f"{view.days_overdue} ngày);"
        )
    issuer = settings.letter_issuer
    return LetterContext(
        issuer=issuer.upper(),
        number=f"Số:        /{settings.letter_symbol}",
        place_date=f"{settings.letter_place}, {decree_date(as_of)}",
        subject=SUBJECT,
        addressee=agency_name,
        opening=(
            "Theo dõi tình hình thực hiện các nhiệm vụ do Tổ công tác giao, đến "
            f"{decree_date(as_of)}, {agency_name} còn {len(tasks)} nhiệm vụ đã quá thời hạn "
            f"từ {settings.explain_after_days} ngày trở lên:"
        ),
        tasks=lines,
        request=(
            f"Đề nghị {agency_name} báo cáo, giải trình rõ nguyên nhân chậm thực hiện, đề xuất "
            "giải pháp và thời hạn hoàn thành đối với từng nhiệm vụ nêu trên (ghi vào cột «Giải "
            f"trình» của bảng theo dõi hoặc gửi văn bản về {issuer}) trước "
            f"{decree_date(answer_due)} (trong {settings.explain_within_days} ngày làm việc)."
        ),
        signer_title=settings.letter_signer_title,
        signer=settings.letter_signer,
        recipients=["Như trên", "Lưu: VT"],
    )


def letter_docx(context: LetterContext, path: Path) -> Path:
    """The letter, written whole or not at all."""
    from docx import Document

    document = Document()
    style_document(document)
    header_table(
        document,
        [
            (context.issuer, {"size": 13, "bold": True}),
            ("-------", {"size": 13}),
            (context.number, {"size": 13}),
            (context.subject, {"size": 12}),
        ],
        context.place_date,
    )
    add(document, "", space_after=6)
    add(document, f"Kính gửi: {context.addressee}.", space_after=12)
    add(document, context.opening, align="justify", space_after=6, indent=True)
    items(document, context.tasks)
    add(document, context.request, align="justify", space_after=6, indent=True)
    add(document, "Trân trọng./.", align="justify", space_after=12, indent=True)
    left = [("Nơi nhận:", {"size": 12, "bold": True, "italic": True, "align": "left"})]
    left += [(f"- {r};", {"size": 11, "align": "left"}) for r in context.recipients[:-1]]
    left += [(f"- {context.recipients[-1]}.", {"size": 11, "align": "left"})]
    right = [
        (context.signer_title, {"bold": True}),
        ("\n\n\n", {}),
        (context.signer, {"bold": True}),
    ]
    signatures(document, left, right)
    return save(document, path)
