"""Text tables (CSV, TSV, TXT): the encoding, the separator, and the header row.

The encoding is the one a byte-order mark names (UTF-16, UTF-32), else UTF-8, else Windows-1252
(what Excel on Windows saves as "CSV"). A file that is UTF-8 except for a few stray bytes (one
line pasted from another program) is not decoded whole as Windows-1252, which would garble
every name: each valid UTF-8 sequence stays UTF-8, each stray byte is read as its Windows-1252
character (so nothing is lost), and a :class:`~toolkit.errors.DataWarning` names the rows.
"""

from __future__ import annotations

import codecs
import csv
import warnings
from pathlib import Path

import pandas as pd

from toolkit.errors import DataError, DataWarning, Problem
from toolkit.i18n import Msg
from toolkit.loading import _bounds

__all__ = ["read_csv"]

#: Byte-order marks of the Unicode encodings a spreadsheet may save CSV in, longest first.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

#: The decoding error handler that reads a stray (non-UTF-8) byte as Windows-1252.
_STRAY = "toolkit-stray-byte-as-cp1252"


def _stray_as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    stray = exc.object[exc.start : exc.end]
    return "".join(bytes([b]).decode("cp1252", errors="replace") for b in stray), exc.end


codecs.register_error(_STRAY, _stray_as_cp1252)


def read_csv(path: Path) -> tuple[pd.DataFrame, list[str]]:
    """A text table as pandas reads it, and its header row as written (to check it)."""
    name = str(path)
    encoding, errors, stray_rows = _encoding(path)
    try:
        sep = _sniff_sep(path, encoding, errors)
        headers = _header_row(path, encoding, errors, sep)
        _bounds.check_columns(len(headers), name)
        rows_allowed = _bounds.MAX_CELLS // max(len(headers), 1)
        frame = pd.read_csv(
            path,
            sep=sep,
            encoding=encoding,
            encoding_errors=errors,
            keep_default_na=False,
            na_values=[""],
            skipinitialspace=True,
            low_memory=False,
            nrows=rows_allowed + 1,  # one more than allowed: enough to know it is too many
        )
    except UnicodeDecodeError as exc:
        raise DataError([Problem(Msg("problem.encoding"))], name) from exc
    except pd.errors.EmptyDataError as exc:
        raise DataError([Problem(Msg("problem.file_empty"))], name) from exc
    except csv.Error as exc:
        raise DataError([Problem(Msg("problem.cannot_read", reason=exc))], name) from exc
    if len(frame) > rows_allowed:
        _bounds.check_cells(len(frame) * max(len(headers), 1), name)
    if stray_rows:
        warnings.warn(
            Msg(
                "problem.stray_bytes",
                source=name,
                n=len(stray_rows),
                rows=", ".join(str(r) for r in stray_rows[:20]) + (" ..." if len(stray_rows) > 20 else ""),
            ),
            DataWarning,
            stacklevel=2,
        )
    return frame, headers


def _encoding(path: Path) -> tuple[str, str, list[int]]:
    """``(encoding, error handler, rows with stray bytes)`` of a text file."""
    with path.open("rb") as fh:
        head = fh.read(4)
    for bom, encoding in _BOMS:
        if head.startswith(bom) and encoding != "utf-8-sig":
            return encoding, "strict", []
    if _is_utf8(path):
        return "utf-8-sig", "strict", []
    stray, has_utf8 = _stray_lines(path)
    if not has_utf8:  # no UTF-8 sequence anywhere: a Windows-1252 file, as Excel saves one
        return "cp1252", "strict", []
    return "utf-8-sig", _STRAY, stray


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        try:
            for block in iter(lambda: fh.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _stray_lines(path: Path) -> tuple[list[int], bool]:
    """The lines (header = 1) holding bytes that are not UTF-8, and whether any line holds a
    valid UTF-8 sequence beyond ASCII (then the file is UTF-8 with stray bytes)."""
    stray: list[int] = []
    has_utf8 = False
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
                has_utf8 = True
            except UnicodeDecodeError:
                stray.append(number)
                has_utf8 = has_utf8 or not line.decode("utf-8", errors="ignore").isascii()
    return stray, has_utf8


def _sniff_sep(path: Path, encoding: str, errors: str) -> str:
    with path.open(encoding=encoding, errors=_lenient(errors)) as fh:
        head = fh.readline()
    counts = {sep: head.count(sep) for sep in (",", ";", "\t", "|")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def _header_row(path: Path, encoding: str, errors: str, sep: str) -> list[str]:
    with path.open(encoding=encoding, errors=_lenient(errors), newline="") as fh:
        return [h.strip() for h in next(csv.reader(fh, delimiter=sep), [])]


def _lenient(errors: str) -> str:
    """The header is read before the body: a bad byte there is reported by the body's read."""
    return "replace" if errors == "strict" else errors
