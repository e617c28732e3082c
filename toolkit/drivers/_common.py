"""What the drivers modules share: the rows of one region, and how a model term is worded."""

from __future__ import annotations

import pandas as pd

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg
from toolkit.names import UNIT_TYPES, region_key

#: Reference categories of the model terms (the category every other one is compared with).
REFERENCES = {"unit_type": "investment_licensing", "region_type": "kabupaten"}


def region_rows(results: pd.DataFrame, region: str, year: int) -> pd.DataFrame:
    """The rows of one region and year; a clear error when there are none."""
    keys = results["region_key"] if "region_key" in results else results["region"].map(region_key, na_action="ignore")
    rows = results[(results["year"] == int(year)) & (keys == region_key(region))]
    if rows.empty:
        source = results.attrs.get("provenance", {}).get("source", "results")
        raise DataError([Problem(Msg("no_rows", region=region, year=year))], source)
    return rows


def label(term: str, lang: str) -> str:
    """A model term (``unit_type:education``) as a reader would name it."""
    kind, _, level = term.partition(":")
    if kind == "unit_type":
        return UNIT_TYPES.get(level, {}).get(lang, level)
    if kind == "region_type":
        return level
    return f"{'tahun' if lang == 'id' else 'year'} {level}" if kind == "year" else term
