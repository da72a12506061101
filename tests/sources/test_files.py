"""Files written whole: a failure names the file asked for, not its temporary twin."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.sources.files import atomic_path, write_text_atomic


def test_a_write_that_fails_names_the_target(tmp_path: Path) -> None:
    target = Path("/proc/tracker-test.xlsx")  # no file can be created in /proc
    with pytest.raises(OSError) as failed, atomic_path(target):
        pass
    assert failed.value.filename == str(target)


def test_a_folder_in_the_way_names_the_target_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.mkdir()
    (target / "kept").write_text("x", encoding="utf-8")
    with pytest.raises(OSError) as failed:
        write_text_atomic(target, "new")
    assert failed.value.filename == str(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no temporary file left
