"""Preparing for the next assessment: the checklist template, reading it back, the prediction
and its uncertainty, what to fix first, the report, the CLI and notebook 04."""

from __future__ import annotations

import json

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit
from toolkit import preparation as prep
from toolkit.cli import main
from toolkit.errors import DataError
from toolkit.paths import data_dir, notebooks_dir
from toolkit.preparation_report import write_report
from toolkit.schemes import instrument_for, load_scheme, scheme_for

CODES_2024 = [i["code"] for i in instrument_for(2024)["indicators"]]
CODES_2026 = [i["code"] for i in instrument_for(2026)["indicators"]]


def _marks(codes, value, units=("Dinas Sosial",)):
    return pd.DataFrame([{"unit": u, "code": c, "score": value} for u in units for c in codes])


# -- the template -------------------------------------------------------------------------------
def test_template_is_the_instrument_that_judges_the_year(tmp_path):
    path = prep.checklist_template(2026, tmp_path / "c.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["daftar_periksa"]
    header = [c.value for c in sheet[1]]
    assert header == [
        "opd",
        "dimensi",
        "variabel",
        "kode",
        "indikator",
        "bukti_yang_diminta",
        "keyakinan_sumber",
        "nilai",
        "bukti",
    ]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3 * 30 and {r[0] for r in rows} == {"Dinas Pendidikan", "Dinas Sosial", "RSUD"}
    assert {r[6] for r in rows} == {"rendah"}  # the 2025 list is unofficial: low confidence everywhere
    assert any("minimal 15 nomor kontak" in (r[5] or "") for r in rows if r[3].startswith("PR"))
    assert all(r[7] is None for r in rows)
    [rule] = sheet.data_validations.dataValidation
    assert (rule.type, rule.formula1, rule.formula2) == ("decimal", "0", "3") and "H2:H91" in str(rule.sqref)
    assert sheet.freeze_panes == "A2"
    meta = {r[0]: r[1] for r in book["meta"].iter_rows(values_only=True)}
    assert meta["scheme"] == "ombudsman-2025" and meta["year"] == 2026
    guide = " ".join(str(r[0]) for r in book["petunjuk"].iter_rows(values_only=True))
    assert "tidak resmi" in guide and "belum terkonfirmasi" in guide.casefold()


def test_template_in_english_with_own_units(tmp_path):
    path = prep.checklist_template(2024, tmp_path / "c.xlsx", units=["Dinas Pendidikan", "Puskesmas Cibatu"], lang="en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["checklist", "guide", "meta"]
    rows = list(book["checklist"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2 * 39 and rows[0][3] == "KP1" and rows[0][4] == "Knowledge of the service-standard components"
    checklist = prep.read_checklist(path, 2024)  # English headers read back
    assert checklist.units == ["Dinas Pendidikan", "Puskesmas Cibatu"]


def test_template_with_marks_round_trips(tmp_path):
    marks = toolkit.synthetic.checklist(2026, seed=4)
    path = prep.checklist_template(2026, tmp_path / "c.xlsx", marks=marks, synthetic=True)
    back = prep.read_checklist(path, 2026)
    merged = back.marks.merge(marks, on=["unit", "code"], suffixes=("", "_given"))
    assert len(merged) == 90
    assert np.array_equal(merged["score"].to_numpy(), merged["score_given"].to_numpy(), equal_nan=True)
    assert back.provenance["synthetic"] is True


# -- bad input: every problem named with sheet, row and column; nothing written --------------------
def _edit(tmp_path, year, change):
    path = prep.checklist_template(
        year, tmp_path / "bad.xlsx", units=["Dinas Sosial", "RSUD"] if year >= 2025 else None
    )
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("change", "row", "column", "words"),
    [
        (lambda b: b["daftar_periksa"].__setitem__("H2", 5), 2, "nilai", "outside the scale 0-3"),
        (lambda b: b["daftar_periksa"].__setitem__("H3", "dua"), 3, "nilai", "not a number"),
        (lambda b: b["daftar_periksa"].__setitem__("D4", "XX9"), 4, "kode", "no such indicator code"),
        (lambda b: b["daftar_periksa"].__setitem__("D4", "KP1"), 4, "kode", "another instrument"),
        (lambda b: b["daftar_periksa"].__setitem__("A5", None), 5, "opd", "the unit is blank"),
        (lambda b: b["daftar_periksa"].__setitem__("D6", "IN1"), 6, "kode", "already in row 2"),
        (lambda b: b["daftar_periksa"].__setitem__("H7", "=1+1"), 7, "H7", "formula"),
        (lambda b: b["daftar_periksa"].merge_cells("A8:A9"), 8, None, "merged cells (A8:A9)"),
    ],
)
def test_bad_checklists_name_sheet_row_and_column(tmp_path, change, row, column, words):
    path = _edit(tmp_path, 2026, change)
    with pytest.raises(DataError) as info:
        prep.read_checklist(path, 2026)
    text = info.value.render("en")
    assert "sheet 'daftar_periksa'" in text and words in text, text
    problem = next(p for p in info.value.problems if words.split()[0] in p.describe("", "en"))
    assert problem.row == row and problem.column == column
    out = tmp_path / "reports"
    code = main(["prepare", str(path), "--region", "Kabupaten Contoh", "--year", "2026", "--out", str(out)])
    assert code == 2 and not out.exists()  # nothing written


def test_a_checklist_of_another_year_is_refused(tmp_path, capsys):
    path = prep.checklist_template(2024, tmp_path / "old.xlsx")
    code = main(["prepare", str(path), "--region", "Kabupaten Contoh", "--year", "2026", "--out", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 2 and "ombudsman-2022" in err and "--template --year 2026" in err
    assert not (tmp_path / "r").exists()


# -- the prediction -----------------------------------------------------------------------------
def test_all_top_marks_give_100_with_no_width_and_all_zero_the_minimum():
    top = prep.prepare(_marks(CODES_2024, 3), "Kabupaten Contoh", 2024)
    assert (top.pemda["predicted"], top.pemda["low"], top.pemda["high"]) == (100.0, 100.0, 100.0)
    assert top.pemda["grade_probabilities"] == {"A": 1.0, "B": 0.0, "C": 0.0, "D": 0.0, "E": 0.0}
    zero = prep.prepare(_marks(CODES_2024, 0), "Kabupaten Contoh", 2024)
    assert (zero.pemda["predicted"], zero.pemda["low"], zero.pemda["high"]) == (0.0, 0.0, 0.0)


def test_2025_trust_without_a_survey_is_wide_and_said_so():
    result = prep.prepare(_marks(CODES_2026, 3), "Kabupaten Contoh", 2026)
    assert result.pemda["high"] == pytest.approx(100.0, abs=1.0) and result.pemda["low"] < 75  # 30 trust points unknown
    assert any(
        a["source"] == "trust"
        and "cannot be self-assessed"
        in prep.prepare(_marks(CODES_2026, 3), "X", 2026, lang="en").assumptions[3]["text"]
        for a in result.assumptions
    )
    trust = next(s for s in result.sensitivity if s["source"] == "trust")
    assert trust["high"] - trust["low"] > 20


def test_2025_with_a_perfect_survey_is_100():
    survey = pd.DataFrame({"unit": ["Dinas Sosial"] * 30, **{f"U{i}": [4] * 30 for i in range(1, 10)}})
    result = prep.prepare(_marks(CODES_2026, 3), "Kabupaten Contoh", 2026, survey=toolkit.read_survey(survey))
    assert (result.pemda["predicted"], result.pemda["low"], result.pemda["high"]) == (100.0, 100.0, 100.0)
    assert result.units[0]["trust"]["ikm"] == 100.0


def test_magelang_2022_pre_evaluation_aggregates_to_93_28():
    """Kota Magelang's 2022 'pra evaluasi': DPMPTSP 100, Disdukcapil 100, Dinkes 80,19, Disdikbud
    92,92, total 93,28: the Pemda rule of the prediction (mean of unit scores, then two decimals)."""
    units = np.array([[100.0, 100.0, 80.19, 92.92]])
    _, pemda = prep._summaries(scheme_for(2022), units, None)
    assert pemda.tolist() == [93.28]


def test_lampung_2025_breakdown_reproduces_89_25_through_the_prediction():
    """Marks whose dimension shares equal Dinas Sosial Lampung's published parts over their maxima,
    trust 25,82 of 30: the prediction's arithmetic with no uncertainty gives 89,25."""
    scheme = load_scheme("ombudsman-2025")
    parts = scheme.breakdowns[0]["parts"]
    instrument = instrument_for(2025)
    marks = np.array([[3 * parts[i["dimension"]] / scheme.weights[i["dimension"]] for i in instrument["indicators"]]])
    trust = [(100 * parts["kepercayaan"] / 30, 0.0)]
    draws = prep._simulate(scheme, instrument, marks, trust, (), 10, 0)
    units, pemda = prep._summaries(scheme, draws, None)
    assert set(units[:, 0]) == {89.25} and set(pemda) == {89.25}


_mark = st.sampled_from([np.nan, 0.0, 1.0, 2.0, 3.0])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(year=st.sampled_from([2024, 2026]), data=st.data())
def test_prediction_is_inside_its_interval_bounded_and_monotone(year, data):
    codes = CODES_2024 if year == 2024 else CODES_2026
    n_units = data.draw(st.integers(1, 2))
    values = data.draw(st.lists(_mark, min_size=n_units * len(codes), max_size=n_units * len(codes)))
    marks = pd.DataFrame(
        [
            {"unit": f"Unit {u}", "code": c, "score": values[u * len(codes) + k]}
            for u in range(n_units)
            for k, c in enumerate(codes)
        ]
    )
    before = prep.prepare(marks, "Kabupaten Contoh", year, draws=400)
    for part in [before.pemda, *before.units]:
        assert 0 <= part["low"] <= part["predicted"] <= part["high"] <= 100
        assert sum(part["grade_probabilities"].values()) == pytest.approx(1.0)
    known = marks.index[marks["score"].notna() & (marks["score"] < 3)]
    if len(known):
        k = known[data.draw(st.integers(0, len(known) - 1))]
        raised = marks.copy()
        raised.loc[k, "score"] += 1
        after = prep.prepare(raised, "Kabupaten Contoh", year, draws=400)
        for key in ("predicted", "low", "high"):
            assert after.pemda[key] >= before.pemda[key]
            assert after.pemda["p_green"] >= before.pemda["p_green"]


def test_no_published_result_enters_the_prediction(monkeypatch):
    """The checklist path reads no results: a held-out published score is never 'predicted' from itself."""
    import toolkit.loading

    def refuse(*args, **kwargs):
        raise AssertionError("prepare read the published results")

    monkeypatch.setattr(toolkit.loading, "read_results", refuse)
    monkeypatch.setattr(toolkit, "read_results", refuse)
    result = prep.prepare(toolkit.synthetic.checklist(2026, seed=2), "Kabupaten Bekasi", 2026, draws=200)
    assert 0 < result.pemda["predicted"] < 100


# -- what to fix first ----------------------------------------------------------------------------
def test_fix_first_takes_the_largest_gains_per_step_until_the_threshold_and_skips_secondary_data():
    marks = toolkit.synthetic.checklist(2026, seed=7)
    result = prep.prepare(marks, "Kabupaten Contoh", 2026)
    fixes = result.fixes
    assert fixes["target"] == 78.0 and fixes["actions"]
    per_step = [round(a["pemda_points"] / (a["to"] - a["from"]), 9) for a in fixes["actions"]]
    assert per_step == sorted(per_step, reverse=True)
    assert not any(a["code"].startswith("OU") for a in fixes["actions"])  # output: secondary data
    assert fixes["p_target_after"] > fixes["p_target_now"]
    gained = sum(a["pemda_points"] for a in fixes["actions"])
    assert gained >= 78.0 + fixes["margin"] - result.pemda["predicted"] or fixes["more"] == 0


# -- report, CLI, notebook --------------------------------------------------------------------------
def test_two_commands_from_template_to_report(tmp_path, capsys):
    checklist = tmp_path / "daftar.xlsx"
    assert main(["prepare", "--template", "--year", "2026", "--out", str(checklist)]) == 0
    book = openpyxl.load_workbook(checklist)
    sheet = book["daftar_periksa"]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, 8).value = 2
    book.save(checklist)
    capsys.readouterr()
    assert (
        main(
            ["prepare", str(checklist), "--region", "Kabupaten Contoh", "--year", "2026", "--out", str(tmp_path / "r")]
        )
        == 0
    )
    written = capsys.readouterr().out.split()
    folder = tmp_path / "r" / "2026" / toolkit.slug("Kabupaten Contoh") / "persiapan" / "id"
    assert [
        str(folder / n)
        for n in ("persiapan.id.pdf", "persiapan.id.html", "persiapan.id.md", "persiapan.id.xlsx", "preparation.json")
    ] == written
    md = (folder / "persiapan.id.md").read_text()
    assert "bukan hasil penilaian Ombudsman" in md and "Kualitas Sedang / Cukup" in md
    data = json.loads((folder / "preparation.json").read_text())
    assert set(data["units"][0]) >= {"unit", "predicted", "low", "high", "grade_probabilities", "red"}
    assert set(data) >= {"units", "pemda", "assumptions", "fixes", "sensitivity"}
    book = openpyxl.load_workbook(folder / "persiapan.id.xlsx")
    assert book.sheetnames == ["perkiraan", "perbaikan", "merah", "ketidakpastian", "asumsi"]
    assert isinstance(book["perkiraan"]["B2"].value, float)  # numbers as numbers


def test_json_format_and_english(tmp_path, capsys):
    path = data_dir() / "examples" / "checklist-2026-SYNTHETIC.xlsx"
    assert (
        main(
            ["prepare", str(path), "--region", "Kabupaten Contoh", "--year", "2026", "--format", "json", "--lang", "en"]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["scheme"] == "ombudsman-2025" and "Medium quality / Fair" in data["pemda"]["grade_probabilities"]
    assert any("unofficial" in a["text"] for a in data["assumptions"])


def test_synthetic_example_report_is_marked(tmp_path):
    path = data_dir() / "examples" / "checklist-2026-SYNTHETIC.xlsx"
    result = prep.prepare(path, "Kabupaten Contoh", 2026, lang="en")
    written = write_report(result, "en", folder=tmp_path)
    md = written[2].read_text()
    assert md.startswith("> **ILLUSTRATION — synthetic data**")


def test_example_checklist_matches_its_generator(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen", data_dir() / "examples" / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    fresh = gen.example_checklist(tmp_path / "fresh.xlsx")
    committed = prep.read_checklist(data_dir() / "examples" / gen.CHECKLIST, 2026).marks
    pd.testing.assert_frame_equal(prep.read_checklist(fresh, 2026).marks, committed)


def test_notebook_04_runs_through_papermill(tmp_path):
    import papermill as pm

    from toolkit import pipeline

    pipeline.ensure_kernel()
    out = tmp_path / "out"
    nb = pm.execute_notebook(
        str(notebooks_dir() / "04-preparation.ipynb"),
        str(tmp_path / "04.ipynb"),
        parameters={"output_dir": str(out), "lang": "en"},
        kernel_name=pipeline.KERNEL_NAME,
        progress_bar=False,
    )
    shown = "".join(o.get("data", {}).get("text/markdown", "") for c in nb["cells"] for o in c.get("outputs", []))
    assert "Predicted score of Kabupaten Contoh" in shown and (out / "persiapan.en.pdf").is_file()


def test_sensitivity_lists_only_the_sources_the_instrument_has():
    old = prep.prepare(_marks(CODES_2024, 2), "Kabupaten Contoh", 2024, draws=500)
    new = prep.prepare(_marks(CODES_2026, 2), "Kabupaten Contoh", 2026, draws=500)
    assert [s["source"] for s in old.sensitivity] == ["unknown", "weights", "rounding", "all"]
    assert [s["source"] for s in new.sensitivity] == ["unknown", "weights", "split", "trust", "rounding", "all"]


def test_a_unit_named_like_a_formula_stays_text(tmp_path):
    path = prep.checklist_template(2026, tmp_path / "c.xlsx", units=["=HYPERLINK(1)"])
    cell = openpyxl.load_workbook(path)["daftar_periksa"]["A2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")
    assert prep.read_checklist(path, 2026).units == ["=HYPERLINK(1)"]
