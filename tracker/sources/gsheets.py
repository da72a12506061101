"""Google Sheets, read and written with gspread 6 (imported only when a sheet is used).

A read costs two Sheets API requests whatever the number of tabs: one metadata request and
one values batchGet (plus the OAuth token request). Requests time out, and 429, 5xx and
network failures are retried with exponential backoff up to a hard cap (gspread's own
BackOffHTTPClient recurses without bound, so it is not used). When the sheet cannot be
reached, the caller may use the latest snapshot of the store instead (see `api.load`).

For tests and API gateways, `sheets_api_url` (TRACKER_SHEETS_API_URL) sends the Sheets
requests to another base URL: the tracker mounts a requests adapter on the session it hands
to gspread; gspread itself is used unmodified.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..core.errors import SheetAccessDenied, SourceUnavailable, SourceUnreachable, TrackerError
from ..core.settings import Settings
from . import RawWorkbook, Row, register

SHEETS_API = "https://sheets.googleapis.com/"
SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)
RETRYABLE = frozenset({429, 500, 502, 503, 504})
MAX_BACKOFF = 32.0
_KEY_IN_URL = re.compile(r"/spreadsheets/(?:u/\d+/)?d/([A-Za-z0-9_-]+)")


def sheet_key(source: str) -> str | None:
    """The spreadsheet key of `gsheet:<key>` or of a Google Sheets URL in any form users
    paste (`.../d/<key>/edit#gid=0`, `.../edit?usp=sharing`, `.../d/<key>`); else None."""
    if source.startswith("gsheet:"):
        key = source[len("gsheet:") :].strip()
        return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else None
    if "docs.google.com" in source:
        match = _KEY_IN_URL.search(source)
        return match.group(1) if match else None
    return None


def accepts(source: str) -> bool:
    return source.startswith("gsheet:") or "docs.google.com/spreadsheets" in source


def quote_title(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def a1(title: str, row: int, col: int) -> str:
    """A1 notation of one cell, 0-based row and column."""
    from ..core.text import column_letter

    return f"{quote_title(title)}!{column_letter(col)}{row + 1}"


class SheetsUnreachable(TrackerError):
    """The Sheets API did not answer usefully after every retry (network, 429, 5xx)."""


def _retrying_client_class() -> type:
    import gspread
    import requests
    from google.auth.exceptions import TransportError
    from gspread.exceptions import APIError

    class RetryingHTTPClient(gspread.HTTPClient):
        """gspread's HTTP client with bounded retries and exponential backoff."""

        retries = 5
        backoff = 1.0

        def request(self, *args: Any, **kwargs: Any) -> Any:
            delay = self.backoff
            attempt = 0
            while True:
                attempt += 1
                try:
                    return super().request(*args, **kwargs)
                except APIError as exc:
                    code = exc.response.status_code
                    if code not in RETRYABLE:
                        raise
                    reason = f"lỗi {code} từ Google Sheets"
                    wait = _retry_after(exc.response.headers.get("Retry-After"), delay)
                except (requests.ConnectionError, requests.Timeout, TransportError) as exc:
                    reason = f"mất kết nối tới Google Sheets ({type(exc).__name__})"
                    wait = delay
                if attempt > self.retries:
                    waited = _backoff_total(self.backoff, self.retries)
                    during = f" trong khoảng {waited:.0f} giây" if waited >= 1 else ""
                    raise SheetsUnreachable(f"{reason}, đã thử {attempt} lần{during}")
                time.sleep(min(wait, MAX_BACKOFF))
                delay *= 2

    return RetryingHTTPClient


def _retry_after(header: str | None, default: float) -> float:
    try:
        return max(float(header), default) if header else default
    except ValueError:
        return default


def _backoff_total(first: float, retries: int) -> float:
    return sum(min(first * 2.0**i, MAX_BACKOFF) for i in range(retries))


def _redirecting_adapter(base: str) -> Any:
    from requests.adapters import HTTPAdapter

    class Redirect(HTTPAdapter):
        """Sends requests for the Sheets API to another base URL."""

        def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
            request.url = base.rstrip("/") + "/" + request.url[len(SHEETS_API) :]
            return super().send(request, *args, **kwargs)

    return Redirect()


class GoogleSheet:
    """One spreadsheet: metadata, values of whole tabs, and RAW writes of single cells."""

    def __init__(self, source: str, settings: Settings) -> None:
        key = sheet_key(source)
        if key is None:
            raise SourceUnavailable(source, "không đọc được mã bảng tính trong đường dẫn")
        self.source, self.key, self.settings = source, key, settings
        self.email: str | None = None
        self._client = self._connect()
        self._metadata: dict[str, Any] | None = None

    def _connect(self) -> Any:
        import gspread
        from google.auth.transport.requests import AuthorizedSession

        settings = self.settings
        credentials: Any
        if settings.google_credentials is not None:
            credentials = self._service_account(settings.google_credentials)
            self.email = credentials.service_account_email
        elif settings.google_api_key:
            from google.auth import api_key

            credentials = api_key.Credentials(settings.google_api_key)
        else:
            raise TrackerError(
                "Chưa có thông tin xác thực Google: đặt biến TRACKER_GOOGLE_CREDENTIALS (hoặc "
                "GOOGLE_APPLICATION_CREDENTIALS) là đường dẫn tệp khóa JSON của tài khoản dịch "
                "vụ, hoặc TRACKER_GOOGLE_API_KEY cho bảng tính chia sẻ công khai chỉ đọc"
            )
        session = AuthorizedSession(credentials)
        if settings.sheets_api_url:
            session.mount(SHEETS_API, _redirecting_adapter(settings.sheets_api_url))
        client = gspread.Client(
            auth=credentials, session=session, http_client=_retrying_client_class()
        )
        http: Any = client.http_client
        http.set_timeout(settings.sheets_timeout)
        http.retries = settings.sheets_retries
        http.backoff = settings.sheets_backoff
        return client

    def _service_account(self, path: Path) -> Any:
        from google.oauth2 import service_account

        try:
            return service_account.Credentials.from_service_account_file(
                str(path), scopes=list(SCOPES)
            )
        except FileNotFoundError:
            raise TrackerError(f"Không tìm thấy tệp khóa tài khoản dịch vụ {path}") from None
        except (ValueError, KeyError, json.JSONDecodeError):
            raise TrackerError(
                f"Tệp {path} không phải tệp khóa JSON của tài khoản dịch vụ Google"
            ) from None

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Google's answers as one clear line each."""
        from google.auth.exceptions import RefreshError
        from gspread.exceptions import APIError

        try:
            yield
        except (PermissionError, APIError) as exc:
            code = exc.response.status_code if isinstance(exc, APIError) else 403
            detail = _api_message(exc) if isinstance(exc, APIError) else ""
            if "SERVICE_DISABLED" in detail or "has not been used" in detail:
                raise SourceUnavailable(
                    self.source,
                    "Google Sheets API chưa được bật cho dự án của tài khoản (bật «Google Sheets "
                    "API» trong Google Cloud Console)",
                ) from None
            if "API_KEY" in detail or "API key" in detail:
                raise SourceUnavailable(
                    self.source, "khóa API không hợp lệ hoặc bị giới hạn"
                ) from None
            if code == 403:
                raise SheetAccessDenied(self.source, self.email) from None
            if code == 404:
                raise SourceUnavailable(
                    self.source, "không có bảng tính với mã này, hoặc không có quyền truy cập"
                ) from None
            if code == 401:
                raise SourceUnavailable(self.source, "Google từ chối thông tin xác thực") from None
            message = _api_message(exc) if isinstance(exc, APIError) else str(exc)
            raise SourceUnavailable(
                self.source, f"Google Sheets báo lỗi {code}: {message}"
            ) from None
        except RefreshError:
            raise SourceUnavailable(
                self.source,
                "Google không cấp mã truy cập cho tài khoản dịch vụ (khóa bị thu hồi hoặc sai)",
            ) from None

    def metadata(self) -> dict[str, Any]:
        """Tabs and grid sizes (one request, then remembered)."""
        if self._metadata is None:
            with self._errors():
                self._metadata = self._client.http_client.fetch_sheet_metadata(self.key)
        return self._metadata

    def titles(self) -> list[str]:
        """The tabs that hold cells (a chart on a sheet of its own has none to read)."""
        return [
            s["properties"]["title"]
            for s in self.metadata()["sheets"]
            if s["properties"].get("sheetType", "GRID") == "GRID"
        ]

    def grid(self, title: str) -> tuple[int, int, int]:
        """(sheet id, rows, columns) of a tab, from the metadata."""
        for sheet in self.metadata()["sheets"]:
            properties = sheet["properties"]
            if properties["title"] == title:
                size = properties.get("gridProperties", {})
                return properties["sheetId"], size.get("rowCount", 0), size.get("columnCount", 0)
        raise TrackerError(
            f"Bảng tính không có trang «{title}»; các trang hiện có: "
            + ", ".join(f"«{t}»" for t in self.titles())
        )

    def read_values(self, titles: list[str]) -> dict[str, list[Row]]:
        """Whole tabs in one batchGet: unformatted values (dates as serial numbers, text as
        text: "007" stays "007")."""
        if not titles:
            return {}
        params = {
            "valueRenderOption": "UNFORMATTED_VALUE",
            "dateTimeRenderOption": "SERIAL_NUMBER",
            "majorDimension": "ROWS",
        }
        with self._errors():
            answer = self._client.http_client.values_batch_get(
                self.key, [quote_title(t) for t in titles], params=params
            )
        tabs: dict[str, list[Row]] = {}
        for title, value_range in zip(titles, answer.get("valueRanges", []), strict=False):
            tabs[title] = [
                [None if cell == "" else cell for cell in row]
                for row in value_range.get("values", [])
            ]
        return tabs

    def read(self) -> RawWorkbook:
        titles = self.titles()
        return RawWorkbook(self.source, self.read_values(titles), read_at=dt.datetime.now(dt.UTC))

    def append_dimension(self, title: str, dimension: str, length: int) -> None:
        """Grow a tab's grid by `length` rows or columns (the grid is finite)."""
        sheet_id, _, _ = self.grid(title)
        body = {
            "requests": [
                {
                    "appendDimension": {
                        "sheetId": sheet_id,
                        "dimension": dimension,
                        "length": length,
                    }
                }
            ]
        }
        with self._errors():
            self._client.http_client.batch_update(self.key, body)
        self._metadata = None

    def append(self, title: str, rows: list[list[Any]]) -> None:
        """Add rows below the tab's data, RAW, inserting new rows: whatever someone typed in
        the meantime is moved down, never overwritten; the grid grows as needed."""
        params = {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"}
        with self._errors():
            self._client.http_client.values_append(
                self.key, f"{quote_title(title)}!A1", params, {"values": rows}
            )

    def write(self, ranges: list[tuple[str, list[list[Any]]]]) -> None:
        """One values.batchUpdate, RAW: what is sent is stored as is (a title that starts
        with `=` stays text). None in a row leaves that cell untouched."""
        if not ranges:
            return
        body = {
            "valueInputOption": "RAW",
            "data": [{"range": target, "values": values} for target, values in ranges],
        }
        with self._errors():
            self._client.http_client.values_batch_update(self.key, body)


def _api_message(exc: Any) -> str:
    """Google's message, with the reasons it gives (SERVICE_DISABLED, API_KEY_INVALID...)."""
    try:
        error = exc.response.json()["error"]
    except Exception:
        return str(exc.response.reason or "")
    reasons = [d.get("reason", "") for d in error.get("details", []) if isinstance(d, dict)]
    reasons += [e.get("reason", "") for e in error.get("errors", []) if isinstance(e, dict)]
    return " ".join([str(error.get("message", "")), *filter(None, reasons)])


def read(source: str, settings: Settings) -> RawWorkbook:
    """Every tab of a Google Sheet. Raises SourceUnreachable when Google did not answer after
    every retry (the caller may fall back on a snapshot), SourceUnavailable and
    SheetAccessDenied for the other answers, TrackerError for missing credentials."""
    try:
        return GoogleSheet(source, settings).read()
    except SheetsUnreachable as exc:
        raise SourceUnreachable(source, exc.message) from None


register(accepts, read)
