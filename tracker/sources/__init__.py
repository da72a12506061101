"""Where rows come from. Every source gives the same thing: a RawWorkbook, tab name -> rows of
cell values as the sheet holds them (row 0 is the sheet's row 1, column 0 its column A).

Adapters register a predicate and a reader; `read_workbook` picks the first that accepts the
source. Heavy client libraries are imported inside their adapter, only when used.
"""

from __future__ import annotations

from collections.abc import Callable

from ..core.errors import SourceUnavailable
from ..core.rows import RawWorkbook, Row
from ..core.settings import Settings

Reader = Callable[[str, Settings], RawWorkbook]
_ADAPTERS: list[tuple[Callable[[str], bool], Reader]] = []


def register(accepts: Callable[[str], bool], reader: Reader) -> None:
    """Add an adapter; the latest registered is tried first."""
    _ADAPTERS.insert(0, (accepts, reader))


def read_workbook(source: str, settings: Settings | None = None) -> RawWorkbook:
    """Read every tab of `source`. Raises SourceUnavailable when no adapter can read it."""
    for accepts, reader in _ADAPTERS:
        if accepts(source):
            return reader(source, settings or Settings())
    raise SourceUnavailable(source, "không nhận ra loại nguồn (cần tệp .xlsx hoặc Google Sheet)")


from . import excel, gsheets  # noqa: E402  (they register themselves)

__all__ = ["RawWorkbook", "Row", "excel", "gsheets", "read_workbook", "register"]
