"""What the browser benchmarks share: headless Chromium's flags, a free port, and waiting for
a server to answer."""

from __future__ import annotations

import socket
import time
import urllib.request

CHROMIUM = "/usr/bin/chromium"
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


def wait_up(url: str) -> None:
    """Until `url` answers (two minutes at most)."""
    for _ in range(240):
        try:
            urllib.request.urlopen(url, timeout=60).close()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer")
