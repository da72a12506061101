"""What the commands do, as library calls: read a source, compute statuses, build reports.

Reports are plain dicts in the JSON shapes of DESIGN.md §6, so the CLI, notebooks and other
tools share them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .agencies import Registry, display_order
from .config import Settings
from .dates import iso
from .errors import BadArgument, NoAssignmentTab, SourceUnavailable, SourceUnreachable
from .history import CHANGE_KINDS
from .model import Assignment, Problem, Severity, Status
from .sources import RawWorkbook, read_workbook
from .status import Kpi, TaskStatus, compute_statuses, group_kpis, kpi
from .text import fold
from .workbook import ParsedWorkbook, parse_workbook

if TYPE_CHECKING:
    from .meeting import MeetingRecord
    from .minutes import MinutesResult
    from .store import Store, SyncResult

SAMPLE = "sample"
TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> dt.date:
    """Today in Vietnam, the default as-of date."""
    return dt.datetime.now(TIMEZONE).date()


def sample_path(settings: Settings, reference: dt.date) -> Path:
    """The embedded sample workbook laid out for `reference`, written on first use."""
    from .sample import write_sample

    path = settings.cache_dir / f"sample-{reference:%Y%m%d}.xlsx"
    if not path.exists():
        write_sample(path, reference)
    return path


def resolve_source(source: str | None, settings: Settings) -> str:
    """SOURCE as given, else TRACKER_SOURCE / the config, else the embedded sample."""
    return source or settings.source or SAMPLE


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
    try:
        raw = read_source(name, settings)
    except SourceUnreachable as exc:
        if not fallback:
            raise
        # The latest snapshot stands in; without one, the error says to sync first.
        return _from_store(name, settings, exc.reason)
    workbook = parse_workbook(raw, calendar=settings.calendar, rollover=settings.deadline_rollover)
    if not workbook.assignment_tabs:
        raise NoAssignmentTab(name, list(raw.tabs))
    return workbook


# --- the history store ------------------------------------------------------------------------


def store_url(settings: Settings) -> str:
    from .store import default_db

    return default_db(settings.db, settings.data_dir)


def open_store(settings: Settings, create: bool = False) -> Store | None:
    """The history store; None when it does not exist yet and `create` is False (SQLAlchemy is
    imported only when there is a store)."""
    url = store_url(settings)
    if url.startswith("sqlite:///") and not create and not Path(url[10:]).exists():
        return None
    from .store import Store

    return Store.open(url)


def _from_store(name: str, settings: Settings, reason: str) -> ParsedWorkbook:
    from .store import source_key

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
            name, f"{reason}; chưa có bản đồng bộ nào để dùng thay (chạy `tracker sync` trước)"
        )
    workbook: ParsedWorkbook = loaded[1]
    workbook.source = name
    workbook.stale = True
    workbook.stale_reason = reason
    return workbook


def observations(settings: Settings, source: str | None) -> dict[str, dt.date]:
    """Task key -> the day a sync first saw it completed (no completion date in the sheet)."""
    store = open_store(settings)
    if store is None:
        return {}
    from .store import source_key

    try:
        facts = store.facts(source_key(resolve_source(source, settings)))
        return dict(facts.completion_observed_on)
    finally:
        store.close()


def sync(
    source: str | None, settings: Settings, as_of: dt.date, due_soon_days: int
) -> tuple[ParsedWorkbook, SyncResult]:
    """Read the source (never a stand-in snapshot) and store a snapshot of it."""
    from .store import source_key

    workbook = load(source, settings, fallback=False)
    store = open_store(settings, create=True)
    assert store is not None
    try:
        key = source_key(resolve_source(source, settings))
        return workbook, store.sync(workbook, key, as_of, due_soon_days)
    finally:
        store.close()


@dataclass(frozen=True)
class Evaluation:
    """A workbook as it stands on `as_of`."""

    workbook: ParsedWorkbook
    as_of: dt.date
    due_soon_days: int
    tasks: list[TaskStatus]
    problems: list[Problem]

    @property
    def errors(self) -> int:
        return sum(p.severity is Severity.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    def name(self, code: str | None) -> str:
        return self.workbook.registry.name(code)


def evaluate(
    workbook: ParsedWorkbook,
    as_of: dt.date,
    due_soon_days: int = 7,
    observed: dict[str, dt.date] | None = None,
) -> Evaluation:
    """The workbook as it stands on `as_of`; `observed`: completions first seen by a sync."""
    tasks, problems = compute_statuses(
        workbook.assignments,
        as_of,
        due_soon_days,
        workbook.registry,
        workbook.columns,
        observed,
    )
    return Evaluation(workbook, as_of, due_soon_days, tasks, [*workbook.problems, *problems])


def assignment_dict(result: TaskStatus, registry: Registry) -> dict[str, object]:
    """One task in the §6 JSON shape, plus display names and the status label."""
    task = result.task
    deadline = task.deadline
    return {
        "id": task.id,
        "sheet": task.sheet,
        "sheet_row": task.sheet_row,
        "title": task.title,
        "program": task.program,
        "meeting": task.meeting,
        "assigned_on": iso(task.assigned_on),
        "lead": task.lead,
        "lead_text": task.lead_text,
        "lead_current": result.lead_current,
        "lead_name": registry.name(task.lead) if task.lead else task.lead_text,
        "lead_current_name": lead_current_name(result, registry),
        "co": list(task.co),
        "co_text": list(task.co_text),
        "co_current": list(result.co_current),
        "deadline": iso(deadline.day),
        "deadline_kind": deadline.kind.value,
        "deadline_text": task.deadline_text,
        "deadline_original": iso(task.deadline_original.day) if task.deadline_original else None,
        "reported_status": task.reported_status,
        "progress": task.progress,
        "completed": result.completed,
        "completed_on": iso(result.completed_on),
        "completion_observed_on": iso(result.completion_observed_on),
        "status": result.status.value,
        "status_label": result.status.label,
        "days_overdue": result.days_overdue,
    }


def _header(evaluation: Evaluation) -> dict[str, object]:
    return {
        "as_of": evaluation.as_of.isoformat(),
        "source": evaluation.workbook.source,
        **_staleness(evaluation.workbook),
    }


def _staleness(workbook: ParsedWorkbook) -> dict[str, object]:
    """`stale` and `read_at`, present only when the data is an earlier read."""
    if not workbook.stale:
        return {}
    return {"stale": True, "read_at": workbook.read_at.isoformat() if workbook.read_at else None}


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


def check_report(evaluation: Evaluation) -> dict[str, object]:
    return {
        "source": evaluation.workbook.source,
        **_staleness(evaluation.workbook),
        "problems": [p.to_dict() for p in evaluation.problems],
        "errors": evaluation.errors,
        "warnings": evaluation.warnings,
    }


def status_report(evaluation: Evaluation) -> dict[str, object]:
    return {
        **_header(evaluation),
        "assignments": [assignment_dict(t, evaluation.workbook.registry) for t in evaluation.tasks],
        "problems": [p.to_dict() for p in evaluation.problems],
    }


def _filtered(
    tasks: Iterable[TaskStatus], agency: str | None, program: str | None
) -> list[TaskStatus]:
    wanted_program = fold(program) if program else None
    return [
        t
        for t in tasks
        if (agency is None or t.lead_current == agency)
        and (wanted_program is None or fold(t.task.program or "") == wanted_program)
    ]


def overdue_report(
    evaluation: Evaluation, agency: str | None = None, program: str | None = None
) -> dict[str, object]:
    """Overdue tasks grouped by lead_current: the group with the most days overdue first,
    and within a group the most days overdue first."""
    overdue = [
        t for t in _filtered(evaluation.tasks, agency, program) if t.status is Status.OVERDUE
    ]
    groups: dict[tuple[str | None, str | None], list[TaskStatus]] = {}
    for task in sorted(overdue, key=lambda t: (-(t.days_overdue or 0), t.task.id or "")):
        groups.setdefault(lead_group(task), []).append(task)
    registry = evaluation.workbook.registry
    return {
        **_header(evaluation),
        "groups": [
            {
                "lead_current": group[0],
                "name": lead_group_name(group, registry),
                "tasks": [assignment_dict(t, registry) for t in members],
            }
            for group, members in groups.items()
        ],
    }


def lead_group(result: TaskStatus) -> tuple[str | None, str | None]:
    """How tasks group by lead: (code, None) for a known agency (as lead_current); (None, the
    name as written) for an agency the registry does not know; (None, None) for a blank lead."""
    if result.lead_current is not None:
        return (result.lead_current, None)
    return (None, result.task.lead_text or None)


def lead_group_name(group: tuple[str | None, str | None], registry: Registry) -> str:
    code, text = group
    if code is not None:
        return registry.name(code)
    return text or "Chưa xác định"


def lead_current_name(result: TaskStatus, registry: Registry) -> str:
    """Who answers for the task, as a person reads it: the current lead's name, an unknown
    agency as written, or `Chưa xác định`."""
    return lead_group_name(lead_group(result), registry)


GROUPINGS = ("lead", "program", "meeting")


def kpi_report(evaluation: Evaluation, by: str = "lead") -> dict[str, object]:
    """KPIs per group (lead = lead_current; collective leads are groups of their own) and
    overall."""
    registry = evaluation.workbook.registry
    rows: list[tuple[tuple[int, str], str | None, str, Kpi]] = []
    if by == "lead":
        order = display_order(registry)
        for group, value in group_kpis(evaluation.tasks, lead_group).items():
            code, text = group
            place = order(code) if code is not None or text is None else (5, text)
            rows.append((place, code, lead_group_name(group, registry), value))
    elif by in ("program", "meeting"):
        field = "program" if by == "program" else "meeting"
        groups = group_kpis(evaluation.tasks, lambda t: getattr(t.task, field))
        for key, value in groups.items():
            place = (1, "") if key is None else (0, key)
            rows.append((place, key, key if key is not None else "Chưa xác định", value))
    else:
        raise ValueError(by)
    rows.sort(key=lambda row: row[0])
    return {
        **_header(evaluation),
        "by": by,
        "groups": [{"key": key, "name": name, **value.to_dict()} for _, key, name, value in rows],
        "overall": kpi(evaluation.tasks).to_dict(),
    }


# --- what changed, and trends --------------------------------------------------------------------


def parse_since(value: str | None) -> tuple[str, dt.date | int | None]:
    """`--since`: ("last-meeting", None), ("date", D) or ("snapshot", N). Raises BadArgument."""
    from .dates import InvalidDate, parse_date_cell

    if value is None or value == "last-meeting":
        return "last-meeting", None
    if value.isdigit():
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


def changes_report(
    evaluation: Evaluation, settings: Settings, source: str | None, since: str | None
) -> dict[str, object]:
    """What changed from a baseline (the snapshot in force at the last meeting, at a date, or
    a snapshot by number) to `evaluation`."""
    from .history import compare
    from .store import source_key

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
    if store is not None:
        try:
            if kind == "snapshot":
                assert isinstance(value, int)
                loaded = store.load(key, snapshot=value)
            else:
                assert isinstance(value, dt.date)
                loaded = store.load(key, on_or_before=value)
        finally:
            store.close()
    since_info: dict[str, object] = {"kind": kind}
    if kind == "snapshot":
        since_info["snapshot"] = value
    else:
        since_info["date"] = value.isoformat() if isinstance(value, dt.date) else None
    report: dict[str, object] = {**_header(evaluation), "since": since_info, "baseline": None}
    if loaded is None:
        if kind == "snapshot":
            raise BadArgument(f"không có ảnh chụp số {value} của nguồn này")
        report["message"] = (
            "Chưa có bản đồng bộ nào trước mốc so sánh; chạy `tracker sync` để bắt đầu lưu lịch sử."
        )
        report.update({kind: [] for kind in CHANGE_KINDS})
        return report
    info, workbook = loaded
    base_day = value if isinstance(value, dt.date) else info.as_of
    baseline = evaluate(workbook, base_day, evaluation.due_soon_days)
    report["baseline"] = {
        "snapshot": info.id,
        "taken_at": info.taken_at.isoformat(),
        "as_of": base_day.isoformat(),
    }
    report.update(compare(baseline.tasks, evaluation.tasks))
    return report


def trends(settings: Settings, source: str | None, due_soon_days: int = 7) -> dict[str, object]:
    """Counts per status and on-time rate, per agency (lead_current; "" overall, "-" no lead),
    at each snapshot and at each meeting date, from the store. Empty lists without a store."""
    from .store import source_key

    store = open_store(settings)
    if store is None:
        return {"snapshots": [], "meetings": []}
    key = source_key(resolve_source(source, settings))
    try:
        points = [
            {
                "snapshot": info.id,
                "taken_at": info.taken_at.isoformat(),
                "as_of": info.as_of.isoformat(),
                "groups": groups,
            }
            for info, groups in store.snapshot_kpis(key)
        ]
        latest = store.load(key)
        meetings: list[dict[str, object]] = []
        if latest is not None:
            for meeting in sorted(latest[1].meetings.values(), key=lambda m: m.date or dt.date.min):
                if meeting.date is None or meeting.date > today():
                    continue
                loaded = store.load(key, on_or_before=meeting.date)
                if loaded is None:
                    continue
                evaluation = evaluate(loaded[1], meeting.date, due_soon_days)
                groups = {
                    "-" if code is None else code: value.to_dict()
                    for code, value in group_kpis(
                        evaluation.tasks, lambda t: t.lead_current
                    ).items()
                }
                groups[""] = kpi(evaluation.tasks).to_dict()
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
    except (BadArgument, SourceUnavailable):
        return None
    if report.get("baseline") is None:
        return None
    items = report["completed"]
    assert isinstance(items, list)
    return {item["key"]: item.get("completed_on") or "" for item in items}


# --- after a session -------------------------------------------------------------------------


def _record(
    source: str | None, settings: Settings, meeting: str, record: Path | None
) -> tuple[ParsedWorkbook, MeetingRecord]:
    from .meeting import load_record, record_path

    workbook = load(source, settings)
    name = resolve_source(source, settings)
    local = Path(name) if name != SAMPLE and "://" not in name and ":" not in name[:8] else None
    return workbook, load_record(record_path(meeting, local, record), meeting, workbook)


def minutes(
    source: str | None,
    settings: Settings,
    meeting: str,
    out: Path,
    as_of: dt.date | None,
    record: Path | None = None,
    due_soon_days: int = 7,
) -> MinutesResult:
    """The documents of a session. The next session's agenda carries over every task still
    overdue on the next meeting's date in `Phiên họp` (else on `as_of`, else today).
    Raises RecordInvalid (exit 1) when the record names an unknown agency or a deadline the
    tracker does not understand."""
    from .minutes import render_all

    workbook, parsed = _record(source, settings, meeting, record)
    held = parsed.meeting.date
    later = sorted(m.date for m in workbook.meetings.values() if m.date and held and m.date > held)
    day = later[0] if later else (as_of or today())
    evaluation = evaluate(workbook, day, due_soon_days, observations(settings, source))
    return render_all(parsed, evaluation, day, out, (t.id for t in workbook.assignments))


def minutes_tasks(
    source: str | None, settings: Settings, meeting: str, record: Path | None = None
) -> list[Assignment]:
    """The record's new tasks, with ids that the sheet does not have yet."""
    from .minutes import new_tasks

    workbook, parsed = _record(source, settings, meeting, record)
    return new_tasks(parsed, (t.id for t in workbook.assignments))
