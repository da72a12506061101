"""Local workbooks (.xlsx, .xlsm, .xls, .ods), read with python-calamine (fast, Rust).

Tabs are read one after the other by a background thread, meetings and agencies first (see
`core.workbook.reading_order`), while the caller works on the tabs already read: calamine
parses a sheet without holding the interpreter, so reading and validating overlap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ..core.errors import SourceUnavailable
from ..core.settings import Settings
from ..core.workbook import reading_order
from . import RawWorkbook, Row, register

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
    return SourceUnavailable(source, f"{kind} ({type(exc).__name__})")


class _Tabs(Mapping[str, list[Row]]):
    """The tabs of an open workbook in its order; each is read by the background thread and
    looking it up waits for it."""

    def __init__(self, source: str, path: Path, book: Any, names: list[str]) -> None:
        self._source, self._path, self._names = source, path, names
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tracker-xlsx")
        # One thread reads every tab: calamine's workbook stays in the thread that uses it.
        self._futures: dict[str, Future[list[Row]]] = {
            name: pool.submit(_read_tab, book, name) for name in reading_order(names)
        }
        pool.shutdown(wait=False)

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
    from python_calamine import CalamineWorkbook

    path = Path(source)
    if not path.exists():
        raise SourceUnavailable(source, "không tìm thấy tệp")
    if path.is_dir():
        raise SourceUnavailable(source, "đây là một thư mục, không phải tệp bảng tính")
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
    except Exception as exc:
        raise _unreadable(source, path, exc) from None
    return RawWorkbook(str(path), _Tabs(source, path, book, names), read_at=dt.datetime.now(dt.UTC))


register(accepts, read)
