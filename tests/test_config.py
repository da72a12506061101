"""Settings read from `tracker.toml` and the environment."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tracker.config import load_settings
from tracker.core.errors import TrackerError
from tracker.core.settings import Settings


def test_dashboard_settings_from_the_file_and_the_environment(tmp_path: Path) -> None:
    assert (Settings().dashboard_idle_minutes, Settings().dashboard_max_kernels) == (10, 8)
    config = tmp_path / "tracker.toml"
    config.write_text("dashboard_idle_minutes = 15\ndashboard_max_kernels = 3\n", encoding="utf-8")
    settings = load_settings({}, [config])
    assert (settings.dashboard_idle_minutes, settings.dashboard_max_kernels) == (15, 3)
    environ = {"TRACKER_DASHBOARD_MAX_KERNELS": "12", "TRACKER_DASHBOARD_IDLE_MINUTES": " 5"}
    settings = load_settings(environ, [config])
    assert (settings.dashboard_idle_minutes, settings.dashboard_max_kernels) == (5, 12)
    config.write_text("dashboard_max_kernels = 2.5\n", encoding="utf-8")
    with pytest.raises(
        TrackerError,
        match=r"dashboard_max_kernels «2\.5» \(từ tracker\.toml\) không hợp lệ: "
        r"cần một số nguyên từ 1 đến 64",
    ):
        load_settings({}, [config])


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TRACKER_DASHBOARD_MAX_KERNELS", "0"),
        ("TRACKER_DASHBOARD_MAX_KERNELS", "tám"),
        ("TRACKER_DASHBOARD_IDLE_MINUTES", "-5"),
        ("TRACKER_DASHBOARD_IDLE_MINUTES", "1.5"),
    ],
)
def test_a_bad_dashboard_setting_is_refused_in_one_line(
    run: Callable[..., subprocess.CompletedProcess[str]], variable: str, value: str
) -> None:
    result = run("dashboard", "--no-browser", **{variable: value})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    name = variable.removeprefix("TRACKER_").lower()
    assert result.stderr.startswith(
        f"Lỗi: Cấu hình {name} «{value}» (từ {variable}) không hợp lệ: cần một số"
    )
