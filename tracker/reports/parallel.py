"""Reading a large local workbook, and writing a large report, in two processes (2 cores).

Validating rows is Python work that one interpreter does on one core. When a workbook's
assignment tabs are large and there are several, a forked child reads and validates the
later tabs while this process does the earlier ones; the child sends back what it found
(`core.workbook.Part`, pickled through a pipe) and the two are put together in sheet order,
so the result is the same as reading in one process. Only where fork is safe: on POSIX, in a
process with a single thread (a command, not a notebook kernel or the dashboard server).
Anything that goes wrong in the child falls back to reading those tabs here.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Generic, TypeVar

from ..core.settings import Settings
from ..core.workbook import ParsedWorkbook, Part, finish, merge, parse_tabs, part_of, tab_kind
from ..sources.excel import read_tabs, tab_sizes

T = TypeVar("T")
# Below this much sheet XML (about 5,000 rows), one process is as fast.
MIN_BYTES = 3_000_000
# The child's share of the tabs to read: this process also takes the child's result in.
CHILD_SHARE = 0.55


def split_tabs(sizes: dict[str, int]) -> tuple[list[str], list[str]] | None:
    """(the earlier tabs, the later tabs) with about `CHILD_SHARE` of the bytes in the later;
    None when the workbook is too small or has one tab to read."""
    candidates = [name for name in sizes if tab_kind(name) not in ("meetings", "agencies")]
    total = sum(sizes[name] for name in candidates)
    if total < MIN_BYTES or len(candidates) < 2:
        return None
    taken = 0
    for index, name in enumerate(candidates):
        if taken + sizes[name] / 2 > total * (1 - CHILD_SHARE):
            if 0 < index < len(candidates):
                return candidates[:index], candidates[index:]
            break
        taken += sizes[name]
    return None


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def load_in_two(path: Path, source: str, settings: Settings) -> ParsedWorkbook | None:
    """The workbook at `path` read in two processes (see the module docstring), named
    `source`; None when that is not possible or not worth it (then read it in one)."""
    sizes = tab_sizes(path)
    groups = split_tabs(sizes) if sizes and can_fork() else None
    if groups is None:
        return None
    first, later = groups
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read the later tabs, send what they hold, and leave
        try:
            os.close(reader)
            result = _parse(path, later, settings)
            data = pickle.dumps(_part(result), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # anything: the parent reads these tabs itself
            data = b""
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
        os._exit(0)
    os.close(writer)
    try:
        result = _parse(path, first, settings)
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
    finally:
        os.waitpid(pid, 0)
    part = pickle.loads(data) if data else _part(_parse(path, later, settings))
    merge(result, part)
    finish(result)
    result.source = source
    return result


def _parse(path: Path, tabs: list[str], settings: Settings) -> ParsedWorkbook:
    raw = read_tabs(str(path), set(tabs))
    return parse_tabs(
        raw, set(tabs), calendar=settings.calendar, rollover=settings.deadline_rollover
    )


def _part(result: ParsedWorkbook) -> Part:
    """What the assignment tabs of `result` hold (the meetings and agencies tabs are read by
    both processes; their problems are kept once)."""
    own = set(result.assignment_tabs)
    first = next((i for i, p in enumerate(result.problems) if p.sheet in own), len(result.problems))
    return part_of(result, first)


# Below this many items, rendering in one process is as fast.
MIN_ITEMS = 5000


class Later(Generic[T]):
    """The rendering of the later items of a list, done by a forked child (or, when no
    child was started, or it failed, here on demand)."""

    def __init__(
        self,
        items: Sequence[T],
        render: Callable[[Sequence[T]], str],
        pid: int | None = None,
        reader: int | None = None,
    ) -> None:
        self.items, self._render, self._pid, self._reader = items, render, pid, reader

    def result(self) -> str:
        if self._pid is None or self._reader is None:
            return self._render(self.items) if self.items else ""
        with os.fdopen(self._reader, "rb") as pipe:
            data = pipe.read()
        os.waitpid(self._pid, 0)
        if data[:1] == b"1":
            return data[1:].decode("utf-8")
        return self._render(self.items)


def render_in_two(items: Sequence[T], render: Callable[[Sequence[T]], str]) -> Later[T]:
    """Start rendering the later half of `items` in a forked child, while this process
    renders the earlier items (those before `Later.items`); `Later.result()` is the child's
    text. No child for a short list or where fork is not safe (then `Later.items` is
    empty)."""
    if len(items) < MIN_ITEMS or not can_fork():
        return Later(items[len(items) :], render)
    later = items[len(items) // 2 :]
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render into memory first, so that the work is not held up
        try:  # by a full pipe while the parent renders its half
            os.close(reader)
            data = b"1" + render(later).encode("utf-8")
        except BaseException:
            data = b"0"
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
        os._exit(0)
    os.close(writer)
    return Later(later, render, pid, reader)
