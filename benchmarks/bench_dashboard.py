"""The dashboard in headless Chromium: time from request to all widgets rendered (preheated
kernels), and filter-change latency, at 1k and 25k tasks.

    .venv/bin/python benchmarks/bench_dashboard.py [--sizes 1000 25000] [--runs 3]

Starts the real `tracker dashboard` on a synthetic workbook, waits until the preheated kernel
is ready, then loads the page `--runs` times (a kernel is used per load; the pool refills in
between) and changes the status filter five times per load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
REFERENCE = dt.date(2026, 3, 16)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tracker.sources.synthetic import write_synthetic

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 25_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    print(f"python {sys.version.split()[0]}, headless Chromium, preheated kernels (pool of 1)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for size in args.sizes:
            path = OUT / f"messy-{size}.xlsx"
            if not path.exists():
                write_synthetic(path, size, seed=1, reference=REFERENCE)
            port = free_port()
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tracker.cli",
                    "dashboard",
                    str(path),
                    "--as-of",
                    REFERENCE.isoformat(),
                    "--port",
                    str(port),
                    "--no-browser",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            url = f"http://127.0.0.1:{port}/"
            try:
                for _ in range(120):
                    try:
                        urllib.request.urlopen(url, timeout=60).close()
                        break
                    except OSError:
                        time.sleep(0.5)
                loads, filters = [], []
                for _ in range(args.runs):
                    time.sleep(15 if size > 5000 else 5)  # let the pool preheat a kernel
                    page = browser.new_page()
                    start = time.perf_counter()
                    page.goto(url)
                    page.wait_for_selector('[data-kpi="total"]', timeout=120_000)
                    page.wait_for_selector('[data-table="tasks"]', state="attached")
                    loads.append(time.perf_counter() - start)
                    select = page.locator(
                        '.widget-dropdown:has(label:text-is("Tình trạng")) select'
                    )
                    for label in ["Quá hạn", "Trong hạn", "Sắp đến hạn", "Tất cả", "Quá hạn"]:
                        before = page.get_attribute("[data-applied]", "data-applied")
                        start = time.perf_counter()
                        select.select_option(label=label)
                        page.wait_for_function(
                            "b => document.querySelector('[data-applied]').dataset.applied != b",
                            arg=before,
                        )
                        filters.append(time.perf_counter() - start)
                    page.close()
                print(
                    f"{size:>6} tasks: first render median {statistics.median(loads):.2f} s "
                    f"(runs: {', '.join(f'{x:.2f}' for x in loads)}); filter update median "
                    f"{statistics.median(filters) * 1000:.0f} ms, max {max(filters) * 1000:.0f} ms"
                )
            finally:
                server.terminate()
                server.wait(timeout=30)
        browser.close()


if __name__ == "__main__":
    main()
