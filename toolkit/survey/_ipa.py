"""Importance-performance analysis (Martilla & James 1977) of the nine items."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from toolkit._multitest import holm
from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg, section
from toolkit.schemes import load_scheme
from toolkit.survey._intervals import _check_options
from toolkit.survey._items import ITEMS, _by

QUADRANTS = section("quadrant.")


def ipa(survey: pd.DataFrame, by=None, n_boot: int = 200, seed: int = 0, alpha: float = 0.05) -> pd.DataFrame:
    """Importance–performance analysis (Martilla & James 1977) of the nine items.

    Performance is the item's NRR. Importance is derived: the standardised coefficient of the
    item in a regression of the overall-satisfaction item on the nine items (complete answers,
    at least 30) when the survey has one; otherwise the correlation of the item with the mean of
    the other eight items (pairwise complete). Quadrants split at the mean performance and the mean
    importance of the nine items within the group.

    Quadrants can flip on differences of a few thousandths, so a quadrant is only ``stable``
    when the item's importance and its performance each differ from the mean of the nine items
    by more than chance. With ``n_boot`` the respondents of each group (at least 10) are resampled
    and the analysis repeated; each item-minus-mean difference gets a Wald test with its bootstrap
    standard error (Student's t, n - 1 degrees of freedom), and the nine p-values of each dimension are adjusted by Holm's step-down
    method (Holm 1979), which keeps the chance of calling any item different, when none is, at
    ``alpha`` or less. ``stable`` is True where both adjusted p-values are below ``alpha``: with
    nine items alike in the population, at most ``alpha`` of surveys show a stable item (a
    seeded simulation in ``tests/test_survey.py``; the share of resamples in the same quadrant
    flagged one in 53-68 % of them). ``quadrant_stability`` (that share) is still reported, as a
    description, not a test.

    Parameters
    ----------
    survey : DataFrame
        As returned by :func:`read_survey`.
    by : str or list of str, optional
        Grouping columns; None: one group.
    n_boot : int
        Bootstrap replicates, 0 to 10,000 (0: no test; every quadrant unstable).
    seed : int
    alpha : float
        Family-wise error rate of each dimension's nine tests.

    Returns
    -------
    pandas.DataFrame
        One row per group and item: ``item``, ``label``, ``label_en``, ``performance``,
        ``importance``, ``importance_basis``, ``quadrant``, ``quadrant_label``, ``quadrant_en``,
        ``quadrant_stability``, ``stable``, ``performance_diff`` and ``importance_diff`` (the
        item minus the mean of the nine), ``performance_p_holm`` and ``importance_p_holm``.

    Examples
    --------
    >>> from toolkit import synthetic
    >>> out = ipa(synthetic.survey(600, 1, seed=1, truth_draws=0), n_boot=100)
    >>> out[["item", "quadrant", "stable"]].head(3)
      item           quadrant  stable
    0   U1           keep_up    True
    1   U2  possible_overkill   False
    2   U3  concentrate_here    True
    """
    _check_options(n_boot, None, "ipa")
    if not 0 < alpha < 1:
        raise DataError([Problem(Msg("problem.ci_range", value=alpha))], "ipa")
    keys = _by(by)
    skm = load_scheme("skm-2017").raw["items"]
    labels = {i["key"]: i["label"] for i in skm}
    groups = survey.groupby(keys, sort=False, dropna=False, observed=True) if keys else [((), survey)]
    rows = []
    rng = np.random.default_rng(seed)
    for key, frame in groups:
        key = key if isinstance(key, tuple) else (key,)
        matrix = frame[ITEMS].to_numpy(dtype=np.float64, na_value=np.nan)
        target = frame["overall"].to_numpy(dtype=np.float64, na_value=np.nan) if "overall" in frame else None
        performance, importance, basis, quadrants = _ipa_once(matrix, target)
        diffs = np.array([performance - np.nanmean(performance), importance - np.nanmean(importance)])
        same = np.full(9, np.nan)
        p_holm = np.full((2, 9), np.nan)
        if n_boot and len(matrix) >= 10:
            agree = np.zeros(9)
            reps = np.full((n_boot, 2, 9), np.nan)
            for b in range(n_boot):
                pick = rng.integers(0, len(matrix), len(matrix))
                perf, imp, _, quad = _ipa_once(matrix[pick], None if target is None else target[pick], basis)
                agree += quad == quadrants
                reps[b] = perf - np.nanmean(perf), imp - np.nanmean(imp)
            same = agree / n_boot
            p_holm = np.array([holm(_wald_p(diffs[d], reps[:, d], len(matrix)), missing="count") for d in range(2)])
        stable = (p_holm < alpha).all(axis=0)
        for j, item in enumerate(ITEMS):
            quadrant = quadrants[j]
            rows.append(
                {
                    **dict(zip(keys, key, strict=True)),
                    "item": item,
                    "label": labels[item]["id"],
                    "label_en": labels[item]["en"],
                    "performance": performance[j],
                    "importance": importance[j],
                    "importance_basis": basis,
                    "quadrant": quadrant,
                    "quadrant_label": QUADRANTS[quadrant]["id"],
                    "quadrant_en": QUADRANTS[quadrant]["en"],
                    "quadrant_stability": same[j],
                    "stable": bool(stable[j]),
                    "performance_diff": diffs[0, j],
                    "importance_diff": diffs[1, j],
                    "performance_p_holm": p_holm[0, j],
                    "importance_p_holm": p_holm[1, j],
                }
            )
    return pd.DataFrame(rows)


def _wald_p(estimate: np.ndarray, replicates: np.ndarray, n: int) -> np.ndarray:
    """Two-sided p-values of estimate = 0 with the bootstrap standard error, referred to Student's
    t with ``n - 1`` degrees of freedom (NaN where the error is 0 or cannot be estimated)."""
    from scipy.stats import t as student

    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        se = np.nanstd(replicates, axis=0, ddof=1)
        z = np.where(se > 0, np.abs(estimate) / se, np.nan)
    return 2 * student.sf(z, max(n - 1, 1))


def _ipa_once(matrix: np.ndarray, target: np.ndarray | None, basis: str | None = None):
    """Performance, importance, its basis and the quadrant of each item, for one sample."""
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        performance = np.nanmean(matrix, axis=0)
        complete = None if target is None else ~np.isnan(matrix).any(axis=1) & ~np.isnan(target)
        if basis is None:
            basis = "overall" if target is not None and complete.sum() >= 30 else "other_items"
        if basis == "overall":
            importance = _standardised_betas(matrix[complete], target[complete])
        else:
            answered = ~np.isnan(matrix)
            filled = np.where(answered, matrix, 0.0)
            # the mean of the other eight answers of each respondent (NaN where none): the row's
            # sum and count less item j's
            others = (filled.sum(axis=1)[:, None] - filled) / (answered.sum(axis=1)[:, None] - answered)
            importance = np.array([_corr(matrix[:, j], others[:, j]) for j in range(9)])
        mean_p, mean_i = np.nanmean(performance), np.nanmean(importance)
    names = {
        (True, False): "concentrate_here",
        (True, True): "keep_up",
        (False, False): "low_priority",
        (False, True): "possible_overkill",
    }
    quadrants = np.array(
        [names[(bool(importance[j] >= mean_i), bool(performance[j] >= mean_p))] for j in range(9)], dtype=object
    )
    return performance, importance, basis, quadrants


def _standardised_betas(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Coefficients of y on X after both are standardised (a constant column gets NaN)."""
    sd = X.std(axis=0)
    usable = sd > 0
    Z = (X[:, usable] - X[:, usable].mean(axis=0)) / sd[usable]
    zy = (y - y.mean()) / (y.std() or 1.0)
    beta = np.full(X.shape[1], np.nan)
    beta[usable] = np.linalg.lstsq(Z, zy, rcond=None)[0]
    return beta


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    ok = ~np.isnan(a) & ~np.isnan(b)
    if ok.sum() < 3 or a[ok].std() == 0 or b[ok].std() == 0:
        return np.nan
    return float(np.corrcoef(a[ok], b[ok])[0, 1])
