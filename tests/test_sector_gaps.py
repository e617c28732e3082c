"""Sector gaps: within-Pemda differences between unit types, clustered by Pemda."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import toolkit
from toolkit.drivers import sector_gaps
from toolkit.drivers.sector_gaps import joint_test

TYPES = ["investment_licensing", "education", "health", "social", "civil_registration", "primary_care", "primary_care"]


def _panel(n_regions: int, rng: np.random.Generator, slope_sd: float = 3.0, effect: float = -5.0) -> pd.DataFrame:
    """Region intercepts (sd 4) and a region-specific education effect (mean ``effect``, sd
    ``slope_sd``): units of one Pemda share both, so only clustered intervals cover."""
    rows = []
    for g in range(n_regions):
        intercept, slope = rng.normal(0, 4), rng.normal(0, slope_sd)
        for kind in TYPES:
            score = 75 + intercept + (effect + slope if kind == "education" else 0.0) + rng.normal(0, 5)
            rows.append(
                {
                    "year": 2022,
                    "level": "unit",
                    "region": f"Kota R{g}",
                    "region_key": f"r{g}",
                    "unit_type": kind,
                    "score": score,
                }
            )
    return pd.DataFrame(rows)


def _within(frame: pd.DataFrame, kind: str) -> float:
    y = frame["score"] - frame.groupby("region_key")["score"].transform("mean")
    x = (frame["unit_type"] == kind).astype(float)
    x = x - x.groupby(frame["region_key"]).transform("mean")
    return float((x * y).sum() / (x * x).sum())


def test_equals_a_plain_fixed_effects_regression():
    """Hand-made table of 6 Pemdas: the gap is the within (Pemda fixed effects) estimator, the
    standard error the leave-one-Pemda-out jackknife sqrt((G - 1) / G * sum (b_-g - b)^2) (CRV3 as
    MacKinnon, Nielsen and Webb 2023 define it), p from t(G - 1)."""
    rng = np.random.default_rng(42)
    frame = _panel(6, rng)
    row = sector_gaps(frame, unit_types=("education",)).table.iloc[0]
    b = _within(frame, "education")
    assert row["gap"] == pytest.approx(b, abs=1e-10)
    # the same estimate from OLS with one dummy per Pemda (statsmodels, no pyfixest)
    import statsmodels.api as sm

    X = pd.get_dummies(frame["region_key"], dtype=float)
    X["education"] = (frame["unit_type"] == "education").astype(float)
    assert sm.OLS(frame["score"], X).fit().params["education"] == pytest.approx(b, abs=1e-9)
    jack = np.array([_within(frame[frame["region_key"] != g], "education") for g in frame["region_key"].unique()])
    se = np.sqrt(5 / 6 * ((jack - b) ** 2).sum())
    assert row["std_error"] == pytest.approx(se, abs=1e-10)
    t_crit = stats.t.ppf(0.975, 6 - 1)
    assert row["ci_low_unadjusted"] == pytest.approx(b - t_crit * se, abs=1e-8)
    assert row["ci_high_unadjusted"] == pytest.approx(b + t_crit * se, abs=1e-8)
    assert row["p_value"] == pytest.approx(2 * stats.t.sf(abs(b / se), 6 - 1), abs=1e-10)
    assert (row["n_units"], row["n_regions"], row["regime"]) == (6, 6, "2022-2024")


def test_reference_unit_type_compares_pairs_within_pemda():
    frame = _panel(6, np.random.default_rng(1))
    row = sector_gaps(frame, reference="investment_licensing", unit_types=("education",)).table.iloc[0]
    pair = frame[frame["unit_type"].isin(["education", "investment_licensing"])]
    assert row["gap"] == pytest.approx(_within(pair, "education"), abs=1e-10)
    assert row["reference"] == "investment_licensing"


def test_fewer_than_five_pemdas_gives_no_interval_and_says_so():
    frame = _panel(4, np.random.default_rng(3))
    gaps = sector_gaps(frame)
    assert gaps.table["ci_low"].isna().all() and gaps.table["gap"].isna().all()
    assert (gaps.table["n_regions"] == 4).all()
    reading = gaps.readings["2022-2024"]
    assert "only 4 Pemda" in reading["en"] and "at least 5" in reading["en"]
    assert "hanya 4 Pemda" in reading["id"]


def test_holm_adjusts_across_the_types_of_a_regime():
    gaps = sector_gaps(_panel(12, np.random.default_rng(5)))
    table = gaps.table.dropna(subset=["p_value"])
    assert len(table) == 6
    assert (table["p_adjusted"] >= table["p_value"] - 1e-12).all()
    order = table.sort_values("p_value")
    expected = np.maximum.accumulate(np.minimum(1, order["p_value"].to_numpy() * np.arange(6, 0, -1)))
    assert order["p_adjusted"].to_numpy() == pytest.approx(expected)


def test_bundled_data_per_regime(results):
    gaps = sector_gaps(results)
    assert set(gaps.table["regime"]) == {"2015-2021", "2022-2024", "2025-"}
    assert gaps.table.loc[gaps.table["regime"] == "2015-2021", "ci_low"].isna().all()  # one Pemda only
    edu = gaps.table[(gaps.table["regime"] == "2022-2024") & (gaps.table["unit_type"] == "education")].iloc[0]
    assert edu["n_regions"] == 11 and edu["ci_low"] < edu["gap"] < edu["ci_high"]
    assert "13 Pemdas" in gaps.readings["2022-2024"]["en"]  # how many Pemdas the answer rests on
    # 2021 rows never enter the 2022-2024 estimate
    only = sector_gaps(results[results["year"] >= 2022], regime="2022-2024").table
    pd.testing.assert_frame_equal(
        gaps.table[gaps.table["regime"] == "2022-2024"].reset_index(drop=True), only.reset_index(drop=True)
    )


def test_synthetic_results_are_marked():
    panel = toolkit.synthetic.panel(n_regions=6, seed=1)
    assert sector_gaps(panel).synthetic


@pytest.mark.slow
@pytest.mark.parametrize(("n_regions", "reps"), [(8, 80), (15, 60), (40, 30)])
def test_clustered_intervals_cover_at_the_nominal_rate(n_regions, reps):
    """Planted education effect -5 with region intercepts and region-specific slopes: the
    unadjusted 95 % interval covers the truth at the nominal rate, within three binomial standard errors of 0.95
    (measured with more replications: 0.945 at 8 regions, 0.965 at 15, 0.950 at 40)."""
    rng = np.random.default_rng(n_regions)
    hits = 0
    for _ in range(reps):
        row = sector_gaps(_panel(n_regions, rng), unit_types=("education",)).table.iloc[0]
        hits += bool(row["ci_low_unadjusted"] <= -5.0 <= row["ci_high_unadjusted"])  # one type: no Holm
    coverage = hits / reps
    print(f"coverage with {n_regions} regions over {reps} replications: {coverage:.3f}")
    se = (0.95 * 0.05 / reps) ** 0.5
    assert 0.95 - 3 * se <= coverage <= min(1.0, 0.95 + 3 * se)


def test_choosing_unit_types_never_shrinks_holms_family(results):
    """#20 item 3: sector_gaps(unit_types=("education",)) printed p 0.042 as Holm-adjusted; across
    the regime's six types it is 0.26."""
    full = sector_gaps(results, regime="2022-2024").table.set_index("unit_type")
    one = sector_gaps(results, regime="2022-2024", unit_types=("education",)).table
    assert one["unit_type"].tolist() == ["education"]
    assert one["p_adjusted"].iloc[0] == pytest.approx(full.loc["education", "p_adjusted"])
    assert one["p_adjusted"].iloc[0] > 0.2 > one["p_value"].iloc[0]


def _holm_consistent(table: pd.DataFrame, alpha: float = 0.05) -> None:
    rows = table.dropna(subset=["p_value"])
    assert len(rows)
    excludes = (rows["ci_low"] > 0) | (rows["ci_high"] < 0)
    assert (excludes == (rows["p_adjusted"] < alpha)).all(), rows[["unit_type", "ci_low", "ci_high", "p_adjusted"]]
    # the adjusted interval is never narrower than the unadjusted one
    assert (rows["ci_low"] <= rows["ci_low_unadjusted"] + 1e-12).all()
    assert (rows["ci_high"] >= rows["ci_high_unadjusted"] - 1e-12).all()


def test_intervals_shown_agree_with_holm_on_the_bundled_data(results):
    """#20: the table printed the unadjusted interval of education 2022-2024 (-7.7 to -0.1,
    excluding 0) beside Holm p 0.26. The interval shown now excludes 0 exactly when Holm rejects."""
    gaps = sector_gaps(results)
    for _, table in gaps.table.groupby("regime"):
        if table["p_value"].notna().any():
            _holm_consistent(table)
    edu = gaps.table.set_index(["regime", "unit_type"]).loc[("2022-2024", "education")]
    assert edu["ci_low_unadjusted"] < edu["ci_high_unadjusted"] < 0  # the unadjusted interval excludes 0 ...
    assert edu["ci_low"] < 0 < edu["ci_high"] and edu["p_adjusted"] > 0.05  # ... the one shown does not


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("effect", [-2.0, -5.0, -9.0])
def test_intervals_shown_agree_with_holm_on_seeded_data(seed, effect):
    """Planted education effects from none-detected to clearly detected: on every row the
    adjusted interval excludes 0 exactly when the Holm-adjusted p is below 5 %."""
    table = sector_gaps(_panel(12, np.random.default_rng(100 + seed), effect=effect)).table
    _holm_consistent(table)


def test_adjusted_intervals_equal_an_independent_step_down_construction():
    """Independent construction: statsmodels' Holm decisions give the number R of rejections; the
    i-th smallest p (1-based) gets level alpha / (m - i + 1) if i <= R, else alpha / (m - R); the
    interval is gap +- t(1 - level / 2, G - 1) * jackknife standard error."""
    from statsmodels.stats.multitest import multipletests

    frame = _panel(10, np.random.default_rng(11), effect=-9.0)
    table = sector_gaps(frame).table.dropna(subset=["p_value"]).reset_index(drop=True)
    m = len(table)
    n_reject = int(multipletests(table["p_value"], alpha=0.05, method="holm")[0].sum())
    assert 0 < n_reject < m  # the case that exercises both branches
    rank = table["p_value"].rank(method="first").astype(int)
    for i, row in table.iterrows():
        level = 0.05 / (m - rank[i] + 1) if rank[i] <= n_reject else 0.05 / (m - n_reject)
        half = stats.t.ppf(1 - level / 2, row["n_regions"] - 1) * row["std_error"]
        assert row["ci_level"] == pytest.approx(1 - level)
        assert row["ci_low"] == pytest.approx(row["gap"] - half, abs=1e-10)
        assert row["ci_high"] == pytest.approx(row["gap"] + half, abs=1e-10)
        unadjusted = stats.t.ppf(0.975, row["n_regions"] - 1) * row["std_error"]
        assert row["ci_high_unadjusted"] == pytest.approx(row["gap"] + unadjusted, abs=1e-10)


def _joint_by_brute_force(frame: pd.DataFrame) -> tuple[float, int, int]:
    """Independent oracle: statsmodels OLS with one dummy per Pemda-year and a dummy per type
    (first type the baseline), refitted with each Pemda left out; CRV3 as MacKinnon, Nielsen and
    Webb (2023): (G - 1) / G * sum (b_(g) - b)(b_(g) - b)'; Wald W = b' V^-1 b; Hotelling
    F = W (G - q) / (q (G - 1)) on (q, G - q)."""
    import statsmodels.api as sm

    kinds = sorted(frame["unit_type"].unique())

    def fit(part):
        X = pd.get_dummies(part["year"].astype(str) + part["region_key"], dtype=float)
        for k in kinds[1:]:
            X[k] = (part["unit_type"] == k).astype(float)
        return sm.OLS(part["score"], X).fit().params[kinds[1:]].to_numpy()

    b = fit(frame)
    regions = frame["region_key"].unique()
    jack = np.array([fit(frame[frame["region_key"] != g]) for g in regions])
    g, q = len(regions), len(kinds) - 1
    V = (g - 1) / g * (jack - b).T @ (jack - b)
    wald = float(b @ np.linalg.solve(V, b))
    return wald * (g - q) / (q * (g - 1)), q, g - q


def test_joint_test_equals_a_brute_force_jackknife_wald_test():
    frame = _panel(9, np.random.default_rng(21), effect=-4.0)
    joint = sector_gaps(frame).joint["2022-2024"]
    f, q, d = _joint_by_brute_force(frame)
    assert (joint["df_num"], joint["df_den"], joint["n_regions"]) == (q, d, 9)
    assert joint["statistic"] == pytest.approx(f, rel=1e-9)
    assert joint["p_value"] == pytest.approx(stats.f.sf(f, q, d), rel=1e-9)


def test_joint_test_on_the_bundled_data_comes_before_the_contrasts(results):
    """2022-2024: six estimable types in 13 Pemdas (the regional hospital, seen in one Pemda,
    leaves the joint test as it leaves the contrasts): F(5, 8) = 1.50, p = 0.29; the reading
    gives it before the individual contrasts."""
    gaps = sector_gaps(results, regime="2022-2024")
    joint = gaps.joint["2022-2024"]
    assert "hospital" not in joint["types"] and len(joint["types"]) == 6
    assert (joint["df_num"], joint["df_den"]) == (5, 8)
    units = results[(results["level"] == "unit") & results["year"].between(2022, 2024)]
    units = units[units["unit_type"].isin(joint["types"])]
    cells = units.groupby(["year", "region_key"])["unit_type"].transform("nunique") >= 2
    f, _, _ = _joint_by_brute_force(units[cells.to_numpy()])
    assert joint["statistic"] == pytest.approx(f, rel=1e-9)
    assert joint["p_value"] == pytest.approx(0.291, abs=1e-3)
    en = gaps.readings["2022-2024"]["en"]
    assert en.index("joint test") < en.index("no unit type differs")
    assert "F(5, 8) = 1.50, p = 0.291" in en and "uji gabungan" in gaps.readings["2022-2024"]["id"]


def test_joint_test_keeps_its_size_with_few_pemdas():
    """No type effect, 13 Pemdas, 6 types, region-specific type effects: the joint test rejects a
    true null near 5 % (F on (q, G - 1) instead of Hotelling's (q, G - q) rejected 20 %;
    measured over 1500 replications: 5.9 %). Bound: 0.05 plus three binomial standard errors."""
    rng = np.random.default_rng(2024)
    reps, hits = 300, 0
    for _ in range(reps):
        frame = _panel(13, rng, effect=0.0)
        frame = frame.sample(frac=0.75, random_state=int(rng.integers(1 << 31)))  # Pemdas lack some types
        frame = frame.assign(cluster=frame["region_key"], cell=frame["region_key"])
        hits += bool(joint_test(frame, sorted(frame["unit_type"].unique()))["p_value"] < 0.05)
    rate = hits / reps
    assert rate <= 0.05 + 3 * (0.05 * 0.95 / reps) ** 0.5, rate


def test_null_reading_states_the_minimum_detectable_gap(results):
    """#20: "no type differs" must say what it can mean. The minimum detectable gap at 80 %
    power, two-sided 5 %: (t(0.975, G - 1) + t(0.8, G - 1)) * se; after Holm across the m = 6
    types, t(1 - 0.05 / 12, G - 1) in place of t(0.975, G - 1) (Bloom 1995)."""
    gaps = sector_gaps(results, regime="2022-2024")
    table = gaps.table.dropna(subset=["p_value"])
    df = table["n_regions"] - 1
    expected = (stats.t.ppf(0.975, df) + stats.t.ppf(0.8, df)) * table["std_error"]
    expected_holm = (stats.t.ppf(1 - 0.05 / 12, df) + stats.t.ppf(0.8, df)) * table["std_error"]
    assert table["mde"].to_numpy() == pytest.approx(expected.to_numpy())
    assert table["mde_holm"].to_numpy() == pytest.approx(expected_holm.to_numpy())
    assert (table["mde_holm"] > table["mde"]).all()
    en, id_ = gaps.readings["2022-2024"]["en"], gaps.readings["2022-2024"]["id"]
    low, high = table["mde"].min(), table["mde"].max()
    assert f"gaps of about {low:.1f}–{high:.1f} points would be detected with 80 % power" in en
    assert f"{table['mde_holm'].min():.1f}–{table['mde_holm'].max():.1f} points after Holm" in en
    assert "(9–13 Pemdas per type)" in en and "kuasa 80 %" in id_


def test_minimum_detectable_gap_is_detected_four_times_in_five():
    """Power oracle by simulation: a planted education gap equal to the stated minimum
    detectable gap (unadjusted) is significant (unadjusted p < 0.05) in about 80 % of samples."""
    rng = np.random.default_rng(7)
    mde = np.mean(
        [sector_gaps(_panel(12, rng, effect=0.0), unit_types=("education",)).table["mde"].iloc[0] for _ in range(20)]
    )
    hits = [
        sector_gaps(_panel(12, rng, effect=-mde), unit_types=("education",)).table["p_value"].iloc[0] < 0.05
        for _ in range(100)
    ]
    assert 0.8 - 0.13 <= np.mean(hits) <= 0.8 + 0.13, (mde, np.mean(hits))


def test_reference_type_says_so_and_counts_only_pemdas_that_have_it():
    """#20 item 5: with reference="investment_licensing" the method said "compared with the other
    units of its Pemda" and the head counted Pemdas without the reference type."""
    frame = _panel(9, np.random.default_rng(8))
    without = frame["region_key"].isin(["r0", "r1", "r2"]) & (frame["unit_type"] == "investment_licensing")
    frame = frame[~without]  # three of the nine Pemdas have no investment and licensing unit
    gaps = sector_gaps(frame, reference="investment_licensing")
    en, id_ = gaps.readings["2022-2024"]["en"], gaps.readings["2022-2024"]["id"]
    assert en.startswith("2022–2024, 6 Pemdas with units of type Investment and licensing")
    assert id_.startswith("2022–2024, 6 Pemda dengan unit berjenis Penanaman modal")
    assert (gaps.table["n_regions"] == 6).all()
    assert "units of type Investment and licensing of its own Pemda" in gaps.method["en"]
    assert "other units" not in gaps.method["en"] and "unit lain" not in gaps.method["id"]
    assert sector_gaps(frame).readings["2022-2024"]["en"].startswith("2022–2024, 9 Pemdas with two or more")
    assert "the other units of its own Pemda" in sector_gaps(frame).method["en"]


def test_gaps_against_the_other_units_are_not_ranked(results):
    """#20: against "the other units" a type with no effect of its own looks behind when its
    Pemda-mates are behind, so the reading names no "largest shortfall" and says why; against
    one reference type (one baseline) it may."""
    others = sector_gaps(results, regime="2022-2024").readings["2022-2024"]
    assert "largest shortfall" not in others["en"] and "Selisih terbesar" not in others["id"]
    assert "not on one baseline and are not ranked" in others["en"]
    assert "tidak berada pada satu garis dasar" in others["id"]
    one = sector_gaps(results, regime="2022-2024", reference="investment_licensing").readings["2022-2024"]
    assert "largest shortfall" in one["en"] and "not ranked" not in one["en"]


def test_found_gaps_against_the_other_units_are_listed_in_name_order():
    frame = _panel(12, np.random.default_rng(3), effect=-9.0)
    frame.loc[frame["unit_type"] == "social", "score"] -= 12.0  # a second, larger gap
    gaps = sector_gaps(frame)
    en = gaps.readings["2022-2024"]["en"]
    found = gaps.table[gaps.table["p_adjusted"] < 0.05]
    assert set(found["unit_type"]) >= {"education", "social"}
    assert en.index("Education scores") < en.index("Social affairs scores")  # name order, not size
    assert "largest" not in en
