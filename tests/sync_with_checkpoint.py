"""A child process for the store tests: `tracker sync SOURCE --as-of D` through the library,
with a checkpoint callback that says so on stderr and then sleeps SECONDS, so that a test can
kill the sync halfway through its transaction.

    python sync_with_checkpoint.py SOURCE AS_OF SECONDS
"""

from __future__ import annotations

import datetime as dt
import sys
import time

from tracker.config import load_settings
from tracker.outputs.cli_text import sync_text
from tracker.reports.history import sync, sync_report


def main() -> None:
    source, as_of, seconds = sys.argv[1], dt.date.fromisoformat(sys.argv[2]), float(sys.argv[3])

    def pause() -> None:
        print("checkpoint", file=sys.stderr, flush=True)
        time.sleep(seconds)

    workbook, result = sync(source, load_settings(), as_of, 7, on_checkpoint=pause)
    print(sync_text(sync_report(workbook, result)))


if __name__ == "__main__":
    main()
