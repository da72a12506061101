"""Shared fixtures: small workbooks built in code, and running the real `tracker` command."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol

from tracker.core.rows import RawWorkbook
from tracker.core.workbook import ParsedWorkbook, parse_workbook
from tracker.sources.synthetic import synthetic_tabs
from tracker.sources.xlsx_write import write_xlsx as write_tracker_xlsx

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
ROOT = TESTS.parent

HEADER = [
    "Mã",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Tình trạng",
    "Ngày hoàn thành",
]


def write_xlsx(
    path: Path, tabs: dict[str, list[list[Any]]], merges: dict[str, list[str]] | None = None
) -> Path:
    """Write tabs of rows to an .xlsx: strings stay strings, dates are date cells, numbers
    numbers; `merges` maps a tab to ranges such as "A1:F1" (the first cell's value is kept)."""
    book = xlsxwriter.Workbook(str(path))
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in tabs.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, value)
        for spec in (merges or {}).get(name, []):
            r, c = xl_cell_to_rowcol(spec.split(":")[0])
            value = rows[r][c] if c < len(rows[r]) else None
            sheet.merge_range(spec, "" if value is None else value)
    book.close()
    return path


@pytest.fixture
def xlsx(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1000))

    def make(tabs: dict[str, list[list[Any]]], merges: dict[str, list[str]] | None = None) -> Path:
        return write_xlsx(tmp_path / f"book{next(counter)}.xlsx", tabs, merges)

    return make


def parse(tabs: dict[str, list[list[Any]]]) -> ParsedWorkbook:
    """Parse rows as the pipeline does after reading (None for blank cells)."""
    return parse_workbook(RawWorkbook("test", tabs))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An environment for the real command: own cache, config and data dirs (so neither a
    developer's tracker.toml nor their history store is read), no TRACKER_ variables."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    environ["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    environ["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    environ["XDG_DATA_HOME"] = str(tmp_path / "data")
    return environ


@pytest.fixture
def run(env: dict[str, str], tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `tracker ARGS...` as a user would, in its own process."""

    def run_tracker(*args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tracker.cli", *args],
            capture_output=True,
            text=True,
            env={**env, **extra_env},
            cwd=tmp_path,
            timeout=120,
        )

    return run_tracker


def run_json(
    run: Callable[..., subprocess.CompletedProcess[str]], *args: str, **extra_env: str
) -> tuple[int, Any]:
    result = run(*args, "--json", **extra_env)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)


# --- Google Sheets through the emulator ---------------------------------------------------------

SERVICE_EMAIL = "tracker-bot@tracker-test.iam.gserviceaccount.com"
API_KEY = "AIzaTestKey0123456789"


@pytest.fixture(scope="session")
def emulator() -> Any:
    from sheets_emulator import SheetsEmulator

    server = SheetsEmulator().start()
    server.api_keys.add(API_KEY)
    yield server
    server.stop()


@pytest.fixture
def sheets(emulator: Any, tmp_path: Path, env: dict[str, str]) -> Any:
    """The emulator, emptied of faults and request records, with a service account whose key
    file is in tmp_path, and `env` set up to reach it."""
    emulator.clear_faults()
    emulator.requests.clear()
    emulator.token_requests = 0
    key_file = tmp_path / "service-account.json"
    key_file.write_text(json.dumps(emulator.add_service_account(SERVICE_EMAIL)))
    key_file.chmod(0o600)
    env.update(
        TRACKER_SHEETS_API_URL=emulator.url,
        TRACKER_GOOGLE_CREDENTIALS=str(key_file),
        TRACKER_SHEETS_BACKOFF="0.01",
        TRACKER_SHEETS_TIMEOUT="5",
        NO_PROXY="127.0.0.1,localhost",
    )
    emulator.key_file = key_file
    return emulator


def settings_for(emulator: Any, tmp_path: Path, **more: Any) -> Any:
    from tracker.core.settings import Settings

    values: dict[str, Any] = {
        "sheets_api_url": emulator.url,
        "google_credentials": emulator.key_file,
        "sheets_backoff": 0.01,
        "sheets_timeout": 5.0,
        "cache_dir": tmp_path / "cache",
    }
    values.update(more)
    return Settings(**values)


# --- the history store, on SQLite and on PostgreSQL ----------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store URL. PostgreSQL comes from TRACKER_TEST_POSTGRES_URL (set by
    .ci/run, which starts the server); without it the PostgreSQL case is skipped, except in CI
    where that is a failure."""
    if request.param == "sqlite":
        return str(tmp_path / "store" / "tracker.db")
    url = os.environ.get("TRACKER_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("TRACKER_TEST_POSTGRES_URL is not set in CI")
        pytest.skip("no PostgreSQL server (set TRACKER_TEST_POSTGRES_URL)")
    import sqlalchemy as sa

    from tracker.store.snapshots import metadata

    engine = sa.create_engine(url)
    with engine.begin() as connection:
        metadata.drop_all(connection)
        connection.execute(sa.text("DROP TABLE IF EXISTS schema_version"))
    engine.dispose()
    return url


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/ from this run"
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare a rendered text with tests/golden/NAME (or rewrite it with --update-golden)."""
    folder = Path(__file__).parent / "golden"

    def check(name: str, text: str) -> None:
        path = folder / name
        if request.config.getoption("--update-golden"):
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no golden file {name}: run pytest --update-golden"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"

    return check


# A large workbook whose tasks are all in one tab (as many secretariats keep them), which
# two processes read by cutting the tab between them.
ONE_TAB = "Phiên 1 (28-09-2023)"


@pytest.fixture(scope="session")
def one_big_tab(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(the workbook, its tab's name): the meetings and agencies tabs, and one assignment
    tab of about 5,000 tasks (the synthetic first tab four times over, ids made unique)
    with, to be said once however the tab is cut: a repeated «Thời hạn» column, a cell
    beyond the columns read, and an id written again near the end."""
    tabs = synthetic_tabs(9000, 5, dt.date(2026, 3, 16))
    rows = tabs[ONE_TAB]
    header, data = rows[:4], [row for row in rows[4:] if row]
    header[3] = [*header[3], "Thời hạn"]  # repeats «Thời hạn hoàn thành»
    id_column = header[3].index("Mã nhiệm vụ")
    body = []
    for copy in "abcd":
        for row in data:
            row = list(row)
            row[id_column] = f"{row[id_column]}-{copy}"
            body.append(row)
    body[-5][id_column] = body[10][id_column]
    body[7] = [*body[7], *[None] * (700 - len(body[7])), "xa bên phải"]
    one = [*header, *body]
    kept = {name: tabs[name] for name in ("Phiên họp", "Cơ quan")} | {ONE_TAB: one}
    path = tmp_path_factory.mktemp("one-tab") / "one-tab.xlsx"
    return write_tracker_xlsx(path, kept.items(), big=True), ONE_TAB
