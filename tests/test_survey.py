"""SKM / IKM: hand-computed cases, bands, Krejcie–Morgan, chunks, bad input, IPA, bootstrap coverage."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit
from toolkit import round_half_up, synthetic
from toolkit import survey as sv
from toolkit.errors import DataError
from toolkit.survey import _grades, _intervals, _parts

ITEMS = sv.ITEMS


def answers(values, n=30):
    return pd.DataFrame({item: [float(values)] * n for item in ITEMS})


def test_every_answer_4_and_1():
    assert sv.ikm(answers(4), n_boot=0)["ikm"].iloc[0] == 100.00
    assert sv.ikm(answers(4), weights="0.111", n_boot=0)["ikm"].iloc[0] == 99.90
    one = sv.ikm(answers(1), n_boot=0).iloc[0]
    assert one["ikm"] == 25.00 and one["mutu"] == "D" and one["kinerja"] == "Tidak Baik"
    assert sv.ikm(answers(1), weights="0.111", n_boot=0)["mutu"].iloc[0] == "D"  # 24.98 is still D
    assert sv.ikm(answers(4), n_boot=0)["weights"].iloc[0] == "1/9"


def test_hand_computed_nrr_and_ikm():
    # U1 answers 4,3,3,2 (NRR 3.0); U2..U9 all 3 (NRR 3.0) except U9 = 4,4,4,4 (NRR 4.0)
    frame = pd.DataFrame({item: [3.0] * 4 for item in ITEMS})
    frame["U1"] = [4.0, 3.0, 3.0, 2.0]
    frame["U9"] = 4.0
    row = sv.ikm(frame, n_boot=0).iloc[0]
    assert row["U1"] == 3.0 and row["U9"] == 4.0
    assert row["ikm"] == round_half_up(25 * (8 * 3 + 4) / 9)  # 77.78
    assert row["ikm"] == 77.78 and row["mutu"] == "B" and row["kinerja"] == "Baik"


@pytest.mark.parametrize(
    ("target", "mutu"),
    [(88.31, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"), (65.00, "C"), (64.99, "D")],
)
def test_band_boundaries(target, mutu):
    assert _grades._grade(np.array([target]))[0] == [mutu]


def test_missing_answers_are_left_out_per_item_and_counted():
    frame = answers(4, n=10)
    frame.loc[:4, "U3"] = np.nan  # five blanks in U3; the other five answers are 4
    frame.loc[0, "U5"] = 1.0
    row = sv.ikm(frame, n_boot=0).iloc[0]
    assert row["U3"] == 4.0 and row["n_missing"] == 5 and row["n"] == 10
    assert row["U5"] == pytest.approx(3.7)


@pytest.mark.parametrize(
    ("population", "expected"),
    # Krejcie & Morgan (1970), Table 1
    [
        (10, 10),
        (15, 14),
        (20, 19),
        (50, 44),
        (100, 80),
        (200, 132),
        (500, 217),
        (1000, 278),
        (2000, 322),
        (5000, 357),
        (10000, 370),
        (50000, 381),
        (1000000, 384),
    ],
)
def test_krejcie_morgan_table(population, expected):
    assert sv.sample_size(population) == expected
    assert sv.sample_size(population, rounding="up") in (expected, expected + 1)


def test_sample_size_errors():
    for bad in (0, -5, 2.5, "100", True):
        with pytest.raises(DataError):
            sv.sample_size(bad)


def test_population_adds_required_sample():
    row = sv.ikm(answers(3, n=50), population=100, n_boot=0).iloc[0]
    assert row["n_required"] == 80 and not row["sample_ok"]


@pytest.fixture(scope="module")
def synthetic_survey():
    return synthetic.survey(20000, 12, seed=3)


def test_chunked_equals_whole(synthetic_survey):
    whole = sv.ikm(synthetic_survey, by="unit", n_boot=0).sort_values("unit").reset_index(drop=True)
    chunks = [synthetic_survey.iloc[i : i + 3001] for i in range(0, len(synthetic_survey), 3001)]
    parts = sv.combine_parts([sv.survey_parts(c, "unit") for c in chunks], "unit")
    merged = sv.ikm_from_parts(parts, "unit").sort_values("unit").reset_index(drop=True)
    pd.testing.assert_frame_equal(
        whole[merged.columns.drop(["unit"])].astype(float, errors="ignore"),
        merged[merged.columns.drop(["unit"])].astype(float, errors="ignore"),
    )


def test_dask_frame_gives_the_same_point_estimates(synthetic_survey):
    import dask.dataframe as dd

    frame = synthetic_survey.drop(columns=["note"])
    ddf = dd.from_pandas(frame, npartitions=4)
    got = sv.ikm(ddf, by="unit", n_boot=200).set_index("unit").sort_index()
    want = sv.ikm(frame, by="unit", n_boot=0).set_index("unit").sort_index()
    assert (got["ikm"] == want["ikm"]).all() and (got["n"] == want["n"]).all()
    assert (got["ikm_low"] < got["ikm"]).all() and (got["ikm"] < got["ikm_high"]).all()


def test_multiple_grouping_columns(synthetic_survey):
    out = sv.ikm(synthetic_survey, by=["unit", "gender"], n_boot=0)
    assert len(out) == 24 and out["n"].sum() == len(synthetic_survey)


def test_exact_and_normal_bootstrap_agree():
    frame = synthetic.survey(480, 1, seed=9, truth_draws=0)
    exact = sv.ikm(frame, n_boot=2000, seed=1).iloc[0]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_intervals, "EXACT_BOOTSTRAP_MAX", 50)
        normal = sv.ikm(frame, n_boot=2000, seed=1).iloc[0]
    assert exact["boot_method"] == "studentised" and normal["boot_method"] == "normal"
    assert abs(exact["ikm_low"] - normal["ikm_low"]) < 0.3 and abs(exact["ikm_high"] - normal["ikm_high"]) < 0.3


@pytest.mark.parametrize("size", [150, 3000])
def test_bootstrap_interval_covers_the_truth_at_about_the_nominal_rate(size):
    """Over seeded replications, the 95 % interval covers the generating IKM 90-99 % of the time.

    150 respondents per unit exercises resampling, 3,000 the normal limit.
    """
    hits, total = 0, 0
    for rep in range(8):
        frame = synthetic.survey(size * 25, 25, seed=100 + rep, missing_rate=0.02, truth_draws=40_000)
        out = sv.ikm(frame, by="unit", n_boot=400, seed=rep)
        truth = out["unit"].map(frame.attrs["true_ikm"])
        hits += int(((out["ikm_low"] - 0.01 <= truth) & (truth <= out["ikm_high"] + 0.01)).sum())
        total += len(out)
    assert 0.90 <= hits / total <= 0.99, hits / total


@pytest.mark.slow
@pytest.mark.parametrize("size", [10, 20, 30, 60])
def test_small_sample_interval_keeps_nominal_coverage(size):
    """Studentised bootstrap (each replicate with its own linearised standard error): the 95 %
    interval covers the generating IKM 0.92-0.98 of the time with exactly ``size`` respondents
    per unit (the percentile interval covered 0.89 at n = 10)."""
    hits = total = 0
    for rep in range(10):
        frame = synthetic.survey(size * 40, 40, seed=300 + rep, missing_rate=0.02, truth_draws=20_000, balanced=True)
        out = sv.ikm(frame, by="unit", n_boot=600, seed=rep)
        assert (out["n"] == size).all() and (out["boot_method"] == "studentised").all()
        truth = out["unit"].map(frame.attrs["true_ikm"])
        hits += int(((out["ikm_low"] - 0.01 <= truth) & (truth <= out["ikm_high"] + 0.01)).sum())
        total += len(out)
    print(f"coverage at n = {size}: {hits / total:.3f} over {total} units")
    assert 0.92 <= hits / total <= 0.98, hits / total


def test_ipa_recovers_the_planted_importance_ranking(synthetic_survey):
    from scipy.stats import spearmanr

    result = sv.ipa(synthetic_survey)
    rho = spearmanr(result["importance"], synthetic.DEFAULT_ITEM_EFFECTS).statistic
    assert rho >= 0.9
    assert set(result["quadrant"]) <= set(sv.QUADRANTS)
    no_overall = sv.ipa(synthetic_survey.drop(columns=["overall"]))
    assert (no_overall["importance_basis"] == "other_items").all()


# -- loader ------------------------------------------------------------------------------------
def test_read_survey_indonesian_headers_and_blanks(tmp_path):
    header = "opd;persyaratan;prosedur;waktu;biaya;produk;kompetensi;perilaku;pengaduan;sarana;kepuasan"
    path = tmp_path / "skm.csv"
    path.write_text(header + "\nDinsos;4;3;;4;3;3;4;2;1;4\nDinsos;3;3;3;3;3;3;3;3;3;3\n")
    frame = sv.read_survey(path)
    assert list(frame["unit"]) == ["Dinsos", "Dinsos"] and np.isnan(frame.loc[0, "U3"])
    assert frame["overall"].tolist() == [4.0, 3.0]
    assert sv.ikm(frame, by="unit", n_boot=0)["n_missing"].iloc[0] == 1


def test_read_survey_lists_every_bad_cell():
    frame = answers(3, n=5)
    frame["U2"] = ["3", "5", "x", "2.5", "0"]
    with pytest.raises(DataError) as err:
        sv.read_survey(frame)
    assert err.value.total == 4
    assert [(p.row, p.column) for p in err.value.problems] == [(1, "U2"), (2, "U2"), (3, "U2"), (4, "U2")]


def test_read_survey_caps_the_listing_but_counts_all():
    frame = answers(3, n=3000)
    frame["U1"] = 9.0
    with pytest.raises(DataError) as err:
        sv.read_survey(frame)
    assert err.value.total == 3000 and len(err.value.problems) == 1000 and "and 2950 more" in str(err.value)


def test_read_survey_missing_item_column():
    with pytest.raises(DataError, match="'U9' is missing"):
        sv.read_survey(answers(3).drop(columns=["U9"]))


cell = st.one_of(
    st.none(), st.integers(-2, 6), st.floats(allow_nan=True), st.sampled_from(["", "3", "4,0", "x", " 2 "])
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cell, min_size=9, max_size=9), min_size=0, max_size=8))
def test_any_survey_loads_and_scores_or_raises_data_error(rows):
    frame = pd.DataFrame(rows, columns=ITEMS) if rows else pd.DataFrame(columns=ITEMS)
    try:
        loaded = sv.read_survey(frame)
    except DataError:
        return
    assert len(loaded) == len(frame)
    sv.ikm(loaded, n_boot=20)


def test_parts_are_exact_for_values_read_survey_would_refuse():
    """survey_parts on a raw frame: fractions, out-of-range and negative values take the general path."""
    for values in ([2.5, 4.0, np.nan, 3.0], [5.0, 4.0, 1.0, 1.0], [-1.0, 2.0, 3.0, 4.0], [np.nan] * 4):
        frame = pd.DataFrame({item: values for item in ITEMS})
        parts = sv.survey_parts(frame)
        present = [v for v in values if v == v]
        assert parts["cnt_U1"].iloc[0] == len(present) and parts["sum_U1"].iloc[0] == pytest.approx(sum(present))


def test_items_mapped_by_name_when_a_tool_numbers_them_differently():
    """e-smile (Tulang Bawang Barat) puts sarana at U8 and pengaduan at U9; names win over numbers."""
    answers = {f"U{i}": [3, 3] for i in range(1, 8)}
    swapped = pd.DataFrame({**answers, "U8 Sarana dan Prasarana": [1, 2], "U9 Penanganan Pengaduan": [4, 4]})
    standard = pd.DataFrame({**answers, "U8": [4, 4], "U9": [1, 2]})
    a, b = toolkit.read_survey(swapped), toolkit.read_survey(standard)
    assert a[["U8", "U9"]].equals(b[["U8", "U9"]])
    assert a.attrs["items_by_name"] == {"U8 Sarana dan Prasarana": "U9", "U9 Penanganan Pengaduan": "U8"}
    assert toolkit.ikm(a)["ikm"].iloc[0] == toolkit.ikm(b)["ikm"].iloc[0]


def test_grade_uncertain_when_the_interval_crosses_a_band(synthetic_survey):
    out = sv.ikm(synthetic_survey, by="unit", n_boot=300, seed=1)
    edges = np.array([65.0, 76.61, 88.31])
    crosses = [
        bool(((edges > lo) & (edges <= hi)).any()) for lo, hi in zip(out["ikm_low"], out["ikm_high"], strict=True)
    ]
    assert out["grade_uncertain"].tolist() == crosses
    assert out["ikm_se"].gt(0).all()


def test_empirical_bayes_shrinks_imprecise_units_more():
    frame = synthetic.survey(2000, 10, seed=4, truth_draws=0)
    small = frame[frame["unit"].astype(str) != frame["unit"].astype(str).iloc[0]]
    few = frame[frame["unit"].astype(str) == frame["unit"].astype(str).iloc[0]].head(8)
    out = sv.ikm(pd.concat([small, few]), by="unit", n_boot=0, shrink=True)
    tiny = out["n"].idxmin()
    assert out.loc[tiny, "n"] == 8
    se2 = out["ikm_se"] ** 2
    tau2 = max(0.0, float(np.var(out["ikm"], ddof=1) - se2.mean()))
    factor = se2 / (se2 + tau2)  # the share of the way to the centre each unit moves
    assert factor.idxmax() == tiny  # the unit with 8 answers is pulled hardest
    centre = np.average(out["ikm"], weights=1 / (se2 + tau2))
    expected = toolkit.round_half_up(factor * centre + (1 - factor) * out["ikm"])
    assert out["ikm_shrunk"].to_numpy() == pytest.approx(np.asarray(expected), abs=0.011)
    between = (out["ikm_shrunk"] - centre).abs() <= (out["ikm"] - centre).abs() + 0.01
    assert between.all()  # every unit moves toward the centre, none past it


def test_sample_size_for_precision_and_change():
    assert sv.sample_size_precision(2.0, sd=10) == 97  # (1.96 x 10 / 2)^2 = 96.04
    assert sv.sample_size_precision(2.0, sd=10, population=100) < 97
    assert sv.sample_size_change(3.0, sd=10) == 175  # 2 x (2.80 x 10 / 3)^2 = 174.4
    assert sv.sample_size_change(3.0, sd=10, power=0.9) > 175
    with pytest.raises(ValueError):
        sv.sample_size_precision(0)


def test_ipa_reports_how_stable_each_quadrant_is(synthetic_survey):
    one = synthetic_survey[synthetic_survey["unit"].astype(str) == synthetic_survey["unit"].astype(str).iloc[0]]
    out = sv.ipa(one, n_boot=100, seed=2)
    assert out["quadrant_stability"].between(0, 1).all()
    assert (out["stable"] == (out["quadrant_stability"] >= 0.8)).all()
    # an item sitting on the mean of importance or performance flips often: not every item is stable
    tiny = sv.ipa(one.head(25), n_boot=100, seed=2)
    assert tiny["quadrant_stability"].mean() < out["quadrant_stability"].mean() + 0.05


@settings(max_examples=60, deadline=None)
@given(
    points=st.lists(st.floats(25, 100), min_size=1, max_size=6),
    se=st.floats(0, 8),
    seed=st.integers(0, 2**16),
)
def test_normal_summaries_of_many_groups_equal_one_group_at_a_time(points, se, seed):
    """The vectorised summary of the normal-limit bootstrap gives, group for group, what the
    one-group summary gives for the same draws."""
    draws = np.random.default_rng(seed).standard_normal((len(points), 300))
    point = np.array(points)
    ses = np.full(len(points), se)
    low, high, robust = _intervals._summarise_normal(point, ses, draws, 0.95)
    for g, p in enumerate(points):
        mutu = _grades._grade(np.array([p]))[0][0]
        want = _intervals._summarise_replicates(p + se * draws[g], mutu, 0.95)
        assert (low[g], high[g], robust[g]) == pytest.approx(want)


def test_text_and_categorical_unit_keys_give_the_same_table(synthetic_survey):
    """Point estimates, standard errors and shrinkage do not depend on how the unit column is
    stored (the bootstrap draws follow the groups' order, which does)."""
    frame = synthetic_survey.drop(columns=["note"])
    text = sv.ikm(frame.assign(unit=frame["unit"].astype("str")), by="unit", n_boot=0, shrink=True)
    cat = sv.ikm(frame.assign(unit=frame["unit"].astype("category")), by="unit", n_boot=0, shrink=True)
    assert text["ikm_se"].notna().all()
    text = text.set_index(text["unit"].astype(str)).drop(columns="unit").sort_index()
    cat = cat.set_index(cat["unit"].astype(str)).drop(columns="unit").sort_index()
    pd.testing.assert_frame_equal(text, cat)


def test_arrow_text_keys_group_as_python_text_keys_do(synthetic_survey):
    """Text keys as pandas reads them from a CSV (Arrow strings, encoded by Arrow) and as Python
    objects (hashed by pandas) give the same groups in the same order, a blank unit included."""
    frame = synthetic_survey.drop(columns=["note"]).head(5000).copy()
    units = frame["unit"].astype(object).to_numpy().copy()
    units[[3, 700, 4000]] = None
    arrow = frame.assign(unit=pd.array(units, dtype="str"))
    python = frame.assign(unit=pd.Series(units, index=frame.index, dtype=object))
    codes_a, values_a = _parts._groups_of(arrow, ["unit"])
    codes_p, values_p = _parts._groups_of(python, ["unit"])
    assert codes_a.tolist() == codes_p.tolist() and values_a["unit"].isna().sum() == 1
    pd.testing.assert_frame_equal(values_a, values_p)
    pd.testing.assert_frame_equal(sv.ikm(arrow, by="unit", n_boot=0), sv.ikm(python, by="unit", n_boot=0))


def test_read_survey_emits_the_region_key_callers_filter_on():
    """Spellings of one Pemda share one key (toolkit.names.region_key); a blank region has key ""."""
    rows = answers(3, n=3).assign(pemda=["Kab. Bekasi", "Kabupaten Bekasi", None])
    frame = sv.read_survey(rows)
    assert frame["region_key"].tolist() == [toolkit.names.region_key("Kabupaten Bekasi")] * 2 + [""]
    assert list(frame.columns[:2]) == ["region", "region_key"]
    assert "region_key" not in sv.read_survey(answers(3, n=2))
