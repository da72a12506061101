"""A Google Sheets API emulator for the tests, on loopback, over real HTTP.

It serves the endpoints gspread 6 calls (spreadsheet metadata, values get / batchGet / append /
update / batchUpdate, spreadsheets.batchUpdate) and an OAuth token endpoint that checks the
RS256 signature of a service account's JWT, from an in-memory workbook. It enforces grid
limits as Google does, answers 401/403/404 with Google's error bodies, can inject 429, 500,
slow responses and dropped connections, and records every request so tests can count them.

    emulator = SheetsEmulator().start()
    emulator.add_spreadsheet("KEY", {"Nhiệm vụ": rows}, shared_with={"sa@x.iam..."})
    ... TRACKER_SHEETS_API_URL=emulator.url ...
    emulator.stop()
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

SERIAL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class Formula:
    """A cell entered as a formula (USER_ENTERED text starting with `=`)."""

    text: str


@dataclass(frozen=True)
class DateValue:
    """A date cell: Sheets stores the serial number and formats it."""

    serial: float

    def formatted(self) -> str:
        return f"{SERIAL_EPOCH + dt.timedelta(days=int(self.serial)):%d/%m/%Y}"


@dataclass
class Sheet:
    sheet_id: int
    title: str
    rows: int
    cols: int
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)  # (row, col) 0-based


@dataclass
class Spreadsheet:
    key: str
    sheets: list[Sheet]
    shared_with: set[str]
    public: bool = False

    def sheet(self, title: str) -> Sheet | None:
        return next((s for s in self.sheets if s.title == title), None)


@dataclass
class Fault:
    kind: str  # "status", "delay", "drop"
    value: float = 0
    times: int = 1  # -1: always
    message: str = "Injected fault"
    reason: str | None = None  # as Google puts it in error.details[].reason


class ApiError(Exception):
    def __init__(self, code: int, message: str, status: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.status, self.reason = code, message, status, reason


def column_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_CELL = re.compile(r"^([A-Za-z]*)(\d*)$")


def parse_range(text: str) -> tuple[str, int | None, int | None, int | None, int | None]:
    """A1 notation -> (sheet title, first row, first col, last row, last col), 0-based, None
    for an open end."""
    if text.startswith("'"):
        end = 1
        while True:
            end = text.index("'", end)
            if text[end : end + 2] == "''":
                end += 2
                continue
            break
        title, rest = text[1:end].replace("''", "'"), text[end + 1 :]
    else:
        title, _, rest = text.partition("!")
        rest = "!" + rest if rest else ""
    rest = rest.lstrip("!")
    if not rest:
        return title, None, None, None, None
    first, _, last = rest.partition(":")
    r1, c1 = _cell(first)
    r2, c2 = _cell(last) if last else (r1, c1)
    return title, r1, c1, r2, c2


def _cell(text: str) -> tuple[int | None, int | None]:
    match = _CELL.match(text)
    if not match:
        raise ApiError(400, f"Unable to parse range: {text}", "INVALID_ARGUMENT")
    letters, digits = match.groups()
    return (int(digits) - 1 if digits else None, column_index(letters) if letters else None)


class SheetsEmulator:
    def __init__(self) -> None:
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self.accounts: dict[str, Any] = {}  # client email -> public key
        self.tokens: dict[str, str] = {}  # access token -> email
        self.api_keys: set[str] = set()
        self.requests: list[tuple[str, str, dict[str, list[str]]]] = []
        self.token_requests = 0
        self.faults: list[Fault] = []
        self.hooks: dict[int, Any] = {}  # n -> called when the n-th Sheets request arrives
        self.lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None

    # --- setup --------------------------------------------------------------------------------

    def start(self) -> SheetsEmulator:
        emulator = self

        class Handler(_Handler):
            pass

        Handler.emulator = emulator
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def add_service_account(self, email: str) -> dict[str, str]:
        """A new service account; returns the key file's content (token_uri: this server)."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.accounts[email] = key.public_key()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        return {
            "type": "service_account",
            "project_id": "tracker-test",
            "private_key_id": uuid.uuid4().hex,
            "private_key": pem,
            "client_email": email,
            "client_id": "1000",
            "token_uri": f"{self.url}/token",
        }

    def add_spreadsheet(
        self,
        key: str,
        tabs: dict[str, list[list[Any]]],
        shared_with: set[str] | None = None,
        public: bool = False,
        min_rows: int = 1000,
        min_cols: int = 26,
    ) -> Spreadsheet:
        sheets = []
        for index, (title, rows) in enumerate(tabs.items()):
            width = max((len(r) for r in rows), default=0)
            sheet = Sheet(index * 1000 + 7, title, max(min_rows, len(rows)), max(min_cols, width))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    stored = _store(value)
                    if stored is not None:
                        sheet.cells[(r, c)] = stored
            sheets.append(sheet)
        spreadsheet = Spreadsheet(key, sheets, set(shared_with or ()), public)
        self.spreadsheets[key] = spreadsheet
        return spreadsheet

    def fail(
        self,
        status: int,
        times: int = 1,
        message: str = "Injected fault",
        reason: str | None = None,
    ) -> None:
        """The next `times` Sheets requests answer `status` (-1: every request)."""
        self.faults.append(Fault("status", status, times, message, reason))

    def delay(self, seconds: float, times: int = 1) -> None:
        self.faults.append(Fault("delay", seconds, times))

    def drop(self, times: int = 1) -> None:
        """The next `times` Sheets requests get their connection closed without an answer."""
        self.faults.append(Fault("drop", 0, times))

    def clear_faults(self) -> None:
        self.faults.clear()
        self.hooks.clear()

    def before_request(self, n: int, action: Any) -> None:
        """Run `action` (say, someone editing a cell) when the n-th Sheets request arrives."""
        self.hooks[n] = action

    def snapshot(self, key: str) -> dict[str, dict[tuple[int, int], Any]]:
        return {s.title: dict(s.cells) for s in self.spreadsheets[key].sheets}

    def cell(self, key: str, title: str, a1: str) -> Any:
        sheet = self.spreadsheets[key].sheet(title)
        assert sheet is not None
        r, c = _cell(a1)
        return sheet.cells.get((r or 0, c or 0))

    def set_cell(self, key: str, title: str, a1: str, value: Any) -> None:
        """Someone else edits a cell (as a person would in the browser)."""
        sheet = self.spreadsheets[key].sheet(title)
        assert sheet is not None
        r, c = _cell(a1)
        with self.lock:
            stored = _store(value)
            if stored is None:
                sheet.cells.pop((r or 0, c or 0), None)
            else:
                sheet.cells[(r or 0, c or 0)] = stored

    def calls(self, method: str | None = None) -> list[tuple[str, str, dict[str, list[str]]]]:
        return [r for r in self.requests if method is None or r[0] == method]

    # --- the API ------------------------------------------------------------------------------

    def next_fault(self) -> Fault | None:
        with self.lock:
            if not self.faults:
                return None
            fault = self.faults[0]
            if fault.times > 0:
                fault.times -= 1
                if fault.times == 0:
                    self.faults.pop(0)
            return fault

    def authorize(self, headers: Any, query: dict[str, list[str]], key: str) -> Spreadsheet:
        spreadsheet = self.spreadsheets.get(key)
        auth = headers.get("Authorization", "")
        api_key = headers.get("x-goog-api-key") or (query.get("key") or [None])[0]
        if auth.startswith("Bearer "):
            email = self.tokens.get(auth[7:])
            if email is None:
                raise ApiError(
                    401, "Request had invalid authentication credentials.", "UNAUTHENTICATED"
                )
            if spreadsheet is None:
                raise ApiError(404, "Requested entity was not found.", "NOT_FOUND")
            if email not in spreadsheet.shared_with:
                raise ApiError(403, "The caller does not have permission", "PERMISSION_DENIED")
            return spreadsheet
        if api_key:
            if api_key not in self.api_keys:
                raise ApiError(
                    400, "API key not valid. Please pass a valid API key.", "INVALID_ARGUMENT"
                )
            if spreadsheet is None:
                raise ApiError(404, "Requested entity was not found.", "NOT_FOUND")
            if not spreadsheet.public:
                raise ApiError(403, "The caller does not have permission", "PERMISSION_DENIED")
            return spreadsheet
        raise ApiError(
            401, "Request is missing required authentication credential.", "UNAUTHENTICATED"
        )

    def issue_token(self, form: dict[str, list[str]]) -> dict[str, Any]:
        assertion = (form.get("assertion") or [""])[0]
        try:
            head, payload, signature = assertion.split(".")
            claims = json.loads(_b64(payload))
            public_key = self.accounts[claims["iss"]]
            public_key.verify(
                _b64(signature), f"{head}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256()
            )
        except Exception as exc:
            raise ApiError(400, f"invalid_grant: {type(exc).__name__}", "invalid_grant") from None
        token = uuid.uuid4().hex
        with self.lock:
            self.tokens[token] = claims["iss"]
            self.token_requests += 1
        return {"access_token": token, "expires_in": 3600, "token_type": "Bearer"}

    def metadata(self, spreadsheet: Spreadsheet) -> dict[str, Any]:
        return {
            "spreadsheetId": spreadsheet.key,
            "properties": {
                "title": "Theo dõi nhiệm vụ",
                "locale": "vi_VN",
                "timeZone": "Asia/Ho_Chi_Minh",
            },
            "sheets": [
                {
                    "properties": {
                        "sheetId": s.sheet_id,
                        "title": s.title,
                        "index": i,
                        "sheetType": "GRID",
                        "gridProperties": {"rowCount": s.rows, "columnCount": s.cols},
                    }
                }
                for i, s in enumerate(spreadsheet.sheets)
            ],
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{spreadsheet.key}/edit",
        }

    def _sheet(self, spreadsheet: Spreadsheet, title: str) -> Sheet:
        sheet = spreadsheet.sheet(title)
        if sheet is None:
            raise ApiError(400, f"Unable to parse range: {title}", "INVALID_ARGUMENT")
        return sheet

    def get_values(self, spreadsheet: Spreadsheet, a1: str, render: str) -> dict[str, Any]:
        title, r1, c1, r2, c2 = parse_range(a1)
        sheet = self._sheet(spreadsheet, title)
        r1, c1 = r1 or 0, c1 or 0
        r2 = sheet.rows - 1 if r2 is None else min(r2, sheet.rows - 1)
        c2 = sheet.cols - 1 if c2 is None else min(c2, sheet.cols - 1)
        values: list[list[Any]] = []
        for r in range(r1, r2 + 1):
            row = [_render(sheet.cells.get((r, c)), render) for c in range(c1, c2 + 1)]
            while row and row[-1] == "":
                row.pop()
            values.append(row)
        while values and not values[-1]:
            values.pop()
        quoted = "'" + title.replace("'", "''") + "'"
        result: dict[str, Any] = {
            "range": f"{quoted}!{column_letters(c1)}{r1 + 1}:{column_letters(c2)}{r2 + 1}",
            "majorDimension": "ROWS",
        }
        if values:
            result["values"] = values
        return result

    def write(
        self, spreadsheet: Spreadsheet, a1: str, values: list[list[Any]], option: str
    ) -> dict[str, Any]:
        if option not in ("RAW", "USER_ENTERED"):
            raise ApiError(400, "Invalid valueInputOption", "INVALID_ARGUMENT")
        title, r1, c1, _, _ = parse_range(a1)
        sheet = self._sheet(spreadsheet, title)
        r1, c1 = r1 or 0, c1 or 0
        height = len(values)
        width = max((len(r) for r in values), default=0)
        if r1 + height > sheet.rows or c1 + width > sheet.cols:
            raise ApiError(
                400,
                f"Range ('{title}'!{column_letters(c1 + width - 1)}{r1 + height}) exceeds grid "
                f"limits. Max rows: {sheet.rows}, max columns: {sheet.cols}",
                "INVALID_ARGUMENT",
            )
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                stored = _entered(value, option)
                if stored is None:
                    sheet.cells.pop((r1 + i, c1 + j), None)
                else:
                    sheet.cells[(r1 + i, c1 + j)] = stored
        return {
            "spreadsheetId": spreadsheet.key,
            "updatedRange": a1,
            "updatedRows": height,
            "updatedColumns": width,
            "updatedCells": sum(len(r) for r in values),
        }

    def append(
        self, spreadsheet: Spreadsheet, a1: str, values: list[list[Any]], option: str
    ) -> dict[str, Any]:
        title, _, c1, _, _ = parse_range(a1)
        sheet = self._sheet(spreadsheet, title)
        last = max((r for (r, _) in sheet.cells), default=-1)
        start = last + 1
        if start + len(values) > sheet.rows:
            sheet.rows = start + len(values)  # append grows the grid, as Google does
        target = f"'{title}'!{column_letters(c1 or 0)}{start + 1}"
        return {
            "spreadsheetId": spreadsheet.key,
            "updates": self.write(spreadsheet, target, values, option),
        }

    def batch_update(self, spreadsheet: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
        replies = []
        for request in body.get("requests", []):
            if "appendDimension" in request:
                spec = request["appendDimension"]
                sheet = next((s for s in spreadsheet.sheets if s.sheet_id == spec["sheetId"]), None)
                if sheet is None:
                    raise ApiError(400, "No grid with id", "INVALID_ARGUMENT")
                if spec["dimension"] == "ROWS":
                    sheet.rows += int(spec["length"])
                else:
                    sheet.cols += int(spec["length"])
                replies.append({})
            else:
                raise ApiError(400, f"unsupported request {list(request)}", "INVALID_ARGUMENT")
        return {"spreadsheetId": spreadsheet.key, "replies": replies}


def _b64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _store(value: Any) -> Any:
    """A value loaded into the emulator (as Google holds it)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return DateValue(float((value - SERIAL_EPOCH).days))
    return value


def _entered(value: Any, option: str) -> Any:
    if value is None or value == "":
        return None
    if option == "USER_ENTERED" and isinstance(value, str):
        if value.startswith("="):
            return Formula(value)
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return value
    return value


def _render(value: Any, render: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, DateValue):
        return value.formatted() if render == "FORMATTED_VALUE" else value.serial
    if isinstance(value, Formula):
        return value.text if render == "FORMULA" else "#N/A"
    if render == "FORMATTED_VALUE":
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    return value


_VALUES = re.compile(r"^/v4/spreadsheets/([^/:]+)/values/(.+?)(:append)?$")


class _Handler(BaseHTTPRequestHandler):
    emulator: SheetsEmulator
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def _reply(self, code: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self, method: str) -> None:
        emulator = self.emulator
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            if parts.path == "/token" and method == "POST":
                self._reply(200, emulator.issue_token(parse_qs(raw.decode())))
                return
            with emulator.lock:
                emulator.requests.append((method, unquote(parts.path), query))
                hook = emulator.hooks.pop(len(emulator.requests), None)
            if hook is not None:
                hook()
            fault = emulator.next_fault()
            if fault is not None:
                if fault.kind == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if fault.kind == "delay":
                    time.sleep(fault.value)
                elif fault.kind == "status":
                    code = int(fault.value)
                    names = {429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}
                    names[403] = "PERMISSION_DENIED"
                    raise ApiError(code, fault.message, names.get(code, "UNKNOWN"), fault.reason)
            body = json.loads(raw) if raw else {}
            self._reply(200, self._route(method, parts.path, query, body))
        except ApiError as exc:
            error: dict[str, Any] = {"code": exc.code, "message": exc.message, "status": exc.status}
            if exc.reason:
                error["details"] = [
                    {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": exc.reason}
                ]
            self._reply(exc.code, {"error": error})
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass

    def _route(
        self, method: str, path: str, query: dict[str, list[str]], body: dict[str, Any]
    ) -> dict[str, Any]:
        emulator = self.emulator
        render = (query.get("valueRenderOption") or ["FORMATTED_VALUE"])[0]
        option = (query.get("valueInputOption") or [body.get("valueInputOption", "")])[0]
        match = re.match(r"^/v4/spreadsheets/([^/:]+)(.*)$", path)
        if not match:
            raise ApiError(404, "Not found", "NOT_FOUND")
        key, rest = match.group(1), match.group(2)
        spreadsheet = emulator.authorize(self.headers, query, key)
        with emulator.lock:
            if rest == "" and method == "GET":
                return emulator.metadata(spreadsheet)
            if rest == ":batchUpdate" and method == "POST":
                return emulator.batch_update(spreadsheet, body)
            if rest == "/values:batchGet" and method == "GET":
                return {
                    "spreadsheetId": key,
                    "valueRanges": [
                        emulator.get_values(spreadsheet, r, render) for r in query.get("ranges", [])
                    ],
                }
            if rest == "/values:batchUpdate" and method == "POST":
                responses = [
                    emulator.write(spreadsheet, d["range"], d["values"], option)
                    for d in body.get("data", [])
                ]
                return {
                    "spreadsheetId": key,
                    "responses": responses,
                    "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
                }
            values = _VALUES.match(unquote(path))
            if values:
                a1 = values.group(2)
                if values.group(3) and method == "POST":
                    return emulator.append(spreadsheet, a1, body.get("values", []), option)
                if method == "GET":
                    return emulator.get_values(spreadsheet, a1, render)
                if method == "PUT":
                    return emulator.write(spreadsheet, a1, body.get("values", []), option)
        raise ApiError(404, f"Not found: {method} {path}", "NOT_FOUND")
