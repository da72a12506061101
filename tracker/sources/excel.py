"""Local workbooks (.xlsx, .xlsm, .xls, .ods), read with python-calamine (fast, Rust).

Tabs are read one after the other by a background thread, meetings and agencies first (see
`core.workbook.reading_order`), while the caller works on the tabs already read: calamine
parses a sheet without holding the interpreter, so reading and validating overlap.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Collection, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from ..core.errors import SourceUnavailable, os_reason
from ..core.model import Problem, Severity
from ..core.settings import Settings
from ..core.workbook import reading_order, tab_kind
from . import RawWorkbook, Row, register
from .xlsx_scan import far_message, scan, sheet_members, without_far_cells

SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}


def accepts(source: str) -> bool:
    """Anything that is not another adapter's (registered later, tried first) is a path."""
    return True


def _unreadable(source: str, path: Path, exc: Exception) -> SourceUnavailable:
    kind = (
        "không phải tệp bảng tính hợp lệ"
        if path.suffix.lower() in SUFFIXES
        else ("không phải tệp bảng tính (.xlsx)")
    )
    return SourceUnavailable(source, kind)


class _Tabs(Mapping[str, list[Row]]):
    """The tabs of an open workbook in its order; each is read by the background thread and
    looking it up waits for it. `problems` gets a tab's line about far cells (see
    `xlsx_scan`) before the tab is handed out."""

    def __init__(
        self, source: str, path: Path, book: Any, names: list[str], only: Collection[str] | None
    ) -> None:
        self._source, self._path, self._names = source, path, names
        self.problems: dict[str, list[Problem]] = {}
        self._book = book
        self._archive: zipfile.ZipFile | None = None
        self._members: dict[str, str] = {}
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tracker-xlsx")
        # One thread reads every tab: calamine's workbook and the zip stay in that thread.
        self._futures: dict[str, Future[list[Row]]] = {
            name: pool.submit(self._read, name)
            for name in reading_order(names)
            if only is None
            or name in only
            or tab_kind(name) in ("meetings", "agencies", "contacts")
        }
        pool.shutdown(wait=False)

    def _read(self, name: str) -> list[Row]:
        """One tab's rows; a sheet with far cells is read from a copy without them."""
        if self._archive is None and self._path.suffix.lower() in (".xlsx", ".xlsm"):
            self._archive = zipfile.ZipFile(self._path)
            self._members = sheet_members(self._archive)
        member = self._members.get(name)
        if self._archive is None or member is None:
            return _read_tab(self._book, name)
        found = scan(self._archive, member)
        if found.clean:
            return _read_tab(self._book, name)
        from python_calamine import CalamineWorkbook

        data, first = without_far_cells(self._archive, member, found)
        self.problems[name] = [Problem(name, None, None, Severity.WARNING, far_message(first))]
        return _read_tab(CalamineWorkbook.from_filelike(io.BytesIO(data)), name)

    def __getitem__(self, name: str) -> list[Row]:
        future = self._futures[name]
        try:
            return future.result()
        except Exception as exc:  # calamine raises its own error types for every bad file
            raise _unreadable(self._source, self._path, exc) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _read_tab(book: Any, name: str) -> list[Row]:
    rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return [[None if cell == "" else cell for cell in row] for row in rows]


def read(source: str, settings: Settings) -> RawWorkbook:
    """Every tab of a local workbook. Raises SourceUnavailable (missing, unreadable), also
    later, when a tab that cannot be read is looked up."""
    return read_tabs(source)


def read_tabs(source: str, only: Collection[str] | None = None) -> RawWorkbook:
    """`read`, where of the tabs other than meetings and agencies only those in `only` are
    read (None: all); the others are named but cannot be looked up."""
    from python_calamine import CalamineWorkbook

    path = Path(source)
    if not path.exists():
        raise SourceUnavailable(source, "không tìm thấy tệp")
    if path.is_dir():
        raise SourceUnavailable(source, "đây là một thư mục, không phải tệp bảng tính")
    try:
        path.open("rb").close()  # the system says why a file cannot be read; calamine does not
    except OSError as exc:
        raise SourceUnavailable(source, f"{os_reason(exc)} đọc tệp") from None
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
    except Exception as exc:
        raise _unreadable(source, path, exc) from None
    tabs = _Tabs(source, path, book, names, only)
    return RawWorkbook(str(path), tabs, read_at=dt.datetime.now(dt.UTC), problems=tabs.problems)


def tab_sizes(path: Path) -> dict[str, int] | None:
    """Each tab's size as stored (its sheet's XML, uncompressed) in an .xlsx or .xlsm file,
    without reading the sheets; None for another kind of file or one that cannot be read."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            sizes = {info.filename: info.file_size for info in archive.infolist()}
            return {name: sizes.get(m, 0) for name, m in sheet_members(archive).items()}
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return None


_DIMENSION = re.compile(rb'<dimension\s+ref="[A-Z]+(\d+)(?::[A-Z]+(\d+))?"')


def tab_rows(path: Path) -> dict[str, int] | None:
    """Each tab's rows as its sheet says (its `<dimension>`, read from the sheet's first
    bytes), to share work by; None when a sheet does not say, or the file cannot be read.
    Not trusted for anything else (see `xlsx_scan`), and a damaged file is left for the
    reading to report: any error here gives None."""
    try:
        with zipfile.ZipFile(path) as archive:
            rows = {}
            for name, member in sheet_members(archive).items():
                with archive.open(member) as stream:
                    found = _DIMENSION.search(stream.read(4096))
                if found is None:
                    return None
                rows[name] = int(found[2] or found[1]) - int(found[1]) + 1
            return rows
    except Exception:  # a damaged sheet (zlib.error, ...): the reading says what is wrong
        return None


register(accepts, read)
