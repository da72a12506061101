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
