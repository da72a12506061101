"""The dashboard in headless Chromium, against stock Voila serving one widget, in one run.

    .venv/bin/python benchmarks/bench_dashboard.py [--tasks 25000] [--loads 5] [--filters 30]

Starts two servers on this machine, both with a preheated kernel (pool of one):

- the baseline: `voila benchmarks/one_widget.ipynb --preheat_kernel=True --pool_size=1`;
- `tracker dashboard` on a messy synthetic workbook of `--tasks` tasks.

First render: from navigation until the KPI tiles are visible (the baseline's one widget),
loads alternating between the two servers, each after its pool has a warm kernel again.
Filter: in the browser, from choosing a value in the «Tình trạng» dropdown until the «Tổng
số nhiệm vụ» tile shows the new count (the count each status should give is taken from
`tracker kpi`), over `--filters` choices. Prints medians, maxima and the render ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from browser import ARGS, CHROMIUM, free_port, wait_up  # beside this script

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
REFERENCE = dt.date(2026, 3, 16)
CHOOSE = """async ([label, expected]) => {
  const box = [...document.querySelectorAll('.widget-dropdown')]
    .find(d => d.querySelector('label') && d.querySelector('label').textContent === 'Tình trạng');
  const select = box.querySelector('select');
  const option = [...select.options].find(o => o.textContent.replace(/\u00a0/g, ' ') === label);
  const start = performance.now();
  select.value = option.value;
  select.dispatchEvent(new Event('change', {bubbles: true}));
  return await new Promise(resolve => {
    const check = () => {
      const tile = document.querySelector('[data-kpi="total"]');
      if (tile && tile.dataset.value === String(expected)) resolve(performance.now() - start);
      else requestAnimationFrame(check);
    };
    check();
  });
}"""


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tracker.sources.synthetic import write_synthetic

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=25_000)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--filters", type=int, default=30)
    parser.add_argument("--settle", type=float, default=20, help="seconds for a pool to refill")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"messy-{args.tasks}.xlsx"
    if not path.exists():
        write_synthetic(path, args.tasks, seed=1, reference=REFERENCE)
    env = {**os.environ, "TRACKER_DATA_DIR": str(OUT / "no-store")}
    env.pop("TRACKER_DB", None)
    kpi = json.loads(
        subprocess.run(
            [sys.executable, "-m", "tracker.cli", "kpi", str(path), "--json", "--as-of",
             REFERENCE.isoformat()],
            capture_output=True, text=True, check=True, env=env,
        ).stdout
    )  # fmt: skip
    counts = kpi["overall"]["counts"]
    labels = {"Tất cả": kpi["overall"]["total"]}
    from tracker.core.model import Status

    labels |= {s.label: counts[s.value] for s in Status}

    base_port, port = free_port(), free_port()
    voila = Path(sys.executable).with_name("voila")
    baseline = subprocess.Popen(
        [str(voila), str(HERE / "one_widget.ipynb"), "--preheat_kernel=True", "--pool_size=1",
         f"--port={base_port}", "--no-browser", "--Voila.ip=127.0.0.1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    dashboard = subprocess.Popen(
        [sys.executable, "-m", "tracker.cli", "dashboard", str(path), "--as-of",
         REFERENCE.isoformat(), "--port", str(port), "--no-browser"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    urls = {"baseline": f"http://127.0.0.1:{base_port}/", "dashboard": f"http://127.0.0.1:{port}/"}
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, headless Chromium; "
          f"{args.tasks} tasks")  # fmt: skip
    try:
        for url in urls.values():
            wait_up(url)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            loads: dict[str, list[float]] = {"baseline": [], "dashboard": []}
            filters: list[float] = []
            for _ in range(args.loads):
                for name, url in urls.items():
                    time.sleep(args.settle)  # a warm kernel in the pool again
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    start = time.perf_counter()
                    page.goto(url)
                    page.wait_for_selector('[data-kpi="total"]', state="visible", timeout=120_000)
                    loads[name].append(time.perf_counter() - start)
                    if name == "dashboard" and len(filters) < args.filters:
                        filters += choose_statuses(page, labels, args.filters - len(filters))
                    page.close()
            browser.close()
    finally:
        for process in (baseline, dashboard):
            process.terminate()
            process.wait(timeout=30)
    base, ours = statistics.median(loads["baseline"]), statistics.median(loads["dashboard"])
    print(
        f"  first render: stock Voila, one widget: median {base:.2f} s "
        f"(runs {', '.join(f'{x:.2f}' for x in loads['baseline'])}); "
        f"tracker dashboard: median {ours:.2f} s "
        f"(runs {', '.join(f'{x:.2f}' for x in loads['dashboard'])}); ratio {ours / base:.2f}"
    )
    print(
        f"  status filter to the «Tổng số nhiệm vụ» tile: median "
        f"{statistics.median(filters):.0f} ms, max {max(filters):.0f} ms "
        f"({len(filters)} choices)"
    )


def choose_statuses(page: Any, labels: dict[str, int], count: int) -> list[float]:
    """Choose statuses one after another (each giving another count than the one before)."""
    order = sorted(labels, key=lambda label: -labels[label])
    taken: list[float] = []
    shown = labels["Tất cả"]
    while len(taken) < count:
        for label in order:
            if labels[label] == shown:
                continue
            taken.append(float(page.evaluate(CHOOSE, [label, labels[label]])))
            shown = labels[label]
            if len(taken) >= count:
                break
    return taken


if __name__ == "__main__":
    main()
