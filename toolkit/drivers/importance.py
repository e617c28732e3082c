"""Relative importance: the LMG (Shapley) decomposition of R², exact over all subsets."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg

__all__ = ["relative_importance"]


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
    cluster: str | None = None,
) -> pd.DataFrame:
    """LMG (Shapley) decomposition of R² over predictors, exact over all subsets.

    Numeric predictors enter as they are; a text or categorical predictor enters as one group
    of treatment dummies. Shares sum to the model's R². Intervals are percentile bootstrap
    intervals, resampling whole clusters (``cluster``: units of one region move together) or
    rows. Predictors that coincide (one determines the other in the data, so their shares cannot
    be told apart) are refused with the reason.

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
    cluster : str, optional
        Column whose groups are resampled together (for units: the region).

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
            [Problem(Msg("problem.too_many_predictors", n=len(predictors), limit=MAX_PREDICTORS))],
            "relative_importance",
        )
    if len(predictors) < 1:
        raise DataError([Problem(Msg("problem.no_predictor"))], "relative_importance")
    missing = [c for c in [y, *predictors] if c not in frame]
    if missing:
        raise DataError([Problem(Msg("problem.column_not_found"), column=c) for c in missing], "relative_importance")
    data = frame[[y, *predictors, *([cluster] if cluster else [])]].dropna()
    coinciding = _coinciding(data, predictors)
    if coinciding:
        raise DataError(
            [Problem(Msg("problem.coinciding", a=a, b=b)) for a, b in coinciding],
            "relative_importance",
        )
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
        raise DataError([Problem(Msg("problem.too_few_rows", n=n, k=len(columns) - 1))], "relative_importance")
    if np.any(M.std(axis=0) == 0):
        const = [c for c, s in zip([y, *predictors], M.std(axis=0), strict=False) if s == 0]
        raise DataError([Problem(Msg("problem.constant", columns=", ".join(const)))], "relative_importance")

    def shares_of(matrix: np.ndarray) -> tuple[np.ndarray, float]:
        corr = np.corrcoef(matrix, rowvar=False)
        r2 = _all_r2(corr, groups)
        return _shapley(r2, len(groups)), float(r2[-1])

    point, r2_full = shares_of(M)
    low = high = np.full(len(groups), np.nan)
    if n_boot:
        rng = np.random.default_rng(seed)
        boots = []
        members = None
        if cluster:
            codes = pd.factorize(data[cluster])[0]
            members = [np.flatnonzero(codes == c) for c in range(codes.max() + 1)]
        for _ in range(n_boot):
            if members is None:
                sample = M[rng.integers(0, n, n)]
            else:
                picked = rng.integers(0, len(members), len(members))
                sample = M[np.concatenate([members[i] for i in picked])]
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
    out.attrs.update(
        {
            "r2": r2_full,
            "n": n,
            "dropped_rows": dropped,
            "n_boot": n_boot,
            "ci": ci,
            "resampled": cluster or "rows",
            "n_clusters": int(data[cluster].nunique()) if cluster else None,
        }
    )
    return out


def _coinciding(data: pd.DataFrame, predictors: list[str]) -> list[tuple[str, str]]:
    """Pairs of categorical predictors where one determines the other (a function of it)."""
    cats = [
        p
        for p in predictors
        if not (pd.api.types.is_numeric_dtype(data[p].dtype) and not pd.api.types.is_bool_dtype(data[p].dtype))
    ]
    pairs = []
    for i, a in enumerate(cats):
        for b in cats[i + 1 :]:
            if data[a].nunique() < 2 or data[b].nunique() < 2:
                continue
            a_to_b = (data.groupby(a)[b].nunique() <= 1).all()
            b_to_a = (data.groupby(b)[a].nunique() <= 1).all()
            if a_to_b or b_to_a:
                pairs.append((a, b))
    return pairs
