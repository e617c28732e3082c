"""IKM weights and the SKM bands (mutu A-D, kinerja) of the skm-2017 scheme."""

from __future__ import annotations

import numpy as np

from toolkit.rounding import round_half_up
from toolkit.schemes import load_scheme


def _weight(weights: str) -> float:
    if weights == "exact":
        return 1.0 / 9.0
    if str(weights) == "0.111":
        return 0.111
    raise ValueError("weights must be 'exact' (1/9) or '0.111'")


def _grade(values: np.ndarray) -> tuple[list, list, list]:
    scheme = load_scheme("skm-2017")
    rounded = np.atleast_1d(round_half_up(values))
    idx = scheme.classify(np.clip(rounded, scheme.scale_min, scheme.scale_max))
    bands = [scheme.bands[i] for i in idx]
    return [b.grade for b in bands], [b.opinion["id"] for b in bands], [b.opinion["en"] for b in bands]


def _band_index(values: np.ndarray) -> np.ndarray:
    """The SKM band of each (rounded) IKM, any shape."""
    scheme = load_scheme("skm-2017")
    return scheme.classify(np.clip(round_half_up(values), scheme.scale_min, scheme.scale_max))


def _crosses_band(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Whether each interval spans a grade boundary of the SKM bands (False without interval)."""
    scheme = load_scheme("skm-2017")
    edges = np.array([b.lower for b in scheme.bands[1:]])
    with np.errstate(invalid="ignore"):  # NaN bounds compare False: no interval, no crossing
        return ((edges > low[:, None]) & (edges <= high[:, None])).any(axis=1)
