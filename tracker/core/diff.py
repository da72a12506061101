"""What changed between two evaluations of the same source; pure."""

from __future__ import annotations

from typing import NotRequired, TypedDict

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


class ChangeItem(TypedDict):
    """A changed task, selected from its projection, with what changed (by kind)."""

    id: str | None
    key: str
    sheet: str
    sheet_row: int
    title: str | None
    lead_current: str | None
    status: str
    completed_on: NotRequired[str | None]  # completed
    days_overdue: NotRequired[int | None]  # newly_overdue
    old_deadline: NotRequired[str | None]  # deadline_extended
    deadline: NotRequired[str | None]
    days: NotRequired[int]
    old_lead: NotRequired[str | None]  # reassigned
    lead: NotRequired[str | None]
    old_lead_text: NotRequired[str | None]
    lead_text: NotRequired[str | None]
    old_lead_name: NotRequired[str | None]  # each as the registry names it (as written
    lead_name: NotRequired[str | None]  # for an agency it does not know)
    old_title: NotRequired[str | None]  # title_edited


def _item(view: TaskView) -> ChangeItem:
    return {
        "id": view.id,
        "key": view.key,
        "sheet": view.sheet,
        "sheet_row": view.sheet_row,
        "title": view.title,
        "lead_current": view.lead_current,
        "status": view.status.value,
    }


def compare(before: list[TaskView], after: list[TaskView]) -> dict[str, list[ChangeItem]]:
    """Tasks new, completed, newly overdue, with a later deadline (by how many days),
    reassigned, removed from the sheet, and with an edited title, from `before` to `after`
    (each evaluated as of its own date). Tasks are matched by id (or cell, without one)."""
    old = {v.key: v for v in before}
    new = {v.key: v for v in after}
    found: dict[str, list[ChangeItem]] = {kind: [] for kind in CHANGE_KINDS}
    for key, now in new.items():
        then = old.get(key)
        if then is None:
            found["new"].append(_item(now))
            continue
        if now.completed and not then.completed:
            item = _item(now)
            item["completed_on"] = iso(now.completed_on)
            found["completed"].append(item)
        if now.status is Status.OVERDUE and then.status is not Status.OVERDUE:
            item = _item(now)
            item["days_overdue"] = now.days_overdue
            found["newly_overdue"].append(item)
        day_then, day_now = then.deadline, now.deadline
        if day_then and day_now and day_now > day_then:
            item = _item(now)
            item["old_deadline"] = iso(day_then)
            item["deadline"] = iso(day_now)
            item["days"] = (day_now - day_then).days
            found["deadline_extended"].append(item)
        lead_then = then.lead or then.lead_text
        lead_now = now.lead or now.lead_text
        if lead_then != lead_now:
            item = _item(now)
            item["old_lead"] = lead_then
            item["lead"] = lead_now
            item["old_lead_text"] = then.lead_text
            item["lead_text"] = now.lead_text
            item["old_lead_name"] = then.lead_name
            item["lead_name"] = now.lead_name
            found["reassigned"].append(item)
        if (then.title or "") != (now.title or ""):
            item = _item(now)
            item["old_title"] = then.title
            found["title_edited"].append(item)
    for key, then in old.items():
        if key not in new:
            found["removed"].append(_item(then))
    return found
