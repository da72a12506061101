"""What a local workbook says about its tabs before they are read (`sources.excel`)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tracker.sources.excel import tab_rows, tab_sizes
from tracker.sources.xlsx_scan import sheet_members
from tracker.sources.xlsx_write import write_xlsx


def _damage(path: Path, tab: str) -> None:
    """Overwrite the start of a tab's compressed sheet."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(sheet_members(archive)[tab])
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    with path.open("r+b") as handle:
        handle.seek(start + 2)
        handle.write(b"\x00\x13\x77" * 30)


def test_rows_are_taken_from_each_sheet_and_a_damaged_sheet_gives_none(tmp_path: Path) -> None:
    rows = [["Mã", "Nội dung nhiệm vụ"], *[[f"N{i}", "Việc"] for i in range(40)]]
    path = write_xlsx(tmp_path / "book.xlsx", [("Một", rows), ("Hai", rows[:5]), ("Trống", [])])
    assert tab_rows(path) == {"Một": 41, "Hai": 5, "Trống": 1}
    sizes = tab_sizes(path)
    assert sizes is not None and list(sizes) == ["Một", "Hai", "Trống"]
    _damage(path, "Hai")
    assert tab_rows(path) is None  # only a hint: the reading says what is wrong
    assert tab_rows(tmp_path / "missing.xlsx") is None
