"""What the drivers modules share: the rows of one region, how a model term is worded, and the
cluster jackknife variance (CRV3) every clustered estimate uses."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg
from toolkit.names import UNIT_TYPES, region_key

#: The clustered variance every drivers estimate uses, named as the method sentences name it.
CRV3_NAME = (
    "CRV3 cluster jackknife (MacKinnon, Nielsen and Webb 2023: (G-1)/G x sum of squared leave-one-out deviations)"
)

#: Reference categories of the model terms (the category every other one is compared with).
REFERENCES = {"unit_type": "investment_licensing", "region_type": "kabupaten"}


def region_rows(results: pd.DataFrame, region: str, year: int) -> pd.DataFrame:
    """The rows of one region and year; a clear error when there are none."""
    keys = results["region_key"] if "region_key" in results else results["region"].map(region_key, na_action="ignore")
    rows = results[(results["year"] == int(year)) & (keys == region_key(region))]
    if rows.empty:
        source = results.attrs.get("provenance", {}).get("source", "results")
        raise DataError([Problem(Msg("no_rows", region=region, year=year))], source)
    return rows


def label(term: str, lang: str) -> str:
    """A model term (``unit_type:education``) as a reader would name it."""
    kind, _, level = term.partition(":")
    if kind == "unit_type":
        return UNIT_TYPES.get(level, {}).get(lang, level)
    if kind == "region_type":
        return level
    return f"{'tahun' if lang == 'id' else 'year'} {level}" if kind == "year" else term


def crv3(X: np.ndarray, y: np.ndarray, clusters: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """OLS coefficients and their cluster jackknife variance, CRV3 as MacKinnon, Nielsen and
    Webb define it.

    ``V = (G - 1) / G * sum_g (b_(g) - b) (b_(g) - b)'``, where ``b_(g)`` is the OLS estimate with
    cluster ``g`` left out and ``G`` the number of clusters (MacKinnon, J. G., Nielsen, M. Ø. and
    Webb, M. D. 2023, "Fast and reliable jackknife and bootstrap methods for cluster-robust
    inference", Journal of Applied Econometrics 38(5), 671-694, their "CV3"; the same in their
    "Cluster-robust inference: a guide to empirical practice", Journal of Econometrics 232(2)).
    No further small-sample factor (CR1's G/(G-1) (N-1)/(N-k)) is applied: the jackknife already
    is the few-cluster correction. Use t (or F) with G - 1 denominator degrees of freedom. Fixed
    effects of cells nested in clusters may be removed beforehand by demeaning ``X`` and ``y``
    within cells: leaving a cluster out then leaves the other cells' means unchanged, so the
    jackknife is exact. Where leaving a cluster out leaves ``X'X`` singular, its pseudo-inverse
    is used (as MNW 2023 suggest).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> g = np.repeat(np.arange(8), 5)
    >>> X = np.column_stack([np.ones(40), rng.normal(size=40)])
    >>> y = X @ [1.0, 2.0] + rng.normal(size=8)[g] + rng.normal(size=40)
    >>> b, V = crv3(X, y, g)
    >>> bool(np.allclose(b, np.linalg.lstsq(X, y, rcond=None)[0])), V.shape
    (True, (2, 2))
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    codes, _ = pd.factorize(pd.Series(np.asarray(clusters)), sort=True)
    xtx, xty = X.T @ X, X.T @ y
    beta = np.linalg.solve(xtx, xty)
    n_groups = int(codes.max()) + 1
    deviations = np.empty((n_groups, X.shape[1]))
    for g in range(n_groups):
        rows = codes == g
        xg, yg = X[rows], y[rows]
        a, rhs = xtx - xg.T @ xg, xty - xg.T @ yg
        try:
            deviations[g] = np.linalg.solve(a, rhs) - beta
        except np.linalg.LinAlgError:
            deviations[g] = np.linalg.pinv(a) @ rhs - beta
    return beta, (n_groups - 1) / n_groups * deviations.T @ deviations


def demean(values: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """Columns of ``values`` less their mean within each cell (the within transformation)."""
    values = np.asarray(values, dtype=float)
    values = values.reshape(len(values), -1)
    codes, _ = pd.factorize(pd.Series(np.asarray(cells)))
    counts = np.bincount(codes)
    means = np.column_stack([np.bincount(codes, weights=column) for column in values.T]) / counts[:, None]
    return values - means[codes]
