"""Relative importance: the LMG (Shapley) decomposition of R², exact over all subsets."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg, both

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
    n_perm: int = 200,
) -> pd.DataFrame:
    """LMG (Shapley) decomposition of R² over predictors, exact over all subsets.

    Numeric predictors enter as they are; a text or categorical predictor enters as one group
    of treatment dummies. Shares sum to the model's R². Intervals are percentile bootstrap
    intervals, resampling whole clusters (``cluster``: units of one region move together) or
    rows; a resample in which a category is absent is computed with the categories present
    (counted in ``attrs["boot_incomplete"]``); one in which the response does not vary is dropped
    (``attrs["boot_dropped"]``). Predictors that coincide (one determines the other in the data,
    so their shares cannot be told apart) are refused with the reason.

    With ``cluster``, a factor the model cannot estimate is refused, as the models across units
    refuse it: a factor constant within every cluster (a region-level factor, such as the type
    of Pemda) with a category seen in one cluster only coincides with that cluster, and is left
    out of the decomposition (its row says why); for a factor that varies within clusters (the
    unit type) the rows of such a category leave instead. Each share is compared with its
    permutation null, ``n_perm`` permutations of that factor alone: a factor that varies within
    most clusters (the unit type) is permuted among the units of each cluster, keeping every
    cluster's composition; any other factor is permuted among its (cluster, value) cells, so a
    region-level factor moves between regions as a whole. A share not above the ``ci`` quantile
    of its null (permutation p >= 1 - ci) is not read (``readable`` False).

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
        Interval coverage, and the quantile of the permutation null a share must exceed.
    seed : int
        Bootstrap and permutation seed.
    cluster : str, optional
        Column whose groups are resampled together (for units: the region).
    n_perm : int
        Permutations per predictor for the null (0 for none: ``readable`` stays True).

    Returns
    -------
    pandas.DataFrame
        ``term, share, share_pct, ci_low, ci_high, null_high, p_permutation, readable, note``,
        largest share first, refused factors last (no share, ``note`` in id/en);
        ``.attrs``: ``r2, n, dropped_rows, n_boot, boot_dropped, boot_incomplete, n_perm, ci,
        resampled, n_clusters, refused, left_out``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame(rng.normal(size=(500, 3)), columns=["a", "b", "c"])
    >>> df["y"] = 2 * df["a"] + df["b"] + rng.normal(size=500)
    >>> out = relative_importance(df, "y", ["a", "b", "c"], n_boot=0, n_perm=50)
    >>> out["term"].tolist(), bool(np.isclose(out["share"].sum(), out.attrs["r2"]))
    (['a', 'b', 'c'], True)
    >>> out["readable"].tolist()  # c has no effect: its share is inside its permutation null
    [True, True, False]
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
    dropped = len(frame) - len(data)
    refused, left_out = {}, []
    if cluster:
        data, predictors, refused, left_out = _estimable(data, predictors, cluster)
        if not predictors:
            raise DataError([Problem(reason) for reason in refused.values()], "relative_importance")
    coinciding = _coinciding(data, predictors)
    if coinciding:
        raise DataError(
            [Problem(Msg("problem.coinciding", a=a, b=b)) for a, b in coinciding],
            "relative_importance",
        )
    columns = [data[y].to_numpy(float)]
    groups = []
    for name in predictors:
        col = data[name]
        if _numeric(col):
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

    point, r2_full = _shares(M, groups)
    low = high = np.full(len(groups), np.nan)
    rng = np.random.default_rng(seed)
    members = None
    if cluster:
        codes = pd.factorize(data[cluster])[0]
        members = [np.flatnonzero(codes == c) for c in range(codes.max() + 1)]
    boot_dropped = boot_incomplete = 0
    if n_boot:
        boots = []
        for _ in range(n_boot):
            if members is None:
                sample = M[rng.integers(0, n, n)]
            else:
                picked = rng.integers(0, len(members), len(members))
                sample = M[np.concatenate([members[i] for i in picked])]
            spread = sample.std(axis=0)
            if spread[0] == 0:
                boot_dropped += 1
                continue
            boot_incomplete += bool(np.any(spread == 0))
            boots.append(_shares(sample, groups)[0])
        boots = np.array(boots)
        alpha = (1 - ci) / 2
        low, high = np.quantile(boots, alpha, axis=0), np.quantile(boots, 1 - alpha, axis=0)
    null_high = np.full(len(groups), np.nan)
    p_perm = np.full(len(groups), np.nan)
    if n_perm:
        for j, name in enumerate(predictors):
            within = members is not None and _unit_level(data, name, cluster)
            cells = pd.factorize(
                pd.Series(list(zip(data[cluster], data[name].astype(str), strict=True)))
                if cluster
                else pd.Series(np.arange(n))
            )[0]
            first = np.array([np.flatnonzero(cells == c)[0] for c in range(cells.max() + 1)])
            null = np.empty(n_perm)
            for b in range(n_perm):
                if within:  # a unit-level factor moves among the units of each region
                    order = np.arange(n)
                    for m in members:
                        order[m] = rng.permutation(m)
                else:  # a region-level factor moves between regions (by its region-value cells)
                    order = first[rng.permutation(len(first))][cells]
                shuffled = M.copy()
                shuffled[:, groups[j]] = M[order][:, groups[j]]
                null[b] = _shares(shuffled, groups)[0][j]
            null_high[j] = np.quantile(null, ci)
            p_perm[j] = (1 + np.sum(null >= point[j] - 1e-12)) / (1 + n_perm)
    out = pd.DataFrame(
        {
            "term": predictors,
            "share": point,
            "share_pct": 100 * point / r2_full if r2_full > 0 else np.nan,
            "ci_low": low,
            "ci_high": high,
            "null_high": null_high,
            "p_permutation": p_perm,
            "readable": [bool(np.isnan(p) or p < 1 - ci) for p in p_perm],
            "note": [both("importance.inside_null") if not np.isnan(p) and p >= 1 - ci else "" for p in p_perm],
        }
    )
    out = out.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)
    if refused:
        rows = [
            {"term": term, "readable": False, "note": both(reason.key, **reason.values)}
            for term, reason in refused.items()
        ]
        out = pd.concat([out, pd.DataFrame(rows)], ignore_index=True).astype({"readable": bool})
    out.attrs.update(
        {
            "r2": r2_full,
            "n": n,
            "dropped_rows": dropped,
            "n_boot": n_boot,
            "boot_dropped": boot_dropped,
            "boot_incomplete": boot_incomplete,
            "n_perm": n_perm,
            "ci": ci,
            "resampled": cluster or "rows",
            "n_clusters": int(data[cluster].nunique()) if cluster else None,
            "refused": {term: both(reason.key, **reason.values) for term, reason in refused.items()},
            "left_out": left_out,
        }
    )
    return out


def _unit_level(data: pd.DataFrame, name: str, cluster: str) -> bool:
    """A factor that varies within most regions with several rows (the unit type), rather than
    between regions (the type of Pemda, mostly the year)."""
    counts = data.groupby(cluster)[name].agg(["nunique", "size"])
    several = counts[counts["size"] > 1]
    return bool(len(several)) and bool((several["nunique"] > 1).mean() > 0.5)


def _numeric(col: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype)


def _shares(matrix: np.ndarray, groups: list[np.ndarray]) -> tuple[np.ndarray, float]:
    """LMG shares and R² of ``matrix`` (response in column 0); a column that does not vary in
    this sample (a category absent from a resample) leaves its group, and a group left empty
    gets share 0."""
    spread = matrix.std(axis=0)
    keep = [g[spread[g] > 0] for g in groups]
    present = [j for j, g in enumerate(keep) if len(g)]
    shares = np.zeros(len(groups))
    if not present:
        return shares, 0.0
    cols = np.concatenate([[0], *[keep[j] for j in present]])
    corr = np.corrcoef(matrix[:, cols], rowvar=False)
    position = {c: i for i, c in enumerate(cols)}
    reduced = [np.array([position[c] for c in keep[j]]) for j in present]
    r2 = _all_r2(corr, reduced)
    shares[present] = _shapley(r2, len(reduced))
    return shares, float(r2[-1])


def _estimable(
    data: pd.DataFrame, predictors: list[str], cluster: str
) -> tuple[pd.DataFrame, list[str], dict[str, Msg], list[str]]:
    """Leave out what the model cannot estimate, as the models across units do: a region-level
    factor (constant within every cluster) with a category seen in one cluster is refused; the
    rows of such a category of a unit-level factor leave."""
    refused, left_out, kept = {}, [], []
    for name in predictors:
        col = data[name]
        if _numeric(col):
            kept.append(name)
            continue
        spread = data.groupby(col.astype(str))[cluster].nunique()
        lonely = sorted(spread[spread < 2].index)
        region_level = bool((data.groupby(cluster)[name].nunique() <= 1).all())
        if lonely and region_level:
            refused[name] = Msg("importance.refused_one_region", term=name, levels=", ".join(lonely))
            continue
        if lonely:
            rows = col.astype(str).isin(lonely)
            left_out.append(f"{name}: {', '.join(lonely)} ({int(rows.sum())} rows, seen in one {cluster} only)")
            data = data[~rows.to_numpy()]
        kept.append(name)
    for name in list(kept):
        if not _numeric(data[name]) and data[name].nunique() < 2:
            refused[name] = Msg("importance.refused_one_category", term=name)
            kept.remove(name)
    return data, kept, refused, left_out


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
