"""Models across units: what is associated with low scores (OLS, mixed model, ordered logit,
logit), with their readings and the reasons a model is not fitted."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.drivers._common import REFERENCES
from toolkit.drivers._common import label as _label
from toolkit.i18n import fmt_num
from toolkit.io import to_plain
from toolkit.names import region_key
from toolkit.schemes import scheme_for

__all__ = ["ModelResult", "fit_models"]


MODEL_COLUMNS = ["term", "estimate", "std_error", "ci_low", "ci_high", "p_value"]
MIN_OBS = 10
MIN_GROUPS = 5


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

    def to_dict(self) -> dict:
        """Plain JSON-ready values; the table becomes a list of records."""
        return to_plain(vars(self))


def _not_fitted(name: str, n: int, why_en: str, why_id: str) -> ModelResult:
    reason = {"en": why_en, "id": why_id}
    reading = {"en": f"Not fitted: {why_en}", "id": f"Tidak diestimasi: {why_id}"}
    return ModelResult(name, False, pd.DataFrame(columns=MODEL_COLUMNS), reading, n, [], reason)


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
    parts, used, dropped = [], [], []
    for term in terms:
        values = frame[term].astype("str")
        levels = sorted(values.unique())
        if len(levels) < 2:
            dropped.append(term)
            continue
        ref = REFERENCES.get(term, levels[0])
        ref = ref if ref in levels else levels[0]
        for level in levels:
            if level != ref:
                parts.append(
                    pd.Series((values == level).astype(float).to_numpy(), name=f"{term}:{level}", index=frame.index)
                )
        used.append(term)
    X = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=frame.index)
    return X, used, dropped


def _tidy(params, bse, pvalues, conf, names) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "term": names,
            "estimate": np.asarray(params, dtype=float),
            "std_error": np.asarray(bse, dtype=float),
            "ci_low": np.asarray(conf)[:, 0].astype(float),
            "ci_high": np.asarray(conf)[:, 1].astype(float),
            "p_value": np.asarray(pvalues, dtype=float),
        }
    )


def _reading(name: str, table: pd.DataFrame, n: int, scale: str) -> dict[str, str]:
    terms = table[~table["term"].isin(["const", "Group Var"]) & ~table["term"].str.contains("/")]
    sig = terms[terms["p_value"] < 0.05]
    if sig.empty:
        return {
            "en": f"{name}: no term differs from its reference at the 5 % level (n = {n}).",
            "id": f"{name}: tidak ada faktor yang berbeda nyata dari kategori acuannya pada taraf 5 % (n = {n}).",
        }
    top = sig.loc[sig["estimate"].abs().idxmax()]
    kind = top["term"].split(":")[0]
    ref = REFERENCES.get(kind, "the first category")
    ref_en = _label(f"{kind}:{ref}", "en") if kind in REFERENCES else ref
    ref_id = _label(f"{kind}:{ref}", "id") if kind in REFERENCES else "kategori pertama"
    est = top["estimate"]
    if scale == "points":
        en = (
            f"{name}: {_label(top['term'], 'en')} scores {abs(est):.1f} points {'lower' if est < 0 else 'higher'} than "
            f"{ref_en} (95 % CI {top['ci_low']:.1f} to {top['ci_high']:.1f}), other factors held fixed (n = {n})."
        )
        id_ = (
            f"{name}: {_label(top['term'], 'id')} bernilai {fmt_num(abs(est), 'id', 1)} poin {'lebih rendah' if est < 0 else 'lebih tinggi'} "
            f"daripada {ref_id} (IK 95 % {fmt_num(top['ci_low'], 'id', 1)} s.d. {fmt_num(top['ci_high'], 'id', 1)}), faktor lain tetap (n = {n})."
        )
    else:
        odds = math.exp(est)
        en = (
            f"{name}: {_label(top['term'], 'en')} has {odds:.2f} times the odds of {scale} of {ref_en} "
            f"(log-odds {est:.2f}, 95 % CI {top['ci_low']:.2f} to {top['ci_high']:.2f}; n = {n})."
        )
        id_ = (
            f"{name}: {_label(top['term'], 'id')} memiliki peluang (odds) {fmt_num(odds, 'id')} kali {scale} dibanding {ref_id} "
            f"(log-odds {fmt_num(est, 'id')}, IK 95 % {fmt_num(top['ci_low'], 'id')} s.d. {fmt_num(top['ci_high'], 'id')}; n = {n})."
        )
    return {"en": en, "id": id_}


def _model_frame(results: pd.DataFrame, level: str) -> pd.DataFrame:
    frame = results[results["level"] == level].copy()
    frame["year"] = frame["year"].astype("str")
    return frame.reset_index(drop=True)


def _separated(frame: pd.DataFrame, y: np.ndarray, terms: list[str]) -> str | None:
    """A category whose rows all share one outcome: the logit's estimate would run to infinity."""
    for term in terms:
        for level, idx in frame.groupby(term).groups.items():
            values = y[frame.index.get_indexer(idx)]
            if len(values) and (values.min() == values.max()) and len(np.unique(y)) > 1:
                return f"{term}:{level}"
    return None


def fit_models(
    results: pd.DataFrame,
    level: str = "unit",
    terms: tuple[str, ...] | None = None,
    models: tuple[str, ...] = ("ols", "mixed", "ordered", "logit"),
) -> dict[str, ModelResult]:
    """Models of what is associated with low scores, across units (or Pemdas) and years.

    - ``ols``: score on unit type, level (kabupaten/kota/provinsi) and year, HC3 errors;
    - ``mixed``: the same with a random intercept per region (``MixedLM``);
    - ``ordered``: ordered logit of the letter grade (years with letter grades only; no constant);
    - ``logit``: logit of "not green".

    Terms with a single category in the data are left out and said so. A model the data cannot
    support (too few observations or regions, one outcome only, perfect separation) is not fitted,
    and its reason is given instead of estimates.

    Returns
    -------
    dict of ModelResult
        Keyed ``ols``, ``mixed``, ``ordered``, ``logit``; each with a tidy ``table``
        (term, estimate, std_error, ci_low, ci_high, p_value) and a one-sentence ``reading``.

    Examples
    --------
    >>> from toolkit import read_results, bundled_results
    >>> models = fit_models(read_results(bundled_results()))
    >>> models["ols"].fitted, models["logit"].fitted   # every DPMPTSP is green: separation
    (True, False)
    """
    import statsmodels.api as sm

    frame = _model_frame(results, level)
    if terms is None:
        terms = ("unit_type", "region_type", "year") if level == "unit" else ("region_type", "year")
    n = len(frame)
    out: dict[str, ModelResult] = {}
    X, used, dropped = _design(frame, list(terms))
    note = [f"left out: {', '.join(dropped)}"] if dropped else []
    k = X.shape[1] + 1
    too_few = None
    if n < MIN_OBS or n <= k + 2:
        too_few = (
            f"too few observations (n = {n}) for {k} parameters",
            f"pengamatan terlalu sedikit (n = {n}) untuk {k} parameter",
        )
    elif not used:
        too_few = ("no factor varies in the data", "tidak ada faktor yang bervariasi dalam data")

    # OLS with HC3
    if "ols" not in models:
        pass
    elif too_few:
        out["ols"] = _not_fitted("OLS", n, *too_few)
    else:
        exog = sm.add_constant(X, has_constant="add")
        res = sm.OLS(frame["score"].to_numpy(float), exog).fit(cov_type="HC3")
        table = _tidy(res.params, res.bse, res.pvalues, res.conf_int(), list(exog.columns))
        caveat = (
            "HC3 errors treat units as independent; units of one region tend to be alike, so intervals for "
            "region-level terms are too narrow here: read those from the mixed model"
        )
        out["ols"] = ModelResult(
            "OLS", True, table, _reading("OLS (HC3)", table, n, "points"), n, used, notes=[*note, caveat]
        )

    # mixed model, random intercept per region
    groups = frame["region"].map(region_key)
    n_groups = groups.nunique()
    res = None
    if "mixed" not in models:
        out["mixed"] = None
    elif too_few:
        out["mixed"] = _not_fitted("MixedLM", n, *too_few)
    elif n_groups < MIN_GROUPS or (groups.value_counts() > 1).sum() < 2:
        out["mixed"] = _not_fitted(
            "MixedLM",
            n,
            f"too few regions ({n_groups}) with repeated observations for a random intercept (need {MIN_GROUPS})",
            f"terlalu sedikit wilayah ({n_groups}) dengan pengamatan berulang untuk intersep acak (perlu {MIN_GROUPS})",
        )
    else:
        exog = sm.add_constant(X, has_constant="add")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                res = sm.MixedLM(frame["score"].to_numpy(float), exog, groups=groups.to_numpy()).fit(reml=True)
            except (np.linalg.LinAlgError, ValueError) as exc:
                res = None
                failure = str(exc)
    if "mixed" not in out and res is None:
        out["mixed"] = _not_fitted(
            "MixedLM",
            n,
            f"the fit failed ({failure}); the region variance may be zero",
            f"estimasi gagal ({failure}); varians antarwilayah mungkin nol",
        )
    elif "mixed" not in out:
        names = list(exog.columns)
        k_fe = len(names)
        conf = np.asarray(res.conf_int())[:k_fe]
        table = _tidy(
            np.asarray(res.params)[:k_fe], np.asarray(res.bse)[:k_fe], np.asarray(res.pvalues)[:k_fe], conf, names
        )
        notes = list(note) + [
            f"{w.category.__name__}: {w.message}" for w in caught if "Convergence" in w.category.__name__
        ]
        notes.append(f"region variance {float(res.cov_re.iloc[0, 0]):.2f}, residual variance {float(res.scale):.2f}")
        out["mixed"] = ModelResult(
            "MixedLM", True, table, _reading("MixedLM", table, n, "points"), n, used, notes=notes
        )

    # ordered logit of grade
    if "ordered" in models:
        graded = frame[[bool(scheme_for(int(y)).bands[0].grade) for y in frame["year"]]].reset_index(drop=True)
        out["ordered"] = _fit_ordered(graded, list(terms), note)

    # logit of not green
    if "logit" not in models:
        pass
    elif too_few:
        out["logit"] = _not_fitted("Logit", n, *too_few)
    else:
        y = np.array(
            [
                float(s < scheme_for(int(yr)).green_threshold)
                for s, yr in zip(frame["score"], frame["year"], strict=True)
            ]
        )
        sep = _separated(frame, y, used)
        if len(np.unique(y)) < 2:
            out["logit"] = _not_fitted(
                "Logit",
                n,
                "every observation has the same zone outcome",
                "semua pengamatan memiliki hasil zona yang sama",
            )
        elif sep:
            out["logit"] = _not_fitted(
                "Logit",
                n,
                f"perfect separation: every row of {sep} has the same outcome",
                f"separasi sempurna: semua baris {sep} memiliki hasil yang sama",
            )
        else:
            exog = sm.add_constant(X, has_constant="add")
            res, failure = _guarded(lambda: sm.Logit(y, exog).fit(disp=0, maxiter=200))
            if res is None:
                out["logit"] = _not_fitted("Logit", n, f"the fit failed ({failure})", f"estimasi gagal ({failure})")
            else:
                table = _tidy(res.params, res.bse, res.pvalues, res.conf_int(), list(exog.columns))
                out["logit"] = ModelResult(
                    "Logit", True, table, _reading("Logit", table, n, "not being green"), n, used, notes=list(note)
                )
    return {k: v for k, v in out.items() if v is not None}


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


def _fit_ordered(frame: pd.DataFrame, terms: list[str], note: list[str]) -> ModelResult:
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    from toolkit.scoring import grade as grade_scores

    n = len(frame)
    if n == 0:
        return _not_fitted(
            "OrderedModel",
            0,
            "no years with letter grades in the data",
            "tidak ada tahun dengan nilai huruf dalam data",
        )
    grades = grade_scores(frame["score"], frame["year"].astype(int).to_numpy())["grade"]
    order = [g for g in "EDCBA" if g in set(grades)]
    X, used, _ = _design(frame, terms)
    k = X.shape[1] + len(order) - 1
    if len(order) < 2:
        return _not_fitted("OrderedModel", n, "only one grade in the data", "hanya satu nilai huruf dalam data")
    if n < MIN_OBS or n <= k + 2 or not used:
        return _not_fitted(
            "OrderedModel",
            n,
            f"too few observations (n = {n}) for {k} parameters",
            f"pengamatan terlalu sedikit (n = {n}) untuk {k} parameter",
        )
    y = pd.Series(pd.Categorical(grades, categories=order, ordered=True))
    codes = y.cat.codes.to_numpy()
    for term in used:
        for level, idx in frame.groupby(term).groups.items():
            vals = codes[frame.index.get_indexer(idx)]
            if len(vals) and (vals.max() == 0 or vals.min() == len(order) - 1):
                return _not_fitted(
                    "OrderedModel",
                    n,
                    f"perfect separation: every row of {term}:{level} has the lowest or highest grade",
                    f"separasi sempurna: semua baris {term}:{level} memiliki nilai huruf terendah atau tertinggi",
                )
    res, failure = _guarded(lambda: OrderedModel(y, X, distr="logit").fit(method="bfgs", disp=0, maxiter=2000))
    if res is None:
        return _not_fitted("OrderedModel", n, f"the fit failed ({failure})", f"estimasi gagal ({failure})")
    names = list(X.columns)
    k_x = len(names)
    table = _tidy(
        np.asarray(res.params)[:k_x],
        np.asarray(res.bse)[:k_x],
        np.asarray(res.pvalues)[:k_x],
        np.asarray(res.conf_int())[:k_x],
        names,
    )
    return ModelResult(
        "OrderedModel", True, table, _reading("Ordered logit", table, n, "a higher grade"), n, used, notes=list(note)
    )
