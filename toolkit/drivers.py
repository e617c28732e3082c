"""Drivers of low scores: where points were lost, what would move a unit or Pemda, and what is
systematically associated with low scores across units and regions.

- :func:`decompose_pemda`: how much each unit pulls its Pemda's mean below the green zone.
- :func:`decompose_unit`: points lost per dimension and indicator (needs detail data).
- :func:`improvement_plan`: the cheapest set of changes that reaches a target, solved exactly as
  an integer program.
- :func:`fit_models`: OLS (HC3), mixed model, ordered logit and logit across units.
- :func:`relative_importance`: LMG / Shapley decomposition of R² with bootstrap intervals.

statsmodels and scipy are imported inside the functions that use them.
"""

from __future__ import annotations

import math
import os
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.errors import DataError, Problem
from toolkit.i18n import fmt_num
from toolkit.io import to_plain
from toolkit.names import UNIT_TYPES, region_key, unit_key
from toolkit.rounding import round_half_up
from toolkit.schemes import Scheme, scheme_for

__all__ = [
    "ModelResult",
    "Plan",
    "decompose_pemda",
    "decompose_unit",
    "fit_models",
    "improvement_plan",
    "read_costs",
    "relative_importance",
    "resolve_target",
]


# --------------------------------------------------------------------------------------------
# decomposition
# --------------------------------------------------------------------------------------------
def _region_rows(results: pd.DataFrame, region: str, year: int) -> pd.DataFrame:
    rows = results[(results["year"] == int(year)) & (results["region"].map(region_key) == region_key(region))]
    if rows.empty:
        source = results.attrs.get("provenance", {}).get("source", "results")
        raise DataError([Problem(f"no rows for {region} in {year}")], source)
    return rows


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
    units = _region_rows(results, region, year)
    units = units[units["level"] == "unit"]
    if units.empty:
        raise DataError([Problem(f"{region} {year} has no unit rows to decompose")], "results")
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
    from toolkit.scoring import dimension_scores

    mask = detail["unit"].map(unit_key) == unit_key(unit)
    if region is not None:
        mask &= detail["region"].map(region_key) == region_key(region)
    if year is not None:
        mask &= detail["year"] == int(year)
    rows = detail[mask]
    groups = rows[["year", "region"]].drop_duplicates()
    if len(groups) != 1:
        what = "no detail rows" if groups.empty else "detail rows in several regions/years; name region and year"
        raise DataError(
            [Problem(f"{what} for unit {unit!r}")], detail.attrs.get("provenance", {}).get("source", "detail")
        )
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


# --------------------------------------------------------------------------------------------
# improvement plan (exact integer program)
# --------------------------------------------------------------------------------------------
def resolve_target(target: str | float | None, scheme: Scheme) -> tuple[float, str]:
    """A target as a score and a label: ``"green"`` (default), a grade letter or zone, or a number.

    Examples
    --------
    >>> from toolkit import scheme_for
    >>> resolve_target("green", scheme_for(2022)), resolve_target("A", scheme_for(2022))
    ((78.0, 'green'), (88.0, 'A'))
    """
    if target is None or str(target).casefold() in ("green", "hijau"):
        return scheme.green_threshold, "green"
    if isinstance(target, int | float) and not isinstance(target, bool):
        value = float(target)
    else:
        try:
            value = float(str(target).replace(",", "."))
        except ValueError:
            return scheme.band_for_grade(
                str(target).strip().upper() if len(str(target).strip()) == 1 else str(target).strip()
            ).lower, str(target).strip()
    if not scheme.scale_min <= value <= scheme.scale_max:
        raise DataError([Problem(f"target {value} is outside the {scheme.id} scale")], "target")
    return value, fmt_num(value, "en")


def read_costs(source: str | os.PathLike | pd.DataFrame) -> pd.DataFrame:
    """Per-step costs for the plan: columns ``indicator`` or ``unit`` (or both) and ``cost``.

    A row with an indicator code sets the cost of one step (one point on the 0-3 scale) of that
    indicator, for every unit or for the named unit; a row with only a unit sets the cost of one
    point of that unit's score (plans without detail). Costs must be positive numbers.
    """
    from toolkit.loading import clean_text, map_headers, parse_numbers, read_table

    table = read_table(source)
    found = map_headers(
        table,
        {
            "indicator": ("indicator", "indikator", "kode indikator", "kode"),
            "unit": ("unit", "opd", "unit layanan"),
            "cost": ("cost", "biaya", "bobot biaya"),
        },
        ("cost",),
    )
    table.raise_if_problems()
    frame = table.frame
    if "indicator" not in found and "unit" not in found:
        table.add(Problem("a cost file needs an 'indicator' or 'unit' column", column="indicator"))
    values, bad = parse_numbers(frame["cost"])
    for pos in np.flatnonzero(bad | np.isnan(values) | (values <= 0)):
        table.add(
            Problem("cost must be a positive number", table.row_label(pos), found["cost"], frame["cost"].iloc[pos])
        )
    table.raise_if_problems()
    empty = pd.Series(pd.NA, index=frame.index, dtype="str")
    return pd.DataFrame(
        {
            "indicator": clean_text(frame["indicator"]).astype("str") if "indicator" in frame else empty,
            "unit": clean_text(frame["unit"]).astype("str") if "unit" in frame else empty,
            "cost": values,
        }
    ).reset_index(drop=True)


def _cost_for(costs: pd.DataFrame | None, unit: str, indicator: str | None) -> float:
    if costs is None or costs.empty:
        return 1.0
    match = costs["unit"].isna() | (costs["unit"].fillna("").map(unit_key) == unit_key(unit))
    if indicator is None:
        match &= costs["indicator"].isna()
    else:
        match &= costs["indicator"].fillna("").str.casefold() == indicator.casefold()
    hits = costs[match]
    if hits.empty:
        return 1.0
    specific = hits[hits["unit"].notna()]
    return float((specific if len(specific) else hits)["cost"].iloc[0])


@dataclass
class Plan:
    """The cheapest set of changes that reaches a target, or a plain statement that none does."""

    scope: str  # "unit" or "pemda"
    name: str
    year: int
    target: float
    target_label: str
    current: float
    reachable: bool
    actions: pd.DataFrame
    total_cost: float
    final_score: float
    units_to_green: int
    message: dict[str, str]
    notes: list[dict[str, str]] = field(default_factory=list)
    synthetic: bool = False

    def to_dict(self) -> dict:
        """Plain JSON-ready values; the actions table becomes a list of records."""
        return to_plain(vars(self))


def _levers_from_detail(rows: pd.DataFrame, costs: pd.DataFrame | None, scheme: Scheme, divisor: int) -> list[dict]:
    weights = scheme.weights
    levers = []
    ind = rows[rows["kind"] == "indicator"]
    counts = ind.groupby(["unit", "dimension"])["indicator"].transform("count")
    for row, n in zip(ind.itertuples(), counts, strict=True):
        given = rows[(rows["unit"] == row.unit) & (rows["dimension"] == row.dimension) & (rows["kind"] == "dimension")]
        if len(given):
            continue  # a given dimension score is not moved by its indicators
        steps = round(row.max_score - row.score)
        if steps <= 0:
            continue
        levers.append(
            {
                "unit": row.unit,
                "unit_type": row.unit_type,
                "dimension": row.dimension,
                "variable": row.variable if isinstance(row.variable, str) else None,
                "indicator": row.indicator,
                "label": row.label,
                "from": float(row.score),
                "max_steps": steps,
                "step": 1.0,
                "gain": weights[row.dimension] / (n * row.max_score) / divisor,
                "unit_gain": weights[row.dimension] / (n * row.max_score),
                "cost": _cost_for(costs, row.unit, row.indicator),
            }
        )
    return levers


def _solve(levers: list[dict], need: float, unit_rows: dict[str, tuple[float, float]] | None, secondary: str):
    """Minimise cost subject to Σ gain·y >= need; then, at that cost, maximise the secondary aim.

    ``unit_rows`` maps unit -> (current unit score, gap to green) for the "more units to green"
    tie-break. Returns the integer steps per lever, or None when the target cannot be reached.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    m = len(levers)
    if m == 0 or sum(lever["gain"] * lever["max_steps"] for lever in levers) < need - 1e-9:
        return None
    gain = np.array([lever["gain"] for lever in levers])
    cost = np.array([lever["cost"] for lever in levers])
    upper = np.array([lever["max_steps"] for lever in levers], dtype=float)
    tol = 1e-9 * max(1.0, abs(need))
    first = milp(
        cost,
        integrality=np.ones(m),
        bounds=Bounds(0, upper),
        constraints=[LinearConstraint(gain[None, :], need - tol, np.inf)],
    )
    if not first.success:
        return None
    best_cost = float(cost @ np.round(first.x))
    cap = best_cost + 1e-7 * max(1.0, best_cost)
    if secondary == "units" and unit_rows:
        names = [u for u, (_, gap) in unit_rows.items() if gap > 0]
        k = len(names)
        c = np.concatenate([np.zeros(m), -np.ones(k)])
        a_need = np.concatenate([gain, np.zeros(k)])
        a_cost = np.concatenate([cost, np.zeros(k)])
        rows = [LinearConstraint(a_need[None, :], need - tol, np.inf), LinearConstraint(a_cost[None, :], -np.inf, cap)]
        for j, name in enumerate(names):
            a = np.zeros(m + k)
            for i, lever in enumerate(levers):
                if lever["unit"] == name:
                    a[i] = lever["unit_gain"]
            a[m + j] = -unit_rows[name][1]
            rows.append(LinearConstraint(a[None, :], -1e-9, np.inf))
        second = milp(
            c, integrality=np.ones(m + k), bounds=Bounds(0, np.concatenate([upper, np.ones(k)])), constraints=rows
        )
    else:
        second = milp(
            -gain,
            integrality=np.ones(m),
            bounds=Bounds(0, upper),
            constraints=[
                LinearConstraint(gain[None, :], need - tol, np.inf),
                LinearConstraint(cost[None, :], -np.inf, cap),
            ],
        )
    x = second.x[:m] if second.success else first.x
    return np.round(x).astype(int)


def improvement_plan(
    results: pd.DataFrame | None = None,
    region: str | None = None,
    year: int | None = None,
    *,
    detail: pd.DataFrame | None = None,
    unit: str | None = None,
    target: str | float | None = "green",
    costs: pd.DataFrame | str | os.PathLike | None = None,
) -> Plan:
    """The cheapest set of changes that lifts a unit, or a Pemda's mean, to a target.

    Solved exactly as an integer program (``scipy.optimize.milp``, HiGHS):

    - **Unit** (``unit`` and ``detail`` given): one integer variable per indicator, the number of
      steps (0-3 scale) it rises; each step adds ``w_d / (n_d · 3)`` points to the unit's score.
      Among equally cheap plans, the one with the higher final score.
    - **Pemda with detail**: the same over every indicator of every unit; a step adds
      ``w_d / (n_d · 3) / n_units`` to the mean.
    - **Pemda without detail**: one variable per unit, the points (in hundredths) its score
      rises, at ``cost`` per point (default 1). Among equally cheap plans, the one that moves
      more units into the green zone.

    The target is met by the unrounded score (a plan does not count on the half-up rounding of a
    score just below the threshold). When the target is out of reach the plan says so plainly.

    Parameters
    ----------
    results : DataFrame, optional
        Published results (for the Pemda plan, and the unit score when no detail is given).
    region, year : optional
        The Pemda and assessment year (taken from the detail when it holds one only).
    detail : DataFrame, optional
        As returned by :func:`toolkit.read_detail`.
    unit : str, optional
        Plan for this unit (needs ``detail``) instead of the Pemda.
    target : "green", a grade letter ("A", "B", "C"), or a number
        Default: the green zone of the year's scheme.
    costs : DataFrame or path, optional
        Per-step costs (see :func:`read_costs`); default 1 per step.

    Examples
    --------
    >>> from toolkit import read_results, bundled_results
    >>> plan = improvement_plan(read_results(bundled_results()), "Kabupaten Bekasi", 2022)
    >>> plan.reachable, round(plan.total_cost, 2), plan.units_to_green, plan.final_score
    (True, 34.83, 4, 78.0)
    """
    if costs is not None:
        costs = read_costs(costs)  # a path or a frame: validated the same way
    if detail is not None and (region is None or year is None):
        pairs = detail[["year", "region"]].drop_duplicates()
        if unit is not None:
            pairs = detail.loc[detail["unit"].map(unit_key) == unit_key(unit), ["year", "region"]].drop_duplicates()
        if len(pairs) == 1:
            year = int(pairs["year"].iloc[0]) if year is None else year
            region = str(pairs["region"].iloc[0]) if region is None else region
    if year is None or (region is None and unit is None):
        raise DataError(
            [Problem("name the region and year (or give detail for one region and year)")], "improvement_plan"
        )
    scheme = scheme_for(int(year))
    goal, label = resolve_target(target, scheme)
    green = scheme.green_threshold
    notes: list[dict[str, str]] = []

    if unit is not None:
        if detail is None:
            raise DataError([Problem("a plan for one unit needs detail data (indicator scores)")], "improvement_plan")
        from toolkit.scoring import dimension_scores

        rows = detail[(detail["unit"].map(unit_key) == unit_key(unit)) & (detail["year"] == int(year))]
        if region is not None:
            rows = rows[rows["region"].map(region_key) == region_key(region)]
        if rows.empty:
            raise DataError([Problem(f"no detail rows for unit {unit!r} in {year}")], "detail")
        current = float(dimension_scores(rows)["composite"].iloc[0])
        levers = _levers_from_detail(rows, costs, scheme, 1)
        need = goal - current
        unit_rows = None
        secondary = "score"
        name = str(rows["unit"].iloc[0])
        scope = "unit"
        synthetic = bool(rows["synthetic"].any())
        n_units = 1
        unit_scores = {name: current}
    else:
        if results is None:
            raise DataError([Problem("a Pemda plan needs the results table")], "improvement_plan")
        units = _region_rows(results, region, year)
        units = units[units["level"] == "unit"]
        if units.empty:
            raise DataError([Problem(f"{region} {year} has no unit scores to plan with")], "results")
        n_units = len(units)
        unit_scores = dict(zip(units["unit"], units["score"].astype(float), strict=True))
        current = float(np.mean(list(unit_scores.values())))
        name = str(units["region"].iloc[0])
        scope = "pemda"
        synthetic = False
        if detail is not None:
            from toolkit.scoring import dimension_scores

            rows = detail[(detail["year"] == int(year)) & (detail["region"].map(region_key) == region_key(region))]
            synthetic = bool(rows["synthetic"].any())
            levers = _levers_from_detail(rows, costs, scheme, n_units)
            covered = {unit_key(u) for u in rows["unit"]}
            missing = [u for u in unit_scores if unit_key(u) not in covered]
            if missing:
                notes.append(
                    {
                        "id": f"Tanpa data rinci, nilai unit ini dianggap tetap: {', '.join(missing)}.",
                        "en": f"Without detail, these units are held at their scores: {', '.join(missing)}.",
                    }
                )
        else:
            levers = [
                {
                    "unit": u,
                    "unit_type": str(units.loc[units["unit"] == u, "unit_type"].iloc[0]),
                    "dimension": None,
                    "variable": None,
                    "indicator": None,
                    "label": None,
                    "from": s,
                    "max_steps": round((scheme.scale_max - s) * 100),
                    "step": 0.01,
                    "gain": 0.01 / n_units,
                    "unit_gain": 0.01,
                    "cost": 0.01 * _cost_for(costs, u, None),
                }
                for u, s in unit_scores.items()
            ]
        need = goal - current  # in points of the mean
        unit_rows = {u: (s, max(0.0, green - s)) for u, s in unit_scores.items()}
        secondary = "units"

    if need <= 0:
        steps = np.zeros(len(levers), dtype=int)
        reachable = True
    else:
        solved = _solve(levers, need, unit_rows, secondary)
        reachable = solved is not None
        steps = solved if reachable else np.zeros(len(levers), dtype=int)

    actions = _actions(levers, steps, current, scope, unit_scores, green)
    total_cost = float(sum(lever["cost"] * s for lever, s in zip(levers, steps, strict=True)))
    final = current + float(sum(lever["gain"] * s for lever, s in zip(levers, steps, strict=True)))
    to_green = int(
        sum(
            1
            for u, s in unit_scores.items()
            if s
            < green
            <= s
            + sum(lever["unit_gain"] * st for lever, st in zip(levers, steps, strict=True) if lever["unit"] == u)
            + 1e-9
        )
    )
    best = current + sum(lever["gain"] * lever["max_steps"] for lever in levers)
    fmt = {
        lang: dict(
            target=fmt_num(goal, lang),
            current=fmt_num(current, lang),
            best=fmt_num(best, lang),
            cost=fmt_num(total_cost, lang),
            n=len(actions),
        )
        for lang in ("id", "en")
    }
    if need <= 0:
        message = {
            "id": "Target {target} sudah tercapai (nilai {current}).".format(**fmt["id"]),
            "en": "The target {target} is already met (score {current}).".format(**fmt["en"]),
        }
    elif reachable:
        message = {
            "id": "Target {target} tercapai dengan {n} langkah, biaya {cost}.".format(**fmt["id"]),
            "en": "The target {target} is reached in {n} steps at a cost of {cost}.".format(**fmt["en"]),
        }
    else:
        message = {
            "id": "Target {target} tidak dapat dicapai: nilai tertinggi yang mungkin {best}.".format(**fmt["id"]),
            "en": "The target {target} cannot be reached: the best possible score is {best}.".format(**fmt["en"]),
        }
        if not levers:
            notes.append(
                {
                    "id": "Tidak ada indikator yang dapat dinaikkan dalam data.",
                    "en": "The data hold no indicator that can rise.",
                }
            )
    return Plan(
        scope=scope,
        name=name,
        year=int(year),
        target=goal,
        target_label=label,
        current=current,
        reachable=reachable,
        actions=actions,
        total_cost=total_cost,
        final_score=round_half_up(final),
        units_to_green=to_green,
        message=message,
        notes=notes,
        synthetic=synthetic,
    )


def _actions(levers, steps, current, scope, unit_scores, green) -> pd.DataFrame:
    rows = []
    for lever, s in zip(levers, steps, strict=True):
        if s <= 0:
            continue
        gain = lever["gain"] * s
        unit_gain = lever["unit_gain"] * s
        rows.append(
            {
                "unit": lever["unit"],
                "unit_type": lever["unit_type"],
                "dimension": lever["dimension"],
                "variable": lever["variable"],
                "indicator": lever["indicator"],
                "label": lever["label"],
                "from": lever["from"],
                "to": lever["from"] + lever["step"] * s
                if lever["indicator"]
                else round_half_up(lever["from"] + unit_gain),
                "steps": int(s) if lever["indicator"] else round_half_up(unit_gain),
                "cost": lever["cost"] * s,
                "gain": gain,
                "gain_per_cost": gain / (lever["cost"] * s),
                "reaches_green": bool(
                    unit_scores.get(lever["unit"], np.inf)
                    < green
                    <= unit_scores.get(lever["unit"], 0) + unit_gain + 1e-9
                ),
            }
        )
    columns = [
        "unit",
        "unit_type",
        "dimension",
        "variable",
        "indicator",
        "label",
        "from",
        "to",
        "steps",
        "cost",
        "gain",
        "gain_per_cost",
        "reaches_green",
        "score_after",
    ]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows)
    frame["_order"] = frame["gain_per_cost"].round(9)
    frame = frame.sort_values(
        ["_order", "reaches_green", "cost"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    frame["score_after"] = round_half_up(current + frame["gain"].cumsum().to_numpy())
    return frame[columns]


# --------------------------------------------------------------------------------------------
# models across units
# --------------------------------------------------------------------------------------------
MODEL_COLUMNS = ["term", "estimate", "std_error", "ci_low", "ci_high", "p_value"]
REFERENCES = {"unit_type": "investment_licensing", "region_type": "kabupaten"}
MIN_OBS = 10
MIN_GROUPS = 5


@dataclass
class ModelResult:
    """A fitted model as a tidy table and one plain sentence, or the reason it was not fitted."""

    name: str
    fitted: bool
    table: pd.DataFrame
    reading: dict[str, str]
    n: int
    terms: list[str]
    reason: dict[str, str] | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain JSON-ready values; the table becomes a list of records."""
        return to_plain(vars(self))


def _not_fitted(name: str, n: int, why_en: str, why_id: str) -> ModelResult:
    reason = {"en": why_en, "id": why_id}
    reading = {"en": f"Not fitted: {why_en}", "id": f"Tidak diestimasi: {why_id}"}
    return ModelResult(name, False, pd.DataFrame(columns=MODEL_COLUMNS), reading, n, [], reason)


def _design(frame: pd.DataFrame, terms: list[str]) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Treatment-coded dummies for the terms that vary and can be told apart.

    Names look like ``unit_type:education``. A term with one category is left out; so is a term
    the data cannot separate from the terms before it (a rank-deficient design), last term first.
    """
    X, used, dropped = _dummies(frame, terms)
    while used:
        exog = np.column_stack([np.ones(len(frame)), X.to_numpy()]) if X.shape[1] else np.ones((len(frame), 1))
        if np.linalg.matrix_rank(exog) == exog.shape[1]:
            break
        last = used[-1]
        dropped.append(f"{last} (confounded with {', '.join(used[:-1]) or 'the constant'})")
        X, used, _ = _dummies(frame, used[:-1])
    return X, used, dropped


def _dummies(frame: pd.DataFrame, terms: list[str]) -> tuple[pd.DataFrame, list[str], list[str]]:
    parts, used, dropped = [], [], []
    for term in terms:
        values = frame[term].astype("str")
        levels = sorted(values.unique())
        if len(levels) < 2:
            dropped.append(term)
            continue
        ref = REFERENCES.get(term, levels[0])
        ref = ref if ref in levels else levels[0]
        for level in levels:
            if level != ref:
                parts.append(
                    pd.Series((values == level).astype(float).to_numpy(), name=f"{term}:{level}", index=frame.index)
                )
        used.append(term)
    X = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=frame.index)
    return X, used, dropped


def _tidy(params, bse, pvalues, conf, names) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "term": names,
            "estimate": np.asarray(params, dtype=float),
            "std_error": np.asarray(bse, dtype=float),
            "ci_low": np.asarray(conf)[:, 0].astype(float),
            "ci_high": np.asarray(conf)[:, 1].astype(float),
            "p_value": np.asarray(pvalues, dtype=float),
        }
    )


def _label(term: str, lang: str) -> str:
    kind, _, level = term.partition(":")
    if kind == "unit_type":
        return UNIT_TYPES.get(level, {}).get(lang, level)
    if kind == "region_type":
        return level
    return f"{'tahun' if lang == 'id' else 'year'} {level}" if kind == "year" else term


def _reading(name: str, table: pd.DataFrame, n: int, scale: str) -> dict[str, str]:
    terms = table[~table["term"].isin(["const", "Group Var"]) & ~table["term"].str.contains("/")]
    sig = terms[terms["p_value"] < 0.05]
    if sig.empty:
        return {
            "en": f"{name}: no term differs from its reference at the 5 % level (n = {n}).",
            "id": f"{name}: tidak ada faktor yang berbeda nyata dari kategori acuannya pada taraf 5 % (n = {n}).",
        }
    top = sig.loc[sig["estimate"].abs().idxmax()]
    kind = top["term"].split(":")[0]
    ref = REFERENCES.get(kind, "the first category")
    ref_en = _label(f"{kind}:{ref}", "en") if kind in REFERENCES else ref
    ref_id = _label(f"{kind}:{ref}", "id") if kind in REFERENCES else "kategori pertama"
    est = top["estimate"]
    if scale == "points":
        en = (
            f"{name}: {_label(top['term'], 'en')} scores {abs(est):.1f} points {'lower' if est < 0 else 'higher'} than "
            f"{ref_en} (95 % CI {top['ci_low']:.1f} to {top['ci_high']:.1f}), other factors held fixed (n = {n})."
        )
        id_ = (
            f"{name}: {_label(top['term'], 'id')} bernilai {fmt_num(abs(est), 'id', 1)} poin {'lebih rendah' if est < 0 else 'lebih tinggi'} "
            f"daripada {ref_id} (IK 95 % {fmt_num(top['ci_low'], 'id', 1)} s.d. {fmt_num(top['ci_high'], 'id', 1)}), faktor lain tetap (n = {n})."
        )
    else:
        odds = math.exp(est)
        en = (
            f"{name}: {_label(top['term'], 'en')} has {odds:.2f} times the odds of {scale} of {ref_en} "
            f"(log-odds {est:.2f}, 95 % CI {top['ci_low']:.2f} to {top['ci_high']:.2f}; n = {n})."
        )
        id_ = (
            f"{name}: {_label(top['term'], 'id')} memiliki peluang (odds) {fmt_num(odds, 'id')} kali {scale} dibanding {ref_id} "
            f"(log-odds {fmt_num(est, 'id')}, IK 95 % {fmt_num(top['ci_low'], 'id')} s.d. {fmt_num(top['ci_high'], 'id')}; n = {n})."
        )
    return {"en": en, "id": id_}


def _model_frame(results: pd.DataFrame, level: str) -> pd.DataFrame:
    frame = results[results["level"] == level].copy()
    frame["year"] = frame["year"].astype("str")
    return frame.reset_index(drop=True)


def _separated(frame: pd.DataFrame, y: np.ndarray, terms: list[str]) -> str | None:
    """A category whose rows all share one outcome: the logit's estimate would run to infinity."""
    for term in terms:
        for level, idx in frame.groupby(term).groups.items():
            values = y[frame.index.get_indexer(idx)]
            if len(values) and (values.min() == values.max()) and len(np.unique(y)) > 1:
                return f"{term}:{level}"
    return None


def fit_models(
    results: pd.DataFrame,
    level: str = "unit",
    terms: tuple[str, ...] | None = None,
    models: tuple[str, ...] = ("ols", "mixed", "ordered", "logit"),
) -> dict[str, ModelResult]:
    """Models of what is associated with low scores, across units (or Pemdas) and years.

    - ``ols``: score on unit type, level (kabupaten/kota/provinsi) and year, HC3 errors;
    - ``mixed``: the same with a random intercept per region (``MixedLM``);
    - ``ordered``: ordered logit of the letter grade (years with letter grades only; no constant);
    - ``logit``: logit of "not green".

    Terms with a single category in the data are left out and said so. A model the data cannot
    support (too few observations or regions, one outcome only, perfect separation) is not fitted,
    and its reason is given instead of estimates.

    Returns
    -------
    dict of ModelResult
        Keyed ``ols``, ``mixed``, ``ordered``, ``logit``; each with a tidy ``table``
        (term, estimate, std_error, ci_low, ci_high, p_value) and a one-sentence ``reading``.

    Examples
    --------
    >>> from toolkit import read_results, bundled_results
    >>> models = fit_models(read_results(bundled_results()))
    >>> models["ols"].fitted, models["logit"].fitted   # every DPMPTSP is green: separation
    (True, False)
    """
    import statsmodels.api as sm

    frame = _model_frame(results, level)
    if terms is None:
        terms = ("unit_type", "region_type", "year") if level == "unit" else ("region_type", "year")
    n = len(frame)
    out: dict[str, ModelResult] = {}
    X, used, dropped = _design(frame, list(terms))
    note = [f"left out: {', '.join(dropped)}"] if dropped else []
    k = X.shape[1] + 1
    too_few = None
    if n < MIN_OBS or n <= k + 2:
        too_few = (
            f"too few observations (n = {n}) for {k} parameters",
            f"pengamatan terlalu sedikit (n = {n}) untuk {k} parameter",
        )
    elif not used:
        too_few = ("no factor varies in the data", "tidak ada faktor yang bervariasi dalam data")

    # OLS with HC3
    if "ols" not in models:
        pass
    elif too_few:
        out["ols"] = _not_fitted("OLS", n, *too_few)
    else:
        exog = sm.add_constant(X, has_constant="add")
        res = sm.OLS(frame["score"].to_numpy(float), exog).fit(cov_type="HC3")
        table = _tidy(res.params, res.bse, res.pvalues, res.conf_int(), list(exog.columns))
        caveat = (
            "HC3 errors treat units as independent; units of one region tend to be alike, so intervals for "
            "region-level terms are too narrow here: read those from the mixed model"
        )
        out["ols"] = ModelResult(
            "OLS", True, table, _reading("OLS (HC3)", table, n, "points"), n, used, notes=[*note, caveat]
        )

    # mixed model, random intercept per region
    groups = frame["region"].map(region_key)
    n_groups = groups.nunique()
    res = None
    if "mixed" not in models:
        out["mixed"] = None
    elif too_few:
        out["mixed"] = _not_fitted("MixedLM", n, *too_few)
    elif n_groups < MIN_GROUPS or (groups.value_counts() > 1).sum() < 2:
        out["mixed"] = _not_fitted(
            "MixedLM",
            n,
            f"too few regions ({n_groups}) with repeated observations for a random intercept (need {MIN_GROUPS})",
            f"terlalu sedikit wilayah ({n_groups}) dengan pengamatan berulang untuk intersep acak (perlu {MIN_GROUPS})",
        )
    else:
        exog = sm.add_constant(X, has_constant="add")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                res = sm.MixedLM(frame["score"].to_numpy(float), exog, groups=groups.to_numpy()).fit(reml=True)
            except (np.linalg.LinAlgError, ValueError) as exc:
                res = None
                failure = str(exc)
    if "mixed" not in out and res is None:
        out["mixed"] = _not_fitted(
            "MixedLM",
            n,
            f"the fit failed ({failure}); the region variance may be zero",
            f"estimasi gagal ({failure}); varians antarwilayah mungkin nol",
        )
    elif "mixed" not in out:
        names = list(exog.columns)
        k_fe = len(names)
        conf = np.asarray(res.conf_int())[:k_fe]
        table = _tidy(
            np.asarray(res.params)[:k_fe], np.asarray(res.bse)[:k_fe], np.asarray(res.pvalues)[:k_fe], conf, names
        )
        notes = list(note) + [
            f"{w.category.__name__}: {w.message}" for w in caught if "Convergence" in w.category.__name__
        ]
        notes.append(f"region variance {float(res.cov_re.iloc[0, 0]):.2f}, residual variance {float(res.scale):.2f}")
        out["mixed"] = ModelResult(
            "MixedLM", True, table, _reading("MixedLM", table, n, "points"), n, used, notes=notes
        )

    # ordered logit of grade
    if "ordered" in models:
        graded = frame[[bool(scheme_for(int(y)).bands[0].grade) for y in frame["year"]]].reset_index(drop=True)
        out["ordered"] = _fit_ordered(graded, list(terms), note)

    # logit of not green
    if "logit" not in models:
        pass
    elif too_few:
        out["logit"] = _not_fitted("Logit", n, *too_few)
    else:
        y = np.array(
            [
                float(s < scheme_for(int(yr)).green_threshold)
                for s, yr in zip(frame["score"], frame["year"], strict=True)
            ]
        )
        sep = _separated(frame, y, used)
        if len(np.unique(y)) < 2:
            out["logit"] = _not_fitted(
                "Logit",
                n,
                "every observation has the same zone outcome",
                "semua pengamatan memiliki hasil zona yang sama",
            )
        elif sep:
            out["logit"] = _not_fitted(
                "Logit",
                n,
                f"perfect separation: every row of {sep} has the same outcome",
                f"separasi sempurna: semua baris {sep} memiliki hasil yang sama",
            )
        else:
            exog = sm.add_constant(X, has_constant="add")
            res, failure = _guarded(lambda: sm.Logit(y, exog).fit(disp=0, maxiter=200))
            if res is None:
                out["logit"] = _not_fitted("Logit", n, f"the fit failed ({failure})", f"estimasi gagal ({failure})")
            else:
                table = _tidy(res.params, res.bse, res.pvalues, res.conf_int(), list(exog.columns))
                out["logit"] = ModelResult(
                    "Logit", True, table, _reading("Logit", table, n, "not being green"), n, used, notes=list(note)
                )
    return {k: v for k, v in out.items() if v is not None}


def _guarded(fit):
    """Run a statsmodels fit; return (result, None), or (None, reason) on failure or separation."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = fit()
        except (np.linalg.LinAlgError, ValueError, OverflowError) as exc:
            return None, str(exc) or type(exc).__name__
    for w in caught:
        if "Separation" in w.category.__name__:
            return None, f"perfect separation ({w.message})"
    if not np.all(np.isfinite(np.asarray(res.bse, dtype=float))):
        return None, "standard errors could not be computed"
    return res, None


def _fit_ordered(frame: pd.DataFrame, terms: list[str], note: list[str]) -> ModelResult:
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    from toolkit.scoring import grade as grade_scores

    n = len(frame)
    if n == 0:
        return _not_fitted(
            "OrderedModel",
            0,
            "no years with letter grades in the data",
            "tidak ada tahun dengan nilai huruf dalam data",
        )
    grades = grade_scores(frame["score"], frame["year"].astype(int).to_numpy())["grade"]
    order = [g for g in "EDCBA" if g in set(grades)]
    X, used, _ = _design(frame, terms)
    k = X.shape[1] + len(order) - 1
    if len(order) < 2:
        return _not_fitted("OrderedModel", n, "only one grade in the data", "hanya satu nilai huruf dalam data")
    if n < MIN_OBS or n <= k + 2 or not used:
        return _not_fitted(
            "OrderedModel",
            n,
            f"too few observations (n = {n}) for {k} parameters",
            f"pengamatan terlalu sedikit (n = {n}) untuk {k} parameter",
        )
    y = pd.Series(pd.Categorical(grades, categories=order, ordered=True))
    codes = y.cat.codes.to_numpy()
    for term in used:
        for level, idx in frame.groupby(term).groups.items():
            vals = codes[frame.index.get_indexer(idx)]
            if len(vals) and (vals.max() == 0 or vals.min() == len(order) - 1):
                return _not_fitted(
                    "OrderedModel",
                    n,
                    f"perfect separation: every row of {term}:{level} has the lowest or highest grade",
                    f"separasi sempurna: semua baris {term}:{level} memiliki nilai huruf terendah atau tertinggi",
                )
    res, failure = _guarded(lambda: OrderedModel(y, X, distr="logit").fit(method="bfgs", disp=0, maxiter=2000))
    if res is None:
        return _not_fitted("OrderedModel", n, f"the fit failed ({failure})", f"estimasi gagal ({failure})")
    names = list(X.columns)
    k_x = len(names)
    table = _tidy(
        np.asarray(res.params)[:k_x],
        np.asarray(res.bse)[:k_x],
        np.asarray(res.pvalues)[:k_x],
        np.asarray(res.conf_int())[:k_x],
        names,
    )
    return ModelResult(
        "OrderedModel", True, table, _reading("Ordered logit", table, n, "a higher grade"), n, used, notes=list(note)
    )


# --------------------------------------------------------------------------------------------
# relative importance (LMG / Shapley decomposition of R²)
# --------------------------------------------------------------------------------------------
MAX_PREDICTORS = 12


def _all_r2(corr: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
    """R² of every subset of predictor groups (bitmask-indexed), from the correlation matrix.

    Subsets with the same number of columns are solved together (batched ``numpy.linalg.solve``).
    Column 0 of ``corr`` is the response.
    """
    p = len(groups)
    r2 = np.zeros(1 << p)
    masks_by_size: dict[int, list[tuple[int, np.ndarray]]] = {}
    for mask in range(1, 1 << p):
        cols = np.concatenate([groups[j] for j in range(p) if mask >> j & 1])
        masks_by_size.setdefault(len(cols), []).append((mask, cols))
    for items in masks_by_size.values():
        cols = np.array([c for _, c in items])  # (m, size)
        rxx = corr[cols[:, :, None], cols[:, None, :]]  # (m, size, size)
        rxy = corr[cols, 0]  # (m, size)
        try:
            beta = np.linalg.solve(rxx, rxy[..., None])[..., 0]
        except np.linalg.LinAlgError:
            beta = np.stack([np.linalg.lstsq(a, b, rcond=None)[0] for a, b in zip(rxx, rxy, strict=True)])
        r2[[m for m, _ in items]] = np.einsum("ij,ij->i", beta, rxy)
    return r2


def _shapley(r2: np.ndarray, p: int) -> np.ndarray:
    """LMG shares: each predictor's R² gain averaged over all orders of entry."""
    shares = np.zeros(p)
    fact = [math.factorial(i) for i in range(p + 1)]
    sizes = np.array([bin(m).count("1") for m in range(1 << p)])
    for j in range(p):
        bit = 1 << j
        without = np.array([m for m in range(1 << p) if not m & bit])
        weight = np.array([fact[s] * fact[p - s - 1] / fact[p] for s in sizes[without]])
        shares[j] = float(np.sum(weight * (r2[without | bit] - r2[without])))
    return shares


def relative_importance(
    frame: pd.DataFrame,
    y: str,
    predictors: list[str],
    n_boot: int = 200,
    ci: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """LMG (Shapley) decomposition of R² over predictors, exact over all subsets.

    Numeric predictors enter as they are; a text or categorical predictor enters as one group
    of treatment dummies. Shares sum to the model's R². Intervals are percentile bootstrap
    intervals over rows.

    Parameters
    ----------
    frame : DataFrame
    y : str
        Response column.
    predictors : list of str
        At most 12 (2^12 subsets); more raises an error.
    n_boot : int
        Bootstrap replicates (0 for none).
    ci : float
        Interval coverage.
    seed : int
        Bootstrap seed.

    Returns
    -------
    pandas.DataFrame
        ``term, share, share_pct, ci_low, ci_high``, largest share first; ``.attrs["r2"]``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame(rng.normal(size=(500, 3)), columns=["a", "b", "c"])
    >>> df["y"] = 2 * df["a"] + df["b"] + rng.normal(size=500)
    >>> out = relative_importance(df, "y", ["a", "b", "c"], n_boot=0)
    >>> out["term"].tolist(), bool(np.isclose(out["share"].sum(), out.attrs["r2"]))
    (['a', 'b', 'c'], True)
    """
    predictors = list(predictors)
    if len(predictors) > MAX_PREDICTORS:
        raise DataError(
            [
                Problem(
                    f"{len(predictors)} predictors: the exact LMG decomposition takes at most {MAX_PREDICTORS} "
                    f"(2^{MAX_PREDICTORS} subsets); group or select predictors first"
                )
            ],
            "relative_importance",
        )
    if len(predictors) < 1:
        raise DataError([Problem("give at least one predictor")], "relative_importance")
    missing = [c for c in [y, *predictors] if c not in frame]
    if missing:
        raise DataError([Problem("column not found", column=c) for c in missing], "relative_importance")
    data = frame[[y, *predictors]].dropna()
    dropped = len(frame) - len(data)
    columns = [data[y].to_numpy(float)]
    groups = []
    for name in predictors:
        col = data[name]
        if pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
            block = [col.to_numpy(float)]
        else:
            levels = sorted(col.astype("str").unique())
            block = [(col.astype("str") == lv).to_numpy(float) for lv in levels[1:]]
        start = len(columns)
        columns += block
        groups.append(np.arange(start, start + len(block)))
    M = np.column_stack(columns)
    n = len(M)
    if n < len(columns) + 2:
        raise DataError(
            [Problem(f"too few complete rows ({n}) for {len(columns) - 1} predictor columns")], "relative_importance"
        )
    if np.any(M.std(axis=0) == 0):
        const = [c for c, s in zip([y, *predictors], M.std(axis=0), strict=False) if s == 0]
        raise DataError([Problem(f"column does not vary: {', '.join(const)}")], "relative_importance")

    def shares_of(matrix: np.ndarray) -> tuple[np.ndarray, float]:
        corr = np.corrcoef(matrix, rowvar=False)
        r2 = _all_r2(corr, groups)
        return _shapley(r2, len(groups)), float(r2[-1])

    point, r2_full = shares_of(M)
    low = high = np.full(len(groups), np.nan)
    if n_boot:
        rng = np.random.default_rng(seed)
        boots = []
        for _ in range(n_boot):
            sample = M[rng.integers(0, n, n)]
            if np.any(sample.std(axis=0) == 0):
                continue
            boots.append(shares_of(sample)[0])
        boots = np.array(boots)
        alpha = (1 - ci) / 2
        low, high = np.quantile(boots, alpha, axis=0), np.quantile(boots, 1 - alpha, axis=0)
    out = pd.DataFrame(
        {
            "term": predictors,
            "share": point,
            "share_pct": 100 * point / r2_full if r2_full > 0 else np.nan,
            "ci_low": low,
            "ci_high": high,
        }
    )
    out = out.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)
    out.attrs.update({"r2": r2_full, "n": n, "dropped_rows": dropped, "n_boot": n_boot, "ci": ci})
    return out
