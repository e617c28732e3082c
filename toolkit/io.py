"""Atomic file output: a failed run never leaves a half-written file that looks complete."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["atomic_write", "write_json", "write_text"]


def _default_mode() -> int:
    """The mode a plain ``open()`` would give a new file (mkstemp's 0600 is too private)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _default_mode()


def atomic_write(path: str | os.PathLike, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it into place.

    The rename is atomic on one file system, so readers see either the old file or the whole new
    one. On any error the temporary file is removed and the error propagates.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> p = atomic_write(d / "a.txt", lambda tmp: tmp.write_text("hello"))
    >>> p.read_text()
    'hello'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_json(path: str | os.PathLike, data: object) -> Path:
    """Write ``data`` as indented UTF-8 JSON to ``path`` atomically."""
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False, default=_plain)
    return write_text(path, text + "\n")


def _plain(value: object) -> object:
    """Turn numpy scalars and paths into plain JSON values."""
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
