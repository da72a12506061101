"""The raw rows every source gives: tab name -> rows of cell values as the sheet holds them
(row 0 is the sheet's row 1, column 0 its column A)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import Problem

Row = list[object]


@dataclass(frozen=True)
class RawWorkbook:
    """Every tab of a source, in the workbook's order. `stale` when the source could not be
    reached and this is an earlier read (from `read_at`); `stale_reason` says why, in
    Vietnamese. `tabs` may be read lazily: looking a tab up may wait for it."""

    source: str
    tabs: Mapping[str, list[Row]]
    read_at: dt.datetime | None = None
    stale: bool = False
    stale_reason: str | None = None
    # tab -> what reading it left out (far cells), filled in when the tab is read
    problems: Mapping[str, list[Problem]] = field(default_factory=dict)
