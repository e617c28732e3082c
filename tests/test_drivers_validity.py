"""One CRV3 across the drivers modules (#20): the cluster jackknife of MacKinnon, Nielsen and Webb
(2023), checked against a brute-force jackknife of statsmodels OLS refits."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from toolkit import synthetic
from toolkit.drivers import fit_models, relative_importance, sector_gaps
from toolkit.drivers._common import crv3


def _brute_crv3(X: pd.DataFrame, y: pd.Series, groups: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Refit statsmodels OLS with each cluster left out; V = (G - 1) / G sum (b_g - b)(b_g - b)'
    (MacKinnon, Nielsen and Webb 2023, JAE 38(5), "CV3")."""
    b = sm.OLS(y, X).fit().params.to_numpy()
    jack = np.array([sm.OLS(y[groups != g], X[groups != g]).fit().params.to_numpy() for g in groups.unique()])
    G = groups.nunique()
    return b, (G - 1) / G * (jack - b).T @ (jack - b)


def test_crv3_equals_a_brute_force_jackknife():
    rng = np.random.default_rng(3)
    groups = pd.Series(np.repeat(np.arange(9), rng.integers(2, 7, 9)))
    n = len(groups)
    X = pd.DataFrame({"const": 1.0, "a": rng.normal(size=n), "b": rng.integers(0, 2, n).astype(float)})
    y = pd.Series(X.to_numpy() @ [70.0, 2.0, -3.0] + rng.normal(0, 3, 9)[groups] + rng.normal(0, 4, n))
    b, vcov = crv3(X.to_numpy(), y.to_numpy(), groups.to_numpy())
    b_ref, V_ref = _brute_crv3(X, y, groups)
    assert b == pytest.approx(b_ref, abs=1e-10)
    assert vcov == pytest.approx(V_ref, rel=1e-9, abs=1e-12)
    # not CR1 stacked on it: CR1's factor G/(G-1) (N-1)/(N-k) is > 1 here, so the two would differ
    assert (9 / 8) * (n - 1) / (n - 3) > 1.1


def test_models_ols_uses_the_same_crv3_without_a_cr1_factor():
    """#20: the models' OLS stacked CR1's G/(G-1)(N-1)/(N-k) on pyfixest's CRV3 (the review measured
    1.17x and 1.42x the cited variance). Its standard errors now equal the brute-force MNW jackknife."""
    panel = synthetic.panel(n_regions=12, seed=4)
    ols = fit_models(panel, models=("ols",))["2022-2024"]["ols"]
    units = panel[panel["level"] == "unit"].reset_index(drop=True)
    X = pd.DataFrame({"const": 1.0}, index=units.index)
    for term in ols.table["term"][1:]:
        kind, _, level = term.partition(":")
        X[term] = (units[kind].astype(str) == level).astype(float)
    b, V = _brute_crv3(X, units["score"], units["region_key"])
    table = ols.table.set_index("term")
    assert table["estimate"].to_numpy() == pytest.approx(b, abs=1e-9)
    assert table["std_error"].to_numpy() == pytest.approx(np.sqrt(np.diag(V)), rel=1e-8)
    df = units["region_key"].nunique() - 1
    half = stats.t.ppf(0.975, df) * np.sqrt(np.diag(V))
    assert table["ci_high"].to_numpy() == pytest.approx(b + half, rel=1e-8)
    assert "MacKinnon, Nielsen and Webb" in ols.inference and f"t with {df} df" in ols.inference


def test_sector_gaps_and_models_name_the_estimator(results):
    gaps = sector_gaps(results, regime="2022-2024")
    assert "MacKinnon, Nielsen and Webb 2023" in gaps.method["en"] and "(G-1)/G" in gaps.method["en"]
    assert "MacKinnon, Nielsen dan Webb 2023" in gaps.method["id"]


# -- model readings (#20) -----------------------------------------------------------------------
def test_every_model_reading_names_its_reference_categories():
    panel = synthetic.panel(n_regions=12, seed=4)
    for model in fit_models(panel)["2022-2024"].values():
        assert model.fitted, model.reason
        assert model.references == {"unit_type": "investment_licensing", "region_type": "kabupaten", "year": "2022"}
        assert "Investment and licensing" in model.reading["en"] and "kabupaten" in model.reading["en"]
        assert "Penanaman modal dan PTSP" in model.reading["id"]
        assert "year 2022" in model.reading["en"] or "than" in model.reading["en"]


def test_a_model_reading_needs_ten_pemdas():
    """#20: a reading resting on 8 Pemdas (2025) was printed; at least 10 clusters now."""
    for n_regions, fitted in [(9, False), (10, True)]:
        models = fit_models(synthetic.panel(n_regions=n_regions, seed=2), models=("ols", "logit", "ordered"))
        for model in models["2022-2024"].values():
            if fitted:
                assert model.fitted or "separation" in model.reason["en"], model.reason
            else:
                assert not model.fitted
                assert "only 9 regions (Pemdas)" in model.reading["en"] and "at least 10" in model.reading["en"]
                assert "sedikitnya 10" in model.reading["id"]


def test_model_reading_says_which_units_and_why_the_gaps_rest_on_fewer(results):
    """#20: the models use every scored unit (109 in 37 Pemdas, 2022-2024) less the one regional
    hospital (seen in one Pemda); the sector gaps only the 13 Pemdas with two or more types."""
    ols = fit_models(results)["2022-2024"]["ols"]
    assert (ols.n_units, ols.n_regions) == (109, 37)
    assert (
        "109 units in 37 regions (every scored unit of the regime except 1 of type Regional hospital"
        in (ols.reading["en"])
    )
    assert "the sector gaps use only the Pemdas with two or more unit types" in ols.reading["en"]
    assert "kecuali 1 unit berjenis Rumah sakit daerah" in ols.reading["id"]


# -- relative importance (#20 item 4) ---------------------------------------------------------------
def _lmg_panel(seed: int, n_regions: int = 12, kota: int = 1, unit_effect: float = 6.0) -> pd.DataFrame:
    """Regions with a random intercept (sd 4), 5 units each; unit type "a" scores ``unit_effect``
    lower; ``kota`` of the regions are kota, the rest kabupaten; the region type has no effect."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in range(n_regions):
        intercept = rng.normal(0, 4)
        for i in range(5):
            kind = "abcde"[i]
            score = 75 + intercept - (unit_effect if kind == "a" else 0.0) + rng.normal(0, 3)
            rows.append(
                {
                    "cluster": f"r{g}",
                    "unit_type": kind,
                    "region_type": "kota" if g < kota else "kabupaten",
                    "score": score,
                }
            )
    return pd.DataFrame(rows)


def test_lmg_refuses_a_region_level_factor_seen_in_one_region():
    """#20: in 2025 "type of Pemda" got 61.6 % of R² although the data held one kota and the model
    dropped the term. A region-level factor with a category in one region is refused, with why."""
    frame = _lmg_panel(1, kota=1)
    out = relative_importance(frame, "score", ["unit_type", "region_type"], n_boot=20, n_perm=20, cluster="cluster")
    row = out.set_index("term").loc["region_type"]
    assert np.isnan(row["share"]) and not row["readable"]
    assert "seen in one region only" in row["note"]["en"] and "hanya ada di satu wilayah" in row["note"]["id"]
    assert set(out.attrs["refused"]) == {"region_type"}
    assert out.attrs["r2"] == pytest.approx(out["share"].sum())  # the decomposition is of unit type alone
    # with kota in two regions the factor is estimated
    two = relative_importance(
        _lmg_panel(1, kota=2), "score", ["unit_type", "region_type"], n_boot=0, n_perm=0, cluster="cluster"
    )
    assert two.set_index("term").loc["region_type", "share"] > 0 and not two.attrs["refused"]


def test_lmg_leaves_out_the_rows_of_a_unit_level_category_seen_in_one_region():
    frame = _lmg_panel(2, kota=3)
    frame.loc[0, "unit_type"] = "hospital"  # one unit, one region
    out = relative_importance(frame, "score", ["unit_type", "region_type"], n_boot=0, n_perm=0, cluster="cluster")
    assert out.attrs["n"] == len(frame) - 1 and "hospital" in out.attrs["left_out"][0]
    assert not out.attrs["refused"]


def test_lmg_share_inside_its_permutation_null_is_not_read():
    """Region type has no effect: its share is inside its null in about 95 % of samples; the unit
    type's planted effect is read. Over 20 seeds the null factor is read at most 4 times
    (0.05 x 20 = 1 expected)."""
    read_null = 0
    for seed in range(20):
        out = relative_importance(
            _lmg_panel(seed, kota=6),
            "score",
            ["unit_type", "region_type"],
            n_boot=0,
            n_perm=99,
            cluster="cluster",
            seed=seed,
        ).set_index("term")
        assert out.loc["unit_type", "readable"] and out.loc["unit_type", "p_permutation"] <= 0.02
        read_null += bool(out.loc["region_type", "readable"])
        assert out.loc["region_type", "readable"] == (out.loc["region_type", "p_permutation"] < 0.05)
    assert read_null <= 4


def test_lmg_reports_its_resamples(results):
    """#20: 40-55 % of the bootstrap resamples were dropped silently (those missing a category).
    A resample missing a category is now computed with the categories present, and both counts
    are reported; on the bundled 2022-2024 units no resample is dropped."""
    units = results[(results["level"] == "unit") & results["year"].between(2022, 2024)].assign(
        year=lambda f: f["year"].astype(str), cluster=lambda f: f["region_key"]
    )
    out = relative_importance(
        units, "score", ["unit_type", "region_type", "year"], n_boot=100, n_perm=20, cluster="cluster"
    )
    assert out.attrs["n_boot"] == 100 and out.attrs["boot_dropped"] == 0
    assert 0 <= out.attrs["boot_incomplete"] < 100
    assert out.attrs["left_out"] == ["unit_type: hospital (1 rows, seen in one cluster only)"]
    from toolkit.views import importance_basis, importance_table

    relimp = {"table": toolkit_plain(out), "r2": out.attrs["r2"], "n": out.attrs["n"], "n_regions": 37, **out.attrs}
    assert "Intervals from 100 of 100 resamples" in importance_basis(relimp, "en")
    shown = importance_table(relimp, "en")
    assert "p (permutation)" in shown.columns  # headed in words (#23)


def toolkit_plain(frame: pd.DataFrame) -> list:
    from toolkit.io import to_plain

    return to_plain(frame)
