"""Dates in cells: real date cells, Sheets serial numbers and the day-first text forms; pure."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from .text import fold, fold_pattern

# The task force's time: what "today" and the day a sheet was read mean.
TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")

SERIAL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers accepted as dates: 1 Jan 1950 .. 31 Dec 2100 (as Sheets and Excel count).
SERIAL_MIN, SERIAL_MAX = 18264, 73415

_FORMS = [
    re.compile(r"(?P<d>\d{1,2})\s*(?P<s>[/\-.])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<y>\d{4})"),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?"),
    re.compile(
        fold_pattern(r"(?:ngày\s*)?(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})")
    ),
]
_LEADING_NGAY = re.compile(fold_pattern(r"^ngày\s+(?=\d)"))


def local_day(moment: dt.datetime) -> dt.date:
    """The day it is in Vietnam at `moment` (a moment without a zone is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(TIMEZONE).date()


class InvalidDate(ValueError):
    """A cell that is meant as a date but names no real day (31/02/2024) or cannot be read."""


def iso(day: dt.date | None) -> str | None:
    """A date as YYYY-MM-DD (JSON and the store), None stays None."""
    return day.isoformat() if day else None


def vn_date(day: dt.date | None) -> str:
    """A date as people read it here (dd/mm/yyyy); "" for None."""
    return f"{day:%d/%m/%Y}" if day else ""


def make_date(year: int, month: int, day: int) -> dt.date:
    """The date, or InvalidDate naming it the way the user wrote it."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise InvalidDate(f"{day:02d}/{month:02d}/{year}") from None


def from_serial(value: float) -> dt.date | None:
    """A Sheets/Excel serial day number as a date, None when out of the plausible range."""
    if SERIAL_MIN <= value <= SERIAL_MAX:
        return SERIAL_EPOCH + dt.timedelta(days=int(value))
    return None


def parse_date_cell(value: object) -> dt.date | None:
    """A date-column cell as a date; None when blank.

    Raises InvalidDate when the cell holds something that is not a date or is an impossible one.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise InvalidDate(str(value))
    if isinstance(value, int | float):
        day = from_serial(float(value))
        if day is None:
            raise InvalidDate(str(value))
        return day
    text = _LEADING_NGAY.sub("", fold(str(value)))
    if not text:
        return None
    for form in _FORMS:
        match = form.fullmatch(text)
        if match:
            return make_date(int(match["y"]), int(match["m"]), int(match["d"]))
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        day = from_serial(float(text))
        if day is not None:
            return day
    raise InvalidDate(str(value).strip())
