"""Sector gaps: are some unit types systematically below the other units of the same Pemda?

Each unit is compared with the other units of its own Pemda and assessment year (Pemda-year fixed
effects), so what differs between Pemdas (size, region, budget, the year's instrument) cancels
out. Units of one Pemda are not independent: intervals are clustered by Pemda with the cluster
jackknife (CRV3 as MacKinnon, Nielsen and Webb 2023 define it, :func:`toolkit.drivers._common.crv3`)
and Student t with G - 1 degrees of freedom, which keeps its coverage with few clusters. Each methodology
regime is estimated on its own; p-values are Holm-adjusted across the unit types of a regime, and
the intervals shown are adjusted the same way (Holm step-down levels), so an interval excludes 0
exactly when its Holm-adjusted p-value is below the level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit._multitest import holm
from toolkit.drivers._common import crv3, demean, label
from toolkit.i18n import LANGS, Msg, both, nums, p_nums, regime_text
from toolkit.io import to_plain
from toolkit.schemes import regimes as regimes_of

__all__ = ["MIN_REGIONS", "SectorGaps", "detectable", "holm_levels", "joint_test", "sector_gaps"]

#: Fewer Pemdas than this with two or more unit types: the gaps are shown without an interval.
MIN_REGIONS = 5
#: Power at which the minimum detectable gap is stated.
POWER = 0.8

GAP_COLUMNS = [
    "regime",
    "unit_type",
    "reference",
    "gap",
    "ci_low",
    "ci_high",
    "p_value",
    "p_adjusted",
    "std_error",
    "df",
    "ci_level",
    "ci_low_unadjusted",
    "ci_high_unadjusted",
    "mde",
    "mde_holm",
    "n_units",
    "n_regions",
    "years",
    "note",
]


@dataclass
class SectorGaps:
    """Within-Pemda gaps between unit types, per regime, with clustered intervals and readings."""

    table: pd.DataFrame
    readings: dict[str, dict[str, str]]  # regime -> {id, en}
    method: dict[str, str]
    synthetic: bool = False
    notes: list[dict[str, str]] = field(default_factory=list)
    joint: dict[str, dict] = field(default_factory=dict)  # regime -> joint test ("any sector gap?")

    def to_dict(self) -> dict:
        """Plain JSON-ready values; the table becomes a list of records."""
        return to_plain(vars(self))

    def text(self, lang: str = "id") -> str:
        """The readings of every regime, then the method, in plain sentences."""
        return "\n".join([*(r[lang] for r in self.readings.values()), self.method[lang]])


def _types_per_cell(part: pd.DataFrame) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """For each row of ``part``: how many units of each type share its cell (Pemda-year), and how
    many units of any type (a missing type counts for none)."""
    cells, _ = pd.factorize(part["cell"])
    kinds, names = pd.factorize(part["unit_type"])
    counts = np.zeros((int(cells.max()) + 1 if len(cells) else 0, len(names)), dtype=np.int64)
    known = kinds >= 0
    np.add.at(counts, (cells[known], kinds[known]), 1)
    per_row = counts[cells]
    return {name: per_row[:, j] for j, name in enumerate(names)}, per_row.sum(axis=1)


def _fit(data: pd.DataFrame) -> tuple[float, float, int, float]:
    """Gap, standard error, degrees of freedom and p-value of ``x`` in ``score ~ x | cell``:
    the within (cell-demeaned) estimator, CRV3 by region (:func:`~toolkit.drivers._common.crv3`),
    t with G - 1 degrees of freedom. Cells are nested in regions, so the jackknife is exact."""
    from scipy import stats

    cells = data["cell"].to_numpy()
    x = demean(data["x"].to_numpy(), cells)
    y = demean(data["score"].to_numpy(), cells)[:, 0]
    beta, vcov = crv3(x, y, data["cluster"].to_numpy())
    gap, se = float(beta[0]), float(np.sqrt(vcov[0, 0]))
    df = int(data["cluster"].nunique()) - 1
    return gap, se, df, float(2 * stats.t.sf(abs(gap / se), df))


def joint_test(part: pd.DataFrame, types: list[str]) -> dict:
    """Is any unit type different from the others within Pemda-years? One Wald test of all
    contrasts together, before the individual ones.

    ``score ~ type dummies | Pemda-year`` on the Pemda-years with two or more of ``types``; H0:
    every type has the same within-Pemda-year mean (q = K - 1 contrasts, whichever type is the
    baseline). Variance CRV3 by Pemda (:func:`~toolkit.drivers._common.crv3`); with G Pemdas,
    the Wald statistic W is referred as Hotelling's T²: ``F = W (G - q) / (q (G - 1))`` on
    ``(q, G - q)`` degrees of freedom, the few-cluster reference (F on ``(q, G - 1)`` rejected a
    true null in 20 % of simulated samples of 13 Pemdas and 6 types; this one in 6 %). Needs
    G > q.

    Returns
    -------
    dict
        ``statistic`` (F), ``df_num``, ``df_den``, ``p_value``, ``wald``, ``n_units``,
        ``n_regions``, ``types`` and ``test`` (the reference, in words); NaN where G <= q.
    """
    from scipy import stats

    data = part[part["unit_type"].isin(types)]
    data = data[(data.groupby("cell")["unit_type"].transform("nunique") >= 2).to_numpy()]
    kinds = sorted(data["unit_type"].unique())
    g, q = int(data["cluster"].nunique()), len(kinds) - 1
    out = {
        "types": kinds,
        "n_units": len(data),
        "n_regions": g,
        "df_num": q,
        "df_den": g - q,
        "wald": np.nan,
        "statistic": np.nan,
        "p_value": np.nan,
        "test": "CRV3 Wald test of all unit-type contrasts, Hotelling T2: F(q, G - q)",
    }
    if q < 1 or g <= q:
        return out
    dummies = np.column_stack([(data["unit_type"] == k).to_numpy(float) for k in kinds[1:]])
    cells = data["cell"].to_numpy()
    beta, vcov = crv3(demean(dummies, cells), demean(data["score"].to_numpy(), cells)[:, 0], data["cluster"].to_numpy())
    wald = float(beta @ np.linalg.pinv(vcov) @ beta)
    f = wald * (g - q) / (q * (g - 1))
    out.update(wald=wald, statistic=f, p_value=float(stats.f.sf(f, q, g - q)))
    return out


def holm_levels(p: np.ndarray, alpha: float = 0.05) -> np.ndarray:
    """Per-hypothesis error levels of intervals that agree with Holm's step-down decisions.

    The i-th smallest of m p-values is tested at ``alpha / (m - i + 1)``; while Holm rejects, the
    interval of that hypothesis uses this level; from the first hypothesis Holm does not reject
    on, every later one uses the level of that first non-rejection. A two-sided interval at level
    ``1 - a`` excludes 0 exactly when ``p < a``, so each interval excludes 0 exactly when the
    Holm-adjusted p-value is below ``alpha``. These are Holm-consistent intervals, not
    simultaneous ones (the step-down simultaneous intervals of Strassburger and Bretz 2008 would
    be wider for the rejected hypotheses). NaN p-values stay NaN and are not in the family.

    Examples
    --------
    >>> holm_levels(np.array([0.001, 0.04, 0.30]))  # rejects the first at 0.05/3, stops at 0.04 > 0.05/2
    array([0.01666667, 0.025     , 0.025     ])
    """
    p = np.asarray(p, dtype=float)
    levels = np.full(len(p), np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    m = len(ok)
    stopped = None
    for rank, idx in enumerate(ok[np.argsort(p[ok], kind="stable")]):
        level = alpha / (m - rank)
        if stopped is None and not p[idx] < level:
            stopped = level
        levels[idx] = level if stopped is None else stopped
    return levels


def detectable(se: float, df: int, alpha: float = 0.05, power: float = POWER) -> float:
    """The smallest true gap a two-sided t test at ``alpha`` detects with probability ``power``,
    given the standard error: ``(t(1 - alpha / 2, df) + t(power, df)) * se`` (the usual minimum
    detectable effect, Bloom 1995). After Holm across m types, ``alpha / m``: the level the
    smallest p-value must clear before Holm rejects anything.

    Examples
    --------
    >>> round(detectable(1.0, 10), 3), round(detectable(1.0, 10, 0.05 / 6), 3)
    (3.107, 4.156)
    """
    from scipy import stats

    return float((stats.t.ppf(1 - alpha / 2, df) + stats.t.ppf(power, df)) * se)


def _interval(gap: float, se: float, df: int, level: float) -> tuple[float, float]:
    """Two-sided t interval at error level ``level``."""
    from scipy import stats

    half = float(stats.t.ppf(1 - level / 2, df)) * se
    return gap - half, gap + half


def sector_gaps(
    results: pd.DataFrame,
    reference: str = "others",
    regime: str | None = None,
    ci: float = 0.95,
    min_regions: int = MIN_REGIONS,
    unit_types: tuple[str, ...] | None = None,
) -> SectorGaps:
    """Within-Pemda differences between unit types, per methodology regime.

    For each unit type T: ``score ~ 1[type = T] | Pemda-year``, on the Pemda-years that have a
    unit of type T and a unit of the reference (``"others"``: any other type; or one unit type,
    such as ``"investment_licensing"``). The gap is how many points T scores below (negative) or
    above the reference units of the same Pemda and year. Intervals and p-values: cluster
    jackknife (CRV3) by region, t with G - 1 degrees of freedom; p-values Holm-adjusted across
    the unit types of one regime, and the intervals ``ci_low``/``ci_high`` adjusted to agree with
    them (:func:`holm_levels`: an interval excludes 0 exactly when the Holm-adjusted p is below
    ``1 - ci``); the unadjusted ``ci`` interval is kept as ``ci_low_unadjusted``/
    ``ci_high_unadjusted``.

    Parameters
    ----------
    results : DataFrame
        As returned by :func:`toolkit.read_results`; unit rows are used.
    reference : str
        ``"others"`` (default) or a unit type.
    regime : str, optional
        One regime (``"2022-2024"``); default every regime in the data, each on its own.
    ci : float
        Interval coverage.
    min_regions : int
        Fewer regions than this behind a gap: no interval, and the note says why.
    unit_types : tuple of str, optional
        Show only these unit types (default: every type in the data). Every estimable type of the
        regime is still estimated and Holm adjusts across all of them: asking for one type never
        shrinks the family (the reading describes the whole family).

    Returns
    -------
    SectorGaps
        ``table`` with ``regime, unit_type, reference, gap, ci_low, ci_high`` (Holm-adjusted
        interval), ``p_value, p_adjusted, std_error, df, ci_level`` (the adjusted interval's
        coverage level), ``ci_low_unadjusted, ci_high_unadjusted``, ``mde, mde_holm`` (the
        minimum detectable gap at 80 % power, two-sided ``1 - ci``, unadjusted and after Holm:
        :func:`detectable`), ``n_units, n_regions, years, note``; ``readings`` per regime in id/en.

    Examples
    --------
    >>> from toolkit import read_results, bundled_results
    >>> gaps = sector_gaps(read_results(bundled_results()), regime="2022-2024")
    >>> row = gaps.table.set_index("unit_type").loc["education"]
    >>> round(float(row["gap"]), 2), int(row["n_regions"]), int(row["n_units"])
    (-3.91, 11, 11)
    """
    units = results[results["level"] == "unit"].copy()
    synthetic = bool(units["synthetic"].astype(bool).any()) if "synthetic" in units else False
    units["regime"] = regimes_of(units["year"])
    keys = units["region_key"] if "region_key" in units else units["region"]
    units["cluster"] = keys.astype("str")
    units["cell"] = units["year"].astype("str") + "|" + units["cluster"]
    regimes = [regime] if regime else list(dict.fromkeys(sorted(units["regime"].unique())))
    rows, readings, joint = [], {}, {}
    alpha = 1 - ci
    for reg in regimes:
        part = units[units["regime"] == reg]
        mixed_cells = part.groupby("cell")["unit_type"].transform("nunique") >= 2
        part = part[mixed_cells.to_numpy()]
        types = sorted(part["unit_type"].unique())
        present, in_cell = _types_per_cell(part)  # per row: units of each type, of any type, in its cell
        none = np.zeros(len(part), dtype=np.int64)
        regime_rows = []
        for kind in types:
            if kind == reference:  # every type is estimated: Holm's family is the regime's, not the caller's pick
                continue
            has_kind = present[kind] > 0
            if reference == "others":
                has_ref = in_cell - present[kind] > 0  # a unit of another type
                data = part[has_kind & has_ref]
            else:
                has_ref = present.get(reference, none) > 0
                data = part[has_kind & has_ref & part["unit_type"].isin([kind, reference]).to_numpy()]
            if data.empty:
                continue
            data = data.assign(x=(data["unit_type"] == kind).astype(float))
            n_regions = int(data["cluster"].nunique())
            entry = {
                "regime": reg,
                "unit_type": kind,
                "reference": reference,
                "n_units": int((data["unit_type"] == kind).sum()),
                "n_regions": n_regions,
                "years": ",".join(str(y) for y in sorted(data["year"].unique())),
                "ci_low": np.nan,
                "ci_high": np.nan,
                "p_value": np.nan,
                "std_error": np.nan,
                "df": np.nan,
                "ci_level": np.nan,
                "ci_low_unadjusted": np.nan,
                "ci_high_unadjusted": np.nan,
                "mde": np.nan,
                "mde_holm": np.nan,
                "note": "",
            }
            entry["gap"] = np.nan
            if n_regions < min_regions:
                entry["note"] = f"fewer than {min_regions} regions: no interval"
            else:
                entry["gap"], entry["std_error"], entry["df"], entry["p_value"] = _fit(data)
                low, high = _interval(entry["gap"], entry["std_error"], entry["df"], alpha)
                entry["ci_low_unadjusted"], entry["ci_high_unadjusted"] = low, high
            regime_rows.append(entry)
        if regime_rows:
            p = np.array([r["p_value"] for r in regime_rows], dtype=float)
            m = int((~np.isnan(p)).sum())
            for r, p_adj, level in zip(regime_rows, holm(p), holm_levels(p, alpha), strict=True):
                r["p_adjusted"] = p_adj
                if not np.isnan(level):  # the interval shown agrees with the Holm-adjusted p beside it
                    r["ci_level"] = 1 - level
                    r["ci_low"], r["ci_high"] = _interval(r["gap"], r["std_error"], r["df"], level)
                    r["mde"] = detectable(r["std_error"], r["df"], alpha)
                    r["mde_holm"] = detectable(r["std_error"], r["df"], alpha / m)
        estimated = [r["unit_type"] for r in regime_rows if not np.isnan(r["p_value"])]
        if reference != "others" and estimated:
            estimated.append(reference)
        joint[reg] = joint_test(part, estimated)
        if reference == "others":
            n_head = int(part["cluster"].nunique())
        else:  # only the Pemdas where the reference type sits beside another type
            has_ref = present.get(reference, none) > 0
            n_head = int(part.loc[has_ref, "cluster"].nunique())
        readings[reg] = _reading(reg, regime_rows, n_head, reference, ci, min_regions, joint[reg])
        rows += [r for r in regime_rows if unit_types is None or r["unit_type"] in unit_types]
    table = pd.DataFrame(rows, columns=GAP_COLUMNS)
    compared = (
        Msg("gaps.compared_others")
        if reference == "others"
        else Msg("gaps.compared_type", type={lang: label("unit_type:" + reference, lang) for lang in LANGS})
    )
    method = both("gaps.method", compared=compared, level=round(100 * ci), alpha=nums(alpha, 2))
    return SectorGaps(table=table, readings=readings, method=method, synthetic=synthetic, joint=joint)


def _reading(
    reg: str, rows: list[dict], n_regions: int, reference: str, ci: float, min_regions: int, joint: dict
) -> dict:
    """One or two sentences per regime that a methods reviewer would sign."""
    regime = {lang: regime_text(reg, lang) for lang in LANGS}
    if n_regions < min_regions or not any(not np.isnan(r["p_value"]) for r in rows):
        return both("gaps.refused", regime=regime, n=n_regions, need=min_regions)

    def kind(r: dict | str) -> dict[str, str]:
        key = r if isinstance(r, str) else r["unit_type"]
        return {lang: label("unit_type:" + key, lang) for lang in LANGS}

    def joined(messages: list[Msg], sep: str) -> dict[str, str]:
        return {lang: sep.join(m.render(lang) for m in messages) for lang in LANGS}

    ref = Msg("gaps.ref_others") if reference == "others" else Msg("gaps.ref_type", type=kind(reference))
    estimable = [r for r in rows if not np.isnan(r["p_value"])]
    skipped = [r for r in rows if np.isnan(r["p_value"])]
    found = [r for r in estimable if r["p_adjusted"] < 1 - ci]
    below = [r for r in estimable if r["gap"] < 0]
    level = round(100 * ci)
    if reference == "others":
        parts = [Msg("gaps.head", regime=regime, n=n_regions)]
    else:
        parts = [Msg("gaps.head_type", regime=regime, n=n_regions, type=kind(reference))]
    if np.isnan(joint["p_value"]):
        parts.append(Msg("gaps.joint_refused", k=joint["df_num"] + 1, g=joint["n_regions"]))
    else:
        parts.append(
            Msg(
                "gaps.joint",
                k=joint["df_num"] + 1,
                q=joint["df_num"],
                d=joint["df_den"],
                f=nums(joint["statistic"], 2),
                p=p_nums(joint["p_value"]),
                g=joint["n_regions"],
            )
        )
    if found:
        items = [
            Msg(
                "gaps.item_lower" if r["gap"] < 0 else "gaps.item_higher",
                type=kind(r),
                size=nums(abs(r["gap"]), 1),
                level=level,
                low=nums(r["ci_low"], 1),
                high=nums(r["ci_high"], 1),
                p=p_nums(r["p_adjusted"]),
                units=r["n_units"],
                pemdas=r["n_regions"],
            )
            for r in (sorted(found, key=lambda r: r["gap"]) if reference != "others" else found)
        ]
        parts.append(Msg("gaps.found", reference=ref, items=joined(items, "; ")))
    else:
        parts.append(Msg("gaps.none", reference=ref, k=len(estimable)))
        pemdas = [r["n_regions"] for r in estimable]
        parts.append(
            Msg(
                "gaps.detectable",
                low=nums(min(r["mde"] for r in estimable), 1),
                high=nums(max(r["mde"] for r in estimable), 1),
                low_holm=nums(min(r["mde_holm"] for r in estimable), 1),
                high_holm=nums(max(r["mde_holm"] for r in estimable), 1),
                power=round(100 * POWER),
                level=round(100 * ci),
                pemdas=f"{min(pemdas)}–{max(pemdas)}" if min(pemdas) != max(pemdas) else str(min(pemdas)),
            )
        )
        if below and reference != "others":  # one baseline (the reference type): gaps can be ranked
            r = min(below, key=lambda r: r["gap"])
            parts.append(
                Msg(
                    "gaps.shortfall",
                    type=kind(r),
                    gap=nums(r["gap"], 1),
                    level=level,
                    low=nums(r["ci_low"], 1),
                    high=nums(r["ci_high"], 1),
                    pemdas=r["n_regions"],
                )
            )
    if reference == "others" and len(estimable) > 1:
        parts.append(Msg("gaps.not_ranked"))
    if not found and joint["p_value"] < 1 - ci:
        parts.append(Msg("gaps.joint_only"))
    if skipped:
        names = {lang: ", ".join(kind(r)[lang] for r in skipped) for lang in LANGS}
        parts.append(Msg("gaps.skipped", need=min_regions, types=names))
    return joined(parts, "")
