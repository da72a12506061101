"""The task table (pandas) and the projection it is built from: typed columns, any year from
1 to 9999, and the same fields as the JSON reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from conftest import parse

from tracker.core.model import Status
from tracker.core.projection import assignment_json
from tracker.core.table import STATUS_ORDER, day
from tracker.reports.evaluation import evaluate
from tracker.reports.tasks import status_report

HEADER = ["Mã", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]


def _evaluation() -> object:
    workbook = parse(
        {
            "Nhiệm vụ": [
                HEADER,
                ["A1", "Việc xa", "Bộ Công an", "Bộ Tư pháp", dt.date(9999, 12, 31)],
                ["A2", "Việc quá hạn", "Bộ TN&MT", "", "01/03/2025"],
                ["A3", "Việc phối hợp", "", "Bộ Tư pháp", "thường xuyên"],
            ]
        }
    )
    return evaluate(workbook, dt.date(2025, 6, 1))


def test_columns_are_typed_and_hold_year_9999() -> None:
    evaluation = _evaluation()
    table = evaluation.table  # type: ignore[attr-defined]
    assert str(table["deadline"].dtype) == "datetime64[s]"
    assert day(table.loc[0, "deadline"]) == dt.date(9999, 12, 31)
    assert pd.isna(table.loc[2, "deadline"])
    assert isinstance(table["status"].dtype, pd.CategoricalDtype)
    assert table["status"].cat.ordered and list(table["status"].cat.categories) == STATUS_ORDER
    assert str(table["days_overdue"].dtype) == "Int64"
    assert table.loc[1, "days_overdue"] == 92 and pd.isna(table.loc[0, "days_overdue"])
    # the 2025 succession and the blank lead, as every output shows them
    assert table.loc[1, "lead_current"] == "BNNMT"
    assert table.loc[1, "inherited_from"] == "Bộ Tài nguyên và Môi trường"
    assert table.loc[2, "lead_current_name"] == "Chưa xác định"
    assert table.loc[2, "group_name"] == "Chưa xác định"
    overdue = table[table["status"] == Status.OVERDUE.value]
    assert list(overdue["id"]) == ["A2"]


def test_the_table_and_the_json_say_the_same() -> None:
    evaluation = _evaluation()
    report = status_report(evaluation)  # type: ignore[arg-type]
    table = evaluation.table  # type: ignore[attr-defined]
    for row, item in zip(table.to_dict("records"), report["assignments"], strict=True):
        for name, value in item.items():
            cell = row[name]
            if name in ("deadline", "deadline_original", "assigned_on", "completed_on"):
                cell = day(cell)
                cell = cell.isoformat() if cell else None
            elif name == "completion_observed_on":
                cell = None if pd.isna(cell) else day(cell).isoformat()  # type: ignore[union-attr]
            elif isinstance(cell, tuple):
                cell = list(cell)
            elif cell is pd.NA or (not isinstance(cell, str | list) and pd.isna(cell)):
                cell = None
            assert cell == value, (item["id"], name, cell, value)
    views = evaluation.views  # type: ignore[attr-defined]
    assert [assignment_json(v) for v in views] == report["assignments"]


def test_tracker_tasks_reads_a_workbook(tmp_path: Path) -> None:
    import tracker
    from tracker.core.settings import Settings
    from tracker.sources.sample import write_sample

    path = write_sample(tmp_path / "mau.xlsx", dt.date(2026, 11, 20))
    table = tracker.tasks(str(path), "2026-11-20", settings=Settings(cache_dir=tmp_path))
    assert len(table) > 40 and {"id", "status", "lead_current_name"} <= set(table.columns)
