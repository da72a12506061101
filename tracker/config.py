"""Settings, declared once, read once from `tracker.toml` and the environment."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import TrackerError
from .workdays import WorkCalendar


@dataclass(frozen=True)
class Settings:
    """Everything configurable.

    - source: SOURCE when the command names none (`TRACKER_SOURCE`); None = embedded sample.
    - due_soon_days: the due-soon window W in calendar days (`TRACKER_DUE_SOON_DAYS`).
    - deadline_rollover: move a deadline that falls on a day off to the next working day
      (`TRACKER_DEADLINE_ROLLOVER`).
    - extra_days_off / extra_working_days: the bridge days off and make-up working days the
      Government announces (`TRACKER_EXTRA_DAYS_OFF`, `TRACKER_EXTRA_WORKING_DAYS`:
      comma-separated ISO dates).
    - cache_dir: where the embedded sample workbook is written (`TRACKER_CACHE_DIR`).
    """

    source: str | None = None
    due_soon_days: int = 7
    deadline_rollover: bool = False
    extra_days_off: frozenset[dt.date] = field(default_factory=frozenset)
    extra_working_days: frozenset[dt.date] = field(default_factory=frozenset)
    cache_dir: Path = field(default_factory=lambda: _user_dir("XDG_CACHE_HOME", ".cache"))

    @property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.extra_days_off, self.extra_working_days)


def _user_dir(variable: str, fallback: str) -> Path:
    base = os.environ.get(variable) or str(Path.home() / fallback)
    return Path(base) / "tracker"


def _dates(value: Any, where: str) -> frozenset[dt.date]:
    items = value.split(",") if isinstance(value, str) else list(value)
    try:
        return frozenset(
            item if isinstance(item, dt.date) else dt.date.fromisoformat(str(item).strip())
            for item in items
            if str(item).strip()
        )
    except ValueError:
        raise TrackerError(f"Cấu hình {where}: ngày phải viết dạng YYYY-MM-DD") from None


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on", "có"}


def config_files(cwd: Path | None = None) -> list[Path]:
    """Config files in the order they are read (later ones win)."""
    return [
        _user_dir("XDG_CONFIG_HOME", ".config") / "tracker.toml",
        (cwd or Path.cwd()) / "tracker.toml",
    ]


def load_settings(
    environ: Mapping[str, str] | None = None, files: list[Path] | None = None
) -> Settings:
    """Settings from the config files, then the environment (which wins).

    Raises TrackerError for a file or value that cannot be read.
    """
    environ = os.environ if environ is None else environ
    raw: dict[str, Any] = {}
    for path in config_files() if files is None else files:
        if path.is_file():
            try:
                raw.update(tomllib.loads(path.read_text(encoding="utf-8")))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise TrackerError(f"Tệp cấu hình {path} không hợp lệ: {exc}") from None
    for key in ("source", "due_soon_days", "deadline_rollover", "extra_days_off",
                "extra_working_days", "cache_dir"):  # fmt: skip
        value = environ.get(f"TRACKER_{key.upper()}")
        if value:
            raw[key] = value
    settings = Settings()
    try:
        return Settings(
            source=str(raw["source"]) if raw.get("source") else None,
            due_soon_days=int(raw.get("due_soon_days", settings.due_soon_days)),
            deadline_rollover=_bool(raw.get("deadline_rollover", False)),
            extra_days_off=_dates(raw.get("extra_days_off", ()), "extra_days_off"),
            extra_working_days=_dates(raw.get("extra_working_days", ()), "extra_working_days"),
            cache_dir=Path(raw["cache_dir"]) if raw.get("cache_dir") else settings.cache_dir,
        )
    except ValueError:
        raise TrackerError("Cấu hình due_soon_days phải là một số nguyên") from None
