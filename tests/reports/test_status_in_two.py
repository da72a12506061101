"""`tracker status --json` of a large workbook, each half of its tabs taken from the cells to
the JSON by its own process, is byte for byte the report of one process.

Forking is only done in a process with one thread, and a test session has others, so the
check runs in a fresh interpreter (as in test_parallel)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

from tracker.sources.synthetic import synthetic_tabs, write_synthetic
from tracker.sources.xlsx_scan import sheet_members
from tracker.sources.xlsx_write import write_xlsx

REFERENCE = dt.date(2026, 3, 16)


def test_two_processes_write_the_report_one_writes(tmp_path: Path) -> None:
    tabs = synthetic_tabs(9000, 5, REFERENCE)
    names = [n for n in tabs if n.startswith("Phiên ") and n != "Phiên họp"]
    first, last = tabs[names[0]], tabs[names[-1]]

    def id_column(rows: list[list[object]]) -> int:  # the header is the fourth row
        return next(i for i, h in enumerate(rows[3]) if h in ("Mã", "Mã nhiệm vụ", "ID"))

    # the first task's id (read by this process) again in the last tab (read by the child)
    last[4][id_column(last)] = first[4][id_column(first)]
    path = write_xlsx(tmp_path / "big.xlsx", tabs.items(), big=True)
    code = """
        import datetime as dt, json, sys, threading
        from tracker.core.settings import Settings
        from tracker.core.workbook import parse_workbook
        from tracker.reports import parallel, tasks
        from tracker.reports.evaluation import evaluate
        from tracker.reports.status_in_two import status_json_in_two
        from tracker.sources import read_workbook
        from tracker.sources.excel import tab_sizes
        from pathlib import Path

        as_of = dt.date(2026, 3, 16)
        path = sys.argv[1]
        assert parallel.split_tabs(tab_sizes(Path(path))) is not None  # big enough to split
        settings = Settings()
        one = evaluate(parse_workbook(read_workbook(path)), as_of, 7, {})
        # completions first seen by a sync, for tasks of both halves
        done = [t.task.key for t in one.tasks if t.completed and t.task.completed_on is None]
        observed = {key: as_of for key in done[:3] + done[-3:]}
        for thread in threading.enumerate():  # the reading thread ends after the last tab
            if thread is not threading.main_thread():
                thread.join()
        pieces = status_json_in_two(path, settings, as_of, 7, observed)
        assert pieces is not None  # two processes did it
        two = "".join(p if isinstance(p, str) else bytes(p).decode() for p in pieces)
        plain = json.dumps(tasks.status_report(one), ensure_ascii=False)
        one = evaluate(parse_workbook(read_workbook(path)), as_of, 7, observed)
        assert two == json.dumps(tasks.status_report(one), ensure_ascii=False)
        Path(sys.argv[2]).write_text(plain, encoding="utf-8")  # without observations
        sys.stdout.write(two)
        """
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), str(path), str(tmp_path / "one.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert len(report["assignments"]) == 9000
    duplicated = {p["sheet"] for p in report["problems"] if "bị trùng" in p["message"]}
    assert duplicated == {names[0], names[-1]}
    assert any(t["completion_observed_on"] for t in report["assignments"])
    # the command takes this way, without a history store (nothing observed)
    cli = status_command(path, tmp_path)
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout == (tmp_path / "one.json").read_text(encoding="utf-8") + "\n"


def test_one_tab_cut_between_two_processes_gives_the_report_of_one(
    one_big_tab: tuple[Path, str], tmp_path: Path
) -> None:
    path, tab = one_big_tab
    one = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(ONE_PROCESS), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert one.returncode == 0, one.stderr
    cli = status_command(path, tmp_path)
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout == one.stdout
    report = json.loads(cli.stdout)
    assert {t["sheet"] for t in report["assignments"]} == {tab}
    assert sum("chỉ đọc cột" in p["message"] for p in report["problems"]) == 1


# The status report of a workbook read and written by this one process.
ONE_PROCESS = """
    import datetime as dt, json, sys
    from tracker.core.workbook import parse_workbook
    from tracker.reports import tasks
    from tracker.reports.evaluation import evaluate
    from tracker.sources import read_workbook

    evaluation = evaluate(parse_workbook(read_workbook(sys.argv[1])), dt.date(2026, 3, 16))
    print(json.dumps(tasks.status_report(evaluation), ensure_ascii=False))
    """


def status_command(path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`tracker status PATH --json` as of 16/03/2026, without a history store."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "tracker.cli",
            "status",
            str(path),
            "--json",
            "--as-of",
            "2026-03-16",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TRACKER_DATA_DIR": str(tmp_path / "no-store")},
    )


def test_a_later_tab_that_cannot_be_read_gives_an_error_and_no_partial_report(
    tmp_path: Path,
) -> None:
    path = write_synthetic(tmp_path / "damaged.xlsx", 9000, 5, REFERENCE)
    with zipfile.ZipFile(path) as archive:  # the last tab, read by the child
        member = list(sheet_members(archive).values())[-1]
        info = archive.getinfo(member)
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    with path.open("r+b") as handle:
        handle.seek(middle)
        handle.write(b"\xff" * 100)
    done = status_command(path, tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert (
        done.stderr.startswith("Lỗi: Không đọc được nguồn dữ liệu")
        and "Traceback" not in done.stderr
    )
