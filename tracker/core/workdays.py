"""Working days: Vietnamese public holidays plus the days off and make-up working days the
Government announces each year (from the configuration); pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any


@cache
def _public_holidays(year: int) -> frozenset[dt.date]:
    import holidays  # imported lazily: only relative deadlines and rollover need it

    calendar: Any = holidays.country_holidays("VN", years=year)
    return frozenset(calendar.keys())


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
