"""Working days: the packaged holiday table is the `holidays` package's Vietnamese calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import tracker.core.workdays as workdays
from tracker.core.workdays import TABLE_YEARS, WorkCalendar, package_holidays

TABLE = Path(workdays.__file__).parent / "data" / workdays.HOLIDAY_TABLE


def test_the_holiday_table_is_the_holidays_package(request: pytest.FixtureRequest) -> None:
    expected = sorted(day for year in TABLE_YEARS for day in package_holidays(year))
    text = "".join(f"{day.isoformat()}\n" for day in expected)
    if request.config.getoption("--update-golden"):
        TABLE.write_text(text, encoding="ascii")
    assert TABLE.read_text(encoding="ascii") == text, "run pytest --update-golden"


def test_years_beyond_the_table_ask_the_package() -> None:
    calendar = WorkCalendar()
    year = TABLE_YEARS.stop + 5
    new_year = dt.date(year, 1, 1)
    if new_year.weekday() < 5:
        assert not calendar.is_working_day(new_year)
    assert new_year in package_holidays(year)
