"""What the history store tells: observed completions, syncs, what changed since a baseline,
and trends across snapshots and sessions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, TypedDict

from ..core.dates import InvalidDate, parse_date_cell
from ..core.diff import CHANGE_KINDS, ChangeItem, compare
from ..core.errors import BadArgument, TrackerError
from ..core.settings import Settings
from ..core.status import KpiJSON, group_kpis, kpi
from ..core.workbook import ParsedWorkbook
from ..store.location import source_key
from .evaluation import Evaluation, evaluate
from .sources import load, resolve_source, today
from .store import open_store
from .tasks import Staleness, kpi_json, staleness

if TYPE_CHECKING:
    from ..store.snapshots import SyncResult


def observations(settings: Settings, source: str | None) -> dict[str, dt.date]:
    """Task key -> the day a sync first saw it completed (no completion date in the sheet)."""
    store = open_store(settings)
    if store is None:
        return {}
    try:
        facts = store.facts(source_key(resolve_source(source, settings)))
        return dict(facts.completion_observed_on)
    finally:
        store.close()


def sync(
    source: str | None,
    settings: Settings,
    as_of: dt.date,
    due_soon_days: int,
    on_checkpoint: Callable[[], None] | None = None,
) -> tuple[ParsedWorkbook, SyncResult]:
    """Read the source (never a stand-in snapshot) and store a snapshot of it.
    `on_checkpoint` is called halfway through the sync's transaction (a test kills the
    process there to show that nothing is lost)."""
    store = open_store(settings, create=True)  # first: a store that cannot be written
    assert store is not None  # is said before the source is read
    try:
        workbook = load(source, settings, fallback=False)
        key = source_key(resolve_source(source, settings))
        return workbook, store.sync(workbook, key, as_of, due_soon_days, on_checkpoint)
    finally:
        store.close()


MAX_SNAPSHOT = 2**63 - 1  # what the store's integer ids hold


def parse_since(value: str | None) -> tuple[str, dt.date | int | None]:
    """`--since`: ("last-meeting", None), ("date", D) or ("snapshot", N). Raises BadArgument."""
    if value is None or value == "last-meeting":
        return "last-meeting", None
    if value.isdigit():
        if int(value) > MAX_SNAPSHOT:
            raise BadArgument(f"--since «{value}»: không có ảnh chụp số này")
        return "snapshot", int(value)
    try:
        day = parse_date_cell(value)
    except InvalidDate:
        day = None
    if day is None:
        raise BadArgument(
            f"--since «{value}» không hợp lệ: cần một ngày, số ảnh chụp hoặc last-meeting"
        )
    return "date", day


class Since(TypedDict, total=False):
    kind: str
    snapshot: int | None
    date: str | None


class Baseline(TypedDict):
    snapshot: int
    taken_at: str
    as_of: str


class ChangesReport(Staleness, total=False):
    as_of: str
    source: str
    since: Since
    baseline: Baseline | None
    message: str
    new: list[ChangeItem]
    completed: list[ChangeItem]
    newly_overdue: list[ChangeItem]
    deadline_extended: list[ChangeItem]
    reassigned: list[ChangeItem]
    removed: list[ChangeItem]
    title_edited: list[ChangeItem]


def changes_report(
    evaluation: Evaluation, settings: Settings, source: str | None, since: str | None
) -> ChangesReport:
    """What changed from a baseline (the snapshot in force at the last meeting, at a date, or
    a snapshot by number) to `evaluation`. Raises BadArgument for a baseline that cannot be."""
    kind, value = parse_since(since)
    if kind == "last-meeting":
        dates = [
            m.date
            for m in evaluation.workbook.meetings.values()
            if m.date and m.date <= evaluation.as_of
        ]
        if not dates:
            raise BadArgument(
                "không có phiên họp nào đến ngày as-of để so sánh; dùng --since NGÀY hoặc số "
                "ảnh chụp"
            )
        value = max(dates)
    store = open_store(settings)
    key = source_key(resolve_source(source, settings))
    loaded = None
    fallback = False
    if store is not None:
        try:
            if kind == "snapshot":
                assert isinstance(value, int)
                loaded = store.load(key, snapshot=value)
            else:
                assert isinstance(value, dt.date)
                loaded = store.load(key, on_or_before=value)
                if loaded is None:
                    # No snapshot yet at the mark (the first syncs came after it): the
                    # earliest one after it stands in, and the report says so.
                    loaded = store.load(key, after=value)
                    fallback = loaded is not None
        finally:
            store.close()
    since_info: Since = {"kind": kind}
    if kind == "snapshot":
        assert isinstance(value, int)
        since_info["snapshot"] = value
    else:
        since_info["date"] = value.isoformat() if isinstance(value, dt.date) else None
    report: ChangesReport = {
        "as_of": evaluation.as_of.isoformat(),
        "source": evaluation.workbook.source,
    }
    stale = staleness(evaluation.workbook)
    if "stale" in stale:
        report["stale"] = stale["stale"]
        report["read_at"] = stale.get("read_at")
    report["since"] = since_info
    report["baseline"] = None
    if loaded is None:
        if kind == "snapshot":
            raise BadArgument(f"không có ảnh chụp số {value} của nguồn này")
        report["message"] = (
            "Chưa có ảnh chụp nào trong kho lịch sử; chạy `tracker sync` để bắt đầu lưu lịch sử."
        )
        for change in CHANGE_KINDS:
            report[change] = []  # type: ignore[literal-required]
        return report
    info, workbook = loaded
    base_day = value if isinstance(value, dt.date) and not fallback else info.as_of
    baseline = evaluate(workbook, base_day, evaluation.due_soon_days)
    report["baseline"] = {
        "snapshot": info.id,
        "taken_at": info.taken_at.isoformat(),
        "as_of": base_day.isoformat(),
    }
    if fallback:
        mark = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else ""
        report["message"] = (
            f"Chưa có ảnh chụp nào đến ngày {mark}: so sánh với ảnh chụp sớm nhất sau đó "
            f"(số {info.id}, ngày {base_day:%d/%m/%Y})."
        )
    for change, items in compare(baseline.views, evaluation.views).items():
        report[change] = items  # type: ignore[literal-required]
    return report


class TrendPoint(TypedDict):
    snapshot: int
    taken_at: str
    as_of: str
    groups: dict[str, KpiJSON]


class MeetingPoint(TypedDict):
    meeting: str
    date: str
    snapshot: int
    groups: dict[str, KpiJSON]


class Trends(TypedDict):
    snapshots: list[TrendPoint]
    meetings: list[MeetingPoint]


def trends(settings: Settings, source: str | None, due_soon_days: int = 7) -> Trends:
    """Counts per status and on-time rate, per agency (lead_current; "" overall, "-" no lead),
    at each snapshot and at each meeting date, from the store. Empty lists without a store."""
    store = open_store(settings)
    if store is None:
        return {"snapshots": [], "meetings": []}
    key = source_key(resolve_source(source, settings))
    try:
        points: list[TrendPoint] = [
            {
                "snapshot": info.id,
                "taken_at": info.taken_at.isoformat(),
                "as_of": info.as_of.isoformat(),
                "groups": groups,
            }
            for info, groups in store.snapshot_kpis(key)
        ]
        latest = store.load(key)
        meetings: list[MeetingPoint] = []
        if latest is not None:
            for meeting in sorted(latest[1].meetings.values(), key=lambda m: m.date or dt.date.min):
                if meeting.date is None or meeting.date > today():
                    continue
                loaded = store.load(key, on_or_before=meeting.date)
                if loaded is None:
                    continue
                evaluation = evaluate(loaded[1], meeting.date, due_soon_days)
                groups = {
                    "-" if code is None else code: kpi_json(value)
                    for code, value in group_kpis(
                        evaluation.tasks, lambda t: t.lead_current
                    ).items()
                }
                groups[""] = kpi_json(kpi(evaluation.tasks))
                meetings.append(
                    {
                        "meeting": meeting.id,
                        "date": meeting.date.isoformat(),
                        "snapshot": loaded[0].id,
                        "groups": groups,
                    }
                )
        return {"snapshots": points, "meetings": meetings}
    finally:
        store.close()


def completed_since_last_session(
    evaluation: Evaluation, settings: Settings, source: str | None
) -> dict[str, str] | None:
    """Task key -> completion date of the tasks completed since the last meeting, from the
    history store; None when there is no history to tell."""
    try:
        report = changes_report(evaluation, settings, source, None)
    except TrackerError:  # no meeting to compare with, no store, a damaged store
        return None
    if report.get("baseline") is None:
        return None
    return {item["key"]: item.get("completed_on") or "" for item in report.get("completed", [])}


class SyncReport(TypedDict):
    source: str
    snapshot: int
    created: bool
    tasks: int
    taken_at: str
    previous: int | None
    history_changes: int


def sync_report(workbook: ParsedWorkbook, result: SyncResult) -> SyncReport:
    """What `tracker sync` prints (JSON): the snapshot stored, or the one whose content was
    unchanged, and how many task-history rows it added."""
    return {
        "source": workbook.source,
        "snapshot": result.snapshot.id,
        "created": result.created,
        "tasks": result.snapshot.task_count,
        "taken_at": result.snapshot.taken_at.isoformat(),
        "previous": result.previous.id if result.previous else None,
        "history_changes": result.history_rows,
    }
