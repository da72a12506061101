"""What changed between two evaluations of the same source; pure."""

from __future__ import annotations

from typing import Any

from .dates import iso
from .model import Status
from .projection import TaskView

CHANGE_KINDS = (
    "new",
    "completed",
    "newly_overdue",
    "deadline_extended",
    "reassigned",
    "removed",
    "title_edited",
)
CHANGE_LABELS = {
    "new": "Nhiệm vụ mới",
    "completed": "Đã hoàn thành",
    "newly_overdue": "Mới quá hạn",
    "deadline_extended": "Được gia hạn",
    "reassigned": "Đổi cơ quan chủ trì",
    "removed": "Không còn trong bảng tính",
    "title_edited": "Sửa nội dung",
}


def _item(view: TaskView, **detail: Any) -> dict[str, Any]:
    """A changed task, selected from its projection, with what changed."""
    return {
        "id": view.id,
        "key": view.key,
        "sheet": view.sheet,
        "sheet_row": view.sheet_row,
        "title": view.title,
        "lead_current": view.lead_current,
        "status": view.status.value,
        **detail,
    }


def compare(before: list[TaskView], after: list[TaskView]) -> dict[str, list[dict[str, Any]]]:
    """Tasks new, completed, newly overdue, with a later deadline (by how many days),
    reassigned, removed from the sheet, and with an edited title, from `before` to `after`
    (each evaluated as of its own date). Tasks are matched by id (or cell, without one)."""
    old = {v.key: v for v in before}
    new = {v.key: v for v in after}
    found: dict[str, list[dict[str, Any]]] = {kind: [] for kind in CHANGE_KINDS}
    for key, now in new.items():
        then = old.get(key)
        if then is None:
            found["new"].append(_item(now))
            continue
        if now.completed and not then.completed:
            found["completed"].append(_item(now, completed_on=iso(now.completed_on)))
        if now.status is Status.OVERDUE and then.status is not Status.OVERDUE:
            found["newly_overdue"].append(_item(now, days_overdue=now.days_overdue))
        day_then, day_now = then.deadline, now.deadline
        if day_then and day_now and day_now > day_then:
            found["deadline_extended"].append(
                _item(
                    now,
                    old_deadline=iso(day_then),
                    deadline=iso(day_now),
                    days=(day_now - day_then).days,
                )
            )
        lead_then = then.lead or then.lead_text
        lead_now = now.lead or now.lead_text
        if lead_then != lead_now:
            found["reassigned"].append(
                _item(
                    now,
                    old_lead=lead_then,
                    lead=lead_now,
                    old_lead_text=then.lead_text,
                    lead_text=now.lead_text,
                )
            )
        if (then.title or "") != (now.title or ""):
            found["title_edited"].append(_item(now, old_title=then.title))
    for key, then in old.items():
        if key not in new:
            found["removed"].append(_item(then))
    return found
