"""The Voila dashboard's widgets, built in plain Python (testable without a browser).

A fixed set of widgets whatever the number of tasks. Everything shown comes from the task
table (`Evaluation.table`, one row per task): filters are boolean masks over it, tiles,
charts and the league table are counts by group, and the paged tables are slices. Only the
tiles and the tab on screen are redrawn when a filter changes; another tab is drawn when it
is opened. `Dashboard(...).widget` is what the notebook displays.
"""

from __future__ import annotations

import base64
import datetime as dt
import tempfile
import time
from collections.abc import Callable
from html import escape
from pathlib import Path

import ipywidgets as w
import numpy as np
import pandas as pd

from ...core.dates import TIMEZONE
from ...core.errors import TrackerError
from ...core.model import Status
from ...core.projection import TaskView, group_order
from ...core.settings import Settings
from ...core.status import Kpi, KpiJSON
from ...core.table import STATUS_ORDER
from ...core.text import fold
from ...reports import chase, history, sources
from ...reports.chase import ExplanationsReport
from ...reports.evaluation import Evaluation, evaluate
from ...reports.history import ChangesReport, Trends
from ..exports import cut_warning, write_tasks
from . import html

PAGE_SIZE = 50
OVERDUE_PAGE_SIZE = 100
ALL = "__all__"
WINDOWS: list[tuple[str, str | int]] = [
    ("Mọi thời hạn", ALL),
    ("Đã qua hạn", "past"),
    ("7 ngày tới", 7),
    ("14 ngày tới", 14),
    ("30 ngày tới", 30),
    ("90 ngày tới", 90),
]
TAB_TITLES = [
    "Tổng quan",
    "Rà soát quá hạn",
    "Xếp hạng cơ quan",
    "Thay đổi",
    "Danh sách nhiệm vụ",
    "Giải trình",
]
UNFILTERED = {3, 5}  # the changes and explanations panels do not follow the filters
STATUSES = len(STATUS_ORDER)
OVERDUE = STATUS_ORDER.index(Status.OVERDUE.value)


class Pager:
    """Previous / next buttons over rows rendered one page at a time."""

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

    def slice(self, rows: pd.DataFrame) -> pd.DataFrame:
        return rows.iloc[self.page * self.size : (self.page + 1) * self.size]


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
        self.frame = pd.DataFrame()
        self.filtered = pd.DataFrame()
        self.group_names: dict[str, str] = {}
        self.applied = 0
        self._building = False
        self._dirty: set[int] = set()

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
        self.explanations = w.HTML()
        self.table = w.HTML()
        self.table_pager = Pager(PAGE_SIZE, lambda _: self._render_table())
        self.applied_marker = w.HTML()

        self.tabs = w.Tab(
            children=[
                w.VBox(
                    [self.chart_overdue, self.chart_programs, self.chart_weeks, self.chart_trend]
                ),
                w.VBox([self.overdue_pager.widget, self.overdue]),
                w.VBox([self.league, self.agency, self.agency_tasks]),
                w.VBox([self.changes]),
                w.VBox([self.table_pager.widget, self.table]),
                w.VBox([self.explanations]),
            ]
        )
        self.tabs.titles = TAB_TITLES
        self.tabs.observe(lambda _: self._render_tab(), names="selected_index")
        self.widget = w.VBox(
            [
                w.HTML(html.css()),
                self.header,
                w.HBox([self.refresh_button, self.export_button, self.download]),
                self.message,
                w.HBox([self.program, self.lead, self.meeting]),
                w.HBox([self.status, self.window, self.search]),
                self.tiles,
                self.tabs,
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
        self.changes.value = html.changes_html(self.change_report)
        self.explanations.value = html.explanations_html(
            self.explanation_report, self.explanation_problem
        )
        self.chart_trend.value = html.trend_html(self.trend_points)
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
        self.evaluation: Evaluation = evaluate(workbook, as_of, self.due_soon_days, observed)
        self.registry = workbook.registry
        self.frame = _working_frame(self.evaluation)
        self.trend_points = _trend_points(trends)
        try:
            self.change_report: ChangesReport | None = history.changes_report(
                self.evaluation, settings, source, None
            )
        except TrackerError:
            self.change_report = None
        self.explanation_report: ExplanationsReport | None = None
        self.explanation_problem: str | None = None
        try:
            found = chase.stored_requests(settings, source)
            self.explanation_report = chase.explanations_report(self.evaluation, found)
        except TrackerError as exc:
            self.explanation_problem = f"Không đọc được đề nghị giải trình: {exc.message}"
        read = workbook.read_at.astimezone(TIMEZONE) if workbook.read_at else None
        freshness = f"Đọc lúc {read:%H:%M %d/%m/%Y}" if read else "Chưa rõ thời điểm đọc"
        warning = " ".join(filter(None, [sources.stale_notice(workbook), *notes])) or None
        self.header.value = html.header_html(workbook.source, as_of, freshness, warning)

    def _fill_filters(self) -> None:
        self._building = True
        try:
            frame = self.frame
            programs = sorted(p for p in frame["program"].cat.categories if p)
            self.program.options = [("Tất cả", ALL), *((p, p) for p in programs)]
            place = group_order(self.registry)
            names = frame.drop_duplicates("group").set_index("group")["group_name"]
            self.group_names = {str(g): str(n) for g, n in names.items()}
            leads = sorted(self.group_names, key=lambda g: place(g, self.group_names[g]))
            self.lead.options = [("Tất cả", ALL)] + [(self.group_names[g], g) for g in leads]
            meetings = sorted(m for m in frame["meeting"].cat.categories if m)
            self.meeting.options = [("Tất cả", ALL), *((m, m) for m in meetings)]
            self.status.options = [("Tất cả", ALL), *((s.label, s.value) for s in Status)]
            for control in (self.program, self.lead, self.meeting, self.status, self.window):
                control.value = ALL
            self.search.value = ""
        finally:
            self._building = False

    # --- filtering and rendering ----------------------------------------------------------

    def mask(self) -> np.ndarray:
        """The rows the filters keep."""
        frame = self.frame
        keep = np.ones(len(frame), dtype=bool)
        for control, column in (
            (self.program, "program"),
            (self.lead, "group"),
            (self.meeting, "meeting"),
            (self.status, "status"),
        ):
            if control.value != ALL:
                keep &= (frame[column] == control.value).to_numpy()
        window = self.window.value
        if window != ALL:
            days = frame["deadline_in"].to_numpy()
            if window == "past":
                keep &= days < 0
            else:
                keep &= (days >= 0) & (days <= float(window))
        for word in fold(self.search.value or "").split():
            keep &= frame["search"].str.contains(word, regex=False).to_numpy()
        return keep

    def apply(self) -> None:
        """Filter the rows and redraw the tiles and the tab on screen (the other tabs when
        they are opened)."""
        if self._building:
            return
        start = time.perf_counter()
        self.filtered = self.frame[self.mask()]
        codes = self.filtered["status"].cat.codes.to_numpy()
        self.counts = np.bincount(codes, minlength=STATUSES)
        self._render_tiles()
        self.overdue_pager.reset(int(self.counts[OVERDUE]))
        self.table_pager.reset(len(self.filtered))
        self._overdue_rows: pd.DataFrame | None = None
        self._dirty = set(range(len(TAB_TITLES))) - UNFILTERED
        self._render_tab()
        self.download.value = ""
        self.applied += 1
        took = (time.perf_counter() - start) * 1000
        self.applied_marker.value = (
            f'<span class="trk muted" data-applied="{self.applied}" data-count='
            f'"{len(self.filtered)}" data-ms="{took:.0f}">{len(self.filtered)} nhiệm vụ phù hợp '
            "bộ lọc</span>"
        )

    def _render_tab(self) -> None:
        index = self.tabs.selected_index or 0
        if index not in self._dirty:
            return
        self._dirty.discard(index)
        if index == 0:
            self._render_charts()
        elif index == 1:
            self._render_overdue()
        elif index == 2:
            self._render_league()
        elif index == 4:
            self._render_table()

    def render_all(self) -> None:
        """Draw every tab now, as if each had been opened."""
        selected = self.tabs.selected_index
        for index in sorted(self._dirty):
            self.tabs.selected_index = index  # draws it (see _render_tab)
            self._render_tab()
        self.tabs.selected_index = selected

    def _render_tiles(self) -> None:
        counts = {status: int(n) for status, n in zip(STATUS_ORDER, self.counts, strict=True)}
        value = Kpi({Status(k): v for k, v in counts.items()}, len(self.filtered))
        self.tiles.value = html.tiles_html(counts, value.total, value.on_time_rate)

    def _group_counts(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Rows: the groups present in `rows`; columns: the statuses (counts)."""
        table = pd.crosstab(rows["group"], rows["status"], dropna=False)
        table = table.loc[table.sum(axis=1) > 0]
        return table.reindex(columns=STATUS_ORDER, fill_value=0)

    def _render_charts(self) -> None:
        rows, as_of = self.filtered, self.evaluation.as_of
        overdue = rows.loc[rows["status"] == Status.OVERDUE.value, "group"]
        by_lead = overdue.value_counts()
        by_lead = by_lead[by_lead > 0]
        ranked = sorted(
            ((str(g), int(n)) for g, n in by_lead.items()),
            key=lambda kv: (-kv[1], self.group_names[kv[0]]),
        )
        shown = ranked[:15]
        note = f"(và {len(ranked) - 15} cơ quan khác)" if len(ranked) > 15 else ""
        self.chart_overdue.value = html.bars_html(
            "overdue_by_agency",
            "Nhiệm vụ quá hạn theo cơ quan chủ trì",
            [(g, self.group_names[g], n) for g, n in shown],
            note,
        )
        programs = pd.crosstab(rows["program"], rows["status"], dropna=False)
        programs = programs.loc[programs.sum(axis=1) > 0]
        self.chart_programs.value = html.stacked_html(
            "status_by_program",
            "Tình trạng theo đề án/chương trình",
            [
                (str(p), str(p) or "Chưa xác định", {str(k): int(v) for k, v in counts.items()})
                for p, counts in sorted(programs.iterrows(), key=lambda item: str(item[0]))
            ],
        )
        open_rows = rows["open"].to_numpy()
        days = rows["deadline_in"].to_numpy()[open_rows]
        days = days[(days >= 0) & (days < 56)]
        weeks = np.bincount((days // 7).astype(int), minlength=8)
        labels = []
        for i in range(8):
            first = as_of + dt.timedelta(days=7 * i)
            labels.append((f"week{i + 1}", f"{first:%d/%m}–{first + dt.timedelta(days=6):%d/%m}"))
        self.chart_weeks.value = html.bars_html(
            "deadlines_by_week",
            "Thời hạn trong 8 tuần tới (nhiệm vụ chưa hoàn thành)",
            [(key, label, int(weeks[i])) for i, (key, label) in enumerate(labels)],
        )

    def _render_league(self) -> None:
        counts = self._group_counts(self.filtered)
        rows = []
        for group, row in counts.iterrows():
            found = {str(k): int(v) for k, v in row.items()}
            value = Kpi({Status(k): v for k, v in found.items()}, sum(found.values()))
            rows.append((str(group), found, value.total, value.on_time_rate))
        rows.sort(key=lambda r: (r[3] if r[3] is not None else 2.0, -r[1]["overdue"]))
        self.league.value = html.league_html(
            [(g, self.group_names[g], values, total, rate) for g, values, total, rate in rows]
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
        tasks = self.filtered[self.filtered["group"] == code]
        tasks = tasks.sort_values(["overdue_key", "deadline", "key"], na_position="last")
        note = f"{len(tasks)} nhiệm vụ của {self.group_names.get(code, code)}"
        if len(tasks) > 500:
            note += " (hiện 500 nhiệm vụ đầu; dùng bộ lọc «Cơ quan chủ trì» để xem hết)"
        self.agency_tasks.value = html.table_html(
            "agency", self.views(tasks.iloc[:500]), len(tasks), note
        )

    def overdue_rows(self) -> pd.DataFrame:
        """The overdue rows in the leaders' order: the agency with the longest delay first,
        then within an agency the most days overdue first."""
        if self._overdue_rows is None:
            rows = self.filtered[self.filtered["status"] == Status.OVERDUE.value]
            worst = rows.groupby("group", observed=True)["days"].transform("max")
            order = pd.DataFrame(
                {"worst": -worst, "group": rows["group"].astype(str), "days": -rows["days"]}
            )
            order["id"] = rows["id"].fillna("")
            self._overdue_rows = rows.loc[
                order.sort_values(["worst", "group", "days", "id"], kind="stable").index
            ]
        return self._overdue_rows

    def _render_overdue(self) -> None:
        rows = self.overdue_rows()
        totals = rows["group"].value_counts()
        page = self.overdue_pager.slice(rows)
        groups: list[tuple[str, list[TaskView], int]] = []
        for view in self.views(page):
            if not groups or groups[-1][1][0].group != view.group:
                groups.append((view.group_name, [], int(totals[view.group])))
            groups[-1][1].append(view)
        self.overdue.value = html.overdue_review_html(groups)

    def _render_table(self) -> None:
        page = self.table_pager.slice(self.filtered)
        self.table.value = html.table_html("tasks", self.views(page), len(self.filtered))

    def views(self, rows: pd.DataFrame) -> list[TaskView]:
        """The projections of some rows of the table (its index is their place in
        `Evaluation.views`)."""
        views = self.evaluation.views
        return [views[i] for i in rows.index]

    # --- export -------------------------------------------------------------------------------

    def export(self) -> bytes:
        """The filtered tasks as an .xlsx, offered as a download link; returns its bytes."""
        cut: list[str] = []
        with tempfile.TemporaryDirectory() as folder:
            path = write_tasks(self.filtered, Path(folder) / "nhiem-vu.xlsx", cut=cut)
            data = path.read_bytes()
        count = len(self.filtered)
        name = f"nhiem-vu-loc-{self.evaluation.as_of:%Y%m%d}.xlsx"
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        warning = cut_warning(cut)
        self.download.value = (
            f'<a class="trk" data-export="{count}" download="{name}" '
            f'href="data:{mime};base64,{base64.b64encode(data).decode()}">Tải {name} '
            f"({count} nhiệm vụ)</a>"
            + (f' <span class="trk stale" data-cut="{len(cut)}">{escape(warning)}</span>'
               if warning else "")
        )  # fmt: skip
        return data


def _working_frame(evaluation: Evaluation) -> pd.DataFrame:
    """The task table with what filtering needs: categories for the filtered columns, days
    to the deadline, days overdue as numbers, whether the task is still open."""
    frame = evaluation.table.copy()
    for column in ("program", "meeting"):
        frame[column] = frame[column].fillna("").astype("category")
    frame["group"] = frame["group"].astype("category")
    as_of = np.datetime64(evaluation.as_of, "s")
    frame["deadline_in"] = (frame["deadline"].to_numpy() - as_of) / np.timedelta64(1, "D")
    frame["days"] = frame["days_overdue"].astype("float").fillna(0)
    frame["overdue_key"] = -frame["days_overdue"].astype("float").fillna(-1)
    done = frame["completed"].fillna(False).to_numpy(dtype=bool)
    frame["open"] = ~done & (frame["status"] != Status.CANCELLED.value).to_numpy()
    return frame


def _trend_points(trends: Trends) -> list[tuple[str, int, float | None]]:
    """(label, overdue, on-time rate) at each meeting date; at each snapshot when the store
    knows no meeting."""

    def point(label: str, day: str, groups: dict[str, KpiJSON]) -> tuple[str, int, float | None]:
        overall = groups[""]
        when = dt.date.fromisoformat(day)
        return (f"{label} ({when:%d/%m/%Y})", overall["counts"]["overdue"], overall["on_time_rate"])

    points = [point(m["meeting"], m["date"], m["groups"]) for m in trends.get("meetings", [])]
    return points or [
        point(f"#{s['snapshot']}", s["as_of"], s["groups"]) for s in trends.get("snapshots", [])
    ]
