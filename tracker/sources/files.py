"""Files that appear whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to; renamed to `path` when the block ends
    without an error, removed otherwise (readers never see a partial file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, name = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise _as_target(exc, path) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        # mkstemp makes the file private (0600); a document is as readable as any other file
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        raise _as_target(exc, path) from None
    finally:
        tmp.unlink(missing_ok=True)


TMP_PREFIX = ".tmp-"


def _as_target(exc: OSError, path: Path) -> OSError:
    """The error as the user sees it: about the file asked for, not its temporary twin."""
    if exc.filename is not None and Path(exc.filename).name.startswith(TMP_PREFIX):
        exc.filename = str(path)
    return exc


def write_text_atomic(path: Path, text: str) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path
