"""The Voila dashboard's widgets, built in plain Python (testable without a browser).

A fixed set of widgets whatever the number of tasks: the task table and the overdue review
are paged HTML, charts are HTML bars (see `dashboard_html`), and filters recompute from a
list of plain records. `Dashboard(...).widget` is what the notebook displays.
"""

from __future__ import annotations

import base64
import datetime as dt
import tempfile
import time
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from ...core.errors import TrackerError
from ...core.model import Status
from ...core.projection import TaskView, group_order, search_text
from ...core.settings import Settings
from ...core.status import Kpi
from ...core.text import fold
from ...reports import history, sources
from ...reports.evaluation import evaluate
from ...reports.history import ChangesReport, Trends
from . import html

PAGE_SIZE = 50
OVERDUE_PAGE_SIZE = 100
ALL = "__all__"
WINDOWS = [
    ("Mọi thời hạn", ALL),
    ("Đã qua hạn", "past"),
    ("7 ngày tới", 7),
    ("14 ngày tới", 14),
    ("30 ngày tới", 30),
    ("90 ngày tới", 90),
]


class Pager:
    """Previous / next buttons over a list rendered one page at a time."""

    def __init__(self, size: int, render: Callable[[int], None]) -> None:
        self.size, self.page, self.total = size, 0, 0
        self._render = render
        self.previous = w.Button(description="‹ Trang trước", layout=w.Layout(width="130px"))
        self.next = w.Button(description="Trang sau ›", layout=w.Layout(width="130px"))
        self.label = w.HTML()
        self.previous.on_click(lambda _: self.go(self.page - 1))
        self.next.on_click(lambda _: self.go(self.page + 1))
        self.widget = w.HBox([self.previous, self.label, self.next])

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    def reset(self, total: int) -> None:
        self.total, self.page = total, 0
        self._update()

    def go(self, page: int) -> None:
        self.page = min(max(page, 0), self.pages - 1)
        self._update()
        self._render(self.page)

    def _update(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= self.pages - 1
        self.label.value = (
            f'<span class="trk" data-page="{self.page + 1}">Trang {self.page + 1}/{self.pages}'
            f" · {self.total} nhiệm vụ</span>"
        )

    def slice(self, items: list[Any]) -> list[Any]:
        return items[self.page * self.size : (self.page + 1) * self.size]


def _dropdown(description: str, width: str = "260px") -> w.Dropdown:
    return w.Dropdown(
        description=description,
        layout=w.Layout(width=width),
        style={"description_width": "initial"},
    )


class Dashboard:
    """The dashboard for one source as of one date. `refresh()` re-reads the source."""

    def __init__(
        self,
        source: str | None = None,
        as_of: dt.date | None = None,
        due_soon_days: int | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.source = source
        self.fixed_as_of = as_of
        self.due_soon_days = self.settings.due_soon_days if due_soon_days is None else due_soon_days
        self.records: list[dict[str, Any]] = []
        self.group_names: dict[str, str] = {}
        self.filtered: list[dict[str, Any]] = []
        self.applied = 0
        self._building = False

        self.header = w.HTML()
        self.message = w.HTML()
        self.refresh_button = w.Button(description="Đọc lại nguồn", icon="", button_style="info")
        self.export_button = w.Button(
            description="Xuất bảng đã lọc (.xlsx)", layout=w.Layout(width="220px")
        )
        self.download = w.HTML()
        self.refresh_button.on_click(lambda _: self.refresh())
        self.export_button.on_click(lambda _: self.export())

        self.program = _dropdown("Đề án/Chương trình")
        self.lead = _dropdown("Cơ quan chủ trì", "320px")
        self.meeting = _dropdown("Phiên họp", "200px")
        self.status = _dropdown("Tình trạng")
        self.window = _dropdown("Thời hạn", "220px")
        self.window.options = WINDOWS
        self.search = w.Text(
            description="Tìm kiếm",
            placeholder="mã, nội dung, cơ quan…",
            continuous_update=False,
            layout=w.Layout(width="320px"),
        )
        for control in (
            self.program,
            self.lead,
            self.meeting,
            self.status,
            self.window,
            self.search,
        ):
            control.observe(lambda _: self.apply(), names="value")

        self.tiles = w.HTML()
        self.chart_overdue = w.HTML()
        self.chart_programs = w.HTML()
        self.chart_weeks = w.HTML()
        self.chart_trend = w.HTML()
        self.overdue = w.HTML()
        self.overdue_pager = Pager(OVERDUE_PAGE_SIZE, lambda _: self._render_overdue())
        self.league = w.HTML()
        self.agency = _dropdown("Xem chi tiết cơ quan", "420px")
        self.agency.observe(lambda _: self._render_agency(), names="value")
        self.agency_tasks = w.HTML()
        self.changes = w.HTML()
        self.table = w.HTML()
        self.table_pager = Pager(PAGE_SIZE, lambda _: self._render_table())
        self.applied_marker = w.HTML()

        tabs = w.Tab(
            children=[
                w.VBox(
                    [self.chart_overdue, self.chart_programs, self.chart_weeks, self.chart_trend]
                ),
                w.VBox([self.overdue_pager.widget, self.overdue]),
                w.VBox([self.league, self.agency, self.agency_tasks]),
                w.VBox([self.changes]),
                w.VBox([self.table_pager.widget, self.table]),
            ]
        )
        tabs.titles = [
            "Tổng quan",
            "Rà soát quá hạn",
            "Xếp hạng cơ quan",
            "Thay đổi",
            "Danh sách nhiệm vụ",
        ]
        self.tabs = tabs
        self.widget = w.VBox(
            [
                w.HTML(html.css()),
                self.header,
                w.HBox([self.refresh_button, self.export_button, self.download]),
                self.message,
                w.HBox([self.program, self.lead, self.meeting]),
                w.HBox([self.status, self.window, self.search]),
                self.tiles,
                tabs,
                self.applied_marker,
            ],
            layout=w.Layout(padding="8px"),
        )
        self.refresh()

    # --- data ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the source again (never yesterday's data on a long-running server)."""
        self.message.value = '<div class="trk muted">Đang đọc dữ liệu…</div>'
        try:
            self._load()
        except TrackerError as exc:
            self.message.value = (
                f'<div class="trk stale" data-error="1">{escape(exc.message)}</div>'
            )
            return
        self.message.value = ""
        self._fill_filters()
        self.apply()

    def _load(self) -> None:
        settings, source = self.settings, self.source
        workbook = sources.load(source, settings)
        as_of = self.fixed_as_of or sources.today()
        notes = []
        try:
            observed = history.observations(settings, source)
            trends = history.trends(settings, source, self.due_soon_days)
        except TrackerError as exc:  # the history store is optional
            notes.append(f"Không dùng được kho lịch sử: {exc.message}")
            observed, trends = {}, {"snapshots": [], "meetings": []}
        self.evaluation = evaluation = evaluate(workbook, as_of, self.due_soon_days, observed)
        registry = workbook.registry
        self.registry = registry
        self.records = [_record(v) for v in evaluation.views]
        self.trend_points = _trend_points(trends)
        try:
            self.change_report: ChangesReport | None = history.changes_report(
                evaluation, settings, source, None
            )
        except TrackerError:
            self.change_report = None
        read = workbook.read_at.astimezone(sources.TIMEZONE) if workbook.read_at else None
        freshness = f"Đọc lúc {read:%H:%M %d/%m/%Y}" if read else "Chưa rõ thời điểm đọc"
        warning = " ".join(filter(None, [sources.stale_notice(workbook), *notes])) or None
        self.header.value = html.header_html(workbook.source, as_of, freshness, warning)

    def _fill_filters(self) -> None:
        self._building = True
        try:
            programs = sorted({r["program"] for r in self.records if r["program"]})
            self.program.options = [("Tất cả", ALL), *((p, p) for p in programs)]
            place = group_order(self.registry)
            self.group_names = {r["group"]: r["group_name"] for r in self.records}
            leads = sorted(self.group_names, key=lambda g: place(g, self.group_names[g]))
            self.lead.options = [("Tất cả", ALL)] + [(self.group_names[g], g) for g in leads]
            meetings = sorted({r["meeting"] for r in self.records if r["meeting"]})
            self.meeting.options = [("Tất cả", ALL), *((m, m) for m in meetings)]
            self.status.options = [("Tất cả", ALL), *((s.label, s.value) for s in Status)]
            for control in (self.program, self.lead, self.meeting, self.status, self.window):
                control.value = ALL
            self.search.value = ""
        finally:
            self._building = False

    # --- filtering and rendering ----------------------------------------------------------

    def apply(self) -> None:
        """Filter the records and redraw everything that depends on them."""
        if self._building:
            return
        start = time.perf_counter()
        program, lead, meeting = self.program.value, self.lead.value, self.meeting.value
        status, window = self.status.value, self.window.value
        words = fold(self.search.value or "").split()
        as_of = self.evaluation.as_of

        def keep(r: dict[str, Any]) -> bool:
            if program != ALL and r["program"] != program:
                return False
            if lead != ALL and r["group"] != lead:
                return False
            if meeting != ALL and r["meeting"] != meeting:
                return False
            if status != ALL and r["status"] != status:
                return False
            if window != ALL:
                day = r["deadline"]
                if day is None:
                    return False
                if window == "past":
                    if day >= as_of:
                        return False
                elif not 0 <= (day - as_of).days <= window:
                    return False
            return all(word in r["search"] for word in words)

        self.filtered = [r for r in self.records if keep(r)]
        self._render_tiles()
        self._render_charts()
        self._render_league()
        self.overdue_pager.reset(sum(r["status"] == "overdue" for r in self.filtered))
        self._render_overdue()
        self.table_pager.reset(len(self.filtered))
        self._render_table()
        self.changes.value = html.changes_html(self.change_report)
        self.download.value = ""
        self.applied += 1
        took = (time.perf_counter() - start) * 1000
        self.applied_marker.value = (
            f'<span class="trk muted" data-applied="{self.applied}" data-count='
            f'"{len(self.filtered)}" data-ms="{took:.0f}">{len(self.filtered)} nhiệm vụ phù hợp '
            "bộ lọc</span>"
        )

    def _counts(self, records: list[dict[str, Any]]) -> dict[str, int]:
        counts = dict.fromkeys((s.value for s in Status), 0)
        for r in records:
            counts[r["status"]] += 1
        return counts

    def _render_tiles(self) -> None:
        counts = self._counts(self.filtered)
        value = Kpi({Status(k): v for k, v in counts.items()}, len(self.filtered))
        self.tiles.value = html.tiles_html(counts, value.total, value.on_time_rate)

    def _render_charts(self) -> None:
        by_lead: dict[str, int] = {}
        programs: dict[str, dict[str, int]] = {}
        weeks = [0] * 8
        as_of = self.evaluation.as_of
        for r in self.filtered:
            if r["status"] == "overdue":
                by_lead[r["group"]] = by_lead.get(r["group"], 0) + 1
            counts = programs.setdefault(r["program"] or "", {})
            counts[r["status"]] = counts.get(r["status"], 0) + 1
            day = r["deadline"]
            if day is not None and not r["done"] and r["status"] != "cancelled":
                offset = (day - as_of).days
                if 0 <= offset < 56:
                    weeks[offset // 7] += 1
        ranked = sorted(by_lead.items(), key=lambda kv: (-kv[1], self.group_names[kv[0]]))
        shown = ranked[:15]
        note = f"(và {len(ranked) - 15} cơ quan khác)" if len(ranked) > 15 else ""
        self.chart_overdue.value = html.bars_html(
            "overdue_by_agency",
            "Nhiệm vụ quá hạn theo cơ quan chủ trì",
            [(g, self.group_names[g], n) for g, n in shown],
            note,
        )
        self.chart_programs.value = html.stacked_html(
            "status_by_program",
            "Tình trạng theo đề án/chương trình",
            [(p, p or "Chưa xác định", counts) for p, counts in sorted(programs.items())],
        )
        labels = []
        for i in range(8):
            first = as_of + dt.timedelta(days=7 * i)
            labels.append((f"week{i + 1}", f"{first:%d/%m}–{first + dt.timedelta(days=6):%d/%m}"))
        self.chart_weeks.value = html.bars_html(
            "deadlines_by_week",
            "Thời hạn trong 8 tuần tới (nhiệm vụ chưa hoàn thành)",
            [(key, label, weeks[i]) for i, (key, label) in enumerate(labels)],
        )
        self.chart_trend.value = html.trend_html(self.trend_points)

    def _render_league(self) -> None:
        groups: dict[str, list[dict[str, Any]]] = {}
        for r in self.filtered:
            groups.setdefault(r["group"], []).append(r)
        rows = []
        for code, members in groups.items():
            counts = self._counts(members)
            value = Kpi({Status(k): v for k, v in counts.items()}, len(members))
            rows.append((code, counts, value.total, value.on_time_rate))
        rows.sort(key=lambda r: (r[3] if r[3] is not None else 2.0, -r[1]["overdue"]))
        self.league.value = html.league_html(
            [(g, self.group_names[g], counts, total, rate) for g, counts, total, rate in rows]
        )
        current = self.agency.value
        self.agency.options = [("— chọn cơ quan —", ALL)] + [
            (self.group_names[g], g) for g, *_ in rows
        ]
        values = [v for _, v in self.agency.options]
        self.agency.value = current if current in values else ALL
        self._render_agency()

    def _render_agency(self) -> None:
        code = self.agency.value
        if code in (None, ALL):
            self.agency_tasks.value = ""
            return
        tasks = [r for r in self.filtered if r["group"] == code]
        tasks.sort(key=lambda r: (-(r["days_overdue"] or -1), r["deadline"] or dt.date.max))
        note = f"{len(tasks)} nhiệm vụ của {self.group_names.get(code, code)}"
        if len(tasks) > 500:
            note += " (hiện 500 nhiệm vụ đầu; dùng bộ lọc «Cơ quan chủ trì» để xem hết)"
        self.agency_tasks.value = html.table_html("agency", tasks[:500], len(tasks), note)

    def _overdue_sorted(self) -> list[dict[str, Any]]:
        overdue = [r for r in self.filtered if r["status"] == "overdue"]
        worst: dict[str, int] = {}
        for r in overdue:
            worst[r["group"]] = max(worst.get(r["group"], 0), r["days_overdue"])
        overdue.sort(
            key=lambda r: (
                -worst[r["group"]],
                r["group"],
                -r["days_overdue"],
                r["id"] or "",
            )
        )
        return overdue

    def _render_overdue(self) -> None:
        overdue = self._overdue_sorted()
        totals: dict[str, int] = {}
        for r in overdue:
            totals[r["group"]] = totals.get(r["group"], 0) + 1
        page = self.overdue_pager.slice(overdue)
        groups: list[tuple[str, list[dict[str, Any]], int]] = []
        for r in page:
            name = r["group_name"]
            if not groups or groups[-1][0] != name:
                groups.append((name, [], totals[r["group"]]))
            groups[-1][1].append(r)
        self.overdue.value = html.overdue_review_html(groups)

    def _render_table(self) -> None:
        page = self.table_pager.slice(self.filtered)
        self.table.value = html.table_html("tasks", page, len(self.filtered))

    # --- export -------------------------------------------------------------------------------

    def export(self) -> bytes:
        """The filtered tasks as an .xlsx, offered as a download link; returns its bytes."""
        from ...sources.xlsx_write import write_xlsx

        header = [
            "Mã",
            "Nội dung nhiệm vụ",
            "Đề án/Chương trình",
            "Phiên họp",
            "Cơ quan chủ trì",
            "Chủ trì hiện nay",
            "Cơ quan phối hợp",
            "Thời hạn",
            "Hạn (tính)",
            "Tình trạng",
            "Số ngày quá hạn",
        ]
        rows: list[list[Any]] = [header]
        for r in self.filtered:
            rows.append(
                [
                    r["id"],
                    r["title"],
                    r["program"],
                    r["meeting"],
                    r["lead_name"],
                    r["lead_current_name"],
                    ", ".join(r["co_names"]) or None,
                    r["deadline_text"],
                    r["deadline"],
                    Status(r["status"]).label,
                    r["days_overdue"],
                ]
            )
        with tempfile.TemporaryDirectory() as folder:
            path = write_xlsx(Path(folder) / "nhiem-vu.xlsx", [("Nhiệm vụ", rows)])
            data = path.read_bytes()
        name = f"nhiem-vu-loc-{self.evaluation.as_of:%Y%m%d}.xlsx"
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        self.download.value = (
            f'<a class="trk" data-export="{len(rows) - 1}" download="{name}" '
            f'href="data:{mime};base64,{base64.b64encode(data).decode()}">Tải {name} '
            f"({len(rows) - 1} nhiệm vụ)</a>"
        )
        return data


def _record(view: TaskView) -> dict[str, Any]:
    return {
        "id": view.id,
        "title": view.title,
        "program": view.program,
        "meeting": view.meeting,
        "lead_current": view.lead_current,
        "lead_current_name": view.lead_current_name,
        "group": view.group,
        "group_name": view.group_name,
        "lead_name": view.lead_name or "",
        "moved": view.inherited_from is not None,
        "co_names": list(view.co_names),
        "deadline_text": view.deadline_text,
        "deadline": view.deadline,
        "status": view.status.value,
        "done": view.completed,
        "days_overdue": view.days_overdue,
        "search": search_text(view),
    }


def _trend_points(trends: Trends) -> list[tuple[str, int, float | None]]:
    """(label, overdue, on-time rate) at each meeting date; at each snapshot when the store
    knows no meeting."""

    def point(label: str, day: str, groups: dict[str, Any]) -> tuple[str, int, float | None]:
        overall = groups[""]
        when = dt.date.fromisoformat(day)
        return (f"{label} ({when:%d/%m/%Y})", overall["counts"]["overdue"], overall["on_time_rate"])

    points = [point(m["meeting"], m["date"], m["groups"]) for m in trends.get("meetings", [])]
    return points or [
        point(f"#{s['snapshot']}", s["as_of"], s["groups"]) for s in trends.get("snapshots", [])
    ]
