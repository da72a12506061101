"""A realistic messy workbook, as a secretariat keeps it, through the real `tracker` command:
the full deadline grammar and the agency registry across the 2025 reorganisation together."""

from __future__ import annotations

import datetime as dt
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import run_json

Run = Callable[..., subprocess.CompletedProcess[str]]
D = dt.date
HEADER = [
    "STT",
    "Mã nhiệm vụ",
    "Nội dung nhiệm vụ",
    "Đề án",
    "Phiên họp",
    "Ngày giao",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn hoàn thành",
    "Gia hạn",
    "Tiến độ thực hiện",
    "Tỷ lệ hoàn thành",
    "Ngày hoàn thành",
    "Tình trạng theo dõi",
]

# id -> (lead cell, co cell, deadline cell, revised, reported, progress, done, assigned)
TASKS: dict[str, tuple[Any, ...]] = {
    "TN-01": (
        "Bộ Tài nguyên và Môi trường",
        "Bộ Công an",
        "Quý IV/2024",
        None,
        "Đang làm",
        None,
        None,
        None,
    ),
    "TN-02": (
        "Bộ TN&MT",
        "UBND tỉnh Bắc Giang; Ủy ban nhân dân tỉnh Kiên Giang",
        "trước ngày 20 tháng 10 năm 2024",
        "Quý II/2025",
        None,
        "80%",
        None,
        None,
    ),
    "LD-01": (
        "Bộ LĐ-TB&XH",
        "các Bộ: Tài chính, Tư pháp",
        "Tháng 12/2024",
        None,
        "Hoàn thành",
        1,
        "15/12/2024",
        None,
    ),
    "LD-02": (
        "Bộ Lao động - Thương binh và Xã hội",
        "Bộ Văn hóa, Thể thao và Du lịch, BHXH Việt Nam",
        "thí điểm từ tháng 8/2025 và triển khai chính thức trong tháng 9/2025",
        None,
        None,
        0.5,
        None,
        None,
    ),
    "TT-01": (
        "Bộ TT&TT",
        "Văn phòng Chính phủ\nBộ Công an",
        "trong 15 ngày làm việc",
        None,
        None,
        None,
        None,
        D(2024, 10, 16),
    ),
    "KH-01": (
        "Bộ KH&\u00d0T",
        "các Bộ Tài nguyên và Môi trường, Tư pháp",
        "6 tháng đầu năm 2025",
        None,
        "Cơ bản hoàn thành",
        None,
        None,
        None,
    ),
    "GT-01": (
        "Bộ Giao thông vận tải",
        "Bộ Công an / BHXH",
        "31/02/2025",
        None,
        None,
        None,
        None,
        None,
    ),
    "DT-01": ("Uỷ ban Dân tộc", None, "Thường xuyên", None, None, None, None, None),
    "BG-01": (
        "UBND tỉnh Bắc Giang",
        "Sở Tư pháp tỉnh Bắc Giang",
        "Năm 2024",
        None,
        None,
        None,
        None,
        None,
    ),
    "KG-01": ("Chủ tịch UBND tỉnh Kiên Giang", None, "khẩn trương", None, None, None, None, None),
    "HB-01": (
        unicodedata.normalize("NFD", "UBND tỉnh Hoà Bình"),
        None,
        "đầu năm 2025",
        None,
        None,
        None,
        None,
        None,
    ),
    "HU-01": (
        "Tỉnh Thừa Thiên Huế",
        None,
        "Theo Nghị định 30/2020/NĐ-CP",
        None,
        None,
        None,
        None,
        None,
    ),
    "HN-01": (
        "UBND TP. Hà Nội",
        "TP Hồ Chí Minh, TP Đà Nẵng",
        "trong 30 ngày",
        None,
        "Dừng thực hiện",
        None,
        None,
        D(2025, 7, 10),
    ),
    "AL-01": (
        "các bộ, ngành, địa phương",
        None,
        "Giai đoạn 2023 – 2025",
        None,
        None,
        None,
        None,
        None,
    ),
    "CT-01": (
        "Bộ Công Thương, Bộ Xây dựng",
        None,
        "từ 1/9 đến 30/11/2025",
        None,
        None,
        None,
        None,
        None,
    ),
    "NO-01": ("Sở Nội vụ tỉnh Y", None, "", None, None, None, None, None),
    "XX-01": (None, None, "tháng 7", None, None, None, None, None),
}


@pytest.fixture
def messy(xlsx: Callable[..., Path]) -> Path:
    rows: list[list[Any]] = [
        ["TỔ CÔNG TÁC CẢI CÁCH THỦ TỤC HÀNH CHÍNH CỦA THỦ TƯỚNG CHÍNH PHỦ"],
        ["Tổng hợp tình hình thực hiện nhiệm vụ"],
        [],
        HEADER,
    ]
    for n, (
        task_id,
        (lead, co, deadline, revised, reported, progress, done, assigned),
    ) in enumerate(TASKS.items(), start=1):
        rows.append(
            [
                n,
                task_id,
                f"Nhiệm vụ {task_id}",
                "Đề án 06" if n % 2 else "CSDL đất đai",
                "PH2",
                assigned,
                lead,
                co,
                deadline,
                revised,
                reported,
                progress,
                done,
                "Quá hạn",
            ]
        )
        if n == 6:
            rows.append([])
    return xlsx(
        {
            "Phiên họp": [
                ["Mã phiên họp", "Phiên thứ", "Ngày họp", "Chủ trì phiên họp"],
                ["PH2", 2, "16/10/2024", "Phó Thủ tướng Chính phủ Trần Lưu Quang"],
            ],
            "Cơ quan": [
                ["Mã", "Tên cơ quan", "Tên khác", "Loại"],
                ["STP-BG", "Sở Tư pháp tỉnh Bắc Giang", "STP Bắc Giang", "khác"],
            ],
            "Phiên 2 (16-10-2024)": rows,
        },
        merges={"Phiên 2 (16-10-2024)": ["A1:N1", "A2:N2"]},
    )


def test_status_after_both_reorganisations(run: Run, messy: Path) -> None:
    code, report = run_json(run, "status", str(messy), "--as-of", "2025-08-01")
    assert code == 0
    tasks = {t["id"]: t for t in report["assignments"]}
    expect = {
        # id: (lead, lead_current, co, deadline, deadline_kind, status)
        "TN-01": ("BTNMT", "BNNMT", ["BCA"], "2024-12-31", "date", "overdue"),
        "TN-02": ("BTNMT", "BNNMT", ["bac-giang", "kien-giang"], "2025-06-30", "date", "overdue"),
        "LD-01": ("BLDTBXH", "BNV", ["BTC", "BTP"], "2024-12-31", "date", "done_on_time"),
        "LD-02": ("BLDTBXH", "BNV", ["BVHTTDL", "BHXH"], "2025-09-30", "date", "in_progress"),
        "TT-01": ("BTTTT", "BKHCN", ["VPCP", "BCA"], "2024-11-06", "date", "overdue"),
        "KH-01": ("BKHDT", "BTC", ["BTNMT", "BTP"], "2025-06-30", "date", "overdue"),
        "GT-01": ("BGTVT", "BXD", ["BCA", "BHXH"], None, "unparsed", "no_deadline"),
        "DT-01": ("UBDT", "BDTTG", [], None, "ongoing", "ongoing"),
        "BG-01": ("bac-giang", "bac-ninh", ["STP-BG"], "2024-12-31", "date", "overdue"),
        "KG-01": ("kien-giang", "an-giang", [], None, "asap", "no_deadline"),
        "HB-01": ("hoa-binh", "phu-tho", [], "2025-03-31", "approximate", "overdue"),
        "HU-01": ("hue", "hue", [], None, "unparsed", "no_deadline"),
        "AL-01": ("ALL_AGENCIES", "ALL_AGENCIES", [], "2025-12-31", "date", "in_progress"),
        "CT-01": ("BCT", "BCT", ["BXD"], "2025-11-30", "date", "in_progress"),
        "NO-01": (None, None, [], None, "none", "no_deadline"),
        "XX-01": (None, None, [], "2025-07-31", "date", "overdue"),
    }
    for task_id, (lead, current, co, deadline, kind, status) in expect.items():
        task = tasks[task_id]
        got = (
            task["lead"],
            task["lead_current"],
            task["co"],
            task["deadline"],
            task["deadline_kind"],
            task["status"],
        )
        assert got == (lead, current, co, deadline, kind, status), task_id
    assert tasks["TN-02"]["deadline_text"] == "trước ngày 20 tháng 10 năm 2024"
    assert tasks["TN-02"]["deadline_original"] == "2024-10-20"
    assert tasks["KH-01"]["lead_text"] == "Bộ KH&\u00d0T"
    assert tasks["NO-01"]["lead_text"] == "Sở Nội vụ tỉnh Y"
    assert tasks["TT-01"]["sheet_row"] == 9
    assert tasks["DT-01"]["sheet_row"] == 13  # after the blank row: numbers are the sheet's
    assert (tasks["HN-01"]["lead"], tasks["HN-01"]["status"]) == ("ha-noi", "cancelled")
    assert tasks["HN-01"]["co"] == ["ho-chi-minh", "da-nang"]
    assert tasks["LD-02"]["co_text"] == ["Bộ Văn hóa, Thể thao và Du lịch", "BHXH Việt Nam"]

    problems = {(p["row"], p["column"], p["severity"]) for p in report["problems"]}
    sheet_row = {t["id"]: t["sheet_row"] for t in report["assignments"]}
    assert (sheet_row["GT-01"], "I", "error") in problems  # 31/02/2025
    assert (sheet_row["CT-01"], "G", "warning") in problems  # two leads
    assert (sheet_row["NO-01"], "G", "warning") in problems  # unknown agency kept
    assert (sheet_row["KG-01"], "I", "warning") in problems  # asap
    assert (sheet_row["HU-01"], "I", "warning") in problems  # a decree number is no deadline


def test_before_the_reorganisations_nothing_moves(run: Run, messy: Path) -> None:
    code, report = run_json(run, "status", str(messy), "--as-of", "2025-02-28")
    assert code == 0
    tasks = {t["id"]: t for t in report["assignments"]}
    assert tasks["TN-01"]["lead_current"] == "BTNMT"
    assert tasks["BG-01"]["lead_current"] == "bac-giang"
    assert "HN-01" not in tasks  # assigned after the as-of date: not there yet
    _, report = run_json(run, "status", str(messy), "--as-of", "2025-06-30")
    tasks = {t["id"]: t for t in report["assignments"]}
    assert tasks["TN-01"]["lead_current"] == "BNNMT"  # ministries merged on 01/03/2025
    assert tasks["BG-01"]["lead_current"] == "bac-giang"  # provinces merge on 01/07/2025


def test_kpi_by_lead_groups_under_successors(run: Run, messy: Path) -> None:
    code, report = run_json(run, "kpi", str(messy), "--as-of", "2025-08-01", "--by", "lead")
    assert code == 0
    groups = {g["key"]: g for g in report["groups"]}
    assert (
        groups["BNNMT"]["total"] == 2 and groups["BNNMT"]["name"] == "Bộ Nông nghiệp và Môi trường"
    )
    assert groups["BNV"]["total"] == 2
    assert groups["BTC"]["total"] == 1 and groups["bac-ninh"]["total"] == 1
    assert groups["ALL_AGENCIES"]["total"] == 1
    assert groups[None]["name"] == "Chưa xác định"
    for old in ("BTNMT", "BLDTBXH", "BKHDT", "BTTTT", "bac-giang", "kien-giang", "hoa-binh"):
        assert old not in groups
    assert report["overall"]["total"] == sum(g["total"] for g in report["groups"])


def test_calendar_and_rollover_from_configuration(run: Run, messy: Path) -> None:
    # TT-01 was given on 16/10/2024 with 15 working days: 06/11/2024.
    _, plain = run_json(run, "status", str(messy), "--as-of", "2025-08-01")
    _, bridged = run_json(
        run,
        "status",
        str(messy),
        "--as-of",
        "2025-08-01",
        TRACKER_EXTRA_DAYS_OFF="2024-10-17,2024-10-18",
    )

    def deadline(report: dict[str, Any], task_id: str) -> str:
        return next(t["deadline"] for t in report["assignments"] if t["id"] == task_id)

    assert deadline(plain, "TT-01") == "2024-11-06"
    assert deadline(bridged, "TT-01") == "2024-11-08"
    # Năm 2024 ends on a Tuesday, 31/12/2024; Quý IV/2024 too. 30/11/2025 is a Sunday.
    _, rolled = run_json(
        run, "status", str(messy), "--as-of", "2025-08-01", TRACKER_DEADLINE_ROLLOVER="true"
    )
    assert deadline(plain, "CT-01") == "2025-11-30"
    assert deadline(rolled, "CT-01") == "2025-12-01"
    assert deadline(rolled, "TN-01") == "2024-12-31"
