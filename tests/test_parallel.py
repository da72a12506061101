"""A large workbook read in two processes, and a long report written by two, give exactly
what one process gives."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from tracker.core.settings import Settings
from tracker.core.workbook import parse_workbook
from tracker.reports import parallel
from tracker.sources import read_workbook
from tracker.sources.excel import tab_sizes
from tracker.sources.synthetic import write_synthetic

REFERENCE = dt.date(2026, 3, 16)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.xlsx"
    return write_synthetic(path, 9000, 5, REFERENCE)


def test_two_processes_read_what_one_reads(big: Path) -> None:
    sizes = tab_sizes(big)
    assert sizes is not None and parallel.split_tabs(sizes) is not None  # big enough to split
    two = parallel.load_in_two(big, str(big), Settings())
    one = parse_workbook(read_workbook(str(big)))
    assert two is not None
    assert two.assignment_tabs == one.assignment_tabs
    assert two.assignments == one.assignments
    assert two.problems == one.problems
    assert two.columns == one.columns


def test_duplicate_ids_across_the_two_halves_are_found(big: Path, tmp_path: Path) -> None:
    from tracker.sources.synthetic import synthetic_tabs
    from tracker.sources.xlsx_write import write_xlsx

    tabs = synthetic_tabs(9000, 5, REFERENCE)
    names = [n for n in tabs if n.startswith("Phiên ") and n != "Phiên họp"]
    first, last = tabs[names[0]], tabs[names[-1]]

    def id_column(rows: list[list[object]]) -> int:
        return next(i for i, h in enumerate(rows[3]) if h in ("Mã", "Mã nhiệm vụ", "ID"))

    # the id of the first task, again in the last tab
    last[4][id_column(last)] = first[4][id_column(first)]
    path = write_xlsx(tmp_path / "dup.xlsx", tabs.items(), big=True)
    workbook = parallel.load_in_two(path, str(path), Settings())
    assert workbook is not None
    duplicates = [p for p in workbook.problems if "bị trùng" in p.message]
    assert {p.sheet for p in duplicates} == {names[0], names[-1]}


def test_a_small_workbook_is_read_in_one(tmp_path: Path) -> None:
    path = write_synthetic(tmp_path / "small.xlsx", 300, 1, REFERENCE)
    assert parallel.load_in_two(path, str(path), Settings()) is None


def test_a_child_that_fails_is_done_here() -> None:
    parent = os.getpid()

    def render(items: Sequence[int]) -> str:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return ",".join(map(str, items))

    items = list(range(parallel.MIN_ITEMS * 2))
    later = parallel.render_in_two(items, render)
    assert len(later.items) == parallel.MIN_ITEMS
    assert later.result() == render(items[parallel.MIN_ITEMS :])


def test_rendering_in_two_gives_the_same_text() -> None:
    items = list(range(parallel.MIN_ITEMS * 3))
    later = parallel.render_in_two(items, lambda part: "|".join(map(str, part)))
    head = "|".join(map(str, items[: len(items) - len(later.items)]))
    assert later.items and head + "|" + later.result() == "|".join(map(str, items))
