"""The scan that bounds what reading an .xlsx may allocate (`sources.xlsx_scan`)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import xlsxwriter

from tracker.sources.xlsx_scan import scan, sheet_members


def _scan(path: Path, tab: str) -> tuple[tuple[str, ...], int | None]:
    with zipfile.ZipFile(path) as archive:
        found = scan(archive, sheet_members(archive)[tab])
    return found.far_cells, found.far_from_row


def test_far_cells_and_rows_are_found_and_a_reference_in_text_is_not(tmp_path: Path) -> None:
    path = tmp_path / "scan.xlsx"
    # inline strings (the text in the sheet XML), rows written in order
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    near = book.add_worksheet("Gần")
    near.write_string(0, 0, 'ô ghi r="DA1" và r="XFD9" trong chữ')
    near.write_string(1, 99, "cột CV, cột cuối được đọc")
    far = book.add_worksheet("Xa")
    far.write_string(0, 0, "x")
    far.write_string(3, 100, "cột CW")
    far.write_string(20_000, 0, "sau 20.000 dòng trống")
    book.close()
    with zipfile.ZipFile(path) as archive:  # the text is in the XML as written
        assert b'r="DA1"' in archive.read(sheet_members(archive)["Gần"])
    assert _scan(path, "Gần") == ((), None)
    assert _scan(path, "Xa") == (("CW4",), 20_001)
