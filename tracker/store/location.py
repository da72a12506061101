"""Where the store is and how a source is named in it; no SQLAlchemy needed to ask."""

from __future__ import annotations

from pathlib import Path


def default_db(settings_db: str | None, data_dir: Path) -> str:
    """The database URL: TRACKER_DB (a path or an SQLAlchemy URL), else tracker.db in the
    user's data directory."""
    value = settings_db or str(data_dir / "tracker.db")
    return value if "://" in value else f"sqlite:///{Path(value).expanduser().resolve()}"


def source_key(source: str) -> str:
    """Snapshots are kept per normalised source: `gsheet:<key>` for a Google Sheet (whatever
    URL form was used), the absolute path of a file, `sample` for the embedded sample."""
    from ..sources.gsheets import sheet_key

    key = sheet_key(source)
    if key:
        return f"gsheet:{key}"
    if source == "sample":
        return source
    return str(Path(source).expanduser().resolve())
