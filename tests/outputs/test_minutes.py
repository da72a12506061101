"""Minutes and the conclusion notice (Decree 30/2020/NĐ-CP), the next agenda, new tasks."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SERVICE_EMAIL, run_json
from decree30_checks import borderless, check_page_and_header, paragraph_texts
from docx import Document
from docx.shared import Pt

from tracker.outputs.decree30 import decree_date
from tracker.sources import read_workbook
from tracker.sources.sample import write_sample

Run = Callable[..., subprocess.CompletedProcess[str]]
REFERENCE = dt.date(2026, 3, 16)
RECORD_TASKS = [  # the sample record of PH02: (title, lead, deadline as written)
    (
        "Hoàn thành kết nối cơ sở dữ liệu đất đai với 34 tỉnh, thành phố",
        "Bộ Nông nghiệp và Môi trường",
        "Quý IV/2026",
    ),
    ("Đưa cơ sở dữ liệu người có công vào vận hành chính thức", "Bộ Nội vụ", "trong 30 ngày"),
    (
        "Nâng cấp hệ thống thông tin giải quyết thủ tục hành chính, bảo đảm không gián đoạn",
        "Thành phố Hải Phòng",
        "trước ngày 30 tháng 6 năm 2026",
    ),
    (
        "Ban hành nghị quyết miễn lệ phí dịch vụ công trực tuyến toàn trình",
        "Tỉnh Nghệ An",
        "Tháng 6/2026",
    ),
]


def test_vietnamese_dates_take_leading_zeros() -> None:
    assert decree_date(dt.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert decree_date(dt.date(2026, 2, 15)) == "ngày 15 tháng 02 năm 2026"
    assert decree_date(dt.date(2026, 11, 9)) == "ngày 09 tháng 11 năm 2026"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("minutes")
    sample = write_sample(folder / "sample.xlsx", REFERENCE)
    out = folder / "out"
    result = subprocess.run(
        [
            sys_executable(),
            "-m",
            "tracker.cli",
            "minutes",
            "PH02",
            str(sample),
            "--as-of",
            REFERENCE.isoformat(),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=folder,
        env={
            "PATH": "/usr/bin:/bin",
            "XDG_DATA_HOME": str(folder / "data"),
            "XDG_CACHE_HOME": str(folder / "cache"),
            "HOME": str(folder),
        },
    )
    assert result.returncode == 0, result.stderr
    return out


def sys_executable() -> str:
    import sys

    return sys.executable


def test_the_notice_follows_decree_30(rendered: Path) -> None:
    document = Document(str(rendered / "PH02-thong-bao-ket-luan.docx"))
    check_page_and_header(document)
    assert document.tables[0].rows[0].cells[0].paragraphs[-1].text == "Số: 38/TB-VPCP"
    texts = paragraph_texts(document)
    order = [
        texts.index("THÔNG BÁO"),
        next(i for i, t in enumerate(texts) if t.startswith("Kết luận của Phó Thủ tướng")),
        next(i for i, t in enumerate(texts) if t.startswith("Ngày ")),
        texts.index("1. Đánh giá kết quả"),
        texts.index("2. Kết luận"),
        texts.index("3. Giao nhiệm vụ"),
        next(i for i, t in enumerate(texts) if t.endswith("thực hiện./.")),
    ]
    assert order == sorted(order)
    subtitle = texts[order[1]]
    assert "tại Phiên họp thứ 2 của Tổ công tác" in subtitle
    assert all(r.bold for p in document.paragraphs if p.text == subtitle for r in p.runs)
    tasks = [t for t in texts[order[5] : order[6]] if " chủ trì" in t]
    assert len(tasks) == len(RECORD_TASKS)
    for title, lead, deadline in RECORD_TASKS:
        line = next(t for t in tasks if title in t)
        assert line.startswith(f"- {lead} chủ trì") and f"hoàn thành {deadline}" in line
    signature = document.tables[-1]
    assert borderless(signature)
    recipients, signer = signature.rows[0].cells
    label = recipients.paragraphs[0].runs[0]
    assert recipients.paragraphs[0].text == "Nơi nhận:"
    assert label.bold and label.italic and label.font.size == Pt(12)
    assert all(r.font.size == Pt(11) for p in recipients.paragraphs[1:] for r in p.runs)
    assert "Thủ tướng Chính phủ" in recipients.paragraphs[1].text
    assert all(r.bold for p in signer.paragraphs if p.text.strip() for r in p.runs)
    assert signer.paragraphs[-1].text == "Nguyễn Sỹ Hiệp"


def test_the_minutes(rendered: Path) -> None:
    document = Document(str(rendered / "PH02-bien-ban.docx"))
    check_page_and_header(document)
    texts = paragraph_texts(document)
    labels = [
        "BIÊN BẢN",
        "Thời gian:",
        "Địa điểm:",
        "Thành phần:",
        "Chủ trì:",
        "Thư ký:",
        "Nội dung:",
        "Kết luận:",
    ]
    positions = [next(i for i, t in enumerate(texts) if t.startswith(label)) for label in labels]
    assert positions == sorted(positions)
    signatures = document.tables[-1].rows[0].cells
    assert signatures[0].paragraphs[0].text == "THƯ KÝ"
    assert signatures[1].paragraphs[0].text == "CHỦ TRÌ"
    for title, lead, _ in RECORD_TASKS:
        assert any(title in t and lead in t for t in texts)


def test_html_previews_match_their_golden_files(rendered: Path, golden: Any) -> None:
    for name in (
        "PH02-thong-bao-ket-luan.html",
        "PH02-bien-ban.html",
        "PH02-chuong-trinh-phien-sau.html",
    ):
        golden(name, (rendered / name).read_text(encoding="utf-8"))


def test_the_agenda_carries_over_what_is_overdue(rendered: Path, run: Run, tmp_path: Path) -> None:
    sample = write_sample(tmp_path / "sample.xlsx", REFERENCE)
    next_session = (REFERENCE + dt.timedelta(days=-24)).isoformat()  # PH03 in the sample
    _, overdue = run_json(run, "overdue", str(sample), "--as-of", next_session)
    page = (rendered / "PH02-chuong-trinh-phien-sau.html").read_text(encoding="utf-8")
    carried = re.findall(r'<tr data-id="([^"]+)" data-days="(\d+)">', page)
    expected = [(t["id"], t["days_overdue"]) for g in overdue["groups"] for t in g["tasks"]]
    assert [(i, int(d)) for i, d in carried] == expected and expected


def test_new_tasks_get_fresh_ids_and_name_the_notice(rendered: Path) -> None:
    rows = read_workbook(str(rendered / "PH02-nhiem-vu-moi.xlsx")).tabs["Nhiệm vụ"]
    assert rows[0][0] == "Mã" and len(rows) == 1 + len(RECORD_TASKS)
    ids = [r[0] for r in rows[1:]]
    assert ids == ["PH02-23", "PH02-24", "PH02-25", "PH02-26"]  # the sheet has PH02-01..22
    assert all(r[-1].startswith("38/TB-VPCP ngày ") for r in rows[1:])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("lead: UBND tỉnh Nghệ An", "lead: Sở Kế hoạch tỉnh Nghệ An"),
            "Nhiệm vụ 4 («Ban hành nghị quyết miễn lệ phí",
        ),
        (("deadline: Tháng 6/2026", "deadline: khi nào xong"), "không hiểu thời hạn"),
        (("notice:\n  number: 38/TB-VPCP", "notice: 38/TB-VPCP\nx:\n  number: 1"), "Mục «notice»"),
        (
            ("tasks:\n  - title: Hoàn", "tasks:\n  - just text\n  - title: Hoàn"),
            "Nhiệm vụ 1 của biên bản",
        ),
        (("meeting: PH02", "meeting: [PH02"), "sai cú pháp YAML ở dòng"),
        # dates PyYAML would turn into date objects, and raise a bare ValueError for
        (("deadline: Tháng 6/2026", "deadline: 2026-02-30"), "ghi ngày không có thật"),
        (("  number: 38/TB-VPCP", "  number: 38/TB-VPCP\n  date: 2026-02-30"), "«2026-02-30»"),
        # not UTF-8 (the sample's text in UTF-16)
        (("meeting: PH02", "meeting: PH02"), "không phải văn bản UTF-8"),
    ],
)
def test_an_invalid_record_stops_with_one_line(
    run: Run, tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    from importlib import resources

    sample = write_sample(tmp_path / "sample.xlsx", REFERENCE)
    text = (
        resources.files("tracker.sources.data")
        .joinpath("meetings")
        .joinpath("PH02.yaml")
        .read_text(encoding="utf-8")
    )
    encoding = "utf-16" if "UTF-8" in message else "utf-8"
    (tmp_path / "PH02.yaml").write_text(text.replace(*change), encoding=encoding)
    result = run("minutes", "PH02", str(sample), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert not (tmp_path / "out").exists()


def test_push_from_minutes(run: Run, sheets: Any, tmp_path: Path) -> None:
    sample = write_sample(tmp_path / "sample.xlsx", REFERENCE)
    sheets.add_spreadsheet("MINUTES", read_workbook(str(sample)).tabs, shared_with={SERVICE_EMAIL})
    code, report = run_json(run, "push", "gsheet:MINUTES", "--from-minutes", "PH02")
    assert code == 0 and report["appended"] == ["PH02-23", "PH02-24", "PH02-25", "PH02-26"]
    code, status = run_json(run, "status", "gsheet:MINUTES", "--as-of", REFERENCE.isoformat())
    added = {t["id"]: t for t in status["assignments"] if t["id"] in report["appended"]}
    assert added["PH02-23"]["lead"] == "BNNMT" and added["PH02-26"]["deadline"] == "2026-06-30"
    code, again = run_json(run, "push", "gsheet:MINUTES", "--from-minutes", "PH02")
    assert again["appended"] == ["PH02-27", "PH02-28", "PH02-29", "PH02-30"]  # never colliding
