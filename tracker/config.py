"""Settings, declared once, read once from `tracker.toml` and the environment."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import TrackerError
from .workdays import WorkCalendar


def _user_dir(variable: str, fallback: str) -> Path:
    base = os.environ.get(variable) or str(Path.home() / fallback)
    return Path(base) / "tracker"


@dataclass(frozen=True)
class Settings:
    """Everything configurable. Each field reads from `tracker.toml` under its own name and
    from the environment variable in its metadata (the environment wins). Secrets are never
    part of `repr`."""

    source: str | None = field(
        default=None, metadata={"env": ("TRACKER_SOURCE",), "help": "SOURCE by default"}
    )
    due_soon_days: int = field(
        default=7, metadata={"env": ("TRACKER_DUE_SOON_DAYS",), "help": "due-soon window W"}
    )
    deadline_rollover: bool = field(
        default=False,
        metadata={
            "env": ("TRACKER_DEADLINE_ROLLOVER",),
            "help": "move a deadline on a day off to the next working day",
        },
    )
    extra_days_off: frozenset[dt.date] = field(
        default_factory=frozenset,
        metadata={"env": ("TRACKER_EXTRA_DAYS_OFF",), "help": "bridge days off (ISO dates)"},
    )
    extra_working_days: frozenset[dt.date] = field(
        default_factory=frozenset,
        metadata={
            "env": ("TRACKER_EXTRA_WORKING_DAYS",),
            "help": "make-up working days (ISO dates)",
        },
    )
    cache_dir: Path = field(
        default_factory=lambda: _user_dir("XDG_CACHE_HOME", ".cache"),
        metadata={"env": ("TRACKER_CACHE_DIR",), "help": "sample workbook and last sheet reads"},
    )
    db: str | None = field(
        default=None,
        repr=False,
        metadata={
            "env": ("TRACKER_DB",),
            "help": "the history store: a path (SQLite) or an SQLAlchemy URL",
            "secret": True,  # a URL may hold a password
        },
    )
    data_dir: Path = field(
        default_factory=lambda: _user_dir("XDG_DATA_HOME", ".local/share"),
        metadata={"env": ("TRACKER_DATA_DIR",), "help": "where tracker.db lives by default"},
    )
    google_credentials: Path | None = field(
        default=None,
        metadata={
            "env": ("TRACKER_GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"),
            "help": "path of a service account's JSON key",
        },
    )
    google_api_key: str | None = field(
        default=None,
        repr=False,
        metadata={
            "env": ("TRACKER_GOOGLE_API_KEY",),
            "help": "API key for a sheet shared read-only with anyone who has the link",
            "secret": True,
        },
    )
    sheets_api_url: str | None = field(
        default=None,
        metadata={
            "env": ("TRACKER_SHEETS_API_URL",),
            "help": "another base URL for the Sheets API (an API gateway; the test emulator)",
        },
    )
    sheets_timeout: float = field(
        default=30.0,
        metadata={"env": ("TRACKER_SHEETS_TIMEOUT",), "help": "seconds before a request fails"},
    )
    sheets_retries: int = field(
        default=5,
        metadata={"env": ("TRACKER_SHEETS_RETRIES",), "help": "retries on 429, 5xx, network"},
    )
    sheets_backoff: float = field(
        default=1.0,
        metadata={"env": ("TRACKER_SHEETS_BACKOFF",), "help": "first retry delay, doubling"},
    )

    @property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.extra_days_off, self.extra_working_days)


def _dates(value: Any) -> frozenset[dt.date]:
    items = value.split(",") if isinstance(value, str) else list(value)
    return frozenset(
        item if isinstance(item, dt.date) else dt.date.fromisoformat(str(item).strip())
        for item in items
        if str(item).strip()
    )


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on", "có"}:
        return True
    if text in {"0", "false", "no", "off", "không", ""}:
        return False
    raise ValueError(value)


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "source": str,
    "due_soon_days": int,
    "deadline_rollover": _bool,
    "extra_days_off": _dates,
    "extra_working_days": _dates,
    "cache_dir": Path,
    "db": str,
    "data_dir": Path,
    "google_credentials": Path,
    "google_api_key": str,
    "sheets_api_url": str,
    "sheets_timeout": float,
    "sheets_retries": int,
    "sheets_backoff": float,
}


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

    Raises TrackerError naming the setting for a file or value that cannot be read (the value
    itself is not repeated for secrets).
    """
    environ = os.environ if environ is None else environ
    raw: dict[str, Any] = {}
    for path in config_files() if files is None else files:
        if path.is_file():
            try:
                raw.update(tomllib.loads(path.read_text(encoding="utf-8")))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise TrackerError(f"Tệp cấu hình {path} không hợp lệ: {exc}") from None
    values: dict[str, Any] = {}
    for spec in fields(Settings):
        value = raw.get(spec.name)
        for variable in spec.metadata["env"]:
            if environ.get(variable):
                value = environ[variable]
                break
        if value is None or value == "":
            continue
        try:
            values[spec.name] = _PARSERS[spec.name](value)
        except (ValueError, TypeError):
            shown = "" if spec.metadata.get("secret") else f" «{value}»"
            raise TrackerError(
                f"Cấu hình {spec.name}{shown} không hợp lệ ({spec.metadata['help']})"
            ) from None
    return Settings(**values)
