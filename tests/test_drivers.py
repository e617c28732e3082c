"""Drivers: decomposition, the exact improvement plan, models across units, relative importance."""

import itertools

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit import synthetic
from toolkit.drivers import (
    decompose_pemda,
    decompose_unit,
    fit_models,
    improvement_plan,
    relative_importance,
    resolve_target,
)
from toolkit.errors import DataError


@pytest.fixture(scope="module")
def bekasi_detail(results):
    return synthetic.detail(results, seed=1, region="Kabupaten Bekasi", year=2022)


# -- decomposition ------------------------------------------------------------------------------
def test_pemda_decomposition_bekasi(results):
    d = decompose_pemda(results, "Kabupaten Bekasi", 2022)
    assert list(d["unit"][:2]) == ["Dinas Pendidikan", "Dinas Sosial"]  # the lowest pull hardest
    # the pulls add up to the Pemda's distance to green: 78 - 511.17/7
    assert d["pull"].sum() == pytest.approx(78 - 511.17 / 7, abs=0.01)
    assert d["share_of_shortfall"].sum() == pytest.approx(1.0)
    assert (d.loc[d["score"] >= 78, "share_of_shortfall"] == 0).all()


def test_unit_decomposition_adds_up(bekasi_detail):
    dec = decompose_unit(bekasi_detail, "Disdik")
    assert dec.synthetic and dec.score == 62.62
    assert dec.dimensions["points"].sum() == pytest.approx(62.62, abs=0.005)
    assert dec.dimensions["lost_vs_max"].sum() == pytest.approx(100 - 62.62, abs=0.005)
    # indicator losses add up to their dimension's loss
    per_dim = dec.indicators.groupby("dimension")["lost_vs_max"].sum()
    for row in dec.dimensions.itertuples():
        assert per_dim[row.dimension] == pytest.approx(row.lost_vs_max)
    assert dec.indicators["lost_vs_max"].is_monotonic_decreasing


# -- improvement plan ---------------------------------------------------------------------------
def test_bekasi_pemda_plan_default_costs(results):
    """Bekasi 2022 needs 34.80 points of unit gains: the mean must reach 77.995, which the scheme
    rounds to 78.00 (7 x 77.995 - 511.17 = 34.795, in hundredths 34.80). Under the default
    headroom costs the cheapest plan lifts the three lowest units to about the same level
    (``margin=0``: aimed at the target as the assumed rounding grades it)."""
    plan = improvement_plan(results, "Kabupaten Bekasi", 2022, margin=0)
    assert plan.reachable and plan.final_score == 78.0
    assert plan.actions["steps"].sum() == pytest.approx(34.80)
    assert toolkit.grade(plan.final_score, 2022)["zone"].iloc[0] == "hijau"
    assert set(plan.actions["unit"]) == {"Dinas Pendidikan", "Dinas Sosial", "Dinas Kesehatan"}
    after = plan.actions.set_index("unit")["to"]
    assert after.max() - after.min() < 1.0  # marginal costs equalised: water-filling
    assert not plan.ties and plan.n_steps == 3 and plan.cost_model == "headroom"
    assert any("assumptions" in note["en"] for note in plan.notes)


def test_bekasi_flat_costs_tie_and_say_so(results):
    plan = improvement_plan(results, "Kabupaten Bekasi", 2022, cost_model="flat", margin=0)
    assert plan.total_cost == pytest.approx(34.80)
    assert plan.ties and any("equally cheap" in note["en"] for note in plan.notes)
    assert plan.units_to_green == 4  # the tie-break: most units into green


def test_pemda_plan_with_costs_file(results, tmp_path):
    costs = tmp_path / "biaya.csv"
    costs.write_text("opd,biaya,max_gain\nDinas Pendidikan,0.25,\n,1,16\n")
    plan = improvement_plan(results, "Kabupaten Bekasi", 2022, costs=costs, margin=0)
    gains = plan.actions.set_index("unit")["steps"]
    assert gains.idxmax() == "Dinas Pendidikan" and gains.max() == pytest.approx(16.0)  # cheaper, up to its cap
    assert gains.sum() == pytest.approx(34.80)


def test_pemda_plan_to_grade_a_and_already_met(results):
    plan = improvement_plan(results, "Kab. Bekasi", 2022, target="A", cost_model="flat", margin=0)
    assert plan.target == 88.0 and plan.total_cost == pytest.approx(104.80)  # 7 x 87.995 - 511.17, in hundredths
    assert plan.final_score == 88.0
    met = improvement_plan(results, "Kota Bengkulu", 2024)
    assert met.reachable and met.actions.empty and "already met" in met.message["en"]


def test_target_judged_after_rounding_like_grade():
    frame = toolkit.read_results(
        pd.DataFrame({"year": 2022, "region": "Kota X", "unit": ["Dinsos", "Dinkes"], "score": [77.99, 78.0]})
    )
    plan = improvement_plan(frame, "Kota X", 2022)  # mean 77.995 rounds to 78.00: green already
    assert "already met" in plan.message["en"]
    assert toolkit.grade(frame["score"].mean(), 2022)["zone"].iloc[0] == "hijau"


def test_unit_plan_with_detail(bekasi_detail):
    plan = improvement_plan(detail=bekasi_detail, unit="Dinas Sosial")
    assert plan.reachable and plan.scope == "unit" and plan.synthetic
    assert plan.current == 62.72 and plan.final_score >= 78.0
    assert (plan.actions["to"] <= 3).all()
    assert plan.actions["score_after"].is_monotonic_increasing


def test_fractional_indicators_never_leave_the_scale():
    """Regression: a score of 1.5 was raised to 3.5 and "best possible 95.11" was reported
    where 100 is reachable."""
    rows = pd.DataFrame(
        {
            "year": 2022,
            "region": "Kota X",
            "unit": "Dinsos",
            "dimension": ["input", "input", "proses", "output", "pengaduan"],
            "indicator": ["KP1", "KP2", "SP1", "PM1", "PG1"],
            "score": [1.5, 0.25, 2.5, 1.0, 0.5],
        }
    )
    detail = toolkit.read_detail(rows)
    plan = improvement_plan(
        detail=detail,
        unit="Dinsos",
        target=100,
        costs=pd.DataFrame({"unit": ["Dinsos"], "cost": [1], "max_gain": [100]}),
    )
    assert plan.reachable and plan.final_score == 100.0
    assert plan.actions["to"].max() == 3.0 and (plan.actions["to"] <= 3).all()
    capped = improvement_plan(detail=detail, unit="Dinsos", target=100)  # default cap: 20 points a cycle
    assert not capped.reachable and "cannot be reached" in capped.message["en"]
    assert capped.best_possible == pytest.approx(round(plan.current + 20, 2), abs=0.01)


def _brute_force(scores, gains, costs, need, growth, cap):
    best = None
    for steps in itertools.product(*[range(3 - s + 1) for s in scores]):
        gain = sum(g * t for g, t in zip(gains, steps, strict=True))
        if gain >= need - 1e-9 and gain <= cap + 1e-9:
            c = sum(
                c * sum(1 + growth * (s + k) for k in range(t)) for c, s, t in zip(costs, scores, steps, strict=True)
            )
            best = c if best is None else min(best, c)
    return best


@pytest.mark.parametrize("margin", [0.0, 0.5])
@pytest.mark.parametrize("model", ["headroom", "flat"])
@pytest.mark.parametrize("seed", range(8))
def test_plan_equals_brute_force_on_small_cases(seed, model, margin):
    rng = np.random.default_rng(seed)
    n_ind = 4
    scores = rng.integers(0, 4, size=n_ind)
    dims = ["input", "proses", "output", "pengaduan"]
    rows = pd.DataFrame(
        {
            "year": 2022,
            "region": "Kota X",
            "unit": "Dinsos",
            "dimension": dims,
            "indicator": [f"I{i}" for i in range(n_ind)],
            "score": scores,
        }
    )
    with pytest.warns(toolkit.DataWarning, match="not in the indicator list"):  # made-up codes, said
        detail = toolkit.read_detail(rows)
    cost_values = rng.choice([0.5, 1.0, 2.0, 3.0], size=n_ind)
    costs = pd.DataFrame({"indicator": [f"I{i}" for i in range(n_ind)], "cost": cost_values})
    target = round(float(rng.uniform(40, 100)), 2)
    plan = improvement_plan(detail=detail, unit="Dinsos", target=target, costs=costs, cost_model=model, margin=margin)
    weights = toolkit.scheme_for(2022).weights
    current = sum(weights[d] * s / 3 for d, s in zip(dims, scores, strict=True))
    gains = [weights[d] / 3 for d in dims]
    growth = 0.5 if model == "headroom" else 0.0
    expected = _brute_force(list(scores), gains, list(cost_values), target - 0.005 - current, growth, 20.0)
    if margin and target - 0.005 > current:  # aimed at target + margin; the target alone where that is out of reach
        aimed = _brute_force(list(scores), gains, list(cost_values), target + margin - current, growth, 20.0)
        expected = aimed if aimed is not None else expected
    if target - 0.005 <= current:
        assert plan.reachable and plan.actions.empty
    elif expected is None:
        assert not plan.reachable
    else:
        assert plan.reachable and plan.total_cost == pytest.approx(expected)


def test_resolve_target():
    scheme = toolkit.scheme_for(2022)
    assert resolve_target("hijau", scheme) == (78.0, "green")
    assert resolve_target("B", scheme)[0] == 78.0 and resolve_target("C", scheme)[0] == 54.0
    assert resolve_target("80,5", scheme)[0] == 80.5
    with pytest.raises(toolkit.SchemeError):
        resolve_target("Z", scheme)


# -- models -------------------------------------------------------------------------------------
def test_models_on_bundled_data(results):
    models = fit_models(results)
    assert set(models) == {"2015-2021", "2022-2024", "2025-"}  # one set of models per regime
    ols = models["2022-2024"]["ols"]
    assert ols.fitted and list(ols.table.columns) == [
        "term",
        "estimate",
        "std_error",
        "ci_low",
        "ci_high",
        "p_value",
        "p_adjusted",
    ]
    assert ols.regime == "2022-2024" and ols.years == [2022, 2023, 2024]
    assert ols.n_units == len(results[(results["level"] == "unit") & results["year"].between(2022, 2024)]) - 1
    assert any("hospital" in note and "one region" in note for note in ols.notes)  # coincides with a region
    assert "CRV3" in ols.inference
    for lang in ("en", "id"):
        assert "2022–2024" in ols.reading[lang] and str(ols.n_regions) in ols.reading[lang]
        assert "Holm" in ols.reading[lang]
    assert (ols.table["p_adjusted"].dropna() >= ols.table["p_value"].dropna().iloc[1:].min()).all()


def test_2021_rows_never_enter_a_2022_2024_model(results):
    """Regression: the MixedLM reading "Kesehatan 19.8 points lower (p = 0.014)" rested on one
    2021 score (Kota Magelang, 23.15) pooled with 2022-2024."""
    with_2021 = fit_models(results)["2022-2024"]["ols"].table
    without = fit_models(results[results["year"] >= 2022])["2022-2024"]["ols"].table
    pd.testing.assert_frame_equal(with_2021, without)
    assert fit_models(results)["2015-2021"]["ols"].fitted is False


def test_models_refuse_too_little_data():
    tiny = toolkit.read_results(
        pd.DataFrame(
            {
                "year": 2022,
                "region": ["Kota A", "Kota B", "Kota C"],
                "unit": ["Dinsos", "Dinkes", "Disdik"],
                "score": [60, 70, 80],
            }
        )
    )
    for model in fit_models(tiny)["2022-2024"].values():
        assert not model.fitted and model.reason["en"] and model.reason["id"]


EFFECTS = {
    "unit_type:education": -6.0,
    "unit_type:social": -4.0,
    "unit_type:health": -2.0,
    "unit_type:civil_registration": 1.0,
    "unit_type:primary_care": -1.0,
    "region_type:kota": 2.0,
    "region_type:provinsi": -3.0,
    "year:2023": 1.5,
    "year:2024": 3.0,
}
REPLICATIONS = 40
SCALE = 4.0


@pytest.mark.slow
@pytest.mark.parametrize("model", ["ols", "mixed", "logit", "ordered"])
def test_models_recover_planted_effects(model):
    """Each planted coefficient lies in its 95 % interval at the nominal rate (no term below 0.95
    less three binomial standard errors over the seeded replications).

    OLS and the mixed model: normal noise plus a region intercept (sd 4), 40 regions, so units of
    one region are correlated and the clustered (OLS) or random-intercept (mixed) intervals must
    account for it. Logit and ordered logit: logistic noise (scale 4) and no region effect, so
    the logit of "not green" has coefficients -effect/4 and the ordered logit of grade +effect/4.
    """
    hits = {term: 0 for term in EFFECTS}
    for rep in range(REPLICATIONS):
        if model in ("ols", "mixed"):
            panel = synthetic.panel(
                n_regions=40, effects=EFFECTS, region_sd=4.0, noise="normal", noise_scale=SCALE, seed=rep
            )
        else:
            panel = synthetic.panel(
                n_regions=30, effects=EFFECTS, region_sd=0.0, noise="logistic", noise_scale=SCALE, seed=rep
            )
        result = fit_models(panel, models=(model,))["2022-2024"][model]
        assert result.fitted, result.reason
        table = result.table.set_index("term")
        for term, effect in EFFECTS.items():
            truth = {"logit": -effect / SCALE, "ordered": effect / SCALE}.get(model, effect)
            hits[term] += bool(table.loc[term, "ci_low"] <= truth <= table.loc[term, "ci_high"])
    coverage = {term: h / REPLICATIONS for term, h in hits.items()}
    floor = 0.95 - 3 * (0.95 * 0.05 / REPLICATIONS) ** 0.5  # nominal less three binomial standard errors
    assert min(coverage.values()) >= floor, coverage


# -- relative importance -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def regression_frame():
    rng = np.random.default_rng(7)
    X = pd.DataFrame(rng.normal(size=(400, 5)), columns=list("abcde"))
    X["b"] += 0.6 * X["a"]
    X["y"] = 1.0 * X["a"] + 0.5 * X["b"] + 0.25 * X["c"] + rng.normal(size=400)
    return X


def test_lmg_shares_sum_to_r2_and_match_pingouin(regression_frame):
    import pingouin

    out = relative_importance(regression_frame, "y", list("abcde"), n_boot=0)
    assert out["share"].sum() == pytest.approx(out.attrs["r2"])
    assert out["share_pct"].sum() == pytest.approx(100.0)
    reference = pingouin.linear_regression(regression_frame[list("abcde")], regression_frame["y"], relimp=True)
    reference = reference.set_index("names")["relimp"].drop("Intercept")
    assert out.set_index("term")["share"].to_dict() == pytest.approx(reference.to_dict(), abs=1e-10)


def test_lmg_bootstrap_intervals(regression_frame):
    out = relative_importance(regression_frame, "y", list("abc"), n_boot=100, seed=3)
    assert ((out["ci_low"] <= out["share"]) & (out["share"] <= out["ci_high"])).all()
    assert out.attrs["n_boot"] == 100


def test_lmg_categorical_predictor_is_one_group(results):
    units = results[results["level"] == "unit"]
    out = relative_importance(units, "score", ["unit_type", "region_type"], n_boot=0)
    assert set(out["term"]) == {"unit_type", "region_type"}
    assert out["share"].sum() == pytest.approx(out.attrs["r2"])


def test_lmg_refuses_too_many_predictors():
    frame = pd.DataFrame(np.random.default_rng(0).normal(size=(50, 14)), columns=[f"x{i}" for i in range(14)])
    with pytest.raises(DataError, match="at most 12"):
        relative_importance(frame, "x0", [f"x{i}" for i in range(1, 14)])


# -- detail loader and synthetic detail --------------------------------------------------------
def _detail_problems(rows):
    with pytest.raises(DataError) as err:
        toolkit.read_detail(pd.DataFrame(rows))
    return err.value


BASE = {"year": 2022, "region": "Kota X", "unit": "Dinsos"}


@pytest.mark.parametrize(
    ("rows", "column", "message"),
    [
        ([{**BASE, "dimension": "inputs", "score": 50}], "dimension", "unknown dimension"),
        (
            [{**BASE, "dimension": "input", "variable": "standar pelayanan", "indicator": "X", "score": 2}],
            "variable",
            "does not belong",
        ),
        (
            [{**BASE, "dimension": "input", "indicator": "KP1", "score": 4}],
            "score",
            "indicator score must be from 0 to 3",
        ),
        ([{**BASE, "dimension": "input", "score": 101}], "score", "dimension score must be from 0 to 100"),
        (
            [{**BASE, "dimension": "input", "score": 50}],
            "dimension",
            "has no score for dimension(s) proses, output, pengaduan",
        ),
        ([{**BASE, "year": 2021, "dimension": "input", "score": 50}], "year", "detail data applies from 2022"),
        (
            [
                {**BASE, "dimension": "input", "indicator": "KP1", "score": 2},
                {**BASE, "dimension": "input", "indicator": "kp1", "score": 1},
            ],
            "indicator",
            "duplicate of row 0",
        ),
    ],
)
def test_detail_validation(rows, column, message):
    err = _detail_problems(rows)
    assert any(p.column == column and message in p.message for p in err.problems), str(err)


def test_synthetic_detail_reproduces_every_published_unit_score(results):
    det = synthetic.detail(results, seed=11)
    scores = toolkit.dimension_scores(det)
    published = results[(results["level"] == "unit") & (results["year"] >= 2022)]  # both instruments
    assert len(scores) == len(published) and set(scores["year"]) == {2022, 2023, 2024, 2025}
    merged = scores.merge(published, on=["year", "region", "unit"])
    assert (merged["composite"] == merged["score"]).all()
    assert det["synthetic"].all() and det["note"].str.contains("SYNTHETIC").all()
    indicators = det[det["indicator"].notna()]
    assert ((indicators["score"] * 4) % 1 == 0).all() and indicators["score"].between(0, 3).all()
    trust = det[det["indicator"].isna()]  # 2025: public trust, a dimension score without indicators
    assert set(trust["dimension"]) == {"kepercayaan"} and set(trust["year"]) == {2025}
    whole = indicators.groupby(["region", "unit"])["score"].transform(lambda s: bool((s % 1 == 0).all()))
    assert whole.mean() > 0.5  # most units need no fractional points


def test_synthetic_detail_is_seeded_and_structured(results):
    a = synthetic.detail(results, seed=5)
    pd.testing.assert_frame_equal(a, synthetic.detail(results, seed=5))
    assert not a["score"].equals(synthetic.detail(results, seed=6)["score"])
    # indicators of one dimension move together across units
    wide = a.pivot_table(index=["region", "unit"], columns="indicator", values="score")
    corr = wide.corr()
    codes = a.drop_duplicates("indicator").set_index("indicator")["dimension"]
    same = [corr.loc[i, j] for i, j in itertools.combinations(corr.columns, 2) if codes[i] == codes[j]]
    other = [corr.loc[i, j] for i, j in itertools.combinations(corr.columns, 2) if codes[i] != codes[j]]
    assert np.nanmean(same) > np.nanmean(other) + 0.05


# -- shipped templates and examples --------------------------------------------------------------
def test_templates_load_once_filled(tmp_path):
    from toolkit.paths import data_dir

    for name in (
        "detail-template.csv",
        "detail-template.xlsx",
        "detail-template-2025.csv",
        "detail-template-2025.xlsx",
    ):
        path = data_dir() / "templates" / name
        frame = pd.read_csv(path) if name.endswith(".csv") else pd.read_excel(path)
        with pytest.raises(DataError, match="score is missing"):
            toolkit.read_detail(path)  # as shipped, the scores are blank
        frame["nilai"] = np.where(frame["indikator"].isna(), 70, 2)
        loaded = toolkit.read_detail(frame)
        assert len(loaded) == len(frame) and not loaded["synthetic"].any()


def test_examples_match_their_generator():
    import importlib.util

    from toolkit.paths import data_dir

    spec = importlib.util.spec_from_file_location("gen", data_dir() / "examples" / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    committed = (data_dir() / "examples" / "kabupaten-bekasi-2022-detail-SYNTHETIC.csv").read_text()
    assert committed == gen.bekasi_detail().to_csv(index=False)
    loaded = toolkit.read_detail(data_dir() / "examples" / "kabupaten-bekasi-2022-detail-SYNTHETIC.csv")
    assert loaded["synthetic"].all()
    survey_file = data_dir() / "examples" / "kabupaten-bekasi-2022-skm-SYNTHETIC.csv"
    assert survey_file.read_text() == gen.bekasi_survey().to_csv(index=False)
    survey = toolkit.read_survey(survey_file)
    assert survey["synthetic"].all() and len(survey) == 400 and survey["unit"].nunique() == 7


def test_cli_drivers(capsys):
    from toolkit.cli import main
    from toolkit.paths import data_dir

    assert main(["drivers", "--region", "Kabupaten Bekasi", "--year", "2022", "--lang", "en"]) == 0
    out, _err = capsys.readouterr()
    assert "Dinas Pendidikan" in out and "34.80" not in out and "template" in out and "ILLUSTRATION" not in out
    assert (
        "Gaps between unit types within the same Pemda (2022–2024)" in out
        and "Number of Pemdas" in out
        and "n_pemdas" not in out
    )
    assert "Holm" in out and "CRV3" in out
    example = str(data_dir() / "examples" / "kabupaten-bekasi-2022-detail-SYNTHETIC.csv")
    assert main(["drivers", "--region", "Kab. Bekasi", "--year", "2022", "--detail", example, "--format", "json"]) == 0
    import json

    data = json.loads(capsys.readouterr()[0])
    assert data["synthetic"] and data["plan"]["reachable"] and len(data["units"]) == 5
    for model in data["models"].values():  # every model says what it rests on
        assert model["regime"] == "2022-2024" and model["years"] and model["n_units"] and model["n_regions"]
    assert data["sector_gaps"]["table"][0]["regime"] == "2022-2024"
    assert main(["drivers", "--region", "Kab. Bekasi", "--year", "2022", "--detail", example, "--target", "A"]) == 0
    out = capsys.readouterr()[0]
    assert "ILUSTRASI — data sintetis" in out and "menuju A" in out
    assert main(["drivers", "--region", "Atlantis", "--year", "2022"]) == 2
