"""Kernels and memory of `tracker dashboard` after many visits, in headless Chromium.

    .venv/bin/python benchmarks/bench_kernels.py [--tasks 0] [--settle 15]

Starts `tracker dashboard` (on the sample workbook, or a messy synthetic one of `--tasks`
tasks), then:

1. 20 sequential visits (page opened, dashboard rendered, page closed): kernels alive right
   after the last one and after `--settle` seconds;
2. 50 sequential visits: the memory of the server (RSS of the server process and of its
   kernel processes) right after the last one and after `--settle` seconds;
3. 10 concurrent visits (10 pages opened at once, each rendered or refused, all closed): the
   memory while they are open, right after they are closed, and after `--settle` seconds.

A page is closed as a tab is (`page.close()`, no `beforeunload`): its kernel goes when its
websocket closes, after a grace. The same script measures any tree of the project: run it with
`PYTHONPATH` pointing at another checkout to measure that code.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from browser import ARGS, CHROMIUM, free_port, wait_up  # beside this script

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
REFERENCE = dt.date(2026, 3, 16)
MIB = 1024 * 1024


class Server:
    """`tracker dashboard` in a child process, and what it holds."""

    def __init__(self, source: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tracker.cli", "dashboard", str(source), "--as-of",
             REFERENCE.isoformat(), "--port", str(self.port), "--no-browser"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
            cwd=OUT,  # not the checkout: `-m` looks in the working folder before PYTHONPATH
        )  # fmt: skip
        wait_up(f"{self.url}voila/static/voila.js")  # a static file: no kernel is taken

    def _tree(self) -> list[Any]:
        import psutil

        root = psutil.Process(self.process.pid)
        return [root, *root.children(recursive=True)]

    def kernels(self) -> int:
        import psutil

        count = 0
        for process in self._tree()[1:]:
            with contextlib.suppress(psutil.NoSuchProcess):
                count += "ipykernel_launcher" in process.cmdline()
        return count

    def rss(self) -> float:
        """MiB resident in the server process and its children."""
        import psutil

        total = 0
        for process in self._tree():
            with contextlib.suppress(psutil.NoSuchProcess):
                total += process.memory_info().rss
        return total / MIB

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def visit(browser: Any, url: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.wait_for_selector('[data-kpi="total"]', state="visible", timeout=120_000)
    page.close()


def concurrent(browser: Any, server: Server, count: int) -> tuple[int, int, int, float]:
    """Open `count` pages at once; returns (dashboards, busy pages, pages that showed neither
    within 5 minutes, MiB while all are open)."""
    from playwright.sync_api import TimeoutError as PageTimeout

    pages = [browser.new_page(viewport={"width": 1400, "height": 1000}) for _ in range(count)]
    for page in pages:
        page.goto(server.url, wait_until="commit")
    shown = refused = failed = 0
    deadline = time.monotonic() + 300
    for page in pages:
        wait = max(1000, (deadline - time.monotonic()) * 1000)
        try:
            page.wait_for_selector('[data-kpi="total"], [data-busy]', state="visible", timeout=wait)
        except PageTimeout:
            failed += 1
            continue
        if page.locator("[data-busy]").count():
            refused += 1
        else:
            shown += 1
    memory = server.rss()
    for page in pages:
        page.close()
    return shown, refused, failed, memory


def main() -> None:
    from playwright.sync_api import sync_playwright

    import tracker
    from tracker.sources.sample import write_sample
    from tracker.sources.synthetic import write_synthetic

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=0, help="0: the sample workbook")
    parser.add_argument("--settle", type=float, default=15, help="seconds before a recount")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    if args.tasks:
        source = OUT / f"messy-{args.tasks}.xlsx"
        if not source.exists():
            write_synthetic(source, args.tasks, seed=1, reference=REFERENCE)
    else:
        source = write_sample(OUT / "sample.xlsx", REFERENCE)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env["TRACKER_DATA_DIR"] = str(OUT / "no-store")
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores, headless Chromium; "
        f"{args.tasks or 'sample'} tasks; tracker from {Path(tracker.__file__).parent.parent}",
        flush=True,
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for visits in (20, 50):
            server = Server(source, env)
            try:
                time.sleep(args.settle)  # the preheated kernel is ready
                idle = server.rss()
                start = time.perf_counter()
                for _ in range(visits):
                    visit(browser, server.url)
                took = time.perf_counter() - start
                after, memory = server.kernels(), server.rss()
                time.sleep(args.settle)
                print(
                    f"  {visits} sequential visits ({took:.0f} s): kernels alive {after} right "
                    f"after, {server.kernels()} {args.settle:.0f} s later; server RSS "
                    f"{idle:.0f} MiB before, {memory:.0f} MiB right after, "
                    f"{server.rss():.0f} MiB {args.settle:.0f} s later",
                    flush=True,
                )
            finally:
                server.stop()
        server = Server(source, env)
        try:
            time.sleep(args.settle)
            idle = server.rss()
            shown, refused, failed, peak = concurrent(browser, server, 10)
            after, closed = server.kernels(), server.rss()
            time.sleep(args.settle)
            print(
                f"  10 concurrent visits: {shown} dashboards, {refused} busy pages, {failed} "
                f"neither within 5 minutes; server RSS "
                f"{idle:.0f} MiB before, {peak:.0f} MiB while open, {closed:.0f} MiB right "
                f"after ({after} kernels), {server.rss():.0f} MiB {args.settle:.0f} s later "
                f"({server.kernels()} kernels)",
                flush=True,
            )
        finally:
            server.stop()
        browser.close()


if __name__ == "__main__":
    main()
