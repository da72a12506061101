"""Per-agency briefs: the brief's content (pure), and the batch that executes the papermill
notebook `notebooks/agency_brief.ipynb` for every agency.

The batch reads the source once and writes a local data snapshot (JSON: the tasks, meetings,
observed completions and what was completed since the last session); each notebook reads it,
never the source and never credentials. Executions reuse a pool of warm kernels, one per
job, reset between briefs; the snapshot is parsed once per kernel (cached by file identity),
so a warm brief equals a fresh-kernel brief.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypedDict, cast

import pandas as pd

from ...core.dates import vn_date
from ...core.errors import BadArgument, TrackerError
from ...core.model import AgencyKind, Request, Status
from ...core.projection import (
    TaskView,
    deadline_label,
    deadline_order,
    overdue_order,
    rate_text,
)
from ...core.status import Kpi
from ...core.workbook import ParsedWorkbook
from ...reports.chase import STATE_LABELS
from ...reports.evaluation import Evaluation, evaluate
from ...sources.files import atomic_path, write_text_atomic
from ..paths import project_file, templates

SNAPSHOT_VERSION = 1
COLLECTIVE_FOR = {
    AgencyKind.MINISTRY: ("ALL_MINISTRIES", "ALL_AGENCIES"),
    AgencyKind.NATIONAL: ("ALL_MINISTRIES", "ALL_AGENCIES"),
    AgencyKind.PROVINCE: ("ALL_PROVINCES", "ALL_AGENCIES"),
    AgencyKind.OTHER: ("ALL_AGENCIES",),
}


# --- the snapshot the notebooks read --------------------------------------------------------


def write_snapshot(
    path: Path,
    evaluation: Evaluation,
    completed_since: dict[str, str] | None,
    requests: list[Request] | None = None,
) -> Path:
    """Write what the briefs need (atomically): tasks, meetings and agencies, observed
    completions, task key -> completion date for tasks completed since the last session
    (None: no history), and the requests for explanation."""
    from ...store.serialize import task_payload, workbook_extra

    workbook = evaluation.workbook
    observed = {
        t.task.key: t.completion_observed_on.isoformat()
        for t in evaluation.tasks
        if t.completion_observed_on is not None
    }
    data = {
        "version": SNAPSHOT_VERSION,
        "source": workbook.source,
        "read_at": workbook.read_at.isoformat() if workbook.read_at else None,
        "stale": workbook.stale,
        "due_soon_days": evaluation.due_soon_days,
        "tasks": [task_payload(t) for t in workbook.assignments],
        "extra": workbook_extra(workbook),
        "observed": observed,
        "completed_since": completed_since,
        "requests": [
            {
                "task": r.task_key,
                "agency": r.agency,
                "requested_on": r.requested_on.isoformat(),
                "answer_due": r.answer_due.isoformat(),
                "days_overdue": r.days_overdue,
                "answered_on": r.answered_on.isoformat() if r.answered_on else None,
            }
            for r in requests or []
        ],
    }
    write_text_atomic(path, json.dumps(data, ensure_ascii=False))
    return path


@dataclass
class Snapshot:
    workbook: ParsedWorkbook
    source: str
    due_soon_days: int
    observed: dict[str, dt.date]
    completed_since: dict[str, str] | None
    requests: list[Request] = field(default_factory=list)
    evaluations: dict[dt.date, Evaluation] = field(default_factory=dict)
    agency_rows: dict[dt.date, AgencyRows] = field(default_factory=dict)

    def evaluate(self, as_of: dt.date) -> Evaluation:
        if as_of not in self.evaluations:
            self.evaluations[as_of] = evaluate(
                self.workbook, as_of, self.due_soon_days, self.observed
            )
        return self.evaluations[as_of]

    def rows(self, as_of: dt.date) -> AgencyRows:
        """Each agency's rows of the task table on `as_of` (found once for all briefs)."""
        if as_of not in self.agency_rows:
            self.agency_rows[as_of] = AgencyRows(self.evaluate(as_of))
        return self.agency_rows[as_of]


_SNAPSHOTS: dict[tuple[str, int, int], Snapshot] = {}


def load_snapshot(path: str | Path) -> Snapshot:
    """The snapshot at `path`, parsed once per process for the same file (path, size and
    modification time), so that warm kernels do not parse it again for every brief."""
    from ...store.serialize import task_from_payload, workbook_from

    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        raise TrackerError(f"Không đọc được tệp dữ liệu của bản tin {path}") from None
    identity = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if identity not in _SNAPSHOTS:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != SNAPSHOT_VERSION:
            raise TrackerError(f"Tệp dữ liệu {path} không đúng phiên bản")
        tasks = [task_from_payload(p) for p in data["tasks"]]
        workbook = workbook_from(data["source"], data["extra"], tasks)
        observed = {k: dt.date.fromisoformat(v) for k, v in data["observed"].items()}
        _SNAPSHOTS.clear()
        requests = [
            Request(
                r["task"],
                r["agency"],
                dt.date.fromisoformat(r["requested_on"]),
                dt.date.fromisoformat(r["answer_due"]),
                r["days_overdue"],
                dt.date.fromisoformat(r["answered_on"]) if r["answered_on"] else None,
            )
            for r in data.get("requests", [])
        ]
        _SNAPSHOTS[identity] = Snapshot(
            workbook,
            data["source"],
            data["due_soon_days"],
            observed,
            data["completed_since"],
            requests,
        )
    return _SNAPSHOTS[identity]


# --- what a brief says ---------------------------------------------------------------------


@dataclass(frozen=True)
class TaskLine:
    """One task as a brief lists it; every value is display text."""

    id: str
    title: str
    lead: str  # who answers for it now (lead_current_name)
    inherited_from: str | None  # the agency it was given to, before a 2025 succession
    co: str
    deadline_text: str
    deadline: str
    status: str
    days_overdue: int | None
    completed_on: str

    @classmethod
    def of(cls, view: TaskView) -> TaskLine:
        """The brief's line of a task, selected from its projection."""
        return cls(
            id=view.id or view.key,
            title=view.title or "",
            lead=view.lead_current_name,
            inherited_from=view.inherited_from,
            co=", ".join(view.co_names),
            deadline_text=deadline_label(view),
            deadline=vn_date(view.deadline),
            status=view.status_label,
            days_overdue=view.days_overdue,
            completed_on=vn_date(view.completed_on),
        )


@dataclass(frozen=True)
class RequestLine:
    """One request for explanation as a brief lists it."""

    id: str
    title: str
    requested_on: str
    answer_due: str
    days_overdue: int
    state: str
    answered_on: str


@dataclass(frozen=True)
class KpiLine:
    status: str  # the status code, for styling
    label: str
    count: int


@dataclass(frozen=True)
class BriefContext:
    """Everything `templates/brief.html.j2` shows; the template computes nothing."""

    agency_code: str
    agency_name: str
    as_of: str
    next_meeting: str | None
    source: str
    stale: bool
    due_soon_days: int
    kpis: list[KpiLine]
    total: int
    on_time_rate: str
    overdue: list[TaskLine]
    due_soon: list[TaskLine]
    in_progress: list[TaskLine]
    completed_since: list[TaskLine] | None  # None: no history to tell
    co_tasks: list[TaskLine]
    inherited: list[TaskLine]
    collective: list[TaskLine]
    requests: list[RequestLine]


class AgencyRows:
    """Which rows of the task table concern each agency, found once per evaluation: those it
    leads (as current lead), those it co-operates on, those of the collective leads."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.table = table = evaluation.table
        self.views = evaluation.views
        self.lead = table.groupby("group", sort=False, observed=True).indices
        co = table["co_current"].explode().dropna()
        self.co = co.groupby(co, sort=False).groups

    def led(self, code: str) -> pd.DataFrame:
        return self.table.iloc[self.lead.get(code, [])]

    def co_operated(self, code: str) -> pd.DataFrame:
        rows = self.table.loc[self.co.get(code, [])]
        return rows[rows["lead_current"] != code]

    def of(self, rows: pd.DataFrame) -> list[TaskView]:
        return [self.views[i] for i in rows.index]

    def lines(self, rows: pd.DataFrame | list[TaskView]) -> list[TaskLine]:
        views = self.of(rows) if isinstance(rows, pd.DataFrame) else rows
        return [TaskLine.of(view) for view in views]


def brief_context(snapshot: Snapshot, agency: str, as_of: dt.date) -> BriefContext:
    """The brief of one agency (as lead_current) on `as_of`, from its slices of the task
    table. Raises BadArgument for an agency that is not in the registry."""
    rows = snapshot.rows(as_of)
    registry = snapshot.workbook.registry
    code = registry.lookup(agency)
    found = registry.get(code) if code else None
    if found is None or code is None:
        raise BadArgument(f"không có cơ quan «{agency}» trong danh mục")
    own = rows.led(code)
    status = own["status"]
    counts = status.value_counts(sort=False)
    value = Kpi({s: int(counts.get(s.value, 0)) for s in Status}, len(own))
    overdue = sorted(rows.of(own[status == Status.OVERDUE.value]), key=overdue_order)
    due_soon = sorted(rows.of(own[status == Status.DUE_SOON.value]), key=deadline_order)
    in_progress = sorted(rows.of(own[status == Status.IN_PROGRESS.value]), key=deadline_order)
    completed: list[TaskLine] | None = None
    if snapshot.completed_since is not None:
        done = own[own["key"].isin(snapshot.completed_since)].sort_values("key")
        completed = rows.lines(done)
    collective_codes = COLLECTIVE_FOR.get(found.kind, ())
    collective = pd.concat([rows.led(c) for c in collective_codes]).sort_index()
    asked = [r for r in snapshot.requests if r.agency == code]
    wanted = {r.task_key for r in asked}
    titles = (
        {t.key: t.title for t in snapshot.workbook.assignments if t.key in wanted} if asked else {}
    )
    upcoming = sorted(
        (m for m in snapshot.workbook.meetings.values() if m.date and m.date > as_of),
        key=lambda m: m.date or dt.date.max,
    )
    next_meeting = None
    if upcoming:
        meeting = upcoming[0]
        number = f"thứ {meeting.number} " if meeting.number else ""
        next_meeting = f"Phiên họp {number}({meeting.id}), ngày {vn_date(meeting.date)}"
    return BriefContext(
        agency_code=code,
        agency_name=found.name,
        as_of=vn_date(as_of),
        next_meeting=next_meeting,
        source=snapshot.source,
        stale=snapshot.workbook.stale,
        due_soon_days=snapshot.due_soon_days,
        kpis=[KpiLine(s.value, s.label, value.counts[s]) for s in Status],
        total=value.total,
        on_time_rate=rate_text(value.on_time_rate),
        overdue=rows.lines(overdue),
        due_soon=rows.lines(due_soon),
        in_progress=rows.lines(in_progress),
        completed_since=completed,
        co_tasks=rows.lines(rows.co_operated(code)),
        inherited=rows.lines(own[own["lead"].notna() & (own["lead"] != code)]),
        collective=rows.lines(collective),
        requests=[
            RequestLine(
                r.task_key,
                titles.get(r.task_key) or "",
                vn_date(r.requested_on),
                vn_date(r.answer_due),
                r.days_overdue,
                STATE_LABELS[r.state(as_of)],
                vn_date(r.answered_on) if r.state(as_of) == "answered" else "",
            )
            for r in asked
        ],
    )


def render_brief(context: BriefContext) -> str:
    """The brief as a standalone HTML page (everything escaped)."""
    template = templates().get_template("brief.html.j2")
    return str(template.render(**asdict(context)))


def brief_html(snapshot_path: str, agency: str, as_of: str | None) -> str:
    """What the notebook calls: the brief of `agency` from the snapshot file."""
    day = dt.date.fromisoformat(as_of) if as_of else _today()
    return render_brief(brief_context(load_snapshot(snapshot_path), agency, day))


def _today() -> dt.date:
    from ...reports.sources import today

    return today()


# --- the batch -----------------------------------------------------------------------------


def file_stems(codes: Iterable[str]) -> dict[str, str]:
    """A file name (without extension) for each agency's brief: the code where it is a plain
    name, else the code made plain with a short hash of it (`X.1` and `X_1` stay apart);
    never `index` (the batch's own page), and unique even where case does not count."""
    stems: dict[str, str] = {}
    taken: set[str] = {"index"}
    for code in codes:
        stem = re.sub(r"[^A-Za-z0-9_-]", "_", code) or "_"
        if stem != code or stem.casefold() in taken:
            stem = f"{stem}-{hashlib.sha1(code.encode()).hexdigest()[:8]}"
        base, n = stem, 1
        while stem.casefold() in taken:
            n += 1
            stem = f"{base}-{n}"
        taken.add(stem.casefold())
        stems[code] = stem
    return stems


def notebook_path() -> Path:
    return project_file("notebooks", "agency_brief.ipynb")


def brief_output(notebook: Any) -> str:
    """The brief's HTML from an executed notebook (the output of the cell tagged `brief`)."""
    for cell in notebook.cells:
        if "brief" in cell.metadata.get("tags", []):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "text/html" in data:
                    html = data["text/html"]
                    return "".join(html) if isinstance(html, list) else str(html)
    raise TrackerError("sổ tay không tạo ra bản tin")


def execute_brief(
    agency: str, stem: str, as_of: dt.date, snapshot: Path, out_dir: Path, km: Any = None
) -> tuple[Path, Path]:
    """Execute the brief notebook for one agency; write `<code>.ipynb` (executed, for audit)
    and `<code>.html` whole or not at all. With `km`, in that (warm) kernel, whose state is
    reset first; without, in a fresh kernel. Raises on failure (the files are not written)."""
    import papermill

    if km is not None:
        _reset(km)
    work = Path(tempfile.mkdtemp(prefix=".tmp-brief-", dir=snapshot.parent))
    try:
        executed = papermill.execute_notebook(
            str(notebook_path()),
            str(work / f"{stem}.ipynb"),
            parameters={
                "agency": agency,
                "as_of": as_of.isoformat(),
                "snapshot_path": str(snapshot),
            },
            kernel_name="python3",
            progress_bar=False,
            km=km,
            cwd=str(work),
        )
        (work / f"{stem}.html").write_text(brief_output(executed), encoding="utf-8")
        os.replace(work / f"{stem}.ipynb", out_dir / f"{stem}.ipynb")
        os.replace(work / f"{stem}.html", out_dir / f"{stem}.html")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out_dir / f"{stem}.ipynb", out_dir / f"{stem}.html"


def _reset(km: Any) -> None:
    client = km.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    # A clean namespace, a new history session and the execution counter of a fresh kernel;
    # imported modules (and the parsed snapshot they cache) stay.
    client.execute_interactive(
        "get_ipython().reset(new_session=True)", timeout=60, store_history=False
    )


def start_kernel() -> Any:
    """A warm kernel for briefs (IPC transport: no TCP port, no warning). Its manager hands
    every notebook run the same connected client: connecting a new client costs a fifth of a
    second (the iopub flush of `wait_for_ready`), more than a brief itself."""
    from jupyter_client.blocking.client import BlockingKernelClient
    from jupyter_client.manager import KernelManager

    class ReadyClient(BlockingKernelClient):
        ready = False

        def start_channels(self, *args: Any, **kwargs: Any) -> None:
            if not self.channels_running:
                super().start_channels(*args, **kwargs)

        def wait_for_ready(self, timeout: float | None = None) -> None:
            if not self.ready:
                super().wait_for_ready(timeout)
                self.ready = True

    class WarmKernelManager(KernelManager):
        shared: Any = None

        def client(self, **kwargs: Any) -> Any:
            if self.shared is None:
                kw = dict(self.get_connection_info(session=True))
                kw.update(kwargs, parent=self)
                self.shared = ReadyClient(**kw)
            return self.shared

    folder = tempfile.mkdtemp(prefix="tracker-kernel-")
    km = WarmKernelManager(kernel_name="python3", transport="ipc", ip=str(Path(folder) / "k"))
    km.start_kernel(env={**os.environ, "JUPYTER_PLATFORM_DIRS": "1"})
    return km


_WORKER_KM: Any = None


def _worker_init() -> None:
    import multiprocessing.util

    global _WORKER_KM
    _WORKER_KM = start_kernel()
    multiprocessing.util.Finalize(
        None, _WORKER_KM.shutdown_kernel, kwargs={"now": True}, exitpriority=10
    )


def _worker_run(
    agency: str, stem: str, as_of: dt.date, snapshot: Path, out_dir: Path
) -> str | None:
    """Run one brief in this worker's warm kernel; the error as text, or None."""
    try:
        execute_brief(agency, stem, as_of, snapshot, out_dir, _WORKER_KM)
        return None
    except Exception as exc:  # reported for this agency; the others go on
        return _describe(exc)


def _describe(exc: Exception) -> str:
    ename = getattr(exc, "ename", None)
    evalue = getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    return f"{type(exc).__name__}: {exc}"


@dataclass
class BatchResult:
    out_dir: Path
    done: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    index: Path | None = None
    stems: dict[str, str] = field(default_factory=dict)  # agency -> its files' name

    def html(self, agency: str) -> Path:
        return self.out_dir / f"{self.stems[agency]}.html"

    def to_dict(self, evaluation: Evaluation, pdf: bool) -> BatchReport:
        """What `tracker briefs --json` prints."""
        return {
            "as_of": evaluation.as_of.isoformat(),
            "source": evaluation.workbook.source,
            "out": str(self.out_dir),
            "index": str(self.index) if self.index else None,
            "briefs": [
                {
                    "agency": agency,
                    "html": str(self.html(agency)),
                    "pdf": str(self.html(agency).with_suffix(".pdf")) if pdf else None,
                }
                for agency in self.done
            ],
            "failed": [{"agency": a, "error": e} for a, e in self.failed.items()],
        }


class BriefJSON(TypedDict):
    agency: str
    html: str
    pdf: str | None


class FailedJSON(TypedDict):
    agency: str
    error: str


class BatchReport(TypedDict):
    as_of: str
    source: str
    out: str
    index: str | None
    briefs: list[BriefJSON]
    failed: list[FailedJSON]


def brief_agencies(evaluation: Evaluation) -> list[str]:
    """Every agency that is the current lead or a co-agency of some task (collective leads
    and unknown agencies aside), in the secretariat's order."""
    from ...core.agencies import COLLECTIVE, display_order

    table = evaluation.table
    leads = table["lead_current"].dropna()
    codes = {str(c) for c in leads} | {str(c) for c in table["co_current"].explode().dropna()}
    registry = evaluation.workbook.registry
    known = [c for c in codes if c not in COLLECTIVE and registry.get(c) is not None]
    return sorted(known, key=display_order(registry))


def run_batch(
    evaluation: Evaluation,
    agencies: list[str],
    out_dir: Path,
    jobs: int,
    completed_since: dict[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    requests: list[Request] | None = None,
) -> BatchResult:
    """Briefs for `agencies`, executed by `jobs` warm kernels (0: a fresh kernel per brief,
    the slow path, kept for comparison). Writes `index.html` linking every brief.
    `requests`: the requests for explanation, each shown in its agency's brief."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    out_dir.mkdir(parents=True, exist_ok=True)
    result = BatchResult(out_dir, stems=file_stems(agencies))
    # A name of this batch's own, so that two batches writing into one folder do not meet.
    work = Path(tempfile.mkdtemp(prefix=".tmp-batch-", dir=out_dir))
    snapshot = write_snapshot(work / "snapshot.json", evaluation, completed_since, requests)
    as_of = evaluation.as_of
    total = len(agencies)
    try:
        if jobs <= 0:
            for n, agency in enumerate(agencies, start=1):
                try:
                    execute_brief(agency, result.stems[agency], as_of, snapshot, out_dir)
                    result.done.append(agency)
                except Exception as exc:
                    result.failed[agency] = _describe(exc)
                if progress:
                    progress(n, total)
        else:
            with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init) as pool:
                futures = {
                    pool.submit(_worker_run, a, result.stems[a], as_of, snapshot, out_dir): a
                    for a in agencies
                }
                try:
                    for n, future in enumerate(as_completed(futures), start=1):
                        agency = futures[future]
                        error = future.result()
                        if error is None:
                            result.done.append(agency)
                        else:
                            result.failed[agency] = error
                        if progress:
                            progress(n, total)
                except BaseException:
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
        result.index = write_index(evaluation, result, out_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def write_index(evaluation: Evaluation, result: BatchResult, out_dir: Path) -> Path:
    """index.html: every brief with its agency's counts, and the agencies that failed."""
    registry = evaluation.workbook.registry
    table = evaluation.table
    found = pd.crosstab(table["group"], table["status"]).to_dict("index")
    counts = cast(dict[str, dict[str, int]], found)
    rows = []
    for code in sorted([*result.done, *result.failed], key=lambda c: registry.name(c)):
        own = counts.get(code, {})
        rows.append(
            {
                "code": code,
                "name": registry.name(code),
                "file": f"{result.stems[code]}.html",
                "overdue": own.get(Status.OVERDUE.value, 0),
                "due_soon": own.get(Status.DUE_SOON.value, 0),
                "total": sum(own.values()),
                "error": result.failed.get(code),
            }
        )
    template = templates().get_template("brief_index.html.j2")
    page = template.render(
        as_of=vn_date(evaluation.as_of),
        source=evaluation.workbook.source,
        rows=rows,
        errors=bool(result.failed),
    )
    path = out_dir / "index.html"
    write_text_atomic(path, str(page))
    return path


def to_pdf(html_path: Path) -> Path:
    """The brief as PDF, printed by Debian's Chromium (fonts with Vietnamese glyphs are
    embedded by it). Raises TrackerError when Chromium is missing or fails."""
    import subprocess

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise TrackerError("Cần Chromium để xuất PDF (gói chromium của Debian)")
    target = html_path.with_suffix(".pdf")
    with atomic_path(target) as tmp:
        args = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--disable-background-networking",
            "--disable-component-update",
            f"--print-to-pdf={tmp}",
            html_path.resolve().as_uri(),
        ]
        done = subprocess.run(args, capture_output=True, timeout=120)
        if done.returncode != 0 or not tmp.stat().st_size:
            raise TrackerError(f"Chromium không xuất được PDF cho {html_path.name}")
    return target
