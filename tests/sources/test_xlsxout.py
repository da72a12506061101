import datetime as dt
import hashlib
from pathlib import Path

import pytest

from tracker.sources import read_workbook
from tracker.sources.xlsx_write import write_xlsx


def test_text_stays_text_and_dates_are_dates(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "out.xlsx",
        [
            (
                "Nhiệm vụ",
                [
                    ["Mã", "Nội dung"],
                    ["=1+1", '=HYPERLINK("http://x")'],
                    ["007", dt.date(2025, 1, 2)],
                    [1.5, None],
                ],
            )
        ],
    )
    assert read_workbook(str(path)).tabs["Nhiệm vụ"] == [
        ["Mã", "Nội dung"],
        ["=1+1", '=HYPERLINK("http://x")'],
        ["007", dt.date(2025, 1, 2)],
        [1.5, None],
    ]


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    write_xlsx(target, [("A", [["cũ"]])])
    before = target.read_bytes()
    with pytest.raises(Exception):  # noqa: B017 - any failure of the writer
        write_xlsx(target, [("A", [["mới"]]), ("A", [["trùng tên trang"]])])
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_reading_never_edits_the_source(tmp_path: Path) -> None:
    from tracker.core.workbook import parse_workbook

    path = write_xlsx(
        tmp_path / "in.xlsx",
        [("Nhiệm vụ", [["Mã", "Nội dung", "Chủ trì", "Thời hạn"], ["A", "x", "BCA", "x"]])],
    )
    digest, mtime = hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns
    parse_workbook(read_workbook(str(path)))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert path.stat().st_mtime_ns == mtime
