"""Briefs for 100 agencies over 25k tasks: the naive loop (a fresh kernel per brief) against
the fast path (a pool of warm kernels, one per core), in one run.

    .venv/bin/python benchmarks/bench_briefs.py [--tasks 25000] [--agencies 100] [--jobs 2]

The synthetic workbook is laid out before the 2025 reorganisation (reference date
01/02/2025), so that about a hundred ministries and provinces lead tasks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
REFERENCE = dt.date(2025, 2, 1)


def main() -> None:
    from tracker.core.workbook import parse_workbook
    from tracker.outputs.briefs.batch import brief_agencies, run_batch
    from tracker.reports.evaluation import evaluate
    from tracker.sources import read_workbook
    from tracker.sources.synthetic import write_synthetic

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=25_000)
    parser.add_argument("--agencies", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"messy-{args.tasks}-2025.xlsx"
    if not path.exists():
        write_synthetic(path, args.tasks, seed=3, reference=REFERENCE)
    evaluation = evaluate(parse_workbook(read_workbook(str(path))), REFERENCE)
    agencies = brief_agencies(evaluation)[: args.agencies]
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {len(evaluation.tasks)} "
        f"tasks, {len(agencies)} agencies"
    )
    timings = {}
    for name, jobs in (("fast path (warm kernels)", args.jobs), ("naive loop (fresh kernels)", 0)):
        out = OUT / f"briefs-{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        start = time.perf_counter()
        result = run_batch(evaluation, agencies, out, jobs)
        timings[name] = elapsed = time.perf_counter() - start
        print(
            f"  {name}: {elapsed:.1f} s for {len(result.done)} briefs "
            f"({elapsed / len(agencies):.2f} s each), {len(result.failed)} failed"
        )
    fast, naive = timings.values()
    print(f"  ratio: the fast path is {naive / fast:.1f}x faster")


if __name__ == "__main__":
    main()
