"""A large workbook read in two processes, and a long report written by two, give exactly
what one process gives.

Forking is only done in a process with one thread, and a test session has others (the
Sheets emulator's server, for one), so each check runs in a fresh interpreter."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tracker.sources.synthetic import synthetic_tabs, write_synthetic
from tracker.sources.xlsx_write import write_xlsx

REFERENCE = dt.date(2026, 3, 16)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.xlsx"
    return write_synthetic(path, 9000, 5, REFERENCE)


def in_a_fresh_process(code: str, *args: str) -> str:
    """Run `code` (with `args` in sys.argv[1:]) in a new interpreter; its standard output."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_two_processes_read_what_one_reads(big: Path) -> None:
    out = in_a_fresh_process(
        """
        import sys
        from pathlib import Path
        from tracker.core.settings import Settings
        from tracker.core.workbook import parse_workbook
        from tracker.reports import parallel
        from tracker.sources import read_workbook
        from tracker.sources.excel import tab_sizes

        path = Path(sys.argv[1])
        assert parallel.split_tabs(tab_sizes(path)) is not None  # big enough to split
        two = parallel.load_in_two(path, str(path), Settings())
        assert two is not None  # two processes did it
        one = parse_workbook(read_workbook(str(path)))
        assert two.assignment_tabs == one.assignment_tabs
        assert two.assignments == one.assignments
        assert two.problems == one.problems
        assert two.columns == one.columns
        print(len(two.assignments))
        """,
        str(big),
    )
    assert out.split() == ["9000"]


def test_a_tab_is_cut_between_the_processes_where_the_share_falls() -> None:
    from tracker.reports.parallel import split_tabs

    meetings = {"Phiên họp": 2_000, "Cơ quan": 500}
    # by rows when every tab says how many: the second tab is cut at a third of its tasks
    sizes = meetings | {"A": 2_000_000, "B": 3_000_000, "C": 1_000_000}
    rows = {"A": 1_000, "B": 1_500, "C": 500, "Phiên họp": 9, "Cơ quan": 3}
    mine, theirs = split_tabs(sizes, 0.5, rows) or ({}, {})
    assert mine == {"A": (0.0, 1.0), "B": (0.0, 1 / 3)}
    assert theirs == {"B": (1 / 3, 1.0), "C": (0.0, 1.0)}
    # else by bytes; a cut that would leave either process a sliver is not made
    assert split_tabs(meetings | {"A": 3_000_000, "B": 3_000_000, "C": 400_000}, 0.5) == (
        {"A": (0.0, 1.0)},
        {"B": (0.0, 1.0), "C": (0.0, 1.0)},
    )
    # one tab: both read it, each takes its part of the tasks
    assert split_tabs(meetings | {"A": 5_000_000}, 0.5) == ({"A": (0.0, 0.5)}, {"A": (0.5, 1.0)})
    assert split_tabs(meetings | {"A": 2_000_000}, 0.5) is None  # too small to be worth it


def test_one_tab_cut_between_two_processes_reads_as_one_reads(
    one_big_tab: tuple[Path, str],
) -> None:
    path, tab = one_big_tab
    out = in_a_fresh_process(
        """
        import sys
        from pathlib import Path
        from tracker.core.settings import Settings
        from tracker.core.workbook import parse_workbook
        from tracker.reports import parallel
        from tracker.sources import read_workbook

        path = Path(sys.argv[1])
        mine, theirs = parallel.tab_groups(path)
        assert list(mine) == list(theirs) == [sys.argv[2]]  # the one tab is cut
        two = parallel.load_in_two(path, str(path), Settings())
        assert two is not None  # two processes did it
        one = parse_workbook(read_workbook(str(path)))
        assert two.assignment_tabs == one.assignment_tabs == [sys.argv[2]]
        assert two.assignments == one.assignments
        assert two.problems == one.problems
        assert two.columns == one.columns
        print(len(two.assignments))
        for p in two.problems:
            print(p.row, p.column, p.message)
        """,
        str(path),
        tab,
    )
    count, *problems = out.splitlines()
    assert int(count) > 5000
    # the tab's own problems are said once, by the process that reads its start
    assert sum("chỉ đọc cột" in p for p in problems) == 1
    assert sum("ZY" in p for p in problems) == 1  # the cell beyond the columns read
    assert sum("bị trùng" in p for p in problems) == 2  # the id in both parts


def test_duplicate_ids_across_the_two_halves_are_found(tmp_path: Path) -> None:
    tabs = synthetic_tabs(9000, 5, REFERENCE)
    names = [n for n in tabs if n.startswith("Phiên ") and n != "Phiên họp"]
    first, last = tabs[names[0]], tabs[names[-1]]

    def id_column(rows: list[list[object]]) -> int:
        return next(i for i, h in enumerate(rows[3]) if h in ("Mã", "Mã nhiệm vụ", "ID"))

    # the id of the first task, again in the last tab
    last[4][id_column(last)] = first[4][id_column(first)]
    path = write_xlsx(tmp_path / "dup.xlsx", tabs.items(), big=True)
    out = in_a_fresh_process(
        """
        import sys
        from pathlib import Path
        from tracker.core.settings import Settings
        from tracker.reports import parallel

        workbook = parallel.load_in_two(Path(sys.argv[1]), sys.argv[1], Settings())
        assert workbook is not None
        for p in workbook.problems:
            if "bị trùng" in p.message:
                print(p.sheet)
        """,
        str(path),
    )
    assert sorted(out.splitlines()) == sorted([names[0], names[-1]])


def test_a_small_workbook_is_read_in_one(tmp_path: Path) -> None:
    from tracker.core.settings import Settings
    from tracker.reports import parallel

    path = write_synthetic(tmp_path / "small.xlsx", 300, 1, REFERENCE)
    assert parallel.load_in_two(path, str(path), Settings()) is None


def test_rendering_in_two_gives_the_same_text_and_survives_a_failing_child() -> None:
    out = in_a_fresh_process(
        """
        import os
        from tracker.reports import parallel

        items = list(range(parallel.MIN_ITEMS * 3))
        later = parallel.render_in_two(items, lambda part: "|".join(map(str, part)))
        head = "|".join(map(str, items[: len(items) - len(later.items)]))
        assert later.items and head + "|" + later.result() == "|".join(map(str, items))

        parent = os.getpid()

        def render(part):
            if os.getpid() != parent:
                raise RuntimeError("the child fails")
            return ",".join(map(str, part))

        later = parallel.render_in_two(items, render)
        assert later.items and later.result() == render(later.items)
        print("ok")
        """
    )
    assert out.strip() == "ok"


def test_a_long_status_report_written_by_two_processes_is_json_dumps(big: Path) -> None:
    out = in_a_fresh_process(
        """
        import json, sys, threading
        from tracker.core.workbook import parse_workbook
        from tracker.reports import json_text, parallel, tasks
        from tracker.reports.evaluation import evaluate
        from tracker.sources import read_workbook
        import datetime as dt

        workbook = parse_workbook(read_workbook(sys.argv[1]))
        evaluation = evaluate(workbook, dt.date(2026, 3, 16))
        for thread in threading.enumerate():  # the reading thread ends after the last tab
            if thread is not threading.main_thread():
                thread.join()
        assert parallel.can_fork() and len(evaluation.views) >= parallel.MIN_ITEMS
        text = "".join(json_text.status_json(evaluation))
        assert text == json.dumps(tasks.status_report(evaluation), ensure_ascii=False)
        print("ok")
        """,
        str(big),
    )
    assert out.strip() == "ok"


def test_a_child_whose_parent_is_gone_leaves_quietly() -> None:
    """The parent may stop before it reads the child's result (its output was closed): the
    child's write then fails, and the child must leave, not go on in the parent's code."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from tracker.reports import parallel\n"
            "parallel.start_child(lambda: b'x' * 1_000_000)  # more than a pipe holds\n"
            "print('the parent leaves without reading')\n",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # stderr is read to its end, which comes when the child has left too
    assert done.returncode == 0
    assert done.stdout == "the parent leaves without reading\n"
    assert done.stderr == ""


def test_a_parent_that_fails_or_is_interrupted_stops_its_child() -> None:
    out = in_a_fresh_process(
        """
        import os, time
        from tracker.reports import parallel

        def slow() -> bytes:
            time.sleep(60)
            return b"late"

        try:
            with parallel.start_child(slow) as child:
                raise KeyboardInterrupt  # Ctrl-C, or SIGTERM, while this process works
        except KeyboardInterrupt:
            pass
        try:
            os.kill(child.pid, 0)
            print("still there")
        except ProcessLookupError:  # stopped and reaped, at once
            print("gone")
        """
    )
    assert out.split() == ["gone"]
