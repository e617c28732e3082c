"""Improvement plans: the cheapest set of changes that reaches a target, solved exactly as an
integer program (scipy's HiGHS ``milp``)."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.drivers._common import region_rows
from toolkit.drivers.decomposition import pemda_base
from toolkit.errors import DataError, Problem, SchemeError
from toolkit.i18n import LANGS, Msg, both, fmt_num, nums, regime_text
from toolkit.io import to_plain
from toolkit.names import region_key, unit_key
from toolkit.rounding import round_half_up
from toolkit.schemes import Scheme, scheme_for
from toolkit.scoring import dimension_scores

__all__ = ["Plan", "headroom_effort", "improvement_plan", "next_assessment", "read_costs", "resolve_target"]

#: Points of score one unit can gain in one assessment cycle (an assumption of this toolkit,
#: not methodology: large enough for a unit that works hard, small enough to rule out a jump from
#: red to the top in one year). Set ``max_gain`` in a costs file to change it.
DEFAULT_MAX_GAIN = 20.0
#: Under the default cost model each further point of one indicator (0-3 scale) costs 50 % more
#: than the one before: 0→1 costs 1, 1→2 costs 1.5, 2→3 costs 2.
INDICATOR_STEP_GROWTH = 0.5
COST_MODELS = ("headroom", "flat")
#: Points above the target a plan aims for, so that reaching it does not rest on how the score is
#: rounded (half-up to two decimals is assumed; no source confirms it) nor on a last hundredth.
DEFAULT_MARGIN = 0.5
#: The effort assumptions a plan is recomputed under (its sensitivity): the default headroom
#: curve, every point the same, and "most units to green" (as many units as possible into the
#: green zone, then the least headroom effort). A unit's own plan has no third variant.
VARIANTS = ("headroom", "flat", "greens")


def next_assessment(year: int) -> dict:
    """The assessment a plan made after ``year`` is judged by: the next year with an assessment
    (2020 had none), its scheme and whether its instrument is the one of ``year``.

    Examples
    --------
    >>> [(n["year"], n["scheme"], n["same_instrument"]) for n in map(next_assessment, (2021, 2023, 2024))]
    [(2022, 'ombudsman-2022', False), (2024, 'ombudsman-2022', True), (2025, 'ombudsman-2025', False)]
    >>> next_assessment(2019)["year"]   # no assessment in 2020
    2021
    """
    now = scheme_for(int(year))
    nxt = int(year) + 1
    while nxt in now.skip_years:
        nxt += 1
    try:
        scheme = scheme_for(nxt)
    except SchemeError:
        return {"year": nxt, "scheme": None, "regime": None, "same_instrument": None, "green": None, "checklist": False}
    return {
        "year": nxt,
        "scheme": scheme.id,
        "regime": scheme.regime,
        "same_instrument": scheme.regime == now.regime,
        "green": scheme.green_threshold,
        "checklist": bool(scheme.catalogue),
    }


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
    margin: float = DEFAULT_MARGIN
    aim: float | None = None  # the score the plan aims at: target + margin
    basis: dict = field(default_factory=dict)  # where the gap starts (pemda_base), for a Pemda plan
    next_assessment: dict = field(default_factory=dict)  # the assessment that judges the plan
    sensitivity: list[dict] = field(default_factory=list)  # the plan under each effort assumption
    stable: list[str] = field(default_factory=list)  # units (or indicators) every variant moves
    toward_best: bool = False  # the target is out of reach: the actions reach the best possible
    next_level: bool = False  # the Pemda met the default target: the plan aims at the next band

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
    scored = rows[rows["kind"] == "dimension"]
    given = set(zip(scored["unit"], scored["dimension"], strict=True))  # dimensions scored as a whole
    for row, n in zip(ind.itertuples(), counts, strict=True):
        if (row.unit, row.dimension) in given:
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
    units: pd.DataFrame,
    unit_scores: dict,
    costs: pd.DataFrame | None,
    scheme: Scheme,
    cost_model: str,
    divisor: int,
) -> list[dict]:
    """Per unit, one lever per point of score (in hundredths) up to its cap and the scale top;
    each point costs the effort of :func:`headroom_effort` (or 1 under ``cost_model="flat"``) and
    moves the Pemda score by ``1 / divisor``."""
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
                    "gain": 0.01 / divisor,
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
    if secondary == "greens" and unit_rows:
        return _solve_greens(levers, base_rows, unit_rows, cost, upper, first.x)
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


def _green_links(levers: list[dict], unit_rows: dict, m: int) -> tuple[list[str], list]:
    """One 0/1 variable per unit below green, and rows forcing it to 0 unless the unit's gain
    covers its gap (``Σ unit_gain·y - gap·z >= 0``)."""
    from scipy.optimize import LinearConstraint

    names = [u for u, (_, gap) in unit_rows.items() if gap > 0]
    rows = []
    for j, name in enumerate(names):
        a = np.zeros(m + len(names))
        for i, lever in enumerate(levers):
            if lever["unit"] == name:
                a[i] = lever["unit_gain"]
        a[m + j] = -unit_rows[name][1]
        rows.append(LinearConstraint(a[None, :], -1e-9, np.inf))
    return names, rows


def _solve_greens(levers, base_rows, unit_rows, cost, upper, fallback):
    """ "Most units to green": as many units as possible into the green zone while the target is
    reached, then the least effort among those plans."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    m = len(levers)
    names, links = _green_links(levers, unit_rows, m)
    k = len(names)
    if k == 0:
        return np.round(fallback).astype(int)
    wide = [LinearConstraint(np.concatenate([r.A[0], np.zeros(k)])[None, :], r.lb, r.ub) for r in base_rows]
    bounds = Bounds(0, np.concatenate([upper, np.ones(k)]))
    first = milp(
        np.concatenate([np.zeros(m), -np.ones(k)]),
        integrality=np.ones(m + k),
        bounds=bounds,
        constraints=[*wide, *links],
    )
    if not first.success:
        return np.round(fallback).astype(int)
    most = round(-first.fun)
    count = LinearConstraint(np.concatenate([np.zeros(m), np.ones(k)])[None, :], most - 1e-9, np.inf)
    second = milp(
        np.concatenate([cost, np.zeros(k)]),
        integrality=np.ones(m + k),
        bounds=bounds,
        constraints=[*wide, *links, count],
    )
    x = second.x[:m] if second.success else first.x[:m]
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
    margin: float = DEFAULT_MARGIN,
) -> Plan:
    """The cheapest set of changes that lifts a unit, or a Pemda's score, to a target at the next
    assessment.

    Solved exactly as an integer program (``scipy.optimize.milp``, HiGHS):

    - **Unit** (``unit`` and ``detail`` given): one variable per indicator step (0-3 scale, never
      past the maximum; a fractional score rises by whole points, then by its remainder); each
      point adds ``w_d / (n_d · 3)`` to the unit's score. Among equally cheap plans, the one
      with the higher final score.
    - **Pemda with detail**: the same over every indicator of every unit; a step adds
      ``w_d / (n_d · 3) / N`` to the Pemda score.
    - **Pemda without detail**: per unit, its score rises in hundredths of a point, each adding
      ``1 / N`` hundredth to the Pemda score. Among equally cheap plans, the one that moves more
      units into the green zone.

    **Where a Pemda plan starts** (:func:`~toolkit.drivers.decomposition.pemda_base`): at the
    published Pemda score where one is published, never at the listed units' mean when the two
    differ. ``N`` is the number of units the score is the mean of: the listed units, or the
    scheme's ``units_per_pemda`` when the data list fewer and the published score implies the
    others (held at that implied mean). A score not formed from units (2015-2021) is taken to move
    as the listed units' mean does. The plan's first note says which rule applied.

    **The target and its margin**: the plan aims at ``target + margin`` (default 0.5 point), so
    that reaching the target does not rest on the rounding rule (half-up to two decimals is
    assumed; no source confirms it). ``margin=0`` aims at the target as the assumed rounding
    grades it (77.995 counts as 78.00). Where only the target without its margin is within reach,
    the plan says so. A target already met (the score as published, or the computed score
    rounded) needs no plan.

    **The next assessment**: a plan is for the assessment after ``year`` (:func:`next_assessment`).
    Where that assessment uses another instrument (2021 → 2022, 2024 → 2025: other thresholds,
    other units and indicators), the plan is shown only as a reading on the current scale, not as
    a target reachable in one cycle, and points to the new instrument's checklist
    (``kepatuhan prepare --template --year <next>``).

    **Sensitivity**: the plan is recomputed under each effort assumption of :data:`VARIANTS`
    (``sensitivity``: per variant the units, or a unit's indicators, it moves and by how much),
    and ``stable`` lists what every reachable variant moves.

    Default costs (``cost_model="headroom"``; documented assumptions, not methodology): a point
    of a unit's score costs more the closer the unit is to 100 (:func:`headroom_effort`), a
    further point of one indicator costs 50 % more than the one before, and no unit gains more
    than 20 points in one assessment cycle. ``cost_model="flat"`` costs every point the same
    (then many allocations tie). A costs file (:func:`read_costs`) scales the costs per unit or
    indicator and sets other caps.

    When the target is out of reach the plan says so and gives the best score the levers allow;
    when another allocation costs the same, it says the plan is one of several equally cheap ones.

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
    margin : float
        Points above the target the plan aims for (default :data:`DEFAULT_MARGIN`).

    Examples
    --------
    >>> from toolkit import read_results, bundled_results
    >>> plan = improvement_plan(read_results(bundled_results()), "Kabupaten Bekasi", 2022)
    >>> plan.reachable, plan.aim, plan.final_score, round(float(plan.actions["steps"].sum()), 2)
    (True, 78.5, 78.5, 38.33)
    >>> plan.actions["unit"].tolist()[:3], plan.stable
    (['Dinas Pendidikan', 'Dinas Sosial', 'Dinas Kesehatan'], ['Dinas Sosial', 'Dinas Kesehatan', 'Puskesmas Cibatu'])
    >>> plan.next_assessment["year"], plan.next_assessment["same_instrument"]
    (2023, True)
    """
    if cost_model not in COST_MODELS:
        raise DataError([Problem(Msg("problem.cost_model", models=", ".join(COST_MODELS)))], "improvement_plan")
    if not (isinstance(margin, int | float) and math.isfinite(margin) and margin >= 0):
        raise DataError([Problem(Msg("problem.plan_margin", margin=margin))], "improvement_plan")
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
    half = 0.5 * 10.0 ** (-scheme.decimals)  # the scheme rounds half-up before grading (assumed)
    notes: list[dict[str, str]] = []
    basis: dict = {}

    if unit is not None:
        if detail is None:
            raise DataError([Problem(Msg("problem.plan_unit_needs_detail"))], "improvement_plan")

        rows = detail[(detail["unit"].map(unit_key) == unit_key(unit)) & (detail["year"] == int(year))]
        if region is not None:
            rows = rows[rows["region"].map(region_key) == region_key(region)]
        if rows.empty:
            raise DataError([Problem(Msg("problem.no_detail_rows", unit=unit, year=year))], "detail")
        current = float(dimension_scores(rows)["composite"].iloc[0])
        name = str(rows["unit"].iloc[0])
        scope = "unit"
        synthetic = bool(rows["synthetic"].any())
        unit_scores = {name: current}

        def build(model: str) -> list[dict]:
            return _levers_from_detail(rows, costs, scheme, 1, model)

        unit_rows = None
        secondary = "score"
    else:
        if results is None:
            raise DataError([Problem(Msg("problem.plan_needs_results"))], "improvement_plan")
        units = region_rows(results, region, year)
        units = units[units["level"] == "unit"]
        if units.empty:
            raise DataError([Problem(Msg("problem.no_unit_scores", region=region, year=year))], "results")
        base = pemda_base(results, region, year)
        unit_scores = dict(zip(units["unit"], units["score"].astype(float), strict=True))
        current = base.start
        name = str(units["region"].iloc[0])
        scope = "pemda"
        synthetic = bool("synthetic" in units and units["synthetic"].astype(bool).any())
        said = base.note(green, scheme.id)
        basis = {**vars(base), "rest_pull": base.rest_pull(green), "note": said}
        if said:
            notes.append(said)
        if detail is not None:
            rows = detail[(detail["year"] == int(year)) & (detail["region"].map(region_key) == region_key(region))]
            synthetic = synthetic or bool(rows["synthetic"].any())
            covered = {unit_key(u) for u in rows["unit"]}
            missing = [u for u in unit_scores if unit_key(u) not in covered]
            if missing:
                notes.append(both("plan.held_without_detail", units=", ".join(missing)))

            def build(model: str) -> list[dict]:
                return _levers_from_detail(rows, costs, scheme, base.n_units, model)
        else:

            def build(model: str) -> list[dict]:
                return _levers_from_scores(units, unit_scores, costs, scheme, model, base.n_units)

        unit_rows = {u: (s, max(0.0, green - half - s)) for u, s in unit_scores.items()}
        secondary = "units"
    caps = {u: _cap_for(costs, u) for u in unit_scores}
    by_indicator = detail is not None
    met = goal - half - current <= 0  # judged as the score is published (rounded)
    # the margin never aims past the scale's top (a target of 100 is met only at 100)
    aim = min(goal + margin, scheme.scale_max) if margin > 0 and goal < scheme.scale_max else goal - half

    def run(model: str, aim_at: float, how: str = secondary) -> dict:
        levers = build(model)
        need = aim_at - current
        solved = _solve(levers, need, unit_rows, how, caps) if need > 0 else None
        steps = solved if solved is not None else np.zeros(len(levers), dtype=int)
        gained = _moves(levers, steps, "unit")
        to_green = sum(1 for u, g in gained.items() if unit_scores[u] < green - half <= unit_scores[u] + g + 1e-9)
        return {"levers": levers, "steps": steps, "reachable": need <= 0 or solved is not None, "to_green": to_green}

    if met:
        main = run(cost_model, current)  # nothing to do
        short_of_margin = False
    else:
        main = run(cost_model, aim)
        short_of_margin = False
        if not main["reachable"] and aim > goal:
            plain = run(cost_model, goal - half)
            if plain["reachable"]:
                main, short_of_margin = plain, True
    toward_best = False
    if not met and not main["reachable"] and main["levers"]:
        # the target is out of reach this cycle: the steps to the best one cycle allows instead
        most = _best_gain(main["levers"], caps)
        if most > 0:
            best_run = run(cost_model, current + most * (1 - 1e-9))
            if best_run["reachable"] and best_run["steps"].any():
                main = {**best_run, "reachable": False}
                toward_best = True
    levers, steps, reachable = main["levers"], main["steps"], main["reachable"]

    actions = _actions(levers, steps, current, scope, unit_scores, green - half)
    total_cost = float(sum(lever["cost"] * s for lever, s in zip(levers, steps, strict=True)))
    final = current + float(sum(lever["gain"] * s for lever, s in zip(levers, steps, strict=True)))
    to_green = int(actions["reaches_green"].sum()) if len(actions) else 0
    best = current + _best_gain(levers, caps)
    ties = bool(reachable and not met and _has_ties(levers, steps))
    n_steps = int(sum(int(s) for lever, s in zip(levers, steps, strict=True))) if by_indicator else len(actions)
    values = dict(
        target=nums(goal),
        current=nums(round_half_up(current)),
        best=nums(min(scheme.scale_max, round_half_up(best))),
        cost=nums(total_cost, 1),
        n=n_steps,
        units=actions["unit"].nunique() if len(actions) else 0,
    )
    if met:
        message = both("plan.target_met", **values)
    elif reachable and not by_indicator:
        message = both("plan.reached_by_units", **values)
    elif reachable:
        message = both("plan.reached_by_steps", **values)
    else:
        message = both("plan.unreachable", **values)
        if toward_best:
            notes.append(both("plan.toward_best", best=values["best"], target=values["target"]))
        if not levers:
            notes.append(both("plan.no_levers"))
    nxt = next_assessment(int(year))
    if not met:
        final_text = nums(round_half_up(final))
        if short_of_margin:
            notes.append(both("plan.margin_short", margin=nums(margin), target=nums(goal), final=final_text))
        elif aim > goal:
            notes.append(both("plan.margin", aim=nums(aim), target=nums(goal), margin=nums(aim - goal)))
        elif goal < scheme.scale_max:
            notes.append(both("plan.margin_none"))
    message, notes = _next_words(message, notes, nxt, scheme, met)
    if ties:
        notes.append(both("plan.ties"))
    sensitivity: list[dict] = []
    stable: list[str] = []
    if not met:
        notes.append(_cost_note(cost_model, caps, costs is not None, by_indicator))
        sensitivity, stable, said = _sensitivity(run, main, cost_model, goal - half if short_of_margin else aim, scope)
        if said:
            notes.append(said)
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
        margin=float(margin),
        aim=None if met else round_half_up(aim if not short_of_margin else goal),
        basis=basis,
        next_assessment=nxt,
        sensitivity=sensitivity,
        stable=stable,
        toward_best=toward_best,
    )


def _next_words(
    message: dict[str, str], notes: list[dict[str, str]], nxt: dict, scheme: Scheme, met: bool
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Say which assessment judges the plan. Where its instrument differs, the plan's own sentence
    becomes a reading on the current scale and the message says why it is no one-cycle target
    (a target already met keeps its message, and the change is said first among the notes)."""
    if nxt["scheme"] is None:
        return message, [both("plan.next_unknown", next=nxt["year"], scheme=scheme.id), *notes]
    regime = {lang: regime_text(nxt["regime"], lang) for lang in LANGS}
    if nxt["same_instrument"]:
        return message, [both("plan.next_same", next=nxt["year"], regime=regime), *notes]
    empty = {lang: "" for lang in LANGS}
    now = {lang: regime_text(scheme.regime, lang) for lang in LANGS}
    other = both(
        "plan.next_other",
        next=nxt["year"],
        regime=regime,
        green=nums(nxt["green"]),
        now=now,
        checklist=both("plan.next_checklist", next=nxt["year"]) if nxt.get("checklist") else empty,
    )
    if met:
        return message, [other, *notes]
    why = both("plan.not_one_cycle")
    lead = {lang: f"{other[lang]} {why[lang]}" for lang in LANGS}
    return lead, [both("plan.on_current_scale", regime=now, text=message), *notes]


def _moves(levers: list[dict], steps: np.ndarray, by: str) -> dict[str, float]:
    """Points (of the unit's score) each unit, or each indicator, gains in a solution."""
    out: dict[str, float] = {}
    for lever, s in zip(levers, steps, strict=True):
        if s > 0:
            key = lever["unit"] if by == "unit" else str(lever["indicator"])
            out[key] = out.get(key, 0.0) + lever["unit_gain"] * s
    return {k: round_half_up(v) for k, v in out.items()}


def _sensitivity(run, main: dict, cost_model: str, aim: float, scope: str):
    """The plan under each effort assumption (:data:`VARIANTS`), what every reachable variant
    moves, and the sentence that says it."""
    by = "indicator" if scope == "unit" else "unit"
    variants = [v for v in VARIANTS if not (scope == "unit" and v == "greens")]
    table, sets = [], []
    for variant in variants:
        if variant == cost_model:
            solved = main
        elif variant == "greens":
            solved = run("headroom", aim, "greens")
        else:
            solved = run(variant, aim)
        moves = _moves(solved["levers"], solved["steps"], by)
        table.append(
            {
                "variant": variant,
                "reachable": bool(solved["reachable"]),
                "moves": moves,
                "units_to_green": int(solved["to_green"]),
            }
        )
        if solved["reachable"]:
            sets.append(list(moves))
    if not sets:
        return table, [], None
    first = _moves(main["levers"], main["steps"], by)  # in the order of the plan's own moves
    order = sorted({k for keys in sets for k in keys}, key=lambda k: (-first.get(k, 0.0), k))
    stable = [k for k in order if all(k in keys for keys in sets)]
    varying = [k for k in order if k not in stable]
    names = {lang: ", ".join(_variant_name(v, lang) for v in variants) for lang in LANGS}
    if not stable:
        said = both("plan.stable_none", variants=names)
    elif not varying:
        said = both("plan.stable_all", variants=names, stable=", ".join(stable))
    else:
        said = both("plan.stable", variants=names, stable=", ".join(stable), varying=", ".join(varying))
    return table, stable, said


def _variant_name(variant: str, lang: str) -> str:
    return both(f"plan.variant_{variant}")[lang]


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
        "already_green",
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
    # a unit green before the plan (a target above green moves it too): never "reaches green: no"
    frame["already_green"] = [bool(unit_scores.get(u, -np.inf) >= green_met) for u in frame["unit"]]
    frame = frame.sort_values(["gain", "unit"], ascending=[False, True], kind="stable").reset_index(drop=True)
    frame["score_after"] = round_half_up(current + frame["gain"].cumsum().to_numpy())
    return frame[columns]
