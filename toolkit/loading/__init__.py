"""Loaders: read a results or detail table from CSV, XLSX, Parquet or a DataFrame, and validate it.

A loader never drops a row silently. It collects every problem it finds, with the file, the row
(the line a person sees in the file; the header is line 1) and the column, and raises one
:class:`~toolkit.errors.DataError` listing them all.

The machinery is in private modules, one job each: ``_read`` (a table from a file, by type),
``_text`` (CSV encodings and separators), ``_excel`` (workbooks: sheets, formulas, containers),
``_bounds`` (how much is read at most), ``_table`` (a table and its problems), ``_cells``
(blank cells, numbers, text coded once per value), ``_columns`` (header recognition), and the
two loaders ``_results`` and ``_detail``. The survey and plan loaders use the shared machinery
exported here.
"""

from toolkit.loading._cells import Coded, blank, clean_text, parse_numbers
from toolkit.loading._columns import map_headers
from toolkit.loading._detail import DETAIL_COLUMNS, REQUIRED_DETAIL_COLUMNS, read_detail
from toolkit.loading._read import read_table
from toolkit.loading._results import LEVELS, REQUIRED_RESULT_COLUMNS, RESULT_COLUMNS, read_results
from toolkit.loading._table import KEEP_PROBLEMS, MAX_NAME_LENGTH, Table

__all__ = [
    "DETAIL_COLUMNS",
    "KEEP_PROBLEMS",
    "LEVELS",
    "MAX_NAME_LENGTH",
    "REQUIRED_DETAIL_COLUMNS",
    "REQUIRED_RESULT_COLUMNS",
    "RESULT_COLUMNS",
    "Coded",
    "Table",
    "blank",
    "clean_text",
    "map_headers",
    "parse_numbers",
    "read_detail",
    "read_results",
    "read_table",
]
