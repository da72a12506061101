"""Vietnamese deadline text -> Deadline (DESIGN.md §3); pure.

The text is folded (see `text.fold`) and scanned by a list of readings. Each reading that
matches claims a stretch of text; overlapping claims are settled in favour of the longest
(the most specific reading: `6 tháng đầu năm 2025` beats `đầu năm 2025` and `năm 2025`), and
the deadline is the latest of the days that remain. A cell with a day is dated even if it
also holds an ongoing or asap word.
"""

from __future__ import annotations

import calendar as _calendar
import contextlib
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .dates import InvalidDate, from_serial, make_date
from .model import Deadline, DeadlineKind
from .text import clean, fold, fold_pattern
from .workdays import WorkCalendar

DEFAULT_CALENDAR = WorkCalendar()

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


# What a claim says when its day lies beyond the calendar (after 31/12/9999).
BEYOND_CALENDAR = "beyond"


class _NoAnchor(Exception):
    """A reading needs the assignment date (missing year, relative deadline) and has none."""


@dataclass(frozen=True)
class _Context:
    anchor: dt.date | None
    calendar: WorkCalendar


@dataclass(frozen=True)
class _Claim:
    """A stretch of text and what it says: a day, an impossible date (`invalid`, as the
    user wrote it), or a reading that needs the assignment date (`needs_anchor`)."""

    start: int
    end: int
    day: dt.date | None
    approximate: bool = False
    invalid: str | None = None
    needs_anchor: bool = False
    relative: bool = False  # `trong 30 ngày`: counted from the assignment date


def _last_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, _calendar.monthrange(year, month)[1])


def _year_for(month: int, day: int | None, ctx: _Context) -> int:
    """A year for a day/month or month written without one: the assignment year, or the next
    year when that would fall before the assignment date."""
    if ctx.anchor is None:
        raise _NoAnchor
    year = ctx.anchor.year
    last = _last_of_month(year, month)
    probe = last.replace(day=min(day, last.day)) if day else last
    return year + 1 if probe < ctx.anchor else year


def _plausible_year(year: int) -> bool:
    return 1950 <= year <= 2100


Reader = Callable[[re.Match[str], _Context], "tuple[dt.date, bool] | None"]


def _full_date(m: re.Match[str], ctx: _Context) -> tuple[dt.date, bool] | None:
    year = int(m["y"])
    if not _plausible_year(year):
        return None
    return make_date(year, int(m["m"]), int(m["d"])), False


def _day_month(m: re.Match[str], ctx: _Context) -> tuple[dt.date, bool] | None:
    day, month = int(m["d"]), int(m["m"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        return make_date(_year_for(month, day, ctx), month, day), False
    except InvalidDate:
        return None


def _month_year(m: re.Match[str], ctx: _Context) -> tuple[dt.date, bool] | None:
    month, year = int(m["m"]), int(m["y"])
    if not (1 <= month <= 12 and _plausible_year(year)):
        return None
    return _last_of_month(year, month), False


def _month_only(m: re.Match[str], ctx: _Context) -> tuple[dt.date, bool] | None:
    month = int(m["m"])
    if not 1 <= month <= 12:
        return None
    return _last_of_month(_year_for(month, None, ctx), month), False


def _quarter(m: re.Match[str], ctx: _Context) -> tuple[dt.date, bool] | None:
    quarter = _ROMAN[m["q"]]
    year = int(m["y"]) if m["y"] else None
    if year is None:
        year = _year_for(quarter * 3, None, ctx)
    if not _plausible_year(year):
        return None
    return _last_of_month(year, quarter * 3), False


def _half(m: re.Match[str], ctx: _Context) -> tuple[dt.date, bool] | None:
    year = int(m["y"])
    if not _plausible_year(year):
        return None
    first = m["h"] == fold("đầu")
    return (dt.date(year, 6, 30) if first else dt.date(year, 12, 31)), False


def _year_end(m: re.Match[str], ctx: _Context) -> tuple[dt.date, bool] | None:
    year = int(m["y"])
    return (dt.date(year, 12, 31), False) if _plausible_year(year) else None


def _early_year(m: re.Match[str], ctx: _Context) -> tuple[dt.date, bool] | None:
    year = int(m["y"])
    return (dt.date(year, 3, 31), True) if _plausible_year(year) else None


def _mid_year(m: re.Match[str], ctx: _Context) -> tuple[dt.date, bool] | None:
    year = int(m["y"])
    return (dt.date(year, 6, 30), True) if _plausible_year(year) else None


def _period(m: re.Match[str], ctx: _Context) -> tuple[dt.date, bool] | None:
    first, last = int(m["a"]), int(m["y"])
    if not (_plausible_year(first) and _plausible_year(last) and first <= last):
        return None
    return dt.date(last, 12, 31), False


def _relative(m: re.Match[str], ctx: _Context) -> tuple[dt.date, bool] | None:
    if ctx.anchor is None:
        raise _NoAnchor
    count = int(m["n"])
    if count <= 0:
        return None
    if m["wd"]:
        return ctx.calendar.add_working_days(ctx.anchor, count), False
    return ctx.anchor + dt.timedelta(days=count), False


def _relative_from(m: re.Match[str], ctx: _Context) -> tuple[dt.date, bool] | None:
    """`trong 30 ngày kể từ ngày 14/10/2024`: counted from the day the text names."""
    start = _full_date(m, ctx)
    if start is None:
        return None
    return _relative(m, _Context(start[0], ctx.calendar))


def _rx(pattern: str) -> re.Pattern[str]:
    # Patterns are written in plain lower-case Vietnamese and folded like the text they scan.
    return re.compile(fold_pattern(pattern))


_D = r"(?P<d>\d{1,2})"
_M = r"(?P<m>\d{1,2})"
_Y = r"(?P<y>\d{4})"
_Q = r"(?P<q>iv|iii|ii|i|[1-4])"
# A number that belongs to a document symbol (04/2024/TT-BLĐTBXH, 467/TB-VPCP) is never a date:
# no reading may start right after `/` or end right before `/`.
_START = r"(?<![\w/.\-])"
_END = r"(?![\w/]|[.\-]\d)"
_YEAR_SEP = r"\s*(?:/|-|\.|năm)\s*"

_READINGS: list[tuple[re.Pattern[str], Reader]] = [
    (
        _rx(
            r"từ\s+(?:ngày\s+)?\d{1,2}\s*[/\-.]\s*\d{1,2}(?:\s*[/\-.]\s*\d{4})?\s*(?:đến|[-–—])"
            rf"\s*(?:ngày\s+)?{_D}\s*(?P<s>[/\-.])\s*{_M}\s*(?P=s)\s*{_Y}{_END}"
        ),
        _full_date,
    ),
    (_rx(rf"{_START}{_D}\s*(?P<s>[/\-.])\s*{_M}\s*(?P=s)\s*{_Y}{_END}"), _full_date),
    (_rx(rf"{_START}{_Y}-{_M}-{_D}{_END}"), _full_date),
    (_rx(rf"ngày\s*{_D}\s*tháng\s*{_M}\s*năm\s*{_Y}"), _full_date),
    (_rx(rf"ngày\s*{_D}\s*tháng\s*{_M}(?!\s*năm\s*\d)(?!\d)"), _day_month),
    (
        _rx(
            rf"(?<!\w)(?:ngày|trước|đến|hạn|từ|trong|nhất|quá)\s+(?:ngày\s+)?{_D}\s*[/\-.]\s*{_M}"
            r"(?!\s*[/\-.]?\s*\d)(?![\w/])"
        ),
        _day_month,
    ),
    (_rx(rf"(?<!\w)(?:tháng|t)\s*{_M}{_YEAR_SEP}{_Y}{_END}"), _month_year),
    (_rx(rf"{_START}{_M}\s*/\s*{_Y}{_END}"), _month_year),
    (_rx(rf"(?<!\w)tháng\s*{_M}(?!\d)(?!{_YEAR_SEP}\d)"), _month_only),
    (_rx(rf"(?<!\w)quý\s*{_Q}(?:{_YEAR_SEP}{_Y})?(?![\w/])"), _quarter),
    (_rx(rf"(?<!\w)q{_Q}\s*[/\-]\s*{_Y}{_END}"), _quarter),
    (_rx(rf"(?:6\s*tháng|nửa)\s*(?P<h>đầu|cuối)\s*năm\s*{_Y}"), _half),
    (_rx(rf"(?<!\w)(?:cuối\s+)?năm\s*{_Y}{_END}"), _year_end),
    (_rx(rf"(?<!\w)đầu\s*năm\s*{_Y}{_END}"), _early_year),
    (_rx(rf"(?<!\w)giữa\s*năm\s*{_Y}{_END}"), _mid_year),
    (
        _rx(rf"(?:giai\s*đoạn\s*)?(?<![\w/])(?P<a>\d{{4}})\s*(?:[-–—]|đến)\s*{_Y}{_END}"),
        _period,
    ),
    (
        _rx(
            r"(?<![\w/])(?P<n>\d{1,3})\s*ngày(?P<wd>\s*làm\s*việc)?"
            r"(?!\s*(?:/|tháng|\d))"
        ),
        _relative,
    ),
    (
        _rx(
            r"(?<![\w/])(?P<n>\d{1,3})\s*ngày(?P<wd>\s*làm\s*việc)?\s*,?\s*(?:kể\s*)?từ\s*"
            rf"(?:ngày\s*)?{_D}\s*(?P<s>[/\-.])\s*{_M}\s*(?P=s)\s*{_Y}{_END}"
        ),
        _relative_from,
    ),
    (_rx(rf"^\s*{_Y}\s*$"), _year_end),
    # a cell that is only a day and month (`30/11`): the year as for `trước 30/11`
    (_rx(rf"^\s*{_D}\s*[/\-]\s*{_M}\s*$"), _day_month),
]

# For each reading above, words of which the text must hold one for its pattern to match
# (none: no such word); a pattern that cannot match is not run.
_NEEDS: list[tuple[str, ...]] = [
    (fold("từ"),),
    ("/", "-", "."),
    ("-",),
    (fold("tháng"),),
    (fold("tháng"),),
    ("/", "-", "."),
    (),
    ("/",),
    (fold("tháng"),),
    (fold("quý"),),
    ("q",),
    (fold("năm"),),
    (fold("năm"),),
    (fold("đầu"),),
    (fold("giữa"),),
    ("-", "–", "—", fold("đến")),
    (fold("ngày"),),
    (fold("ngày"),),
    (),
    ("/", "-"),
]
assert len(_NEEDS) == len(_READINGS)

_ONGOING = _rx(
    r"(?<!\w)(?:thường\s*xuyên|liên\s*tục|hằng\s*(?:năm|quý|tháng|tuần|ngày)"
    r"|hàng\s*(?:năm|quý|tháng|tuần)|định\s*kỳ|tiếp\s*tục)(?!\w)"
)
_ASAP = _rx(r"(?<!\w)(?:sớm|khẩn\s*trương|ngay|kịp\s*thời|gấp|cấp\s*bách)(?!\w)")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")


# Readings whose patterns tell digits apart (`6 tháng`, `quý [1-4]`); the others see every
# digit alike, so where they match depends only on the text's shape (see `_shape_matches`).
_DIGIT_SENSITIVE = frozenset(
    index
    for index, (pattern, _) in enumerate(_READINGS)
    if re.search(r"\[1-4\]|6\\s", pattern.pattern)
)
_DIGITS = re.compile(r"\d")


@lru_cache(maxsize=16384)
def _shape_matches(shape: str) -> tuple[tuple[int, int], ...]:
    """(reading, start) of every match in a text of this shape (its digits all `0`): the
    many deadline cells that differ only in their numbers are scanned once."""
    found = []
    for index, ((pattern, _), needs) in enumerate(zip(_READINGS, _NEEDS, strict=True)):
        if index in _DIGIT_SENSITIVE or (needs and not any(word in shape for word in needs)):
            continue
        found += [(index, match.start()) for match in pattern.finditer(shape)]
    return tuple(found)


def _matches(text: str) -> list[tuple[int, re.Match[str]]]:
    """Every match of every reading in the text, as (reading, match)."""
    found = []
    for index, start in _shape_matches(_DIGITS.sub("0", text)):
        match = _READINGS[index][0].match(text, start)
        assert match is not None  # the pattern treats every digit alike
        found.append((index, match))
    for index in _DIGIT_SENSITIVE:
        needs = _NEEDS[index]
        if not needs or any(word in text for word in needs):
            found += [(index, match) for match in _READINGS[index][0].finditer(text)]
    found.sort(key=lambda item: item[0])  # in the readings' order, as each was scanned
    return found


def _claims(text: str, ctx: _Context) -> list[_Claim]:
    """Every reading of the text, each stretch read once in its most specific form."""
    found: list[_Claim] = []
    for index, match in _matches(text):
        reader = _READINGS[index][1]
        start, end = match.start(), match.end()
        try:
            result = reader(match, ctx)
        except InvalidDate as exc:
            found.append(_Claim(start, end, None, invalid=str(exc)))
            continue
        except (OverflowError, ValueError):  # a day past 31/12/9999 (or before year 1)
            found.append(_Claim(start, end, None, invalid=BEYOND_CALENDAR))
            continue
        except _NoAnchor:
            found.append(_Claim(start, end, None, needs_anchor=True))
            continue
        if result is not None:
            relative = reader in (_relative, _relative_from)
            found.append(_Claim(start, end, result[0], result[1], relative=relative))
    # The longest stretch wins; a shorter reading inside it is the same words read less well.
    found.sort(key=lambda c: (c.start - c.end, c.start))
    kept: list[_Claim] = []
    for claim in found:
        if all(claim.end <= k.start or claim.start >= k.end for k in kept):
            kept.append(claim)
    return kept


@lru_cache(maxsize=65536)
def _parse_text(
    raw: str, anchor: dt.date | None, calendar: WorkCalendar, rollover: bool
) -> tuple[Deadline, bool]:
    """(the deadline, whether reading it needed an assignment date that `anchor` lacks).

    Called first without an anchor, so that the many texts that do not depend on the
    assignment date are read once whatever the row's date."""
    text = fold(raw)
    ctx = _Context(anchor, calendar)
    if _SERIAL.fullmatch(text):
        day = from_serial(float(text))
        if day is not None:
            return _dated(day, False, raw, calendar, rollover), False
    found = _claims(text, ctx)
    invalid = next((c.invalid for c in found if c.invalid), None)
    if invalid == BEYOND_CALENDAR:
        issue = f"thời hạn «{raw}» rơi vào ngày vượt quá lịch (sau năm 9999)"
        return Deadline(DeadlineKind.UNPARSED, text=raw, issue=issue, invalid=True), False
    if invalid is not None:
        issue = f"thời hạn «{raw}» ghi ngày không có thật ({invalid})"
        return Deadline(DeadlineKind.UNPARSED, text=raw, issue=issue, invalid=True), False
    if any(c.needs_anchor for c in found):
        issue = f"thời hạn «{raw}» cần ngày giao nhiệm vụ để tính nhưng không có ngày giao"
        return Deadline(DeadlineKind.UNPARSED, text=raw, issue=issue), True
    claims = [c for c in found if c.day is not None]
    if claims:
        latest = max(claims, key=lambda c: c.day or dt.date.min)
        assert latest.day is not None
        return _dated(latest.day, latest.approximate, raw, calendar, rollover), False
    ongoing = _ONGOING.search(text)
    asap = _ASAP.search(text)
    if asap and (not ongoing or asap.start() < ongoing.start()):
        issue = f"thời hạn «{raw}» không có ngày cụ thể, đề nghị ấn định thời hạn"
        return Deadline(DeadlineKind.ASAP, text=raw, issue=issue), False
    if ongoing:
        return Deadline(DeadlineKind.ONGOING, text=raw), False
    issue = f"không hiểu thời hạn «{raw}»"
    return Deadline(DeadlineKind.UNPARSED, text=raw, issue=issue), False


@dataclass(frozen=True)
class DateMention:
    """A stretch of prose that names a day or a period (see `date_mentions`)."""

    start: int
    end: int
    day: dt.date | None  # None: an impossible date, or one that needs an assignment date
    relative: bool  # `trong 30 ngày`, `15 ngày làm việc`


def date_mentions(
    text: str, anchor: dt.date | None, calendar: WorkCalendar = DEFAULT_CALENDAR
) -> list[DateMention]:
    """Every stretch of `text` that the deadline grammar reads as a day or a period, in
    order, each read once in its most specific form. `text` must be in one spelling with
    single spaces (its `fold` as long as itself), so that positions are positions in it."""
    lead = len(text) - len(text.lstrip())
    folded = fold(text)
    if len(folded) != len(text.strip()):
        raise ValueError("date_mentions needs text whose fold keeps its length")
    claims = _claims(folded, _Context(anchor, calendar))
    return sorted(
        (DateMention(c.start + lead, c.end + lead, c.day, c.relative) for c in claims),
        key=lambda m: m.start,
    )


def deadline_words(text: str) -> tuple[int, int] | None:
    """Where `text` (as for `date_mentions`) says the task is ongoing or to be done as soon as
    possible (`thường xuyên`, `định kỳ hằng quý`, `khẩn trương`, `sớm`), the first such
    stretch; None when it says neither."""
    lead = len(text) - len(text.lstrip())
    folded = fold(text)
    found = [m for m in (_ONGOING.search(folded), _ASAP.search(folded)) if m]
    if not found or len(folded) != len(text.strip()):
        return None
    first = min(found, key=lambda m: m.start())
    return first.start() + lead, first.end() + lead


def _dated(
    day: dt.date, approximate: bool, raw: str, calendar: WorkCalendar, rollover: bool
) -> Deadline:
    if rollover:
        # On 31/12/9999, a day off, there is no next working day to move to.
        with contextlib.suppress(OverflowError):
            day = calendar.next_working_day(day)
    if approximate:
        return Deadline(
            DeadlineKind.APPROXIMATE,
            day,
            raw,
            issue=f"thời hạn «{raw}» chỉ là ước lượng, tạm tính đến ngày {day:%d/%m/%Y}",
        )
    return Deadline(DeadlineKind.DATE, day, raw)


def format_cell(value: object) -> str | None:
    """A cell as the text the user sees (dates as dd/mm/yyyy, whole numbers without `.0`)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(value)


def deadline_cell_text(value: object) -> str | None:
    """A deadline cell as the sheet shows it: a date cell, or a serial number (how Google
    Sheets sends dates), as dd/mm/yyyy; text as written."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        day = from_serial(float(value))
        if day is not None:
            return f"{day:%d/%m/%Y}"
    return format_cell(value)


def parse_deadline(
    value: object,
    anchor: dt.date | None = None,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
    rollover: bool = False,
) -> Deadline:
    """Read one deadline cell.

    `value` is what the cell holds (text, a date, or a serial number); `anchor` the assignment
    date that relative deadlines and missing years count from. With `rollover`, a deadline on
    a day off moves to the next working day. Never raises: text it cannot read gives kind
    `unparsed` with the reason in `issue` (and `invalid` set for an impossible date).
    """
    deadline, needs_anchor = read_deadline(value, calendar, rollover)
    if needs_anchor and anchor is not None:
        return anchored_deadline(value, anchor, calendar, rollover)
    return deadline


def read_deadline(
    value: object, calendar: WorkCalendar = DEFAULT_CALENDAR, rollover: bool = False
) -> tuple[Deadline, bool]:
    """(the deadline read without an assignment date, whether it needs one): most cells do
    not, so their reading holds for every row (see `anchored_deadline` for the others)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _dated(value, False, f"{value:%d/%m/%Y}", calendar, rollover), False
    if isinstance(value, int | float) and not isinstance(value, bool):
        day = from_serial(float(value))
        if day is not None:
            return _dated(day, False, f"{day:%d/%m/%Y}", calendar, rollover), False
    raw = format_cell(value)  # a year typed as a number (2025.0) reads as "2025"
    if raw is None:
        return Deadline(DeadlineKind.NONE, issue="chưa có thời hạn"), False
    return _parse_text(raw, None, calendar, rollover)


def anchored_deadline(
    value: object, anchor: dt.date, calendar: WorkCalendar, rollover: bool
) -> Deadline:
    """A text cell that needs the assignment date (see `read_deadline`), read with it."""
    raw = format_cell(value)
    assert raw is not None
    return _parse_text(raw, anchor, calendar, rollover)[0]
