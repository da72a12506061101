"""Hostile input and out-of-range arguments (issue 12): one clear line, no traceback, the
right exit code, nothing lost. Each test reproduces a failure that was seen."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import run_json, write_xlsx

Run = Callable[..., subprocess.CompletedProcess[str]]


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def year_9999(tmp_path: Path) -> Path:
    """A session held on 20/12/9999, whose tasks have deadlines counted from it."""
    return write_xlsx(
        tmp_path / "y9999.xlsx",
        {
            "Phiên họp": [["Mã", "Phiên thứ", "Ngày họp"], ["PH01", 1, "20/12/9999"]],
            "Nhiệm vụ": [
                ["Mã", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Phiên họp"],
                ["A1", "Việc", "Bộ Công an", "trong 30 ngày", "PH01"],
                ["A2", "Việc", "Bộ Công an", "trong 15 ngày làm việc", "PH01"],
                ["A3", "Việc", "Bộ Công an", "31/12/2024", "PH01"],
            ],
        },
    )


def test_a_deadline_beyond_the_calendar_is_a_row_problem(run: Run, year_9999: Path) -> None:
    code, report = run_json(run, "check", str(year_9999))
    assert code == 1
    messages = {(p["sheet"], p["row"], p["column"]): p["message"] for p in report["problems"]}
    assert "vượt quá lịch" in messages[("Nhiệm vụ", 2, "D")]
    assert "vượt quá lịch" in messages[("Nhiệm vụ", 3, "D")]
    assert "năm bất thường" in messages[("Phiên họp", 2, "C")]  # 9999 accepted silently before
    for command in ("status", "overdue", "kpi", "sync"):
        result = run(command, str(year_9999), "--as-of", "2026-01-01", TRACKER_DB="s.db")
        assert result.returncode == 0 and "Traceback" not in result.stderr, (command, result.stderr)
    # no session has been held by then: a line saying so
    result = run("changes", str(year_9999), "--as-of", "2026-01-01", TRACKER_DB="s.db")
    assert result.returncode == 2 and "phiên họp" in one_line(result)
    # assigned in 9999, the tasks do not exist yet in 2026; their rows are still flagged
    _, status = run_json(run, "status", str(year_9999), "--as-of", "2026-01-01")
    assert status["assignments"] == []
    assert {p["row"] for p in status["problems"] if p["sheet"] == "Nhiệm vụ"} == {2, 3}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["changes", "--since", "99999999999999999999"], "--since «99999999999999999999»"),
        (["briefs", "--all", "--out", "b", "--jobs", "99999999999999999999"], "--jobs"),
        (["sample", "x.xlsx", "--reference-date", "9999-12-31"], "--reference-date"),
        (["dashboard", "--as-of", "9999-12-31"], "«9999-12-31» nằm ngoài các năm"),
        (["status", "--as-of", "2025-13-45"], "«2025-13-45» không phải ngày hợp lệ"),
        (["dashboard", "--port", "99999"], "«99999» không hợp lệ"),
        (["status", "--due-soon-days", "-5"], "--due-soon-days"),
    ],
)
def test_arguments_out_of_range_are_refused_in_one_line(
    run: Run, args: list[str], expected: str
) -> None:
    result = run(*args)
    assert result.returncode == 2
    line = one_line(result)
    assert line.startswith("Lỗi: ") and expected in line
    assert "argument" not in line and "invalid" not in line  # all Vietnamese


def test_an_output_path_under_a_file_or_too_long_is_one_vietnamese_line(
    run: Run, tmp_path: Path
) -> None:
    (tmp_path / "fake.xlsx").write_bytes(b"")
    line = one_line(run("sample", str(tmp_path / "fake.xlsx" / "x.xlsx")))
    assert f"đã có tệp «{tmp_path / 'fake.xlsx'}» ở chỗ cần một thư mục" in line
    line = one_line(run("sample", str(tmp_path / ("á" * 200 + ".xlsx"))))
    assert line.endswith("tên tệp hoặc đường dẫn quá dài")
    line = one_line(run("sample", str(tmp_path / "mau.csv")))  # was written as a workbook
    assert "OUT phải là tệp .xlsx" in line and not (tmp_path / "mau.csv").exists()


def test_a_negative_due_soon_window_from_the_environment_is_refused(run: Run) -> None:
    result = run("status", TRACKER_DUE_SOON_DAYS="-5")
    assert result.returncode == 2
    assert "TRACKER_DUE_SOON_DAYS" in one_line(result)


def test_completion_dates_before_the_assignment_or_in_the_future_are_warned(
    run: Run, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "done.xlsx",
        {
            "Nhiệm vụ": [
                ["Mã", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Ngày giao",
                 "Ngày hoàn thành"],
                ["D1", "Việc", "Bộ Công an", "31/12/2024", "01/03/2024", "01/01/2024"],
                ["D2", "Việc", "Bộ Công an", "31/12/2024", "01/03/2024", "01/01/2099"],
                ["D3", "Việc", "Bộ Công an", "31/12/2024", "01/03/1900", None],
            ]
        },
    )  # fmt: skip
    _, report = run_json(run, "check", str(path))
    found = {(p["row"], p["column"]): p["message"] for p in report["problems"]}
    assert "trước ngày giao" in found[(2, "F")]
    assert "chưa tới" in found[(3, "F")]
    assert "năm bất thường" in found[(4, "E")]


def test_control_characters_in_a_session_become_a_warning_not_a_crash(
    run: Run, tmp_path: Path
) -> None:
    import datetime as dt

    from docx import Document

    from tracker.outputs.paths import project_file
    from tracker.sources.sample import sample_rows
    from tracker.sources.xlsx_write import write_xlsx as write_tabs

    tabs = sample_rows(dt.date(2026, 3, 16))
    tabs["Phiên họp"][2][4] = "Trụ sở\x0bChính phủ\x1b"  # PH02's place: a vertical tab, ESC
    sample = write_tabs(tmp_path / "sample.xlsx", tabs.items())
    record = project_file("tracker", "sources", "data", "meetings", "PH02.yaml").read_text(
        encoding="utf-8"
    )
    # NUL and ESC in the record, as YAML writes them in double quotes
    record = record.replace("signer: Nguyễn Sỹ Hiệp", 'signer: "Nguyễn\\0 Sỹ\\e Hiệp"')
    (tmp_path / "PH02.yaml").write_text(record, encoding="utf-8")
    result = run("minutes", "PH02", str(sample), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "ký tự điều khiển" in one_line(result)
    texts = []
    for name in ("PH02-bien-ban.docx", "PH02-thong-bao-ket-luan.docx"):
        document = Document(str(tmp_path / "out" / name))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        texts += [p.text for p in document.paragraphs] + cells
    text = "\n".join(texts)
    assert "Trụ sởChính phủ" in text and "Nguyễn Sỹ Hiệp" in text and "\x1b" not in text


def test_a_meeting_id_cannot_write_outside_the_folder(run: Run, tmp_path: Path) -> None:
    result = run("minutes", "../../x/PH09", "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "../../x/PH09" in one_line(result)
    assert not (tmp_path / "x").exists()


def test_brief_file_names_never_collide(tmp_path: Path) -> None:
    import datetime as dt

    from conftest import parse

    from tracker.outputs.briefs.batch import run_batch
    from tracker.reports.evaluation import evaluate

    codes = ["X.1", "X_1", "index", "x_1"]
    workbook = parse(
        {
            "Cơ quan": [["Mã", "Tên cơ quan", "Loại"]]
            + [[code, f"Cơ quan {n}", "khác"] for n, code in enumerate(codes)],
            "Nhiệm vụ": [["Mã", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"]]
            + [[f"T{n}", "Việc", code, "31/12/2030"] for n, code in enumerate(codes)],
        }
    )
    evaluation = evaluate(workbook, dt.date(2026, 3, 16))
    result = run_batch(evaluation, codes, tmp_path / "out", jobs=1)
    assert sorted(result.done) == sorted(codes), result.failed
    pages = {code: result.html(code) for code in codes}
    assert len({p.name.casefold() for p in pages.values()}) == len(codes)
    assert all(p.name != "index.html" for p in pages.values())
    for code, page in pages.items():
        assert f'data-agency="{code}"' in page.read_text(encoding="utf-8")
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{p.name}"' in index for p in pages.values())


@pytest.fixture
def damaged_store(tmp_path: Path) -> str:
    path = tmp_path / "store.db"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 20)
    return str(path)


def test_a_damaged_store_does_not_stop_reading(run: Run, damaged_store: str) -> None:
    for command in (["status"], ["status", "--json"], ["kpi"], ["overdue"]):
        result = run(*command, TRACKER_DB=damaged_store)
        assert result.returncode == 0, result.stderr
        line = one_line(result)
        assert line.startswith("Cảnh báo:") and damaged_store in line, line
    result = run("sync", TRACKER_DB=damaged_store)
    assert result.returncode == 2
    line = one_line(result)
    assert damaged_store in line and "hỏng" in line
    result = run("changes", TRACKER_DB=damaged_store)
    assert result.returncode == 2 and damaged_store in one_line(result)


def test_briefs_go_on_without_a_damaged_store(run: Run, damaged_store: str, tmp_path: Path) -> None:
    out = tmp_path / "briefs"
    result = run("briefs", "--agency", "BNV", "--out", str(out), TRACKER_DB=damaged_store)
    assert result.returncode == 0, result.stderr
    assert (out / "BNV.html").exists() and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("Cảnh báo:") and "\r" not in result.stderr  # not a terminal
    assert all(line.startswith("Đang tạo bản tin: ") for line in lines[1:])


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """Make files and folders unwritable, even for root (chattr +i); undone afterwards."""
    made: list[Path] = []

    def freeze(path: Path) -> None:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"chattr +i is not available here: {done.stderr.strip()}")
        made.append(path)

    yield freeze
    for path in reversed(made):
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_store_can_still_be_read(
    run: Run, tmp_path: Path, immutable: Callable[[Path], None]
) -> None:
    folder = tmp_path / "store"
    db = str(folder / "tracker.db")
    for day in ("2026-01-01", "2026-03-16"):
        assert run("sync", "--as-of", day, "--quiet", TRACKER_DB=db).returncode == 0
    for path in (*folder.iterdir(), folder):
        immutable(path)
    offline = run("status", "--offline", "--json", TRACKER_DB=db)
    assert offline.returncode == 0 and "Traceback" not in offline.stderr, offline.stderr
    changes = run("changes", "--since", "1", "--json", TRACKER_DB=db)
    assert changes.returncode == 0, changes.stderr
    refused = run("sync", TRACKER_DB=db)
    assert refused.returncode == 2 and db in one_line(refused)


def test_an_unreadable_file_says_permission_denied(tmp_path: Path) -> None:
    """As a user who may not read the file (root reads everything: the command runs as
    `nobody`, with the system's Python and this project's packages)."""
    import os
    import shutil
    import sys
    import tempfile

    system_python = Path("/usr/bin/python3")
    if os.geteuid() != 0 or not shutil.which("setpriv") or not system_python.exists():
        pytest.skip("needs root, setpriv and /usr/bin/python3 to run as another user")
    version = subprocess.run(
        [str(system_python), "-c", "import sys; print(sys.version_info[:2])"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if version != str(sys.version_info[:2]):
        pytest.skip(f"/usr/bin/python3 is {version}, the packages are for {sys.version_info[:2]}")
    # pytest's own folder is root's alone: work in one that `nobody` may enter
    home = Path(tempfile.mkdtemp(dir="/tmp"))
    home.chmod(0o755)
    path = home / "secret.xlsx"
    path.write_bytes(b"PK\x03\x04 not read")
    path.chmod(0o000)
    packages = [p for p in sys.path if p.endswith("site-packages")]
    project = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(system_python),
         "-m", "tracker.cli", "check", str(path)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": os.pathsep.join([str(project), *packages]), "HOME": str(home),
             "PATH": "/usr/bin:/bin"},
        cwd=home,
    )  # fmt: skip
    shutil.rmtree(home)
    assert result.returncode == 2
    assert "không có quyền đọc" in one_line(result)


def test_terminal_output_shows_control_characters_escaped(run: Run, tmp_path: Path) -> None:
    title = "Tiêu đề \x1b[31mĐỎ\x1b[0m \u202eđảo"
    path = write_xlsx(
        tmp_path / "esc.xlsx",
        {
            "Nhiệm vụ": [
                ["Mã", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
                ["E1", title, "Sở \x00X", "31/12/2024"],
            ]
        },
    )
    status = run("status", str(path), "--as-of", "2026-01-01")
    check = run("check", str(path))
    for output in (status.stdout, check.stdout):
        assert "\x1b" not in output and "\x00" not in output and "\u202e" not in output
    assert "Tiêu đề \\x1b[31mĐỎ\\x1b[0m \\u202eđảo" in status.stdout
    assert "Sở \\x00X" in check.stdout
    _, report = run_json(run, "status", str(path), "--as-of", "2026-01-01")
    assert report["assignments"][0]["title"] == title  # JSON keeps the text as it is


def test_cells_cut_to_what_an_xlsx_cell_holds_are_warned(tmp_path: Path) -> None:
    """A Google Sheet holds up to 50,000 characters in a cell, an .xlsx 32,767."""
    import datetime as dt
    import warnings

    from conftest import parse

    import tracker
    from tracker.reports.evaluation import evaluate

    long_title = "Nội dung rất dài " * 2500  # 42,500 characters
    workbook = parse(
        {
            "Nhiệm vụ": [
                ["Mã", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
                ["L1", long_title, "Bộ Công an", "31/12/2030"],
            ]
        }
    )
    table = evaluate(workbook, dt.date(2026, 3, 16)).table
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tracker.write_tasks(table, tmp_path / "out.xlsx")
    messages = [str(w.message) for w in caught]
    assert any("32.767" in m and "Nhiệm vụ!B2" in m for m in messages), messages


def test_changes_right_after_the_first_syncs_compare_with_the_earliest(
    run: Run, tmp_path: Path
) -> None:
    db = str(tmp_path / "store.db")
    assert run("sync", "--quiet", TRACKER_DB=db).returncode == 0  # after the last session
    code, report = run_json(run, "changes", TRACKER_DB=db)
    assert code == 0 and report["baseline"] is not None
    assert report["baseline"]["snapshot"] == 1 and "sớm nhất" in report["message"]
    text = run("changes", TRACKER_DB=db).stdout
    assert "sớm nhất" in text and "Nhiệm vụ mới: 0" in text


def test_a_reassignment_names_both_agencies_the_same_way(run: Run, tmp_path: Path) -> None:
    def workbook(lead: str) -> Path:
        return write_xlsx(
            tmp_path / "r.xlsx",
            {
                "Nhiệm vụ": [
                    ["Mã", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
                    ["R1", "Việc", lead, "31/12/2030"],
                ]
            },
        )

    db = str(tmp_path / "store.db")
    path = workbook("Ủy ban nhân dân thành phố Hà Nội")
    assert run("sync", str(path), "--as-of", "2026-01-05", TRACKER_DB=db).returncode == 0
    workbook("UBND TP. Hồ Chí Minh")
    args = ("changes", str(path), "--as-of", "2026-02-05", "--since", "2026-01-05")
    text = run(*args, TRACKER_DB=db).stdout
    assert "(Thành phố Hà Nội → Thành phố Hồ Chí Minh)" in text, text


def test_a_bare_day_and_month_reads_like_one_after_truoc(run: Run, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "b.xlsx",
        {
            "Nhiệm vụ": [
                ["Mã", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Ngày giao"],
                ["B1", "Việc", "Bộ Công an", "30/11", "05/12/2024"],
                ["B2", "Việc", "Bộ Công an", "trước 30/11", "05/12/2024"],
            ]
        },
    )
    _, report = run_json(run, "status", str(path), "--as-of", "2025-01-01")
    assert [t["deadline"] for t in report["assignments"]] == ["2025-11-30", "2025-11-30"]


def test_push_to_a_local_file_says_push_writes_to_a_google_sheet(run: Run, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", {"Nhiệm vụ": [["Mã"]]})
    result = run("push", str(path), "--statuses")
    assert result.returncode == 2 and "push chỉ ghi vào Google Sheet" in one_line(result)


def test_the_brief_index_has_no_empty_column(tmp_path: Path) -> None:
    import datetime as dt

    from conftest import parse

    from tracker.outputs.briefs.batch import BatchResult, write_index
    from tracker.reports.evaluation import evaluate

    workbook = parse(
        {
            "Nhiệm vụ": [
                ["Mã", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
                ["I1", "Việc", "Bộ Công an", "31/12/2030"],
            ]
        }
    )
    evaluation = evaluate(workbook, dt.date(2026, 3, 16))
    ok = BatchResult(tmp_path, done=["BCA"], stems={"BCA": "BCA"})
    page = write_index(evaluation, ok, tmp_path).read_text(encoding="utf-8")
    assert "<th></th>" not in page and "<th>Lỗi</th>" not in page
    failed = BatchResult(tmp_path, failed={"BCA": "KernelDied"}, stems={"BCA": "BCA"})
    page = write_index(evaluation, failed, tmp_path).read_text(encoding="utf-8")
    assert "<th>Lỗi</th>" in page and "KernelDied" in page


def test_briefs_and_minutes_answer_in_json_when_asked(run: Run, tmp_path: Path) -> None:
    code, briefs = run_json(run, "briefs", "--agency", "BNV", "--out", str(tmp_path / "b"))
    assert code == 0 and [b["agency"] for b in briefs["briefs"]] == ["BNV"]
    assert Path(briefs["briefs"][0]["html"]).exists() and briefs["failed"] == []
    code, minutes = run_json(run, "minutes", "PH02", "--out", str(tmp_path / "m"))
    assert code == 0 and minutes["meeting"] == "PH02" and minutes["new_tasks"]
    assert all(Path(f).exists() for f in minutes["files"])


def test_a_misspelt_setting_is_warned_and_a_missing_file_stops_the_dashboard(
    run: Run, tmp_path: Path
) -> None:
    (tmp_path / "tracker.toml").write_text("due_soon_dayz = 5\n", encoding="utf-8")
    result = run("kpi")
    assert result.returncode == 0 and "due_soon_dayz" in one_line(result)
    (tmp_path / "tracker.toml").unlink()
    result = run("dashboard", str(tmp_path / "missing.xlsx"), "--no-browser")
    assert result.returncode == 2 and "không tìm thấy" in one_line(result)


@pytest.mark.parametrize("damage", ["header deleted", "header below row 30", "no deadline column"])
def test_a_session_tab_that_cannot_be_read_is_an_error_naming_it(
    run: Run, tmp_path: Path, damage: str
) -> None:
    import datetime as dt

    from tracker.sources.sample import sample_rows
    from tracker.sources.xlsx_write import write_xlsx as write_tabs

    tabs = sample_rows(dt.date(2026, 3, 16))
    name = next(n for n in tabs if n.startswith("Phiên 2"))
    rows = tabs[name]
    header = next(i for i, r in enumerate(rows) if "Mã" in r)
    if damage == "header deleted":
        del rows[header]
    elif damage == "header below row 30":
        rows[header:header] = [[] for _ in range(30)]
    else:
        rows[header] = [None if h == "Thời hạn" else h for h in rows[header]]
    path = write_tabs(tmp_path / "damaged.xlsx", tabs.items())
    code, report = run_json(run, "check", str(path))
    assert code == 1
    errors = [p for p in report["problems"] if p["sheet"] == name and p["severity"] == "error"]
    assert errors, report["problems"]
    if damage == "no deadline column":
        assert "Thời hạn" in errors[0]["message"]
        _, status = run_json(run, "status", str(path))
        assert any(t["sheet"] == name for t in status["assignments"])  # its rows are kept
    else:
        assert "PH02-01" in errors[0]["message"] and "tiêu đề" in errors[0]["message"]


def test_the_meetings_agencies_and_contacts_tabs_are_never_assignment_tabs(
    run: Run, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "tabs.xlsx",
        {
            "Phiên họp": [["Mã", "Phiên thứ", "Ngày họp"]]
            + [[f"PH{n:02d}", n, f"0{n}/01/2026"] for n in range(1, 6)],
            "Đầu mối": [["Cơ quan", "Họ và tên", "Email"]]
            + [["BCA", f"Người {n}", f"a{n}@example.vn"] for n in range(5)],
            "Nhiệm vụ": [
                ["Mã", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
                ["N1", "Việc", "Bộ Công an", "31/12/2030"],
            ],
        },
    )
    code, report = run_json(run, "check", str(path))
    assert code == 0, report["problems"]


def test_a_far_away_cell_is_one_line_and_the_rest_reads(run: Run, tmp_path: Path) -> None:
    """A value at XFD1048576 made python-calamine allocate 512 GB and abort the process."""
    import xlsxwriter

    path = tmp_path / "far.xlsx"
    book = xlsxwriter.Workbook(str(path))
    tasks = book.add_worksheet("Nhiệm vụ")
    rows = [
        ["Mã", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
        ["F1", "Việc", "Bộ Công an", "31/12/2030"],
        ["F2", "Việc hai", "Bộ Y tế", "31/12/2030"],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            tasks.write_string(r, c, value)
    tasks.write_string(9, 700, "xa bên phải")  # ZY10: beyond the columns read
    notes = book.add_worksheet("Ghi chú")
    notes.write_string(0, 0, "ghi chú")
    notes.write_string(1_048_575, 16_383, "xa quá")  # XFD1048576
    other = book.add_worksheet("Khác")
    other.write_string(0, 0, "x")
    other.write_string(5_000, 16_383, "xa")  # XFD5001
    other.write_string(40_000, 0, "dòng rất xa")  # A40001, after 35,000 empty rows
    book.close()
    code, report = run_json(run, "check", str(path))
    assert code == 0, report
    found = {p["sheet"]: p["message"] for p in report["problems"]}
    assert "XFD1048576" in found["Ghi chú"] and "ZY10" in found["Nhiệm vụ"]
    assert "XFD5001" in found["Khác"]
    _, status = run_json(run, "status", str(path), "--as-of", "2026-01-01")
    assert [t["id"] for t in status["assignments"]] == ["F1", "F2"]
