"""Improvement plans: the cheapest set of changes that reaches a target, solved exactly as an
integer program (scipy's HiGHS ``milp``)."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.drivers._common import region_rows
from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg, both, fmt_num, nums
from toolkit.io import to_plain
from toolkit.names import region_key, unit_key
from toolkit.rounding import round_half_up
from toolkit.schemes import Scheme, scheme_for
from toolkit.scoring import dimension_scores

__all__ = ["Plan", "headroom_effort", "improvement_plan", "read_costs", "resolve_target"]

#: Points of score one unit can gain in one assessment cycle (an assumption of this toolkit,
#: not methodology: large enough for a unit that works hard, small enough to rule out a jump from
#: red to the top in one year). Set ``max_gain`` in a costs file to change it.
DEFAULT_MAX_GAIN = 20.0
#: Under the default cost model each further point of one indicator (0-3 scale) costs 50 % more
#: than the one before: 0→1 costs 1, 1→2 costs 1.5, 2→3 costs 2.
INDICATOR_STEP_GROWTH = 0.5
COST_MODELS = ("headroom", "flat")


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
        raise DataError([Problem(Msg("problem.target_outside", target=value, scheme=scheme.id))], "target")
    return value, fmt_num(value, "en")


def read_costs(source: str | os.PathLike | pd.DataFrame) -> pd.DataFrame:
    """Costs for the plan: columns ``indicator`` or ``unit`` (or both), ``cost`` and optionally
    ``max_gain``.

    ``cost`` multiplies the default effort of a step: of one indicator step (on the 0-3 scale)
    for a row with an indicator code, for every unit or for the named unit; of one point of a
    unit's score for a row with only a unit (plans without detail). ``max_gain`` (points of the
    unit's score in one assessment cycle) replaces the default cap for that unit (or for every
    unit, on a row without a unit). Costs and caps must be positive numbers.
    """
    from toolkit.loading import clean_text, map_headers, parse_numbers, read_table

    table = read_table(source)
    found = map_headers(
        table,
        {
            "indicator": ("indicator", "indikator", "kode indikator", "kode"),
            "unit": ("unit", "opd", "unit layanan"),
            "cost": ("cost", "biaya", "bobot biaya"),
            "max_gain": ("max gain", "kenaikan maksimum", "batas kenaikan", "cap"),
        },
        ("cost",),
    )
    table.raise_if_problems()
    frame = table.frame
    if "indicator" not in found and "unit" not in found:
        table.add(Problem(Msg("problem.cost_needs_key"), column="indicator"))
    values, bad = parse_numbers(frame["cost"])
    for pos in np.flatnonzero(bad | np.isnan(values) | (values <= 0)):
        table.add(Problem(Msg("problem.cost_positive"), table.row_label(pos), found["cost"], frame["cost"].iloc[pos]))
    caps = np.full(len(frame), np.nan)
    if "max_gain" in frame:
        caps, bad_cap = parse_numbers(frame["max_gain"])
        for pos in np.flatnonzero(bad_cap | (caps <= 0)):
            table.add(
                Problem(
                    Msg("problem.max_gain_positive"),
                    table.row_label(pos),
                    found["max_gain"],
                    frame["max_gain"].iloc[pos],
                )
            )
    table.raise_if_problems()
    empty = pd.Series(pd.NA, index=frame.index, dtype="str")
    return pd.DataFrame(
        {
            "indicator": clean_text(frame["indicator"]).astype("str") if "indicator" in frame else empty,
            "unit": clean_text(frame["unit"]).astype("str") if "unit" in frame else empty,
            "cost": values,
            "max_gain": caps,
        }
    ).reset_index(drop=True)


def _cap_for(costs: pd.DataFrame | None, unit: str) -> float:
    """Points a unit can gain in one cycle: the costs file's ``max_gain``, else the default."""
    if costs is not None and len(costs) and costs["max_gain"].notna().any():
        rows = costs[costs["max_gain"].notna() & costs["indicator"].isna()]
        specific = rows[rows["unit"].fillna("").map(unit_key) == unit_key(unit)]
        general = rows[rows["unit"].isna()]
        for hits in (specific, general):
            if len(hits):
                return float(hits["max_gain"].iloc[0])
    return DEFAULT_MAX_GAIN


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
    n_steps: int = 0
    best_possible: float | None = None
    ties: bool = False
    cost_model: str = "headroom"

    def to_dict(self) -> dict:
        """Plain JSON-ready values; the actions table becomes a list of records."""
        return to_plain(vars(self))


def _levers_from_detail(
    rows: pd.DataFrame, costs: pd.DataFrame | None, scheme: Scheme, divisor: int, cost_model: str
) -> list[dict]:
    """One lever per whole indicator step up to the scale's maximum, and one for a fractional
    remainder (a score of 1.5 rises by 1 to 2.5 and by 0.5 to 3.0, never past 3)."""
    weights = scheme.weights
    levers = []
    ind = rows[rows["kind"] == "indicator"]
    counts = ind.groupby(["unit", "dimension"])["indicator"].transform("count")
    for row, n in zip(ind.itertuples(), counts, strict=True):
        given = rows[(rows["unit"] == row.unit) & (rows["dimension"] == row.dimension) & (rows["kind"] == "dimension")]
        if len(given):
            continue  # a given dimension score is not moved by its indicators
        room = float(row.max_score) - float(row.score)
        if room <= 1e-9:
            continue
        per_point = weights[row.dimension] / (n * row.max_score)
        base = _cost_for(costs, row.unit, row.indicator)
        sizes = [1.0] * math.floor(room + 1e-9)
        if room - len(sizes) > 1e-9:
            sizes.append(room - len(sizes))
        level = float(row.score)
        for size in sizes:
            growth = 1.0 + INDICATOR_STEP_GROWTH * level if cost_model == "headroom" else 1.0
            levers.append(
                {
                    "unit": row.unit,
                    "unit_type": row.unit_type,
                    "dimension": row.dimension,
                    "variable": row.variable if isinstance(row.variable, str) else None,
                    "indicator": row.indicator,
                    "label": row.label,
                    "from": level,
                    "max_steps": 1,
                    "step": size,
                    "gain": per_point * size / divisor,
                    "unit_gain": per_point * size,
                    "cost": base * growth * size,
                }
            )
            level += size
    return levers


def headroom_effort(a: float, b: float) -> float:
    """Effort to lift a unit's score from ``a`` to ``b`` under the default cost model.

    The effort of one point at score ``s`` is ``21 / (101 - s)``: 1 at 80, 2 at 90.5, 21 at 100,
    so closing the same share of what a unit still lacks costs the same wherever it starts, and
    the last points cost most. Integrated: ``21 · ln((101 - a) / (101 - b))``.

    Examples
    --------
    >>> round(headroom_effort(79.5, 80.5), 3), round(headroom_effort(62.62, 78.0), 2)
    (1.0, 10.75)
    """
    return 21.0 * math.log((101.0 - a) / (101.0 - b))


def _levers_from_scores(
    units: pd.DataFrame, unit_scores: dict, costs: pd.DataFrame | None, scheme: Scheme, cost_model: str
) -> list[dict]:
    """Per unit, one lever per point of score (in hundredths) up to its cap and the scale top;
    each point costs the effort of :func:`headroom_effort` (or 1 under ``cost_model="flat"``)."""
    n_units = len(unit_scores)
    levers = []
    for u, s in unit_scores.items():
        top = min(scheme.scale_max, s + _cap_for(costs, u))
        base = _cost_for(costs, u, None)
        kind = str(units.loc[units["unit"] == u, "unit_type"].iloc[0])
        a = s
        while a < top - 1e-9:
            # one segment per point from the unit's own score (so two units' costs differ unless
            # their scores do); a flat cost needs no segments
            b = top if cost_model == "flat" else min(top, a + 1.0)
            hundredths = round((b - a) * 100)
            if hundredths <= 0:
                break
            effort = headroom_effort(a, b) if cost_model == "headroom" else b - a
            levers.append(
                {
                    "unit": u,
                    "unit_type": kind,
                    "dimension": None,
                    "variable": None,
                    "indicator": None,
                    "label": None,
                    "from": a,
                    "max_steps": hundredths,
                    "step": 0.01,
                    "gain": 0.01 / n_units,
                    "unit_gain": 0.01,
                    "cost": base * effort / hundredths,
                }
            )
            a = b
    return levers


def _solve(
    levers: list[dict],
    need: float,
    unit_rows: dict[str, tuple[float, float]] | None,
    secondary: str,
    caps: dict[str, float] | None = None,
):
    """Minimise cost subject to Σ gain·y >= need (and per-unit caps); then, at that cost,
    maximise the secondary aim.

    ``unit_rows`` maps unit -> (current unit score, gap to green) for the "more units to green"
    tie-break; ``caps`` maps unit -> points it may gain. Returns the integer steps per lever, or
    None when the target cannot be reached.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    m = len(levers)
    if m == 0:
        return None
    gain = np.array([lever["gain"] for lever in levers])
    cost = np.array([lever["cost"] for lever in levers])
    upper = np.array([lever["max_steps"] for lever in levers], dtype=float)
    tol = 1e-9 * max(1.0, abs(need))
    base_rows = [LinearConstraint(gain[None, :], need - tol, np.inf)]
    for unit, cap in (caps or {}).items():
        a = np.array([lever["unit_gain"] if lever["unit"] == unit else 0.0 for lever in levers])
        if a.any():
            base_rows.append(LinearConstraint(a[None, :], -np.inf, cap + 1e-9))
    first = milp(cost, integrality=np.ones(m), bounds=Bounds(0, upper), constraints=base_rows)
    if not first.success:
        return None
    best_cost = float(cost @ np.round(first.x))
    cap = best_cost + 1e-7 * max(1.0, best_cost)
    if secondary == "units" and unit_rows:
        names = [u for u, (_, gap) in unit_rows.items() if gap > 0]
        k = len(names)
        c = np.concatenate([np.zeros(m), -np.ones(k)])
        rows = [LinearConstraint(np.concatenate([r.A[0], np.zeros(k)])[None, :], r.lb, r.ub) for r in base_rows]
        rows.append(LinearConstraint(np.concatenate([cost, np.zeros(k)])[None, :], -np.inf, cap))
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
            constraints=[*base_rows, LinearConstraint(cost[None, :], -np.inf, cap)],
        )
    x = second.x[:m] if second.success else first.x
    return np.round(x).astype(int)


def _has_ties(levers: list[dict], steps: np.ndarray) -> bool:
    """Whether another allocation costs the same: a used lever and a lever with room left, of
    another unit or indicator, with the same cost per point of gain."""
    ratio = np.array([lever["cost"] / lever["gain"] for lever in levers])
    used = [i for i, x in enumerate(steps) if x > 0]
    free = [i for i, x in enumerate(steps) if x < levers[i]["max_steps"]]
    for i in used:
        for j in free:
            same_place = (levers[i]["unit"], levers[i]["indicator"]) == (levers[j]["unit"], levers[j]["indicator"])
            if not same_place and math.isclose(ratio[i], ratio[j], rel_tol=1e-9):
                return True
    return False


def improvement_plan(
    results: pd.DataFrame | None = None,
    region: str | None = None,
    year: int | None = None,
    *,
    detail: pd.DataFrame | None = None,
    unit: str | None = None,
    target: str | float | None = "green",
    costs: pd.DataFrame | str | os.PathLike | None = None,
    cost_model: str = "headroom",
) -> Plan:
    """The cheapest set of changes that lifts a unit, or a Pemda's mean, to a target.

    Solved exactly as an integer program (``scipy.optimize.milp``, HiGHS):

    - **Unit** (``unit`` and ``detail`` given): one variable per indicator step (0-3 scale, never
      past the maximum; a fractional score rises by whole points, then by its remainder); each
      point adds ``w_d / (n_d · 3)`` to the unit's score. Among equally cheap plans, the one
      with the higher final score.
    - **Pemda with detail**: the same over every indicator of every unit; a step adds
      ``w_d / (n_d · 3) / n_units`` to the mean.
    - **Pemda without detail**: per unit, its score rises in hundredths of a point. Among
      equally cheap plans, the one that moves more units into the green zone.

    Default costs (``cost_model="headroom"``; documented assumptions, not methodology): a point
    of a unit's score costs more the closer the unit is to 100 (:func:`headroom_effort`), a
    further point of one indicator costs 50 % more than the one before, and no unit gains more
    than 20 points in one assessment cycle. ``cost_model="flat"`` costs every point the same
    (then many allocations tie). A costs file (:func:`read_costs`) scales the costs per unit or
    indicator and sets other caps.

    The target is judged as the scheme grades: the score rounded half-up to two decimals (a mean
    of 77.995 is 78.00, green). When the target is out of reach the plan says so and gives the
    best score the levers allow; when another allocation costs the same, it says the plan is one
    of several equally cheap ones.

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
        Cost multipliers and caps (see :func:`read_costs`).
    cost_model : "headroom" or "flat"

    Examples
    --------
    >>> from toolkit import read_results, bundled_results
    >>> plan = improvement_plan(read_results(bundled_results()), "Kabupaten Bekasi", 2022)
    >>> plan.reachable, plan.final_score, round(float(plan.actions["steps"].sum()), 2)
    (True, 78.0, 34.8)
    >>> plan.actions["unit"].tolist()[:3]
    ['Dinas Pendidikan', 'Dinas Sosial', 'Dinas Kesehatan']
    """
    if cost_model not in COST_MODELS:
        raise DataError([Problem(Msg("problem.cost_model", models=", ".join(COST_MODELS)))], "improvement_plan")
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
        raise DataError([Problem(Msg("problem.plan_name_region"))], "improvement_plan")
    scheme = scheme_for(int(year))
    goal, label = resolve_target(target, scheme)
    green = scheme.green_threshold
    half = 0.5 * 10.0 ** (-scheme.decimals)  # the scheme rounds half-up before grading
    notes: list[dict[str, str]] = []

    if unit is not None:
        if detail is None:
            raise DataError([Problem(Msg("problem.plan_unit_needs_detail"))], "improvement_plan")

        rows = detail[(detail["unit"].map(unit_key) == unit_key(unit)) & (detail["year"] == int(year))]
        if region is not None:
            rows = rows[rows["region"].map(region_key) == region_key(region)]
        if rows.empty:
            raise DataError([Problem(Msg("problem.no_detail_rows", unit=unit, year=year))], "detail")
        current = float(dimension_scores(rows)["composite"].iloc[0])
        levers = _levers_from_detail(rows, costs, scheme, 1, cost_model)
        unit_rows = None
        secondary = "score"
        name = str(rows["unit"].iloc[0])
        scope = "unit"
        synthetic = bool(rows["synthetic"].any())
        unit_scores = {name: current}
    else:
        if results is None:
            raise DataError([Problem(Msg("problem.plan_needs_results"))], "improvement_plan")
        units = region_rows(results, region, year)
        units = units[units["level"] == "unit"]
        if units.empty:
            raise DataError([Problem(Msg("problem.no_unit_scores", region=region, year=year))], "results")
        n_units = len(units)
        unit_scores = dict(zip(units["unit"], units["score"].astype(float), strict=True))
        current = float(np.mean(list(unit_scores.values())))
        name = str(units["region"].iloc[0])
        scope = "pemda"
        synthetic = bool("synthetic" in units and units["synthetic"].astype(bool).any())
        if detail is not None:
            rows = detail[(detail["year"] == int(year)) & (detail["region"].map(region_key) == region_key(region))]
            synthetic = synthetic or bool(rows["synthetic"].any())
            levers = _levers_from_detail(rows, costs, scheme, n_units, cost_model)
            covered = {unit_key(u) for u in rows["unit"]}
            missing = [u for u in unit_scores if unit_key(u) not in covered]
            if missing:
                notes.append(both("plan.held_without_detail", units=", ".join(missing)))
        else:
            levers = _levers_from_scores(units, unit_scores, costs, scheme, cost_model)
        unit_rows = {u: (s, max(0.0, green - half - s)) for u, s in unit_scores.items()}
        secondary = "units"
    caps = {u: _cap_for(costs, u) for u in unit_scores}

    need = goal - half - current  # points of the (mean) score, judged after rounding
    if need <= 0:
        steps = np.zeros(len(levers), dtype=int)
        reachable = True
    else:
        solved = _solve(levers, need, unit_rows, secondary, caps)
        reachable = solved is not None
        steps = solved if reachable else np.zeros(len(levers), dtype=int)

    actions = _actions(levers, steps, current, scope, unit_scores, green - half)
    total_cost = float(sum(lever["cost"] * s for lever, s in zip(levers, steps, strict=True)))
    final = current + float(sum(lever["gain"] * s for lever, s in zip(levers, steps, strict=True)))
    to_green = int(actions["reaches_green"].sum()) if len(actions) else 0
    best = current + _best_gain(levers, caps)
    ties = bool(reachable and need > 0 and _has_ties(levers, steps))
    by_indicator = detail is not None
    n_steps = int(sum(int(s) for lever, s in zip(levers, steps, strict=True))) if by_indicator else len(actions)
    values = dict(
        target=nums(goal),
        current=nums(round_half_up(current)),
        best=nums(min(scheme.scale_max, round_half_up(best))),
        cost=nums(total_cost, 1),
        n=n_steps,
        units=actions["unit"].nunique() if len(actions) else 0,
    )
    if need <= 0:
        message = both("plan.target_met", **values)
    elif reachable and not by_indicator:
        message = both("plan.reached_by_units", **values)
    elif reachable:
        message = both("plan.reached_by_steps", **values)
    else:
        message = both("plan.unreachable", **values)
        if not levers:
            notes.append(both("plan.no_levers"))
    if ties:
        notes.append(both("plan.ties"))
    if need > 0:
        notes.append(_cost_note(cost_model, caps, costs is not None, by_indicator))
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
        n_steps=n_steps,
        best_possible=min(scheme.scale_max, round_half_up(best)),
        ties=ties,
        cost_model=cost_model,
    )


def _best_gain(levers: list[dict], caps: dict[str, float]) -> float:
    """The most the levers can add to the (mean) score within each unit's cap."""
    total = 0.0
    for unit in {lever["unit"] for lever in levers}:
        mine = [lever for lever in levers if lever["unit"] == unit]
        room = sum(lever["unit_gain"] * lever["max_steps"] for lever in mine)
        scale = min(1.0, caps.get(unit, np.inf) / room) if room > 0 else 0.0
        total += scale * sum(lever["gain"] * lever["max_steps"] for lever in mine)
    return total


def _cost_note(cost_model: str, caps: dict[str, float], from_file: bool, by_indicator: bool) -> dict[str, str]:
    cap = nums(min(caps.values()) if caps else DEFAULT_MAX_GAIN, 0)
    if cost_model == "flat":
        return both("plan.cost_flat", cap=cap)
    extra = Msg("plan.cost_from_file") if from_file else ""
    if by_indicator:
        return both("plan.cost_steps", cap=cap, growth=nums(100 * INDICATOR_STEP_GROWTH, 0), extra=extra)
    return both("plan.cost_headroom", cap=cap, extra=extra)


def _actions(levers, steps, current, scope, unit_scores, green_met) -> pd.DataFrame:
    """One row per unit (plans from scores) or per indicator (plans from detail) that moves."""
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
    groups: dict[tuple, dict] = {}
    unit_gain: dict[str, float] = {}
    for lever, s in zip(levers, steps, strict=True):
        if s <= 0:
            continue
        key = (lever["unit"], lever["indicator"])
        g = groups.setdefault(
            key,
            {
                "unit": lever["unit"],
                "unit_type": lever["unit_type"],
                "dimension": lever["dimension"],
                "variable": lever["variable"],
                "indicator": lever["indicator"],
                "label": lever["label"],
                "from": lever["from"],
                "to": lever["from"],
                "steps": 0.0,
                "cost": 0.0,
                "gain": 0.0,
            },
        )
        g["from"] = min(g["from"], lever["from"])
        g["to"] = max(g["to"], lever["from"] + lever["step"] * s)
        g["steps"] += lever["step"] * s
        g["cost"] += lever["cost"] * s
        g["gain"] += lever["gain"] * s
        unit_gain[lever["unit"]] = unit_gain.get(lever["unit"], 0.0) + lever["unit_gain"] * s
    if not groups:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(list(groups.values()))
    frame["steps"] = round_half_up(frame["steps"].to_numpy())
    frame["to"] = round_half_up(frame["to"].to_numpy())
    frame["gain_per_cost"] = frame["gain"] / frame["cost"]
    frame["reaches_green"] = [
        bool(unit_scores.get(u, np.inf) < green_met <= unit_scores.get(u, 0) + unit_gain.get(u, 0) + 1e-9)
        for u in frame["unit"]
    ]
    frame = frame.sort_values(["gain", "unit"], ascending=[False, True], kind="stable").reset_index(drop=True)
    frame["score_after"] = round_half_up(current + frame["gain"].cumsum().to_numpy())
    return frame[columns]
