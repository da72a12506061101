"""The per-task projection: how a revised deadline reads."""

from __future__ import annotations

import datetime as dt

from conftest import parse

from tracker.core.projection import deadline_label
from tracker.reports.evaluation import evaluate

AS_OF = dt.date(2026, 3, 16)
HEADER = ["Mã", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Thời hạn điều chỉnh"]


def views() -> dict[str, object]:
    workbook = parse(
        {
            "Nhiệm vụ": [
                HEADER,
                ["R1", "Việc", "Bộ Nội vụ", "16/12/2025", "26/12/2025"],
                ["R2", "Việc", "Bộ Nội vụ", "Quý IV/2025", None],
                ["R3", "Việc", "Bộ Nội vụ", None, "30/06/2026"],
            ]
        }
    )
    return {v.id: v for v in evaluate(workbook, AS_OF).views}


def test_a_revised_deadline_reads_with_its_revision() -> None:
    found = views()
    r1, r2, r3 = found["R1"], found["R2"], found["R3"]
    assert (r1.deadline_text, r1.deadline_revised_text) == ("16/12/2025", "26/12/2025")
    assert r1.deadline == dt.date(2025, 12, 26)
    assert deadline_label(r1) == "16/12/2025; điều chỉnh: 26/12/2025"
    assert (deadline_label(r2), r2.deadline_revised_text) == ("Quý IV/2025", None)
    assert deadline_label(r3) == "điều chỉnh: 30/06/2026"
