"""The JSON the CLI writes for status and overdue (`reports.json_text`) is exactly
`json.dumps` of the library's reports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import HEADER, parse

from tracker.core.workbook import parse_workbook
from tracker.reports import json_text, tasks
from tracker.reports.evaluation import evaluate
from tracker.sources import read_workbook
from tracker.sources.synthetic import write_synthetic

AS_OF = dt.date(2025, 6, 1)


def _same(evaluation: tasks.Evaluation) -> None:
    assert "".join(json_text.status_json(evaluation)) == json.dumps(
        tasks.status_report(evaluation), ensure_ascii=False
    )
    for agency, program in ((None, None), ("BCA", None), (None, "Đề án 06"), ("XYZ", None)):
        assert "".join(json_text.overdue_json(evaluation, agency, program)) == json.dumps(
            tasks.overdue_report(evaluation, agency, program), ensure_ascii=False
        )


def test_hostile_cells_are_written_as_json_dumps_writes_them() -> None:
    rows = [
        HEADER,
        [
            "A1",
            'Tiêu đề "trích dẫn" \\ gạch \x00\x1b\u2028 😀',
            "Bộ Công an",
            "",
            "31/12/2024",
            "Đang làm",
            None,
        ],
        ["A2", "=1+1", "Sở X", "Bộ Tư pháp; Bộ Y tế", "trong 30 ngày", "Hoàn thành", "01/01/2024"],
        ["A3", None, None, None, None, None, None],
        [None, "Không mã", "các bộ, ngành", "", "Quý IV/2024", "80,5 %", None],
    ]
    evaluation = evaluate(parse({"Nhiệm vụ": rows}), AS_OF)
    _same(evaluation)


def test_a_large_messy_workbook_is_written_as_json_dumps_writes_it(tmp_path: Path) -> None:
    path = write_synthetic(tmp_path / "m.xlsx", 12000, 3, AS_OF)  # written by two processes
    evaluation = evaluate(parse_workbook(read_workbook(str(path))), AS_OF)
    _same(evaluation)


def test_an_empty_report() -> None:
    evaluation = evaluate(parse({"Nhiệm vụ": [HEADER]}), AS_OF)
    _same(evaluation)
