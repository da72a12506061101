"""The JSON and text each command prints, compared with golden files taken before the
task-table refactor (issue 11) on two fixed workbooks in tests/data/: the sample laid out for
2026-11-20 and a 400-task synthetic workbook laid out before the 2025 reorganisation.

A change that alters a command's output on purpose rewrites these files
(`pytest --update-golden`) in the same commit and says why.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA

SAMPLE = DATA / "golden-sample.xlsx"
SYNTHETIC = DATA / "golden-synthetic.xlsx"

# (golden name, workbook, arguments)
CASES = [
    ("sample-check", SAMPLE, ["check"]),
    ("sample-status", SAMPLE, ["status", "--as-of", "2026-11-20"]),
    ("sample-status-early", SAMPLE, ["status", "--as-of", "2025-09-01", "--due-soon-days", "20"]),
    ("sample-overdue", SAMPLE, ["overdue", "--as-of", "2026-11-20"]),
    ("sample-overdue-agency", SAMPLE, ["overdue", "--as-of", "2026-11-20", "--agency", "BNV"]),
    (
        "sample-overdue-program",
        SAMPLE,
        ["overdue", "--as-of", "2026-11-20", "--program", "csdl NGƯỜI có công"],
    ),
    ("sample-kpi-lead", SAMPLE, ["kpi", "--as-of", "2026-11-20"]),
    ("sample-kpi-program", SAMPLE, ["kpi", "--as-of", "2026-11-20", "--by", "program"]),
    ("sample-kpi-meeting", SAMPLE, ["kpi", "--as-of", "2026-11-20", "--by", "meeting"]),
    ("synthetic-check", SYNTHETIC, ["check"]),
    ("synthetic-status", SYNTHETIC, ["status", "--as-of", "2025-06-01"]),
    ("synthetic-overdue", SYNTHETIC, ["overdue", "--as-of", "2025-06-01"]),
    ("synthetic-kpi-lead", SYNTHETIC, ["kpi", "--as-of", "2025-06-01"]),
    ("synthetic-kpi-program", SYNTHETIC, ["kpi", "--as-of", "2025-06-01", "--by", "program"]),
]

Run = Callable[..., subprocess.CompletedProcess[str]]


def _output(run: Run, workbook: Path, args: list[str], *more: str) -> str:
    result = run(args[0], str(workbook), *args[1:], *more, TRACKER_DB=str(Path("no-store.db")))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    # The source is printed as given: make it independent of where the repository lies.
    return result.stdout.replace(str(workbook), workbook.name)


@pytest.mark.parametrize(("name", "workbook", "args"), CASES, ids=[c[0] for c in CASES])
def test_json_as_before(
    run: Run, golden: Callable[[str, str], None], name: str, workbook: Path, args: list[str]
) -> None:
    text = _output(run, workbook, args, "--json")
    json.loads(text)  # one JSON document
    golden(f"cli/{name}.json", text)


@pytest.mark.parametrize(("name", "workbook", "args"), CASES, ids=[c[0] for c in CASES])
def test_text_as_before(
    run: Run, golden: Callable[[str, str], None], name: str, workbook: Path, args: list[str]
) -> None:
    golden(f"cli/{name}.txt", _output(run, workbook, args))


def _changes(run: Run, tmp_path: Path, *more: str) -> str:
    db = str(tmp_path / "store.db")
    synced = run("sync", str(SAMPLE), "--as-of", "2025-12-01", "--quiet", TRACKER_DB=db)
    assert synced.returncode == 0, synced.stderr
    result = run(
        "changes",
        str(SAMPLE),
        "--as-of",
        "2026-11-20",
        "--since",
        "2025-12-01",
        *more,
        TRACKER_DB=db,
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout.replace(str(SAMPLE), SAMPLE.name)
    # When the snapshot was taken is the only volatile value.
    return re.sub(r'"taken_at": "[^"]*"', '"taken_at": "…"', text)


def test_changes_as_before(run: Run, golden: Callable[[str, str], None], tmp_path: Path) -> None:
    golden("cli/sample-changes.json", _changes(run, tmp_path, "--json"))
    golden("cli/sample-changes.txt", _changes(run, tmp_path))
