"""Atomic file output: a failed run never leaves a half-written file that looks complete."""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

__all__ = [
    "NotRegularFileError",
    "atomic_write",
    "safe_csv_bytes",
    "to_plain",
    "to_safe_csv",
    "write_bytes",
    "write_json",
    "write_text",
]

#: A spreadsheet reads a text cell that starts with one of ``= + - @``, a tab or a carriage return
#: as a formula (OWASP, CSV injection).
_FORMULA_BYTES = np.frombuffer(b"=+-@\t\r", dtype=np.uint8)


def to_safe_csv(frame) -> str:
    r"""``frame`` as CSV text that a spreadsheet cannot run (what every CSV the toolkit writes is).

    Following the OWASP guidance on CSV injection, a text cell that begins with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading apostrophe; numbers are untouched.
    Written by pyarrow's CSV writer (a million rows in well under a second): text quoted,
    missing values empty, booleans ``True``/``False``, numbers as Python prints them.
    :func:`safe_csv_bytes` gives the same as UTF-8 bytes.

    Examples
    --------
    >>> import pandas as pd
    >>> print(to_safe_csv(pd.DataFrame({"a": ["x", None], "b": [1.5, None], "c": [True, False]})), end="")
    "a","b","c"
    "x",1.5,"True"
    ,,"False"
    >>> print(to_safe_csv(pd.DataFrame({"unit": ['=HYPERLINK("x")', "-1"], "score": [-1.5, 2.0]})), end="")
    "unit","score"
    "'=HYPERLINK(""x"")",-1.5
    "'-1",2
    >>> print(to_safe_csv(pd.DataFrame({"=cmd()": ["a"]})), end="")  # headers too
    "'=cmd()"
    "a"
    """
    return safe_csv_bytes(frame).decode("utf-8")


def safe_csv_bytes(frame) -> bytes:
    r""":func:`to_safe_csv` as UTF-8 bytes, for writing straight to a file or a byte stream.

    Examples
    --------
    >>> import pandas as pd
    >>> safe_csv_bytes(pd.DataFrame({"a": ["@x", "ü"]}))
    b'"a"\n"\'@x"\n"\xc3\xbc"\n'
    """
    import io

    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    columns = {}
    for name in frame.columns:  # object columns as text; nothing else is copied
        column = frame[name]
        # a header is a cell too: one that starts like a formula gets the apostrophe as well
        header = f"'{name}" if str(name)[:1] and str(name)[0].encode() in _FORMULA_BYTES.tobytes() else str(name)
        columns[header] = column.astype("str") if pd.api.types.is_object_dtype(column.dtype) else column
    table = pa.Table.from_pandas(pd.DataFrame(columns, copy=False), preserve_index=False)
    for i, field in enumerate(table.schema):
        if pa.types.is_boolean(field.type):  # written as Python prints them; missing stays empty
            table = table.set_column(i, field.name, pc.if_else(table[i], "True", "False"))
        elif pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            # a text cell that a spreadsheet would run as a formula gets a leading apostrophe
            risky = _starts_like_formula(table[i])
            if risky.any():
                quote, nothing = pa.scalar("'", field.type), pa.scalar("", field.type)
                escaped = pc.binary_join_element_wise(quote, table[i], nothing)
                table = table.set_column(i, field.name, pc.if_else(pa.array(risky), escaped, table[i]))
    sink = io.BytesIO()
    pacsv.write_csv(table, sink, pacsv.WriteOptions(include_header=True, quoting_style="needed"))
    return sink.getvalue()


def _starts_like_formula(column) -> np.ndarray:
    """True where a text cell's first byte is one of :data:`_FORMULA_BYTES`, read from the
    Arrow offsets and data buffers (no per-cell work; each of those characters is one byte in
    UTF-8, and no other character's encoding starts with it). Missing cells are False."""
    import pyarrow as pa

    parts = []
    for chunk in column.chunks:
        offset_type = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        _, offsets_buffer, data_buffer = chunk.buffers()
        offsets = np.frombuffer(offsets_buffer, dtype=offset_type)[chunk.offset : chunk.offset + len(chunk) + 1]
        data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
        starts = offsets[:-1]
        filled = (offsets[1:] > starts) & chunk.is_valid().to_numpy(zero_copy_only=False)
        first = np.zeros(len(chunk), dtype=np.uint8)
        first[filled] = data[starts[filled]]
        parts.append(filled & np.isin(first, _FORMULA_BYTES))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def _default_mode() -> int:
    """The mode a plain ``open()`` would give a new file (mkstemp's 0600 is too private)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _default_mode()


class NotRegularFileError(OSError):
    """The output path names a device, pipe or socket (``/dev/stdout``, a FIFO): never replaced."""


def _destination(path: str | os.PathLike) -> Path:
    """Where a write to ``path`` lands: through a symbolic link to the file it points to (the
    link stays a link, as with the shell's ``>``; replacing it would cut a ``latest.csv`` link
    an office keeps to its current report), and never onto something that is not a regular file."""
    target = Path(path)
    try:
        mode = os.stat(target).st_mode  # through links: /dev/stdout is a link to a pipe or terminal
    except OSError:  # nothing there yet (or a dangling link): a new file
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):  # a folder fails on the rename
        raise NotRegularFileError(errno.EEXIST, "not a regular file", os.fspath(path))
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def atomic_write(path: str | os.PathLike, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it into place.

    The rename is atomic on one file system, so readers see either the old file or the whole new
    one. On any error the temporary file is removed and the error propagates, naming ``path``
    when the system did not (a full disk). A symbolic link is written through: the file it
    points to is replaced atomically and the link kept. A device, pipe or socket at ``path`` is
    refused (:class:`NotRegularFileError`): renaming over ``/dev/stdout`` as root would replace it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> p = atomic_write(d / "a.txt", lambda tmp: tmp.write_text("hello"))
    >>> p.read_text()
    'hello'
    >>> (d / "link.txt").symlink_to(p)
    >>> atomic_write(d / "link.txt", lambda tmp: tmp.write_text("again")) == p, (d / "link.txt").is_symlink()
    (True, True)
    >>> atomic_write("/dev/null", lambda tmp: None)
    Traceback (most recent call last):
    toolkit.io.NotRegularFileError: [Errno 17] not a regular file: '/dev/null'
    """
    target = _destination(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, target)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:  # ENOSPC from a write names no file
            exc.filename = os.fspath(path)
        raise
    return target


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically."""
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))


def write_xlsx(path: str | os.PathLike, sheets: dict) -> Path:
    """Write DataFrames as sheets of one workbook, atomically: numbers as numbers, a bold frozen
    header row, column widths from the content. Every text cell is stored as text, so a name
    that starts with ``=`` is never a formula.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl, pandas as pd
    >>> p = write_xlsx(pathlib.Path(tempfile.mkdtemp()) / "t.xlsx", {"a": pd.DataFrame({"x": ["=1+1"], "n": [1.5]})})
    >>> cell = openpyxl.load_workbook(p)["a"]["A2"]
    >>> number = openpyxl.load_workbook(p)["a"]["B2"]
    >>> cell.value, cell.data_type, number.value, number.number_format
    ('=1+1', 's', 1.5, '0.00##')
    >>> import time; time.sleep(1.1)  # the same tables a second later: the same bytes
    >>> q = write_xlsx(p.with_name("u.xlsx"), {"a": pd.DataFrame({"x": ["=1+1"], "n": [1.5]})})
    >>> q.read_bytes() == p.read_bytes()
    True
    """
    import math

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        sheet = book.create_sheet(str(name)[:31])
        columns = [str(c) for c in frame.columns]
        formats = [frame.attrs.get("number_formats", {}).get(c, "0.00##") for c in columns]
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.data_type = "s"
        for record in frame.itertuples(index=False):
            values = []
            for v in record:
                v = to_plain(v)
                if isinstance(v, float) and not math.isfinite(v):
                    v = None
                values.append(v if v is None or isinstance(v, (int, float, str, bool)) else str(v))
            sheet.append(values)
            for cell, number_format in zip(sheet[sheet.max_row], formats, strict=True):
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text stays text: never a formula
                elif isinstance(cell.value, float):
                    # the frame's format (attrs["number_formats"]: "0.0%" for a share), else 2-4
                    # decimals; the value stays exact
                    cell.number_format = number_format
        sheet.freeze_panes = "A2"
        for k, column in enumerate(columns, start=1):
            longest = max([len(column), *(len(str(v)) for v in frame.iloc[:200, k - 1] if v is not None)], default=8)
            sheet.column_dimensions[get_column_letter(k)].width = min(longest + 2, 80)
    return atomic_write(path, lambda tmp: tmp.write_bytes(_reproducible_xlsx(book)))


def _reproducible_xlsx(book) -> bytes:
    """The workbook's bytes without the time it was saved (openpyxl stamps the document's
    properties and every zip entry with now): the same tables give the same file, so a rerun
    is seen to change nothing."""
    import io
    import re
    import zipfile

    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
            target.writestr(
                zipfile.ZipInfo(entry.filename, date_time=(2000, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )
    return out.getvalue()


def write_json(path: str | os.PathLike, data: object) -> Path:
    """Write ``data`` as indented UTF-8 JSON to ``path`` atomically (see :func:`to_plain`)."""
    text = json.dumps(to_plain(data), ensure_ascii=False, indent=2, allow_nan=False)
    return write_text(path, text + "\n")


def to_plain(value: object) -> object:
    """Plain JSON values: numpy scalars to Python, NaN and NA to None, paths to text,
    DataFrames to lists of records, tuples to lists.

    Examples
    --------
    >>> import numpy as np
    >>> to_plain({"a": np.int64(3), "b": [np.nan, 1.5], "c": ("x",)})
    {'a': 3, 'b': [None, 1.5], 'c': ['x']}
    """
    import math

    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [to_plain(v) for v in value]
    if hasattr(value, "to_dict") and hasattr(value, "columns"):  # a DataFrame
        return [to_plain(r) for r in value.to_dict(orient="records")]
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if hasattr(value, "item") and not isinstance(value, str):
        return to_plain(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
