"""`tracker dashboard`: the Voila server for notebooks/dashboard.ipynb, locked down.

Sources are stripped and tracebacks hidden from viewers; kernels are preheated, stopped when
their page goes away or sits unused, and capped (`server.py`); the server serves the one
notebook and no other file; it listens on localhost unless told otherwise, and then asks for a
token; without a token it answers only to this machine's names (and `--allow-host` ones).
Parameters reach the notebook through the environment, never credentials (those stay in the
server's own environment, read by the tracker library).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import secrets
import socket

from ...core.errors import TrackerError, os_reason
from ...core.settings import Settings
from ...reports.sources import local_path
from ..paths import project_file

LOCAL = {"localhost", "127.0.0.1", "::1"}
WILDCARD = {"0.0.0.0", "::", ""}


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
        "--Voila.port_retries=0",  # this port or none: the address printed is the one served
        "--Voila.log_level=ERROR",
    ]
    argv.append(f"--Voila.token={token or ''}")
    return argv


_BIND_ERRORS = {
    errno.EADDRINUSE: "một chương trình khác đang dùng cổng này; chọn cổng khác với --port",
    errno.EACCES: "không có quyền mở cổng này; chọn cổng từ 1024 trở lên với --port",
    errno.EADDRNOTAVAIL: "địa chỉ này không thuộc máy này; kiểm tra --ip",
}


def _check_port(ip: str, port: int) -> None:
    """Refuse, in one line, an address the server cannot listen on (Voila would only log it
    in English)."""
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind((ip, port))
        except socket.gaierror:
            raise TrackerError(f"Không tìm thấy địa chỉ {ip}; kiểm tra --ip") from None
        except OSError as exc:
            why = _BIND_ERRORS.get(exc.errno or 0) or os_reason(exc)
            raise TrackerError(f"Không mở được cổng {port} trên {ip}: {why}") from None


def serve(
    source: str | None,
    as_of: dt.date | None,
    due_soon_days: int | None,
    port: int = 8866,
    ip: str = "127.0.0.1",
    open_browser: bool = True,
    *,
    settings: Settings | None = None,
    allow_hosts: list[str] | None = None,
) -> None:
    """Run the dashboard until interrupted. Prints its address (with the token, once, when
    it listens beyond this machine)."""
    from .server import DashboardVoila, allowed_hosts

    settings = settings or Settings()
    _check_port(ip, port)
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
    query = f"?token={token}" if token else ""
    if ip in WILDCARD:  # every address of this machine: others reach it by its name
        print(f"Bảng điều khiển: http://{socket.gethostname()}:{port}/{query}", flush=True)
        loopback = "[::1]" if ":" in ip else "127.0.0.1"
        print(f"Trên máy này: http://{loopback}:{port}/{query}", flush=True)
    else:
        host = f"[{ip}]" if ":" in ip else ip
        print(f"Bảng điều khiển: http://{host}:{port}/{query}", flush=True)
    if token:
        print("Mã truy cập (token) trong địa chỉ trên chỉ in ra lúc này; giữ kín.", flush=True)
    DashboardVoila.launch_instance(
        argv=voila_argv(port, ip, open_browser, token),
        max_viewers=settings.dashboard_max_kernels,
        idle_minutes=settings.dashboard_idle_minutes,
        hosts=[] if token else sorted(allowed_hosts(port, allow_hosts or [])),
    )
