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
def test_bekasi_pemda_plan_needs_34_83_points(results):
    plan = improvement_plan(results, "Kabupaten Bekasi", 2022)
    assert plan.reachable
    assert plan.total_cost == pytest.approx(7 * 78.00 - 511.17)  # = 34.83 points at cost 1 each
    assert plan.actions["steps"].sum() == pytest.approx(34.83)
    assert plan.final_score == 78.0 and plan.actions["score_after"].iloc[-1] == 78.0
    # among equally cheap plans, the one that moves most units into green: all but Disdik
    assert plan.units_to_green == 4
    assert set(plan.actions.loc[plan.actions["reaches_green"], "unit"]) == {
        "Disdukcapil",
        "Puskesmas Cibatu",
        "Dinas Kesehatan",
        "Dinas Sosial",
    }


def test_pemda_plan_with_costs_file(results, tmp_path):
    costs = tmp_path / "biaya.csv"
    costs.write_text("opd,biaya\nDinas Pendidikan,0.5\n")
    plan = improvement_plan(results, "Kabupaten Bekasi", 2022, costs=costs)
    assert list(plan.actions["unit"]) == ["Dinas Pendidikan"]
    assert plan.total_cost == pytest.approx(34.83 * 0.5)


def test_pemda_plan_to_grade_a_and_already_met(results):
    plan = improvement_plan(results, "Kab. Bekasi", 2022, target="A")
    assert plan.target == 88.0 and plan.total_cost == pytest.approx(7 * 88 - 511.17)
    met = improvement_plan(results, "Kota Bengkulu", 2024)
    assert met.reachable and met.actions.empty and "already met" in met.message["en"]


def test_unit_plan_with_detail(bekasi_detail):
    plan = improvement_plan(detail=bekasi_detail, unit="Dinas Sosial")
    assert plan.reachable and plan.scope == "unit" and plan.synthetic
    assert plan.current == 62.72 and plan.final_score >= 78.0
    assert plan.actions["gain_per_cost"].is_monotonic_decreasing
    assert plan.actions["score_after"].is_monotonic_increasing


def test_unreachable_target_is_said_plainly():
    rows = pd.DataFrame(
        {
            "year": 2022,
            "region": "Kota X",
            "unit": "Dinsos",
            "dimension": ["input", "proses", "output", "pengaduan", "pengaduan"],
            "indicator": [None, None, None, "PG1", "PG2"],
            "score": [40, 40, 40, 0, 0],
        }
    )
    plan = improvement_plan(detail=toolkit.read_detail(rows), unit="Dinsos", target="green")
    assert not plan.reachable and plan.actions.empty
    assert "cannot be reached" in plan.message["en"] and "tidak dapat dicapai" in plan.message["id"]


def _brute_force(levels, gains, costs, need):
    best = None
    for steps in itertools.product(*[range(k + 1) for k in levels]):
        if sum(g * s for g, s in zip(gains, steps, strict=True)) >= need - 1e-9:
            c = sum(c * s for c, s in zip(costs, steps, strict=True))
            best = c if best is None else min(best, c)
    return best


@pytest.mark.parametrize("seed", range(12))
def test_plan_equals_brute_force_on_small_cases(seed, tmp_path):
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
    detail = toolkit.read_detail(rows)
    cost_values = rng.choice([0.5, 1.0, 2.0, 3.0], size=n_ind)
    costs = pd.DataFrame({"indicator": [f"I{i}" for i in range(n_ind)], "cost": cost_values})
    target = float(rng.uniform(40, 100))
    plan = improvement_plan(detail=detail, unit="Dinsos", target=round(target, 2), costs=costs)
    weights = toolkit.scheme_for(2022).weights
    current = sum(weights[d] * s / 3 for d, s in zip(dims, scores, strict=True))
    gains = [weights[d] / 3 for d in dims]
    expected = _brute_force([3 - s for s in scores], gains, list(cost_values), round(target, 2) - current)
    if expected is None:
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
    ols = models["ols"]
    assert ols.fitted and list(ols.table.columns) == ["term", "estimate", "std_error", "ci_low", "ci_high", "p_value"]
    assert ols.reading["en"].startswith("OLS") and ols.reading["id"].startswith("OLS")
    logit = models["logit"]  # every DPMPTSP is green: the logit cannot be estimated
    assert not logit.fitted and "separation" in logit.reason["en"] and logit.table.empty


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
    for model in fit_models(tiny).values():
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
REPLICATIONS = 100
SCALE = 4.0


@pytest.mark.parametrize("model", ["ols", "mixed", "logit", "ordered"])
def test_models_recover_planted_effects(model):
    """Each planted coefficient lies in its 95 % interval in >= 90 % of seeded replications.

    OLS, logit and ordered logit: logistic noise (scale 4), no region effect, so the logit of
    "not green" has coefficients -effect/4 and the ordered logit of grade +effect/4.
    Mixed model: normal noise plus a region intercept (sd 4), 40 regions.
    """
    hits = {term: 0 for term in EFFECTS}
    for rep in range(REPLICATIONS):
        if model == "mixed":
            panel = synthetic.panel(
                n_regions=40, effects=EFFECTS, region_sd=4.0, noise="normal", noise_scale=SCALE, seed=rep
            )
        else:
            panel = synthetic.panel(
                n_regions=30, effects=EFFECTS, region_sd=0.0, noise="logistic", noise_scale=SCALE, seed=rep
            )
        result = fit_models(panel, models=(model,))[model]
        assert result.fitted, result.reason
        table = result.table.set_index("term")
        for term, effect in EFFECTS.items():
            truth = {"logit": -effect / SCALE, "ordered": effect / SCALE}.get(model, effect)
            hits[term] += bool(table.loc[term, "ci_low"] <= truth <= table.loc[term, "ci_high"])
    coverage = {term: h / REPLICATIONS for term, h in hits.items()}
    assert min(coverage.values()) >= 0.90, coverage


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
    published = results[(results["level"] == "unit") & results["year"].between(2022, 2024)]
    assert len(scores) == len(published)
    merged = scores.merge(published, on=["year", "region", "unit"])
    assert (merged["composite"] == merged["score"]).all()
    assert det["synthetic"].all() and det["note"].str.contains("SYNTHETIC").all()
    assert ((det["score"] * 4) % 1 == 0).all() and det["score"].between(0, 3).all()
    whole = det.groupby(["region", "unit"])["score"].transform(lambda s: bool((s % 1 == 0).all()))
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

    for name in ("detail-template.csv", "detail-template.xlsx"):
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
    assert "Dinas Pendidikan" in out and "34.83" in out and "template" in out and "ILLUSTRATION" not in out
    example = str(data_dir() / "examples" / "kabupaten-bekasi-2022-detail-SYNTHETIC.csv")
    assert main(["drivers", "--region", "Kab. Bekasi", "--year", "2022", "--detail", example, "--format", "json"]) == 0
    import json

    data = json.loads(capsys.readouterr()[0])
    assert data["synthetic"] and data["plan"]["reachable"] and len(data["units"]) == 5
    assert main(["drivers", "--region", "Kab. Bekasi", "--year", "2022", "--detail", example, "--target", "A"]) == 0
    out = capsys.readouterr()[0]
    assert "ILUSTRASI — data sintetis" in out and "menuju A" in out
    assert main(["drivers", "--region", "Atlantis", "--year", "2022"]) == 2
