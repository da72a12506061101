"""The domain model: frozen dataclasses and enums, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypedDict


class DeadlineKind(StrEnum):
    DATE = "date"
    APPROXIMATE = "approximate"
    ONGOING = "ongoing"
    ASAP = "asap"
    NONE = "none"
    UNPARSED = "unparsed"

    @property
    def dated(self) -> bool:
        return self in (DeadlineKind.DATE, DeadlineKind.APPROXIMATE)


@dataclass(frozen=True)
class Deadline:
    """What a deadline cell means: a kind and, for dated kinds, the last day still on time."""

    kind: DeadlineKind
    day: dt.date | None = None
    text: str = ""
    # Why the text was not fully understood, in Vietnamese; None when it was.
    issue: str | None = None
    # True when the text names an impossible date (e.g. 31/02/2024): an error, not a warning.
    invalid: bool = False


class Status(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    DONE_UNDATED = "done_undated"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    IN_PROGRESS = "in_progress"
    ONGOING = "ongoing"
    NO_DEADLINE = "no_deadline"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[Status, str] = {
    Status.DONE_ON_TIME: "Hoàn thành đúng hạn",
    Status.DONE_LATE: "Hoàn thành quá hạn",
    Status.DONE_UNDATED: "Hoàn thành, chưa rõ ngày",
    Status.OVERDUE: "Quá hạn",
    Status.DUE_SOON: "Sắp đến hạn",
    Status.IN_PROGRESS: "Trong hạn",
    Status.ONGOING: "Thường xuyên",
    Status.NO_DEADLINE: "Chưa xác định thời hạn",
    Status.CANCELLED: "Dừng thực hiện",
}


class AgencyKind(StrEnum):
    MINISTRY = "bộ"
    NATIONAL = "ngành"
    PROVINCE = "địa phương"
    OTHER = "khác"
    COLLECTIVE = "tập thể"


@dataclass(frozen=True)
class Agency:
    """One agency of the registry. `successor` takes over from `dissolved_on` (inclusive)."""

    code: str
    name: str
    kind: AgencyKind
    aliases: tuple[str, ...] = ()
    successor: str | None = None
    dissolved_on: dt.date | None = None
    email: str | None = None


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "lỗi" if self is Severity.ERROR else "cảnh báo"


class ProblemJSON(TypedDict):
    sheet: str
    row: int | None
    column: str | None
    severity: str
    message: str


@dataclass(frozen=True)
class Problem:
    """Something wrong in the source, located as the user sees it (1-based row, column letter)."""

    sheet: str
    row: int | None
    column: str | None
    severity: Severity
    message: str

    @property
    def cell(self) -> str:
        if self.row is None:
            return self.sheet
        return f"{self.sheet}!{self.column or ''}{self.row}"

    def to_dict(self) -> ProblemJSON:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "severity": self.severity.value,
            "message": self.message,
        }


@dataclass(frozen=True)
class Meeting:
    id: str
    sheet_row: int
    number: str | None = None
    date: dt.date | None = None
    chair: str | None = None
    location: str | None = None
    attendees: str | None = None
    summary: str | None = None


@dataclass(frozen=True)
class Contact:
    """A person who answers for an agency's tasks (tab `Đầu mối`): reminders go to them, and
    requests for explanation go in copy to its leaders."""

    sheet_row: int
    agency: str | None  # the code, None when the registry does not know the agency
    agency_text: str
    name: str | None
    email: str
    leader: bool = False


@dataclass(frozen=True)
class Assignment:
    """One task as read from an assignment tab; nothing here depends on the as-of date."""

    id: str | None
    sheet: str
    sheet_row: int
    title: str | None
    program: str | None
    meeting: str | None
    assigned_on: dt.date | None
    lead: str | None
    lead_text: str | None
    co: tuple[str | None, ...]
    co_text: tuple[str, ...]
    deadline: Deadline
    deadline_original: Deadline | None
    deadline_text: str | None
    reported_status: str | None
    progress: float | None
    completed_on: dt.date | None
    report: str | None
    source_doc: str | None
    notes: str | None
    completed_reported: bool = False
    cancelled: bool = False
    extra: dict[str, object] = field(default_factory=dict, compare=False)
    # what the agency wrote in the «Giải trình» column (its answer to a request)
    explanation: str | None = None

    @property
    def key(self) -> str:
        """How the task is followed over time: its id, or its cell when it has none."""
        return self.id if self.id is not None else f"{self.sheet}!{self.sheet_row}"


@dataclass(frozen=True)
class SentReminder:
    """One message the mail server accepted for an agency."""

    agency: str
    as_of: dt.date
    to: list[str]
    cc: list[str]
    overdue: list[str]  # task keys
    due_soon: list[str]
    explanations: list[str]  # task keys whose request went with it
    message_id: str
    sent_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


@dataclass(frozen=True)
class Request:
    """A request for explanation of one task's delay; open until answered."""

    task_key: str
    agency: str
    requested_on: dt.date
    answer_due: dt.date
    days_overdue: int
    answered_on: dt.date | None = None
    note: str | None = None

    def state(self, as_of: dt.date) -> str:
        """ "answered", "late" (past its answer date without an answer) or "open", as it
        stood on `as_of` (an answer given later had not come yet)."""
        if self.answered_on is not None and self.answered_on <= as_of:
            return "answered"
        return "late" if as_of > self.answer_due else "open"


MEETING_ID = re.compile(r"(?!.*\.\.)[\w][\w.\-]*")


def meeting_id_problem(meeting: str) -> str | None:
    """Why a meeting id given as an argument cannot be used, or None. It names the files
    written and the ids made from it, so a path in it would write outside the chosen
    folder."""
    if MEETING_ID.fullmatch(meeting):
        return None
    return (
        f"mã phiên họp «{meeting}» không hợp lệ (chỉ gồm chữ, số, «-», «_» và «.», "
        "không có «/» hay «..»)"
    )
