"""Models across units: what is associated with low scores, within one methodology regime.

- ``ols``: score on unit type, region type and year; errors clustered by region with the cluster
  jackknife (CRV3 as MacKinnon, Nielsen and Webb 2023 define it, :func:`~toolkit.drivers._common.crv3`)
  and t with G - 1 degrees of freedom;
- ``logit``: "not green" (the regime's green threshold), errors clustered by region with
  statsmodels' cluster sandwich, CR1 (small-sample factor G/(G-1)·(N-1)/(N-k); the closed-form
  CRV3 of :func:`~toolkit.drivers._common.crv3` is for least squares and does not apply), t with
  G - 1 degrees of freedom; its reading names the estimator;
- ``ordered``: ordered logit of the letter grade (regimes with letters), clustered the same way;
- ``mixed`` (on request): a random intercept per region; its intervals are model-based, not
  clustered, and its reading says so.

Never across a methodology break: a table holding several regimes is modelled regime by regime.
A term that the data cannot separate from one region (a category seen in one region only), or
from another term, is not estimated and the reason is given. p-values are Holm-adjusted across
the terms a reading can mention, and each reading names its regime, units, regions and caveats.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit._multitest import holm
from toolkit.drivers._common import CRV3_NAME, REFERENCES, crv3
from toolkit.drivers._common import label as _label
from toolkit.i18n import LANGS, MESSAGES, Msg, both, nums, p_nums, regime_text
from toolkit.io import to_plain
from toolkit.names import UNIT_TYPES, region_key
from toolkit.schemes import regimes as regimes_of
from toolkit.schemes import scheme_for
from toolkit.scoring import grade as grade_scores

__all__ = ["ModelResult", "fit_models"]

MODEL_COLUMNS = ["term", "estimate", "std_error", "ci_low", "ci_high", "p_value", "p_adjusted"]
MIN_OBS = 10
#: Fewer regions (Pemdas) than this: no model and no reading; clustered inference with fewer
#: clusters rests on too little (#20: at least 10 before a model reading is printed).
MIN_GROUPS = 10
#: Below this many regions the few-cluster corrections matter; readings say so.
FEW_CLUSTERS = 30
#: A category seen in fewer regions than this coincides with a region and is not estimated.
MIN_LEVEL_REGIONS = 2
DEFAULT_MODELS = ("ols", "ordered", "logit")
#: The clustered variance of the logit models, as their ``inference`` names it.
CR1_NAME = "CR1 (statsmodels cluster sandwich, factor G/(G-1) x (N-1)/(N-k))"
NAMES = {"ols": "OLS", "mixed": "MixedLM", "ordered": "Ordered logit", "logit": "Logit"}


@dataclass
class ModelResult:
    """A fitted model as a tidy table and one plain sentence, or the reason it was not fitted."""

    name: str
    fitted: bool
    table: pd.DataFrame
    reading: dict[str, str]
    n: int
    terms: list[str]
    reason: dict[str, str] | None = None
    notes: list[str] = field(default_factory=list)
    regime: str | None = None
    years: list[int] = field(default_factory=list)
    n_units: int = 0
    n_regions: int = 0
    inference: str = ""
    references: dict[str, str] = field(default_factory=dict)
    sample: dict[str, str] = field(default_factory=dict)  # which units, and why it differs from the gaps'

    def to_dict(self) -> dict:
        """Plain JSON-ready values; the table becomes a list of records."""
        return to_plain(vars(self))


def _not_fitted(name: str, n: int, why: Msg, **meta) -> ModelResult:
    reason = both(why.key, **why.values)
    regime = meta.get("regime")
    where = {lang: f" ({regime_text(regime, lang)})" if regime else "" for lang in LANGS}
    reading = both("model.not_fitted", name=name, where=where, why=why)
    return ModelResult(name, False, pd.DataFrame(columns=MODEL_COLUMNS), reading, n, [], reason, **meta)


def _design(frame: pd.DataFrame, terms: list[str]) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Treatment-coded dummies for the terms that vary and can be told apart.

    Names look like ``unit_type:education``. A term with one category is left out; so is a term
    the data cannot separate from the terms before it (a rank-deficient design), last term first.
    """
    X, used, dropped = _dummies(frame, terms)
    while used:
        exog = np.column_stack([np.ones(len(frame)), X.to_numpy()]) if X.shape[1] else np.ones((len(frame), 1))
        if np.linalg.matrix_rank(exog) == exog.shape[1]:
            break
        last = used[-1]
        dropped.append(f"{last} (confounded with {', '.join(used[:-1]) or 'the constant'})")
        X, used, _ = _dummies(frame, used[:-1])
    return X, used, dropped


def _dummies(frame: pd.DataFrame, terms: list[str]) -> tuple[pd.DataFrame, list[str], list[str]]:
    parts, used, dropped, refs = [], [], [], {}
    for term in terms:
        values = frame[term].astype("str")
        levels = sorted(values.unique())
        if len(levels) < 2:
            dropped.append(f"{term} (one category only)")
            continue
        ref = REFERENCES.get(term, levels[0])
        ref = ref if ref in levels else levels[0]
        refs[term] = ref
        for level in levels:
            if level != ref:
                parts.append(
                    pd.Series((values == level).astype(float).to_numpy(), name=f"{term}:{level}", index=frame.index)
                )
        used.append(term)
    X = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=frame.index)
    X.attrs["references"] = refs
    return X, used, dropped


def _tidy(params, bse, pvalues, conf, names) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "term": names,
            "estimate": np.asarray(params, dtype=float),
            "std_error": np.asarray(bse, dtype=float),
            "ci_low": np.asarray(conf)[:, 0].astype(float),
            "ci_high": np.asarray(conf)[:, 1].astype(float),
            "p_value": np.asarray(pvalues, dtype=float),
        }
    )
    mentionable = ~table["term"].isin(["const", "Intercept", "Group Var"]) & ~table["term"].str.contains("/")
    table["p_adjusted"] = np.nan
    table.loc[mentionable, "p_adjusted"] = holm(table.loc[mentionable, "p_value"].to_numpy())
    return table


def _reading(result: ModelResult, scale: str) -> dict[str, str]:
    """One sentence per language: the largest Holm-significant term, with regime, n, regions and caveats."""
    table, n, g = result.table, result.n_units, result.n_regions
    where = Msg(
        "model.where",
        name=result.name,
        regime={lang: regime_text(result.regime, lang) for lang in LANGS},
        n=n,
        g=g,
        sample=result.sample,
    )
    caveats = [Msg("model.caveat_association")]
    if g < FEW_CLUSTERS:
        caveats.append(Msg("model.caveat_few_clusters", g=g))
    if result.name == "MixedLM":
        caveats.append(Msg("model.caveat_model_based"))
    if result.inference.startswith(CR1_NAME):
        caveats.append(Msg("model.caveat_cr1"))
    caveat = {lang: "; ".join(c.render(lang) for c in caveats) for lang in LANGS}
    terms = table[table["p_adjusted"].notna()]
    sig = terms[terms["p_adjusted"] < 0.05]
    k = len(terms)
    if sig.empty:
        refs = {
            lang: ", ".join(_label(f"{kind}:{ref}", lang) for kind, ref in result.references.items()) for lang in LANGS
        }
        return both("model.nothing_significant", where=where, k=k, refs=refs, caveat=caveat)
    top = sig.loc[sig["estimate"].abs().idxmax()]
    kind = top["term"].split(":")[0]
    ref = result.references.get(kind, REFERENCES.get(kind, ""))
    est, p = top["estimate"], top["p_adjusted"]
    values = dict(
        where=where,
        term={lang: _label(top["term"], lang) for lang in LANGS},
        reference={lang: _label(f"{kind}:{ref}", lang) for lang in LANGS},
        p=p_nums(p),
        k=k,
        caveat=caveat,
    )
    if scale == "points":
        return both(
            "model.points_lower" if est < 0 else "model.points_higher",
            size=nums(abs(est), 1),
            low=nums(top["ci_low"], 1),
            high=nums(top["ci_high"], 1),
            **values,
        )
    return both(
        "model.odds_not_green" if scale == "not being green" else "model.odds_higher_grade",
        odds=nums(math.exp(est)),
        log_odds=nums(est),
        low=nums(top["ci_low"]),
        high=nums(top["ci_high"]),
        **values,
    )


def _model_frame(results: pd.DataFrame, level: str) -> pd.DataFrame:
    frame = results[results["level"] == level].copy()
    frame["year"] = frame["year"].astype("str")
    keys = frame["region_key"] if "region_key" in frame else frame["region"].map(region_key)
    frame["cluster"] = keys.astype("str")
    return frame.reset_index(drop=True)


def _single_region_levels(frame: pd.DataFrame, terms: list[str]) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Leave out what coincides with one region: unit types seen in one region (their rows), and
    region-level or year terms with a category seen in one region (the whole term)."""
    notes, kept = [], []
    for term in terms:
        regions = frame.groupby(term)["cluster"].nunique()
        lonely = sorted(regions[regions < MIN_LEVEL_REGIONS].index.astype(str))
        if not lonely:
            kept.append(term)
        elif term == "unit_type":
            frame = frame[~frame[term].astype(str).isin(lonely)]
            notes.append(
                f"left out: unit type {', '.join(lonely)} (seen in one region only: coincides with that region)"
            )
            kept.append(term)
        else:
            notes.append(f"left out: {term} ({', '.join(lonely)} seen in one region only: coincides with that region)")
    return frame.reset_index(drop=True), kept, notes


def _sample(before: pd.DataFrame, after: pd.DataFrame) -> dict[str, str]:
    """Which rows the models use, and why that differs from the sector gaps' Pemdas."""
    kept = after["unit_type"].astype(str).unique() if "unit_type" in after else []
    left = before[~before["unit_type"].astype(str).isin(kept)] if len(after) < len(before) else before.iloc[:0]
    if left.empty:
        return both("model.sample_all")
    kinds = sorted(left["unit_type"].astype(str).unique())
    types = {lang: ", ".join(_label(f"unit_type:{k}", lang) for k in kinds) for lang in LANGS}
    return both("model.sample_left_out", n=len(left), types=types)


def _separated(frame: pd.DataFrame, y: np.ndarray, terms: list[str]) -> Msg | str | None:
    """A category whose rows all share one outcome: the logit's estimate would run to infinity."""
    for term in terms:
        for level, idx in frame.groupby(term).groups.items():
            values = y[frame.index.get_indexer(idx)]
            if len(values) and (values.min() == values.max()) and len(np.unique(y)) > 1:
                return _term_level(term, level)
    return None


def _term_level(term: str, level: object) -> Msg | str:
    """One category of a model term in words (``region_type:provinsi`` -> "Pemda berjenis
    provinsi" / "Pemdas of type province"); a term the catalogue does not word as ``term:level``."""
    if term == "unit_type":
        return Msg("model.level_unit_type", level=UNIT_TYPES.get(str(level), str(level)))
    if term == "region_type" and f"region_kind.{level}" in MESSAGES:
        return Msg("model.level_region_type", level=Msg(f"region_kind.{level}"))
    if term == "year":
        return Msg("model.level_year", level=str(level))
    return f"{term}:{level}"


def fit_models(
    results: pd.DataFrame,
    level: str = "unit",
    terms: tuple[str, ...] | None = None,
    models: tuple[str, ...] = DEFAULT_MODELS,
    regime: str | None = None,
) -> dict[str, dict[str, ModelResult]]:
    """Models of what is associated with low scores, across units (or Pemdas), per regime.

    Each methodology regime in the table is modelled on its own (or only ``regime``): scores of
    different instruments are never pooled. Within a regime ``year`` is a category.

    Returns
    -------
    dict
        ``{regime: {model: ModelResult}}``; each result has a tidy ``table`` (term, estimate,
        std_error, ci_low, ci_high, p_value, p_adjusted), a one-sentence ``reading`` in id/en,
        ``regime``, ``years``, ``n_units``, ``n_regions`` and its ``inference``; or the reason it
        was not fitted.

    Examples
    --------
    >>> from toolkit import read_results, bundled_results
    >>> models = fit_models(read_results(bundled_results()))
    >>> sorted(models)
    ['2015-2021', '2022-2024', '2025-']
    >>> ols = models["2022-2024"]["ols"]
    >>> ols.fitted, ols.regime, ols.n_regions
    (True, '2022-2024', 37)
    """
    frame_all = _model_frame(results, level)
    regimes = regimes_of(frame_all["year"].astype(int))
    wanted = [regime] if regime else sorted(regimes.unique())
    if terms is None:
        terms = ("unit_type", "region_type", "year") if level == "unit" else ("region_type", "year")
    out = {}
    for reg in wanted:
        frame = frame_all[(regimes == reg).to_numpy()].reset_index(drop=True)
        out[reg] = _fit_regime(frame, reg, list(terms), models)
    return out


def _fit_regime(frame: pd.DataFrame, regime: str, terms: list[str], models: tuple[str, ...]) -> dict:
    # the submodules, not statsmodels.api (which imports every model, 0,2-0,3 s more)
    from statsmodels.discrete.discrete_model import Logit
    from statsmodels.regression.mixed_linear_model import MixedLM
    from statsmodels.tools.tools import add_constant

    years = sorted(int(y) for y in frame["year"].unique())
    before = frame
    frame, terms, notes = _single_region_levels(frame, terms)
    n, g = len(frame), int(frame["cluster"].nunique())
    meta = {"regime": regime, "years": years, "n_units": n, "n_regions": g, "sample": _sample(before, frame)}
    out: dict[str, ModelResult] = {}
    X, used, dropped = _design(frame, terms)
    notes += [f"left out: {d}" for d in dropped if "one category" not in d]
    k = X.shape[1] + 1
    too_few = None
    if n < MIN_OBS or n <= k + 2:
        too_few = Msg("model.too_few", n=n, k=k)
    elif g < MIN_GROUPS:
        too_few = Msg("model.few_regions", g=g, need=MIN_GROUPS)
    elif not used:
        too_few = Msg("model.no_variation")
    groups = frame["cluster"].to_numpy()

    def done(key: str, table: pd.DataFrame, scale: str, inference: str, extra: list[str] | None = None):
        result = ModelResult(
            NAMES[key],
            True,
            table,
            {},
            n,
            used,
            notes=[*notes, *(extra or [])],
            inference=inference,
            references=dict(X.attrs.get("references", {})),
            **meta,
        )
        result.reading = _reading(result, scale)
        out[key] = result

    for key in models:
        if key == "ordered":
            out[key] = _fit_ordered(frame, used, notes, meta)
            continue
        if too_few:
            out[key] = _not_fitted(NAMES[key], n, too_few, **meta)
            continue
        exog = add_constant(X, has_constant="add")
        if key == "ols":
            table = _ols_crv3(frame, X)
            done("ols", table, "points", f"{CRV3_NAME} by region, t with {g - 1} df")
        elif key == "mixed":
            if (frame["cluster"].value_counts() > 1).sum() < 2:
                out[key] = _not_fitted(
                    NAMES[key],
                    n,
                    Msg("model.no_repeats"),
                    **meta,
                )
                continue
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    res = MixedLM(frame["score"].to_numpy(float), exog, groups=groups).fit(reml=True)
                except (np.linalg.LinAlgError, ValueError) as exc:
                    out[key] = _not_fitted(NAMES[key], n, Msg("model.failed", reason=exc), **meta)
                    continue
            names = list(exog.columns)
            k_fe = len(names)
            table = _tidy(
                np.asarray(res.params)[:k_fe],
                np.asarray(res.bse)[:k_fe],
                np.asarray(res.pvalues)[:k_fe],
                np.asarray(res.conf_int())[:k_fe],
                names,
            )
            extra = [f"{w.category.__name__}: {w.message}" for w in caught if "Convergence" in w.category.__name__]
            extra.append(
                f"region variance {float(res.cov_re.iloc[0, 0]):.2f}, residual variance {float(res.scale):.2f}"
            )
            done("mixed", table, "points", "model-based (random intercept per region), not clustered", extra)
        elif key == "logit":
            green = scheme_for(years[0]).green_threshold  # one regime: one threshold
            y = (frame["score"].to_numpy(float) < green).astype(float)
            sep = _separated(frame, y, used)
            if len(np.unique(y)) < 2:
                out[key] = _not_fitted(
                    NAMES[key],
                    n,
                    Msg("model.same_outcome"),
                    **meta,
                )
            elif sep:
                out[key] = _not_fitted(
                    NAMES[key],
                    n,
                    Msg("model.separation", term=sep),
                    **meta,
                )
            else:
                res, failure = _guarded(
                    lambda exog=exog, y=y: Logit(y, exog).fit(
                        disp=0, maxiter=200, cov_type="cluster", cov_kwds={"groups": groups}, use_t=True
                    )
                )
                if res is None:
                    out[key] = _not_fitted(NAMES[key], n, Msg("model.failed", reason=failure), **meta)
                else:
                    table = _tidy(res.params, res.bse, res.pvalues, res.conf_int(), list(exog.columns))
                    done("logit", table, "not being green", f"{CR1_NAME} by region, t with {g - 1} df")
    return out


def _ols_crv3(frame: pd.DataFrame, X: pd.DataFrame) -> pd.DataFrame:
    """OLS of score on a constant and the dummies; CRV3 by region
    (:func:`~toolkit.drivers._common.crv3`, MacKinnon, Nielsen and Webb 2023, with no CR1 factor
    on top), t with G - 1 degrees of freedom."""
    from scipy import stats

    exog = np.column_stack([np.ones(len(frame)), X.to_numpy(float)])
    beta, vcov = crv3(exog, frame["score"].to_numpy(float), frame["cluster"].to_numpy())
    se = np.sqrt(np.diag(vcov))
    df = int(frame["cluster"].nunique()) - 1
    half = stats.t.ppf(0.975, df) * se
    p = 2 * stats.t.sf(np.abs(beta / se), df)
    conf = np.column_stack([beta - half, beta + half])
    return _tidy(beta, se, p, conf, ["const", *X.columns])


def _guarded(fit):
    """Run a statsmodels fit; return (result, None), or (None, reason) on failure or separation."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = fit()
        except (np.linalg.LinAlgError, ValueError, OverflowError) as exc:
            return None, str(exc) or type(exc).__name__
    for w in caught:
        if "Separation" in w.category.__name__:
            return None, f"perfect separation ({w.message})"
    if not np.all(np.isfinite(np.asarray(res.bse, dtype=float))):
        return None, "standard errors could not be computed"
    return res, None


def _fit_ordered(frame: pd.DataFrame, terms: list[str], notes: list[str], meta: dict) -> ModelResult:
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    n, g = len(frame), meta["n_regions"]
    name = NAMES["ordered"]
    if n == 0 or not scheme_for(meta["years"][0]).bands[0].grade:
        return _not_fitted(name, n, Msg("model.no_grades"), **meta)
    grades = grade_scores(frame["score"], frame["year"].astype(int).to_numpy())["grade"]
    order = [x for x in "EDCBA" if x in set(grades)]
    X, used, _ = _design(frame, terms)
    k = X.shape[1] + len(order) - 1
    if len(order) < 2:
        return _not_fitted(name, n, Msg("model.one_grade"), **meta)
    if g < MIN_GROUPS:
        return _not_fitted(name, n, Msg("model.few_regions", g=g, need=MIN_GROUPS), **meta)
    if n < MIN_OBS or n <= k + 2 or not used:
        return _not_fitted(
            name,
            n,
            Msg("model.too_few_regions", n=n, g=g, k=k),
            **meta,
        )
    y = pd.Series(pd.Categorical(grades, categories=order, ordered=True))
    codes = y.cat.codes.to_numpy()
    for term in used:
        for level, idx in frame.groupby(term).groups.items():
            vals = codes[frame.index.get_indexer(idx)]
            if len(vals) and (vals.max() == 0 or vals.min() == len(order) - 1):
                return _not_fitted(
                    name,
                    n,
                    Msg("model.separation_grade", term=_term_level(term, level)),
                    **meta,
                )
    groups = frame["cluster"].to_numpy()
    res, failure = _guarded(
        lambda: OrderedModel(y, X, distr="logit").fit(
            method="bfgs", disp=0, maxiter=2000, cov_type="cluster", cov_kwds={"groups": groups}, use_t=True
        )
    )
    if res is None:
        return _not_fitted(name, n, Msg("model.failed", reason=failure), **meta)
    names = list(X.columns)
    k_x = len(names)
    table = _tidy(
        np.asarray(res.params)[:k_x],
        np.asarray(res.bse)[:k_x],
        np.asarray(res.pvalues)[:k_x],
        np.asarray(res.conf_int())[:k_x],
        names,
    )
    result = ModelResult(
        name,
        True,
        table,
        {},
        n,
        used,
        notes=list(notes),
        inference=f"{CR1_NAME} by region, t with {g - 1} df",
        references=dict(X.attrs.get("references", {})),
        **meta,
    )
    result.reading = _reading(result, "a higher grade")
    return result
