"""Templates get a documented context and compute nothing: each template uses exactly the
fields of its context dataclass."""

from __future__ import annotations

import dataclasses

import jinja2
import pytest
from conftest import ROOT
from jinja2 import meta

from tracker.outputs.briefs.batch import BriefContext
from tracker.outputs.mail.compose import ReminderContext
from tracker.outputs.minutes.documents import AgendaContext, NoticeContext

TEMPLATES = ROOT / "templates"


@pytest.mark.parametrize(
    ("name", "context"),
    [
        ("brief.html.j2", BriefContext),
        ("agenda.html.j2", AgendaContext),
        ("reminder.html.j2", ReminderContext),
        ("reminder.txt.j2", ReminderContext),
    ],
)
def test_template_uses_exactly_its_context(name: str, context: type) -> None:
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    used = meta.find_undeclared_variables(jinja2.Environment().parse(source))
    fields = {f.name for f in dataclasses.fields(context)}
    assert used == fields


def test_notice_and_minutes_share_exactly_the_notice_context() -> None:
    used = set()
    for name in ("notice.html.j2", "minutes.html.j2"):
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        used |= meta.find_undeclared_variables(jinja2.Environment().parse(source))
    assert used == {f.name for f in dataclasses.fields(NoticeContext)}


def test_the_index_template_uses_its_documented_names() -> None:
    source = (TEMPLATES / "brief_index.html.j2").read_text(encoding="utf-8")
    used = meta.find_undeclared_variables(jinja2.Environment().parse(source))
    assert used == {"as_of", "source", "rows", "errors"}


def test_every_output_shows_a_revised_deadline_with_its_revision() -> None:
    import datetime as dt

    from conftest import parse

    from tracker.core.settings import Settings
    from tracker.outputs.briefs.batch import TaskLine
    from tracker.outputs.dashboard.html import overdue_review_html, task_rows_html
    from tracker.outputs.letters import letter_context
    from tracker.outputs.mail.compose import MailTask
    from tracker.reports.evaluation import evaluate

    header = ["Mã", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Thời hạn điều chỉnh"]
    rows = [header, ["R1", "Việc", "Bộ Nội vụ", "16/12/2025", "26/12/2025"]]
    (view,) = evaluate(parse({"Nhiệm vụ": rows}), dt.date(2026, 3, 16)).views
    shown = "16/12/2025; điều chỉnh: 26/12/2025"
    assert TaskLine.of(view).deadline_text == shown
    assert MailTask.of(view).deadline_text == shown
    assert f"<td>{shown}</td>" in task_rows_html([view])
    assert f"<td>{shown}</td>" in overdue_review_html([("Bộ Nội vụ", [view], 1)])
    day = dt.date(2026, 3, 16)
    letter = letter_context("Bộ Nội vụ", [view], day, day, Settings())
    assert f"(thời hạn: {shown}; quá hạn 80 ngày)" in letter.tasks[0]
