import datetime as dt

import pytest

from tracker.core.dates import InvalidDate, parse_date_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2024, 10, 14), dt.date(2024, 10, 14)),
        (dt.datetime(2024, 10, 14, 8, 30), dt.date(2024, 10, 14)),
        (45657, dt.date(2024, 12, 31)),
        (45657.0, dt.date(2024, 12, 31)),
        ("45657", dt.date(2024, 12, 31)),
        ("14/10/2024", dt.date(2024, 10, 14)),
        ("3/4/2025", dt.date(2025, 4, 3)),  # day first, always
        ("03-04-2025", dt.date(2025, 4, 3)),
        ("3.4.2025", dt.date(2025, 4, 3)),
        ("2025-04-03", dt.date(2025, 4, 3)),
        ("ngày 20 tháng 10 năm 2024", dt.date(2024, 10, 20)),
        ("Ngày 14/10/2024", dt.date(2024, 10, 14)),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_date_cells(value: object, expected: dt.date | None) -> None:
    assert parse_date_cell(value) == expected


@pytest.mark.parametrize(
    "value", ["31/02/2024", "32/01/2024", "14/13/2024", "hôm qua", "04/2024/TT-BLĐTBXH", 12, True]
)
def test_impossible_or_unreadable_dates_raise(value: object) -> None:
    with pytest.raises(InvalidDate):
        parse_date_cell(value)
