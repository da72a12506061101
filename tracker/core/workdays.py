"""Working days: Vietnamese public holidays plus the days off and make-up working days the
Government announces each year (from the configuration); pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

# Vietnam's public holidays as the `holidays` package lists them, shipped as a table for
# these years (importing the package and computing the lunar calendar costs more than
# reading a whole workbook); a test keeps the table equal to the package.
TABLE_YEARS = range(2000, 2061)
HOLIDAY_TABLE = "holidays_vn.txt"


@cache
def _holiday_table() -> dict[int, frozenset[dt.date]]:
    text = resources.files("tracker.core.data").joinpath(HOLIDAY_TABLE).read_text("ascii")
    days: dict[int, set[dt.date]] = {year: set() for year in TABLE_YEARS}
    for line in text.split():
        day = dt.date.fromisoformat(line)
        days[day.year].add(day)
    return {year: frozenset(found) for year, found in days.items()}


def package_holidays(year: int) -> frozenset[dt.date]:
    """The public holidays of `year` computed by the `holidays` package."""
    import holidays

    calendar: Any = holidays.country_holidays("VN", years=year)
    return frozenset(calendar.keys())


@cache
def _public_holidays(year: int) -> frozenset[dt.date]:
    if year in TABLE_YEARS:
        return _holiday_table()[year]
    return package_holidays(year)


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days. Hashable, so results that depend on it can be cached."""

    extra_days_off: frozenset[dt.date] = field(default_factory=frozenset)
    extra_working_days: frozenset[dt.date] = field(default_factory=frozenset)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_working_days:
            return True
        if day.weekday() >= 5 or day in self.extra_days_off:
            return False
        return day not in _public_holidays(day.year)

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `start` (start itself not counted)."""
        day = start
        while count > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day
