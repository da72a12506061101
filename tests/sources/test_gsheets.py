"""Google Sheets: real gspread over real HTTP to the Sheets API emulator on loopback."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import API_KEY, HEADER, SERVICE_EMAIL, run_json, settings_for

from tracker.sources import read_workbook
from tracker.sources.gsheets import read, sheet_key
from tracker.sources.sample import write_sample

Run = Callable[..., subprocess.CompletedProcess[str]]
REFERENCE = "2026-03-16"
KEY = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd"


@pytest.mark.parametrize(
    "source",
    [
        f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=0",
        f"https://docs.google.com/spreadsheets/d/{KEY}/edit?usp=sharing",
        f"https://docs.google.com/spreadsheets/d/{KEY}",
        f"https://docs.google.com/spreadsheets/u/1/d/{KEY}/edit?gid=123#gid=123",
        f"gsheet:{KEY}",
    ],
)
def test_every_url_form_gives_the_key(source: str) -> None:
    assert sheet_key(source) == KEY


@pytest.fixture
def sample_sheet(sheets: Any, tmp_path: Path) -> tuple[str, Path]:
    """The sample workbook as an .xlsx, and the same cells served by the emulator."""
    path = write_sample(tmp_path / "sample.xlsx", dt.date.fromisoformat(REFERENCE))
    tabs = read_workbook(str(path)).tabs
    sheets.add_spreadsheet("SAMPLE", tabs, shared_with={SERVICE_EMAIL})
    return "gsheet:SAMPLE", path


def test_the_sheet_gives_what_the_xlsx_gives(run: Run, sample_sheet: tuple[str, Path]) -> None:
    source, path = sample_sheet
    for command in ("status", "check"):
        code_sheet, from_sheet = run_json(run, command, source, "--as-of", REFERENCE)
        code_xlsx, from_xlsx = run_json(run, command, str(path), "--as-of", REFERENCE)
        assert code_sheet == code_xlsx == 0
        assert from_sheet["source"] == source
        from_sheet.pop("source"), from_xlsx.pop("source")
        assert from_sheet == from_xlsx
    assert len(from_sheet["problems"]) > 0


def test_a_read_costs_two_requests_whatever_the_number_of_tabs(sheets: Any, tmp_path: Path) -> None:
    tabs = {f"Phiên {i}": [HEADER, [f"T{i}", "Việc", "BCA", None, "31/12/2025"]] for i in range(8)}
    sheets.add_spreadsheet("MANY", tabs, shared_with={SERVICE_EMAIL})
    raw = read("gsheet:MANY", settings_for(sheets, tmp_path))
    assert len(raw.tabs) == 8
    assert [m for m, _, _ in sheets.requests] == ["GET", "GET"]
    assert sheets.token_requests == 1
    batch = sheets.requests[1]
    assert batch[1].endswith("/values:batchGet") and len(batch[2]["ranges"]) == 8
    assert batch[2]["valueRenderOption"] == ["UNFORMATTED_VALUE"]


def test_text_is_not_numericised_and_dates_arrive_as_serials(sheets: Any, tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["007", "1e3", "BCA", None, dt.date(2025, 12, 31)],
        [12, "x", "BCA", None, 45657],
    ]
    sheets.add_spreadsheet("TEXT", {"Nhiệm vụ": rows}, shared_with={SERVICE_EMAIL})
    raw = read("gsheet:TEXT", settings_for(sheets, tmp_path))
    assert raw.tabs["Nhiệm vụ"][1][:2] == ["007", "1e3"]
    assert raw.tabs["Nhiệm vụ"][1][4] == 46022  # the serial of 31/12/2025
    from tracker.core.workbook import parse_workbook

    first, second = parse_workbook(raw).assignments
    assert (first.id, first.title, first.deadline.day) == ("007", "1e3", dt.date(2025, 12, 31))
    assert first.deadline_text == "31/12/2025"
    assert (second.id, second.deadline.day) == ("12", dt.date(2024, 12, 31))


def test_recovers_after_two_429s(sheets: Any, tmp_path: Path) -> None:
    sheets.add_spreadsheet("BUSY", {"Nhiệm vụ": [HEADER]}, shared_with={SERVICE_EMAIL})
    sheets.fail(429, times=2)
    raw = read("gsheet:BUSY", settings_for(sheets, tmp_path))
    assert "Nhiệm vụ" in raw.tabs and not raw.stale
    assert len(sheets.requests) == 4  # two refused, then metadata and batchGet


def test_survives_a_slow_answer_and_a_dropped_connection(sheets: Any, tmp_path: Path) -> None:
    sheets.add_spreadsheet("FLAKY", {"Nhiệm vụ": [HEADER]}, shared_with={SERVICE_EMAIL})
    sheets.delay(2.0)
    sheets.drop()
    raw = read("gsheet:FLAKY", settings_for(sheets, tmp_path, sheets_timeout=0.5))
    assert "Nhiệm vụ" in raw.tabs
    assert len(sheets.requests) == 4  # timed out, dropped, then metadata and batchGet


def test_persistent_500s_give_up_with_one_line(run: Run, sheets: Any) -> None:
    sheets.add_spreadsheet("DOWN", {"Nhiệm vụ": [HEADER]}, shared_with={SERVICE_EMAIL})
    sheets.fail(500, times=-1)
    result = run("status", "gsheet:DOWN", TRACKER_SHEETS_RETRIES="3")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert "lỗi 500" in result.stderr and "4 lần" in result.stderr
    assert len(sheets.requests) == 4  # bounded: the first try and three retries


def test_403_names_the_email_to_share_with(run: Run, sheets: Any) -> None:
    sheets.add_spreadsheet("PRIVATE", {"Nhiệm vụ": [HEADER]}, shared_with=set())
    result = run("check", "https://docs.google.com/spreadsheets/d/PRIVATE/edit#gid=0")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert f"chia sẻ bảng tính với {SERVICE_EMAIL}" in result.stderr


def test_404_says_no_such_sheet_or_no_access(run: Run, sheets: Any) -> None:
    result = run("check", "gsheet:NOPE")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "không có bảng tính với mã này" in result.stderr


def test_no_credentials_names_the_variables(run: Run, sheets: Any, env: dict[str, str]) -> None:
    env.pop("TRACKER_GOOGLE_CREDENTIALS")
    env.pop("GOOGLE_APPLICATION_CREDENTIALS", None)
    result = run("status", "gsheet:ANY")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "TRACKER_GOOGLE_CREDENTIALS" in result.stderr
    assert "TRACKER_GOOGLE_API_KEY" in result.stderr


def test_google_application_credentials_is_honoured(
    run: Run, sheets: Any, env: dict[str, str]
) -> None:
    sheets.add_spreadsheet("GAC", {"Nhiệm vụ": [HEADER]}, shared_with={SERVICE_EMAIL})
    env["GOOGLE_APPLICATION_CREDENTIALS"] = env.pop("TRACKER_GOOGLE_CREDENTIALS")
    code, report = run_json(run, "status", "gsheet:GAC")
    assert code == 0 and report["assignments"] == []


def test_api_key_route(run: Run, sheets: Any, env: dict[str, str]) -> None:
    sheets.add_spreadsheet(
        "OPEN", {"Nhiệm vụ": [HEADER, ["A1", "Việc", "BCA", None, "Năm 2030"]]}, public=True
    )
    sheets.add_spreadsheet("CLOSED", {"Nhiệm vụ": [HEADER]})
    env.pop("TRACKER_GOOGLE_CREDENTIALS")
    env["TRACKER_GOOGLE_API_KEY"] = API_KEY
    code, report = run_json(run, "status", "gsheet:OPEN")
    assert code == 0 and [t["id"] for t in report["assignments"]] == ["A1"]
    closed = run("status", "gsheet:CLOSED")
    assert closed.returncode == 2 and "Bất kỳ ai có đường liên kết" in closed.stderr
    assert API_KEY not in closed.stderr + closed.stdout


def test_unreachable_sheet_falls_back_to_the_last_sync(
    run: Run, sheets: Any, env: dict[str, str], tmp_path: Path
) -> None:
    env["TRACKER_DB"] = str(tmp_path / "store.db")
    sheets.add_spreadsheet(
        "CACHED",
        {"Nhiệm vụ": [HEADER, ["A1", "Việc", "BCA", None, "01/01/2020"]]},
        shared_with={SERVICE_EMAIL},
    )
    sheets.fail(503, times=-1)
    never = run("status", "gsheet:CACHED", TRACKER_SHEETS_RETRIES="1")
    assert never.returncode == 2 and never.stderr.count("\n") == 1
    assert "lỗi 503" in never.stderr and "tracker sync" in never.stderr
    sheets.clear_faults()
    assert run("sync", "https://docs.google.com/spreadsheets/d/CACHED/edit").returncode == 0
    sheets.fail(503, times=-1)
    result = run("overdue", "gsheet:CACHED", "--json", TRACKER_SHEETS_RETRIES="1")
    assert result.returncode == 0
    assert result.stderr.count("\n") == 1 and "dùng dữ liệu đọc lúc" in result.stderr
    assert "lỗi 503" in result.stderr and "phút trước" in result.stderr
    report = json.loads(result.stdout)
    assert report["stale"] is True and report["read_at"]
    assert [t["id"] for g in report["groups"] for t in g["tasks"]] == ["A1"]
    down = run("sync", "gsheet:CACHED", "--quiet", TRACKER_SHEETS_RETRIES="1")
    assert down.returncode == 2  # a sync never stores a stand-in


class _ForwardProxy:
    """A minimal HTTP forward proxy on loopback that records what passes through it."""

    def __init__(self) -> None:
        import http.client
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import urlsplit

        seen: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _forward(self) -> None:
                seen.append(f"{self.command} {self.path}")
                target = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "proxy-connection"}
                path = target.path + (f"?{target.query}" if target.query else "")
                upstream.request(self.command, path, body=body or None, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                upstream.close()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = _forward

        self.seen = seen
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_the_proxy_variables_are_honoured(run: Run, sheets: Any, env: dict[str, str]) -> None:
    sheets.add_spreadsheet("VIAPROXY", {"Nhiệm vụ": [HEADER]}, shared_with={SERVICE_EMAIL})
    proxy = _ForwardProxy()
    try:
        env.pop("NO_PROXY"), env.pop("no_proxy", None)
        env.update(HTTP_PROXY=proxy.url, http_proxy=proxy.url)
        code, _ = run_json(run, "status", "gsheet:VIAPROXY")
    finally:
        proxy.stop()
    assert code == 0
    assert any(line.startswith("POST") and line.endswith("/token") for line in proxy.seen)
    assert sum("/v4/spreadsheets/VIAPROXY" in line for line in proxy.seen) == 2


def test_a_disabled_api_is_not_mistaken_for_sharing(run: Run, sheets: Any) -> None:
    sheets.add_spreadsheet("OFF", {"Nhiệm vụ": [HEADER]}, shared_with={SERVICE_EMAIL})
    sheets.fail(
        403,
        message="Google Sheets API has not been used in project 123 before or it is disabled.",
        reason="SERVICE_DISABLED",
    )
    result = run("check", "gsheet:OFF")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "Google Sheets API chưa được bật" in result.stderr
    assert "chia sẻ" not in result.stderr


def test_chart_sheets_are_not_read(sheets: Any, tmp_path: Path) -> None:
    spreadsheet = sheets.add_spreadsheet(
        "CHART",
        {"Nhiệm vụ": [HEADER, ["A1", "x", "BCA", None, "Năm 2030"]], "Biểu đồ": []},
        shared_with={SERVICE_EMAIL},
    )
    original = sheets.metadata

    def with_chart_sheet(book: Any) -> dict[str, Any]:
        data = original(book)
        for sheet in data["sheets"]:
            if sheet["properties"]["title"] == "Biểu đồ":
                sheet["properties"]["sheetType"] = "OBJECT"
        return data

    sheets.metadata = with_chart_sheet
    try:
        raw = read("gsheet:CHART", settings_for(sheets, tmp_path))
    finally:
        del sheets.metadata
    assert list(raw.tabs) == ["Nhiệm vụ"] and spreadsheet.key == "CHART"
    assert len(sheets.requests[1][2]["ranges"]) == 1
