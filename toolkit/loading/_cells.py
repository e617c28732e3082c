"""Cells as written: blank cells, numbers with either decimal mark, and text cleaned once per
distinct value (:class:`Coded`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Coded", "blank", "clean_text", "parse_numbers"]


def blank(series: pd.Series) -> np.ndarray:
    """True where a cell is empty: missing, or only whitespace."""
    missing = np.array(series.isna(), dtype=bool)
    if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
        text = series.astype("str").str.strip()
        missing |= (text == "").to_numpy() | text.str.casefold().isin(["nan", "none", "null", "-"]).to_numpy()
    return missing


def parse_numbers(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Parse numbers written either way (``73,02`` or ``73.02``, ``1.234,5``); return values, bad.

    ``bad`` is True where a non-blank cell is not a number. Blank cells give NaN and are not bad.
    """
    if pd.api.types.is_bool_dtype(series.dtype):
        values = np.full(len(series), np.nan)
        return values, ~series.isna().to_numpy()
    if pd.api.types.is_numeric_dtype(series.dtype):
        values = series.to_numpy(dtype=float, na_value=np.nan).copy()
        bad = ~np.isfinite(values) & ~series.isna().to_numpy()
        values[bad] = np.nan  # reported once, as not a number, and not again as out of range
        return values, bad
    empty = blank(series)
    text = series.astype("str").str.strip().str.replace(r"\s+", "", regex=True)
    both = text.str.contains(",", regex=False) & text.str.contains(".", regex=False)
    comma_last = text.str.rfind(",") > text.str.rfind(".")
    # 1.234,5 -> 1234.5 ; 1,234.5 -> 1234.5 ; 73,02 -> 73.02
    text = text.where(~(both & comma_last), text.str.replace(".", "", regex=False))
    text = text.where(~(both & ~comma_last), text.str.replace(",", "", regex=False))
    text = text.str.replace(",", ".", regex=False)
    values = pd.to_numeric(text.where(~empty, None), errors="coerce").to_numpy(dtype=float, na_value=np.nan).copy()
    bad = ~empty & ~np.isfinite(values)
    values[bad] = np.nan
    return values, bad


def _clean_one(value: object) -> str | None:
    text = " ".join(str(value).split())
    return None if text == "" or text.casefold() in ("nan", "none", "null", "-") else text


def clean_text(series: pd.Series) -> pd.Series:
    """Strip and collapse whitespace; blank cells become missing.

    Examples
    --------
    >>> clean_text(pd.Series(["  Kab.   Bekasi ", "", None, "-"])).tolist()
    ['Kab. Bekasi', nan, nan, nan]
    """
    return pd.Series(Coded.of(series).spread(), index=series.index)


@dataclass(frozen=True)
class Coded:
    """A text column cleaned once per distinct value: ``codes`` (one per row, -1 where blank)
    into ``values`` (the cleaned distinct texts). Everything derived from a name (its key, type,
    canonical form, a test on it) is computed once per distinct value and spread by the codes;
    a column of text is built only for the output, with one take.

    Examples
    --------
    >>> c = Coded.of(pd.Series([" Kab. Bekasi", "-", "Kab. Bekasi", "Kota Bogor"]))
    >>> c.codes.tolist(), c.values
    ([0, -1, 0, 1], ['Kab. Bekasi', 'Kota Bogor'])
    >>> c.spread([len(v) for v in c.values]).tolist(), c.test(lambda v: v.startswith("Kota")).tolist()
    (['11', nan, '11', '10'], [False, False, False, True])
    """

    codes: np.ndarray
    values: list

    @classmethod
    def of(cls, series: pd.Series) -> Coded:
        """:func:`clean_text` of ``series``, kept as codes: one hashing of the column."""
        if series.dtype == object:  # mixed Python values: 1, 1.0 and True hash alike but read apart
            series = series.astype("str")
        raw_codes, uniques = pd.factorize(series, use_na_sentinel=True)
        cleaned = [_clean_one(v) for v in uniques.tolist()]  # plain Python values: cheap to iterate
        distinct = list(dict.fromkeys(c for c in cleaned if c is not None))
        where = {v: i for i, v in enumerate(distinct)}
        remap = np.array([-1 if c is None else where[c] for c in cleaned] + [-1], dtype=np.intp)
        return cls(remap[raw_codes], distinct)

    @classmethod
    def empty(cls, n: int) -> Coded:
        return cls(np.full(n, -1, dtype=np.intp), [])

    @property
    def present(self) -> np.ndarray:
        return self.codes >= 0

    def spread(self, values: list | None = None, codes: np.ndarray | None = None) -> pd.api.extensions.ExtensionArray:
        """``values`` (one per distinct value; default the cleaned texts) at every row, as a text
        array; missing where the row is blank or the value is None."""
        values = self.values if values is None else values
        return pd.array(values, dtype="str").take(self.codes if codes is None else codes, allow_fill=True)

    def test(self, predicate) -> np.ndarray:
        """``predicate`` of each row's cleaned text (False where blank), computed once per value."""
        return np.array([bool(predicate(v)) for v in self.values] + [False], dtype=bool)[self.codes]

    def lengths(self) -> np.ndarray:
        return np.array([len(v) for v in self.values] + [0], dtype=np.int64)[self.codes]

    def at(self, position: int) -> str | None:
        code = self.codes[position]
        return None if code < 0 else self.values[code]
