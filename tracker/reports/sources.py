"""Which source a command reads, reading it, and saying when an earlier read stands in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..core.dates import TIMEZONE
from ..core.errors import NoAssignmentTab, SourceUnavailable, SourceUnreachable
from ..core.rows import RawWorkbook
from ..core.settings import Settings
from ..core.workbook import ParsedWorkbook, parse_workbook
from ..sources import read_workbook
from .bulk import bulk_work
from .parallel import load_in_two
from .store import open_store

SAMPLE = "sample"
SAMPLE_VERSION = 2  # 2: with the contacts tab «Đầu mối»


def today() -> dt.date:
    """Today in Vietnam, the default as-of date."""
    return dt.datetime.now(TIMEZONE).date()


def sample_path(settings: Settings, reference: dt.date) -> Path:
    """The embedded sample workbook laid out for `reference`, written on first use."""
    from ..sources.sample import write_sample

    # the layout's version in the name: a cached sample of an older release is not reused
    path = settings.cache_dir / f"sample-{SAMPLE_VERSION}-{reference:%Y%m%d}.xlsx"
    if not path.exists():
        write_sample(path, reference)
    return path


def resolve_source(source: str | None, settings: Settings) -> str:
    """SOURCE as given, else TRACKER_SOURCE / the config, else the embedded sample."""
    return source or settings.source or SAMPLE


def local_path(name: str) -> Path | None:
    """The file a resolved source names, or None (the sample, a Google Sheet)."""
    if name == SAMPLE or "://" in name or ":" in name[:8]:
        return None
    return Path(name)


def read_source(source: str, settings: Settings) -> RawWorkbook:
    """Every tab of the source. Raises SourceUnavailable."""
    if source == SAMPLE:
        raw = read_workbook(str(sample_path(settings, today())), settings)
        return RawWorkbook(SAMPLE, raw.tabs, read_at=raw.read_at)
    return read_workbook(source, settings)


def load(
    source: str | None, settings: Settings, offline: bool = False, fallback: bool = True
) -> ParsedWorkbook:
    """Read and validate a source; problems in the data never raise.

    `offline`: use the latest snapshot of the store instead. When the source does not answer
    (SourceUnreachable) and `fallback`, the latest snapshot stands in, marked stale. Raises
    SourceUnavailable (exit 2) when neither can be read or the source holds no assignment tab.
    """
    name = resolve_source(source, settings)
    if offline:
        return _from_store(name, settings, "chế độ ngoại tuyến (--offline)")
    path = sample_path(settings, today()) if name == SAMPLE else local_path(name)
    if path is not None and path.is_file():
        with bulk_work():
            workbook = load_in_two(path, name, settings)
        if workbook is not None and workbook.assignment_tabs:
            return workbook
    try:
        raw = read_source(name, settings)
    except SourceUnreachable as exc:
        if not fallback:
            raise
        # The latest snapshot stands in; without one, the error says to sync first.
        return _from_store(name, settings, exc.reason)
    with bulk_work():
        workbook = parse_workbook(
            raw, calendar=settings.calendar, rollover=settings.deadline_rollover
        )
    if not workbook.assignment_tabs:
        raise NoAssignmentTab(name, list(raw.tabs))
    return workbook


def _from_store(name: str, settings: Settings, reason: str) -> ParsedWorkbook:
    from ..store.location import source_key

    store = open_store(settings)
    if store is None:
        loaded = None
    else:
        try:
            loaded = store.load(source_key(name))
        finally:
            store.close()
    if loaded is None:
        raise SourceUnavailable(
            name,
            f"{reason}; chưa có ảnh chụp nào trong kho lịch sử để dùng thay "
            "(chạy `tracker sync` trước)",
        )
    workbook = loaded[1]
    workbook.source = name
    workbook.stale = True
    workbook.stale_reason = reason
    return workbook


def stale_notice(workbook: ParsedWorkbook, now: dt.datetime | None = None) -> str | None:
    """One line saying that an earlier read is used, why and how old it is; None if fresh."""
    if not workbook.stale:
        return None
    when = "không rõ thời điểm"
    if workbook.read_at is not None:
        now = now or dt.datetime.now(dt.UTC)
        local = workbook.read_at.astimezone(TIMEZONE)
        when = f"lúc {local:%H:%M} ngày {local:%d/%m/%Y} ({_age(now - workbook.read_at)} trước)"
    return f"Cảnh báo: {workbook.stale_reason or 'không đọc được nguồn'}; dùng dữ liệu đọc {when}."


def _age(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 0)} phút"
    if minutes < 48 * 60:
        return f"{minutes // 60} giờ"
    return f"{minutes // 1440} ngày"
