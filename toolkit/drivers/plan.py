"""Improvement plans: the cheapest set of changes that reaches a target, solved exactly as an
integer program (scipy's HiGHS ``milp``)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.drivers._common import region_rows
from toolkit.errors import DataError, Problem
from toolkit.i18n import fmt_num
from toolkit.io import to_plain
from toolkit.names import region_key, unit_key
from toolkit.rounding import round_half_up
from toolkit.schemes import Scheme, scheme_for

__all__ = ["Plan", "improvement_plan", "read_costs", "resolve_target"]


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
        units = region_rows(results, region, year)
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
