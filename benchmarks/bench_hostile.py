"""Issue 12's speed and memory items, measured on this code and, in the same run, on an
earlier commit (checked out into a temporary worktree).

    .venv/bin/python benchmarks/bench_hostile.py [--before 51adff6]

- Splitting a co-agency cell of N names (300, 600, 800, 20,000): seconds per cell.
- `tracker check` on a workbook with one value far to the right of another tab (XFD1000,
  XFD5000, XFD1048576): the process's peak memory and how it ended.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# The package of the tree in PYTHONPATH, not the one the virtualenv installed (editable:
# its finder would answer first).
ONLY_THIS_TREE = (
    "import sys; sys.meta_path[:] = "
    "[f for f in sys.meta_path if 'editable' not in str(getattr(f, '__module__', ''))]; "
    "sys.path.insert(0, sys.argv.pop(1))\n"
)
SPLIT = (
    ONLY_THIS_TREE
    + """
import sys, time
from tracker.core.agencies import Registry
names = ["Bộ Công an", "Bộ Tư pháp", "UBND tỉnh Bắc Ninh", "Bộ Văn hóa, Thể thao và Du lịch"]
for n in map(int, sys.argv[1:]):
    cell = ", ".join(names[i % len(names)] for i in range(n))
    registry = Registry(list(Registry.builtin()))
    start = time.perf_counter()
    found = registry.split(cell)
    print(n, len(found), round(time.perf_counter() - start, 4), flush=True)
"""
)


def far_workbook(folder: Path, row: int, col: int) -> Path:
    """Written by a child process: a child's peak memory counts from its parent's size at
    the fork, and writing a cell at row 1,048,576 makes xlsxwriter large."""
    path = folder / f"far-{row}-{col}.xlsx"
    code = f"import bench_hostile as b; b.write_far({str(path)!r}, {row}, {col})"
    subprocess.run([sys.executable, "-c", code], cwd=HERE, check=True)
    return path


def write_far(path: str, row: int, col: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(path)
    tasks = book.add_worksheet("Nhiệm vụ")
    for c, value in enumerate(["Mã", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"]):
        tasks.write_string(0, c, value)
    for c, value in enumerate(["F1", "Việc", "Bộ Công an", "31/12/2030"]):
        tasks.write_string(1, c, value)
    notes = book.add_worksheet("Ghi chú")
    notes.write_string(0, 0, "ghi chú")
    notes.write_string(row, col, "xa")
    book.close()


def run(code: str, tree: Path, args: list[str], timeout: float) -> tuple[str, str]:
    """(how it ended, its output) of a Python process on `tree`'s package."""
    env = {**os.environ, "TRACKER_DATA_DIR": tempfile.mkdtemp()}
    env.pop("TRACKER_DB", None)
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(tree), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        return f"still running after {timeout:.0f} s", exc.stdout or ""  # type: ignore[return-value]
    return f"exit {done.returncode}", done.stdout


def peak(tree: Path, path: Path) -> str:
    """`tracker check PATH`: how it ended and its peak memory."""
    env = {**os.environ, "TRACKER_DATA_DIR": tempfile.mkdtemp()}
    env.pop("TRACKER_DB", None)
    code = ONLY_THIS_TREE + "import runpy; runpy.run_module('tracker.cli', run_name='__main__')"
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(tree), "check", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    _, status, usage = os.wait4(child.pid, 0)
    ended = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {status >> 8}"
    return f"{ended}, peak RSS {usage.ru_maxrss / 1024:.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="51adff6")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    before = folder / "before"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(before),
                    args.before], check=True)  # fmt: skip
    try:
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; before = {args.before}")
        for label, tree in (("before", before), ("now", ROOT)):
            for n in (300, 600, 800, 20_000):
                if label == "before" and n > 800:
                    print(f"  {label}: split a cell of {n} names: not run (cubic)")
                    continue
                ended, out = run(SPLIT, tree, [str(n)], timeout=120)
                line = out.strip() or ended
                print(f"  {label}: split a cell of {n} names: {line} ({ended})")
        for row, col in ((999, 16_383), (4_999, 16_383), (1_048_575, 16_383)):
            path = far_workbook(folder, row, col)
            cell = f"XFD{row + 1}"
            for label, tree in (("before", before), ("now", ROOT)):
                print(f"  {label}: tracker check with a value at {cell}: {peak(tree, path)}")
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before)])


if __name__ == "__main__":
    main()
