"""Reminders sent and requests for explanation, kept in the history store beside the
snapshots of the same source (tables `reminders` and `explanations`)."""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from ..core.errors import TrackerError
from ..core.model import Request, SentReminder
from .snapshots import Store, explanations, reminders


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def last_reminders(store: Store, key: str) -> dict[str, SentReminder]:
    """The latest message sent to each agency of a source."""
    with store.engine.connect() as connection:
        source_id = store._source_id(connection, key)
        if source_id is None:
            return {}
        rows = connection.execute(
            sa.select(reminders)
            .where(reminders.c.source_id == source_id)
            .order_by(reminders.c.sent_at, reminders.c.id)
        ).all()
    found: dict[str, SentReminder] = {}
    for row in rows:
        people, tasks = json.loads(row.recipients), json.loads(row.tasks)
        found[row.agency] = SentReminder(
            row.agency,
            row.as_of,
            people["to"],
            people["cc"],
            tasks["overdue"],
            tasks["due_soon"],
            tasks["explanations"],
            row.message_id,
            _utc(row.sent_at),
        )
    return found


def record_reminder(
    store: Store, key: str, label: str, sent: SentReminder, requests: list[Request]
) -> None:
    """Record a message the server accepted, and the requests it carried, in one commit."""
    with store._write(key, label, sent.sent_at) as (connection, source_id):
        inserted = connection.execute(
            sa.insert(reminders).values(
                source_id=source_id,
                agency=sent.agency,
                as_of=sent.as_of,
                sent_at=sent.sent_at,
                recipients=json.dumps({"to": sent.to, "cc": sent.cc}, ensure_ascii=False),
                tasks=json.dumps(
                    {
                        "overdue": sent.overdue,
                        "due_soon": sent.due_soon,
                        "explanations": sent.explanations,
                    },
                    ensure_ascii=False,
                ),
                message_id=sent.message_id,
            )
        ).inserted_primary_key
        assert inserted is not None
        reminder_id = inserted[0]
        for request in requests:
            connection.execute(
                sa.insert(explanations).values(
                    source_id=source_id,
                    task_key=request.task_key,
                    agency=request.agency,
                    requested_on=request.requested_on,
                    answer_due=request.answer_due,
                    days_overdue=request.days_overdue,
                    reminder_id=reminder_id,
                )
            )


def requests(store: Store, key: str) -> list[Request]:
    """Every request of a source, oldest first."""
    with store.engine.connect() as connection:
        source_id = store._source_id(connection, key)
        if source_id is None:
            return []
        rows = connection.execute(
            sa.select(explanations)
            .where(explanations.c.source_id == source_id)
            .order_by(explanations.c.requested_on, explanations.c.id)
        ).all()
    return [
        Request(
            row.task_key,
            row.agency,
            row.requested_on,
            row.answer_due,
            row.days_overdue,
            row.answered_on,
            row.note,
        )
        for row in rows
    ]


def answer(
    store: Store, key: str, label: str, task_key: str, day: dt.date, note: str | None
) -> Request | None:
    """Mark the open request of a task answered on `day`; None when it has none."""
    with store._write(key, label, dt.datetime.now(dt.UTC)) as (connection, source_id):
        row = connection.execute(
            sa.select(explanations.c.id, explanations.c.requested_on)
            .where(
                explanations.c.source_id == source_id,
                explanations.c.task_key == task_key,
                explanations.c.answered_on.is_(None),
            )
            .order_by(explanations.c.id.desc())
        ).first()
        if row is None:
            return None
        if day < row.requested_on:
            raise TrackerError(
                f"ngày trả lời {day:%d/%m/%Y} trước ngày đề nghị giải trình "
                f"{row.requested_on:%d/%m/%Y} của nhiệm vụ «{task_key}»"
            )
        connection.execute(
            sa.update(explanations)
            .where(explanations.c.id == row.id)
            .values(answered_on=day, note=note)
        )
    return next(r for r in reversed(requests(store, key)) if r.task_key == task_key)
