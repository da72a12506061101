"""Per-agency briefs: papermill notebooks run in warm kernels, equal to fresh-kernel runs."""

from __future__ import annotations

import datetime as dt
import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest
from conftest import DATA, run_json

from tracker.core.workbook import parse_workbook
from tracker.outputs.briefs.batch import brief_agencies, run_batch
from tracker.reports.evaluation import evaluate
from tracker.sources import read_workbook
from tracker.sources.sample import write_sample

Run = Callable[..., subprocess.CompletedProcess[str]]
REFERENCE = dt.date(2026, 3, 16)
THREE = ["BNV", "BNNMT", "phu-tho"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample(tmp_path_factory.mktemp("briefs") / "sample.xlsx", REFERENCE)


def _evaluation(path: Path) -> Any:
    return evaluate(parse_workbook(read_workbook(str(path))), REFERENCE)


def _normalise(path: Path) -> dict[str, Any]:
    """An executed notebook without what changes from run to run (times, kernel details)."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        cell.pop("execution_count", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill makes a new random id each run
    text = json.dumps(nb, sort_keys=True, ensure_ascii=False)
    text = text.replace(str(path.parent), "OUT")  # the batch's own folder
    return json.loads(re.sub(r"\.tmp-batch-[A-Za-z0-9_]+", "BATCH", text))  # its work folder


def test_warm_briefs_equal_fresh_kernel_briefs(sample: Path, tmp_path: Path) -> None:
    evaluation = _evaluation(sample)
    warm = run_batch(evaluation, THREE, tmp_path / "warm", jobs=2)
    fresh = run_batch(evaluation, THREE, tmp_path / "fresh", jobs=0)
    assert sorted(warm.done) == sorted(fresh.done) == sorted(THREE) and not warm.failed
    for code in THREE:
        assert (tmp_path / "warm" / f"{code}.html").read_text() == (
            tmp_path / "fresh" / f"{code}.html"
        ).read_text()
        assert _normalise(tmp_path / "warm" / f"{code}.ipynb") == _normalise(
            tmp_path / "fresh" / f"{code}.ipynb"
        )
    index = (tmp_path / "warm" / "index.html").read_text()
    assert all(f'href="{code}.html"' in index for code in THREE)
    assert not list((tmp_path / "warm").glob(".*"))  # no snapshot or temporary file left


def test_brief_numbers_equal_kpi_and_overdue(
    run: Run, sample: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    out = tmp_path / "out"
    result = run(
        "briefs",
        str(sample),
        "--as-of",
        REFERENCE.isoformat(),
        "--out",
        str(out),
        "--agency",
        "BNV",
        "--agency",
        "Bộ Nông nghiệp và Môi trường",
        "--quiet",
    )
    assert result.returncode == 0, result.stderr
    _, kpi = run_json(run, "kpi", str(sample), "--as-of", REFERENCE.isoformat())
    groups = {g["key"]: g for g in kpi["groups"]}
    for code in ("BNV", "BNNMT"):
        page = (out / f"{code}.html").read_text()
        counts = dict(re.findall(r'<td class="n" data-status="(\w+)">(\d+)</td>', page))
        assert {k: int(v) for k, v in counts.items()} == groups[code]["counts"]
        assert f'data-total="{groups[code]["total"]}"' in page
        _, overdue = run_json(
            run, "overdue", str(sample), "--as-of", REFERENCE.isoformat(), "--agency", code
        )
        expected = [(t["id"], t["days_overdue"]) for g in overdue["groups"] for t in g["tasks"]]
        section = page.split('data-section="overdue"')[1].split("</table>")[0]
        found = re.findall(r'<tr data-id="([^"]+)">.*?data-days="(\d+)"', section, re.S)
        assert [(i, int(d)) for i, d in found] == expected
    bnv = (out / "BNV.html").read_text()
    assert "kế thừa từ Bộ Lao động - Thương binh và Xã hội" in bnv  # a 2025 succession
    assert 'data-section="collective"' in bnv and "Các bộ, ngành" in bnv


def test_a_failing_agency_is_reported_and_the_others_succeed(sample: Path, tmp_path: Path) -> None:
    # The command refuses unknown agencies up front; the batch itself must still survive a
    # notebook that fails, here one given a code the snapshot's registry does not know.
    evaluation = _evaluation(sample)
    out = tmp_path / "out"
    result = run_batch(evaluation, ["BCA", "KHONG-CO", "BTP"], out, jobs=2)
    assert sorted(result.done) == ["BCA", "BTP"]
    assert "không có cơ quan «KHONG-CO»" in result.failed["KHONG-CO"]
    assert (out / "BCA.html").exists() and (out / "BTP.html").exists()
    assert not (out / "KHONG-CO.html").exists() and not (out / "KHONG-CO.ipynb").exists()
    assert 'data-agency="KHONG-CO"' in (out / "index.html").read_text()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_an_unknown_or_merged_agency_on_the_command_line(
    run: Run, sample: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    unknown = run(
        "briefs",
        str(sample),
        "--as-of",
        REFERENCE.isoformat(),
        "--out",
        str(out),
        "--agency",
        "KHONG-CO",
        "--quiet",
    )
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1
    assert "không có cơ quan «KHONG-CO»" in unknown.stderr and not out.exists()
    merged = run(
        "briefs",
        str(sample),
        "--as-of",
        REFERENCE.isoformat(),
        "--out",
        str(out),
        "--agency",
        "Bộ Tài nguyên và Môi trường",
        "--quiet",
    )
    assert merged.returncode == 0 and (out / "BNNMT.html").exists()  # answered by its successor


def test_all_agencies_and_pdf(run: Run, sample: Path, tmp_path: Path) -> None:
    evaluation = _evaluation(sample)
    agencies = brief_agencies(evaluation)
    assert "BCA" in agencies and "ALL_MINISTRIES" not in agencies
    assert not any(a is None for a in agencies)
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("no chromium for PDF")
    out = tmp_path / "pdf"
    result = run(
        "briefs",
        str(sample),
        "--as-of",
        REFERENCE.isoformat(),
        "--out",
        str(out),
        "--agency",
        "BCA",
        "--format",
        "html,pdf",
        "--quiet",
    )
    assert result.returncode == 0, result.stderr
    assert (out / "BCA.pdf").read_bytes()[:5] == b"%PDF-"


def test_an_interrupted_batch_leaves_no_partial_file(
    sample: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    out = tmp_path / "out"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tracker.cli",
            "briefs",
            str(sample),
            "--as-of",
            REFERENCE.isoformat(),
            "--out",
            str(out),
            "--all",
            "--jobs",
            "2",
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("*.html"))) < 3:
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode != 0 and "Traceback" not in err
    names = [p.name for p in out.iterdir()]
    assert not [n for n in names if n.startswith(".")], names
    for page in out.glob("*.html"):
        assert page.read_text().rstrip().endswith("</html>")
    for notebook in out.glob("*.ipynb"):
        nbformat.read(notebook, as_version=4)
    htmls = {p.stem for p in out.glob("*.html")} - {"index"}
    assert htmls and htmls == {p.stem for p in out.glob("*.ipynb")}


def test_a_brief_as_its_golden_file(golden: Callable[[str, str], None]) -> None:
    from tracker.outputs.briefs.batch import Snapshot, brief_context, render_brief

    workbook = parse_workbook(read_workbook(str(DATA / "golden-sample.xlsx")))
    snapshot = Snapshot(workbook, "golden-sample.xlsx", 7, {}, None)
    for code in ("BNV", "ha-noi"):
        page = render_brief(brief_context(snapshot, code, dt.date(2026, 11, 20)))
        golden(f"brief-{code}.html", page)


def test_a_co_task_with_a_blank_lead_says_who_answers_as_every_output_does() -> None:
    from conftest import HEADER, parse

    from tracker.outputs.briefs.batch import Snapshot, brief_context
    from tracker.reports.tasks import status_report

    workbook = parse({"Nhiệm vụ": [HEADER, ["B1", "Việc", None, "Bộ Nội vụ", "31/12/2030"]]})
    brief = brief_context(Snapshot(workbook, "x", 7, {}, None), "BNV", REFERENCE)
    report = status_report(evaluate(workbook, REFERENCE))
    assert [t.lead for t in brief.co_tasks] == ["Chưa xác định"]
    assert report["assignments"][0]["lead_current_name"] == "Chưa xác định"
