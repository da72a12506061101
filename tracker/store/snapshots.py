"""Snapshots of every sync, task history and facts, in an SQL database (SQLAlchemy Core).

SQLite by default (WAL mode; a write transaction starts with BEGIN IMMEDIATE so two syncs take
turns), PostgreSQL or any SQLAlchemy URL otherwise (the source's row is locked FOR UPDATE
for the length of a sync). A sync is one transaction: a process killed midway leaves the
previous snapshot intact. The schema is versioned in `schema_version` and migrated on open.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from ..core.errors import StoreUnavailable, TrackerError
from ..core.model import (
    Assignment,
    Status,
)
from ..core.status import TaskStatus, compute_statuses, group_kpis, kpi
from ..core.workbook import ParsedWorkbook
from .serialize import task_from_payload, task_payload, workbook_extra, workbook_from

SCHEMA_VERSION = 2
metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version", metadata, sa.Column("version", sa.Integer, nullable=False)
)
sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(500), nullable=False, unique=True),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
snapshots = sa.Table(
    "snapshots",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.ForeignKey("sources.id"), nullable=False, index=True),
    sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("read_at", sa.DateTime(timezone=True)),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("task_count", sa.Integer, nullable=False),
    sa.Column("extra", sa.Text, nullable=False),  # JSON: meetings, agencies, problems
)
snapshot_tasks = sa.Table(
    "snapshot_tasks",
    metadata,
    sa.Column("snapshot_id", sa.ForeignKey("snapshots.id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("task_key", sa.String(500), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),  # JSON of the Assignment
)
snapshot_kpis = sa.Table(
    "snapshot_kpis",
    metadata,
    sa.Column("snapshot_id", sa.ForeignKey("snapshots.id"), primary_key=True),
    sa.Column("group_key", sa.String(200), primary_key=True),  # "" overall, "-" no lead
    sa.Column("counts", sa.Text, nullable=False),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("on_time_rate", sa.Float),
)
checks = sa.Table(
    "checks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.ForeignKey("sources.id"), nullable=False, index=True),
    sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("snapshot_id", sa.ForeignKey("snapshots.id"), nullable=False),
    sa.Column("changed", sa.Boolean, nullable=False),
)
task_history = sa.Table(
    "task_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.ForeignKey("sources.id"), nullable=False),
    sa.Column("task_key", sa.String(500), nullable=False),
    sa.Column("snapshot_id", sa.ForeignKey("snapshots.id"), nullable=False),
    sa.Column("field", sa.String(40), nullable=False),
    sa.Column("old", sa.Text),
    sa.Column("new", sa.Text),
    sa.Index("task_history_task", "source_id", "task_key"),
)
task_facts = sa.Table(
    "task_facts",
    metadata,
    sa.Column("source_id", sa.ForeignKey("sources.id"), primary_key=True),
    sa.Column("task_key", sa.String(500), primary_key=True),
    sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("first_overdue_on", sa.Date),
    sa.Column("completion_observed_on", sa.Date),
    sa.Column("removed_at", sa.DateTime(timezone=True)),
)

# Reminders sent (one row per message the mail server accepted) and requests for
# explanation (one row per task; open while `answered_on` is null).
reminders = sa.Table(
    "reminders",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.ForeignKey("sources.id"), nullable=False, index=True),
    sa.Column("agency", sa.String(200), nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("recipients", sa.Text, nullable=False),  # JSON: to, cc
    sa.Column("tasks", sa.Text, nullable=False),  # JSON: overdue, due_soon, explanations keys
    sa.Column("message_id", sa.String(300), nullable=False),
)
explanations = sa.Table(
    "explanations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.ForeignKey("sources.id"), nullable=False, index=True),
    sa.Column("task_key", sa.String(500), nullable=False),
    sa.Column("agency", sa.String(200), nullable=False),
    sa.Column("requested_on", sa.Date, nullable=False),
    sa.Column("answer_due", sa.Date, nullable=False),
    sa.Column("days_overdue", sa.Integer, nullable=False),
    sa.Column("reminder_id", sa.ForeignKey("reminders.id")),
    sa.Column("answered_on", sa.Date),
    sa.Column("note", sa.Text),
)

# The status stored for a task that is in the sheet but assigned after the snapshot's date.
NOT_YET = "not_yet"
# Fields whose changes between consecutive snapshots are kept in task_history.
HISTORY_FIELDS = (
    "status",
    "completed_on",
    "deadline",
    "deadline_revised",
    "lead",
    "co",
    "progress",
    "title",
)


def _migrate_to_1(connection: sa.Connection) -> None:
    metadata.create_all(connection)


def _migrate_to_2(connection: sa.Connection) -> None:
    metadata.create_all(connection, tables=[reminders, explanations])


MIGRATIONS = {1: _migrate_to_1, 2: _migrate_to_2}


def _answer_from_sheet(
    connection: sa.Connection, source_id: int, tasks: list[Assignment], day: dt.date
) -> int:
    """Within a sync: every open request whose task now has text in «Giải trình» is answered
    on `day` (the first sync that sees the text). Returns how many."""
    written = {t.key: t.explanation for t in tasks if t.explanation}
    if not written:
        return 0
    rows = connection.execute(
        sa.select(
            explanations.c.id,
            explanations.c.task_key,
            explanations.c.answered_on,
            explanations.c.note,
        )
        .where(explanations.c.source_id == source_id)
        .order_by(explanations.c.id)
    ).all()
    # The text that answered an earlier request of a task does not answer a later one.
    used = {(row.task_key, row.note) for row in rows if row.answered_on is not None}
    answered = 0
    for row in rows:
        text = written.get(row.task_key)
        if row.answered_on is None and text and (row.task_key, text[:2000]) not in used:
            connection.execute(
                sa.update(explanations)
                .where(explanations.c.id == row.id)
                .values(answered_on=day, note=text[:2000])
            )
            answered += 1
    return answered


def content_hash(payloads: list[dict[str, Any]], extra: dict[str, Any]) -> str:
    body = json.dumps({"tasks": payloads, "extra": extra}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


# --- the store --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    taken_at: dt.datetime
    read_at: dt.datetime | None
    as_of: dt.date
    task_count: int


@dataclass(frozen=True)
class SyncResult:
    snapshot: SnapshotInfo
    created: bool  # False: the content had not changed since that snapshot
    previous: SnapshotInfo | None
    history_rows: int = 0


@dataclass
class Facts:
    first_overdue_on: dict[str, dt.date] = field(default_factory=dict)
    completion_observed_on: dict[str, dt.date] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Store:
    """The database. Open with `Store.open(url)`; every method is one transaction."""

    def __init__(self, engine: sa.Engine, read_only: bool = False) -> None:
        self.engine = engine
        self.read_only = read_only
        if not read_only:
            self._migrate()
        elif self._version() != SCHEMA_VERSION:
            raise TrackerError(
                "kho ở phiên bản cũ và không ghi được để nâng cấp; chạy `tracker sync` với "
                "quyền ghi vào kho"
            )

    @classmethod
    def open(cls, url: str, writing: bool = True) -> Store:
        """Open (and create or migrate) the store; with `writing` False, a store that cannot
        be written (a read-only file or folder) is opened for reading. Raises
        StoreUnavailable naming the store when it cannot be opened (damaged, not a
        database, no driver)."""
        try:
            if url.startswith("sqlite"):
                path = url.split("///", 1)[-1]
                if path and path != ":memory:" and writing:
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                engine = sa.create_engine(url, connect_args={"timeout": 60})
                _sqlite_setup(engine)
                try:
                    return cls(engine)
                except sa.exc.OperationalError as exc:
                    if writing or not _read_only(exc):
                        raise
                    engine.dispose()
                    # Nothing may be written beside it (no -wal, no -shm): read it as it is.
                    engine = sa.create_engine(f"sqlite:///file:{path}?mode=ro&immutable=1&uri=true")
                    return cls(engine, read_only=True)
            engine = sa.create_engine(url, pool_pre_ping=True)
            return cls(engine)
        except (sa.exc.SQLAlchemyError, ImportError, ValueError) as exc:
            # ImportError: no driver for that URL; ValueError: a URL that does not parse.
            raise StoreUnavailable(_where(url), _reason(exc)) from None

    def close(self) -> None:
        self.engine.dispose()

    def _version(self) -> int:
        with self.engine.connect() as connection:
            return _schema_version(connection)

    def _migrate(self) -> None:
        with self._transaction() as connection:
            version = _schema_version(connection)
            if version > SCHEMA_VERSION:
                raise TrackerError(
                    f"Cơ sở dữ liệu ở phiên bản lược đồ {version}, mới hơn bản tracker này "
                    f"({SCHEMA_VERSION}); hãy cập nhật tracker"
                )
            for target in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[target](connection)
                connection.execute(sa.delete(schema_version))
                connection.execute(sa.insert(schema_version).values(version=target))

    @contextmanager
    def _transaction(self) -> Iterator[sa.Connection]:
        """A write transaction (BEGIN IMMEDIATE on SQLite: the write lock is taken at once)."""
        with self.engine.connect() as connection:
            connection.execution_options(write=True)
            with connection.begin():
                yield connection

    @contextmanager
    def _write(self, key: str, label: str, now: dt.datetime) -> Iterator[tuple[sa.Connection, int]]:
        """A write transaction holding the source's lock: syncs of one source take turns."""
        with self._transaction() as connection:
            row = connection.execute(
                sa.select(sources.c.id).where(sources.c.key == key).with_for_update()
            ).first()
            if row is None:
                # Two first syncs of a source may race to create its row: one wins, the other
                # waits for the winner's lock on it below.
                values = {"key": key, "label": label, "created_at": now}
                if connection.dialect.name == "postgresql":
                    from sqlalchemy.dialects.postgresql import insert

                    connection.execute(insert(sources).values(values).on_conflict_do_nothing())
                else:
                    connection.execute(sa.insert(sources).values(values))
                row = connection.execute(
                    sa.select(sources.c.id).where(sources.c.key == key).with_for_update()
                ).first()
                assert row is not None
            yield connection, int(row[0])

    def _source_id(self, connection: sa.Connection, key: str) -> int | None:
        return connection.execute(sa.select(sources.c.id).where(sources.c.key == key)).scalar()

    def sync(
        self,
        workbook: ParsedWorkbook,
        key: str,
        as_of: dt.date,
        due_soon_days: int,
        on_checkpoint: Callable[[], None] | None = None,
        now: dt.datetime | None = None,
    ) -> SyncResult:
        """Store what `workbook` holds as a new snapshot of source `key`, unless its content is
        that of the latest snapshot; either way record the check, and the facts (first
        overdue, completion first observed) as of `as_of`. `on_checkpoint` is called halfway
        through writing the snapshot's tasks, inside the transaction."""
        now = now or dt.datetime.now(dt.UTC)
        payloads = [task_payload(t) for t in workbook.assignments]
        extra = workbook_extra(workbook)
        digest = content_hash(payloads, extra)
        keys = [t.key for t in workbook.assignments]
        with self._write(key, workbook.source, now) as (connection, source_id):
            previous = self._latest(connection, source_id)
            facts = self._facts(connection, source_id)
            statuses, _ = compute_statuses(
                workbook.assignments,
                as_of,
                due_soon_days,
                workbook.registry,
                observed_completion=facts.completion_observed_on,
            )
            # Facts and history follow each task key once (a duplicated id is an error the
            # sheet must fix; its first row stands for it) and only tasks that exist on
            # `as_of` (a task assigned later has no status yet).
            by_task = {id(result.task): result for result in statuses}
            tracked: dict[str, tuple[dict[str, Any], TaskStatus]] = {}
            for task, payload in zip(workbook.assignments, payloads, strict=True):
                result = by_task.get(id(task))
                if result is not None and task.key not in tracked:
                    tracked[task.key] = (payload, result)
            present = set(keys)
            if previous is not None and previous[1] == digest:
                info = previous[0]
                connection.execute(
                    sa.insert(checks).values(
                        source_id=source_id,
                        checked_at=now,
                        content_hash=digest,
                        snapshot_id=info.id,
                        changed=False,
                    )
                )
                self._update_facts(connection, source_id, tracked, present, as_of, now)
                _answer_from_sheet(connection, source_id, workbook.assignments, as_of)
                return SyncResult(info, False, info)
            snapshot_id = connection.execute(
                sa.insert(snapshots).values(
                    source_id=source_id,
                    taken_at=now,
                    read_at=workbook.read_at,
                    as_of=as_of,
                    content_hash=digest,
                    task_count=len(payloads),
                    extra=json.dumps(extra, ensure_ascii=False),
                )
            ).inserted_primary_key[0]  # type: ignore[index]
            rows = [
                {
                    "snapshot_id": snapshot_id,
                    "position": i,
                    "task_key": k,
                    "status": by_task[id(t)].status.value if id(t) in by_task else NOT_YET,
                    "payload": json.dumps(p, ensure_ascii=False),
                }
                for i, (k, t, p) in enumerate(
                    zip(keys, workbook.assignments, payloads, strict=True)
                )
            ]
            half = len(rows) // 2
            if rows:
                connection.execute(sa.insert(snapshot_tasks), rows[:half] or rows)
                if on_checkpoint is not None:
                    on_checkpoint()
                if half:
                    connection.execute(sa.insert(snapshot_tasks), rows[half:])
            self._store_kpis(connection, snapshot_id, statuses)
            history = 0
            if previous is not None:
                history = self._history(connection, source_id, snapshot_id, previous[0].id, tracked)
            self._update_facts(connection, source_id, tracked, present, as_of, now)
            _answer_from_sheet(connection, source_id, workbook.assignments, as_of)
            connection.execute(
                sa.insert(checks).values(
                    source_id=source_id,
                    checked_at=now,
                    content_hash=digest,
                    snapshot_id=snapshot_id,
                    changed=True,
                )
            )
            info = SnapshotInfo(int(snapshot_id), now, workbook.read_at, as_of, len(payloads))
            return SyncResult(info, True, previous[0] if previous else None, history)

    def _latest(self, connection: sa.Connection, source_id: int) -> tuple[SnapshotInfo, str] | None:
        """The snapshot stored last for the source, and its content hash."""
        query = sa.select(snapshots).where(snapshots.c.source_id == source_id)
        row = connection.execute(query.order_by(snapshots.c.id.desc()).limit(1)).first()
        if row is None:
            return None
        return _info(row), row.content_hash

    def _facts(self, connection: sa.Connection, source_id: int) -> Facts:
        facts = Facts()
        for row in connection.execute(
            sa.select(task_facts).where(task_facts.c.source_id == source_id)
        ):
            if row.first_overdue_on:
                facts.first_overdue_on[row.task_key] = row.first_overdue_on
            if row.completion_observed_on:
                facts.completion_observed_on[row.task_key] = row.completion_observed_on
            if row.removed_at:
                facts.removed.add(row.task_key)
        return facts

    def _update_facts(
        self,
        connection: sa.Connection,
        source_id: int,
        tracked: dict[str, tuple[dict[str, Any], TaskStatus]],
        present: set[str],
        as_of: dt.date,
        now: dt.datetime,
    ) -> None:
        known = {
            row.task_key: row
            for row in connection.execute(
                sa.select(task_facts).where(task_facts.c.source_id == source_id)
            )
        }
        inserts, updates = [], []
        for key, (_, result) in tracked.items():
            overdue = as_of if result.status is Status.OVERDUE else None
            observed = as_of if result.completed and result.task.completed_on is None else None
            row = known.get(key)
            if row is None:
                inserts.append(
                    {
                        "source_id": source_id,
                        "task_key": key,
                        "first_seen_at": now,
                        "first_overdue_on": overdue,
                        "completion_observed_on": observed,
                        "removed_at": None,
                    }
                )
                continue
            change: dict[str, Any] = {}
            if overdue and row.first_overdue_on is None:
                change["first_overdue_on"] = overdue
            if observed and row.completion_observed_on is None:
                change["completion_observed_on"] = observed
            if row.removed_at is not None:
                change["removed_at"] = None
            if change:
                updates.append((key, change))
        for key, row in known.items():
            if key not in present and row.removed_at is None:
                updates.append((key, {"removed_at": now}))
        if inserts:
            connection.execute(sa.insert(task_facts), inserts)
        for key, change in updates:
            connection.execute(
                sa.update(task_facts)
                .where(task_facts.c.source_id == source_id, task_facts.c.task_key == key)
                .values(**change)
            )

    def _store_kpis(
        self, connection: sa.Connection, snapshot_id: int, statuses: list[TaskStatus]
    ) -> None:
        groups = group_kpis(statuses, lambda t: t.lead_current)
        rows = [
            {
                "snapshot_id": snapshot_id,
                "group_key": "-" if key is None else key,
                "counts": json.dumps(value.to_dict()["counts"]),
                "total": value.total,
                "on_time_rate": value.on_time_rate,
            }
            for key, value in groups.items()
        ]
        overall = kpi(statuses)
        rows.append(
            {
                "snapshot_id": snapshot_id,
                "group_key": "",
                "counts": json.dumps(overall.to_dict()["counts"]),
                "total": overall.total,
                "on_time_rate": overall.on_time_rate,
            }
        )
        connection.execute(sa.insert(snapshot_kpis), rows)

    def _history(
        self,
        connection: sa.Connection,
        source_id: int,
        snapshot_id: int,
        previous_id: int,
        tracked: dict[str, tuple[dict[str, Any], TaskStatus]],
    ) -> int:
        before = {
            row.task_key: (row.status, json.loads(row.payload))
            for row in connection.execute(
                sa.select(
                    snapshot_tasks.c.task_key, snapshot_tasks.c.status, snapshot_tasks.c.payload
                ).where(snapshot_tasks.c.snapshot_id == previous_id)
            )
        }
        rows = []
        for key, (payload, result) in tracked.items():
            if key not in before:
                continue
            old_status, old = before[key]
            now_values = _history_values(payload, result.status.value)
            old_values = _history_values(old, old_status)
            for name in HISTORY_FIELDS:
                if now_values[name] != old_values[name]:
                    rows.append(
                        {
                            "source_id": source_id,
                            "task_key": key,
                            "snapshot_id": snapshot_id,
                            "field": name,
                            "old": old_values[name],
                            "new": now_values[name],
                        }
                    )
        if rows:
            connection.execute(sa.insert(task_history), rows)
        return len(rows)

    # --- reading --------------------------------------------------------------------------

    def snapshots(self, key: str) -> list[SnapshotInfo]:
        with self.engine.connect() as connection:
            source_id = self._source_id(connection, key)
            if source_id is None:
                return []
            rows = connection.execute(
                sa.select(snapshots)
                .where(snapshots.c.source_id == source_id)
                .order_by(snapshots.c.taken_at, snapshots.c.id)
            )
            return [_info(row) for row in rows]

    def last_check(self, key: str) -> dt.datetime | None:
        with self.engine.connect() as connection:
            source_id = self._source_id(connection, key)
            if source_id is None:
                return None
            return _utc(
                connection.execute(
                    sa.select(sa.func.max(checks.c.checked_at)).where(
                        checks.c.source_id == source_id
                    )
                ).scalar()
            )

    def load(
        self,
        key: str,
        snapshot: int | None = None,
        on_or_before: dt.date | None = None,
        cache: dict[str, Assignment] | None = None,
        after: dt.date | None = None,
    ) -> tuple[SnapshotInfo, ParsedWorkbook] | None:
        """A snapshot as a workbook: by number, or the latest standing for a day on or before
        `on_or_before` (its as-of date), or the earliest for a day `after` one, or simply the
        latest. Loads sharing a `cache` build each distinct stored task once (consecutive
        snapshots share most of them)."""
        with self.engine.connect() as connection:
            source_id = self._source_id(connection, key)
            if source_id is None:
                return None
            query = sa.select(snapshots).where(snapshots.c.source_id == source_id)
            if snapshot is not None:
                query = query.where(snapshots.c.id == snapshot)
            elif on_or_before is not None:
                query = query.where(snapshots.c.as_of <= on_or_before)
            elif after is not None:
                query = query.where(snapshots.c.as_of > after)
            order = (snapshots.c.as_of.desc(), snapshots.c.taken_at.desc(), snapshots.c.id.desc())
            if after is not None and snapshot is None and on_or_before is None:
                order = (snapshots.c.as_of.asc(), snapshots.c.taken_at.asc(), snapshots.c.id.asc())
            row = connection.execute(query.order_by(*order).limit(1)).first()
            if row is None:
                return None
            payloads = connection.execute(
                sa.select(snapshot_tasks.c.payload)
                .where(snapshot_tasks.c.snapshot_id == row.id)
                .order_by(snapshot_tasks.c.position)
            ).scalars()
            tasks = _tasks(list(payloads), {} if cache is None else cache)
            label = connection.execute(
                sa.select(sources.c.label).where(sources.c.id == source_id)
            ).scalar_one()
            workbook = workbook_from(label, json.loads(row.extra), tasks)
            info = _info(row)
            workbook.read_at = info.read_at or info.taken_at
            return info, workbook

    def facts(self, key: str) -> Facts:
        with self.engine.connect() as connection:
            source_id = self._source_id(connection, key)
            return Facts() if source_id is None else self._facts(connection, source_id)

    def history(self, key: str, task: str) -> list[dict[str, Any]]:
        """Every recorded change of one task, oldest first."""
        with self.engine.connect() as connection:
            source_id = self._source_id(connection, key)
            if source_id is None:
                return []
            rows = connection.execute(
                sa.select(task_history, snapshots.c.taken_at)
                .join(snapshots, snapshots.c.id == task_history.c.snapshot_id)
                .where(task_history.c.source_id == source_id, task_history.c.task_key == task)
                .order_by(task_history.c.id)
            )
            return [
                {
                    "snapshot": r.snapshot_id,
                    "at": _utc(r.taken_at).isoformat(),  # type: ignore[union-attr]
                    "field": r.field,
                    "old": r.old,
                    "new": r.new,
                }
                for r in rows
            ]

    def snapshot_kpis(self, key: str) -> list[tuple[SnapshotInfo, dict[str, Any]]]:
        """The KPIs stored at each snapshot: per lead_current ("-": no lead) and overall ("")."""
        result = []
        with self.engine.connect() as connection:
            source_id = self._source_id(connection, key)
            if source_id is None:
                return []
            rows = connection.execute(
                sa.select(
                    snapshots,
                    snapshot_kpis.c.group_key,
                    snapshot_kpis.c.counts,
                    snapshot_kpis.c.total,
                    snapshot_kpis.c.on_time_rate,
                )
                .join(snapshot_kpis, snapshot_kpis.c.snapshot_id == snapshots.c.id)
                .where(snapshots.c.source_id == source_id)
                .order_by(snapshots.c.taken_at, snapshots.c.id)
            )
            current: tuple[SnapshotInfo, dict[str, Any]] | None = None
            for row in rows:
                if current is None or current[0].id != row.id:
                    current = (_info(row), {})
                    result.append(current)
                current[1][row.group_key] = {
                    "counts": json.loads(row.counts),
                    "total": row.total,
                    "on_time_rate": row.on_time_rate,
                }
        return result


def _tasks(payloads: list[str], cache: dict[str, Assignment]) -> list[Assignment]:
    unseen = list(dict.fromkeys(p for p in payloads if p not in cache))
    # One decode of all new payloads: far faster than one json.loads per task.
    for text, data in zip(unseen, json.loads("[" + ",".join(unseen) + "]"), strict=True):
        cache[text] = task_from_payload(data)
    return [cache[p] for p in payloads]


def _history_values(payload: dict[str, Any], status: str) -> dict[str, str | None]:
    get = payload.get
    deadline = get("deadline") or {}
    original = get("deadline_original")
    co = zip(get("co", []), get("co_text", []), strict=True)
    return {
        "status": status,
        "completed_on": get("completed_on"),
        "deadline": (original or deadline).get("day"),
        "deadline_revised": deadline.get("day") if original else None,
        "lead": get("lead") or get("lead_text"),
        "co": "; ".join(c or t for c, t in co) or None,
        "progress": None if get("progress") is None else f"{get('progress'):g}",
        "title": get("title"),
    }


def _info(row: Any) -> SnapshotInfo:
    taken = _utc(row.taken_at)
    assert taken is not None
    return SnapshotInfo(int(row.id), taken, _utc(row.read_at), row.as_of, int(row.task_count))


def _short(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _schema_version(connection: sa.Connection) -> int:
    if not sa.inspect(connection).has_table("schema_version"):
        return 0
    return connection.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0


def _read_only(exc: Exception) -> bool:
    text = _short(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


# What SQLite and the drivers say, as the user reads it.
_REASONS = [
    ("file is not a database", "tệp hỏng hoặc không phải cơ sở dữ liệu SQLite"),
    ("malformed", "tệp cơ sở dữ liệu bị hỏng"),
    ("unable to open", "không mở được tệp (không có quyền, hoặc thư mục không tồn tại)"),
    ("readonly", "tệp chỉ đọc"),
    ("no module named", "chưa cài trình điều khiển cho loại cơ sở dữ liệu này"),
    ("could not parse", "địa chỉ cơ sở dữ liệu không hợp lệ"),
    ("connection refused", "máy chủ cơ sở dữ liệu không trả lời"),
    ("password authentication failed", "sai tên người dùng hoặc mật khẩu"),
]


def _reason(exc: Exception) -> str:
    text = _short(exc)
    for english, vietnamese in _REASONS:
        if english in text.lower():
            return vietnamese
    return f"lỗi cơ sở dữ liệu ({type(getattr(exc, 'orig', None) or exc).__name__})"


def _where(url: str) -> str:
    """The store as the user knows it: the file, or the URL without its password."""
    if url.startswith("sqlite"):
        return url.split("///", 1)[-1] or url
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL: say nothing of it that may hold a secret
        return "(địa chỉ cơ sở dữ liệu)"


def _sqlite_setup(engine: sa.Engine) -> None:
    """WAL mode, and BEGIN IMMEDIATE so that a write transaction takes the lock at once."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        write = connection.get_execution_options().get("write")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
