"""Plans for the next assessment (#20): measured from the published Pemda score, judged by the
instrument of the next assessment, aimed at the target plus a margin, with their sensitivity to
the effort assumption; p-values never printed as 0,000; the logit models name their estimator."""

import numpy as np
import pandas as pd
import pytest

import toolkit
import toolkit.drivers.plan as plan_module
from toolkit.drivers import decompose_pemda, fit_models, improvement_plan, pemda_base
from toolkit.drivers.plan import next_assessment
from toolkit.errors import DataError, SchemeError
from toolkit.i18n import fmt_p
from toolkit.records import Drivers

UNITS = ["Dinas Pendidikan", "Dinas Kesehatan", "Dinas Sosial", "Disdukcapil", "DPMPTSP", "Puskesmas A"]


def _frame(year, scores, region="Kota X", pemda=None):
    rows = pd.DataFrame({"year": year, "region": region, "unit": UNITS[: len(scores)]})
    rows["score"] = scores
    if pemda is not None:
        rows = pd.concat([rows, pd.DataFrame({"year": [year], "region": [region], "unit": [None], "score": [pemda]})])
    return toolkit.read_results(rows.reset_index(drop=True))


# -- 1. the gap is measured from the published score --------------------------------------------
def test_jayapura_2023_plan_and_pulls_start_from_the_published_score(results):
    """data/published/results.csv, rows 197-203 (kabarpapua.co; dinkes.jayapurakab.go.id): six
    units 38.50, 39.41, 41.48, 54.14, 62.81, 91.31 (mean 54.61) and the published Pemda score 56.80.
    Before #20 the plan started at 54.61 and the six pulls added to 23.39 while 78 - 56.80 = 21.20
    are needed. The 2022-2024 scheme says an assessment covers 7 units: the unlisted one is held at
    the mean the published score implies, 7 x 56.80 - 327.65 = 69.95."""
    base = pemda_base(results, "Kabupaten Jayapura", 2023)
    assert (base.start, base.rule, base.n_listed, base.n_units) == (56.8, "unlisted", 6, 7)
    assert base.units_mean == pytest.approx(327.65 / 6)
    assert base.implied == pytest.approx(69.95)
    pulls = decompose_pemda(results, "Kabupaten Jayapura", 2023)["pull"]
    assert pulls.sum() == pytest.approx(140.35 / 7, abs=0.01)  # 20.05, not 23.39
    assert pulls.sum() + base.rest_pull(78.0) == pytest.approx(78.0 - 56.80, abs=0.01)  # 21.20

    plan = improvement_plan(results, "Kabupaten Jayapura", 2023)
    assert plan.current == 56.8 and plan.basis["rest_pull"] == pytest.approx(1.15, abs=0.005)
    # out of reach: five units + 20 points and Dinas Kesehatan to 100, over 7 units
    assert not plan.reachable and plan.best_possible == pytest.approx(56.8 + (5 * 20 + 8.69) / 7, abs=0.01)
    said = plan.notes[1]["en"]
    assert "only 6 of the 7 units" in said and "69.95" in said and "21.20" in said
    assert "6 dari 7 unit" in plan.notes[1]["id"]


def test_an_unreachable_target_gets_the_steps_to_the_best_possible(results):
    """Kabupaten Jayapura 2023 cannot reach green in one cycle; the plan still lists the steps
    that come closest: five units +20 (the cap) and Dinas Kesehatan 91.31 to 100 (+8.69), which
    add (5 x 20 + 8.69) / 7 = 15.53 to 56.80 = 72.33, the best possible it reports."""
    plan = improvement_plan(results, "Kabupaten Jayapura", 2023)
    assert not plan.reachable and plan.toward_best
    steps = dict(zip(plan.actions["unit"], plan.actions["steps"], strict=True))
    assert steps == {
        "DPMPTSP": 20.0,
        "Dinas Pendidikan": 20.0,
        "Dinas Sosial": 20.0,
        "Puskesmas Harapan": 20.0,
        "Puskesmas Sentani": 20.0,
        "Dinas Kesehatan": 8.69,
    }
    assert plan.final_score == plan.best_possible == 72.33
    assert plan.actions["gain"].sum() == pytest.approx(108.69 / 7)
    assert any("72,33" in note["id"] and "siklus berikutnya" in note["id"] for note in plan.notes)
    reachable = improvement_plan(results, "Kabupaten Bekasi", 2022)
    assert reachable.reachable and not reachable.toward_best


def test_a_green_pemda_gets_the_plan_to_the_next_level(tmp_path):
    """A Pemda already green under the default target plans for the next band up (B to A at 88;
    2025: "Kualitas Tinggi" to "Kualitas Tertinggi"), said in its first note; one in the top band,
    or given another target, keeps its plan."""
    from toolkit.analysis import _plan
    from toolkit.request import resolve

    def planned(year, scores, **options):
        path = tmp_path / f"results-{year}-{len(scores)}.csv"
        pd.DataFrame({"year": year, "region": "Kota X", "unit": UNITS[: len(scores)], "score": scores}).to_csv(
            path, index=False
        )
        return _plan(toolkit.read_results(path), resolve("Kota X", year, results_path=path, **options), None, None)

    plan = planned(2023, [80.0, 84.0, 86.0, 90.0, 92.0, 94.0])  # mean 87.67: B, green
    assert plan["next_level"] and plan["target"] == 88.0 and plan["target_label"] == "A"
    assert plan["notes"][0]["id"].startswith(
        "Pemda sudah di zona hijau; rencana ini menuju tingkat berikutnya, kategori A"
    )
    assert plan["reachable"] and plan["final_score"] >= 88.5  # the margin above 88
    plan = planned(2025, [80.0, 84.0, 86.0])  # 83.33: "Kualitas Tinggi"
    assert plan["next_level"] and plan["target"] == 88.0 and "Kualitas Tertinggi" in plan["notes"][0]["id"]
    assert not planned(2023, [90.0, 92.0, 94.0])["next_level"]  # already A
    assert not planned(2023, [80.0, 84.0, 86.0, 90.0, 92.0, 94.0], target="A")["next_level"]


def test_a_published_score_equal_to_the_mean_keeps_the_exact_mean(results):
    """Kabupaten Bekasi 2022 publishes 73.02, the rounding of 511.17 / 7: the listed units are the
    Pemda's units and the pulls add to 78 - 73.024 as before."""
    base = pemda_base(results, "Kabupaten Bekasi", 2022)
    assert base.rule == "mean" and base.start == pytest.approx(511.17 / 7) and base.n_units == 7
    assert base.note(78.0, "ombudsman-2022") is None
    assert base.rest_pull(78.0) == pytest.approx(0.0)


def test_a_differing_published_score_is_held_apart_from_the_units(results):
    """Kota Magelang 2021 publishes 68.27 while its four units average 62.21 (the 2015-2021 score
    is averaged over service products): the plan starts at 68.27 and says the assumption."""
    plan = improvement_plan(results, "Kota Magelang", 2021)
    assert plan.current == 68.27 and plan.basis["rule"] == "products"
    assert any("averaged over service products" in n["en"] and "-6.06" in n["en"] for n in plan.notes)
    # more units listed than the published score can be the mean of (implied mean off the scale)
    frame = _frame(2023, [40.0, 41.0, 42.0, 43.0, 44.0, 45.0], pemda=99.0)
    base = pemda_base(frame, "Kota X", 2023)
    assert base.rule == "difference" and base.n_units == 6 and base.start == 99.0


# -- 2. the next assessment and its instrument --------------------------------------------------
def test_2021_plan_is_not_a_one_cycle_target_on_the_2022_instrument(results):
    plan = improvement_plan(results, "Kota Magelang", 2021)
    assert plan.next_assessment == {
        "year": 2022,
        "scheme": "ombudsman-2022",
        "regime": "2022-2024",
        "same_instrument": False,
        "green": 78.0,
        "checklist": True,
    }
    en = plan.message["en"]
    assert "another instrument" in en and "no target reachable in one cycle" in en
    assert "kepatuhan prepare --template --year 2022" in en and "reached by raising" not in en
    assert plan.notes[0]["en"].startswith("Only as a reading on the scale of the 2015–2021 instrument:")
    assert "kepatuhan prepare --template --year 2022" in plan.message["id"]


def test_2023_plan_is_judged_by_the_same_instrument_in_2024(results):
    plan = improvement_plan(results, "Kabupaten Jayapura", 2023)
    assert plan.next_assessment["year"] == 2024 and plan.next_assessment["same_instrument"]
    assert plan.notes[0]["en"] == "This plan is for the 2024 assessment, which uses the same instrument (2022–2024)."
    assert "cannot be reached in one cycle" in plan.message["en"]


def test_2024_plan_points_to_the_2025_instrument():
    plan = improvement_plan(_frame(2024, [60.0, 70.0]), "Kota X", 2024)
    assert plan.next_assessment["scheme"] == "ombudsman-2025" and not plan.next_assessment["same_instrument"]
    assert "The next assessment (2025) uses another instrument (from 2025" in plan.message["en"]
    assert "--year 2025" in plan.message["en"]
    # a target already met keeps its message and still says the instrument changes
    met = improvement_plan(_frame(2024, [90.0, 95.0]), "Kota X", 2024)
    assert "already met" in met.message["en"] and "another instrument" in met.notes[0]["en"]


def test_next_instrument_not_known(monkeypatch):
    real = plan_module.scheme_for

    def known_until_2022(year):
        if int(year) > 2022:
            raise SchemeError("no scheme")
        return real(year)

    monkeypatch.setattr(plan_module, "scheme_for", known_until_2022)
    plan = improvement_plan(_frame(2022, [60.0, 70.0]), "Kota X", 2022)
    assert plan.next_assessment["scheme"] is None and plan.next_assessment["same_instrument"] is None
    assert plan.notes[0]["en"].startswith("The instrument of the 2023 assessment is not known")


def test_next_assessment_skips_a_year_without_one():
    assert next_assessment(2019)["year"] == 2021 and next_assessment(2019)["same_instrument"]


# -- 3. margin and sensitivity ------------------------------------------------------------------
def test_plan_aims_at_the_target_plus_a_margin(results):
    """Bekasi 2022 with the default margin of 0.5: 7 x 78.50 - 511.17 = 38.33 points of unit
    gains, ending at 78.50, not at 77.995 ("green" only by the assumed rounding)."""
    plan = improvement_plan(results, "Kabupaten Bekasi", 2022)
    assert plan.margin == 0.5 and plan.aim == 78.5 and plan.final_score == 78.5
    assert plan.actions["steps"].sum() == pytest.approx(38.33)
    margin = [n for n in plan.notes if "margin" in n["en"]]
    assert len(margin) == 1 and "unconfirmed" in margin[0]["en"] and "belum terkonfirmasi" in margin[0]["id"]
    with pytest.raises(DataError):
        improvement_plan(results, "Kabupaten Bekasi", 2022, margin=-1)


def test_only_the_target_without_its_margin_is_said_so():
    """Two units at 77 and 78 (mean 77.50), each capped at 0.99 points: 78.49 is the best, so
    78.50 is out of reach while 78.00 is not."""
    frame = _frame(2022, [77.0, 78.0])
    costs = pd.DataFrame({"unit": [None], "cost": [1.0], "max_gain": [0.99]})
    plan = improvement_plan(frame, "Kota X", 2022, costs=costs)
    assert plan.reachable and plan.aim == 78.0 and 78.0 <= plan.final_score < 78.5
    assert any("only without a margin" in n["en"] for n in plan.notes)


def test_sensitivity_lists_what_every_variant_moves(results):
    plan = improvement_plan(results, "Kabupaten Bekasi", 2022)
    variants = {v["variant"]: v for v in plan.sensitivity}
    assert list(variants) == ["headroom", "flat", "greens"]
    assert variants["headroom"]["moves"] == dict(zip(plan.actions["unit"], plan.actions["steps"], strict=True))
    every = set.intersection(*(set(v["moves"]) for v in plan.sensitivity if v["reachable"]))
    assert set(plan.stable) == every and plan.stable
    # "most units to green" brings at least as many units to green as either other variant
    assert variants["greens"]["units_to_green"] >= max(variants["flat"]["units_to_green"], plan.units_to_green)
    said = plan.notes[-1]["en"]
    assert said.startswith("Sensitivity to the effort assumption") and ", ".join(plan.stable) in said


def test_plan_fields_survive_the_drivers_record():
    from toolkit.analysis import drivers
    from toolkit.request import resolve

    record = drivers(resolve("Kabupaten Jayapura", 2023))
    again = Drivers.from_json(record.to_json())
    assert again.plan == record.plan and again.plan["basis"]["n_units"] == 7
    assert {"margin", "aim", "basis", "next_assessment", "sensitivity", "stable"} <= set(record.plan)


# -- 4. p-values and the logit estimator --------------------------------------------------------
def test_small_p_values_are_never_zero(results):
    assert fmt_p(0.0004, "id") == "< 0,001" and fmt_p(0.0004, "en", sentence=True) == "< 0.001"
    assert fmt_p(0.0005, "en") == "0.001"  # rounds to 0.001: printed as it is
    ols = fit_models(results, regime="2022-2024")["2022-2024"]["ols"]
    assert "p Holm < 0,001" in ols.reading["id"] and "Holm-adjusted p < 0.001" in ols.reading["en"]
    assert "0,000" not in ols.reading["id"] and "0.000" not in ols.reading["en"]


def test_logit_names_its_cr1_estimator():
    rng = np.random.default_rng(3)
    names = ["Dinas Pendidikan", "Dinas Kesehatan", "Dinas Sosial"]
    rows = [
        {"year": 2022, "region": f"Kabupaten R{g}", "unit": k, "score": s}
        for g in range(14)
        for k in names
        for s in [float(np.clip(rng.normal(78 - 4 * (k == names[0]), 6), 0, 100))]
    ]
    frame = toolkit.read_results(pd.DataFrame(rows))
    logit = fit_models(frame, terms=("unit_type",), models=("logit",), regime="2022-2024")["2022-2024"]["logit"]
    assert logit.fitted, logit.reading["en"]
    assert logit.inference.startswith("CR1") and "CR1" in logit.reading["en"] and "not the CRV3" in logit.reading["en"]


# -- what the brief recommends from these plans ---------------------------------------------------
@pytest.fixture(scope="module")
def recommended(tmp_path_factory):
    """The recommendations of a region's brief, from the steps the notebooks run (no kernel)."""
    from toolkit import outputs
    from toolkit.recommend import recommendations
    from toolkit.request import resolve

    cache = tmp_path_factory.mktemp("cache")

    def recs(region: str, year: int, lang: str = "id") -> list[dict]:
        request = resolve(region, year, lang=lang, output_dir=tmp_path_factory.mktemp("out"), cache_dir=cache)
        outputs.overview(request), outputs.drivers(request)
        data = outputs.gather(request.output_dir).record
        return recommendations(data, data.overview.summary, lang)

    return recs


def test_an_unreachable_plan_is_recommended_as_the_closest_steps(recommended):
    """Kabupaten Jayapura 2023: first the plain sentence that green is out of reach this cycle
    (72,33 at most), then four units of the plan (+20 each, the cap), the two others in one entry,
    the 2024 checklist, the survey."""
    recs = recommended("Kabupaten Jayapura", 2023)
    assert recs[0]["text"].startswith("Target 78,00 tidak tercapai dalam satu siklus") and "72,33" in recs[0]["text"]
    assert all("(+20,00 poin)" in r["text"] for r in recs[1:5])
    assert recs[5]["text"] == (
        "Rencana juga menaikkan 2 unit lain: Puskesmas Sentani (+20,00), Dinas Kesehatan (+8,69) (lihat tabel rencana)."
    )
    assert "instrumen penilaian 2024 (39 indikator" in recs[6]["text"] and len(recs) == 8


def test_before_a_new_instrument_the_brief_recommends_its_checklist(recommended):
    """Kabupaten Bekasi 2024 (published 87,88, no unit scores): 2025 is another instrument, so no
    unit-score target; its checklist (30 indicators, an unofficial list, said in the basis) with
    its heaviest self-assessed dimension and the 30 points of public trust a unit does not fill in."""
    first = recommended("Kabupaten Bekasi", 2024)[0]
    assert (
        first["text"].startswith("Siapkan setiap unit yang akan dinilai pada 2025") and "30 indikator" in first["text"]
    )
    assert "Input (bobot 25,00)" in first["text"] and "Kepercayaan masyarakat (30 poin)" in first["text"]
    assert "tidak resmi" in first["basis"] and first["checklist_year"] == 2025
    binjai = recommended("Kota Binjai", 2022, "en")  # a Pemda score only: ask for the unit report first
    assert binjai[0]["text"].startswith("Ask the Ombudsman RI representative office")
    assert (
        binjai[1]["text"].startswith("Prepare every unit to be assessed in 2023")
        and "39 indicators" in binjai[1]["text"]
    )
