"""Readable text tables with Vietnamese labels, built from the JSON-shaped reports."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TextIO, cast

from ..core.diff import ChangeItem
from ..core.model import STATUS_LABELS, ProblemJSON, Severity, Status
from ..core.projection import AssignmentJSON, rate_text
from ..core.status import KpiJSON
from ..reports.chase import STATE_LABELS, ExplanationsReport, RemindReport
from ..reports.history import ChangesReport, SyncReport
from ..reports.tasks import CheckReport, KpiGroup, KpiReport, OverdueReport, StatusReport

if TYPE_CHECKING:  # these load the Google Sheets client and the notice reader: types only
    from ..reports.import_notice import ImportReport, NoticeJSON
    from .push import PushReport

Cell = str | int | float | None

SEVERITY_LABELS = {s.value: s.label for s in Severity}


def _vn_date(iso: str | None) -> str:
    if not iso:
        return ""
    return f"{dt.date.fromisoformat(str(iso)):%d/%m/%Y}"


def _cut(value: str | None, width: int) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def problem_line(problem: ProblemJSON) -> str:
    """`Tab!F12 [lỗi] message`."""
    where = problem["sheet"]
    if problem["row"] is not None:
        where = f"{where}!{problem['column'] or ''}{problem['row']}"
    return f"{where} [{SEVERITY_LABELS[problem['severity']]}] {problem['message']}"


def check_text(report: CheckReport) -> str:
    lines = [problem_line(p) for p in report["problems"]]
    lines.append(
        f"Nguồn {report['source']}: {report['errors']} lỗi, {report['warnings']} cảnh báo."
    )
    return "\n".join(lines)


def _task_row(task: AssignmentJSON) -> list[Cell]:
    return [
        task["id"] or "",
        _cut(task["lead_current_name"], 24),
        _cut(task["deadline_text"] or "", 24),
        _vn_date(task["deadline"]),
        task["status_label"],
        "" if task["days_overdue"] is None else task["days_overdue"],
        _cut(task["title"], 60),
    ]


_TASK_HEADERS = ["Mã", "Chủ trì", "Thời hạn (ghi)", "Hạn", "Tình trạng", "Quá hạn", "Nội dung"]


def status_text(report: StatusReport) -> str:
    tasks = report["assignments"]
    head = f"Tình hình thực hiện nhiệm vụ đến ngày {_vn_date(report['as_of'])} ({report['source']})"
    errors = sum(p["severity"] == "error" for p in report["problems"])
    tail = (
        f"{len(tasks)} nhiệm vụ; {errors} lỗi, {len(report['problems']) - errors} cảnh báo dữ liệu"
    )
    tail += " (xem `tracker check`)." if report["problems"] else "."
    return "\n".join([head, "", table(_TASK_HEADERS, [_task_row(t) for t in tasks]), "", tail])


def overdue_text(report: OverdueReport) -> str:
    lines = [f"Nhiệm vụ quá hạn đến ngày {_vn_date(report['as_of'])} ({report['source']})"]
    if not report["groups"]:
        lines.append("Không có nhiệm vụ quá hạn.")
    for group in report["groups"]:
        code = group["lead_current"]
        lines += [
            "",
            f"{group['name']}"
            + (f" [{code}]" if code else "")
            + f": {len(group['tasks'])} nhiệm vụ",
        ]
        rows = [
            [
                t["id"] or "",
                t["days_overdue"],
                _cut(t["deadline_text"], 28),
                _cut(", ".join(t["co_text"]), 30),
                _cut("chuyển từ " + (t["lead_name"] or ""), 30)
                if t["lead"] != t["lead_current"]
                else "",
                _cut(t["title"], 60),
            ]
            for t in group["tasks"]
        ]
        lines.append(
            table(["Mã", "Số ngày quá hạn", "Thời hạn", "Phối hợp", "Kế thừa", "Nội dung"], rows)
        )
    return "\n".join(lines)


_SHORT = {
    Status.DONE_ON_TIME: "Đúng hạn",
    Status.DONE_LATE: "Trễ hạn",
    Status.DONE_UNDATED: "HT chưa rõ ngày",
    Status.OVERDUE: "Quá hạn",
    Status.DUE_SOON: "Sắp đến hạn",
    Status.IN_PROGRESS: "Trong hạn",
    Status.ONGOING: "Thường xuyên",
    Status.NO_DEADLINE: "Chưa có hạn",
    Status.CANCELLED: "Dừng",
}


def kpi_text(report: KpiReport) -> str:
    by = {"lead": "cơ quan chủ trì", "program": "đề án/chương trình", "meeting": "phiên họp"}
    headers = ["Nhóm", *(_SHORT[s] for s in Status), "Tổng", "Tỷ lệ đúng hạn"]

    def row(name: str, value: KpiGroup | KpiJSON) -> list[Cell]:
        counts = value["counts"]
        return [
            _cut(name, 40),
            *(counts[s.value] for s in Status),
            value["total"],
            rate_text(value["on_time_rate"]),
        ]

    rows = [row(g["name"], g) for g in report["groups"]]
    rows.append(row("TỔNG CỘNG", report["overall"]))
    title = (
        f"Chỉ số theo {by[report['by']]} đến ngày {_vn_date(report['as_of'])} ({report['source']})"
    )
    legend = (
        f"Tỷ lệ đúng hạn = {STATUS_LABELS[Status.DONE_ON_TIME]} / (hoàn thành đúng hạn "
        "+ hoàn thành quá hạn + quá hạn); nhiệm vụ dừng thực hiện không tính."
    )
    return "\n".join([title, "", table(headers, rows), "", legend])


def push_text(report: PushReport) -> str:
    dry = report["dry_run"]
    lines: list[str] = []
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    if errors:
        lines += [problem_line(p) for p in report["problems"]]
        lines.append(f"Tệp nguồn có {len(errors)} lỗi: không ghi gì vào bảng tính.")
        return "\n".join(lines)
    for change in report["changes"]:
        where = f"{change['sheet']}!{change['column']}{change['row']}"
        old = f"«{change['old']}» → " if change["old"] else ""
        lines.append(f"{where} {old}«{change['new']}»")
    for conflict in report["conflicts"]:
        where = conflict["sheet"]
        if conflict["row"] is not None:
            where += f"!{conflict['column'] or ''}{conflict['row']}"
        lines.append(f"{where} [xung đột] {conflict['message']}")
    lines += report["notes"]
    verb = "Sẽ ghi (chạy thử, chưa ghi gì)" if dry else "Đã ghi"
    summary = f"{verb} {len(report['changes'])} ô"
    if report["appended"]:
        summary += f" ({len(report['appended'])} nhiệm vụ mới)"
    summary += f"; {len(report['conflicts'])} xung đột được để nguyên."
    lines.append(summary)
    return "\n".join(lines)


def sync_text(report: SyncReport) -> str:
    if report["created"]:
        text = f"Đã lưu ảnh chụp số {report['snapshot']} ({report['tasks']} nhiệm vụ)"
        if report["previous"]:
            text += (
                f"; {report['history_changes']} thay đổi so với ảnh chụp số {report['previous']}"
            )
        return text + "."
    return f"Nội dung không đổi từ ảnh chụp số {report['snapshot']}; đã ghi nhận lần kiểm tra."


def changes_text(report: ChangesReport) -> str:
    from ..core.diff import CHANGE_KINDS, CHANGE_LABELS

    since = report["since"]
    if since["kind"] == "snapshot":
        mark = f"ảnh chụp số {since['snapshot']}"
    else:
        label = "phiên họp gần nhất, " if since["kind"] == "last-meeting" else ""
        mark = f"{label}ngày {_vn_date(since['date'])}"
    lines = [f"Thay đổi từ {mark} đến ngày {_vn_date(report['as_of'])} ({report['source']})"]
    if report.get("message"):
        lines.append(report["message"])
        if report.get("baseline") is None:
            return "\n".join(lines)
    by_kind = cast(dict[str, list[ChangeItem]], report)
    for kind in CHANGE_KINDS:
        items = by_kind[kind]
        lines += ["", f"{CHANGE_LABELS[kind]}: {len(items)}"]
        for item in items:
            detail = ""
            if kind == "deadline_extended":
                detail = (
                    f" ({_vn_date(item['old_deadline'])} → {_vn_date(item['deadline'])}, "
                    f"+{item['days']} ngày)"
                )
            elif kind == "reassigned":
                detail = f" ({item.get('old_lead_name')} → {item.get('lead_name')})"
            elif kind == "newly_overdue":
                detail = f" (quá hạn {item['days_overdue']} ngày)"
            elif kind == "title_edited":
                detail = f" (trước: «{_cut(item['old_title'], 50)}»)"
            lines.append(f"  {item['id'] or item['key']}  {_cut(item['title'], 60)}{detail}")
    return "\n".join(lines)


def _who(entry: Mapping[str, object]) -> str:
    name, code = str(entry["name"]), str(entry["agency"])
    return code if name == code else f"{name} [{code}]"


def remind_text(report: RemindReport) -> str:
    dry = report["dry_run"]
    verb = "Sẽ gửi" if dry else "Đã gửi"
    lines = [
        f"Nhắc việc đến ngày {_vn_date(report['as_of'])} ({report['source']})"
        + (" — chạy thử, chưa gửi thư nào (thêm --send để gửi)" if dry else "")
    ]
    for sent in report["sent"]:
        parts = [f"{len(sent['overdue'])} quá hạn", f"{len(sent['due_soon'])} sắp đến hạn"]
        if sent["explanations"]:
            parts.append(f"đề nghị giải trình {len(sent['explanations'])}")
        cc = f"; đồng gửi {', '.join(sent['cc'])}" if sent["cc"] else ""
        lines.append(f"  {verb} {_who(sent)}: {', '.join(sent['to'])}{cc} ({'; '.join(parts)})")
    for held in report["held"]:
        lines.append(
            f"  Chưa nhắc lại {_who(held)}: đã nhắc gần đây, không có gì mới "
            f"(đến ngày {_vn_date(held['until'])})"
        )
    for skipped in report["skipped"]:
        lines.append(f"  Bỏ qua {_who(skipped)}: {skipped['reason']}")
    for failed in report["failed"]:
        lines.append(f"  Lỗi gửi {_who(failed)}: {failed['error']}")
    for letter in report["letters"]:
        lines.append(f"  Công văn đề nghị giải trình: {letter}")
    for warning in report["warnings"]:
        lines.append(f"  Cảnh báo: {warning}")
    lines.append(
        f"{verb} {len(report['sent'])} thư; {len(report['held'])} cơ quan chưa cần nhắc lại; "
        f"{len(report['skipped'])} bỏ qua; {len(report['failed'])} lỗi."
    )
    return "\n".join(lines)


def explanations_text(report: ExplanationsReport) -> str:
    counts = report["counts"]
    lines = [
        f"Đề nghị giải trình đến ngày {_vn_date(report['as_of'])} ({report['source']}): "
        f"{counts['open']} đang chờ, {counts['late']} quá hạn giải trình, "
        f"{counts['answered']} đã giải trình"
    ]
    for agency in report["agencies"]:
        lines += ["", f"{agency['name']} [{agency['agency']}]"]
        rows: list[list[Cell]] = [
            [
                r["task"],
                STATE_LABELS[r["state"]],
                _vn_date(r["requested_on"]),
                _vn_date(r["answer_due"]),
                _vn_date(r["answered_on"]),
                _cut(r["title"], 50),
            ]
            for r in agency["requests"]
        ]
        lines.append(
            table(
                ["Mã", "Tình trạng", "Ngày đề nghị", "Hạn trả lời", "Ngày trả lời", "Nội dung"],
                rows,
            )
        )
    if not report["agencies"]:
        lines.append("Chưa có đề nghị giải trình nào.")
    return "\n".join(lines)


def notice_heading(notice: NoticeJSON) -> str:
    """What a notice's heading said: `số 467/TB-VPCP ngày 19/10/2024 (Văn phòng Chính phủ)`,
    without the parts it did not give."""
    return " ".join(
        part
        for part in (
            f"số {notice['number']}" if notice["number"] else "",
            f"ngày {_vn_date(notice['date'])}" if notice["date"] else "",
            f"({notice['issuer']})" if notice["issuer"] else "",
        )
        if part
    )


def import_text(report: ImportReport, out: object) -> str:
    notice = report["notice"]
    said = notice_heading(notice)
    tasks = report["tasks"]
    lines = [f"Văn bản {report['source']} {said}".rstrip()]
    if notice["ocr_pages"]:
        pages = ", ".join(str(p) for p in notice["ocr_pages"])
        lines.append(f"Trang đọc bằng OCR: {pages} (cần đối chiếu kỹ với bản gốc)")
    if report["assigned_on"]:
        lines.append(f"Thời hạn tương đối tính từ ngày giao {_vn_date(report['assigned_on'])}")
    rows: list[list[Cell]] = [
        [
            t["id"] or f"đoạn {t['paragraph']}",
            t["lead_text"] or "?",
            _cut(", ".join(t["co_text"]), 30),
            _vn_date(t["deadline"]) or (t["deadline_text"] or "—"),
            _cut(t["title"], 50),
            "có" if t["problems"] else "",
        ]
        for t in tasks
    ]
    if rows:
        lines.append(
            table(["Mã", "Chủ trì", "Phối hợp", "Thời hạn", "Nội dung", "Cần rà soát"], rows)
        )
    else:
        lines.append("Không tìm thấy câu giao nhiệm vụ nào.")
    for task in tasks:
        for issue in task["problems"]:
            lines.append(f"  Đoạn {task['paragraph']} ({task['lead_text'] or '?'}): {issue}")
    for problem in report["problems"]:
        where = f"Đoạn {problem['paragraph']}: " if problem["paragraph"] else ""
        quoted = f" «{_cut(problem['text'], 80)}»" if problem["text"] else ""
        lines.append(f"  {where}{problem['message']}{quoted}")
    lines.append(
        f"Đã ghi {len(tasks)} nhiệm vụ dự thảo vào {out}; xem lại rồi đưa vào bảng tính bằng "
        "`tracker push SOURCE --from` tệp này."
    )
    return "\n".join(lines)


class Progress:
    """Progress of long work on standard error: a live line on a terminal; on anything else
    (a log, a pipe) a whole line each tenth of the way or every `every` seconds, and the
    last one."""

    def __init__(self, label: str, every: float = 10.0) -> None:
        self.label, self.every = label, every
        self.live = sys.stderr.isatty()
        self.shown_at = time.monotonic()
        self.shown_tenth = 0

    def __call__(self, done: int, total: int) -> None:
        if self.live:
            end = "" if done < total else "\n"
            print(f"\r{self.label}: {done}/{total}", end=end, file=sys.stderr, flush=True)
            return
        tenth = done * 10 // max(total, 1)
        now = time.monotonic()
        if done == total or tenth > self.shown_tenth or now - self.shown_at >= self.every:
            print(f"{self.label}: {done}/{total}", file=sys.stderr, flush=True)
            self.shown_at, self.shown_tenth = now, tenth


# Characters a terminal acts on instead of showing (escape sequences, NUL, the bidirectional
# overrides that reorder a line): a cell holding them is shown with them escaped.
_UNSHOWN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def shown(text: str) -> str:
    """`text` with what a terminal would act on written as escapes (`\\x1b`, `\\u202e`)."""
    return _UNSHOWN.sub(
        lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text
    )


class Shown(io.TextIOBase):
    """A text stream that writes through `shown` to another (standard output or error)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(shown(text))

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()
