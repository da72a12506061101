"""A reminder as an e-mail: Vietnamese, HTML with a plain-text alternative, the agency's
brief and (when it asks for an explanation) the letter attached."""

from __future__ import annotations

import mimetypes
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path

from ...core.dates import vn_date
from ...core.projection import TaskView, deadline_label
from ...reports.chase import AgencyMail
from ..paths import templates


@dataclass(frozen=True)
class MailTask:
    """One task as a reminder lists it; every value is display text."""

    id: str
    title: str
    lead: str
    deadline_text: str
    deadline: str
    days_overdue: int | None

    @classmethod
    def of(cls, view: TaskView) -> MailTask:
        return cls(
            view.id or view.key,
            view.title or "",
            view.lead_current_name,
            deadline_label(view),
            vn_date(view.deadline),
            view.days_overdue,
        )


@dataclass(frozen=True)
class ReminderContext:
    """Everything `templates/reminder.html.j2` and `reminder.txt.j2` show."""

    agency_name: str
    as_of: str
    source: str
    overdue: list[MailTask]
    due_soon: list[MailTask]
    co_tasks: list[MailTask]
    explanations: list[MailTask]
    answer_due: str
    attachments: list[str]
    due_soon_days: int


def subject(mail: AgencyMail) -> str:
    parts = []
    if mail.overdue:
        parts.append(f"{len(mail.overdue)} nhiệm vụ quá hạn")
    if mail.due_soon:
        parts.append(f"{len(mail.due_soon)} nhiệm vụ sắp đến hạn")
    if mail.escalated:
        parts.append(f"đề nghị giải trình {len(mail.escalated)} nhiệm vụ")
    return f"[Tổ công tác] {mail.name}: " + ", ".join(parts)


def reminder_context(
    mail: AgencyMail, as_of: str, source: str, attachments: list[Path], due_soon_days: int
) -> ReminderContext:
    return ReminderContext(
        agency_name=mail.name,
        as_of=as_of,
        source=source,
        overdue=[MailTask.of(v) for v in mail.overdue],
        due_soon=[MailTask.of(v) for v in mail.due_soon],
        co_tasks=[MailTask.of(v) for v in mail.co_tasks],
        explanations=[MailTask.of(v) for v in mail.escalated],
        answer_due=vn_date(mail.answer_due),
        attachments=[p.name for p in attachments],
        due_soon_days=due_soon_days,
    )


def reminder_message(
    mail: AgencyMail, context: ReminderContext, sender: str, attachments: list[Path]
) -> EmailMessage:
    """The message for one agency, with a Message-ID of the sender's domain."""
    message = EmailMessage()
    message["Subject"] = subject(mail)
    message["From"] = sender
    message["To"] = ", ".join(formataddr((c.name or "", c.email)) for c in mail.to)
    if mail.cc:
        message["Cc"] = ", ".join(formataddr((c.name or "", c.email)) for c in mail.cc)
    message["Date"] = formatdate(localtime=True)
    domain = sender.rsplit("@", 1)[-1].strip(">") or None
    message["Message-ID"] = make_msgid(domain=domain)
    env = templates()
    values = asdict(context)
    message.set_content(env.get_template("reminder.txt.j2").render(**values))
    message.add_alternative(env.get_template("reminder.html.j2").render(**values), subtype="html")
    for path in attachments:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".docx":
            kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        main, sub = kind.split("/", 1)
        message.add_attachment(path.read_bytes(), maintype=main, subtype=sub, filename=path.name)
    return message
