"""Decomposition: how much each unit pulls its Pemda below the green zone, and where one unit
lost its points (with detail data)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit.drivers._common import region_rows
from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg
from toolkit.names import region_key, unit_key
from toolkit.rounding import round_half_up
from toolkit.schemes import scheme_for
from toolkit.scoring import dimension_scores

__all__ = ["UnitDecomposition", "decompose_pemda", "decompose_unit"]


def decompose_pemda(results: pd.DataFrame, region: str, year: int) -> pd.DataFrame:
    """How much each unit pulls its Pemda's mean below (or above) the green zone.

    The Pemda's distance to the green threshold ``G`` is ``G - mean = Σ (G - s_i) / n``: each
    unit contributes ``(G - s_i) / n``. Units below green pull the mean down by that much; units
    above push it up.

    Returns
    -------
    pandas.DataFrame
        One row per unit, lowest score first: ``unit, unit_type, score, gap_green`` (points the
        unit itself needs), ``pull`` (its contribution to the Pemda's distance to green, points of
        the mean; negative for units above green), ``share_of_shortfall`` (share of the total
        shortfall of the units below green).

    Examples
    --------
    >>> from toolkit import read_results, bundled_results
    >>> d = decompose_pemda(read_results(bundled_results()), "Kabupaten Bekasi", 2022)
    >>> d[["unit", "gap_green", "pull"]].head(2)
                   unit  gap_green  pull
    0  Dinas Pendidikan      15.38  2.20
    1      Dinas Sosial      15.28  2.18
    >>> round(float(d["pull"].sum()), 2)   # = 78.00 - 73.024
    4.98
    """
    scheme = scheme_for(int(year))
    units = region_rows(results, region, year)
    units = units[units["level"] == "unit"]
    if units.empty:
        raise DataError([Problem(Msg("problem.no_unit_rows", region=region, year=year))], "results")
    green = scheme.green_threshold
    n = len(units)
    shortfall = np.maximum(0.0, green - units["score"].to_numpy())
    out = pd.DataFrame(
        {
            "unit": units["unit"].to_numpy(),
            "unit_type": units["unit_type"].to_numpy(),
            "score": units["score"].to_numpy(),
            "gap_green": round_half_up(shortfall),
            "pull": (green - units["score"].to_numpy()) / n,
            "share_of_shortfall": shortfall / shortfall.sum() if shortfall.sum() > 0 else 0.0,
        }
    )
    out = out.sort_values("score", kind="stable").reset_index(drop=True)
    out["pull"] = round_half_up(out["pull"].to_numpy())
    return out


INDICATOR_LOSS_COLUMNS = [
    "dimension",
    "variable",
    "indicator",
    "label",
    "score",
    "max_score",
    "share_weight",
    "lost_vs_max",
    "lost_vs_green",
]


@dataclass
class UnitDecomposition:
    """Points a unit lost, per dimension and per indicator (points of the final score)."""

    unit: str
    region: str
    year: int
    score: float
    green_threshold: float
    dimensions: pd.DataFrame
    indicators: pd.DataFrame
    synthetic: bool


def decompose_unit(
    detail: pd.DataFrame, unit: str, region: str | None = None, year: int | None = None
) -> UnitDecomposition:
    """Where one unit lost its points, ranked.

    Per dimension ``d`` with weight ``w`` (percent) and score ``x`` (0-100): points held
    ``w·x/100``, lost against the maximum ``w·(100-x)/100``, lost against the green zone
    ``w·max(0, G-x)/100``. Per indicator (equal weights within a dimension, as the scheme
    assumes): lost against the maximum ``w/n · (max-v)/max``, against green
    ``w/n · max(0, G/100 - v/max)``.

    Parameters
    ----------
    detail : DataFrame
        As returned by :func:`toolkit.read_detail`.
    unit : str
        Unit name in any accepted spelling.
    region, year : optional
        Needed when the detail holds more than one region or year with that unit.

    Examples
    --------
    >>> from toolkit import read_results, bundled_results, synthetic
    >>> det = synthetic.detail(read_results(bundled_results()), seed=1, region="Kab. Bekasi", year=2022)
    >>> dec = decompose_unit(det, "Dinas Pendidikan")
    >>> dec.score, round(float(dec.dimensions["lost_vs_max"].sum()), 2)
    (62.62, 37.38)
    """

    mask = detail["unit"].map(unit_key) == unit_key(unit)
    if region is not None:
        mask &= detail["region"].map(region_key) == region_key(region)
    if year is not None:
        mask &= detail["year"] == int(year)
    rows = detail[mask]
    groups = rows[["year", "region"]].drop_duplicates()
    if len(groups) != 1:
        what = "problem.no_detail_for_unit" if groups.empty else "problem.detail_several"
        raise DataError([Problem(Msg(what, unit=unit))], detail.attrs.get("provenance", {}).get("source", "detail"))
    year_, region_ = int(groups["year"].iloc[0]), str(groups["region"].iloc[0])
    scheme = scheme_for(year_)
    green = scheme.green_threshold
    scores = dimension_scores(rows).iloc[0]
    weights = scheme.weights
    dims = pd.DataFrame(
        {
            "dimension": list(weights),
            "weight": list(weights.values()),
            "score": [scores[d] for d in weights],
        }
    )
    dims["label"] = [next(d["label"]["id"] for d in scheme.dimensions if d["key"] == k) for k in dims["dimension"]]
    dims["points"] = dims["weight"] * dims["score"] / 100
    dims["lost_vs_max"] = dims["weight"] * (100 - dims["score"]) / 100
    dims["lost_vs_green"] = dims["weight"] * np.maximum(0, green - dims["score"]) / 100
    dims = dims.sort_values("lost_vs_max", ascending=False, kind="stable").reset_index(drop=True)

    ind = rows[rows["kind"] == "indicator"].copy()
    if len(ind):
        n = ind.groupby("dimension")["indicator"].transform("count")
        w = ind["dimension"].map(weights)
        ind["share_weight"] = w / n
        ind["lost_vs_max"] = w / n * (ind["max_score"] - ind["score"]) / ind["max_score"]
        ind["lost_vs_green"] = w / n * np.maximum(0, green / 100 - ind["score"] / ind["max_score"])
        ind = ind[INDICATOR_LOSS_COLUMNS]
        ind = ind.sort_values(["lost_vs_max", "dimension"], ascending=[False, True], kind="stable").reset_index(
            drop=True
        )
    else:
        ind = pd.DataFrame(columns=INDICATOR_LOSS_COLUMNS)
    return UnitDecomposition(
        unit=str(rows["unit"].iloc[0]),
        region=region_,
        year=year_,
        score=float(scores["composite"]),
        green_threshold=green,
        dimensions=dims,
        indicators=ind,
        synthetic=bool(rows["synthetic"].any()),
    )
