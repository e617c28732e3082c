"""One table from a file or a DataFrame (:func:`read_table`), by the file's type, with its
provenance (file name, SHA-256)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg
from toolkit.loading import _bounds
from toolkit.loading._excel import read_workbook
from toolkit.loading._table import Table, check_shape
from toolkit.loading._text import read_csv

__all__ = ["read_table"]


def read_table(source: str | os.PathLike | pd.DataFrame, sheet: str | int | None = None) -> Table:
    """Read a CSV, TSV, XLSX or Parquet file (or take a DataFrame) without judging its content.

    Problems of shape are reported, never passed over: a header written twice, a file with a
    header and no rows, and, in a workbook, data on any sheet other than the one read (choose it
    with ``sheet``, a name or a number). CSV in UTF-16 or UTF-32 is recognised by its byte-order
    mark. What is read is bounded (columns, cells, the size a workbook inflates to; see
    toolkit.loading._bounds), and a bound passed is an error that names it.
    """
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
        table = Table(frame, "<DataFrame>", {"source": "<DataFrame>", "rows": len(frame)}, False)
        check_shape(table, [str(c) for c in frame.columns])
        return table
    try:
        path = Path(os.fspath(source))
    except TypeError as exc:
        raise DataError([Problem(Msg("problem.cannot_read_type", kind=type(source).__name__))]) from exc
    name = str(path)
    if path.is_dir():
        raise DataError([Problem(Msg("problem.is_directory"))], name)
    if not path.is_file():
        raise DataError([Problem(Msg("problem.file_not_found"))], name)
    suffix = path.suffix.casefold()
    extra: list[Problem] = []
    try:
        if suffix in (".csv", ".txt", ".tsv"):
            frame, headers = read_csv(path)
        elif suffix in (".xlsx", ".xlsm", ".xls"):
            frame, headers, extra = read_workbook(path, sheet)
        elif suffix in (".parquet", ".pq"):
            frame = _read_parquet(path)
            headers = [str(c) for c in frame.columns]
        else:
            raise DataError([Problem(Msg("problem.unknown_file_type", suffix=suffix))], name)
    except DataError:
        raise
    except (ValueError, OSError, ImportError, pd.errors.ParserError, UnicodeError) as exc:
        raise DataError([Problem(Msg("problem.cannot_read", reason=exc))], name) from exc
    frame = frame.reset_index(drop=True)
    provenance = {"source": name, "file": path.name, "sha256": _sha256(path), "rows": len(frame)}
    if sheet is not None:
        provenance["sheet"] = sheet
    table = Table(frame, name, provenance, True)
    for problem in extra:
        table.add(problem)
    check_shape(table, headers)
    return table


def _read_parquet(path: Path) -> pd.DataFrame:
    """A Parquet file, once its metadata shows it within the bounds (it is compressed too)."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    _bounds.check_columns(meta.num_columns, str(path))
    _bounds.check_cells(meta.num_rows * meta.num_columns, str(path))
    _bounds.check_inflated(sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups)), str(path))
    return pd.read_parquet(path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
