"""Intervals for the IKM of each group (a score-type interval on the bounded scale), its standard error,
and the grade robustness from resampling respondents."""

from __future__ import annotations

import numpy as np

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg
from toolkit.rounding import round_half_up
from toolkit.survey._grades import _band_index, _grade
from toolkit.survey._items import ITEMS

#: Groups up to this many respondents are bootstrapped by resampling respondents; larger groups
#: use the normal limit of that same resampling (the linearised statistic), which is
#: indistinguishable at that size and costs one pass instead of one per replicate.
EXACT_BOOTSTRAP_MAX = 500
#: Fewer respondents than this get no interval: the simulation that checks the interval's
#: coverage starts at five, and with fewer the interval would span most of the scale.
MIN_RESPONDENTS = 5
#: The smallest dispersion (variance over its bound p(1 - p)) :func:`score_interval` assumes.
MIN_DISPERSION = 1 / 27
#: The most bootstrap replicates accepted (memory grows with replicates × respondents; the
#: grade robustness is a share, known to ± 0.01 with 10,000).
MAX_BOOT = 10_000


def _check_options(n_boot: object, ci: object, source: str) -> None:
    """Replicates a whole number from 0 to :data:`MAX_BOOT` and a level strictly between 0 and 1,
    or a DataError naming the value and the bound (the command line maps it to exit 2)."""
    problems = []
    if isinstance(n_boot, bool) or not isinstance(n_boot, int | np.integer) or not 0 <= n_boot <= MAX_BOOT:
        problems.append(Problem(Msg("problem.bootstrap_range", value=n_boot, most=MAX_BOOT)))
    if ci is not None and (isinstance(ci, bool) or not isinstance(ci, float | int) or not 0 < ci < 1):
        problems.append(Problem(Msg("problem.ci_range", value=ci)))
    if problems:
        raise DataError(problems, source)


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


def _bootstrap(survey, codes: np.ndarray, parts, out, w, n_boot, seed):
    """Grade robustness of each group: the share of resamples of its respondents whose IKM falls
    in the grade of its IKM; resampled row by row for small groups, from the normal limit of the
    same resampling (the linearised variance, ``out["ikm_se"]``) for large ones. Returns the
    shares and the method of each group (``resample`` or ``normal``)."""
    rng = np.random.default_rng(seed)
    k = len(parts)
    n = parts["n"].to_numpy()
    robust, method = np.full(k, np.nan), [""] * k
    large = n > EXACT_BOOTSTRAP_MAX
    if large.any():
        big = np.flatnonzero(large)
        se = out["ikm_se"].to_numpy(float)[big]  # the linearised standard error, computed once by ikm()
        draws = rng.standard_normal((len(big), n_boot))  # one row of draws per group
        robust[big] = _summarise_normal(out["ikm"].to_numpy(float)[big], se, draws, 0.95)[2]
        for g in big:
            method[g] = "normal"
    small = np.flatnonzero(~large & (n > 0))
    if len(small):
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(k + 1))
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
                reps = 25 * w * np.sum((draws @ values) / (draws @ valid.astype(np.float64)), axis=1)
            robust[g] = _summarise_replicates(reps, out["mutu"].iloc[g], 0.95)[2]
            method[g] = "resample"
    return robust, method


def score_interval(
    point: np.ndarray, se: np.ndarray, n: np.ndarray, w: float, ci: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """A score-type interval for each group's IKM that stays inside the scale and keeps its level
    with few respondents, also near the ceiling.

    The IKM is a bounded mean: on the unit scale ``p = (IKM - lo) / (hi - lo)`` (``lo``, ``hi``
    the IKM of all answers 1 and all answers 4) its variance is at most ``p(1 - p)`` per
    respondent (Bhatia & Davis 2000). The interval is Wilson's score interval (Wilson 1927) with the
    effective sample size ``n* = p(1 - p) / v`` of Korn & Graubard (1998), ``v`` the linearised
    variance of ``p`` (``se²`` with the ``n / (n - 1)`` correction), and Student's t with
    ``n - 1`` degrees of freedom in place of the normal quantile (Korn & Graubard's
    degrees-of-freedom adjustment; Dean & Pagano 2015 compare these intervals). The variance is
    evaluated at the hypothesised value, not the estimate, which is what keeps the interval
    from collapsing where every answer is 4.

    The dispersion ``n v / (p(1 - p))`` is bounded to ``[1/27, 1]``: 1 is the bound above;
    1/27 is the dispersion, near the ceiling, of the mean of nine independent answers that
    take only the two top values (an assumption used where the sample shows less spread than
    that, such as a sample of all 4s, whose dispersion cannot be estimated). Groups with fewer
    than :data:`MIN_RESPONDENTS` get no interval (NaN).

    Seeded simulation (``tests/test_survey.py``): coverage 0.917-0.988 from IKM 74 to 99 with
    5-60 respondents, where the studentised bootstrap covered a true IKM of 98 at 0.80
    (10 respondents) and 0.89 (20).

    Examples
    --------
    >>> import numpy as np
    >>> low, high = score_interval(np.array([100.0, 80.0]), np.array([0.0, 3.0]), np.array([10, 30]), 1 / 9)
    >>> low.tolist(), high.tolist()
    ([98.6, 73.24], [100.0, 85.56])
    """
    from scipy.stats import t as student

    n = np.asarray(n, dtype=float)
    lo, span = 225 * w, 675 * w
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.clip((np.asarray(point, float) - lo) / span, 0.0, 1.0)
        v = np.asarray(se, float) ** 2 * n / (n - 1) / span**2
        spread = p * (1 - p)
        phi = np.where(spread > 0, n * v / spread, MIN_DISPERSION)
        phi = np.clip(phi, MIN_DISPERSION, 1.0)
        n_star = n / phi
        z = student.ppf(0.5 + ci / 2, np.maximum(n - 1, 1))
        centre = (p + z * z / (2 * n_star)) / (1 + z * z / n_star)
        half = z / (1 + z * z / n_star) * np.sqrt(spread / n_star + z * z / (4 * n_star * n_star))
        low = round_half_up(np.clip(lo + span * (centre - half), lo, lo + span))
        high = round_half_up(np.clip(lo + span * (centre + half), lo, lo + span))
    refused = (n < MIN_RESPONDENTS) | ~np.isfinite(np.asarray(point, float)) | ~np.isfinite(np.asarray(se, float))
    low, high = np.where(refused, np.nan, low), np.where(refused, np.nan, high)
    return low, high


def _linear_se(values: np.ndarray, valid: np.ndarray, w: float) -> float:
    """The linearised (delta-method) standard error of one group's IKM."""
    counts = valid.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        nrr = values.sum(axis=0) / counts
        z = np.where(valid, (values - nrr) / counts, 0.0).sum(axis=1)
    return float(25 * w * np.sqrt(np.nansum(z * z)))
