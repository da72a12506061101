"""The history store: snapshots, changes, facts, trends, offline use and safety, on SQLite
and on PostgreSQL, through the real `tracker` command where a user would use it."""

from __future__ import annotations

import datetime as dt
import json
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import TESTS, run_json, write_xlsx

from tracker.core.settings import Settings
from tracker.reports.history import trends
from tracker.store.location import default_db, source_key
from tracker.store.snapshots import Store

Run = Callable[..., subprocess.CompletedProcess[str]]
HEADER = [
    "Mã",
    "Nội dung nhiệm vụ",
    "Phiên họp",
    "Cơ quan chủ trì",
    "Thời hạn",
    "Thời hạn điều chỉnh",
    "Tình trạng",
    "Ngày hoàn thành",
]
MEETINGS = [["Mã", "Phiên thứ", "Ngày họp"], ["PH1", 1, "01/03/2025"], ["PH2", 2, "01/06/2025"]]

V1 = [
    ["K1", "Kết nối dữ liệu dân cư", "PH1", "Bộ Công an", "30/06/2025", None, "Đang thực hiện"],
    ["K2", "Ban hành hướng dẫn", "PH1", "Bộ Tư pháp", "31/05/2025"],
    ["K3", "Nâng cấp hệ thống", "PH1", "Bộ Y tế", "31/07/2025"],
    ["K4", "Rà soát thủ tục đất đai", "PH1", "Bộ TN&MT", "31/12/2025"],
    ["K5", "Số hóa hồ sơ", "PH1", "UBND tỉnh Bắc Ninh", "31/12/2025"],
    ["K6", "Báo cáo Tổ công tác", "PH1", "Văn phòng Chính phủ", "31/12/2025"],
]
V2 = [
    [
        "K1",
        "Kết nối dữ liệu dân cư",
        "PH1",
        "Bộ Công an",
        "30/06/2025",
        None,
        "Hoàn thành",
        "05/06/2025",
    ],
    ["K2", "Ban hành hướng dẫn", "PH1", "Bộ Tư pháp", "31/05/2025"],
    ["K3", "Nâng cấp hệ thống", "PH1", "Bộ Y tế", "31/07/2025", "15/08/2025"],
    ["K4", "Rà soát thủ tục đất đai", "PH1", "Bộ Tư pháp", "31/12/2025"],
    ["K5", "Số hóa toàn bộ hồ sơ", "PH1", "UBND tỉnh Bắc Ninh", "31/12/2025"],
    ["K7", "Nhiệm vụ mới giao", "PH2", "Bộ Tài chính", "Quý IV/2025"],
]


def write(path: Path, tasks: list[list[Any]]) -> Path:
    return write_xlsx(path, {"Phiên họp": MEETINGS, "Nhiệm vụ": [HEADER, *tasks]})


@pytest.fixture
def synced(run: Run, env: dict[str, str], db_url: str, tmp_path: Path) -> Path:
    """The same file synced twice: V1 as of 20/05/2025, then edited to V2, as of 10/06/2025."""
    env["TRACKER_DB"] = db_url
    path = write(tmp_path / "theo-doi.xlsx", V1)
    first = run("sync", str(path), "--as-of", "2025-05-20")
    assert first.returncode == 0, first.stderr
    assert "Đã lưu ảnh chụp số" in first.stdout
    write(path, V2)
    second = run("sync", str(path), "--as-of", "2025-06-10", "--quiet")
    assert second.returncode == 0 and second.stderr == ""
    return path


def ids(report: dict[str, Any], kind: str) -> list[str]:
    return [item["id"] for item in report[kind]]


def test_changes_between_two_syncs(run: Run, synced: Path) -> None:
    for since in ("2025-05-20", "last-meeting", "1"):
        code, report = run_json(
            run, "changes", str(synced), "--as-of", "2025-06-10", "--since", since
        )
        assert code == 0, since
        assert ids(report, "new") == ["K7"]
        assert ids(report, "completed") == ["K1"]
        # K2 fell due on 31/05: overdue since 20/05, but already overdue at the meeting of 01/06
        assert ids(report, "newly_overdue") == ([] if since == "last-meeting" else ["K2"])
        assert [(i["id"], i["days"]) for i in report["deadline_extended"]] == [("K3", 15)]
        assert [(i["id"], i["old_lead"], i["lead"]) for i in report["reassigned"]] == [
            ("K4", "BTNMT", "BTP")
        ]
        assert ids(report, "removed") == ["K6"]
        assert [(i["id"], i["old_title"]) for i in report["title_edited"]] == [
            ("K5", "Số hóa hồ sơ")
        ]
        assert report["baseline"]["as_of"] in ("2025-05-20", "2025-06-01")
    text = run("changes", str(synced), "--as-of", "2025-06-10")
    assert "Được gia hạn: 1" in text.stdout and "+15 ngày" in text.stdout


def test_unchanged_content_adds_no_snapshot_but_records_the_check(
    run: Run, synced: Path, db_url: str
) -> None:
    again = run("sync", str(synced), "--as-of", "2025-06-11", "--json")
    assert json.loads(again.stdout)["created"] is False
    store = Store.open(default_db(db_url, Path(".")))
    key = source_key(str(synced))
    assert [s.as_of for s in store.snapshots(key)] == [dt.date(2025, 5, 20), dt.date(2025, 6, 10)]
    assert store.last_check(key) is not None
    history = store.history(key, "K3")
    assert [(h["field"], h["old"], h["new"]) for h in history] == [
        ("deadline_revised", None, "2025-08-15")
    ]
    assert {h["field"] for h in store.history(key, "K1")} >= {"status", "completed_on"}
    assert store.facts(key).removed == {"K6"}
    store.close()


def test_trends_at_each_snapshot_and_meeting(synced: Path, db_url: str, tmp_path: Path) -> None:
    settings = Settings(db=db_url)
    result = trends(settings, str(synced))
    snapshots = result["snapshots"]
    assert [p["as_of"] for p in snapshots] == ["2025-05-20", "2025-06-10"]  # type: ignore[index]
    overall = snapshots[1]["groups"][""]  # type: ignore[index]
    assert overall["total"] == 6 and overall["counts"]["overdue"] == 1
    assert snapshots[1]["groups"]["BTP"]["counts"]["overdue"] == 1  # type: ignore[index]
    meetings = result["meetings"]
    assert [(m["meeting"], m["snapshot"]) for m in meetings] == [("PH2", 1)]  # type: ignore[index]


def test_offline_and_automatic_fallback(run: Run, synced: Path) -> None:
    result = run("status", str(synced), "--offline", "--as-of", "2025-06-10", "--json")
    assert result.returncode == 0
    assert "ngoại tuyến" in result.stderr and result.stderr.count("\n") == 1
    report = json.loads(result.stdout)
    assert report["stale"] is True and report["read_at"]
    assert sorted(t["id"] for t in report["assignments"]) == ["K1", "K2", "K3", "K4", "K5", "K7"]


def test_completion_first_observed_settles_undated_completions(
    run: Run, env: dict[str, str], db_url: str, tmp_path: Path
) -> None:
    env["TRACKER_DB"] = db_url
    path = write(
        tmp_path / "quan-sat.xlsx",
        [
            ["X", "Xong trước hạn", "PH1", "BCA", "30/06/2025", None, "Hoàn thành"],
            ["Y", "Xong sau hạn", "PH1", "BCA", "01/07/2025", None, "Đang thực hiện"],
        ],
    )
    assert run("sync", str(path), "--as-of", "2025-06-20", "--quiet").returncode == 0
    write(
        path,
        [
            ["X", "Xong trước hạn", "PH1", "BCA", "30/06/2025", None, "Hoàn thành"],
            ["Y", "Xong sau hạn", "PH1", "BCA", "01/07/2025", None, "Hoàn thành"],
        ],
    )
    assert run("sync", str(path), "--as-of", "2025-07-10", "--quiet").returncode == 0
    _, report = run_json(run, "status", str(path), "--as-of", "2025-07-15")
    tasks = {t["id"]: t for t in report["assignments"]}
    assert (tasks["X"]["status"], tasks["X"]["completion_observed_on"]) == (
        "done_on_time",
        "2025-06-20",
    )
    assert (tasks["Y"]["status"], tasks["Y"]["completion_observed_on"]) == (
        "done_undated",
        "2025-07-10",
    )
    env.pop("TRACKER_DB")
    env["TRACKER_DATA_DIR"] = str(tmp_path / "empty")
    _, plain = run_json(run, "status", str(path), "--as-of", "2025-07-15")
    assert {t["id"]: t["status"] for t in plain["assignments"]}["X"] == "done_undated"


def _start_sync(
    env: dict[str, str], cwd: Path, path: Path, pause: float | None = None
) -> subprocess.Popen[str]:
    """`tracker sync` in a process of its own; with `pause`, through the library with a
    checkpoint that waits that long halfway through the transaction (tests/
    sync_with_checkpoint.py)."""
    if pause is None:
        command = ["-m", "tracker.cli", "sync", str(path), "--as-of", "2025-06-12"]
    else:
        child = TESTS / "sync_with_checkpoint.py"
        command = [str(child), str(path), "2025-06-12", str(pause)]
    return subprocess.Popen(
        [sys.executable, *command],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_pause(process: subprocess.Popen[str]) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("checkpoint"):
            return
    raise AssertionError("the sync never paused")


def test_a_sync_killed_midway_leaves_the_previous_snapshot(
    synced: Path, env: dict[str, str], db_url: str, tmp_path: Path
) -> None:
    write(synced, V2 + [[f"N{i}", f"Việc {i}", "PH2", "BCA", "31/12/2025"] for i in range(50)])
    process = _start_sync(env, tmp_path, synced, pause=60)
    _wait_for_pause(process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close(), process.stderr.close()  # type: ignore[union-attr]
    store = Store.open(default_db(db_url, Path(".")))
    key = source_key(str(synced))
    assert [s.id for s in store.snapshots(key)] == [1, 2]
    info, workbook = store.load(key)  # type: ignore[misc]
    assert info.id == 2 and len(workbook.assignments) == 6
    store.close()
    # the store is not left locked: the next sync goes through
    finished = _start_sync(env, tmp_path, synced)
    out, err = finished.communicate(timeout=60)
    assert finished.returncode == 0, err
    # (PostgreSQL does not hand back the number the killed sync had taken)
    assert re.search(r"Đã lưu ảnh chụp số [34] \(56 nhiệm vụ\)", out), out


def test_two_syncs_at_once_store_one_snapshot(
    synced: Path, env: dict[str, str], db_url: str, tmp_path: Path
) -> None:
    write(synced, [*V2, ["N1", "Việc thêm", "PH2", "BCA", "31/12/2025"]])
    first = _start_sync(env, tmp_path, synced, pause=3)
    _wait_for_pause(first)
    second = _start_sync(env, tmp_path, synced)
    out2, err2 = second.communicate(timeout=90)
    out1, err1 = first.communicate(timeout=90)
    assert first.returncode == 0 and second.returncode == 0, err1 + err2
    assert "Đã lưu ảnh chụp số 3" in out1
    assert "Nội dung không đổi từ ảnh chụp số 3" in out2
    store = Store.open(default_db(db_url, Path(".")))
    key = source_key(str(synced))
    assert [s.id for s in store.snapshots(key)] == [1, 2, 3]
    assert store.load(key)[1].assignments[-1].id == "N1"  # type: ignore[index]
    store.close()


def test_a_newer_schema_is_refused_with_one_line(
    run: Run, env: dict[str, str], db_url: str, synced: Path
) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(default_db(db_url, Path(".")))
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE schema_version SET version = 99"))
    engine.dispose()
    result = run("sync", str(synced))
    assert (
        result.returncode == 2 and result.stderr.count("\n") == 1
    )  # one line (no progress: not a terminal)
    assert "phiên bản lược đồ 99" in result.stderr and "Traceback" not in result.stderr


def test_duplicate_ids_and_tasks_assigned_later_do_not_break_a_sync(
    run: Run, env: dict[str, str], db_url: str, tmp_path: Path
) -> None:
    env["TRACKER_DB"] = db_url
    header = [*HEADER, "Ngày giao"]
    rows = [
        ["D1", "Việc một", "PH1", "BCA", "31/12/2025", None, None, None, None],
        ["D1", "Việc trùng mã", "PH1", "BTP", "31/12/2025", None, None, None, None],
        ["F1", "Giao sau", "PH1", "BYT", "31/12/2025", None, None, None, "01/12/2025"],
    ]
    path = write_xlsx(tmp_path / "loi.xlsx", {"Phiên họp": MEETINGS, "Nhiệm vụ": [header, *rows]})
    for as_of in ("2025-06-01", "2025-06-02"):
        result = run("sync", str(path), "--as-of", as_of, "--quiet")
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    rows[1][1] = "Việc trùng mã, đã sửa"
    write_xlsx(path, {"Phiên họp": MEETINGS, "Nhiệm vụ": [header, *rows]})
    result = run("sync", str(path), "--as-of", "2025-12-05", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "Đã lưu ảnh chụp" in result.stdout
