"""The registry checked against the public facts in ../shared/reference/ (skipped when absent).

The files are read, never copied into the project.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from pathlib import Path

import pytest
from conftest import ROOT

from tracker.core.agencies import PROVINCE_MERGER_DAY, Registry
from tracker.core.model import AgencyKind
from tracker.core.workdays import WorkCalendar

REFERENCE = Path(os.environ.get("TRACKER_REFERENCE_DIR") or ROOT.parent / "shared" / "reference")
R = Registry.builtin()
MINISTRY_MERGER_DAY = dt.date(2025, 3, 1)


def reference(name: str) -> str:
    matches = sorted(REFERENCE.glob(f"{name}*"))
    if not matches:
        pytest.skip(f"reference file {name}* not present in {REFERENCE}")
    return matches[0].read_text(encoding="utf-8")


def _csv(name: str) -> list[dict[str, str]]:
    lines = reference(name).splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def _province(text: str) -> str:
    code = R.resolve(text)
    assert code is not None, text
    agency = R.get(code)
    assert agency is not None and agency.kind is AgencyKind.PROVINCE, text
    return code


def test_the_63_provinces_before_the_merger() -> None:
    rows = _csv("02_provinces_63")
    assert len(rows) == 63
    codes = {_province(row["name"]) for row in rows}
    assert len(codes) == 63
    day_before = PROVINCE_MERGER_DAY - dt.timedelta(days=1)
    assert all(R.current(code, day_before) == code for code in codes)
    ours = {a.code for a in R if a.kind is AgencyKind.PROVINCE}  # type: ignore[attr-defined]
    assert codes == ours


def test_the_34_provinces_after_the_merger_and_what_each_absorbed() -> None:
    rows = _csv("03_provinces_34")
    assert len(rows) == 34
    for row in rows:
        new = _province(row["full_name"])
        assert R.current(new, PROVINCE_MERGER_DAY) == new, row["full_name"]
        merged = row["merged_from (truocsapnhap)"].split(". ")[0]
        if merged.strip() == "giữ nguyên":
            continue
        old = [r.code for r in R.split(merged)]
        assert None not in old and new in old, (merged, old)
        for code in old:
            assert R.current(code, PROVINCE_MERGER_DAY) == new, (code, new)
            if code != new:
                assert R.current(code, PROVINCE_MERGER_DAY - dt.timedelta(days=1)) == code


def _section(text: str, number: int) -> list[str]:
    part = text.split(f"=== {number}.")[1].split("===", 2)[1]
    return [line for line in part.splitlines() if line.strip()]


def test_ministries_before_1_march_2025() -> None:
    lines = _section(reference("04_ministries"), 1)
    names = [re.sub(r"^\d+\.\s*|;|\.$", "", line).strip() for line in lines]
    assert len(names) == 22
    for name in names:
        code = R.resolve(name)
        assert code is not None, name
        assert R.current(code, MINISTRY_MERGER_DAY - dt.timedelta(days=1)) == code


def test_ministries_from_1_march_2025() -> None:
    lines = _section(reference("04_ministries"), 2)
    text = " ".join(line for line in lines if not line.startswith("("))
    text = text.replace("Cơ quan ngang bộ:", ";")
    names = [n.strip(" .") for n in text.split(";") if n.strip(" .")]
    assert len(names) == 17
    for name in names:
        code = R.resolve(name)
        assert code is not None, name
        assert R.current(code, MINISTRY_MERGER_DAY) == code, name


def test_the_merger_map() -> None:
    lines = [line for line in _section(reference("04_ministries"), 3) if "->" in line]
    assert len(lines) == 6
    for line in lines:
        before, after = line.split("->")
        successor = R.resolve(re.sub(r"\(.*?\)", "", after).strip())
        assert successor is not None, after
        for name in re.sub(r"\(.*?\)", "", before).split(" + "):
            code = R.resolve(name.strip())
            assert code is not None, name
            assert R.current(code, MINISTRY_MERGER_DAY) == successor, (name, successor)


def test_short_forms_seen_in_a_real_notice() -> None:
    text = reference("04_ministries")
    listed = re.search(r'"- Các Bộ: ([^"]+)\."', text)
    assert listed is not None
    codes = [r.code for r in R.split("Các Bộ: " + listed.group(1))]
    assert codes == ["BCA", "BTC", "BTNMT", "BCT", "BGTVT", "BXD", "BNNPTNT", "BKHDT"]


def test_public_holidays_are_not_working_days() -> None:
    days = re.findall(r"^\s+(\d{4}-\d{2}-\d{2}) ", reference("05_vn_holidays"), re.M)
    assert len(days) >= 30
    calendar = WorkCalendar()
    for day in days:
        assert not calendar.is_working_day(dt.date.fromisoformat(day)), day
