"""Read, validate and compute status for large synthetic workbooks.

For each size, writes (once) a synthetic workbook with `tracker sample --tasks N`, then runs
the real command `tracker status FILE --json` in a fresh process, output to /dev/null, and
prints wall time and the child's peak memory (max RSS). Then it times the stages in-process.

    .venv/bin/python benchmarks/bench_status.py [--sizes 25000 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
REFERENCE = dt.date(2026, 3, 16)


def workbook(tasks: int) -> Path:
    path = OUT / f"synthetic-{tasks}.xlsx"
    if not path.exists():
        from tracker.sources.sample import write_synthetic

        write_synthetic(path, tasks, seed=1, reference=REFERENCE)
    return path


def run_cli(path: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of `tracker status PATH --json` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    # No history store: the default one of this machine, if any, is not read.
    env = {**os.environ, "TRACKER_DATA_DIR": str(OUT / "no-store")}
    env.pop("TRACKER_DB", None)
    with open(os.devnull, "w") as sink:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tracker.cli",
                "status",
                str(path),
                "--json",
                "--as-of",
                REFERENCE.isoformat(),
            ],
            check=True,
            stdout=sink,
            env=env,
        )
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def stages(path: Path) -> dict[str, float]:
    from tracker.core.workbook import parse_workbook
    from tracker.reports.evaluation import evaluate
    from tracker.reports.tasks import status_report
    from tracker.sources import read_workbook

    times: dict[str, float] = {}
    start = time.perf_counter()
    raw = read_workbook(str(path))
    times["read"] = time.perf_counter() - start
    start = time.perf_counter()
    parsed = parse_workbook(raw)
    times["validate"] = time.perf_counter() - start
    start = time.perf_counter()
    evaluation = evaluate(parsed, REFERENCE)
    times["status"] = time.perf_counter() - start
    start = time.perf_counter()
    json.dumps(status_report(evaluation), ensure_ascii=False)
    times["json"] = time.perf_counter() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    for size in args.sizes:
        path = workbook(size)
        runs = [run_cli(path) for _ in range(args.repeat)]
        walls = sorted(w for w, _ in runs)
        peak = max(p for _, p in runs)
        print(
            f"{size:>7} tasks  tracker status --json: best {walls[0]:.2f} s, "
            f"median {walls[len(walls) // 2]:.2f} s, peak RSS {peak:.0f} MiB "
            f"({path.stat().st_size / 1e6:.1f} MB xlsx)"
        )
        detail = stages(path)
        print(
            "               in-process: " + ", ".join(f"{k} {v:.2f} s" for k, v in detail.items())
        )


if __name__ == "__main__":
    main()
