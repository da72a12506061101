"""Files of the project outside the package: notebooks and templates."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..core.errors import TrackerError


def project_file(*parts: str) -> Path:
    """A file of the project: in a checkout next to the package, else where the wheel put it
    (sys.prefix/share/tracker). Raises TrackerError when neither exists."""
    checkout = Path(__file__).resolve().parents[2].joinpath(*parts)
    if checkout.exists():
        return checkout
    installed = Path(sys.prefix, "share", "tracker", *parts)
    if installed.exists():
        return installed
    raise TrackerError(f"Không tìm thấy {'/'.join(parts)} của tracker (cài đặt chưa đủ)")


@lru_cache(maxsize=1)
def templates() -> Any:
    """The Jinja2 environment of `templates/`: HTML escaped (not the plain-text templates,
    `*.txt.j2`), undefined names an error."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(str(project_file("templates"))),
        autoescape=lambda name: name is None or not name.endswith(".txt.j2"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
