"""Where rows come from. Every source gives the same thing: a RawWorkbook, tab name -> rows of
cell values as the sheet holds them (row 0 is the sheet's row 1, column 0 its column A).

Adapters register a predicate and a reader; `read_workbook` picks the first that accepts the
source. Heavy client libraries are imported inside their adapter, only when used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import SourceUnavailable

Row = list[object]


@dataclass(frozen=True)
class RawWorkbook:
    source: str
    tabs: dict[str, list[Row]]


Reader = Callable[[str], RawWorkbook]
_ADAPTERS: list[tuple[Callable[[str], bool], Reader]] = []


def register(accepts: Callable[[str], bool], reader: Reader) -> None:
    """Add an adapter; the latest registered is tried first."""
    _ADAPTERS.insert(0, (accepts, reader))


def read_workbook(source: str) -> RawWorkbook:
    """Read every tab of `source`. Raises SourceUnavailable when no adapter can read it."""
    for accepts, reader in _ADAPTERS:
        if accepts(source):
            return reader(source)
    raise SourceUnavailable(source, "không nhận ra loại nguồn (cần tệp .xlsx hoặc Google Sheet)")


from . import excel  # noqa: E402  (registers itself)

__all__ = ["RawWorkbook", "Row", "excel", "read_workbook", "register"]
