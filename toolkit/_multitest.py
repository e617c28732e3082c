"""Holm's step-down adjustment, shared by the drivers and the survey analysis.

Hand-written rather than ``statsmodels.stats.multitest.multipletests(method="holm")``: the result
is the same (``tests/test_survey.py`` and ``tests/test_sector_gaps.py`` check it against
statsmodels), but statsmodels calls ``gc.collect()`` on every Holm adjustment, a full garbage
collection that costs 0,05–0,3 s in a process holding a notebook kernel's or a test run's objects,
and the power simulations adjust thousands of times.
"""

from __future__ import annotations

import numpy as np


def holm(p: np.ndarray, missing: str = "exclude") -> np.ndarray:
    """Holm's (1979) step-down adjusted p-values.

    Parameters
    ----------
    p : numpy.ndarray
        Unadjusted p-values; NaN where a test could not be made.
    missing : {"exclude", "count"}
        ``"exclude"``: a missing p-value is not a member of the family (``m`` counts only the
        tests made). ``"count"``: it counts as a test with p = 1 (``m`` is every test planned).
        Either way a missing p-value stays missing.

    Returns
    -------
    numpy.ndarray
        The adjusted p-values, in the order given, at most 1.

    Examples
    --------
    >>> holm(np.array([0.01, 0.04, 0.03])).round(2).tolist()
    [0.03, 0.06, 0.06]
    >>> holm(np.array([0.01, np.nan, 0.03])).round(2).tolist()
    [0.02, nan, 0.03]
    >>> holm(np.array([0.01, np.nan, 0.03]), missing="count").round(2).tolist()
    [0.03, nan, 0.06]
    """
    if missing not in ("exclude", "count"):
        raise ValueError(f"missing must be 'exclude' or 'count', not {missing!r}")
    p = np.asarray(p, dtype=float)
    gone = np.isnan(p)
    filled = np.where(gone, 1.0, p)
    if missing == "exclude":
        filled = filled[~gone]
    m = len(filled)
    order = np.argsort(filled, kind="stable")
    stepped = np.maximum.accumulate((m - np.arange(m)) * filled[order])
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    out = np.full(len(p), np.nan)
    if missing == "exclude":
        out[~gone] = adjusted
    else:
        out[:] = np.where(gone, np.nan, adjusted)
    return out
