"""The embedded sample workbook and the synthetic generator."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tracker.core.model import Status
from tracker.core.workbook import parse_workbook
from tracker.reports.evaluation import evaluate
from tracker.sources import read_workbook
from tracker.sources.sample import sample_rows, write_sample
from tracker.sources.synthetic import synthetic_tabs, write_synthetic


@pytest.mark.parametrize(
    "reference",
    [
        dt.date(2024, 10, 14),
        dt.date(2025, 7, 1),
        dt.date(2026, 11, 27),
        dt.date(2027, 2, 15),
        dt.date(2030, 1, 1),
    ],
)
def test_every_status_is_present_and_there_are_no_errors(
    tmp_path: Path, reference: dt.date
) -> None:
    path = write_sample(tmp_path / "sample.xlsx", reference)
    workbook = parse_workbook(read_workbook(str(path)))
    evaluation = evaluate(workbook, reference)
    assert {t.status for t in evaluation.tasks} == set(Status)
    assert evaluation.errors == 0
    assert len(workbook.assignments) == len(evaluation.tasks) >= 55
    sheets = {t.sheet for t in workbook.assignments}
    assert len(sheets) >= 2
    leads = {t.lead_current for t in evaluation.tasks}
    ministries = {c for c in leads if c and c.isupper() and not c.startswith("ALL_")}
    provinces = {c for c in leads if c and c.islower()}
    assert len(ministries) >= 15 and len(provinces) >= 20


def test_sample_is_deterministic(tmp_path: Path) -> None:
    reference = dt.date(2026, 3, 16)
    assert sample_rows(reference) == sample_rows(reference)
    first = read_workbook(str(write_sample(tmp_path / "a.xlsx", reference)))
    second = read_workbook(str(write_sample(tmp_path / "b.xlsx", reference)))
    assert first.tabs == second.tabs


def test_synthetic_is_deterministic_and_sized(tmp_path: Path) -> None:
    reference = dt.date(2026, 3, 16)
    assert synthetic_tabs(500, 7, reference) == synthetic_tabs(500, 7, reference)
    assert synthetic_tabs(500, 7, reference) != synthetic_tabs(500, 8, reference)
    path = write_synthetic(tmp_path / "big.xlsx", 2000, 7, reference)
    workbook = parse_workbook(read_workbook(str(path)))
    assert len(workbook.assignments) == 2000
    assert len({t.id for t in workbook.assignments}) == 2000


def test_synthetic_is_as_messy_as_real_sheets(tmp_path: Path) -> None:
    """The benchmark workbook covers the variety of DESIGN §2-§5, not one tidy form."""
    import unicodedata

    from tracker.core.model import DeadlineKind, Status
    from tracker.reports.evaluation import evaluate

    reference = dt.date(2026, 3, 16)
    tabs = synthetic_tabs(3000, 1, reference)
    workbook = parse_workbook(
        read_workbook(str(write_synthetic(tmp_path / "m.xlsx", 3000, 1, reference)))
    )
    assert len(workbook.assignment_tabs) >= 3 and workbook.meetings
    assert {t.deadline.kind for t in workbook.assignments} == set(DeadlineKind)
    statuses = {t.status for t in evaluate(workbook, reference).tasks}
    assert statuses == set(Status)
    cells = [c for rows in tabs.values() for row in rows for c in row if isinstance(c, str)]
    assert any(c != unicodedata.normalize("NFC", c) for c in cells)  # pasted as NFD
    assert any("\u00d0" in c for c in cells)  # the look-alike Ð
    assert any(isinstance(c, float) for rows in tabs.values() for row in rows for c in row)
    assert sum(1 for t in workbook.assignments if t.lead is None) > 0  # unknown or blank
    leads = {t.lead_text for t in workbook.assignments if t.lead == "ha-noi"}
    assert len(leads) >= 5  # one province, written in many ways
