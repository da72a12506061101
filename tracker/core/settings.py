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
        },
    )
    dashboard_max_kernels: int = field(
        default=8,
        metadata={
            "env": ("TRACKER_DASHBOARD_MAX_KERNELS",),
            "help": "dashboard pages served at once (the preheated spare kernel is extra)",
        },
    )

    # --- reminders and requests for explanation ---------------------------------------------
    remind_every_days: int = field(
        default=7,
        metadata={
            "env": ("TRACKER_REMIND_EVERY_DAYS",),
            "help": "days before an agency is reminded again of the same tasks",
        },
    )
    explain_after_days: int = field(
        default=30,
        metadata={
            "env": ("TRACKER_EXPLAIN_AFTER_DAYS",),
            "help": "days overdue after which a task's agency is asked to explain",
        },
    )
    explain_within_days: int = field(
        default=5,
        metadata={
            "env": ("TRACKER_EXPLAIN_WITHIN_DAYS",),
            "help": "working days the agency has to answer a request for explanation",
        },
    )
    smtp_host: str | None = field(
        default=None, metadata={"env": ("TRACKER_SMTP_HOST",), "help": "the mail server"}
    )
    smtp_port: int | None = field(
        default=None,
        metadata={"env": ("TRACKER_SMTP_PORT",), "help": "its port (25, 587 or 465 by security)"},
    )
    smtp_security: str = field(
        default="starttls",
        metadata={"env": ("TRACKER_SMTP_SECURITY",), "help": "none, starttls or ssl"},
    )
    smtp_user: str | None = field(
        default=None, metadata={"env": ("TRACKER_SMTP_USER",), "help": "login on the server"}
    )
    smtp_password: str | None = field(
        default=None,
        repr=False,
        metadata={"env": ("TRACKER_SMTP_PASSWORD",), "help": "its password", "secret": True},
    )
    smtp_ca_file: Path | None = field(
        default=None,
        metadata={
            "env": ("TRACKER_SMTP_CA_FILE",),
            "help": "certificate authority for the server's certificate (PEM)",
        },
    )
    smtp_timeout: float = field(
        default=30.0,
        metadata={
            "env": ("TRACKER_SMTP_TIMEOUT",),
            "help": "seconds before the server is given up",
        },
    )
    smtp_retries: int = field(
        default=3,
        metadata={"env": ("TRACKER_SMTP_RETRIES",), "help": "retries when the server drops us"},
    )
    mail_from: str | None = field(
        default=None,
        metadata={"env": ("TRACKER_MAIL_FROM",), "help": "the sender's address"},
    )
    letter_issuer: str = field(
        default="Văn phòng Chính phủ",
        metadata={
            "env": ("TRACKER_LETTER_ISSUER",),
            "help": "the body that issues the letters (its heading is in capitals)",
        },
    )
    letter_symbol: str = field(
        default="VPCP-KSTT",
        metadata={"env": ("TRACKER_LETTER_SYMBOL",), "help": "the letters' symbol after «Số:»"},
    )
    letter_place: str = field(
        default="Hà Nội",
        metadata={"env": ("TRACKER_LETTER_PLACE",), "help": "the place before the date"},
    )
    letter_signer: str = field(
        default="",
        metadata={"env": ("TRACKER_LETTER_SIGNER",), "help": "who signs (left blank to fill)"},
    )
    letter_signer_title: str = field(
        default="KT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM",
        metadata={"env": ("TRACKER_LETTER_SIGNER_TITLE",), "help": "the signer's title"},
    )

    @property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.extra_days_off, self.extra_working_days)
