"""Rounding as the methodology publishes scores: half-up to two decimals."""

from __future__ import annotations

import numpy as np

__all__ = ["round_half_up"]


def round_half_up(values, decimals: int = 2):
    """Round half up (``78.005`` → ``78.01``), as published scores are, not half-to-even.

    Binary floats cannot hold most two-decimal numbers exactly (``78.005`` is stored as
    ``78.00499999…``), so the scaled value is first rounded to 6 decimals to remove that noise.

    Examples
    --------
    >>> round_half_up(73.024285714), round_half_up(78.005), round_half_up(62.625)
    (73.02, 78.01, 62.63)
    >>> round_half_up([1.005, 2.675]).tolist()
    [1.01, 2.68]
    """
    scale = 10.0**decimals
    scaled = np.round(np.asarray(values, dtype=float) * scale, 6)
    out = np.floor(scaled + 0.5) / scale
    return float(out) if out.ndim == 0 else out
