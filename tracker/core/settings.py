"""Every setting, declared once with its help text: a frozen value that `tracker.config`
reads from `tracker.toml` and the environment and passes down to the layers."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .workdays import WorkCalendar


def user_dir(variable: str, fallback: str) -> Path:
    base = os.environ.get(variable) or str(Path.home() / fallback)
    return Path(base) / "tracker"


@dataclass(frozen=True)
class Settings:
    """Everything configurable. Each field reads from `tracker.toml` under its own name and
    from the environment variable in its metadata (the environment wins). Secrets are never
    part of `repr`. `expects`, when given, says in Vietnamese what a valid value is (the
    message for a value that is not)."""

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
        default_factory=lambda: user_dir("XDG_CACHE_HOME", ".cache"),
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
        default_factory=lambda: user_dir("XDG_DATA_HOME", ".local/share"),
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
    dashboard_idle_minutes: int = field(
        default=10,
        metadata={
            "env": ("TRACKER_DASHBOARD_IDLE_MINUTES",),
            "help": "a dashboard page unused this long loses its kernel (it is stopped)",
            "expects": "một số nguyên dương (số phút)",
        },
    )
    dashboard_max_kernels: int = field(
        default=8,
        metadata={
            "env": ("TRACKER_DASHBOARD_MAX_KERNELS",),
            "help": "dashboard pages served at once (the preheated spare kernel is extra)",
            "expects": "một số nguyên dương (số người xem)",
        },
    )

    @property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.extra_days_off, self.extra_working_days)
