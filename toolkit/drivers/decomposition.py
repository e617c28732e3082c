"""Decomposition: how much each unit pulls its Pemda below the green zone, and where one unit
lost its points (with detail data)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit.drivers._common import region_rows
from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg, both, nums
from toolkit.names import region_key, unit_key
from toolkit.rounding import round_half_up
from toolkit.schemes import scheme_for
from toolkit.scoring import DISCREPANCY_TOLERANCE, dimension_scores, pemda_scores

__all__ = ["PemdaBase", "UnitDecomposition", "decompose_pemda", "decompose_unit", "pemda_base"]


@dataclass(frozen=True)
class PemdaBase:
    """Where a Pemda's gap to a target is measured from, and how much one point of a listed unit
    moves it (see :func:`pemda_base`).

    The Pemda score is taken to be ``fixed + sum(s_i) / n_units`` over the listed units' scores
    ``s_i``: ``fixed`` is the part the listed units do not carry (unlisted units held at their
    scores, or a difference between the published score and the units' mean held as it is).
    """

    start: float  # the score the gap is measured from
    source: str  # "published", "units_mean" (the published score is the mean's rounding), "computed", "unavailable"
    rule: str  # "mean" (listed units are all), "unlisted" (others held at an implied mean), "difference", "products"
    units_mean: float
    n_listed: int
    n_units: int  # N: a point of a listed unit moves the Pemda score by 1/N
    usual: int | None  # units an assessment of the scheme usually covers
    published: float | None
    implied: float | None  # mean score of the unlisted units the published score implies

    @property
    def fixed(self) -> float:
        """Points of the Pemda score the listed units do not carry."""
        return self.start - self.n_listed * self.units_mean / self.n_units

    def rest_pull(self, threshold: float) -> float:
        """What the listed units do not explain of ``threshold - start``: with the units' pulls
        ``(threshold - s_i) / N`` it adds up to that distance."""
        return (threshold - self.start) - self.n_listed * (threshold - self.units_mean) / self.n_units

    def note(self, threshold: float, scheme_id: str) -> dict[str, str] | None:
        """The sentence that says where the plan starts and how the units' pulls add up to the
        distance to ``threshold`` (None where the listed units are simply the Pemda's units)."""
        pulls = self.n_listed * (threshold - self.units_mean) / self.n_units
        values = dict(
            n=self.n_listed,
            usual=self.usual or self.n_listed,
            published=nums(self.start),
            mean=nums(self.units_mean),
            implied=nums(self.implied),
            diff=nums(abs(self.start - self.units_mean)),
            pulls=nums(pulls),
            rest=nums(self.rest_pull(threshold)),
            gap=nums(threshold - self.start),
            green=nums(threshold),
            scheme=scheme_id,
        )
        if self.rule == "mean":
            if self.source == "computed" and self.usual and self.n_listed < self.usual:
                return both("partial_units", n=self.n_listed, usual=self.usual)
            return None
        if self.rule == "unavailable":
            return both("plan.base_unavailable", **values)
        return both(f"plan.base_{self.rule}", **values)


def pemda_base(results: pd.DataFrame, region: str, year: int) -> PemdaBase:
    """Where the Pemda's gap is measured from, and how a listed unit's point moves the score.

    The rule (the same for the decomposition and the plan):

    - **Published score equal to the listed units' mean** (within 0.01, the published rounding):
      the listed units are the Pemda's units; the gap is measured from their exact mean and a
      point of one unit moves the score by ``1/n``.
    - **Published score that differs**, under a scheme whose Pemda score is the mean of its units
      (2022 on): the published score is where the gap starts. Where the data list fewer units than
      the scheme says an assessment covers (``units_per_pemda``), the others were assessed but not
      published: they are held at the mean the published score implies,
      ``(N·P - Σ s_i) / (N - n)`` with ``N = units_per_pemda``, and a point of a listed unit moves
      the score by ``1/N`` (when that implied mean is outside the scale, or no count is known,
      the difference ``P - mean`` is held as it is and a point moves the score by ``1/n``).
    - **Pemda score not formed from units** (2015-2021: averaged over service products): the gap
      starts at the published score, which is taken to move as the listed units' mean does
      (``1/n``), the difference held as it is.
    - **No published score**: the computed score is the listed units' mean (where the scheme
      computes it; else the mean stands in for the unavailable score and the plan says so).

    Examples
    --------
    >>> from toolkit import read_results, bundled_results
    >>> base = pemda_base(read_results(bundled_results()), "Kabupaten Jayapura", 2023)
    >>> base.start, base.rule, base.n_listed, base.n_units, round(base.implied, 2)
    (56.8, 'unlisted', 6, 7, 69.95)
    >>> round(base.rest_pull(78.0), 2)     # the unlisted unit's pull on the gap 78 - 56.80
    1.15
    """
    scheme = scheme_for(int(year))
    units = region_rows(results, region, year)
    units = units[units["level"] == "unit"]
    if units.empty:
        raise DataError([Problem(Msg("problem.no_unit_rows", region=region, year=year))], "results")
    scores = units["score"].to_numpy(dtype=float)
    n, mean = len(scores), float(scores.mean())
    rows = pemda_scores(region_rows(results, region, year), int(year))
    published = rows["published"].iloc[0] if len(rows) else np.nan
    published = None if pd.isna(published) else float(published)
    usual = scheme.units_per_pemda
    by_mean = scheme.pemda_aggregation == "mean_of_units"
    common = dict(units_mean=mean, n_listed=n, usual=usual, published=published, implied=None)
    if published is None:
        source = "computed" if by_mean else "unavailable"
        return PemdaBase(start=mean, source=source, rule="mean" if by_mean else "unavailable", n_units=n, **common)
    if abs(published - mean) <= DISCREPANCY_TOLERANCE + 1e-9:
        return PemdaBase(start=mean, source="units_mean", rule="mean", n_units=n, **common)
    if not by_mean:
        return PemdaBase(start=published, source="published", rule="products", n_units=n, **common)
    if usual and n < usual:
        implied = (usual * published - scores.sum()) / (usual - n)
        if scheme.scale_min <= implied <= scheme.scale_max:
            common["implied"] = float(implied)
            return PemdaBase(start=published, source="published", rule="unlisted", n_units=usual, **common)
    return PemdaBase(start=published, source="published", rule="difference", n_units=n, **common)


def decompose_pemda(results: pd.DataFrame, region: str, year: int) -> pd.DataFrame:
    """How much each unit pulls its Pemda's score below (or above) the green zone.

    The distance is measured from the Pemda's score as :func:`pemda_base` sets it (the published
    score where one is published): ``G - start = Σ (G - s_i) / N + rest``. Each listed unit
    contributes ``(G - s_i) / N``, ``N`` the units the score is the mean of; ``rest`` is what the
    listed units do not carry (units assessed but not listed, held at the mean the published
    score implies, or a published score that differs from the units' mean), in
    ``pemda_base(...).rest_pull(G)`` and said in the plan's note. Units below green pull the
    score down; units above push it up.

    Returns
    -------
    pandas.DataFrame
        One row per unit, lowest score first: ``unit, unit_type, score, gap_green`` (points the
        unit itself needs), ``pull`` (its contribution to the Pemda's distance to green, points of
        the Pemda score; negative for units above green), ``share_of_shortfall`` (share of the
        total shortfall of the units below green).

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

    Kabupaten Jayapura 2023 lists 6 of the 7 units and publishes 56.80 (their mean is 54.61): the
    six pull 20.05 points, the unlisted unit 1.15, together 78.00 - 56.80.

    >>> j = decompose_pemda(read_results(bundled_results()), "Kabupaten Jayapura", 2023)
    >>> round(float(j["pull"].sum()), 2)
    20.05
    """
    scheme = scheme_for(int(year))
    base = pemda_base(results, region, year)
    units = region_rows(results, region, year)
    units = units[units["level"] == "unit"]
    green = scheme.green_threshold
    shortfall = np.maximum(0.0, green - units["score"].to_numpy())
    out = pd.DataFrame(
        {
            "unit": units["unit"].to_numpy(),
            "unit_type": units["unit_type"].to_numpy(),
            "score": units["score"].to_numpy(),
            "gap_green": round_half_up(shortfall),
            "pull": (green - units["score"].to_numpy()) / base.n_units,
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
