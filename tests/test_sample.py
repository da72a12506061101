"""The embedded sample workbook and the synthetic generator."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tracker.core.model import Status
from tracker.core.workbook import parse_workbook
from tracker.reports.evaluation import evaluate
from tracker.sources import read_workbook
from tracker.sources.sample import sample_rows, synthetic_rows, write_sample, write_synthetic


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
    assert synthetic_rows(500, 7, reference) == synthetic_rows(500, 7, reference)
    assert synthetic_rows(500, 7, reference) != synthetic_rows(500, 8, reference)
    path = write_synthetic(tmp_path / "big.xlsx", 2000, 7, reference)
    workbook = parse_workbook(read_workbook(str(path)))
    assert len(workbook.assignments) == 2000
    assert len({t.id for t in workbook.assignments}) == 2000
