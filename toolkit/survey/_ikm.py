"""The IKM of each group from respondent data (pandas or Dask), with intervals and shrinkage."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.rounding import round_half_up
from toolkit.survey._grades import _crosses_band, _grade, _weight
from toolkit.survey._intervals import (
    MIN_RESPONDENTS,
    _bootstrap,
    _check_options,
    _group_se,
    _summarise_normal,
    score_interval,
)
from toolkit.survey._items import ITEMS, _by
from toolkit.survey._parts import _parts_and_groups, combine_parts, survey_parts
from toolkit.survey._sample_size import sample_size


def ikm_from_parts(parts: pd.DataFrame, by=None, weights: str = "exact", population: int | None = None) -> pd.DataFrame:
    """IKM, NRR per item, mutu and kinerja per group, from :func:`survey_parts` (point estimates)."""
    keys = _by(by)
    w = _weight(weights)
    out = parts[keys].copy() if keys else pd.DataFrame(index=parts.index)
    out["n"] = parts["n"].to_numpy()
    nrr = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for item in ITEMS:
            nrr[item] = parts[f"sum_{item}"].to_numpy(float) / parts[f"cnt_{item}"].to_numpy(float)
    for item in ITEMS:
        out[item] = np.round(nrr[item], 4)
    total = np.sum([nrr[i] for i in ITEMS], axis=0)
    value = round_half_up(25.0 * total * w)
    out["ikm"] = value
    grades, kinerja, kinerja_en = _grade(np.nan_to_num(np.atleast_1d(value), nan=25.0))
    out["mutu"] = grades
    out["kinerja"] = kinerja
    out["kinerja_en"] = kinerja_en
    out["n_missing"] = sum(parts["n"].to_numpy() - parts[f"cnt_{i}"].to_numpy() for i in ITEMS)
    out["weights"] = "1/9" if weights == "exact" else "0.111"
    empty = np.isnan(np.atleast_1d(value))
    if empty.any():
        out.loc[empty, ["mutu", "kinerja", "kinerja_en"]] = None
    if population is not None:
        required = sample_size(int(population))
        out["n_required"] = required
        out["sample_ok"] = out["n"] >= required
    return out


def ikm(
    survey,
    by=None,
    weights: str = "exact",
    population: int | None = None,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
    shrink: bool = False,
) -> pd.DataFrame:
    """The IKM of each group, with its NRR per item, grade, and a 95 % interval.

    Parameters
    ----------
    survey : DataFrame or Dask DataFrame
        As returned by :func:`read_survey` (or the same columns).
    by : str or list of str, optional
        Grouping columns (``"unit"``, ``["region", "unit"]``); None: one group.
    weights : "exact" or "0.111"
        1/9 per item as the regulation says, or the 0.111 many local reports use.
    population : int, optional
        The population served: adds ``n_required`` (Krejcie–Morgan) and ``sample_ok``.
    n_boot : int
        Bootstrap replicates for the grade robustness, 0 to 10,000 (0: no interval and no
        robustness). The interval itself is :func:`~toolkit.survey._intervals.score_interval`
        (a Wilson score interval with Korn–Graubard's effective sample size and t degrees of
        freedom, inside the IKM scale), not a resampling interval.
    ci : float
        The interval's level, strictly between 0 and 1.
    seed : int
    shrink : bool
        Add ``ikm_shrunk``: each group's IKM pulled toward the mean of the groups (within its
        region when ``region`` is a grouping column) by empirical Bayes (normal-normal, method of
        moments): the less precise a group's IKM, the more it is pulled. For ranking or flagging
        small units; the published IKM is ``ikm``.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``n``, ``U1``..``U9`` (NRR), ``ikm``, ``mutu`` (A-D), ``kinerja``
        (Sangat Baik … Tidak Baik), ``kinerja_en``, ``ikm_se`` (linearised standard error; with
        ``n_boot`` or ``shrink``),
        ``ikm_low``, ``ikm_high`` (NaN for fewer than 5 respondents), ``grade_uncertain`` (the
        interval crosses a grade boundary, or there are too few respondents for an interval),
        ``grade_robustness`` (the share of bootstrap resamples whose IKM falls in the same grade:
        how sensitive the grade is to which respondents were asked, not the probability that the
        grade is right), ``n_missing``, ``weights``, ``boot_method`` (how the robustness was
        resampled: ``resample`` for groups up to 500 respondents, ``normal`` above),
        ``interval_method`` (``score``, or empty without an interval), ``interval_note`` (the
        catalogue key ``sentence.ikm_too_few`` for a group below 5 respondents, else empty), with
        ``population`` ``n_required`` and ``sample_ok``, and with ``shrink`` ``ikm_shrunk``.

    Examples
    --------
    >>> import pandas as pd
    >>> all4 = pd.DataFrame({f"U{i}": [4.0] * 30 for i in range(1, 10)})
    >>> ikm(all4, n_boot=0)[["n", "ikm", "mutu", "kinerja"]]
        n    ikm mutu     kinerja
    0  30  100.0    A  Sangat Baik
    >>> float(ikm(all4, weights="0.111", n_boot=0)["ikm"].iloc[0])
    99.9
    >>> ikm(all4.head(10))[["ikm_low", "ikm_high"]]  # ten respondents, all 4s: not [100, 100]
       ikm_low  ikm_high
    0     98.6     100.0
    >>> ikm(all4.head(1))[["ikm", "ikm_low", "grade_uncertain", "interval_note"]]
         ikm  ikm_low  grade_uncertain         interval_note
    0  100.0      NaN             True  sentence.ikm_too_few
    """
    keys = _by(by)
    w = _weight(weights)
    _check_options(n_boot, ci, "ikm")
    if hasattr(survey, "map_partitions"):  # a Dask DataFrame
        return _ikm_dask(survey, keys, weights, population, n_boot, ci, seed)
    parts, groups = _parts_and_groups(survey, keys)  # keys are factorised once, not once per pass
    out = ikm_from_parts(parts, keys, weights, population)
    # the standard error costs one more pass over the data: only when an interval or shrinkage needs it
    out["ikm_se"] = _group_se(survey, groups[0], parts, w) if (n_boot or shrink) else np.nan
    robust, method = _bootstrap(survey, groups[0], parts, out, w, n_boot, seed) if n_boot else (np.nan, "")
    _add_interval(out, parts, w, n_boot, ci, robust, method)
    if shrink:
        out["ikm_shrunk"] = _shrink(out, keys)
    return _order(out, keys, population, shrink)


def _raw_ikm(parts: pd.DataFrame, w: float) -> np.ndarray:
    """Each group's IKM before rounding (the interval is computed from it, not from the rounded value)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        nrr = [parts[f"sum_{i}"].to_numpy(float) / parts[f"cnt_{i}"].to_numpy(float) for i in ITEMS]
    return 25.0 * w * np.sum(nrr, axis=0)


def _add_interval(out: pd.DataFrame, parts: pd.DataFrame, w: float, n_boot: int, ci: float, robust, method) -> None:
    """The interval columns: :func:`score_interval` (with ``n_boot``), the grade robustness, and
    for a group below :data:`MIN_RESPONDENTS` no interval, the grade marked uncertain and the note
    ``sentence.ikm_too_few``."""
    n = out["n"].to_numpy()
    if n_boot:
        low, high = score_interval(_raw_ikm(parts, w), out["ikm_se"].to_numpy(float), n, w, ci)
    else:
        low = high = np.full(len(out), np.nan)
    few = n < MIN_RESPONDENTS
    out["ikm_low"], out["ikm_high"] = low, high
    out["grade_robustness"] = np.where(few, np.nan, robust) if n_boot else np.nan
    out["boot_method"] = np.where(few, "", method) if n_boot else ""
    out["interval_method"] = np.where(np.isfinite(low), "score", "")
    out["grade_uncertain"] = _crosses_band(low, high) | (few & (n > 0))
    out["interval_note"] = np.where(few & (n > 0), "sentence.ikm_too_few", "")


def _shrink(out: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Empirical-Bayes IKMs: B = se² / (se² + tau²) toward the (region's) precision-weighted mean,
    tau² the between-group variance by the method of moments (at least 0)."""
    result = out["ikm"].to_numpy(float).copy()
    groups = out.groupby("region", sort=False).indices.values() if "region" in keys else [np.arange(len(out))]
    for idx in groups:
        y, se2 = out["ikm"].to_numpy(float)[idx], out["ikm_se"].to_numpy(float)[idx] ** 2
        if len(idx) < 3:
            continue  # too few groups to estimate the spread between them
        tau2 = max(0.0, float(np.var(y, ddof=1) - np.mean(se2)))
        weights = 1.0 / (se2 + tau2) if tau2 > 0 else np.ones(len(idx))
        centre = float(np.sum(weights * y) / np.sum(weights))
        b = se2 / (se2 + tau2) if tau2 > 0 else np.ones(len(idx))
        result[idx] = round_half_up(b * centre + (1 - b) * y)
    return result


def _order(out: pd.DataFrame, keys: list[str], population, shrink: bool = False) -> pd.DataFrame:
    if "ikm_se" not in out:
        out["ikm_se"] = np.nan
    columns = [
        *keys,
        "n",
        *ITEMS,
        "ikm",
        "mutu",
        "kinerja",
        "kinerja_en",
        "ikm_se",
        "ikm_low",
        "ikm_high",
        "grade_uncertain",
        "grade_robustness",
        "n_missing",
        "weights",
        "boot_method",
        "interval_method",
        "interval_note",
    ]
    if population is not None:
        columns += ["n_required", "sample_ok"]
    if shrink:
        columns += ["ikm_shrunk"]
    return out[columns].reset_index(drop=True)


def _ikm_dask(ddf, keys, weights, population, n_boot, ci, seed) -> pd.DataFrame:
    """Point estimates from parts computed partition by partition; the interval from the normal
    limit of the bootstrap in a second pass (a Dask frame is not resampled row by row)."""
    meta = survey_parts(ddf._meta, keys)
    parts = combine_parts(ddf.map_partitions(survey_parts, keys, meta=meta).compute(), keys)
    out = ikm_from_parts(parts, keys, weights, population)
    if n_boot:
        w = _weight(weights)
        rng = np.random.default_rng(seed)
        lookup = parts.copy()

        def influence(frame: pd.DataFrame) -> pd.DataFrame:
            merged = (
                frame[keys].merge(lookup, on=keys, how="left")
                if keys
                else lookup.loc[[0] * len(frame)].reset_index(drop=True)
            )
            matrix = frame[ITEMS].to_numpy(dtype=np.float32, na_value=np.nan)
            valid = ~np.isnan(matrix)
            counts = merged[[f"cnt_{i}" for i in ITEMS]].to_numpy(float)
            nrr = merged[[f"sum_{i}" for i in ITEMS]].to_numpy(float) / counts
            z = 25 * w * np.nansum(valid * (np.where(valid, matrix, 0) - nrr) / counts, axis=1)
            res = frame[keys].copy() if keys else pd.DataFrame(index=frame.index)
            res["z2"] = z * z
            return res

        zmeta = pd.DataFrame({**{k: ddf._meta[k] for k in keys}, "z2": pd.Series(dtype=float)})
        z2 = ddf.map_partitions(influence, meta=zmeta)
        var = (
            z2.groupby(keys)["z2"].sum().compute().reset_index()
            if keys
            else pd.DataFrame({"z2": [z2["z2"].sum().compute()]})
        )
        var = out[keys].merge(var, on=keys, how="left")["z2"].to_numpy() if keys else var["z2"].to_numpy()
        out["ikm_se"] = np.sqrt(var.astype(float))
        draws = rng.standard_normal((len(out), n_boot))
        robust = _summarise_normal(out["ikm"].to_numpy(float), out["ikm_se"].to_numpy(float), draws, ci)[2]
        _add_interval(out, parts, w, n_boot, ci, robust, "normal")
    else:
        _add_interval(out, parts, _weight(weights), 0, ci, np.nan, "")
    return _order(out, keys, population)
