"""The workbook layout (DESIGN.md §2): which tabs hold what, header matching, the meetings
and agencies tabs, and the assignment tabs read by `assignments`; pure."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .agencies import Registry
from .assignments import WHOLE, CellReader, Share, read_assignments, read_date, text_id
from .dates import local_day
from .model import Agency, AgencyKind, Assignment, Contact, Meeting, Problem, Severity
from .rows import RawWorkbook, Row
from .text import clean, column_letter, fold, header_keys, strip_diacritics
from .workdays import WorkCalendar

ASSIGNMENT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("Mã", "Mã nhiệm vụ", "ID"),
    "title": ("Nội dung nhiệm vụ", "Nhiệm vụ", "Nội dung", "Task", "Title"),
    "program": ("Đề án/Chương trình", "Chương trình", "Đề án", "Lĩnh vực", "Program"),
    "meeting": ("Phiên họp", "Cuộc họp", "Meeting"),
    "assigned_on": ("Ngày giao", "Assigned on"),
    "lead": ("Cơ quan chủ trì", "Chủ trì", "Lead", "Owner"),
    "co": ("Cơ quan phối hợp", "Phối hợp", "Co-agencies"),
    "deadline": ("Thời hạn", "Thời hạn hoàn thành", "Hạn", "Deadline"),
    "deadline_revised": ("Thời hạn điều chỉnh", "Gia hạn", "Revised deadline"),
    "status": ("Tình trạng", "Trạng thái", "Tiến độ thực hiện", "Status"),
    "progress": ("Tỷ lệ hoàn thành", "Tiến độ (%)", "Progress"),
    "completed_on": ("Ngày hoàn thành", "Completed on"),
    "report": ("Kết quả/Văn bản báo cáo", "Báo cáo", "Report"),
    "source_doc": ("Văn bản giao", "Văn bản chỉ đạo", "Source document"),
    "notes": ("Ghi chú", "Notes"),
    "explanation": ("Giải trình", "Explanation"),
    # The tracker's own column (computed statuses written back): never read as a report.
    "_tracker_status": ("Tình trạng theo dõi",),
}
REQUIRED_ASSIGNMENT_FIELDS = ("id", "title", "lead", "deadline")
MEETING_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("Mã", "Mã phiên họp", "ID"),
    "number": ("Phiên thứ", "Number"),
    "date": ("Ngày họp", "Date"),
    "chair": ("Chủ trì phiên họp", "Chủ trì", "Chair"),
    "location": ("Địa điểm", "Location"),
    "attendees": ("Thành phần", "Attendees"),
    "summary": ("Nội dung/Tóm tắt", "Nội dung", "Tóm tắt", "Summary"),
}
AGENCY_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("Mã", "Code"),
    "name": ("Tên cơ quan", "Name"),
    "aliases": ("Tên khác", "Aliases"),
    "kind": ("Loại", "Kind"),
    "email": ("Email", "Thư điện tử"),
}
CONTACT_FIELDS: dict[str, tuple[str, ...]] = {
    "agency": ("Cơ quan", "Agency"),
    "name": ("Họ và tên", "Họ tên", "Name"),
    "email": ("Email", "E-mail", "Thư điện tử"),
    "role": ("Vai trò", "Chức vụ", "Role"),
}
ASSIGNMENT_TABS = ("Nhiệm vụ", "Assignments", "Tasks")
MEETING_TABS = ("Phiên họp", "Meetings")
AGENCY_TABS = ("Cơ quan", "Agencies")
CONTACT_TABS = ("Đầu mối", "Contacts")
FIELD_LABELS = {field: names[0] for field, names in ASSIGNMENT_FIELDS.items()}

HEADER_SCAN_ROWS = 30
_MIN_HEADERS = 3


def _key_map(fields: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {
        key: name for name, headers in fields.items() for h in headers for key in header_keys(h)
    }


_ASSIGNMENT_KEYS = _key_map(ASSIGNMENT_FIELDS)
_MEETING_KEYS = _key_map(MEETING_FIELDS)
_AGENCY_KEYS = _key_map(AGENCY_FIELDS)
_CONTACT_KEYS = _key_map(CONTACT_FIELDS)


def _names(names: tuple[str, ...]) -> set[str]:
    return {key for name in names for key in header_keys(name)}


_ASSIGNMENT_TAB_KEYS = _names(ASSIGNMENT_TABS)
_MEETING_TAB_KEYS = _names(MEETING_TABS)
_AGENCY_TAB_KEYS = _names(AGENCY_TABS)
_CONTACT_TAB_KEYS = _names(CONTACT_TABS)
_TAB_KINDS = (
    (_MEETING_TAB_KEYS, "meetings"),
    (_AGENCY_TAB_KEYS, "agencies"),
    (_CONTACT_TAB_KEYS, "contacts"),
    (_ASSIGNMENT_TAB_KEYS, "assignments"),
)


def _matches(text: str, keys: set[str] | dict[str, str]) -> str | None:
    for key in header_keys(text):
        if key in keys:
            return key
    return None


@dataclass(frozen=True)
class Layout:
    """Where a tab's header row is and which field each column holds."""

    header_row: int  # 0-based index of the (last) header row
    columns: dict[str, int]  # field -> 0-based column index
    extra: dict[int, str]  # unknown columns: index -> header text, kept and ignored
    # columns of the first header row whose header repeats an earlier column's meaning:
    # index -> (field, header text); their cells are kept with the unknown columns
    repeated: dict[int, tuple[str, str]] = field(default_factory=dict)
    first_row: int = 0  # 0-based index of the first header row


def find_layout(rows: Sequence[Row], keys: dict[str, str]) -> Layout | None:
    """The first row holding at least three known headers (title rows, blank rows and merged
    cells may sit above it). When the row below adds known headers in columns this row leaves
    blank or unknown (a two-level header under a merged cell), they are taken too."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found, repeated = _header_cells(row, keys)
        if len(found) < _MIN_HEADERS:
            continue
        columns = {name: col for col, name in found.items()}
        header_row = index
        if index + 1 < len(rows):
            below, _ = _header_cells(rows[index + 1], keys)
            if below and not (set(below) & set(found)) and not (set(below.values()) & set(columns)):
                columns.update({name: col for col, name in below.items()})
                header_row = index + 1
        taken = set(columns.values())
        extra = {
            col: str(cell).strip()
            for r in rows[index : header_row + 1]
            for col, cell in enumerate(r)
            if col not in taken and clean(cell)
        }
        return Layout(header_row, columns, extra, repeated, index)
    return None


def _header_cells(
    row: Row, keys: dict[str, str]
) -> tuple[dict[int, str], dict[int, tuple[str, str]]]:
    """(column -> field) for the known headers of a row, and the columns whose header means a
    field an earlier column already holds (the first column wins)."""
    found: dict[int, str] = {}
    repeated: dict[int, tuple[str, str]] = {}
    for col, cell in enumerate(row):
        if isinstance(cell, str) and cell.strip():
            key = _matches(cell, keys)
            if key is not None:
                name = keys[key]
                if name in found.values():
                    repeated[col] = (name, cell.strip())
                else:
                    found[col] = name
    return found, repeated


@dataclass
class ParsedWorkbook:
    """Everything read from a workbook, with every problem found on the way."""

    source: str
    assignments: list[Assignment] = field(default_factory=list)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    registry: Registry = field(default_factory=Registry.builtin)
    problems: list[Problem] = field(default_factory=list)
    assignment_tabs: list[str] = field(default_factory=list)
    read_at: dt.datetime | None = None
    stale: bool = False  # an earlier read, used because the source could not be reached
    stale_reason: str | None = None
    # sheet -> field -> column letter, for problems found later (e.g. by status)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    contacts: list[Contact] = field(default_factory=list)


class _Rows:
    """Cell access for one tab with its layout, and problem reporting at the right cell."""

    def __init__(self, sheet: str, layout: Layout, problems: list[Problem]) -> None:
        self.sheet = sheet
        self.layout = layout
        self.problems = problems

    def cell(self, row: Row, field: str) -> object:
        col = self.layout.columns.get(field)
        if col is None or col >= len(row):
            return None
        return row[col]

    def report(self, row_number: int, field: str | None, severity: Severity, message: str) -> None:
        col = self.layout.columns.get(field) if field else None
        letter = column_letter(col) if col is not None else None
        self.problems.append(Problem(self.sheet, row_number, letter, severity, message))

    def data_rows(self, rows: Sequence[Row]) -> list[tuple[int, Row]]:
        """(1-based row number, row) for every non-blank row below the header."""
        return [
            (index + 1, row)
            for index, row in enumerate(rows)
            if index > self.layout.header_row and any(clean(c) for c in row)
        ]

    def date(self, row_number: int, row: Row, field: str, label: str) -> dt.date | None:
        day, notes = read_date(self.cell(row, field), label)
        for severity, message in notes:
            self.report(row_number, field, severity, message)
        return day


def tab_kind(name: str) -> str | None:
    """What a tab's name says it holds: "assignments", "meetings", "agencies", "contacts",
    or None."""
    key = _matches(name, set().union(*(keys for keys, _ in _TAB_KINDS)))
    return next((kind for keys, kind in _TAB_KINDS if key in keys), None)


def reading_order(names: Sequence[str]) -> list[str]:
    """The order in which to read tabs: meetings and agencies first (assignments need their
    dates and names), then the others as they stand."""
    first = [n for n in names if tab_kind(n) in ("meetings", "agencies")]
    return first + [n for n in names if n not in first]


_NOT_ASSIGNMENTS = Layout(-1, {}, {})


def assignment_layout(name: str, rows: Sequence[Row]) -> Layout | None:
    """The layout of a tab that holds assignments (None: it holds assignments, but no header
    row was found); `_NOT_ASSIGNMENTS` for another tab (see `unread_assignments` for one that
    looks like it holds assignments without a header row).

    A tab holds assignments when its name says so, or when its header row (the first of the
    first 30 rows with three known headers) holds at least three of the id, title, lead and
    deadline headers, whatever the tab is called; the meetings, agencies and contacts tabs
    never do."""
    kind = tab_kind(name)
    if kind == "assignments":
        return find_layout(rows, _ASSIGNMENT_KEYS)
    if kind is None:
        layout = find_layout(rows, _ASSIGNMENT_KEYS)
        if layout and sum(f in layout.columns for f in REQUIRED_ASSIGNMENT_FIELDS) >= 3:
            return layout
    return _NOT_ASSIGNMENTS


# A task id as secretariats write them: letters, then digits, maybe in parts (PH02-07,
# NV000123, TCT-2024-15, 12/TB-03 is not one).
_TASK_ID = re.compile(r"[A-Za-zĐđ]{1,8}[-_.]?\d{1,6}(?:[-_.]\d{1,6}){0,2}")


def unread_assignments(name: str, rows: Sequence[Row]) -> str | None:
    """Why a tab that is not read as an assignment tab looks like one: one of its first
    three columns holds task ids (its header row deleted, or pushed below row 30); None when
    it does not."""
    if tab_kind(name) is not None:
        return None
    for col in range(3):
        values = [str(r[col]).strip() for r in rows if col < len(r) and isinstance(r[col], str)]
        ids = [v for v in values if _TASK_ID.fullmatch(v)]
        if len(ids) >= 3 and 2 * len(ids) >= len(values):
            return f"cột {column_letter(col)} có mã nhiệm vụ như «{ids[0]}»"
    return None


def assignment_layouts(raw: RawWorkbook) -> dict[str, Layout | None]:
    """The tabs that hold assignments, with their layout (see `assignment_layout`)."""
    tabs: dict[str, Layout | None] = {}
    for name, rows in raw.tabs.items():
        layout = assignment_layout(name, rows)
        if layout is not _NOT_ASSIGNMENTS:
            tabs[name] = layout
    return tabs


def parse_workbook(
    raw: RawWorkbook,
    registry: Registry | None = None,
    calendar: WorkCalendar | None = None,
    rollover: bool = False,
) -> ParsedWorkbook:
    """Read assignments, meetings and agencies from every tab of `raw`.

    Never drops a row: a row with problems is kept and its problems listed. Tabs that are not
    recognised are ignored. Does not raise for bad data; the caller decides what a workbook
    without assignment tabs means (`ParsedWorkbook.assignment_tabs` is then empty). Tabs are
    taken in `reading_order`, each when it is needed (a source may still be reading the
    next ones).
    """
    result = parse_tabs(raw, None, registry, calendar, rollover)
    finish(result)
    return result


def parse_tabs(
    raw: RawWorkbook,
    only: Mapping[str, Share] | None,
    registry: Registry | None = None,
    calendar: WorkCalendar | None = None,
    rollover: bool = False,
) -> ParsedWorkbook:
    """`parse_workbook` of the meetings, agencies and, of the other tabs, those in `only`
    (None: all), each for its share of tasks, without the checks across tabs (`finish`):
    parts of one workbook read apart are put together with `merge`. The part of a tab that
    starts it holds the tab's own problems (its header, far cells) and its place in
    `assignment_tabs`."""
    result = ParsedWorkbook(
        raw.source,
        registry=registry or Registry.builtin(),
        read_at=raw.read_at,
        stale=raw.stale,
        stale_reason=raw.stale_reason,
    )
    calendar = calendar or WorkCalendar()
    names = list(raw.tabs)
    for name in names:
        kind = tab_kind(name)
        if kind == "meetings":
            _read_meetings(name, _tab(raw, name, result), result)
        elif kind == "agencies":
            _read_agencies(name, _tab(raw, name, result), result)
    for name in names:  # after the agencies: a contact names one
        if tab_kind(name) == "contacts":
            _read_contacts(name, _tab(raw, name, result), result)
    # Meetings and agencies first: assignments need their dates and names.
    read = CellReader(result.registry, result.meetings, calendar, rollover)
    for name in names:
        if tab_kind(name) in ("meetings", "agencies", "contacts"):
            continue
        share = WHOLE if only is None else only.get(name)
        if share is None:
            continue
        starts = share[0] == 0.0
        rows = _tab(raw, name, result) if starts else raw.tabs[name]
        layout = assignment_layout(name, rows)
        if layout is not _NOT_ASSIGNMENTS:
            if starts:
                result.assignment_tabs.append(name)
            _read_assignments(name, rows, layout, result, read, share)
        elif starts and (looks := unread_assignments(name, rows)) is not None:
            _tab_problem(
                result,
                name,
                f"trang có vẻ là trang nhiệm vụ ({looks}) nhưng không tìm thấy dòng tiêu đề "
                f"trong {HEADER_SCAN_ROWS} dòng đầu (cần các cột Mã, Nội dung nhiệm vụ, Cơ "
                "quan chủ trì, Thời hạn); các dòng của trang này chưa được đọc",
            )
    return result


@dataclass(frozen=True)
class Part:
    """What a `parse_tabs` of some tabs found in them (to send between processes)."""

    assignments: list[Assignment]
    problems: list[Problem]  # those of its assignment tabs
    assignment_tabs: list[str]
    columns: dict[str, dict[str, str]]


def merge(result: ParsedWorkbook, part: Part) -> None:
    """Add to `result` a part read from later tabs of the same workbook."""
    result.assignments += part.assignments
    result.problems += part.problems
    result.assignment_tabs += part.assignment_tabs
    result.columns.update(part.columns)


def finish(result: ParsedWorkbook) -> None:
    """The checks across tabs (ids are unique across all assignment tabs)."""
    _flag_duplicate_ids(result)


def _tab(raw: RawWorkbook, name: str, result: ParsedWorkbook) -> list[Row]:
    """A tab's rows, with the lines about what its reading left out."""
    rows = raw.tabs[name]
    result.problems += raw.problems.get(name, [])
    return rows


def _tab_problem(result: ParsedWorkbook, sheet: str, message: str) -> None:
    result.problems.append(Problem(sheet, None, None, Severity.ERROR, message))


def _read_meetings(sheet: str, rows: list[Row], result: ParsedWorkbook) -> None:
    layout = find_layout(rows, _MEETING_KEYS)
    if layout is None or "id" not in layout.columns:
        _tab_problem(result, sheet, "không tìm thấy dòng tiêu đề có cột Mã phiên họp")
        return
    tab = _Rows(sheet, layout, result.problems)
    for number, row in tab.data_rows(rows):
        meeting_id = text_id(tab.cell(row, "id"))
        if meeting_id is None:
            tab.report(number, "id", Severity.ERROR, "thiếu mã phiên họp")
            continue
        if meeting_id in result.meetings:
            tab.report(number, "id", Severity.ERROR, f"mã phiên họp «{meeting_id}» bị trùng")
            continue
        result.meetings[meeting_id] = Meeting(
            id=meeting_id,
            sheet_row=number,
            number=text_id(tab.cell(row, "number")),
            date=tab.date(number, row, "date", "Ngày họp"),
            chair=clean(tab.cell(row, "chair")),
            location=clean(tab.cell(row, "location")),
            attendees=clean(tab.cell(row, "attendees")),
            summary=clean(tab.cell(row, "summary")),
        )


_KINDS = {fold(k.value): k for k in AgencyKind} | {fold("tỉnh"): AgencyKind.PROVINCE}


def _read_agencies(sheet: str, rows: list[Row], result: ParsedWorkbook) -> None:
    layout = find_layout(rows, _AGENCY_KEYS)
    if layout is None or "code" not in layout.columns or "name" not in layout.columns:
        _tab_problem(result, sheet, "không tìm thấy dòng tiêu đề có các cột Mã và Tên cơ quan")
        return
    tab = _Rows(sheet, layout, result.problems)
    added: list[Agency] = []
    for number, row in tab.data_rows(rows):
        code, name = text_id(tab.cell(row, "code")), clean(tab.cell(row, "name"))
        if code is None or name is None:
            missing = "code" if code is None else "name"
            tab.report(number, missing, Severity.ERROR, "thiếu mã hoặc tên cơ quan")
            continue
        kind_text = clean(tab.cell(row, "kind"))
        kind = _KINDS.get(fold(kind_text)) if kind_text else AgencyKind.OTHER
        if kind is None:
            tab.report(
                number,
                "kind",
                Severity.WARNING,
                f"loại cơ quan «{kind_text}» không rõ (bộ, ngành, địa phương, khác); coi là «khác»",
            )
            kind = AgencyKind.OTHER
        aliases = tuple(a.strip() for a in (clean(tab.cell(row, "aliases")) or "").split(";"))
        added.append(
            Agency(
                code=code,
                name=name,
                kind=kind,
                aliases=tuple(a for a in aliases if a),
                email=clean(tab.cell(row, "email")),
            )
        )
    if added:
        result.registry = result.registry.with_overrides(added)


EMAIL = re.compile(r"[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\".]{2,}")
LEADER_ROLES = {"lanh dao", "leader"}  # compared without diacritics: `Lãnh đạo`, `lanh dao`


def _read_contacts(sheet: str, rows: list[Row], result: ParsedWorkbook) -> None:
    layout = find_layout(rows, _CONTACT_KEYS)
    if layout is None or not {"agency", "email"} <= set(layout.columns):
        _tab_problem(
            result,
            sheet,
            "không tìm thấy dòng tiêu đề có các cột Cơ quan và Email (Họ và tên, Vai trò nếu có)",
        )
        return
    tab = _Rows(sheet, layout, result.problems)
    registry = result.registry
    seen: dict[tuple[str, str], int] = {}
    for number, row in tab.data_rows(rows):
        agency_text = clean(tab.cell(row, "agency"))
        email = clean(tab.cell(row, "email"))
        name = clean(tab.cell(row, "name"))
        if agency_text is None:
            tab.report(number, "agency", Severity.ERROR, "thiếu tên cơ quan")
            continue
        if email is None:
            tab.report(number, "email", Severity.ERROR, "thiếu địa chỉ email")
            continue
        if not EMAIL.fullmatch(email):
            tab.report(number, "email", Severity.ERROR, f"địa chỉ email «{email}» không hợp lệ")
            continue
        code = registry.resolve(agency_text)
        if code is None:
            tab.report(number, "agency", Severity.WARNING, f"không nhận ra cơ quan «{agency_text}»")
        key = (code or agency_text.casefold(), email.casefold())
        if key in seen:
            tab.report(
                number, "email", Severity.WARNING, f"trùng với dòng {seen[key]}; chỉ gửi một lần"
            )
            continue
        seen[key] = number
        role = clean(tab.cell(row, "role"))
        leader = role is not None and strip_diacritics(fold(role)) in LEADER_ROLES
        result.contacts.append(Contact(number, code, agency_text, name, email, leader))


def _layout_problems(sheet: str, layout: Layout | None) -> list[Problem]:
    """What is wrong with an assignment tab's header: none found, a required column
    missing, a column that repeats another."""
    if layout is None:
        message = (
            "không tìm thấy dòng tiêu đề (cần ít nhất ba cột như Mã, Nội dung nhiệm vụ, "
            "Cơ quan chủ trì, Thời hạn)"
        )
        return [Problem(sheet, None, None, Severity.ERROR, message)]
    problems = [
        Problem(
            sheet,
            None,
            None,
            Severity.ERROR,
            f"thiếu cột bắt buộc «{FIELD_LABELS[required]}» (dòng tiêu đề là dòng "
            f"{layout.first_row + 1})",
        )
        for required in REQUIRED_ASSIGNMENT_FIELDS
        if required not in layout.columns
    ]
    for col, (name, header) in layout.repeated.items():
        first = column_letter(layout.columns[name])
        message = f"cột «{header}» trùng nghĩa với cột {first}; chỉ đọc cột {first}"
        problems.append(
            Problem(sheet, layout.first_row + 1, column_letter(col), Severity.WARNING, message)
        )
    return problems


def _read_assignments(
    sheet: str,
    rows: list[Row],
    layout: Layout | None,
    result: ParsedWorkbook,
    read: CellReader,
    share: Share = WHOLE,
) -> None:
    if share[0] == 0.0:  # the tab's own problems, said by the part of it that starts it
        result.problems += _layout_problems(sheet, layout)
    if layout is None:
        return
    result.columns[sheet] = {f: column_letter(c) for f, c in layout.columns.items()}
    read_on = local_day(result.read_at) if result.read_at else None
    tasks, problems = read_assignments(
        sheet, rows, layout.columns, layout.extra, layout.header_row, read, read_on, share
    )
    result.assignments += tasks
    result.problems += problems


def _flag_duplicate_ids(result: ParsedWorkbook) -> None:
    result.problems += duplicate_ids(
        ((a.id, a.sheet, a.sheet_row) for a in result.assignments), result.columns
    )


def duplicate_ids(
    tasks: Iterable[tuple[str | None, str, int]], columns: Mapping[str, Mapping[str, str]]
) -> list[Problem]:
    """An error for each task whose id another task also has, across every assignment tab;
    `tasks`: (id, sheet, row) in sheet order, `columns`: sheet -> field -> column letter."""
    rows: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for task_id, sheet, row in tasks:
        if task_id is not None:
            rows[task_id].append((sheet, row))
    problems: list[Problem] = []
    for task_id, same in rows.items():
        if len(same) < 2:
            continue
        for index, (sheet, row) in enumerate(same):
            others = ", ".join(f"{s}!{r}" for j, (s, r) in enumerate(same) if j != index)
            problems.append(
                Problem(
                    sheet,
                    row,
                    columns[sheet].get("id"),
                    Severity.ERROR,
                    f"mã nhiệm vụ «{task_id}» bị trùng với dòng {others}",
                )
            )
    return problems
