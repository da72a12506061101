"""`tracker status --json` against a bare python-calamine read of the same workbook.

For each size, writes (once) a synthetic workbook as messy as real sheets (`tracker sample
OUT --tasks N`), then, alternating so that both see the same machine, runs in fresh
processes (interpreter start included on both sides):

- the baseline: a bare read of every tab with python-calamine (`bare_read.py`);
- the command: `tracker status FILE --json`, output to /dev/null, without a history store.

It prints each side's median wall time and the ratio of the medians, the command's peak RSS,
then the stages in-process.

    .venv/bin/python benchmarks/bench_status.py [--sizes 25000 100000] [--repeat 7]

`--also DIR...` times, in the same alternation, the command of other checkouts of the
project (e.g. `git worktree add /tmp/before <commit>`): a before/after in one run. Then every
side runs without `site` (`python -S`, the virtual environment's packages and the checkout
on PYTHONPATH), the bare read too, so that each imports its own `tracker`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import site
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
REFERENCE = dt.date(2026, 3, 16)


def workbook(tasks: int) -> Path:
    path = OUT / f"messy-{tasks}.xlsx"
    if not path.exists():
        from tracker.sources.synthetic import write_synthetic

        OUT.mkdir(exist_ok=True)
        write_synthetic(path, tasks, seed=1, reference=REFERENCE)
    return path


def timed(argv: list[str], tree: Path | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of a command in a new process, output discarded;
    with `tree`, without `site`, importing the project from that checkout."""
    env = {**os.environ, "TRACKER_DATA_DIR": str(OUT / "no-store")}
    env.pop("TRACKER_DB", None)
    cwd = None
    if tree is not None:
        argv = [argv[0], "-S", *argv[1:]]
        env["PYTHONPATH"] = os.pathsep.join([str(tree), *site.getsitepackages()])
        cwd = tree.parent  # not a directory holding another `tracker`
    with open(os.devnull, "w") as sink:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=sink, env=env, cwd=cwd)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{argv} failed ({status})")
    return wall, usage.ru_maxrss / 1024


def stages(path: Path) -> dict[str, float]:
    from tracker.core.workbook import parse_workbook
    from tracker.reports.evaluation import evaluate
    from tracker.reports.tasks import status_report
    from tracker.sources import read_workbook

    times: dict[str, float] = {}
    start = time.perf_counter()
    parsed = parse_workbook(read_workbook(str(path)))
    times["read+validate"] = time.perf_counter() - start
    start = time.perf_counter()
    evaluation = evaluate(parsed, REFERENCE)
    times["status"] = time.perf_counter() - start
    start = time.perf_counter()
    report = status_report(evaluation)
    times["projection"] = time.perf_counter() - start
    start = time.perf_counter()
    json.dumps(report, ensure_ascii=False)
    times["json"] = time.perf_counter() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--also", type=Path, nargs="*", default=[], metavar="DIR")
    args = parser.parse_args()
    trees: list[Path | None] = [HERE.parent, *args.also] if args.also else [None]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    for size in args.sizes:
        path = workbook(size)
        bare = [sys.executable, str(HERE / "bare_read.py"), str(path)]
        command = [
            sys.executable,
            "-m",
            "tracker.cli",
            "status",
            str(path),
            "--json",
            "--as-of",
            REFERENCE.isoformat(),
        ]
        timed(bare, trees[0])  # warm the page cache
        for tree in trees:
            timed(command, tree)
        bare_runs: list[float] = []
        runs: dict[Path | None, list[tuple[float, float]]] = {tree: [] for tree in trees}
        for _ in range(args.repeat):
            bare_runs.append(timed(bare, trees[0])[0])
            for tree in trees:
                runs[tree].append(timed(command, tree))
        base = statistics.median(bare_runs)
        for tree, times in runs.items():
            wall = statistics.median(w for w, _ in times)
            peak = max(p for _, p in times)
            print(
                f"{size:>7} tasks ({path.stat().st_size / 1e6:.1f} MB xlsx): bare calamine "
                f"read median {base:.2f} s; tracker status --json"
                f"{f' ({tree})' if tree else ''} median {wall:.2f} s, peak RSS {peak:.0f} MiB; "
                f"ratio {wall / base:.2f}"
            )
        detail = stages(path)
        print("    in-process: " + ", ".join(f"{k} {v:.2f} s" for k, v in detail.items()))


if __name__ == "__main__":
    main()
