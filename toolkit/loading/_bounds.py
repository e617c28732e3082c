"""How much a loader reads at most: columns, cells, and the inflated size of a workbook.

A file past a bound is refused with the bound in the message, before it is read in full: a
header of a million columns or a 2 MB workbook that inflates to gigabytes (a zip bomb) must not
hang the machine or take its memory. The bounds are far above any real assessment table (the
published results have 523 rows of 14 columns; a large survey a few hundred thousand cells).
"""

from __future__ import annotations

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg

__all__ = ["MAX_CELLS", "MAX_COLUMNS", "MAX_INFLATED_BYTES", "check_cells", "check_columns", "check_inflated"]

#: Most columns a table may have: Excel's own limit (column XFD).
MAX_COLUMNS = 16_384
#: Most cells (rows times columns, every sheet of a workbook together) read from one file: a
#: quarter of a million rows of 20 columns.
MAX_CELLS = 5_000_000
#: Most bytes the parts of one workbook (or the columns of one Parquet file) may inflate to.
MAX_INFLATED_BYTES = 512 * 1024**2


def check_columns(n: int, source: str, sheet: str | None = None) -> None:
    """Refuse a table (or a workbook's ``sheet``) wider than :data:`MAX_COLUMNS`."""
    if n > MAX_COLUMNS:
        if sheet is None:
            message = Msg("problem.too_many_columns", n=n, limit=MAX_COLUMNS)
        else:
            message = Msg("problem.sheet_too_many_columns", sheet=sheet, n=n, limit=MAX_COLUMNS)
        raise DataError([Problem(message)], source)


def check_cells(n: int, source: str) -> None:
    """Refuse a file of more than :data:`MAX_CELLS` cells (``n`` may be a lower bound)."""
    if n > MAX_CELLS:
        raise DataError([Problem(Msg("problem.too_many_cells", limit=MAX_CELLS))], source)


def check_inflated(n: int, source: str) -> None:
    """Refuse a compressed file whose content inflates past :data:`MAX_INFLATED_BYTES`."""
    if n > MAX_INFLATED_BYTES:
        raise DataError(
            [Problem(Msg("problem.inflates_too_much", size=_mib(n), limit=_mib(MAX_INFLATED_BYTES)))], source
        )


def _mib(n: int) -> str:
    return f"{n / 1024**2:.0f} MiB"
