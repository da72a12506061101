"""Local workbooks (.xlsx, .xlsm, .xls, .ods), read with python-calamine (fast, Rust)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..core.errors import SourceUnavailable
from ..core.settings import Settings
from . import RawWorkbook, Row, register

SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}


def accepts(source: str) -> bool:
    """Anything that is not another adapter's (registered later, tried first) is a path."""
    return True


def read(source: str, settings: Settings) -> RawWorkbook:
    """Every tab of a local workbook. Raises SourceUnavailable (missing, unreadable)."""
    from python_calamine import CalamineWorkbook

    path = Path(source)
    if not path.exists():
        raise SourceUnavailable(source, "không tìm thấy tệp")
    if path.is_dir():
        raise SourceUnavailable(source, "đây là một thư mục, không phải tệp bảng tính")
    try:
        book = CalamineWorkbook.from_path(str(path))
        tabs: dict[str, list[Row]] = {}
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            tabs[name] = [[None if cell == "" else cell for cell in row] for row in rows]
    except Exception as exc:  # calamine raises its own error types for every kind of bad file
        kind = (
            "không phải tệp bảng tính hợp lệ"
            if path.suffix.lower() in SUFFIXES
            else ("không phải tệp bảng tính (.xlsx)")
        )
        raise SourceUnavailable(source, f"{kind} ({type(exc).__name__})") from None
    return RawWorkbook(str(path), tabs, read_at=dt.datetime.now(dt.UTC))


register(accepts, read)
