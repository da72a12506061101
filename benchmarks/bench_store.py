"""Sync 25k tasks into the history store, then `changes` between two 25k-task snapshots that
differ in 5 % of rows.

    .venv/bin/python benchmarks/bench_store.py [--tasks 25000] [--db URL]

Without --db, a fresh SQLite file in benchmarks/out/. With TRACKER_TEST_POSTGRES_URL set (as
.ci/run does), PostgreSQL is measured too. Prints wall times and the peak RSS of the process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
REFERENCE = dt.date(2026, 3, 16)


def edited_copy(source: Path, target: Path, share: float, seed: int) -> int:
    """Rewrite the synthetic workbook with `share` of its task rows edited; returns how many."""
    from tracker.sources.synthetic import HEADERS, synthetic_tabs
    from tracker.sources.xlsx_write import write_xlsx

    tabs = synthetic_tabs(int(source.stem.rsplit("-", 1)[1]), 1, REFERENCE)
    rng = random.Random(seed)
    edited = 0
    for name, rows in tabs.items():
        if not name.startswith("Phiên ") or name == "Phiên họp":
            continue
        header = rows[3]  # below the title rows
        fields = next(h for h in HEADERS if list(h.values()) == header)
        col = {field: list(fields).index(field) for field in fields}
        tasks = [i for i in range(4, len(rows)) if rows[i]]
        for count, index in enumerate(rng.sample(tasks, int(len(tasks) * share))):
            row = rows[index]
            choice = count % 4
            if choice == 0:
                row[col["status"]], row[col["completed_on"]] = "Hoàn thành", REFERENCE
            elif choice == 1:
                row[col["deadline"]] = "31/12/2027"  # deadline moved
            elif choice == 2:
                row[col["lead"]] = "Bộ Tư pháp"  # reassigned
            else:
                row[col["title"]] = f"{row[col['title']]} (sửa)"  # title edited
            edited += 1
    write_xlsx(target, tabs.items(), big=True)
    return edited


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(db: str, tasks: int) -> None:
    from tracker.core.diff import compare
    from tracker.core.settings import Settings
    from tracker.reports.evaluation import evaluate
    from tracker.reports.sources import load
    from tracker.store.location import default_db, source_key
    from tracker.store.snapshots import Store

    base = OUT / f"messy-{tasks}.xlsx"
    if not base.exists():
        from tracker.sources.synthetic import write_synthetic

        write_synthetic(base, tasks, seed=1, reference=REFERENCE)
    work = OUT / f"store-source-{tasks}.xlsx"
    work.write_bytes(base.read_bytes())
    settings = Settings(db=db)
    url = default_db(db, Path("."))
    store = Store.open(url)
    key = source_key(str(work))

    start = time.perf_counter()
    workbook = load(str(work), settings)
    read = time.perf_counter() - start
    start = time.perf_counter()
    store.sync(workbook, key, REFERENCE, 7)
    first = time.perf_counter() - start

    edited = edited_copy(base, work, 0.05, seed=2)
    start = time.perf_counter()
    workbook = load(str(work), settings)
    read2 = time.perf_counter() - start
    start = time.perf_counter()
    result = store.sync(workbook, key, REFERENCE + dt.timedelta(days=7), 7)
    second = time.perf_counter() - start

    # What `tracker changes` does after reading the source: load the baseline snapshot,
    # evaluate both, compare.
    start = time.perf_counter()
    before = store.load(key, snapshot=result.previous.id)  # type: ignore[union-attr]
    assert before
    found = compare(
        evaluate(before[1], REFERENCE).views,
        evaluate(workbook, REFERENCE + dt.timedelta(days=7)).views,
    )
    changes = time.perf_counter() - start
    store.close()
    counted = {k: len(v) for k, v in found.items() if v}
    print(
        f"  {url.split('://')[0]}: {tasks} tasks, {edited} rows edited ({result.history_rows} "
        "history rows)"
    )
    print(
        f"    read+validate {read:.2f} s / {read2:.2f} s; sync (beyond the read) first "
        f"{first:.2f} s, second {second:.2f} s"
    )
    print(f"    changes, beyond the read (in-process): {changes:.2f} s  {counted}")
    cli_env = {**os.environ, "TRACKER_DB": db}
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tracker.cli",
            "changes",
            str(work),
            "--offline",
            "--since",
            str(result.previous.id),
            "--json",
        ],  # type: ignore[union-attr]
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=cli_env,
    )
    print(
        f"    tracker changes --offline --since N (new process): "
        f"{time.perf_counter() - start:.2f} s"
    )
    print(f"    peak RSS so far {peak_mib():.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=25_000)
    parser.add_argument("--db", help="a store URL or path (default: a fresh SQLite file)")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    targets = [args.db] if args.db else []
    if not args.db:
        path = OUT / "bench-store.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        targets.append(str(path))
        postgres = os.environ.get("TRACKER_TEST_POSTGRES_URL")
        if postgres:
            import sqlalchemy as sa

            from tracker.store.snapshots import metadata

            engine = sa.create_engine(postgres)
            with engine.begin() as connection:
                metadata.drop_all(connection)
            engine.dispose()
            targets.append(postgres)
    for db in targets:
        measure(db, args.tasks)


if __name__ == "__main__":
    main()
