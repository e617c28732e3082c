"""Importance-performance analysis (Martilla & James 1977) of the nine items."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from toolkit.i18n import section
from toolkit.schemes import load_scheme
from toolkit.survey._items import ITEMS, _by

QUADRANTS = section("quadrant.")


def ipa(survey: pd.DataFrame, by=None, n_boot: int = 200, seed: int = 0, stable_at: float = 0.8) -> pd.DataFrame:
    """Importance–performance analysis (Martilla & James 1977) of the nine items.

    Performance is the item's NRR. Importance is derived: the standardised coefficient of the
    item in a regression of the overall-satisfaction item on the nine items (complete answers,
    at least 30) when the survey has one; otherwise the correlation of the item with the mean of
    the other eight items (pairwise complete). Quadrants split at the mean performance and the mean
    importance of the nine items within the group.

    Quadrants can flip on differences of a few thousandths. With ``n_boot`` the respondents of
    each group are resampled and the analysis repeated: ``quadrant_stability`` is the share of
    resamples that put the item in the same quadrant, and ``stable`` says whether that share
    reaches ``stable_at``; an unstable quadrant should not be acted on alone.

    Returns
    -------
    pandas.DataFrame
        One row per group and item: ``item``, ``label``, ``label_en``, ``performance``,
        ``importance``, ``importance_basis``, ``quadrant``, ``quadrant_label``, ``quadrant_en``,
        ``quadrant_stability``, ``stable``.
    """
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
        same = np.full(9, np.nan)
        if n_boot and len(matrix) >= 10:
            agree = np.zeros(9)
            for _ in range(n_boot):
                pick = rng.integers(0, len(matrix), len(matrix))
                agree += _ipa_once(matrix[pick], None if target is None else target[pick], basis)[3] == quadrants
            same = agree / n_boot
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
                    "stable": bool(same[j] >= stable_at) if not np.isnan(same[j]) else False,
                }
            )
    return pd.DataFrame(rows)


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
            importance = np.array(
                [_corr(matrix[:, j], np.nanmean(np.delete(matrix, j, axis=1), axis=1)) for j in range(9)]
            )
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
