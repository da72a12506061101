"""Writing .xlsx files: text always stays text, and files appear whole or not at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .files import atomic_path

MAX_CELL = 32_767  # the most characters a cell of an .xlsx holds


def write_xlsx(
    path: Path,
    tabs: Iterable[tuple[str, list[list[Any]]]],
    *,
    big: bool = False,
    merge_titles: bool = False,
    cut: list[str] | None = None,
) -> Path:
    """Write tabs of rows to `path` atomically (a temporary file, then a rename).

    Strings are written as strings, so a value that starts with `=` never becomes a formula;
    dates become date cells shown dd/mm/yyyy; None leaves the cell blank. `big` streams rows
    to disk (constant memory). With `merge_titles`, a one-cell row near the top of a tab (a
    title) is merged across the first nine columns, as secretariats lay out their sheets.
    A text longer than a cell holds is cut to `MAX_CELL` characters, and its cell (`Tab!B5`)
    is added to `cut`, for the caller to say so.
    """
    import xlsxwriter
    from xlsxwriter.utility import xl_rowcol_to_cell

    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(
            str(tmp),
            {"constant_memory": big, "strings_to_formulas": False, "strings_to_urls": False},
        )
        date_format = book.add_format({"num_format": "dd/mm/yyyy"})
        title_format = book.add_format({"bold": True, "align": "center"})
        for name, rows in tabs:
            sheet = book.add_worksheet(name)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value is None:
                        continue
                    if isinstance(value, dt.datetime | dt.date):
                        day = (
                            value
                            if isinstance(value, dt.datetime)
                            else dt.datetime(value.year, value.month, value.day)
                        )
                        sheet.write_datetime(r, c, day, date_format)
                    elif isinstance(value, bool):
                        sheet.write_boolean(r, c, value)
                    elif isinstance(value, int | float):
                        sheet.write_number(r, c, value)
                    elif merge_titles and r < 6 and len(row) == 1:
                        sheet.merge_range(r, 0, r, 8, str(value), title_format)
                    else:
                        text = str(value)
                        sheet.write_string(r, c, text)
                        if len(text) > MAX_CELL and cut is not None:
                            cut.append(f"{name}!{xl_rowcol_to_cell(r, c)}")
        book.close()
    return path
