"""`tracker import-notice`: every notice `tracker minutes` writes imports back to exactly its
tasks (.docx, and a scanned PDF through OCR); the real notice in ../shared/reference reads
to the tasks checked by hand; the draft goes into a sheet with `tracker push --from`."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from conftest import ROOT, SERVICE_EMAIL, run_json, write_xlsx

from tracker.core.workbook import parse_workbook
from tracker.sources import read_workbook
from tracker.sources.documents import tesseract
from tracker.sources.sample import write_sample

Run = Callable[..., subprocess.CompletedProcess[str]]
REFERENCE = dt.date(2026, 3, 16)
RECORDS = sorted((ROOT / "tracker" / "sources" / "data" / "meetings").glob("*.yaml"))
REAL_NOTICE = (
    ROOT.parent / "shared" / "reference" / "01_TB-467-TB-VPCP-2024_ket-luan-thi-truong-cac-bon.txt"
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _tracker(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(XDG_CACHE_HOME=str(cwd / "cache"), XDG_DATA_HOME=str(cwd / "data"))
    return subprocess.run(
        [sys.executable, "-m", "tracker.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=600,
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample workbook and the folder where `tracker minutes` wrote every shipped
    record's documents."""
    folder = tmp_path_factory.mktemp("notices")
    sample = write_sample(folder / "sample.xlsx", REFERENCE)
    for record in RECORDS:
        made = _tracker("minutes", record.stem, str(sample), "--out", str(folder), cwd=folder)
        assert made.returncode == 0, made.stderr
    return sample, folder


def _tasks(path: Path) -> dict[str | None, tuple[Any, ...]]:
    """The tasks of an .xlsx as the tracker reads any sheet: id -> (title, lead, co,
    deadline kind and day)."""
    workbook = parse_workbook(read_workbook(str(path)))
    return {
        t.id: (t.title, t.lead, t.co, t.deadline.kind, t.deadline.day) for t in workbook.assignments
    }


@pytest.mark.parametrize("record", [r.stem for r in RECORDS])
def test_every_notice_minutes_writes_imports_back_to_its_tasks(
    written: tuple[Path, Path], record: str
) -> None:
    sample, folder = written
    draft = folder / f"{record}-draft.xlsx"
    notice = folder / f"{record}-thong-bao-ket-luan.docx"
    result = _tracker(
        "import-notice",
        str(notice),
        str(sample),
        "--meeting",
        record,
        "--out",
        str(draft),
        "--json",
        cwd=folder,
    )
    assert result.returncode == 0, result.stderr
    expected = _tasks(folder / f"{record}-nhiem-vu-moi.xlsx")
    assert expected and _tasks(draft) == expected  # ids, titles, leads, co, deadlines
    import json

    report = json.loads(result.stdout)
    assert report["notice"]["number"] == read_record_number(record)
    assert report["notice"]["ocr_pages"] == []
    assert all(t["paragraph"] > 0 and t["text"] for t in report["tasks"])


def read_record_number(record: str) -> str:
    import yaml

    data = yaml.safe_load((ROOT / "tracker/sources/data/meetings" / f"{record}.yaml").read_text())
    return str(data["notice"]["number"])


def _scan(pdf: Path, out: Path) -> Path:
    """The PDF as a scan would be: each page an image drawn at 300 dpi, no text layer."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(pdf))
    scanned = pdfium.PdfDocument.new()
    try:
        for index in range(len(source)):
            page = source[index]
            width, height = page.get_size()
            bitmap = page.render(scale=300 / 72, grayscale=True)
            image = pdfium.PdfImage.new(scanned)
            image.set_bitmap(bitmap)
            image.set_matrix(pdfium.PdfMatrix().scale(width, height))
            target = scanned.new_page(width, height)
            target.insert_obj(image)
            target.gen_content()
        scanned.save(str(out))
    finally:
        scanned.close()
        source.close()
    return out


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium prints the notice to PDF")
def test_a_scanned_notice_reads_by_ocr_like_its_text(
    written: tuple[Path, Path], tmp_path: Path
) -> None:
    if tesseract() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have Tesseract with its Vietnamese model (see .ci/run)")
        pytest.skip("Tesseract with its Vietnamese model is not installed")
    import json

    import pypdf

    from tracker.outputs.briefs.batch import to_pdf

    sample, folder = written
    html = tmp_path / "PH02.html"
    shutil.copy(folder / "PH02-thong-bao-ket-luan.html", html)
    scan = _scan(to_pdf(html), tmp_path / "PH02-scan.pdf")
    assert not "".join(p.extract_text() or "" for p in pypdf.PdfReader(str(scan)).pages).strip()

    def imported(notice: Path) -> dict[str, Any]:
        result = _tracker(
            "import-notice",
            str(notice),
            str(sample),
            "--meeting",
            "PH02",
            "--out",
            str(tmp_path / f"{notice.stem}.xlsx"),
            "--json",
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr
        return dict(json.loads(result.stdout))

    text = imported(folder / "PH02-thong-bao-ket-luan.docx")
    scanned = imported(scan)
    assert scanned["notice"]["ocr_pages"] == list(
        range(1, len(pypdf.PdfReader(str(scan)).pages) + 1)
    )
    assert scanned["notice"]["number"] == "38/TB-VPCP"

    def essentials(report: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [
            (t["lead"], sorted(c or "" for c in t["co"]), t["deadline"], t["deadline_kind"])
            for t in report["tasks"]
        ]

    assert essentials(scanned) == essentials(text) and len(text["tasks"]) == 4
    # every task read by OCR asks for its deadline to be checked against the original
    assert all(any("OCR" in p for p in t["problems"]) for t in scanned["tasks"])


@pytest.mark.skipif(not REAL_NOTICE.exists(), reason="../shared/reference is not beside the clone")
def test_the_real_notice_467_reads_to_the_tasks_checked_by_hand(run: Run) -> None:
    code, report = run_json(run, "import-notice", str(REAL_NOTICE), "--out", "467.xlsx")
    assert code == 0
    assert report["notice"] == {
        "number": "467/TB-VPCP",
        "date": "2024-10-14",
        "issuer": "Văn phòng Chính phủ",
        "title": "THÔNG BÁO KẾT LUẬN CUỘC HỌP VỀ ĐỀ ÁN PHÁT TRIỂN THỊ TRƯỜNG CÁC-BON TẠI VIỆT NAM",
        "ocr_pages": [],
    }
    assert report["assigned_on"] == "2024-10-14"  # the notice's own date: no meeting given
    got = [
        (t["paragraph"], t["lead"], t["co"], t["deadline"], t["deadline_kind"])
        for t in report["tasks"]
    ]
    # Read by hand: section 2 gives the Ministry of Finance the draft Project by 20/10/2024
    # with three co-agencies (the dates before it cite earlier notices and a meeting); the
    # paragraphs under it are tasks without a date; the Ministry of Agriculture is to send
    # its input urgently (`khẩn trương`; "đến năm 2030" is a programme's horizon); the two
    # ministries are to agree before submitting (one row each); section 3 finishes the draft
    # Decision. Paragraph numbers count the file's first line, which names its source.
    assert got == [
        (12, "BTC", ["BTNMT", "BNNPTNT", "BTP"], "2024-10-20", "date"),
        (14, "BTC", [], None, "none"),
        (16, "BTC", [], None, "none"),
        (17, "BTC", [], None, "none"),
        (18, "BTC", ["BTNMT", "BTP"], None, "none"),
        (20, "BTC", [], None, "none"),
        (21, "BNNPTNT", [], None, "asap"),
        (21, "BTC", [], None, "none"),
        (21, "BNNPTNT", [], None, "none"),
        (22, "BTC", [], None, "none"),
    ]
    first = report["tasks"][0]
    assert first["title"] == (
        "tiếp thu đầy đủ các ý kiến xác đáng, hoàn thiện dự thảo Đề án, trình Thủ tướng Chính "
        "phủ xem xét, quyết định"
    )
    assert first["deadline_text"] == "trước ngày 20 tháng 10 năm 2024"
    # the sentences that name agencies but assign nothing are listed, none dropped
    flagged = {p["paragraph"] for p in report["problems"]}
    assert {8, 9, 10, 14, 15, 23} <= flagged  # attendance, reports, citations, the closing


def test_the_draft_goes_into_the_sheet_with_push(
    written: tuple[Path, Path], run: Run, sheets: Any, tmp_path: Path
) -> None:
    sample, folder = written
    sheets.add_spreadsheet("IMPORT", read_workbook(str(sample)).tabs, shared_with={SERVICE_EMAIL})
    draft = tmp_path / "draft.xlsx"
    code, report = run_json(
        run,
        "import-notice",
        str(folder / "PH02-thong-bao-ket-luan.docx"),
        "gsheet:IMPORT",
        "--meeting",
        "PH02",
        "--out",
        str(draft),
    )
    assert code == 0 and report["workbook"] == "gsheet:IMPORT"
    ids = [t["id"] for t in report["tasks"]]
    code, pushed = run_json(run, "push", "gsheet:IMPORT", "--from", str(draft))
    assert code == 0 and pushed["appended"] == ids
    code, status = run_json(run, "status", "gsheet:IMPORT", "--as-of", REFERENCE.isoformat())
    added = {t["id"]: t for t in status["assignments"] if t["id"] in ids}
    assert [added[i]["lead"] for i in ids] == [t["lead"] for t in report["tasks"]]
    assert [added[i]["deadline"] for i in ids] == [t["deadline"] for t in report["tasks"]]


def test_text_files_in_either_unicode_form_and_markdown(run: Run, tmp_path: Path) -> None:
    import unicodedata

    body = (
        "VĂN PHÒNG CHÍNH PHỦ\nSố: 99/TB-VPCP\nHà Nội, ngày 05 tháng 3 năm 2026\nTHÔNG BÁO\n"
        "Kết luận của Phó Thủ tướng\n"
        "Giao Bộ Công an chủ trì, phối hợp với Bộ Y tế hoàn thiện việc tích hợp giấy khám "
        "sức khỏe trên VNeID, hoàn thành trong 30 ngày.\n"
    )
    (tmp_path / "nfd.txt").write_text(unicodedata.normalize("NFD", body), encoding="utf-8")
    (tmp_path / "notice.md").write_text(
        body.replace("THÔNG BÁO", "# THÔNG BÁO").replace("Giao Bộ", "- Giao **Bộ"),
        encoding="utf-8",
    )
    for name in ("nfd.txt", "notice.md"):
        code, report = run_json(run, "import-notice", name, "--out", f"{name}.xlsx")
        assert code == 0 and report["notice"]["number"] == "99/TB-VPCP", name
        assert [(t["lead"], t["co"], t["deadline"]) for t in report["tasks"]] == [
            ("BCA", ["BYT"], "2026-04-04")  # 30 days from the notice's date
        ], name


def test_a_file_that_cannot_be_read_says_so_in_one_line(run: Run, tmp_path: Path) -> None:
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n%%EOF garbage")
    (tmp_path / "not-a.pdf").write_bytes(b"xx\n")  # pypdf logs four lines of repairs for it
    locked = pypdf.PdfWriter()
    locked.add_blank_page(595, 842)
    locked.encrypt(user_password="mật khẩu", algorithm="RC4-128")
    locked.write(tmp_path / "locked.pdf")
    (tmp_path / "latin1.txt").write_bytes("Bộ Công an".encode("utf-16-le")[:7] + b"\xff\xfe\xfa")
    (tmp_path / "notice.odt").write_bytes(b"x")
    cases = {
        "missing.docx": "không tìm thấy",
        "broken.docx": "không phải tệp Word .docx hợp lệ",
        "broken.pdf": "tệp PDF hỏng",
        "not-a.pdf": "tệp PDF hỏng hoặc không phải tệp PDF",
        "locked.pdf": "tệp PDF có mật khẩu (hãy lưu một bản không có mật khẩu rồi đọc lại)",
        "latin1.txt": "không phải văn bản UTF-8",
        "notice.odt": "chỉ nhận tệp .docx, .pdf, .txt hoặc .md",
    }
    for name, message in cases.items():
        result = run("import-notice", name, "--out", "x.xlsx")
        assert result.returncode == 2 and "Traceback" not in result.stderr, (name, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr, name
    result = run("import-notice", "missing.docx", "--out", "x.csv")
    assert result.returncode == 2 and "--out phải là tệp .xlsx" in result.stderr
    # a meeting the workbook does not have
    book = write_xlsx(
        tmp_path / "w.xlsx",
        {
            "Nhiệm vụ": [
                ["Mã", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
                ["A1", "Việc", "BCA", "31/12/2026"],
            ]
        },
    )
    (tmp_path / "n.txt").write_text("Bộ Công an chủ trì việc A trong Quý IV/2026.", "utf-8")
    result = run("import-notice", "n.txt", str(book), "--meeting", "PH09", "--out", "x.xlsx")
    assert result.returncode == 2 and "Không có phiên họp «PH09»" in result.stderr
    # a meeting id that is a path made ids like `../x-01`
    result = run("import-notice", "n.txt", "--meeting", "../x", "--out", "x.xlsx")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "mã phiên họp «../x» không hợp lệ" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_the_import_page_in_voila_reads_an_uploaded_notice(
    written: tuple[Path, Path], env: dict[str, str], tmp_path: Path
) -> None:
    """The notebook served by the real Voila, in headless Chromium: upload the notice, press
    the button, see the draft."""
    import socket
    import time
    import urllib.request

    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed")
        pytest.skip("no Chromium")
    from playwright.sync_api import sync_playwright

    _, folder = written
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "voila.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "voila",
                str(ROOT / "notebooks" / "import_notice.ipynb"),
                f"--port={port}",
                "--no-browser",
                "--strip_sources=True",
                "--show_tracebacks=False",
                "--Voila.ip=127.0.0.1",
                "--Voila.token=",
            ],
            env={**env, "JUPYTER_PLATFORM_DIRS": "1"},
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.goto(url)
            upload = page.locator("button.widget-upload")
            upload.wait_for(timeout=90_000)
            with page.expect_file_chooser() as chooser:
                upload.click()
            chooser.value.set_files(str(folder / "PH03-thong-bao-ket-luan.docx"))
            page.wait_for_selector("button.widget-upload:has-text('(1)')")
            page.get_by_role("button", name="Đọc văn bản").click()
            page.wait_for_selector("[data-tasks]", timeout=60_000)
            assert page.get_attribute("[data-tasks]", "data-tasks") == "4"
            leads = page.eval_on_selector_all(
                "tr[data-lead]", "rows => rows.map(r => r.dataset.lead)"
            )
            assert leads == ["BTP", "ALL_AGENCIES", "ho-chi-minh", "BHXH"]
            assert page.locator("tr.review").count() == 1  # «Khẩn trương»: set a date
            link = page.locator("a[download]")
            assert link.get_attribute("download") == "du-thao-PH03-thong-bao-ket-luan.xlsx"
            assert link.get_attribute("href").startswith("data:application/vnd.openxml")
            browser.close()
        # the server keeps no copy, next to the notebook or where it was started
        assert not list((ROOT / "notebooks").glob("*.xlsx")) and not list(tmp_path.glob("*.xlsx"))
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
