"""Intervals for the IKM of each group: standard errors, resampling and their summaries."""

from __future__ import annotations

import numpy as np

from toolkit.rounding import round_half_up
from toolkit.survey._grades import _band_index, _grade
from toolkit.survey._items import ITEMS

#: Groups up to this many respondents are bootstrapped by resampling respondents; larger groups
#: use the normal limit of that same resampling (the linearised statistic), which is
#: indistinguishable at that size and costs one pass instead of one per replicate.
EXACT_BOOTSTRAP_MAX = 500


def _influence_variance(survey, codes: np.ndarray, parts, w) -> np.ndarray:
    """Per group, the sum of squared influences of its respondents on its IKM (the linearised
    variance), accumulated item by item so memory stays at a few vectors of the survey's length."""
    counts = parts[[f"cnt_{i}" for i in ITEMS]].to_numpy(float)
    sums = parts[[f"sum_{i}" for i in ITEMS]].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        nrr = sums / counts
    z = np.zeros(len(survey))
    for j, item in enumerate(ITEMS):
        values = survey[item].to_numpy(dtype=np.float32, na_value=np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            z += np.where(np.isnan(values), 0.0, (values - nrr[codes, j]) / counts[codes, j])
    z *= 25 * w
    return np.bincount(codes, weights=z * z, minlength=len(parts))


def _group_se(survey, codes: np.ndarray, parts, w) -> np.ndarray:
    """Linearised standard error of each group's IKM."""
    return np.sqrt(_influence_variance(survey, codes, parts, w))


def _summarise_replicates(reps: np.ndarray, point_grade: str, ci: float) -> tuple[float, float, float]:
    reps = reps[np.isfinite(reps)]
    if not len(reps):
        return np.nan, np.nan, np.nan
    alpha = (1 - ci) / 2
    grades = _grade(reps)[0]
    return (
        float(round_half_up(np.quantile(reps, alpha))),
        float(round_half_up(np.quantile(reps, 1 - alpha))),
        float(np.mean(np.array(grades) == point_grade)),
    )


def _summarise_normal(point: np.ndarray, se: np.ndarray, draws: np.ndarray, ci: float) -> tuple:
    """Interval and grade robustness of many groups at once from their normal replicates
    ``point + se * draws`` (one row of ``draws`` per group); what :func:`_summarise_replicates`
    gives one group at a time, for all groups in a few array operations."""
    reps = point[:, None] + se[:, None] * draws
    alpha = (1 - ci) / 2
    low, high = round_half_up(np.quantile(reps, [alpha, 1 - alpha], axis=1))
    robust = (_band_index(reps) == _band_index(point)[:, None]).mean(axis=1)
    bad = ~np.isfinite(point) | ~np.isfinite(se)
    low[bad], high[bad], robust[bad] = np.nan, np.nan, np.nan
    return low, high, robust


def _bootstrap(survey, codes: np.ndarray, parts, out, w, n_boot, ci, seed):
    """Studentised resampling of respondents within each group (small groups), or the normal limit
    of the same resampling from the linearised variance (large groups; ``out["ikm_se"]``)."""
    rng = np.random.default_rng(seed)
    k = len(parts)
    n = parts["n"].to_numpy()
    low, high, robust, method = np.full(k, np.nan), np.full(k, np.nan), np.full(k, np.nan), [""] * k
    large = n > EXACT_BOOTSTRAP_MAX
    if large.any():
        big = np.flatnonzero(large)
        se = out["ikm_se"].to_numpy(float)[big]  # the linearised standard error, computed once by ikm()
        # one row of draws per group, in the order the groups were drawn one by one before
        draws = rng.standard_normal((len(big), n_boot))
        low[big], high[big], robust[big] = _summarise_normal(out["ikm"].to_numpy(float)[big], se, draws, ci)
        for g in big:
            method[g] = "normal"
    small = np.flatnonzero(~large & (n > 0))
    if len(small):
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(k + 1))
        alpha = (1 - ci) / 2
        for g in small:
            rows = order[bounds[g] : bounds[g + 1]]
            matrix = survey[ITEMS].iloc[rows].to_numpy(dtype=np.float64, na_value=np.nan)
            valid = ~np.isnan(matrix)
            values = np.where(valid, matrix, 0.0)
            size = len(rows)
            # n_boot resamples of the group's rows, as counts per row (one bincount for all)
            picks = rng.integers(0, size, (n_boot, size)) + (np.arange(n_boot) * size)[:, None]
            draws = np.bincount(picks.ravel(), minlength=n_boot * size).reshape(n_boot, size).astype(np.float64)
            with np.errstate(invalid="ignore", divide="ignore"):
                rep_cnt = draws @ valid.astype(np.float64)  # (n_boot, 9)
                rep_nrr = (draws @ values) / rep_cnt
                reps = 25 * w * np.sum(rep_nrr, axis=1)
                # studentised (bootstrap-t): each replicate's own linearised standard error
                inv = 1.0 / rep_cnt
                z = values @ inv.T - valid.astype(np.float64) @ (rep_nrr * inv).T  # (size, n_boot)
                rep_se = 25 * w * np.sqrt(np.einsum("bi,ib->b", draws, z * z))
            se = _linear_se(values, valid, w)
            point = float(out["ikm"].iloc[g])
            ok = np.isfinite(reps) & (rep_se > 1e-9)
            if se > 0 and ok.sum() >= 0.5 * n_boot:
                t_star = (reps[ok] - point) / rep_se[ok]
                lo = point - np.quantile(t_star, 1 - alpha) * se
                hi = point - np.quantile(t_star, alpha) * se
                low[g], high[g] = (float(round_half_up(np.clip(v, 25.0, 100.0))) for v in (lo, hi))
                robust[g] = float(np.mean(np.array(_grade(reps[np.isfinite(reps)])[0]) == out["mutu"].iloc[g]))
                method[g] = "studentised"
            else:  # every answer alike (no spread to studentise): the percentile interval
                low[g], high[g], robust[g] = _summarise_replicates(reps, out["mutu"].iloc[g], ci)
                method[g] = "resample"
    return low, high, robust, method


def _linear_se(values: np.ndarray, valid: np.ndarray, w: float) -> float:
    """The linearised (delta-method) standard error of one group's IKM."""
    counts = valid.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        nrr = values.sum(axis=0) / counts
        z = np.where(valid, (values - nrr) / counts, 0.0).sum(axis=1)
    return float(25 * w * np.sqrt(np.nansum(z * z)))
