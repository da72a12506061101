"""Reading a large local workbook, and writing a large report, in two processes (2 cores).

Validating rows is Python work that one interpreter does on one core. When a workbook's
assignment tabs are large and there are several, a forked child reads and validates the
later tabs while this process does the earlier ones; the child sends back what it found
(`core.workbook.Part`, pickled through a pipe) and the two are put together in sheet order,
so the result is the same as reading in one process. Only where fork is safe: on POSIX, in a
process with a single thread (a command, not a notebook kernel or the dashboard server).
Anything that goes wrong in the child falls back to reading those tabs here.

`start_child` is the fork itself, also used to write the later half of a long report
(`render_in_two`) and, for `tracker status --json`, to take the later tabs from the cells to
the JSON text (`status_in_two`).
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Generic, TypeVar

from ..core.assignments import WHOLE, Share
from ..core.model import Problem
from ..core.settings import Settings
from ..core.workbook import ParsedWorkbook, Part, finish, merge, parse_tabs, tab_kind
from ..sources.excel import read_tabs, tab_rows, tab_sizes

T = TypeVar("T")
# Below this much sheet XML (about 5,000 rows), one process is as fast.
MIN_BYTES = 3_000_000
# The child's share of the work when this process also takes the child's tasks in.
CHILD_SHARE = 0.55
# A tab is cut between the processes only when each takes at least this much of it (a
# tab cut is read by both).
MIN_CUT = 0.1

# Tab -> the share of its tasks one process reads (see `core.assignments.Share`).
Plan = dict[str, Share]


def split_tabs(
    sizes: dict[str, int], child_share: float = CHILD_SHARE, rows: dict[str, int] | None = None
) -> tuple[Plan, Plan] | None:
    """(what this process reads, what the child reads): the tabs in sheet order, the child
    taking the later ones, about `child_share` of the rows (when `rows` gives each tab's,
    else of the bytes); the tab where the share falls is cut between them, by its tasks.
    None when the workbook is too small."""
    if not worth_splitting(sizes):
        return None
    candidates = _candidates(sizes)
    weights = rows if rows is not None and all(name in rows for name in candidates) else sizes
    mine: Plan = {}
    target, taken = sum(weights[name] for name in candidates) * (1 - child_share), 0
    for index, name in enumerate(candidates):
        size = weights[name]
        if taken + size <= target:
            mine[name] = WHOLE
            taken += size
            continue
        cut = (target - taken) / size
        later = candidates[index + 1 :]
        if cut >= 1 - MIN_CUT:
            mine[name] = WHOLE
        elif cut >= MIN_CUT:
            mine[name] = (0.0, cut)
            later = [name, *later]
        else:
            later = [name, *later]
        theirs: Plan = {tab: WHOLE for tab in later}
        if later and later[0] in mine:
            theirs[later[0]] = (cut, 1.0)
        return (mine, theirs) if mine and theirs else None
    return None


def _candidates(sizes: dict[str, int]) -> list[str]:
    """The tabs one process or the other reads (both read the meetings and agencies)."""
    return [name for name in sizes if tab_kind(name) not in ("meetings", "agencies")]


def worth_splitting(sizes: dict[str, int]) -> bool:
    return sum(sizes[name] for name in _candidates(sizes)) >= MIN_BYTES


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def load_in_two(path: Path, source: str, settings: Settings) -> ParsedWorkbook | None:
    """The workbook at `path` read in two processes (see the module docstring), named
    `source`; None when that is not possible or not worth it (then read it in one)."""
    groups = tab_groups(path)
    if groups is None:
        return None
    first, later = groups

    def later_part() -> Part:
        return _part(parse_part(path, later, settings), later)

    with start_child(lambda: pickle.dumps(later_part(), pickle.HIGHEST_PROTOCOL)) as child:
        result = parse_part(path, first, settings)
        data = child()
    part = pickle.loads(data) if data is not None else later_part()
    merge(result, part)
    finish(result)
    result.source = source
    return result


def tab_groups(path: Path, child_share: float = CHILD_SHARE) -> tuple[Plan, Plan] | None:
    """What each of two processes reads of a local workbook (see `split_tabs`); None when
    the workbook is too small, cannot be sized, or forking is not safe here."""
    sizes = tab_sizes(path)
    if not sizes or not worth_splitting(sizes) or not can_fork():
        return None
    return split_tabs(sizes, child_share, tab_rows(path))


class Child:
    """A forked child doing some work (see `start_child`). Called, it waits for the child
    and gives what the work returned, or None when it failed. Used as a context manager, it
    stops the child when the block raises (this process was interrupted, or its own part
    failed), so that no child works on for a parent that is gone."""

    def __init__(self, pid: int, reader: int) -> None:
        self.pid, self._reader, self._done = pid, reader, False

    def __call__(self) -> bytes | None:
        self._done = True
        try:
            with os.fdopen(self._reader, "rb") as pipe:
                data = pipe.read()
        finally:
            os.waitpid(self.pid, 0)
        return data[1:] if data[:1] == b"1" else None

    def stop(self) -> None:
        if self._done:
            return
        self._done = True
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self._reader)

    def __enter__(self) -> Child:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:
            self.stop()


def start_child(work: Callable[[], bytes]) -> Child:
    """Run `work` in a forked child while this process goes on (see `Child`); when the
    child fails, the caller does that work itself. The child works into memory first, so
    that it is not held up by a full pipe while this process works."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send its result, and leave
        try:
            os.close(reader)
            try:
                data = b"1" + work()
            except BaseException:  # anything: the parent does the work itself
                data = b"0"
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(data)  # fails when the parent is gone
        finally:
            os._exit(0)  # never back into the parent's code
    os.close(writer)
    return Child(pid, reader)


def parse_part(path: Path, plan: Plan, settings: Settings) -> ParsedWorkbook:
    """The meetings, agencies and contacts of the workbook at `path`, and the tabs of `plan`
    (each for its share of tasks), without the checks across tabs (see
    `core.workbook.parse_tabs`)."""
    raw = read_tabs(str(path), set(plan))
    return parse_tabs(raw, plan, calendar=settings.calendar, rollover=settings.deadline_rollover)


def _part(result: ParsedWorkbook, tabs: Collection[str]) -> Part:
    """What the tabs `tabs` of `result` hold (the meetings and agencies tabs are read by both
    processes; their problems are kept once)."""
    return Part(
        result.assignments,
        own_problems(result, tabs),
        result.assignment_tabs,
        result.columns,
    )


def own_problems(result: ParsedWorkbook, tabs: Collection[str]) -> list[Problem]:
    """The problems of `result` found in the tabs `tabs` (not in the meetings, agencies and
    contacts tabs, which both processes read)."""
    wanted = set(tabs)
    return [p for p in result.problems if p.sheet in wanted]


# Below this many items, rendering in one process is as fast.
MIN_ITEMS = 5000


class Later(Generic[T]):
    """The rendering of the later items of a list, done by a forked child (or, when no
    child was started, or it failed, here on demand)."""

    def __init__(
        self,
        items: Sequence[T],
        render: Callable[[Sequence[T]], str],
        child: Child | None = None,
    ) -> None:
        self.items, self._render, self._child = items, render, child

    def result(self) -> str:
        data = self._child() if self._child is not None else None
        if data is None:
            return self._render(self.items) if self.items else ""
        return data.decode("utf-8")


def render_in_two(items: Sequence[T], render: Callable[[Sequence[T]], str]) -> Later[T]:
    """Start rendering the later half of `items` in a forked child, while this process
    renders the earlier items (those before `Later.items`); `Later.result()` is the child's
    text. No child for a short list or where fork is not safe (then `Later.items` is
    empty)."""
    if len(items) < MIN_ITEMS or not can_fork():
        return Later(items[len(items) :], render)
    later = items[len(items) // 2 :]
    return Later(later, render, start_child(lambda: render(later).encode("utf-8")))
