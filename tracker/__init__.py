"""Task-force tracker: what the task force decided, who must do it, by when, and what is late."""

from .agencies import Registry
from .api import (
    Evaluation,
    check_report,
    evaluate,
    kpi_report,
    load,
    overdue_report,
    status_report,
    today,
)
from .config import Settings, load_settings
from .deadlines import parse_deadline
from .errors import BadArgument, NoAssignmentTab, SourceUnavailable, TrackerError
from .model import Agency, Assignment, Deadline, DeadlineKind, Meeting, Problem, Severity, Status
from .status import TaskStatus, compute_statuses, kpi
from .workbook import ParsedWorkbook, parse_workbook

__all__ = [
    "Agency",
    "Assignment",
    "BadArgument",
    "Deadline",
    "DeadlineKind",
    "Evaluation",
    "Meeting",
    "NoAssignmentTab",
    "ParsedWorkbook",
    "Problem",
    "Registry",
    "Settings",
    "Severity",
    "SourceUnavailable",
    "Status",
    "TaskStatus",
    "TrackerError",
    "check_report",
    "compute_statuses",
    "evaluate",
    "kpi",
    "kpi_report",
    "load",
    "load_settings",
    "overdue_report",
    "parse_deadline",
    "parse_workbook",
    "status_report",
    "today",
]
