"""Settings, declared once, read once from `tracker.toml` and the environment."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
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


class _Expected(ValueError):
    """A value that cannot be used; the message says, in Vietnamese, what is expected."""


def whole(low: int, high: int) -> Callable[[Any], int]:
    """A parser of whole numbers from `low` to `high`."""

    def parse(value: Any) -> int:
        text = str(value).strip()
        if not text.lstrip("-").isdigit() or not low <= int(text) <= high:
            raise _Expected(f"cần một số nguyên từ {low} đến {high}")
        return int(text)

    return parse


def _one_of(*choices: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value).strip().lower()
        if text not in choices:
            raise _Expected(f"cần một trong: {', '.join(choices)}")
        return text

    return parse


def _positive(value: Any) -> float:
    number = float(value)
    if not 0 < number < 3600:
        raise _Expected("cần một số giây lớn hơn 0")
    return number


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
    "due_soon_days": whole(0, 3660),
    "deadline_rollover": _bool,
    "extra_days_off": _dates,
    "extra_working_days": _dates,
    "cache_dir": Path,
    "db": str,
    "data_dir": Path,
    "google_credentials": Path,
    "google_api_key": str,
    "sheets_api_url": str,
    "sheets_timeout": _positive,
    "sheets_retries": whole(0, 20),
    "sheets_backoff": _positive,
    "remind_every_days": whole(0, 366),
    "explain_after_days": whole(1, 3660),
    "explain_within_days": whole(1, 366),
    "smtp_host": str,
    "smtp_port": whole(1, 65535),
    "smtp_security": _one_of("none", "starttls", "ssl"),
    "smtp_user": str,
    "smtp_password": str,
    "smtp_ca_file": Path,
    "smtp_timeout": _positive,
    "smtp_retries": whole(0, 20),
    "mail_from": str,
    "letter_issuer": str,
    "letter_symbol": str,
    "letter_place": str,
    "letter_signer": str,
    "letter_signer_title": lambda value: str(value).replace("\\n", "\n"),
    "dashboard_idle_minutes": whole(1, 1440),
    "dashboard_max_kernels": whole(1, 64),
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
                found = tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                where = re.search(r"line (\d+)", str(exc))
                line = f" (dòng {where[1]})" if where else ""
                raise TrackerError(f"Tệp cấu hình {path} sai cú pháp TOML{line}") from None
            except UnicodeDecodeError:
                raise TrackerError(f"Tệp cấu hình {path} không phải văn bản UTF-8") from None
            unknown = sorted(set(found) - {f.name for f in fields(Settings)})
            if unknown:  # a misspelt key would otherwise be ignored without a word
                names = ", ".join(unknown)
                print(f"Cảnh báo: {path} có khóa không dùng đến: {names}", file=sys.stderr)
            raw.update(found)
    values: dict[str, Any] = {}
    for spec in fields(Settings):
        value, origin = raw.get(spec.name), "tracker.toml"
        for variable in spec.metadata["env"]:
            if environ.get(variable):
                value, origin = environ[variable], variable
                break
        if value is None or value == "":
            continue
        try:
            values[spec.name] = _PARSERS[spec.name](value)
        except (ValueError, TypeError) as exc:
            shown = "" if spec.metadata.get("secret") else f" «{value}»"
            reason = str(exc) if isinstance(exc, _Expected) else "không đọc được giá trị này"
            raise TrackerError(
                f"Cấu hình {spec.name}{shown} (từ {origin}) không hợp lệ: {reason}"
            ) from None
    return Settings(**values)
