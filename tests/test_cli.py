import csv
import io
import json
import subprocess
import sys

import pytest

from toolkit.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_score_bekasi_table_in_indonesian(capsys):
    code, out, err = run(capsys, "score", "--region", "Kab. Bekasi", "--year", "2022")
    assert code == 0
    lines = out.strip().splitlines()
    # a table for reading: headers, levels, unit types and zones in the reader's language
    heads = lines[0]
    for word in ("Tahun", "Tingkat", "Pemda", "Unit layanan", "Jenis unit", "Nilai", "Kategori", "Zona", "Opini"):
        assert word in heads, (word, heads)
    assert "Skema penilaian" in heads and "Dasar" in heads
    assert "Tanpa Maladministrasi" not in heads  # a 2025 field, empty throughout for 2022: not shown
    assert "_" not in heads and "jenis_unit" not in heads  # words for a person; CSV keeps the codes
    assert len(lines) == 1 + 7 + 1
    assert "73,02" in lines[-1] and "Pemda" in lines[-1] and " C " in lines[-1] and "Zona Kuning" in lines[-1]
    assert "Pendidikan" in lines[2] and "education" not in out
    code, out, _ = run(capsys, "score", "--region", "Kab. Bekasi", "--year", "2022", "--lang", "en")
    assert out.splitlines()[0].split()[:7] == ["Year", "Level", "Pemda", "Service", "unit", "Unit", "type"]
    assert "Yellow zone" in out and "Education" in out and "kuning" not in out
    assert "Belum terkonfirmasi" in err  # the weights are unconfirmed


def test_score_csv_and_json(capsys):
    code, out, _ = run(
        capsys, "score", "--region", "Kabupaten Bekasi", "--year", "2022", "--format", "csv", "--lang", "en"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 8
    assert rows[-1]["level"] == "pemda" and rows[-1]["score"] == "73.02" and rows[-1]["opinion"] == "Medium quality"
    code, out, _ = run(capsys, "score", "--region", "Kabupaten Bekasi", "--year", "2022", "--format", "json")
    data = json.loads(out)
    assert data[1]["unit"] == "Dinas Pendidikan" and data[1]["score"] == 62.62 and data[-1]["unit"] is None


def test_score_all_rows_by_default(capsys, results):
    code, out, err = run(capsys, "score", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert sum(r["level"] == "unit" for r in rows) == (results["level"] == "unit").sum()
    assert "Kota Magelang 2021" in err  # the discrepancy is reported


def test_score_user_file_and_out(tmp_path, capsys):
    data = tmp_path / "hasil.csv"
    data.write_text("tahun;pemda;opd;nilai\n2023;Kota Contoh;Dinas Sosial;79,5\n2023;Kota Contoh;Dinkes;70\n")
    out_file = tmp_path / "out" / "graded.csv"
    code, _out, _err = run(capsys, "score", str(data), "--out", str(out_file))
    assert code == 0 and out_file.exists()
    rows = list(csv.DictReader(out_file.open()))
    assert [r["level"] for r in rows] == ["unit", "unit", "pemda"]
    assert rows[-1]["score"] == "74.75" and rows[-1]["basis"].startswith("dihitung")


def test_bad_input_exits_2_without_traceback(tmp_path, capsys):
    data = tmp_path / "bad.csv"
    data.write_text("tahun,pemda,opd,nilai\n2022,Kota X,Dinkes,abc\n")
    code, out, err = run(capsys, "score", str(data))
    assert code == 2 and out == ""
    assert "galat" in err and "baris 2" in err and "kolom 'nilai'" in err and "Traceback" not in err


def test_year_without_assessment_exits_2(capsys):
    code, _, err = run(capsys, "score", "--year", "2020", "--lang", "en")
    assert code == 2 and "error:" in err and "2020" in err


def test_schemes_lists_every_scheme_with_sources(capsys):
    code, out, _ = run(capsys, "schemes", "--lang", "en")
    assert code == 0
    for scheme in ("ombudsman-2013", "ombudsman-2015", "ombudsman-2022", "ombudsman-2025", "skm-2017"):
        assert scheme in out
    assert "Sources:" in out and "Unconfirmed:" in out


def test_console_script_runs_as_a_process():
    proc = subprocess.run(
        [sys.executable, "-m", "toolkit.cli", "score", "/nonexistent.csv"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2 and "berkas tidak ditemukan" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("argv", [["--help"], ["score", "--help"]])
def test_help(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 0


# -- mistakes an analyst makes: each answered at once, exit 2, nothing written ------------------
@pytest.mark.parametrize("typed", ["Kabupaten Bekasii", "bekasi", "Bekasi Regency"])
def test_mistyped_region_gets_suggestions(capsys, typed):
    code, _out, err = run(capsys, "score", "--region", typed, "--year", "2022", "--lang", "en")
    assert code == 2 and "did you mean: Kabupaten Bekasi, Kota Bekasi?" in err


def test_year_without_data_lists_the_years(capsys):
    code, _out, err = run(capsys, "score", "--year", "2019")
    assert code == 2 and "2021, 2022, 2023, 2024, 2025" in err and "*" not in err


def test_brief_and_batch_check_before_any_kernel(capsys, tmp_path):
    import time

    start = time.perf_counter()
    code, _out, err = run(capsys, "brief", "--region", "Kabupaten Bekasii", "--year", "2022", "--out", str(tmp_path))
    assert code == 2 and "Kabupaten Bekasi" in err
    code, _out, err = run(capsys, "batch", "--year", "2019", "--all", "--out", str(tmp_path))
    assert code == 2 and "2022" in err
    assert time.perf_counter() - start < 10 and not any(tmp_path.iterdir())  # nothing started, nothing written


def test_every_missing_file_reported_at_once(capsys, tmp_path):
    code, _out, err = run(
        capsys, "brief", "--region", "x", "--year", "2022", "--results", "nope.csv", "--survey", "nada.csv"
    )
    assert code == 2 and "nope.csv" in err and "nada.csv" in err and "berkas tidak ditemukan" in err


def test_results_option_on_every_command(capsys):
    from toolkit.paths import bundled_results

    path = str(bundled_results())
    assert run(capsys, "score", "--results", path, "--region", "Kab. Bekasi", "--year", "2022")[0] == 0
    assert run(capsys, "drivers", "--results", path, "--region", "Kab. Bekasi", "--year", "2022")[0] == 0
    assert run(capsys, "score", path, "--region", "Kab. Bekasi", "--year", "2022")[0] == 0  # positional still works


def test_sample_size_is_labelled(capsys):
    code, out, _err = run(capsys, "sample-size", "5000", "--lang", "en")
    assert (
        code == 0 and out.strip() == "Minimum sample (Krejcie & Morgan 1970) for a population of 5000: 357 respondents."
    )


def test_unwritable_output_is_one_clear_message(capsys, tmp_path):
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.access(locked, os.W_OK):  # root ignores permissions: a path under a file cannot be made
        target = tmp_path / "file.txt"
        target.write_text("x")
        out = target / "sub" / "scores.csv"
    else:
        out = locked / "scores.csv"
    code, _out, err = run(capsys, "score", "--year", "2022", "--out", str(out), "--lang", "en")
    assert code == 2 and "cannot read or write" in err and "Traceback" not in err


def test_csv_output_neutralises_formulas(capsys, tmp_path):
    rows = tmp_path / "r.csv"
    rows.write_text('year,region,unit,score\n2022,Kota A,"=HYPERLINK(""http://x"")",60\n2022,Kota A,Dinsos,-0\n')
    code, out, _err = run(capsys, "score", str(rows), "--format", "csv")
    assert code == 0 and "'=HYPERLINK" in out and ",=HYPERLINK" not in out


def test_score_out_xlsx_is_a_real_workbook_with_names_kept_as_text(tmp_path):
    """#23 item 1: --out x.xlsx wrote CSV text into a file named .xlsx; a name like '=1+1' must stay text."""
    import openpyxl
    import pandas as pd

    from toolkit.cli import main

    data = tmp_path / "r.csv"
    pd.DataFrame(
        {"year": [2022, 2022], "region": ["Kota X", "Kota X"], "unit": ["=1+1", "Dinsos"], "score": [70.5, 80]}
    ).to_csv(data, index=False)
    out = tmp_path / "skor.xlsx"
    assert main(["score", str(data), "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    # heads in words (the CSV keeps the codes); columns that carry nothing here (2025 labels) left out
    assert [c.value for c in sheet[1]][:6] == ["Tahun", "Tingkat", "Pemda", "Unit layanan", "Jenis unit", "Nilai"]
    assert "Kualitas pelayanan" not in [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2"
    units = {
        sheet.cell(r, 4).value: (sheet.cell(r, 4).data_type, sheet.cell(r, 6).value)
        for r in range(2, sheet.max_row + 1)
    }
    assert units["=1+1"] == ("s", 70.5)  # text, not a formula; the score a number
