"""#23 items 1-3: workbooks and Indonesian-dialect CSV out, unit headers Indonesian offices use,
and Indonesian all the way in Indonesian mode (errors, table headers and codes, source notes)."""

import hashlib
import io
import re
import warnings

import openpyxl
import pandas as pd
import pytest

import toolkit
from toolkit import outputs
from toolkit.briefs import brief_files
from toolkit.cli import main
from toolkit.errors import DataError, DataWarning, SchemeError
from toolkit.i18n import pick
from toolkit.paths import bundled_results, data_dir
from toolkit.request import resolve
from toolkit.schemes import list_schemes, load_catalogue, load_scheme

EXAMPLES = data_dir() / "examples"
DETAIL = EXAMPLES / "kabupaten-bekasi-2022-detail-SYNTHETIC.csv"
SURVEY = EXAMPLES / "kabupaten-bekasi-2022-skm-SYNTHETIC.csv"
ENGLISH_MONTHS = r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _rows(sheet) -> list[list]:
    return [[c.value for c in row] for row in sheet.iter_rows()]


# -- the brief's workbook -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def synthetic_brief(tmp_path_factory):
    folder = tmp_path_factory.mktemp("brief")
    request = resolve("Kabupaten Bekasi", 2022, detail_path=DETAIL, survey_path=SURVEY, output_dir=folder)
    outputs.run_steps(request)
    return folder


def test_every_brief_folder_gets_its_workbook(synthetic_brief):
    assert "brief.id.xlsx" in brief_files("id")
    assert all((synthetic_brief / name).is_file() for name in brief_files("id"))


def test_brief_workbook_numbers_headers_freeze_and_sources(synthetic_brief):
    book = openpyxl.load_workbook(synthetic_brief / "brief.id.xlsx")
    assert book.sheetnames == [
        "Nilai unit layanan",
        "Kontribusi unit",
        "Rencana",
        "Dimensi",
        "Indikator",
        "Peringkat",
        "Selisih jenis unit",
        "Survei Kepuasan Masyarakat",
        "Kepentingan-kinerja",
        "Metode dan sumber",
    ]
    assert all(book[name].freeze_panes == "A2" for name in book.sheetnames)
    units = _rows(book["Nilai unit layanan"])
    # Indonesian headers; the published scores of ANTARA Megapolitan 2023, as numbers
    assert units[0] == ["Unit layanan", "Jenis unit", "Nilai", "Kategori", "Zona", "Kurang ke hijau (poin)"]
    assert units[1][:3] == ["Dinas Pendidikan", "Pendidikan", 62.62] and units[1][4] == "Zona Kuning"
    assert {r[0]: r[2] for r in units[1:]}["DPMPTSP"] == 82.70
    assert all(isinstance(r[2], float) for r in units[1:])
    plan = _rows(book["Rencana"])
    assert plan[0][:2] == ["Unit layanan", "Indikator"]
    assert plan[0][-2:] == ["Upaya (indeks asumsi)", "Masuk zona hijau"]  # an index, never a unit
    assert all(isinstance(r[2], int | float) and r[-1] in {"ya", "tidak", "sudah hijau"} for r in plan[1:])
    ranks = _rows(book["Peringkat"])
    assert ranks[0] == ["Peringkat", "Pemda", "Nilai", "Pemda fokus", "Satu provinsi"]
    assert all(isinstance(r[0], int) for r in ranks[1:])
    assert [r[1] for r in ranks if r[3] == "ya"] == ["Kabupaten Bekasi"]
    assert {r[3] for r in ranks[1:]} == {r[4] for r in ranks[1:]} == {"ya", "tidak"}  # never blank
    survey = _rows(book["Survei Kepuasan Masyarakat"])
    assert survey[0][:2] == ["Unit layanan", "Jumlah responden"] and "Galat baku" in survey[0]

    sources = _rows(book["Metode dan sumber"])
    assert sources[0] == ["Perihal", "Isi", "SHA-256", "Baris"]
    about = [r[0] for r in sources[1:]]
    assert about[0] == "ILUSTRASI — data sintetis"
    assert {"Skema penilaian", "Sumber", "Asumsi belum terkonfirmasi", "Berkas masukan", "Cara mengulang"} <= set(about)
    inputs = {r[1].split(":")[0]: r for r in sources[1:] if r[0] == "Berkas masukan"}
    assert set(inputs) == {"results", "detail", "survey"}
    assert inputs["detail"][2] == hashlib.sha256(DETAIL.read_bytes()).hexdigest()  # the full digest
    assert inputs["results"][2] == hashlib.sha256(bundled_results().read_bytes()).hexdigest()
    assert "sintetis" in inputs["detail"][1] and isinstance(inputs["results"][3], int)
    assert not any(re.search(ENGLISH_MONTHS, str(r[1])) for r in sources[1:])  # "Januari 2023"


def test_brief_workbook_in_english_and_without_synthetic_data(tmp_path):
    request = resolve("Kabupaten Bekasi", 2024, lang="en", output_dir=tmp_path)
    outputs.overview(request), outputs.drivers(request), outputs.gather(tmp_path)
    from toolkit.briefs import render

    render(tmp_path, "en")
    book = openpyxl.load_workbook(tmp_path / "brief.en.xlsx")
    assert book.sheetnames == ["Ranking", "Assessment history", "Unit-type gaps", "Methods and sources"]
    history = _rows(book["Assessment history"])
    # Bekasi 73.02 (2022) -> 83.22 (2023) -> 87.88 (2024), published
    assert history[0] == ["Year", "Score", "Grade", "Zone", "Instrument"]
    assert [r[:2] for r in history[1:]] == [[2022, 73.02], [2023, 83.22], [2024, 87.88]]
    methods = _rows(book["Methods and sources"])
    assert methods[0] == ["About", "Content", "SHA-256", "Rows"]
    assert not any("synthetic" in str(r[0]).casefold() for r in methods[1:])


def _heads(book) -> dict[str, list[str]]:
    return {name: [c.value for c in book[name][1]] for name in book.sheetnames}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_brief_workbook_heads_are_words_in_the_readers_language(synthetic_brief, tmp_path, lang):
    """#23: no snake_case code (kurang_ke_hijau, p_holm, n_pemda) heads a column a person reads."""
    folder = synthetic_brief
    if lang == "en":
        folder = tmp_path
        outputs.run_steps(
            resolve("Kabupaten Bekasi", 2022, detail_path=DETAIL, survey_path=SURVEY, lang="en", output_dir=folder)
        )
    book = openpyxl.load_workbook(folder / f"brief.{lang}.xlsx")
    heads = _heads(book)
    flat = [h for row in heads.values() for h in row]
    assert not [h for h in flat if "_" in h], heads
    assert all(h[0].isupper() or h[0].isdigit() or h.startswith("p (") for h in flat), heads
    other = {"id": ("Score", "Unit type", "Share", "Number of"), "en": ("Nilai", "Jenis", "Jumlah", "Porsi")}[lang]
    assert not [h for h in flat if h.startswith(other)], heads
    gaps = heads[{"id": "Selisih jenis unit", "en": "Unit-type gaps"}[lang]]
    expected = {
        "id": ["Jenis unit", "Selisih (poin)", "IK 95 % bawah (Holm)", "IK 95 % atas (Holm)", "p (Holm)"],
        "en": ["Unit type", "Gap (points)", "95 % CI low (Holm)", "95 % CI high (Holm)", "p (Holm)"],
    }[lang]
    assert gaps[:5] == expected and gaps[-1] == {"id": "Jumlah Pemda", "en": "Number of Pemdas"}[lang]


def test_brief_workbook_values_words_and_number_formats(synthetic_brief):
    book = openpyxl.load_workbook(synthetic_brief / "brief.id.xlsx")
    yes_no = {"ya", "tidak"}
    for name in book.sheetnames:  # no cell reads True/False: booleans are words
        assert not [c.coordinate for row in book[name].iter_rows(min_row=2) for c in row if isinstance(c.value, bool)]
    units = book["Nilai unit layanan"]
    assert {units.cell(r, 3).number_format for r in range(2, units.max_row + 1)} == {"0.00"}  # scores: 2 decimals
    pull = book["Kontribusi unit"]
    shares = [pull.cell(r, 6) for r in range(2, pull.max_row + 1)]
    assert {c.number_format for c in shares} == {"0.0%"} and all(0 <= c.value <= 1 for c in shares)
    # the shares of the shortfall add up to the whole shortfall: a share, stored as a number
    assert sum(c.value for c in shares) == pytest.approx(1.0, abs=1e-6)
    gaps = book["Selisih jenis unit"]
    assert {gaps.cell(r, 5).number_format for r in range(2, gaps.max_row + 1) if gaps.cell(r, 5).value is not None} == {
        "0.000"
    }
    ipa = book["Kepentingan-kinerja"]
    assert {ipa.cell(r, 5).number_format for r in range(2, ipa.max_row + 1)} == {"0%"}
    survey = book["Survei Kepuasan Masyarakat"]
    head = [c.value for c in survey[1]]
    assert {survey.cell(r, head.index("Mutu belum pasti") + 1).value for r in range(2, survey.max_row + 1)} <= yes_no
    # a unit already green is never "masuk zona hijau: tidak" (the plan can move green units too)
    green = load_scheme("ombudsman-2022").green_threshold
    score = {r[0]: r[2] for r in _rows(units)[1:]}
    plan = _rows(book["Rencana"])
    reads = {(r[0], r[-1]) for r in plan[1:]}
    assert {unit for unit, word in reads if word == "sudah hijau"} == {u for u, _ in reads if score[u] >= green}
    assert {"sudah hijau", "ya", "tidak"} == {word for _, word in reads}  # this plan has all three


# -- the command line: --out x.xlsx and --csv-dialect id ----------------------------------------
def test_drivers_out_xlsx_one_sheet_per_table(tmp_path, capsys):
    out = tmp_path / "pendorong.xlsx"
    code, _out, err = run(
        capsys, "drivers", "--region", "Kab. Bekasi", "--year", "2022", "--detail", str(DETAIL), "--out", str(out)
    )
    assert code == 0 and str(out) in err and out.is_file()  # a file, not a folder of briefs
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "Kontribusi unit",
        "Dimensi",
        "Indikator",
        "Rencana",
        "Selisih jenis unit",
        "Metode dan sumber",
    ]
    pull = _rows(book["Kontribusi unit"])
    assert pull[0] == [
        "Unit layanan",
        "Jenis unit",
        "Nilai",
        "Kurang ke hijau (poin)",
        "Tarikan pada nilai Pemda (poin)",
        "Porsi kekurangan",
    ]
    assert pull[1][:3] == ["Dinas Pendidikan", "Pendidikan", 62.62] and isinstance(pull[1][5], float)
    assert book["Kontribusi unit"]["F2"].number_format == "0.0%"  # a share, shown as a percent
    dims = _rows(book["Dimensi"])
    assert dims[0][:3] == ["Unit layanan", "Dimensi", "Bobot"] and dims[1][2] == 32.37  # the 2022 process weight
    assert _rows(book["Metode dan sumber"])[1][0] == "ILUSTRASI — data sintetis"


def test_ikm_out_xlsx_and_the_indonesian_csv_dialect(tmp_path, capsys):
    out = tmp_path / "ikm.xlsx"
    assert run(capsys, "ikm", str(SURVEY), "--by", "unit", "--bootstrap", "50", "--out", str(out))[0] == 0
    sheet = openpyxl.load_workbook(out)["IKM"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Unit layanan", "Jumlah responden", "U1"] and "Galat baku" in header
    assert "Mutu belum pasti" in header and {sheet.cell(2, header.index("Mutu belum pasti") + 1).value} <= {
        "ya",
        "tidak",
    }
    assert all(isinstance(sheet.cell(r, 2).value, int) for r in range(2, sheet.max_row + 1))
    code, text, _ = run(capsys, "ikm", str(SURVEY), "--by", "unit", "--format", "csv", "--csv-dialect", "id")
    assert code == 0 and text.startswith("\ufeffunit;n;U1;")
    back = pd.read_csv(io.StringIO(text.lstrip("\ufeff")), sep=";", decimal=",")
    assert back["ikm"].dtype == float and back["ikm"].between(25, 100).all()
    plain = run(capsys, "ikm", str(SURVEY), "--by", "unit", "--format", "csv")[1]
    assert plain.startswith('"unit","n","U1"') and '"ikm_se"' in plain  # for programs: the codes


def test_score_csv_dialect_id_opens_in_indonesian_excel(tmp_path, capsys):
    out = tmp_path / "skor.csv"
    code, text, _ = run(
        capsys, "score", "--region", "Kab. Bekasi", "--year", "2022", "--format", "csv", "--csv-dialect", "id"
    )
    assert code == 0 and text.startswith("\ufefftahun;tingkat;pemda;unit;jenis_unit;nilai;")
    assert ";73,02;" in text and "Pendidikan" in text
    assert (
        run(capsys, "score", "--region", "Kab. Bekasi", "--year", "2022", "--out", str(out), "--csv-dialect", "id")[0]
        == 0
    )
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbftahun;") and b";62,62;" in data
    frame = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig")
    assert frame["nilai"].dtype == float and 73.02 in frame["nilai"].tolist()


def test_csv_dialect_id_keeps_formulas_out():
    from toolkit.workbook import csv_bytes

    data = csv_bytes(pd.DataFrame({"unit": ["=HYPERLINK(1)", "@x", "Dinsos"], "nilai": [-1.5, 2.0, 3.25]}), "id")
    assert data.decode("utf-8-sig").splitlines() == ["unit;nilai", "'=HYPERLINK(1);-1,5", "'@x;2,0", "Dinsos;3,25"]


# -- headers Indonesian offices use -------------------------------------------------------------
def test_the_issue_workbook_with_two_unit_rows(tmp_path, capsys):
    """#23: 'Tahun | Nama Pemda | Nama Perangkat Daerah | Nilai Kepatuhan' with two unit rows."""
    path = tmp_path / "hasil.xlsx"
    pd.DataFrame(
        {
            "Tahun": [2022, 2022],
            "Nama Pemda": ["Kabupaten Bekasi", "Kabupaten Bekasi"],
            "Nama Perangkat Daerah": ["Dinas Pendidikan", "Dinas Kesehatan"],
            "Nilai Kepatuhan": [81.25, 70.5],
        }
    ).to_excel(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every header recognised
        loaded = toolkit.read_results(path)
    assert loaded["level"].tolist() == ["unit", "unit"] and loaded["score"].tolist() == [81.25, 70.5]
    code, out, _err = run(capsys, "score", str(path), "--format", "csv")
    rows = list(pd.read_csv(io.StringIO(out)).itertuples(index=False))
    assert code == 0 and [r.level for r in rows] == ["unit", "unit", "pemda"]
    assert rows[-1].score == 75.88 and "dihitung" in rows[-1].basis  # the mean of the units, not 81,25

    for header in ("Organisasi Perangkat Daerah", "Nama Dinas", "Unit Kerja", "Unit (Pelayanan)", "SKPD"):
        renamed = pd.read_excel(path).rename(columns={"Nama Perangkat Daerah": header})
        assert toolkit.read_results(renamed)["unit"].tolist() == ["Dinas Pendidikan", "Dinas Kesehatan"], header


def test_an_unknown_unit_header_is_named_and_never_becomes_the_pemda_score(tmp_path, capsys):
    path = tmp_path / "hasil.xlsx"
    frame = pd.DataFrame(
        {
            "Tahun": [2022, 2022],
            "Nama Pemda": ["Kota X", "Kota X"],
            "Bidang": ["Dinas Pendidikan", "Dinas Kesehatan"],
            "Nilai Kepatuhan": [81.25, 70.5],
        }
    )
    frame.to_excel(path, index=False)
    code, _out, err = run(capsys, "score", str(path))
    # the warning is shown although an error follows, and the error does not blame 'Nama Pemda'
    assert code == 2 and "peringatan:" in err and "kolom tidak dikenali: 'Bidang' (diabaikan)" in err
    assert "tidak ada kolom unit" in err and "kolom 'Nama Pemda'" not in err
    with pytest.raises(DataError) as caught, pytest.warns(DataWarning, match="'Bidang'"):
        toolkit.read_results(frame)
    assert caught.value.problems[0].column is None
    with pytest.warns(DataWarning, match="every row is read as a Pemda's score"):
        one = toolkit.read_results(frame.iloc[:1])
    assert one["level"].tolist() == ["pemda"]


def test_unit_scores_template_guide_in_both_languages():
    guide = (data_dir() / "templates" / "README.md").read_text(encoding="utf-8")
    assert "unit-scores-template" in guide and "*Bahasa Indonesia.*" in guide and "dikenali" in guide


# -- Indonesian all the way ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["score", "--year", "2020"],
        ["drivers", "--region", "Kabupaten Bekasi", "--year", "2020"],
        ["brief", "--region", "Kabupaten Bekasi", "--year", "2020"],
        ["prepare", "--template", "--year", "2020"],
    ],
)
def test_a_year_without_assessment_is_an_indonesian_error(capsys, argv):
    code, _out, err = run(capsys, *argv)
    assert code == 2 and "galat: tidak ada skema penilaian Ombudsman untuk tahun 2020" in err
    assert "no Ombudsman" not in err


def test_targets_in_the_instruments_own_words(capsys):
    for target in ("Kualitas Tertinggi", "Sangat Baik", "highest quality"):
        code, out, err = run(capsys, "drivers", "--region", "Kabupaten Bantul", "--year", "2025", "--target", target)
        assert code == 0, err
        assert f"menuju {target}" in out
    code, _out, err = run(capsys, "drivers", "--region", "Kabupaten Bekasi", "--year", "2022", "--target", "Z")
    assert code == 2 and "target Z tidak dikenal" in err and "[" not in err


def test_scheme_errors_speak_the_readers_language():
    scheme = load_scheme("ombudsman-2022")
    with pytest.raises(SchemeError) as caught:
        scheme.band_for_grade("Z")
    assert pick(caught.value.args[0], "id") == (
        "skema ombudsman-2022 tidak memiliki kategori, zona, atau opini 'Z'; yang ada: A, B, C, D, E, hijau, kuning, merah"
    )
    with pytest.raises(SchemeError) as caught:
        load_scheme("ombudsman-1999")
    assert pick(caught.value.args[0], "id").startswith("tidak ada skema 'ombudsman-1999'")


def test_drivers_tables_have_indonesian_headers_and_codes(capsys):
    code, out, _ = run(capsys, "drivers", "--region", "Kabupaten Bekasi", "--year", "2022", "--detail", str(DETAIL))
    assert code == 0
    for english in (
        "unit_type",
        "gap_green",
        "share_of_shortfall",
        "lost_vs_max",
        "education",
        "primary_care",
        "region_type:",
        "unit_type:",
    ):
        assert english not in out, english
    # heads in words for a person (CSV keeps the codes: test_drivers_csv_keeps_codes... below)
    assert "Porsi kekurangan" in out and "Hilang dari maksimum (poin)" in out and "Puskesmas" in out
    assert "porsi_kekurangan" not in out and "hilang_dari_maks" not in out
    assert "34,2 %" in out  # a share as the workbook shows it (Dinas Pendidikan: 15,38 of the 45,01 short)
    code, out, _ = run(capsys, "drivers", "--region", "Kabupaten Bekasi", "--year", "2022", "--lang", "en")
    assert "Share of the shortfall" in out and "share_of_shortfall" not in out and "Education" in out


def test_model_separation_names_the_category_in_words():
    from toolkit.drivers.models import _term_level

    assert _term_level("region_type", "provinsi").render("id") == "Pemda berjenis provinsi"
    assert _term_level("region_type", "provinsi").render("en") == "Pemdas of type province"
    assert _term_level("unit_type", "education").render("id") == "unit berjenis Pendidikan"


def test_ikm_table_headers_in_indonesian(capsys):
    code, out, _ = run(capsys, "ikm", str(SURVEY), "--by", "unit", "--bootstrap", "50")
    header = out.splitlines()[0]
    assert code == 0 and "Galat baku" in header and "Mutu belum pasti" in header and "_" not in header
    assert not {"ikm_se", "grade_uncertain", "boot_method", "weights", "interval_note"} & set(header.split())


def test_batch_table_in_indonesian(monkeypatch, capsys, tmp_path):
    import toolkit.cli as cli

    manifest = pd.DataFrame(
        {
            "region": ["Kabupaten Bekasi", "Kota Bekasi"],
            "status": ["skipped", "failed"],
            "seconds": [0.0, 3.5],
            "failing_cell": [None, "cell 3"],
            "error": [None, "boom"],
        }
    )
    monkeypatch.setattr(cli, "batch", lambda *a, **k: manifest)
    code, out, err = run(capsys, "batch", "--year", "2022", "--regions", "Kab. Bekasi,Kota Bekasi")
    assert code == 1
    assert out.splitlines()[0].split() == ["Pemda", "Status", "Detik", "Sel", "yang", "gagal", "Galat"]
    assert "dilewati (sudah mutakhir)" in out and "gagal" in out and "skipped" not in out + err
    assert "dilewati (sudah mutakhir): 1" in err


def test_source_notes_in_both_languages_with_indonesian_dates():
    lines = [line for scheme in list_schemes() for line in scheme.source_lines("id")]
    for name in ("indicators-2022", "indicators-2025"):
        lines += [pick(c, "id") for c in load_catalogue(name)["sources"].values()]
    lines += [pick(c, "id") for c in load_catalogue("provinces")["sources"]]
    english = [
        line for line in lines if re.search(ENGLISH_MONTHS + r"|\bworkshop\b|(?<!/)\bpublished\b|\bprovinces\b", line)
    ]
    assert not english, english
    assert any("Januari 2023" in line for line in lines)
    assert any("January 2023" in line for line in load_scheme("ombudsman-2022").source_lines("en"))


def test_the_readme_lists_every_column_code_with_its_head():
    from pathlib import Path

    from toolkit.workbook import _codes_table

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert _codes_table() in readme  # regenerate the README's table from toolkit.workbook._codes_table
