"""DESIGN.md §6: the commands, their JSON shapes and exit codes, run as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import HEADER, run_json

from tracker.core.model import Status

Run = Callable[..., subprocess.CompletedProcess[str]]
REFERENCE = "2026-03-16"
ASSIGNMENT_FIELDS = {
    "id",
    "sheet",
    "sheet_row",
    "title",
    "program",
    "meeting",
    "lead",
    "lead_text",
    "lead_current",
    "co",
    "co_text",
    "deadline",
    "deadline_kind",
    "deadline_text",
    "completed",
    "completed_on",
    "status",
    "days_overdue",
    "deadline_original",
}


@pytest.fixture
def sample(run: Run, tmp_path: Path) -> Path:
    path = tmp_path / "sample.xlsx"
    result = run("sample", str(path), "--reference-date", REFERENCE)
    assert result.returncode == 0, result.stderr
    return path


def test_status_json_lists_every_task_with_the_contract_fields(run: Run, sample: Path) -> None:
    code, report = run_json(run, "status", str(sample), "--as-of", REFERENCE)
    assert code == 0
    assert set(report) == {"as_of", "source", "assignments", "problems"}
    assert report["as_of"] == REFERENCE and report["source"] == str(sample)
    tasks = report["assignments"]
    assert len(tasks) == 61
    for task in tasks:
        assert set(task) >= ASSIGNMENT_FIELDS
        assert len(task["co"]) == len(task["co_text"])
        assert (task["days_overdue"] is None) == (task["status"] != "overdue")
    assert {t["status"] for t in tasks} == {s.value for s in Status}
    for problem in report["problems"]:
        assert set(problem) == {"sheet", "row", "column", "severity", "message"}


@pytest.mark.parametrize("command", ["status", "overdue", "kpi", "check"])
def test_reading_commands_start_without_pandas_or_sqlalchemy(
    env: dict[str, str], sample: Path, command: str
) -> None:
    """The commands that only read and print pay for neither library at start-up (with no
    history store configured): their import alone took longer than reading a small sheet."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted({'pandas', 'sqlalchemy'} & set(sys.modules)),"
        " file=sys.stderr))\n"
        "from tracker.cli import main\n"
        f"sys.argv = ['tracker', {command!r}, {str(sample)!r}, '--json']\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode in (0, 1), result.stderr
    assert result.stdout.startswith("{")
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_check_on_the_sample_exits_0(run: Run, sample: Path) -> None:
    result = run("check", str(sample), "--as-of", REFERENCE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 lỗi" in result.stdout
    code, report = run_json(run, "check", str(sample), "--as-of", REFERENCE)
    assert (code, report["errors"]) == (0, 0)
    assert report["warnings"] == len(report["problems"]) > 0


def test_an_output_that_cannot_hold_vietnamese_gets_escapes_not_a_traceback(
    run: Run, sample: Path
) -> None:
    ascii_only = {"PYTHONIOENCODING": "ascii"}
    code, report = run_json(run, "status", str(sample), "--as-of", REFERENCE, **ascii_only)
    assert code == 0
    assert report == run_json(run, "status", str(sample), "--as-of", REFERENCE)[1]
    text = run("status", str(sample), "--as-of", REFERENCE, **ascii_only)
    assert text.returncode == 0 and text.stderr == ""
    assert "T\\u00ecnh h\\u00ecnh" in text.stdout  # «Tình hình», escaped
    missing = run("status", "khong-co.xlsx", **ascii_only)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert missing.stderr.startswith("L\\u1ed7i:")  # «Lỗi:»


def test_check_on_errors_exits_1_and_names_each_cell(run: Run, xlsx: Callable[..., Path]) -> None:
    path = xlsx(
        {
            "Phiên 2": [
                ["Tổng hợp nhiệm vụ"],
                HEADER,
                ["A1", "Việc một", "Bộ Công an", None, "31/02/2025"],
                ["A1", "Việc hai", "Bộ Tư pháp", None, "31/12/2025", None, "30/02/2025"],
                [None, None, "Bộ Y tế", None, "Quý IV/2025"],
            ]
        }
    )
    result = run("check", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    for expected in (
        "Phiên 2!E3 [lỗi]",
        "Phiên 2!A3 [lỗi]",
        "Phiên 2!A4 [lỗi]",
        "Phiên 2!G4 [lỗi]",
        "Phiên 2!A5 [lỗi]",
        "Phiên 2!B5 [lỗi]",
    ):
        assert any(line.startswith(expected) for line in lines), (expected, lines)
    code, report = run_json(run, "check", str(path))
    assert code == 1 and report["errors"] == 6


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "không tìm thấy tệp"),
        (b"this is not a workbook", "không phải tệp bảng tính"),
        ("directory", "thư mục"),
    ],
)
def test_unreadable_source_exits_2_with_one_line(
    run: Run, tmp_path: Path, content: bytes | str | None, message: str
) -> None:
    path = tmp_path / "tasks.xlsx"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content == "directory":
        path.mkdir()
    for command in ("check", "status", "overdue", "kpi"):
        result = run(command, str(path))
        assert result.returncode == 2
        assert result.stdout == ""
        assert "Traceback" not in result.stderr
        assert result.stderr.count("\n") == 1 and message in result.stderr


def test_workbook_without_assignment_tab_exits_2(run: Run, xlsx: Callable[..., Path]) -> None:
    path = xlsx({"Hướng dẫn": [["Cách điền"]], "Phiên họp": [["Mã", "Phiên thứ", "Ngày họp"]]})
    result = run("status", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "«Hướng dẫn»" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--as-of", "2025-13-01"],
        ["status", "--due-soon-days", "soon"],
        ["dashboard", "--port", "http"],
        ["dashboard", "--port", "99999"],
        ["status", "--due-soon-days", "-3"],
        ["kpi", "--by", "colour"],
        ["frobnicate"],
        [],
        ["overdue", "--agency", "Bộ Không Có"],
    ],
)
def test_bad_arguments_exit_2(run: Run, sample: Path, args: list[str]) -> None:
    if args and args[0] in ("status", "kpi", "overdue"):
        args = [args[0], str(sample), *args[1:]]
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Lỗi:" in result.stderr and "argument" not in result.stderr
    options = [a for a in args if a.startswith("--")]
    assert all(option in result.stderr for option in options), result.stderr  # names it


def test_an_unknown_option_points_to_its_command_s_help(run: Run) -> None:
    result = run("overdue", "--agancy=BCA")
    assert result.returncode == 2
    assert result.stderr == (
        "Lỗi: tham số không nhận ra: --agancy=BCA (xem `tracker overdue --help`)\n"
    )


def test_overdue_groups_by_current_lead_most_days_first(run: Run, sample: Path) -> None:
    code, report = run_json(run, "overdue", str(sample), "--as-of", REFERENCE)
    assert code == 0 and set(report) == {"as_of", "source", "groups"}
    worst = [g["tasks"][0]["days_overdue"] for g in report["groups"]]
    assert worst == sorted(worst, reverse=True)
    for group in report["groups"]:
        days = [t["days_overdue"] for t in group["tasks"]]
        assert days == sorted(days, reverse=True)
        assert {t["lead_current"] for t in group["tasks"]} == {group["lead_current"]}
        assert group["name"]
    one = report["groups"][0]["lead_current"]
    code, only = run_json(run, "overdue", str(sample), "--as-of", REFERENCE, "--agency", one)
    assert [g["lead_current"] for g in only["groups"]] == [one]
    code, p06 = run_json(run, "overdue", str(sample), "--as-of", REFERENCE, "--program", "đề án 06")
    assert all(t["program"] == "Đề án 06" for g in p06["groups"] for t in g["tasks"])


def test_kpi_json_shape(run: Run, sample: Path) -> None:
    for by in ("lead", "program", "meeting"):
        code, report = run_json(run, "kpi", str(sample), "--as-of", REFERENCE, "--by", by)
        assert code == 0 and report["by"] == by
        assert set(report) == {"as_of", "source", "by", "groups", "overall"}
        for group in [*report["groups"], report["overall"]]:
            assert set(group["counts"]) == {s.value for s in Status}
            assert group["total"] == sum(group["counts"].values())
        assert report["overall"]["total"] == sum(g["total"] for g in report["groups"]) == 61


def test_human_output_is_vietnamese(run: Run, sample: Path) -> None:
    status = run("status", str(sample), "--as-of", REFERENCE)
    assert "Quá hạn" in status.stdout and "Hoàn thành đúng hạn" in status.stdout
    kpi = run("kpi", str(sample), "--as-of", REFERENCE)
    assert "Tỷ lệ đúng hạn" in kpi.stdout and "TỔNG CỘNG" in kpi.stdout
    overdue = run("overdue", str(sample), "--as-of", REFERENCE)
    assert "Số ngày quá hạn" in overdue.stdout


def test_embedded_sample_and_tracker_source(run: Run, sample: Path, tmp_path: Path) -> None:
    code, default = run_json(run, "status")
    assert code == 0 and default["source"] == "sample" and len(default["assignments"]) == 61
    assert list((tmp_path / "cache" / "tracker").glob("sample-*.xlsx"))
    code, chosen = run_json(run, "status", TRACKER_SOURCE=str(sample))
    assert chosen["source"] == str(sample)


def test_due_soon_days_option_and_config_file(run: Run, sample: Path, tmp_path: Path) -> None:
    def count(report: dict[str, Any]) -> int:
        return sum(t["status"] == "due_soon" for t in report["assignments"])

    _, narrow = run_json(run, "status", str(sample), "--as-of", REFERENCE, "--due-soon-days", "0")
    _, wide = run_json(run, "status", str(sample), "--as-of", REFERENCE, "--due-soon-days", "30")
    assert count(narrow) < count(wide)
    (tmp_path / "tracker.toml").write_text("due_soon_days = 30\n", encoding="utf-8")
    _, configured = run_json(run, "status", str(sample), "--as-of", REFERENCE)
    assert count(configured) == count(wide)


def test_overdue_for_a_programme_no_task_has_says_so(run: Run, sample: Path) -> None:
    """A misspelt programme printed an empty list without a word."""
    result = run("overdue", str(sample), "--program", "Đề án 6", "--as-of", REFERENCE)
    assert result.returncode == 0
    assert "Không có nhiệm vụ quá hạn." in result.stdout
    assert result.stderr.startswith("Cảnh báo: không có nhiệm vụ nào thuộc đề án «Đề án 6»;")
    assert "«Đề án 06»" in result.stderr and "Traceback" not in result.stderr
    spelt = run("overdue", str(sample), "--program", "csdl NGƯỜI có công", "--as-of", REFERENCE)
    assert spelt.returncode == 0 and spelt.stderr == "" and "PH" in spelt.stdout


def test_a_sample_that_cannot_be_written_names_the_file_asked_for(run: Run, tmp_path: Path) -> None:
    """The message named the temporary file the workbook is written through."""
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    target = tmp_path / "notes.txt" / "mau.xlsx"
    result = run("sample", str(target))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"Lỗi: Không ghi được {target}: ")
    assert ".tmp" not in result.stderr and result.stderr.count("\n") == 1
