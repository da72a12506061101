"""Opening the history store when there is one (SQLAlchemy is imported only then)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.settings import Settings
from ..store.location import default_db

if TYPE_CHECKING:
    from ..store.snapshots import Store


def store_url(settings: Settings) -> str:
    return default_db(settings.db, settings.data_dir)


def open_store(settings: Settings, create: bool = False) -> Store | None:
    """The history store; None when it does not exist yet and `create` is False."""
    url = store_url(settings)
    if url.startswith("sqlite:///") and not create and not Path(url[10:]).exists():
        return None
    from ..store.snapshots import Store

    return Store.open(url, writing=create)
