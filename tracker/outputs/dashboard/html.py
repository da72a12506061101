"""HTML fragments of the dashboard, built from plain values; pure, and everything escaped.

Charts are drawn as HTML bars and inline SVG: nothing loads from the internet, and every
bar carries its figure in `data-*` attributes (read by the browser tests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, cast

from ...core.dates import vn_date
from ...core.model import Status
from ...core.projection import TaskView, deadline_label, rate_text

if TYPE_CHECKING:
    from ...reports.chase import ExplanationsReport
    from ...reports.history import ChangesReport

STATUS_COLOURS = {
    Status.DONE_ON_TIME: "#2e7d32",
    Status.DONE_LATE: "#9e9d24",
    Status.DONE_UNDATED: "#7cb342",
    Status.OVERDUE: "#c62828",
    Status.DUE_SOON: "#ef6c00",
    Status.IN_PROGRESS: "#1565c0",
    Status.ONGOING: "#6a1b9a",
    Status.NO_DEADLINE: "#757575",
    Status.CANCELLED: "#bdbdbd",
}


def css() -> str:
    """The dashboard's style sheet, as a <style> element (shipped in the package)."""
    from importlib import resources

    text = (
        resources.files("tracker.outputs.dashboard")
        .joinpath("dashboard.css")
        .read_text(encoding="utf-8")
    )
    return f"<style>{text}</style>"


def header_html(source: str, as_of: dt.date, freshness: str, stale: str | None) -> str:
    parts = [
        '<div class="trk">',
        "<h2>Theo dõi thực hiện nhiệm vụ của Tổ công tác</h2>",
        f'<div class="meta">Tính đến ngày <b data-as-of="{as_of.isoformat()}">{vn_date(as_of)}</b>'
        f" · Nguồn: {escape(source)} · {escape(freshness)}</div>",
    ]
    if stale:
        parts.append(f'<div class="stale" data-stale="1">{escape(stale)}</div>')
    parts.append("</div>")
    return "".join(parts)


def tiles_html(counts: dict[str, int], total: int, rate: float | None) -> str:
    tiles = [
        f'<div class="tile" data-status="{s.value}" style="background:{STATUS_COLOURS[s]}">'
        f'<span class="n">{counts.get(s.value, 0)}</span>{escape(s.label)}</div>'
        for s in Status
    ]
    value = "" if rate is None else rate
    tiles.append(
        f'<div class="tile rate" data-kpi="on_time_rate" data-value="{value}">'
        f'<span class="n">{rate_text(rate)}</span>Tỷ lệ đúng hạn</div>'
    )
    tiles.append(
        f'<div class="tile rate" data-kpi="total" data-value="{total}">'
        f'<span class="n">{total}</span>Tổng số nhiệm vụ</div>'
    )
    return f'<div class="trk"><div class="tiles">{"".join(tiles)}</div></div>'


def bars_html(chart: str, title: str, items: Sequence[tuple[str, str, int]], note: str = "") -> str:
    """A horizontal bar chart: (key, label, value) per bar."""
    top = max((v for _, _, v in items), default=0) or 1
    rows = [
        f'<div class="bar-row" data-key="{escape(key)}" data-value="{value}">'
        f'<span class="bar-label" title="{escape(label)}">{escape(label)}</span>'
        f'<span class="bar" style="width:{max(2, int(300 * value / top))}px"></span>{value}</div>'
        for key, label, value in items
    ]
    empty = '<div class="muted">Không có dữ liệu.</div>' if not items else ""
    extra = f'<div class="muted">{escape(note)}</div>' if note else ""
    return (
        f'<div class="trk" data-chart="{chart}"><h3>{escape(title)}</h3>'
        f"{''.join(rows)}{empty}{extra}</div>"
    )


def legend_html() -> str:
    return (
        '<div class="legend">'
        + "".join(
            f'<span><i style="background:{STATUS_COLOURS[s]}"></i>{escape(s.label)}</span>'
            for s in Status
        )
        + "</div>"
    )


def stacked_html(chart: str, title: str, rows: Sequence[tuple[str, str, dict[str, int]]]) -> str:
    """One stacked bar per row: (key, label, counts by status)."""
    html = [f'<div class="trk" data-chart="{chart}"><h3>{escape(title)}</h3>', legend_html()]
    for key, label, counts in rows:
        total = sum(counts.values()) or 1
        segments = "".join(
            f'<span class="seg" data-status="{s.value}" data-value="{counts.get(s.value, 0)}" '
            f'title="{escape(s.label)}: {counts.get(s.value, 0)}" '
            f'style="width:{100 * counts.get(s.value, 0) / total:.2f}%;'
            f'background:{STATUS_COLOURS[s]}"></span>'
            for s in Status
        )
        html.append(
            f'<div class="bar-row" data-key="{escape(key)}">'
            f'<span class="bar-label" title="{escape(label)}">{escape(label)}</span>'
            f'<span class="stack">{segments}</span>&nbsp;{sum(counts.values())}</div>'
        )
    if not rows:
        html.append('<div class="muted">Không có dữ liệu.</div>')
    html.append("</div>")
    return "".join(html)


def trend_html(points: Sequence[tuple[str, int, float | None]]) -> str:
    """Overdue count and on-time rate across sessions/snapshots: (label, overdue, rate)."""
    if not points:
        return (
            '<div class="trk" data-chart="trend"><h3>Xu hướng qua các phiên</h3>'
            '<div class="muted">Chưa có lịch sử: chạy <code>tracker sync</code> định kỳ để '
            "theo dõi xu hướng.</div></div>"
        )
    width, height = 560, 160
    step = width / max(len(points) - 1, 1)
    top = max(p[1] for p in points) or 1

    def line(values: list[float], colour: str) -> str:
        coords = " ".join(
            f"{i * step:.1f},{height - v * (height - 10):.1f}" for i, v in enumerate(values)
        )
        return f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>'

    overdue = line([p[1] / top for p in points], "#c62828")
    rates = line([p[2] or 0.0 for p in points], "#2e7d32")
    rows = "".join(
        f'<tr data-point="{escape(label)}" data-overdue="{n}" data-rate="{"" if r is None else r}">'
        f"<td>{escape(label)}</td><td>{n}</td><td>{rate_text(r)}</td></tr>"
        for label, n, r in points
    )
    return (
        '<div class="trk" data-chart="trend"><h3>Xu hướng qua các phiên</h3>'
        f'<svg width="{width}" height="{height}" role="img">{overdue}{rates}</svg>'
        '<div class="legend"><span><i style="background:#c62828"></i>Số quá hạn</span>'
        '<span><i style="background:#2e7d32"></i>Tỷ lệ đúng hạn</span></div>'
        '<table class="grid"><tr><th>Mốc</th><th>Quá hạn</th><th>Tỷ lệ đúng hạn</th></tr>'
        f"{rows}</table></div>"
    )


TASK_HEADERS = (
    "Mã",
    "Nội dung",
    "Chủ trì",
    "Phối hợp",
    "Thời hạn",
    "Hạn",
    "Tình trạng",
    "Quá hạn (ngày)",
)


def _days(value: int | None) -> str:
    return "" if value is None else str(value)


def task_rows_html(rows: Sequence[TaskView]) -> str:
    """One table row per task."""
    out = []
    for t in rows:
        moved = (
            f'<div class="moved" data-succession="1">chuyển từ {escape(t.inherited_from)}</div>'
            if t.inherited_from
            else ""
        )
        out.append(
            f'<tr data-id="{escape(t.id or "")}" data-status="{t.status}">'
            f"<td>{escape(t.id or '')}</td><td>{escape(t.title or '')}</td>"
            f"<td>{escape(t.lead_current_name)}{moved}</td>"
            f"<td>{escape(', '.join(t.co_names))}</td>"
            f"<td>{escape(deadline_label(t))}</td><td>{vn_date(t.deadline)}</td>"
            f"<td>{escape(t.status_label)}</td>"
            f"<td>{_days(t.days_overdue)}</td></tr>"
        )
    return "".join(out)


def table_html(table: str, rows: Sequence[TaskView], total: int, note: str = "") -> str:
    head = "".join(f"<th>{h}</th>" for h in TASK_HEADERS)
    empty = (
        f'<tr><td colspan="{len(TASK_HEADERS)}" class="muted">Không có nhiệm vụ nào.</td></tr>'
        if not rows
        else ""
    )
    extra = f'<div class="muted">{escape(note)}</div>' if note else ""
    return (
        f'<div class="trk" data-table="{table}" data-total="{total}">{extra}'
        f'<table class="grid"><tr>{head}</tr>{task_rows_html(rows)}{empty}</table></div>'
    )


def overdue_review_html(groups: Sequence[tuple[str, Sequence[TaskView], int]]) -> str:
    """Overdue tasks by agency (name, its tasks on this page, its overdue total)."""
    html = ['<div class="trk" data-table="overdue">']
    head = "".join(
        f"<th>{h}</th>"
        for h in ("Mã", "Nội dung", "Thời hạn (ghi)", "Quá hạn (ngày)", "Phối hợp", "Kế thừa từ")
    )
    for name, rows, count in groups:
        html.append(
            f'<div class="group" data-agency="{escape(name)}">{escape(name)} '
            f"— {count} nhiệm vụ quá hạn</div>"
        )
        html.append(f'<table class="grid"><tr>{head}</tr>')
        for t in rows:
            moved = ""
            if t.inherited_from:
                moved = (
                    f'<span class="moved" data-succession="1">'
                    f"kế thừa từ {escape(t.inherited_from)}</span>"
                )
            days = _days(t.days_overdue)
            html.append(
                f'<tr data-id="{escape(t.id or "")}" data-days="{days}">'
                f"<td>{escape(t.id or '')}</td><td>{escape(t.title or '')}</td>"
                f"<td>{escape(deadline_label(t))}</td><td>{days}</td>"
                f"<td>{escape(', '.join(t.co_names))}</td><td>{moved}</td></tr>"
            )
        html.append("</table>")
    if not groups:
        html.append('<div class="muted">Không có nhiệm vụ quá hạn.</div>')
    html.append("</div>")
    return "".join(html)


def league_html(rows: Sequence[tuple[str, str, dict[str, int], int, float | None]]) -> str:
    """(code, name, counts, total, on-time rate) per agency, worst first."""
    head = (
        "<tr><th>Cơ quan</th><th>Tỷ lệ đúng hạn</th><th>Quá hạn</th><th>Sắp đến hạn</th>"
        "<th>Tổng</th></tr>"
    )
    body = "".join(
        f'<tr data-agency="{escape(code)}" data-overdue="{counts.get("overdue", 0)}" '
        f'data-rate="{"" if rate is None else rate}">'
        f"<td>{escape(name)}</td><td>{rate_text(rate)}</td>"
        f"<td>{counts.get('overdue', 0)}</td><td>{counts.get('due_soon', 0)}</td>"
        f"<td>{total}</td></tr>"
        for code, name, counts, total, rate in rows
    )
    return (
        '<div class="trk" data-table="league"><h3>Xếp hạng cơ quan</h3>'
        f'<table class="grid">{head}{body}</table></div>'
    )


def changes_html(report: ChangesReport | None) -> str:
    from ...core.diff import CHANGE_KINDS, CHANGE_LABELS, ChangeItem

    if report is None or report.get("baseline") is None:
        message = (report.get("message") if report else None) or (
            "Chưa có lịch sử để so sánh: chạy `tracker sync` trước và sau mỗi phiên họp."
        )
        return (
            f'<div class="trk" data-panel="changes"><div class="muted">{escape(message)}</div>'
            "</div>"
        )
    since = report["since"]
    day = since.get("date")
    mark = (
        f"ngày {escape(vn_date(dt.date.fromisoformat(day)))}"
        if day
        else (f"ảnh chụp số {since.get('snapshot')}")
    )
    html = [f'<div class="trk" data-panel="changes"><h3>Thay đổi từ phiên họp trước ({mark})</h3>']
    by_kind = cast(dict[str, list[ChangeItem]], report)
    for kind in CHANGE_KINDS:
        items = by_kind[kind]
        html.append(
            f'<div class="group" data-change="{kind}" data-count="{len(items)}">'
            f"{escape(CHANGE_LABELS[kind])}: {len(items)}</div>"
        )
        if items:
            html.append(
                "<ul>"
                + "".join(
                    f"<li>{escape(i['id'] or i['key'])} — {escape(i['title'] or '')}</li>"
                    for i in items[:50]
                )
                + (f"<li>… và {len(items) - 50} nhiệm vụ khác</li>" if len(items) > 50 else "")
                + "</ul>"
            )
    html.append("</div>")
    return "".join(html)


def explanations_html(report: ExplanationsReport | None, problem: str | None = None) -> str:
    """The «Giải trình» panel: the requests for explanation by agency, late ones first."""
    from ...reports.chase import STATE_LABELS, STATES

    if report is None or not report["agencies"]:
        message = problem or (
            "Chưa có đề nghị giải trình nào: `tracker remind --send` gửi đề nghị cho các nhiệm "
            "vụ quá hạn lâu."
        )
        return (
            '<div class="trk" data-panel="explanations" data-total="0">'
            f'<div class="muted">{escape(message)}</div></div>'
        )
    counts = report["counts"]
    total = sum(counts.values())
    summary = ", ".join(
        f'<span data-state="{state}" data-count="{counts[state]}">'
        f"{escape(STATE_LABELS[state])}: {counts[state]}</span>"
        for state in STATES
    )
    html = [
        f'<div class="trk" data-panel="explanations" data-total="{total}">'
        f"<h3>Đề nghị giải trình ({total})</h3><div>{summary}</div>"
        '<table class="grid"><tr><th>Cơ quan</th><th>Mã</th><th>Nội dung</th>'
        "<th>Ngày đề nghị</th><th>Hạn trả lời</th><th>Số ngày quá hạn khi đề nghị</th>"
        "<th>Tình trạng</th><th>Ngày trả lời</th><th>Ghi chú</th></tr>"
    ]
    for agency in report["agencies"]:
        for item in agency["requests"]:
            answered = item["answered_on"]
            html.append(
                f'<tr data-task="{escape(item["task"])}" data-state="{item["state"]}">'
                f"<td>{escape(agency['name'])}</td><td>{escape(item['task'])}</td>"
                f"<td>{escape(item['title'] or '')}</td>"
                f"<td>{vn_date(dt.date.fromisoformat(item['requested_on']))}</td>"
                f"<td>{vn_date(dt.date.fromisoformat(item['answer_due']))}</td>"
                f"<td>{item['days_overdue']}</td>"
                f'<td class="state-{item["state"]}">{escape(STATE_LABELS[item["state"]])}</td>'
                f"<td>{vn_date(dt.date.fromisoformat(answered)) if answered else ''}</td>"
                f"<td>{escape(item['note'] or '')}</td></tr>"
            )
    html.append("</table></div>")
    return "".join(html)
