"""`tracker remind`: each agency that has tasks to chase gets one message with its brief
(and, for long-overdue tasks, a letter asking it to explain); every message the server
accepts is recorded in the history store at once, so that none is sent twice."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

from ...core.dates import vn_date
from ...core.model import Request, SentReminder
from ...core.settings import Settings
from ...reports import chase, history
from ...reports.chase import AgencyMail, RemindPlan, RemindReport
from ...reports.evaluation import Evaluation
from ...reports.store import open_store
from ...store.chase import last_reminders, record_reminder, requests
from ...store.location import source_key
from ..briefs import batch as briefs
from ..letters import letter_context, letter_docx
from .compose import reminder_context, reminder_message
from .smtp import Mailer, MailUnavailable, Refused


def remind(
    evaluation: Evaluation,
    settings: Settings,
    source: str,
    out: Path,
    send: bool = False,
    force: bool = False,
    agencies: set[str] | None = None,
    briefs_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RemindReport:
    """Remind every agency that has tasks to chase on `evaluation.as_of` (`source`: the
    resolved source name, the store's key). Without `send`, nothing is sent or recorded:
    the report says who would get what (the letters are written to `out` all the same).
    Raises MailUnavailable (nothing sent) when the mail server cannot be reached."""
    key = source_key(source)
    store = open_store(settings, create=send)
    try:
        last = last_reminders(store, key) if store else {}
        found = requests(store, key) if store else []
        asked = chase.latest_requests(found)
        plan = chase.plan(evaluation, settings, last, asked, agencies, force)
        letters = _letters(plan, settings, out)
        report = _report(plan, send, letters)
        if not send or not plan.mails:
            report["sent"] = [chase.sent_json(mail, None) for mail in plan.mails]
            return report
        assert store is not None
        with Mailer(settings) as mailer:  # before anything else: a server that is down
            attached = _attachments(evaluation, settings, source, plan, out, briefs_dir)
            for mail in plan.mails:
                if mail.agency not in attached:
                    where = f"trong {briefs_dir}" if briefs_dir else "(không tạo được)"
                    report["warnings"].append(
                        f"Không có bản tin của {mail.name} [{mail.agency}] {where}: thư gửi "
                        "không kèm bản tin"
                    )
            for done, mail in enumerate(plan.mails, start=1):
                files = [*attached.get(mail.agency, []), *letters.get(mail.agency, [])]
                context = reminder_context(
                    mail,
                    vn_date(plan.as_of),
                    plan.source,
                    files,
                    evaluation.due_soon_days,
                )
                message = reminder_message(mail, context, settings.mail_from or "", files)
                try:
                    refused = mailer.send(message)
                except Refused as exc:
                    report["failed"].append(
                        {"agency": mail.agency, "name": mail.name, "error": str(exc)}
                    )
                    continue
                except MailUnavailable as exc:  # gone for good midway: the rest fail too
                    report["failed"] += [
                        {"agency": m.agency, "name": m.name, "error": exc.message}
                        for m in plan.mails[done - 1 :]
                    ]
                    break
                finally:
                    if progress:
                        progress(done, len(plan.mails))
                to = [c.email for c in mail.to if c.email not in refused]
                cc = [c.email for c in mail.cc if c.email not in refused]
                sent = _sent(mail, plan, message, to, cc)
                record_reminder(store, key, plan.source, sent, _requests(mail, plan))
                report["sent"].append(chase.sent_json(mail, str(message["Message-ID"]), to, cc))
                if refused:
                    report["failed"].append(
                        {
                            "agency": mail.agency,
                            "name": mail.name,
                            "error": "máy chủ thư từ chối một số người nhận: "
                            + "; ".join(f"{a} ({why})" for a, why in refused.items()),
                        }
                    )
        return report
    finally:
        if store is not None:
            store.close()


def _report(plan: RemindPlan, send: bool, letters: dict[str, list[Path]]) -> RemindReport:
    return {
        "as_of": plan.as_of.isoformat(),
        "source": plan.source,
        "dry_run": not send,
        "sent": [],
        "skipped": [
            {"agency": agency, "name": plan.names.get(agency, agency), "reason": reason}
            for agency, reason in plan.skipped
        ],
        "failed": [],
        "held": [
            {"agency": agency, "name": plan.names.get(agency, agency), "until": day.isoformat()}
            for agency, day in plan.held
        ],
        "letters": [str(path) for paths in letters.values() for path in paths],
        "warnings": [],
    }


def _letters(plan: RemindPlan, settings: Settings, out: Path) -> dict[str, list[Path]]:
    """One letter per agency asked to explain, in `out`."""
    written: dict[str, list[Path]] = {}
    stems = briefs.file_stems([m.agency for m in plan.mails])
    for mail in plan.mails:
        if not mail.escalated or mail.answer_due is None:
            continue
        out.mkdir(parents=True, exist_ok=True)
        context = letter_context(mail.name, mail.escalated, plan.as_of, mail.answer_due, settings)
        path = out / f"giai-trinh-{stems[mail.agency]}-{plan.as_of:%Y%m%d}.docx"
        written[mail.agency] = [letter_docx(context, path)]
    return written


def _attachments(
    evaluation: Evaluation,
    settings: Settings,
    source: str,
    plan: RemindPlan,
    out: Path,
    briefs_dir: Path | None,
) -> dict[str, list[Path]]:
    """Each agency's brief: the PDF where Chromium can print one, else the HTML; taken from
    `briefs_dir` when given (written by `tracker briefs`), else made now in `out`."""
    agencies = [m.agency for m in plan.mails]
    stems = briefs.file_stems(agencies)
    if briefs_dir is None:
        briefs_dir = out / "ban-tin"
        completed = history.completed_since_last_session(evaluation, settings, source)
        made = briefs.run_batch(
            evaluation,
            agencies,
            briefs_dir,
            1,
            completed,
            requests=chase.stored_requests(settings, source),
        )
        if shutil.which("chromium") or shutil.which("chromium-browser"):
            for agency in made.done:
                briefs.to_pdf(made.html(agency))
        stems = made.stems
    found: dict[str, list[Path]] = {}
    for agency in agencies:
        for suffix in (".pdf", ".html"):
            path = briefs_dir / f"{stems[agency]}{suffix}"
            if path.exists():
                found[agency] = [path]
                break
    return found


def _sent(
    mail: AgencyMail, plan: RemindPlan, message: EmailMessage, to: list[str], cc: list[str]
) -> SentReminder:
    return SentReminder(
        agency=mail.agency,
        as_of=plan.as_of,
        to=to,
        cc=cc,
        overdue=[v.key for v in mail.overdue],
        due_soon=[v.key for v in mail.due_soon],
        explanations=[v.key for v in mail.escalated],
        message_id=str(message["Message-ID"]),
        sent_at=dt.datetime.now(dt.UTC),
    )


def _requests(mail: AgencyMail, plan: RemindPlan) -> list[Request]:
    assert mail.answer_due is not None or not mail.escalated
    return [
        Request(
            task_key=view.key,
            agency=mail.agency,
            requested_on=plan.as_of,
            answer_due=mail.answer_due or plan.as_of,
            days_overdue=view.days_overdue or 0,
        )
        for view in mail.escalated
    ]
