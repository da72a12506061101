"""Every notebook runs with papermill, from its parameters cell (CI executes them all)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import papermill

from tracker.outputs.paths import project_file
from tracker.sources.sample import write_sample

REFERENCE = dt.date(2026, 3, 16)


def _run(name: str, out: Path, **parameters: object) -> object:
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    return papermill.execute_notebook(
        str(project_file("notebooks", name)),
        str(out / name),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(out),
    )


def test_the_dashboard_notebook_builds_its_widgets(tmp_path: Path) -> None:
    source = write_sample(tmp_path / "sample.xlsx", REFERENCE)
    executed = _run("dashboard.ipynb", tmp_path, source=str(source), as_of=REFERENCE.isoformat())
    outputs = executed.cells[-1].outputs  # type: ignore[attr-defined]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)


def test_the_minutes_notebook_writes_the_documents(tmp_path: Path) -> None:
    source = write_sample(tmp_path / "sample.xlsx", REFERENCE)
    out = tmp_path / "bien-ban"
    executed = _run(
        "meeting_minutes.ipynb",
        tmp_path,
        meeting="PH02",
        source=str(source),
        out_dir=str(out),
        as_of=REFERENCE.isoformat(),
    )
    assert (out / "PH02-thong-bao-ket-luan.docx").exists()
    html = [o for o in executed.cells[-1].outputs if "text/html" in o.get("data", {})]  # type: ignore[attr-defined]
    assert html and "THÔNG BÁO" in html[0]["data"]["text/html"]


def test_the_explore_notebook_pivots_and_exports(tmp_path: Path) -> None:
    import tracker
    from tracker.core.settings import Settings

    source = write_sample(tmp_path / "sample.xlsx", REFERENCE)
    executed = _run(
        "explore.ipynb",
        tmp_path,
        source=str(source),
        as_of=REFERENCE.isoformat(),
        out_file="x.xlsx",
    )
    table = tracker.tasks(str(source), REFERENCE, settings=Settings(data_dir=tmp_path / "d"))
    month = table[(table["status"] == "overdue") & (table["deadline"] >= "2026-03-01")]
    from tracker.sources import read_workbook

    rows = read_workbook(str(tmp_path / "x.xlsx")).tabs["Nhiệm vụ"]
    expected = month.sort_values("days_overdue", ascending=False)["id"]
    assert len(expected) and [r[0] for r in rows[1:]] == list(expected)
    pivot = next(c for c in executed.cells if c.get("id") == "pivot")  # type: ignore[attr-defined]
    assert "Quá hạn" in pivot.outputs[0]["data"]["text/html"]


def test_the_import_notebook_shows_and_writes_the_draft(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text(
        "VĂN PHÒNG CHÍNH PHỦ\nSố: 7/TB-VPCP\nHà Nội, ngày 02 tháng 3 năm 2026\nTHÔNG BÁO\n"
        "Kết luận\n"
        "Giao Bộ Tư pháp chủ trì, phối hợp với Bộ Công an cấp phiếu lý lịch tư pháp trên "
        "VNeID, hoàn thành trong Quý II/2026.\n"
        "Các bộ, ngành, địa phương khẩn trương rà soát thủ tục <b>nội bộ</b>.\n",
        encoding="utf-8",
    )
    executed = _run("import_notice.ipynb", tmp_path, file=str(notice), out_file="draft.xlsx")
    from tracker.sources import read_workbook

    rows = read_workbook(str(tmp_path / "draft.xlsx")).tabs["Nhiệm vụ"]
    assert [r[5] for r in rows[1:]] == ["Bộ Tư pháp", "Các bộ, ngành, địa phương"]
    draft = next(c for c in executed.cells if c.get("id") == "draft")  # type: ignore[attr-defined]
    html = next(o for o in draft.outputs if "text/html" in o.get("data", {}))["data"]["text/html"]
    assert html.count('<tr class="review"') == 1  # the urgent task, with no date, is flagged
    assert "&lt;b&gt;nội bộ&lt;/b&gt;" in html and "<b>nội bộ</b>" not in html
