"""Reading and validating SKM respondent files."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from toolkit.errors import Problem
from toolkit.i18n import Msg
from toolkit.loading import clean_text, map_headers, parse_numbers, read_table
from toolkit.names import region_key
from toolkit.survey._items import ATTRIBUTE_COLUMNS, GROUP_COLUMNS, ITEMS, SURVEY_COLUMNS, _fold_item, item_by_name


def read_survey(source: str | os.PathLike | pd.DataFrame, sheet: str | int | None = None) -> pd.DataFrame:
    """Read and validate SKM respondent data: one row per respondent.

    Parameters
    ----------
    source : path or DataFrame
        CSV, XLSX, Parquet or a DataFrame with the nine items as ``U1``..``U9`` or by their
        Indonesian names (``persyaratan``, ``prosedur``, ``waktu``, ``biaya``, ``produk``,
        ``kompetensi``, ``perilaku``, ``pengaduan``, ``sarana``); answers 1-4, blank allowed.
        Optional: grouping columns (region, unit, service, period), respondent attributes
        (gender, age, education, occupation) and an overall-satisfaction item.

    Returns
    -------
    pandas.DataFrame
        Group and attribute columns as text, ``U1``..``U9`` (and ``overall``) as float32 with
        NaN for a blank answer, ``synthetic``; other columns are kept. With a region column,
        ``region_key`` (:func:`toolkit.names.region_key` of each name, ``""`` where the region is
        blank) follows it: filter on that key, not on the name as written.

    Raises
    ------
    DataError
        Listing every offending cell (row, column, value) up to a cap, with the total count.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"OPD": ["Dinsos", "Dinsos"], **{f"U{i}": [4, 3] for i in range(1, 10)}})
    >>> read_survey(rows)[["unit", "U1", "U9"]]
         unit   U1   U9
    0  Dinsos  4.0  4.0
    1  Dinsos  3.0  3.0
    """

    table = read_table(source, sheet)
    by_name = {c: item_by_name(c) for c in table.frame.columns if item_by_name(c)}
    by_name = {c: i for c, i in by_name.items() if _fold_item(c) != i.casefold()}
    table.frame = table.frame.rename(columns=by_name)
    found = map_headers(table, SURVEY_COLUMNS, tuple(ITEMS))
    found.update({item: str(column) for column, item in by_name.items()})
    table.raise_if_problems()
    frame = table.frame
    out = {}
    for column in (*GROUP_COLUMNS, *ATTRIBUTE_COLUMNS):
        if column in frame:
            out[column] = clean_text(frame[column]).astype("str") if column != "age" else frame[column]
            if column in GROUP_COLUMNS:
                table.flag_long(out[column], found.get(column))
    for item in [*ITEMS, *(["overall"] if "overall" in frame else [])]:
        values, bad = parse_numbers(frame[item])
        with np.errstate(invalid="ignore"):
            wrong = bad | (~np.isnan(values) & ((values < 1) | (values > 4) | (values != np.round(values))))
        if item == "overall":  # any numeric scale is accepted for the overall item
            wrong = bad
        for pos in np.flatnonzero(wrong)[: 1000 - len(table.problems) if len(table.problems) < 1000 else 0]:
            message = Msg("problem.answer_range") if item != "overall" else Msg("problem.not_a_number")
            table.problems.append(Problem(message, table.row_label(pos), found[item], frame[item].iloc[pos]))
        table.total += int(wrong.sum())
        out[item] = np.where(wrong, np.nan, values).astype(np.float32)
    table.raise_if_problems()
    result = pd.DataFrame(out, index=frame.index)
    result["synthetic"] = (
        clean_text(frame["synthetic"]).str.casefold().isin(["true", "1", "ya", "yes"]).to_numpy()
        if "synthetic" in frame
        else False
    )
    for column in frame.columns:
        if column not in result and column not in SURVEY_COLUMNS:
            result[column] = frame[column]
    if "region" in result:  # a region_key column of the file's own is replaced by the one derived here
        result = result.drop(columns=["region_key"], errors="ignore")
        result.insert(result.columns.get_loc("region") + 1, "region_key", _region_keys(result["region"]))
    result = result.reset_index(drop=True)
    result.attrs["provenance"] = {**table.provenance, "synthetic": bool(result["synthetic"].any())}
    result.attrs["items_by_name"] = {str(c): i for c, i in by_name.items()}
    return result


def _region_keys(regions: pd.Series) -> pd.Series:
    """The region key of each row, computed once per distinct name; ``""`` for a blank region."""
    codes, names = pd.factorize(regions)
    keys = np.array([*(region_key(str(name)) for name in names), ""], dtype=object)
    return pd.Series(keys[codes], index=regions.index, dtype="str")
