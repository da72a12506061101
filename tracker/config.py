"""Settings, declared once, read once from `tracker.toml` and the environment."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from .core.errors import TrackerError
from .core.settings import Settings, user_dir


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


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(value)
    number = int(value.strip()) if isinstance(value, str) else value
    if number <= 0:
        raise ValueError(value)
    return number


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
    "dashboard_idle_minutes": _positive_int,
    "dashboard_max_kernels": _positive_int,
}


def config_files(cwd: Path | None = None) -> list[Path]:
    """Config files in the order they are read (later ones win)."""
    return [
        user_dir("XDG_CONFIG_HOME", ".config") / "tracker.toml",
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
            expects = spec.metadata.get("expects")
            why = f": cần {expects}" if expects else f" ({spec.metadata['help']})"
            raise TrackerError(f"Cấu hình {spec.name}{shown} không hợp lệ{why}") from None
    return Settings(**values)
