"""The dashboard's Voila application: Voila 0.5 with the tracker's kernel policy and host guard.

Kernels. A page's kernel is stopped when the page goes away: Voila's page asks for it when it
unloads (the server gives it the `_xsrf` cookie that request needs), and when the page's
websocket closes and no page connects again within `PAGE_GONE_SECONDS` (a crashed or killed
browser, a dropped network). A page kernel idle for `dashboard_idle_minutes` is culled, even
with its page open (the page then says so and asks for a reload); one whose page never
connected is culled after `UNCONNECTED_SECONDS` (a link preview, a script). At most
`dashboard_max_kernels` pages have a kernel at once; a visitor over the cap gets a short page
in Vietnamese (HTTP 503) instead. The preheated spare kernel (pool of one) is not a page's and
does not count: at most `dashboard_max_kernels + 1` kernels run. Kernels talk to the server
over IPC (Unix sockets in Voila's connection folder), not TCP.

Host guard. Without a token, a request is served only when its `Host` is this machine
(`127.0.0.1`, `localhost`, `[::1]`, with the port) or a name given with `--allow-host`, and
when its `Origin`, if any (a websocket, a POST), is one of those too: a page on another site
cannot reach the server through DNS rebinding. With a token, the token is the guard.

Relies on Voila 0.5 internals in two places, both covered by the browser tests: the preheated
pool (`VoilaKernelManager._pools`, a list of tasks per notebook, each starting one kernel) and
the handler classes `Voila.init_handlers` routes to.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from html import escape
from typing import Any
from urllib.parse import urlsplit

import tornado.web
from jupyter_core.utils import run_sync
from jupyter_server.auth.decorator import ws_authenticated
from jupyter_server.services.kernels.kernelmanager import (
    AsyncMappingKernelManager,
    ServerKernelManager,
)
from tornado.httputil import HTTPServerRequest
from tornado.ioloop import IOLoop
from tornado.routing import Matcher, Rule
from tornado.websocket import WebSocketClosedError
from traitlets import Float, Integer, List, Unicode, default
from voila.app import Voila
from voila.static_file_handler import AllowListFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

PAGE_GONE_SECONDS = 10.0  # a page's browser reconnects within this (JupyterLab: 0, ≤1, ≤3, ≤7 s)
UNCONNECTED_SECONDS = 60.0
CULL_INTERVAL = 30  # seconds between two passes of the idle culler
PING_SECONDS = 30.0  # websocket keep-alive: a ping every 30 s, a pong within 30 s
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
TITLE = "Theo dõi nhiệm vụ Tổ công tác"


def allowed_hosts(port: int, extra: list[str]) -> frozenset[str]:
    """`Host` values served without a token: this machine's names with the port (bare on port
    80, as browsers send it), and each extra name as given, plus with the port when it has
    none."""
    hosts = {f"{name}:{port}" for name in LOCAL_HOSTS}
    if port == 80:
        hosts.update(LOCAL_HOSTS)
    for name in extra:
        name = name.lower()
        hosts.add(name)
        if not name.rsplit("]", 1)[-1].count(":"):
            hosts.add(f"{name}:{port}")
    return frozenset(hosts)


def busy_page(max_viewers: int) -> str:
    """The page for a visitor over the cap (it tries again by itself after a minute)."""
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta http-equiv="refresh" content="60"><link rel="icon" href="data:;base64,=">'
        f"<title>{escape(TITLE)}</title><style>"
        "body{font-family:system-ui,sans-serif;background:#fafafa;color:#222;margin:0}"
        "main{max-width:36rem;margin:15vh auto;padding:1.5rem 2rem;background:#fff;"
        "border-left:4px solid #ef6c00;box-shadow:0 1px 3px rgba(0,0,0,.15)}"
        "h1{font-size:1.3rem}</style></head>"
        f'<body><main data-busy="{max_viewers}"><h1>Bảng điều khiển đang bận</h1>'
        f"<p>Bảng điều khiển đang phục vụ tối đa {max_viewers} người xem; vui lòng thử lại "
        "sau ít phút.</p><p>Trang này tự thử lại sau một phút.</p></main></body></html>"
    )


class IpcKernelManager(ServerKernelManager):
    """A kernel reached over Unix sockets: no TCP port, and no warning from the kernel about
    unencrypted TCP."""

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"


class DashboardKernelManager(AsyncMappingKernelManager):
    """The server's kernels, knowing which belong to pages (Voila wraps it with its pool of
    preheated kernels, whose methods come first)."""

    page_gone_seconds = Float(PAGE_GONE_SECONDS)
    unconnected_seconds = Float(UNCONNECTED_SECONDS)

    @default("kernel_manager_class")
    def _default_kernel_manager_class(self) -> str:
        return f"{IpcKernelManager.__module__}.{IpcKernelManager.__qualname__}"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)  # type: ignore[no-untyped-call]
        self._started_in: dict[str, asyncio.Task[Any] | None] = {}
        self._sockets: dict[str, set[KernelSocket]] = {}
        self._connected_once: set[str] = set()
        self._unconnected_since: dict[str, float] = {}
        self._stopping: set[str] = set()
        self.admitting = 0  # pages let in whose kernel is not known yet

    def _pool_tasks(self) -> set[asyncio.Task[Any]]:
        pools: dict[str, list[asyncio.Task[Any]]] = getattr(self, "_pools", {})
        return {task for tasks in pools.values() for task in tasks}

    def viewers(self) -> int:
        """Pages with a kernel (running or starting), and pages being let in: every kernel
        but those started by a task still in Voila's pool."""
        pooled = self._pool_tasks()
        return sum(task not in pooled for task in self._started_in.values()) + self.admitting

    async def start_kernel(  # type: ignore[override]
        self, *, kernel_id: str | None = None, path: Any = None, **kwargs: Any
    ) -> str:
        if kernel_id is not None and kernel_id in self:
            return str(await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs))
        kernel_id = kernel_id or self.new_kernel_id()
        # Voila's pool starts its kernels inside the pool's tasks: a kernel whose task has left
        # the pool has been handed to a page.
        self._started_in[kernel_id] = asyncio.current_task()
        try:
            return str(await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs))
        except BaseException:
            self._started_in.pop(kernel_id, None)
            raise

    async def shutdown_kernel(  # type: ignore[override]
        self, kernel_id: str, now: bool = False, restart: bool = False
    ) -> None:
        if kernel_id in self._stopping:
            return
        self._stopping.add(kernel_id)
        self._started_in.pop(kernel_id, None)  # its page's place is free at once
        try:
            # Killed, never asked: a viewer's kernel holds nothing to save, and one asked to
            # stop in the middle of a request prints that request's failure.
            await super().shutdown_kernel(  # type: ignore[no-untyped-call]
                kernel_id, now=True, restart=restart
            )
        finally:
            self._stopping.discard(kernel_id)
            self._connected_once.discard(kernel_id)
            self._unconnected_since.pop(kernel_id, None)
            for socket in list(self._sockets.pop(kernel_id, ())):
                socket.close()  # an open page learns that its kernel is gone

    def page_connected(self, kernel_id: str, socket: KernelSocket) -> None:
        self._sockets.setdefault(kernel_id, set()).add(socket)
        self._connected_once.add(kernel_id)

    def page_left(self, kernel_id: str, socket: KernelSocket) -> None:
        """A page's websocket closed: stop its kernel unless a page connects again soon."""
        self._sockets.get(kernel_id, set()).discard(socket)
        IOLoop.current().call_later(
            self.page_gone_seconds, lambda: asyncio.ensure_future(self._stop_if_left(kernel_id))
        )

    async def _stop_if_left(self, kernel_id: str) -> None:
        if kernel_id in self and not self._sockets.get(kernel_id):
            await self._stop_quietly(kernel_id)

    async def _stop_quietly(self, kernel_id: str) -> None:
        # stopped meanwhile (the page's own request, the culler): nothing to do
        with contextlib.suppress(KeyError, tornado.web.HTTPError):
            await self.shutdown_kernel(kernel_id)

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """Voila's pool skips its own kernels before this; a page's kernel whose page never
        connected goes after `unconnected_seconds` (and only then: a spare handed to a page
        has been idle since it was preheated, maybe for hours, and its page has not had time
        to connect), any other after the idle timeout."""
        if self._started_in.get(kernel_id) in self._pool_tasks():
            return  # still Voila's spare (its task has not finished)
        if kernel_id not in self._connected_once:
            since = self._unconnected_since.setdefault(kernel_id, time.monotonic())
            if time.monotonic() - since >= self.unconnected_seconds:
                await self._stop_quietly(kernel_id)
            return
        await super().cull_kernel_if_idle(kernel_id)  # type: ignore[no-untyped-call]


class PageHandler(TornadoVoilaHandler):  # type: ignore[misc]
    """The dashboard page: a kernel for the visitor when there is room, the busy page when
    not."""

    def initialize(self, **kwargs: Any) -> None:
        self.max_viewers: int = kwargs.pop("max_viewers")
        self._admitted = False
        super().initialize(**kwargs)

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        manager: DashboardKernelManager = self.kernel_manager
        if path:  # Voila would redirect to a file; none is served
            self.set_status(404)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish("Không có trang này; bảng điều khiển ở địa chỉ gốc (/).\n")
            return
        if manager.viewers() >= self.max_viewers:
            self.set_status(503)
            self.set_header("Retry-After", "60")
            self.set_header("Cache-Control", "no-store")
            self.finish(busy_page(self.max_viewers))
            return
        self.xsrf_token  # noqa: B018 (sets the cookie Voila's page sends back when it unloads)
        manager.admitting += 1
        self._admitted = True
        try:
            await super().get(path)
        finally:
            self._admit_done()

    def write(self, chunk: str | bytes | dict[str, Any]) -> None:
        self._admit_done()  # the page's first part comes once its kernel runs: it now counts
        super().write(chunk)

    def _admit_done(self) -> None:
        if self._admitted:
            self._admitted = False
            self.kernel_manager.admitting -= 1


def _quietly(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()  # retrieved: a page that went away is not an error


class KernelSocket(VoilaKernelWebsocketHandler):  # type: ignore[misc]
    """A page's kernel websocket: keeps the kernel while the page is there, pinged by tornado,
    and quiet when the browser goes away in the middle of a message."""

    @property
    def ping_interval(self) -> float:
        # Tornado reads this in seconds; jupyter_server's own pings (WebSocketMixin) read it in
        # milliseconds and are not started (see `open`).
        return PING_SECONDS

    @property
    def ping_timeout(self) -> float:
        return PING_SECONDS

    @ws_authenticated
    async def get(self, kernel_id: str) -> None:
        if kernel_id not in self.kernel_manager:  # stopped: its page reloads to get another
            self.set_status(404)  # (not raised: jupyter_server's error page needs a static path)
            self.finish()
            return
        await super().get(kernel_id)

    async def open(self, kernel_id: str) -> None:
        # KernelWebsocketHandler.open without WebSocketMixin.open (its pings, above)
        self.kernel_manager.page_connected(kernel_id, self)
        connected = self.connection.connect()
        if connected is not None:
            await connected

    def on_close(self) -> None:
        super().on_close()
        self.kernel_manager.page_left(self.kernel_id, self)

    def write_message(
        self, message: bytes | str | dict[str, Any], binary: bool = False
    ) -> asyncio.Future[None] | None:
        try:
            future: asyncio.Future[None] | None = super().write_message(message, binary)
        except WebSocketClosedError:
            return None
        if future is not None:
            future.add_done_callback(_quietly)
        return future


class _Foreign(Matcher):
    """Requests whose `Host` is not allowed, or whose `Origin` (when sent) is not."""

    def __init__(self, hosts: frozenset[str]) -> None:
        self.hosts = hosts

    def match(self, request: HTTPServerRequest) -> dict[str, Any] | None:
        host = request.headers.get("Host", "").lower()
        origin = request.headers.get("Origin")
        if host not in self.hosts:
            return {}
        if origin is not None:
            parts = urlsplit(origin.lower())
            if parts.scheme not in ("http", "https") or parts.netloc not in self.hosts:
                return {}
        return None


class Refused(tornado.web.RequestHandler):
    def initialize(self, port: int) -> None:
        self.port = port

    def prepare(self) -> None:
        host = self.request.headers.get("Host", "")
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(
            f"Bảng điều khiển không phục vụ tên máy «{host}» hoặc trang gửi yêu cầu này; "
            f"mở bằng http://127.0.0.1:{self.port}/, hoặc chạy lại với --allow-host TÊN.\n"
        )


def _no_access_log(handler: tornado.web.RequestHandler) -> None:
    pass


class DashboardVoila(Voila):  # type: ignore[misc]
    """Voila serving the dashboard notebook, with the kernel policy and host guard above."""

    max_viewers = Integer(8)
    idle_minutes = Integer(10)
    hosts = List(Unicode())  # the `Host` values served; empty: any (a token guards)

    def initialize(self, argv: list[str] | None = None) -> None:
        super().initialize(argv)
        configuration = self.voila_configuration
        configuration.file_allowlist = []  # no file is served
        configuration.multi_kernel_manager_class = DashboardKernelManager
        # No access log: refusals, busy pages and missing files are expected; errors still
        # reach the log with their cause.
        self.tornado_settings["log_function"] = _no_access_log

    def init_settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = super().init_settings()
        manager = self.kernel_manager
        manager.cull_idle_timeout = self.idle_minutes * 60
        manager.cull_interval = CULL_INTERVAL
        manager.cull_connected = True  # an open page left unused too
        return settings

    def stop(self) -> None:
        # Voila removes the connection folder first, then asks each kernel to stop: kill them
        # (as above), then remove the folder with their sockets.
        run_sync(self.kernel_manager.shutdown_all)(now=True)
        shutil.rmtree(self.connection_dir, ignore_errors=True)

    def init_handlers(self) -> list[Any]:
        swap: dict[type, type] = {
            TornadoVoilaHandler: PageHandler,
            VoilaKernelWebsocketHandler: KernelSocket,
        }
        handlers: list[Any] = []
        for handler in super().init_handlers():
            pattern, cls, *rest = handler
            if cls is AllowListFileHandler:
                continue  # no file is served (its paths reach the page handler: 404)
            if cls is TornadoVoilaHandler:
                rest = [{**(rest[0] if rest else {}), "max_viewers": self.max_viewers}]
            handlers.append((pattern, swap.get(cls, cls), *rest))
        if self.hosts:
            handlers.insert(0, Rule(_Foreign(frozenset(self.hosts)), Refused, {"port": self.port}))
        return handlers
