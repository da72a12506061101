"""The dashboard: widgets in plain Python, and the real Voila server in headless Chromium."""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import HEADER, run_json, write_xlsx

from tracker.core.settings import Settings
from tracker.outputs.dashboard.widgets import Dashboard
from tracker.sources.sample import write_sample

REFERENCE = dt.date(2026, 3, 16)
CHROMIUM = Path("/usr/bin/chromium")
XSS = "<script>alert(1)</script>"
STATIC = "voila/static/voila.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def test_widgets_in_plain_python(tmp_path: Path) -> None:
    path = write_sample(tmp_path / "sample.xlsx", REFERENCE)
    settings = Settings(cache_dir=tmp_path / "cache", data_dir=tmp_path / "data")
    app = Dashboard(str(path), REFERENCE, settings=settings)
    total = len(app.frame)
    assert total == 61 and f'data-kpi="total" data-value="{total}"' in app.tiles.value
    app.status.value = "overdue"
    assert len(app.filtered) and (app.filtered["status"] == "overdue").all()
    assert app.table.value == ""  # a tab is drawn when it is opened
    app.tabs.selected_index = 4
    assert app.table.value.count("<tr data-id=") == len(app.filtered)
    app.status.value = "__all__"
    app.search.value = "VNeID"
    assert len(app.filtered) and app.filtered["search"].str.contains("vneid").all()
    app.search.value = ""
    app.tabs.selected_index = 2
    app.agency.value = app.agency.options[1][1]
    assert 'data-table="agency"' in app.agency_tasks.value
    data = app.export()
    assert data[:2] == b"PK" and f'data-export="{total}"' in app.download.value


def test_titles_are_escaped(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "x.xlsx", {"Nhiệm vụ": [HEADER, ["X1", XSS, "BCA", None, "01/01/2020"]]}
    )
    app = Dashboard(str(path), REFERENCE, settings=Settings(data_dir=tmp_path / "data"))
    app.render_all()
    assert XSS not in app.table.value and "&lt;script&gt;alert(1)&lt;/script&gt;" in app.table.value
    assert XSS not in app.overdue.value


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running `tracker dashboard`: its address, process and captured output."""

    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def kernels(self) -> int:
        """Kernel processes the server runs (its pages' and the preheated spare)."""
        import psutil

        count = 0
        for child in psutil.Process(self.process.pid).children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                count += "ipykernel_launcher" in child.cmdline()
        return count

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not {what} after {seconds} s")
        time.sleep(0.5)


@pytest.fixture
def dashboard(env: dict[str, str], tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Start `tracker dashboard SOURCE [ARGS]` (the real Voila server) with extra environment
    variables; ready once it serves a static file (no kernel is taken for that)."""
    servers: list[Server] = []

    def start(source: Path, *args: str, **extra_env: str) -> Server:
        port = _free_port()
        log = tmp_path / f"voila-{port}.log"
        with open(log, "wb") as out:  # the child keeps its own copy
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tracker.cli",
                    "dashboard",
                    str(source),
                    "--as-of",
                    REFERENCE.isoformat(),
                    "--port",
                    str(port),
                    "--no-browser",
                    *args,
                ],
                env={**env, "TRACKER_DB": str(tmp_path / "none.db"), **extra_env},
                cwd=tmp_path,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        server = Server(f"http://127.0.0.1:{port}/", port, process, log)
        servers.append(server)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{server.url}{STATIC}", timeout=5) as answer:
                    if answer.status == 200:
                        return server
            except OSError:
                time.sleep(0.3)
        raise AssertionError(server.output())

    yield start
    for server in servers:
        server.process.terminate()
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.process.kill()


@pytest.fixture
def voila(dashboard: Callable[..., Server]) -> Callable[[Path], str]:
    """Start `tracker dashboard SOURCE`; returns its URL."""
    return lambda source: dashboard(source).url


@pytest.fixture
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed")
        pytest.skip("no /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _local_only(page: Any) -> list[str]:
    """Block every request from `page` to a host other than this machine; returns the list of
    blocked URLs."""
    blocked: list[str] = []

    def route(route: Any) -> None:
        host = route.request.url.split("/")[2].split(":")[0]
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return blocked


def open_page(browser: Any, url: str) -> tuple[Any, list[str], list[str]]:
    """The dashboard in a page on which every request to another host is blocked."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    blocked = _local_only(page)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.wait_for_selector('[data-kpi="total"]', timeout=90_000)
    page.wait_for_selector('[data-chart="status_by_program"]', state="attached")
    return page, blocked, dialogs


def _applied(page: Any) -> int:
    return int(page.get_attribute("[data-applied]", "data-applied"))


def _select(page: Any, label: str, value_label: str) -> None:
    before = _applied(page)
    page.locator(f'.widget-dropdown:has(label:text-is("{label}")) select').select_option(
        label=value_label
    )
    page.wait_for_function(
        f"() => Number(document.querySelector('[data-applied]').dataset.applied) > {before}"
    )


def test_the_dashboard_in_a_browser(
    voila: Callable[[Path], str], browser: Any, run: Any, tmp_path: Path
) -> None:
    source = write_sample(tmp_path / "sample.xlsx", REFERENCE)
    page, blocked, _ = open_page(browser, voila(source))
    _, kpi = run_json(run, "kpi", str(source), "--as-of", REFERENCE.isoformat())
    overall = kpi["overall"]
    for status, count in overall["counts"].items():
        tile = page.locator(f'.tile[data-status="{status}"] .n').inner_text()
        assert int(tile) == count, status
    assert page.get_attribute('[data-kpi="total"]', "data-value") == str(overall["total"])
    rate = float(page.get_attribute('[data-kpi="on_time_rate"]', "data-value"))
    assert rate == pytest.approx(overall["on_time_rate"])
    # the figures behind each chart
    bars = page.locator('[data-chart="overdue_by_agency"] .bar-row')
    shown = {
        bars.nth(i).get_attribute("data-key"): int(bars.nth(i).get_attribute("data-value"))
        for i in range(bars.count())
    }
    expected = {
        g["key"] or "__none__": g["counts"]["overdue"]
        for g in kpi["groups"]
        if g["counts"]["overdue"]
    }
    assert shown == expected
    _, by_program = run_json(
        run, "kpi", str(source), "--as-of", REFERENCE.isoformat(), "--by", "program"
    )
    for group in by_program["groups"]:
        row = page.locator(
            f'[data-chart="status_by_program"] .bar-row[data-key="{group["key"] or ""}"]'
        )
        for status, count in group["counts"].items():
            value = row.locator(f'.seg[data-status="{status}"]').get_attribute("data-value")
            assert int(value) == count, (group["key"], status)
    weeks = page.locator('[data-chart="deadlines_by_week"] .bar-row')
    assert weeks.count() == 8
    page.screenshot(path=str(tmp_path / "dashboard-overview.png"), full_page=True)

    # a filter changes the KPIs and the table
    _select(page, "Tình trạng", "Quá hạn")
    overdue = overall["counts"]["overdue"]
    assert page.get_attribute('[data-kpi="total"]', "data-value") == str(overdue)
    page.locator(".lm-TabBar-tab", has_text="Danh sách nhiệm vụ").click()
    page.wait_for_selector(f'[data-table="tasks"][data-total="{overdue}"]', state="attached")
    assert page.locator('[data-table="tasks"]').get_attribute("data-total") == str(overdue)
    statuses = page.locator('[data-table="tasks"] tr[data-status]')
    assert statuses.count() == overdue
    assert {statuses.nth(i).get_attribute("data-status") for i in range(overdue)} == {"overdue"}

    # the leaders' overdue review, and one agency's drill-down
    page.locator(".lm-TabBar-tab", has_text="Rà soát quá hạn").click()
    page.wait_for_selector('[data-table="overdue"]', state="attached")
    days = [
        int(x)
        for x in page.locator('[data-table="overdue"] tr[data-days]').evaluate_all(
            "rows => rows.map(r => r.dataset.days)"
        )
    ]
    assert len(days) == overdue
    page.screenshot(path=str(tmp_path / "dashboard-overdue.png"), full_page=True)
    page.locator(".lm-TabBar-tab", has_text="Xếp hạng cơ quan").click()
    page.wait_for_selector('[data-table="league"]', state="attached")
    _, overdue_report = run_json(run, "overdue", str(source), "--as-of", REFERENCE.isoformat())
    first = overdue_report["groups"][0]
    page.locator(
        '.widget-dropdown:has(label:text-is("Xem chi tiết cơ quan")) select'
    ).select_option(label=first["name"])
    agency = page.locator('[data-table="agency"]')
    agency.wait_for()
    assert agency.get_attribute("data-total") == str(len(first["tasks"]))
    page.screenshot(path=str(tmp_path / "dashboard-agency.png"), full_page=True)
    assert blocked == []  # nothing was requested from outside this machine


def test_a_script_in_a_title_shows_as_text(
    voila: Callable[[Path], str], browser: Any, tmp_path: Path
) -> None:
    source = write_xlsx(
        tmp_path / "xss.xlsx", {"Nhiệm vụ": [HEADER, ["X1", XSS, "Bộ Công an", None, "01/01/2020"]]}
    )
    page, blocked, dialogs = open_page(browser, voila(source))
    cell = page.locator('[data-table="tasks"] tr[data-id="X1"] td').nth(1)
    page.locator(".lm-TabBar-tab", has_text="Danh sách nhiệm vụ").click()
    assert cell.inner_text() == XSS
    assert dialogs == [] and blocked == []


def test_beyond_localhost_a_token_is_required(env: dict[str, str], tmp_path: Path) -> None:
    source = write_sample(tmp_path / "sample.xlsx", REFERENCE)
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tracker.cli",
            "dashboard",
            str(source),
            "--port",
            str(port),
            "--ip",
            "0.0.0.0",
            "--no-browser",
        ],
        env={**env, "TRACKER_DB": str(tmp_path / "none.db")},
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        # the address other machines open is this machine's name, not 0.0.0.0
        assert line.startswith(f"Bảng điều khiển: http://{socket.gethostname()}:{port}/?token=")
        token = line.strip().split("?token=")[1]
        assert len(token) >= 24
        here = process.stdout.readline().strip()
        assert here == f"Trên máy này: http://127.0.0.1:{port}/?token={token}"
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        answer = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base}?token={token}", timeout=30) as answer:
                    break
            except OSError:
                time.sleep(0.3)
        assert answer is not None and answer.status == 200
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener.open(base, timeout=30)
        assert refused.value.code in (302, 403)
        refused.value.close()
        # with a token, the token is the guard: a LAN name reaches the server
        assert _status(port, f"/?token={token}", f"tracker.lan:{port}") == 200
    finally:
        process.terminate()
        process.wait(timeout=20)
        process.stdout.close()  # type: ignore[union-attr]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def test_trend_and_changes_panels_with_history(tmp_path: Path) -> None:
    from tracker.reports import history as api

    source = write_sample(tmp_path / "sample.xlsx", REFERENCE)
    settings = Settings(db=str(tmp_path / "store.db"), cache_dir=tmp_path / "cache")
    api.sync(str(source), settings, REFERENCE - dt.timedelta(days=30), 7)  # before PH03
    api.sync(str(source), settings, REFERENCE, 7)
    app = Dashboard(str(source), REFERENCE, settings=settings)
    assert app.trend_points and 'data-chart="trend"' in app.chart_trend.value
    assert "data-point=" in app.chart_trend.value
    assert 'data-panel="changes"' in app.changes.value and 'data-change="new"' in app.changes.value


def test_refresh_reads_the_source_again(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "x.xlsx", {"Nhiệm vụ": [HEADER, ["R1", "Việc", "BCA", None, "01/01/2020"]]}
    )
    app = Dashboard(str(path), REFERENCE, settings=Settings(data_dir=tmp_path / "data"))
    assert list(app.frame["id"]) == ["R1"]
    write_xlsx(
        path,
        {
            "Nhiệm vụ": [
                HEADER,
                ["R1", "Việc", "BCA", None, "01/01/2020"],
                ["R2", "Việc mới", "BTP", None, "01/01/2030"],
            ]
        },
    )
    app.refresh_button.click()
    assert list(app.frame["id"]) == ["R1", "R2"]
    assert 'data-kpi="total" data-value="2"' in app.tiles.value


def test_a_relative_source_path_is_read_from_where_the_command_ran(
    voila: Callable[[Path], str], browser: Any, tmp_path: Path
) -> None:
    write_sample(tmp_path / "sample.xlsx", REFERENCE)
    page, _, _ = open_page(browser, voila(Path("sample.xlsx")))  # the server runs in tmp_path
    assert page.get_attribute('[data-kpi="total"]', "data-value") == "61"


# --- Kernels, hosts and the server's terminal (issue 12) ------------------------------------

SHUTDOWN = "/voila/api/shutdown/"
BUSY = "Bảng điều khiển đang phục vụ tối đa 2 người xem; vui lòng thử lại sau ít phút."


def _unload(page: Any) -> int:
    """Fire the page's `beforeunload`, as the browser does when the page is left or closed
    (Playwright does not report the requests of a page being unloaded); returns the status of
    the request by which Voila's page then asks the server to stop its kernel."""
    with page.expect_response(lambda r: SHUTDOWN in r.url) as answer:
        page.evaluate("window.dispatchEvent(new Event('beforeunload'))")
    return int(answer.value.status)


def test_a_page_that_goes_away_stops_its_kernel(
    dashboard: Callable[..., Server], browser: Any, tmp_path: Path
) -> None:
    server = dashboard(write_sample(tmp_path / "sample.xlsx", REFERENCE))
    page, _, _ = open_page(browser, server.url)
    wait_until(lambda: server.kernels() == 2, 60, "the page's kernel and a spare")
    assert _unload(page) == 204  # Voila's page asks, the server stops the kernel
    wait_until(lambda: server.kernels() == 1, 30, "only the spare")
    left, _, _ = open_page(browser, server.url)
    wait_until(lambda: server.kernels() == 2, 60, "the page's kernel and a spare")
    left.goto("about:blank")  # the viewer goes elsewhere
    wait_until(lambda: server.kernels() == 1, 60, "only the spare")
    crashed, _, _ = open_page(browser, server.url)
    wait_until(lambda: server.kernels() == 2, 60, "the page's kernel and a spare")
    crashed.close()  # no unload: only its websocket closes
    wait_until(lambda: server.kernels() == 1, 60, "only the spare")


def test_a_visitor_over_the_cap_gets_a_clear_page(
    dashboard: Callable[..., Server], browser: Any, tmp_path: Path
) -> None:
    server = dashboard(
        write_sample(tmp_path / "sample.xlsx", REFERENCE), TRACKER_DASHBOARD_MAX_KERNELS="2"
    )
    first, _, _ = open_page(browser, server.url)
    open_page(browser, server.url)
    third = browser.new_page()
    blocked = _local_only(third)
    answer = third.goto(server.url)
    assert answer.status == 503 and answer.headers["retry-after"] == "60"
    assert third.locator("[data-busy] p").first.inner_text() == BUSY
    assert third.locator('[data-kpi="total"]').count() == 0 and blocked == []
    assert server.kernels() <= 3  # two pages and the spare
    first.goto("about:blank")  # one viewer leaves
    wait_until(lambda: server.kernels() == 2, 60, "one page's kernel and a spare")
    open_page(browser, server.url)  # the next visitor gets the dashboard


def test_pages_left_unused_lose_their_kernel(
    dashboard: Callable[..., Server], browser: Any, tmp_path: Path
) -> None:
    server = dashboard(
        write_sample(tmp_path / "sample.xlsx", REFERENCE), TRACKER_DASHBOARD_IDLE_MINUTES="1"
    )
    page, _, _ = open_page(browser, server.url)  # stays open, untouched
    with urllib.request.urlopen(server.url, timeout=60) as answer:  # never connects
        assert answer.status == 200 and b'"kernelId"' in answer.read()
    wait_until(lambda: server.kernels() == 3, 60, "two pages' kernels and a spare")
    wait_until(lambda: server.kernels() == 1, 240, "culled")
    ended = page.locator("[data-session-ended]")
    ended.wait_for(timeout=60_000)
    assert ended.inner_text().startswith("Phiên xem này đã kết thúc")
    page.reload()
    page.wait_for_selector('[data-kpi="total"]', timeout=90_000)


class _Socket:
    """Stands for a page's websocket in the manager's bookkeeping."""

    def close(self) -> None:
        pass


def test_a_spare_handed_to_a_page_is_not_culled_before_the_page_connects() -> None:
    # The preheated spare has been idle since it was preheated; handed to a visitor, it is a
    # page's kernel whose page has not connected yet. A cull pass in that moment took it
    # (test_pages_left_unused_lose_their_kernel's reload then waited in vain, now and then).
    import asyncio

    from tracker.outputs.dashboard.server import DashboardKernelManager

    async def scenario() -> tuple[bool, bool]:
        manager = DashboardKernelManager()
        manager.cull_idle_timeout = 60
        kernel_id = await manager.start_kernel()
        try:
            await asyncio.sleep(3)  # its start-up messages are in: its activity is set
            kernel = manager.get_kernel(kernel_id)
            kernel.last_activity -= dt.timedelta(minutes=10)
            await manager.cull_kernel_if_idle(kernel_id)
            kept = kernel_id in manager
            manager.page_connected(kernel_id, _Socket())  # type: ignore[arg-type]
            kernel.last_activity -= dt.timedelta(minutes=10)
            await manager.cull_kernel_if_idle(kernel_id)  # connected and idle: culled
            return kept, kernel_id in manager
        finally:
            await manager.shutdown_all()

    kept, still = asyncio.run(scenario())
    assert kept and not still


def test_bad_dashboard_arguments_are_refused_in_vietnamese(
    run: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    for host in ("evil example", "http://tracker.lan", "tracker.lan:port", "tracker.lan:99999"):
        result = run("dashboard", "--no-browser", "--allow-host", host)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        last = result.stderr.splitlines()[-1]
        assert last == (
            f"Lỗi: tham số --allow-host: «{host}» không phải tên máy (ví dụ tracker.noibo "
            "hoặc tracker.noibo:8080) (xem `tracker dashboard --help`)"
        )
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("dashboard", "--no-browser", "--port", str(port))
    assert result.returncode == 2 and result.stdout == "" and result.stderr.count("\n") == 1
    assert result.stderr == (
        f"Lỗi: Không mở được cổng {port} trên 127.0.0.1: một chương trình khác đang dùng cổng "
        "này; chọn cổng khác với --port\n"
    )


def _status(port: int, path: str, host: str, origin: str | None = None) -> int:
    """The status of a request with this `Host` (and `Origin`); a websocket upgrade when the
    path is a kernel's channels."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host)
        if origin:
            connection.putheader("Origin", origin)
        if path.endswith("/channels"):
            connection.putheader("Connection", "Upgrade")
            connection.putheader("Upgrade", "websocket")
            connection.putheader("Sec-WebSocket-Version", "13")
            connection.putheader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def test_without_a_token_only_this_machine_is_served(
    dashboard: Callable[..., Server], tmp_path: Path
) -> None:
    server = dashboard(
        write_sample(tmp_path / "sample.xlsx", REFERENCE), "--allow-host", "tracker.lan"
    )
    port = server.port
    static = f"/{STATIC}"
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "tracker.lan"):
        assert _status(port, static, host) == 200, host
    assert _status(port, static, f"Tracker.LAN:{port}") == 200
    wait_until(lambda: server.kernels() == 1, 60, "the spare started")
    for host in ("evil.example", f"evil.example:{port}", f"localhost:{port + 1}", ""):
        assert _status(port, "/", host) == 403, host
        assert _status(port, static, host) == 403, host
    assert server.kernels() == 1  # no page was served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/", headers={"Host": "evil.example"})
    refused = connection.getresponse()
    assert refused.status == 403 and "Traceback" not in (body := refused.read().decode())
    assert f"mở bằng http://127.0.0.1:{port}/, hoặc chạy lại với --allow-host TÊN" in body
    connection.close()
    channels = "/api/kernels/00000000-0000-4000-8000-000000000000/channels"
    local = f"127.0.0.1:{port}"
    assert _status(port, channels, local, "http://evil.example") == 403
    assert _status(port, channels, local, f"http://127.0.0.1:{port + 1}") == 403
    assert _status(port, channels, local, "null") == 403
    assert _status(port, channels, local, f"http://{local}") == 404  # past the guard: no kernel
    assert _status(port, channels, "tracker.lan", "http://tracker.lan") == 404


def test_the_server_terminal_stays_readable(
    dashboard: Callable[..., Server], tmp_path: Path
) -> None:
    """Load a page, change filters and kill the browser in the middle of the replies, stop the
    server: it printed its address and nothing else."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    server = dashboard(write_sample(tmp_path / "sample.xlsx", REFERENCE))
    chromium = subprocess.Popen(
        [str(CHROMIUM), "--headless", "--remote-debugging-port=0",
         f"--user-data-dir={tmp_path / 'chromium'}", *CHROMIUM_ARGS, "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        assert chromium.stderr is not None
        endpoint = next(
            line.split()[-1] for line in chromium.stderr if line.startswith("DevTools listening")
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.connect_over_cdp(endpoint)
            for _ in range(2):
                page, blocked, _ = open_page(browser, server.url)
                assert blocked == []
                page.evaluate(FLOOD)
            os.killpg(chromium.pid, signal.SIGKILL)  # the browser is gone, mid-message
            wait_until(lambda: server.kernels() == 1, 60, "only the spare")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(chromium.pid, signal.SIGKILL)
        chromium.wait()
        chromium.stderr.close()  # type: ignore[union-attr]
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=30) == 0
    output = server.output()
    for noise in (
        "Traceback",
        "WebSocketClosedError",
        "DeprecationWarning",
        "websocket_ping_timeout",
        "without encryption",
    ):
        assert noise not in output, output
    assert output.splitlines() == [f"Bảng điều khiển: {server.url}"], output


FLOOD = """() => {
  const box = [...document.querySelectorAll('.widget-dropdown')]
    .find(d => d.querySelector('label') && d.querySelector('label').textContent === 'Tình trạng');
  const select = box.querySelector('select');
  for (let i = 0; i < 30; i++) {
    select.selectedIndex = i % select.options.length;
    select.dispatchEvent(new Event('change', {bubbles: true}));
  }
}"""
