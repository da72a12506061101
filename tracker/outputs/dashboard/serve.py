"""`tracker dashboard`: the Voila server for notebooks/dashboard.ipynb, locked down.

Sources are stripped and tracebacks hidden from viewers; kernels are preheated, stopped when
their page goes away or sits unused, and capped (`server.py`); the server serves the one
notebook and no other file; it listens on localhost unless told otherwise, and then asks for a
token. Parameters reach the notebook through the environment, never credentials (those stay
in the server's own environment, read by the tracker library).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets

from ...core.settings import Settings
from ...reports.sources import local_path
from ..paths import project_file

LOCAL = {"localhost", "127.0.0.1", "::1"}


def voila_argv(port: int, ip: str, open_browser: bool, token: str | None) -> list[str]:
    argv = [
        str(project_file("notebooks", "dashboard.ipynb")),
        "--template=tracker",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--preheat_kernel=True",
        "--pool_size=1",
        f"--port={port}",
        f"--Voila.ip={ip}",
        f"--Voila.open_browser={open_browser}",
        "--VoilaConfiguration.file_allowlist",
        "(?!)",  # a pattern no file name matches: no file is served
        "--Voila.log_level=ERROR",
    ]
    argv.append(f"--Voila.token={token or ''}")
    return argv


def serve(
    source: str | None,
    as_of: dt.date | None,
    due_soon_days: int | None,
    port: int = 8866,
    ip: str = "127.0.0.1",
    open_browser: bool = True,
    *,
    settings: Settings | None = None,
) -> None:
    """Run the dashboard until interrupted. Prints its address (with the token, once, when
    it listens beyond this machine)."""
    from .server import DashboardVoila

    settings = settings or Settings()
    token = None if ip in LOCAL else secrets.token_urlsafe(24)
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
    templates = str(project_file("templates", "jupyter"))
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [templates, os.environ.get("JUPYTER_PATH")])
    )
    path = local_path(source) if source else None
    if path is not None:
        source = str(path.resolve())  # the kernel runs in the notebook's folder
    for name, value in (
        ("TRACKER_DASHBOARD_SOURCE", source),
        ("TRACKER_DASHBOARD_AS_OF", as_of.isoformat() if as_of else None),
        ("TRACKER_DASHBOARD_DUE_SOON_DAYS", None if due_soon_days is None else str(due_soon_days)),
    ):
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    host = f"[{ip}]" if ":" in ip else ip
    url = f"http://{host}:{port}/" + (f"?token={token}" if token else "")
    print(f"Bảng điều khiển: {url}", flush=True)
    if token:
        print("Mã truy cập ở trên chỉ in một lần; giữ kín.", flush=True)
    DashboardVoila.launch_instance(
        argv=voila_argv(port, ip, open_browser, token),
        max_viewers=settings.dashboard_max_kernels,
        idle_minutes=settings.dashboard_idle_minutes,
    )
