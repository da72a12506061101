"""Meeting records: what the secretariat writes after a session (a YAML file beside the
`Phiên họp` row), validated with the same agency resolution and deadline grammar as the
workbook. The format is documented in README.md; `tracker/data/meetings/` holds examples for
the sample workbook's sessions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..core.agencies import Resolved
from ..core.dates import InvalidDate, parse_date_cell
from ..core.deadlines import parse_deadline
from ..core.errors import TrackerError, os_reason
from ..core.model import Deadline, DeadlineKind, Meeting
from ..core.workbook import ParsedWorkbook


class RecordInvalid(TrackerError):
    """The meeting record cannot be rendered: the message names the task or field."""

    exit_code = 1


@dataclass(frozen=True)
class RecordTask:
    number: int  # 1-based, as listed in the record
    title: str
    program: str | None
    lead: Resolved
    co: tuple[Resolved, ...]
    deadline: Deadline


@dataclass(frozen=True)
class MeetingRecord:
    meeting: Meeting
    session_number: str
    notice_number: str
    notice_date: dt.date
    issuer: str
    place: str
    signer_title: str
    signer: str
    recipients: tuple[str, ...]
    chair: str
    secretary: str
    attendees: tuple[str, ...]
    agenda: tuple[str, ...]
    proceedings: tuple[str, ...]
    results: tuple[str, ...]
    shortcomings: tuple[str, ...]
    conclusions: tuple[str, ...]
    tasks: tuple[RecordTask, ...]

    @property
    def source_doc(self) -> str:
        """How new tasks name the notice that assigned them."""
        return f"{self.notice_number} ngày {self.notice_date:%d/%m/%Y}"


def record_path(meeting: str, source_path: Path | None, explicit: Path | None) -> Path:
    """The record file: --record, else `<meeting>.yaml` beside a local workbook, else the
    example shipped for the sample workbook."""
    if explicit is not None:
        return explicit
    if source_path is not None:
        beside = source_path.parent / f"{meeting}.yaml"
        if beside.exists():
            return beside
    example = (
        resources.files("tracker.sources.data").joinpath("meetings").joinpath(f"{meeting}.yaml")
    )
    if example.is_file():
        return Path(str(example))
    raise RecordInvalid(
        f"Không tìm thấy biên bản phiên họp {meeting}: cần tệp {meeting}.yaml cạnh bảng tính "
        "hoặc --record TỆP"
    )


def _texts(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise RecordInvalid(f"Mục «{key}» của biên bản phải là một danh sách")
    return tuple(str(v).strip() for v in value if str(v).strip())


def load_record(path: Path, meeting_id: str, workbook: ParsedWorkbook) -> MeetingRecord:
    """Read and validate a record. Raises RecordInvalid with one line naming what is wrong:
    an unknown meeting, a task whose agency is unknown or whose deadline is not understood."""
    import yaml

    class Loader(yaml.SafeLoader):  # type: ignore[misc]
        """YAML whose dates stay text: the tracker's own reading checks them and names the
        field of an impossible one (PyYAML raises a bare ValueError for 2026-02-30)."""

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader) or {}  # a SafeLoader
    except OSError as exc:
        raise RecordInvalid(f"Không đọc được biên bản {path}: {os_reason(exc)}") from None
    except UnicodeDecodeError:
        raise RecordInvalid(
            f"Biên bản {path} không phải văn bản UTF-8 (hãy lưu lại dưới dạng UTF-8)"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" ở dòng {mark.line + 1}, cột {mark.column + 1}" if mark else ""
        raise RecordInvalid(f"Biên bản {path} sai cú pháp YAML{where}") from None
    if not isinstance(data, dict):
        raise RecordInvalid(f"Biên bản {path} không đúng định dạng")
    for key, kind, label in (
        ("notice", dict, "một mục có các trường con"),
        ("assessments", dict, "một mục có các trường con"),
        ("tasks", list, "một danh sách"),
    ):
        if data.get(key) is not None and not isinstance(data[key], kind):
            raise RecordInvalid(f"Mục «{key}» của biên bản {path} phải là {label}")
    if str(data.get("meeting", meeting_id)) != meeting_id:
        raise RecordInvalid(f"Biên bản {path} là của phiên họp «{data.get('meeting')}»")
    meeting = workbook.meetings.get(meeting_id)
    if meeting is None or meeting.date is None:
        raise RecordInvalid(
            f"Phiên họp «{meeting_id}» không có (hoặc thiếu ngày họp) trong trang Phiên họp"
        )
    notice = data.get("notice") or {}
    try:
        notice_date = parse_date_cell(notice.get("date")) or meeting.date + dt.timedelta(days=2)
    except InvalidDate:
        raise RecordInvalid(
            f"Ngày ban hành thông báo «{notice.get('date')}» không hợp lệ"
        ) from None
    registry = workbook.registry
    tasks = []
    for number, item in enumerate(data.get("tasks") or [], start=1):
        if not isinstance(item, dict):
            raise RecordInvalid(
                f"Nhiệm vụ {number} của biên bản phải có các trường title, lead, co, deadline"
            )
        title = str(item.get("title") or "").strip()
        where = f"Nhiệm vụ {number} («{title[:60]}»)"
        if not title:
            raise RecordInvalid(f"Nhiệm vụ {number}: thiếu nội dung")
        leads = registry.split(str(item.get("lead") or ""))
        if not leads:
            raise RecordInvalid(f"{where}: thiếu cơ quan chủ trì")
        co = registry.split(str(item.get("co") or ""))
        for named in (*leads, *co):
            if named.code is None:
                raise RecordInvalid(f"{where}: không nhận ra cơ quan «{named.text}»")
        deadline = parse_deadline(item.get("deadline"), meeting.date)
        if deadline.kind in (DeadlineKind.UNPARSED, DeadlineKind.NONE):
            raise RecordInvalid(f"{where}: {deadline.issue}")
        tasks.append(
            RecordTask(number, title, item.get("program"), leads[0], (*leads[1:], *co), deadline)
        )
    return MeetingRecord(
        meeting=meeting,
        session_number=str(data.get("session_number") or meeting.number or ""),
        notice_number=str(notice.get("number") or "…/TB-VPCP"),
        notice_date=notice_date,
        issuer=str(notice.get("issuer") or "Văn phòng Chính phủ"),
        place=str(notice.get("place") or "Hà Nội"),
        signer_title=str(notice.get("signer_title") or ""),
        signer=str(notice.get("signer") or ""),
        recipients=_texts(notice, "recipients"),
        chair=str(data.get("chair") or meeting.chair or ""),
        secretary=str(data.get("secretary") or ""),
        attendees=_texts(data, "attendees") or ((meeting.attendees,) if meeting.attendees else ()),
        agenda=_texts(data, "agenda"),
        proceedings=_texts(data, "proceedings"),
        results=_texts(data.get("assessments") or {}, "results"),
        shortcomings=_texts(data.get("assessments") or {}, "shortcomings"),
        conclusions=_texts(data, "conclusions"),
        tasks=tuple(tasks),
    )
