"""Sample sizes: Krejcie-Morgan, precision of an IKM, and detecting a change between two years."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg
from toolkit.schemes import load_scheme
from toolkit.survey._grades import _weight
from toolkit.survey._items import ITEMS


def sample_size(population: int, rounding: str = "table") -> int:
    """Krejcie & Morgan (1970): s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)), χ² = 3.841, P = 0.5, d = 0.05.

    ``rounding="table"`` (default) rounds to the nearest whole respondent, which reproduces every
    entry of the published 1970 table (N = 50 → 44, N = 500 → 217); ``rounding="up"`` rounds up
    (never fewer respondents than the formula: 45 and 218).

    Examples
    --------
    >>> sample_size(100), sample_size(1000), sample_size(1_000_000)
    (80, 278, 384)
    >>> sample_size(50), sample_size(50, rounding="up")
    (44, 45)
    """
    if isinstance(population, bool) or not isinstance(population, int | np.integer) or population < 1:
        raise DataError([Problem(Msg("problem.population", population=population))], "sample_size")
    params = load_scheme("skm-2017").raw["sample_size"]
    chi2, p, d = params["chi2"], params["p"], params["d"]
    n = int(population)
    value = chi2 * n * p * (1 - p) / (d * d * (n - 1) + chi2 * p * (1 - p))
    if rounding == "up":
        return min(n, math.ceil(round(value, 9)))
    if rounding == "table":
        return min(n, math.floor(value + 0.5))
    raise ValueError("rounding must be 'table' or 'up'")


#: Standard deviation of one respondent's IKM (25 x mean of the nine answers), in points, when no
#: pilot survey gives it: about what synthetic and published local surveys show (8-12 points).
#: An assumption: pass ``sd`` (or estimate it with :func:`respondent_sd`) where data exist.
DEFAULT_RESPONDENT_SD = 10.0


def respondent_sd(survey: pd.DataFrame, weights: str = "exact") -> float:
    """The standard deviation of one respondent's IKM in a (pilot) survey, for :func:`sample_size_precision`.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({f"U{i}": [3.0, 4.0] * 10 for i in range(1, 10)})
    >>> round(respondent_sd(frame), 2)
    12.82
    """
    matrix = survey[ITEMS].to_numpy(dtype=np.float64, na_value=np.nan)
    per_person = 25 * _weight(weights) * 9 * np.nanmean(matrix, axis=1)
    return float(np.nanstd(per_person, ddof=1))


def sample_size_precision(
    margin: float, sd: float = DEFAULT_RESPONDENT_SD, population: int | None = None, ci: float = 0.95
) -> int:
    """Respondents needed for an IKM within ± ``margin`` points (normal approximation).

    n0 = (z · sd / margin)², with the finite-population correction n0 / (1 + (n0 - 1) / N) when
    ``population`` is given; rounded up.

    Examples
    --------
    >>> sample_size_precision(2.0), sample_size_precision(2.0, population=500)
    (97, 81)
    """
    from scipy.stats import norm

    if margin <= 0 or sd <= 0:
        raise ValueError("margin and sd must be positive")
    n0 = (norm.ppf(0.5 + ci / 2) * sd / margin) ** 2
    if population:
        n0 = n0 / (1 + (n0 - 1) / int(population))
    return math.ceil(n0 - 1e-9)


def sample_size_change(
    difference: float, sd: float = DEFAULT_RESPONDENT_SD, power: float = 0.8, alpha: float = 0.05
) -> int:
    """Respondents needed in each of two years to detect an IKM change of ``difference`` points
    (two independent samples, two-sided test at ``alpha``, with ``power``); rounded up.

    Examples
    --------
    >>> sample_size_change(3.0), sample_size_change(5.0, power=0.9)
    (175, 85)
    """
    from scipy.stats import norm

    if difference <= 0 or sd <= 0 or not 0 < power < 1:
        raise ValueError("difference and sd must be positive and power between 0 and 1")
    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)
    return math.ceil(2 * (z * sd / difference) ** 2 - 1e-9)
