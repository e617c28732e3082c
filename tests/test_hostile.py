"""Hostile input, broken files and faults, through the command line an analyst uses.

A table of cases (a file, a command, the exit status, a fragment of the message), then the
injection names through a whole brief, and killed and concurrent batches.
"""

import json
import os
import shlex
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pandas as pd
import pytest

from toolkit.cli import main

GOOD = "year,region,unit,score\n2022,Kota A,Dinas Sosial,60\n2022,Kota A,Dinas Kesehatan,70\n"
ITEMS = ",".join(f"U{i}" for i in range(1, 10))


def _xlsx(path: Path, sheets: dict[str, pd.DataFrame]) -> None:
    with pd.ExcelWriter(path) as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)


def _write(path: Path, content) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# name, files to write {name: content}, command (with {dir}), expected exit, fragments in stderr+stdout
CASES = [
    (
        "duplicate header",
        {"r.csv": "year,region,score,score\n2022,Kota A,60,70\n"},
        "score {dir}/r.csv",
        2,
        ["muncul dua kali", "kolom 'score'"],
    ),
    (
        "duplicate header, English",
        {"r.csv": "year,region,score,score\n2022,Kota A,60,70\n"},
        "score {dir}/r.csv --lang en",
        2,
        ["1 problem in", "appears twice", "column 'score'"],
    ),
    ("duplicate item", {"s.csv": f"{ITEMS},U9\n" + "3," * 9 + "3\n"}, "ikm {dir}/s.csv", 2, ["'U9' muncul dua kali"]),
    ("header only results", {"r.csv": "year,region,unit,score\n"}, "score {dir}/r.csv", 2, ["tidak ada baris data"]),
    ("header only survey", {"s.csv": ITEMS + "\n"}, "ikm {dir}/s.csv", 2, ["tidak ada baris data"]),
    (
        "negative bootstrap",
        {"s.csv": ITEMS + "\n" + "3," * 8 + "3\n"},
        "ikm {dir}/s.csv --bootstrap -1",
        2,
        ["0 sampai 10000"],
    ),
    (
        "huge bootstrap",
        {"s.csv": ITEMS + "\n" + "3," * 8 + "3\n"},
        "ikm {dir}/s.csv --bootstrap 100000000 --lang en",
        2,
        ["from 0 to 10000, not 100000000"],
    ),
    (
        "header only detail",
        {"d.csv": "year,region,unit,dimension,score\n"},
        "drivers --region 'Kota A' --year 2022 --results {dir}/r.csv --detail {dir}/d.csv",
        2,
        ["tidak ada baris data"],
    ),
    ("empty file", {"r.csv": ""}, "score {dir}/r.csv", 2, ["berkas kosong"]),
    ("unknown type", {"r.json": "{}"}, "score {dir}/r.json", 2, ["tidak dikenal"]),
    ("utf-16", {"r.csv": GOOD.encode("utf-16")}, "score {dir}/r.csv --year 2022", 0, ["Dinas Sosial"]),
    ("utf-32", {"r.csv": GOOD.encode("utf-32")}, "score {dir}/r.csv --year 2022", 0, ["Dinas Kesehatan"]),
    (
        "long name",
        {"r.csv": "year,region,unit,score\n2022,Kota A," + "x" * 400 + ",60\n"},
        "score {dir}/r.csv",
        2,
        ["400 karakter", "baris 2", "'unit'"],
    ),
    (
        "huge score",
        {"r.csv": "year,region,unit,score\n2022,Kota A,Dinsos,1e308\n"},
        "score {dir}/r.csv",
        2,
        ["1e+308", "di luar skala"],
    ),
    ("inf once", {"r.csv": "year,region,unit,score\n2022,Kota A,Dinsos,inf\n"}, "score {dir}/r.csv", 2, ["1 masalah"]),
    (
        "formula cell",
        {"r.csv": 'year,region,unit,score\n2022,Kota A,"=HYPERLINK(""http://x"",""y"")",60\n'},
        "score {dir}/r.csv --format csv",
        0,
        ["'=HYPERLINK"],
    ),
    ("missing file", {}, "score {dir}/nope.csv", 2, ["nope.csv"]),
    ("missing files at once", {}, "ikm --survey {dir}/a.csv", 2, ["a.csv"]),
    (
        "mistyped region",
        {},
        "score --region 'Kota Bengkullu' --year 2024 --lang en",
        2,
        ["did you mean: Kota Bengkulu"],
    ),
    ("year without data", {"r.csv": GOOD}, "score {dir}/r.csv --year 2023", 2, ["2022"]),
    ("year without scheme", {}, "score --year 2020", 2, ["2020"]),
]


@pytest.mark.parametrize(("name", "files", "command", "code", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_case_table(tmp_path, capsys, name, files, command, code, fragments):
    for filename, content in files.items():
        _write(tmp_path / filename, content)
    if "{dir}/r.csv" in command and "r.csv" not in files:
        _write(tmp_path / "r.csv", GOOD)
    argv = shlex.split(command.replace("{dir}", str(tmp_path)))
    got = main(argv)
    out, err = capsys.readouterr()
    assert got == code, err
    for fragment in fragments:
        assert fragment in out + err, (fragment, err[-500:])
    assert "Traceback" not in err and "np.float64" not in err


def test_formula_grouping_header_is_not_a_formula_in_the_ikm_csv(tmp_path, capsys):
    """#26: a grouping column whose header starts with '=' was written unescaped into the IKM CSV."""
    _write(tmp_path / "s.csv", f"=cmd(),{ITEMS}\n" + "".join(f"=x{i}," + "3," * 8 + "3\n" for i in range(6)))
    assert main(["ikm", str(tmp_path / "s.csv"), "--by", "=cmd()", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0]
    assert header.startswith('"\'=cmd()"') and '"=' not in out, out[:300]


def test_workbook_with_several_sheets(tmp_path, capsys):
    path = tmp_path / "r.xlsx"
    _xlsx(
        path,
        {
            "2022": pd.DataFrame({"year": [2022], "region": ["Kota A"], "unit": ["Dinsos"], "score": [60]}),
            "2023": pd.DataFrame({"year": [2023], "region": ["Kota A"], "unit": ["Dinsos"], "score": [65]}),
        },
    )
    assert main(["score", str(path)]) == 2
    assert "lembar '2023' juga berisi data" in capsys.readouterr().err
    assert main(["score", "--results", str(path), "--sheet", "2023"]) == 2  # 2022's rows are then the other sheet
    assert main(["score", "--results", str(path), "--sheet", "2023", "--year", "2023"]) == 2


def test_names_are_text_in_charts(tmp_path):
    """A unit named with dollar signs is drawn as written, not parsed as maths (it crashed)."""
    from toolkit import outputs
    from toolkit.request import resolve

    rows = tmp_path / "r.csv"
    rows.write_text("year,region,unit,score\n2022,Kota A,Dinas $\\foo{$ Sosial,60\n2022,Kota A,Dinas $x$,70\n")
    step = outputs.overview(resolve("Kota A", 2022, results_path=rows, output_dir=tmp_path / "o"))
    svg = (tmp_path / "o" / "chart-units.svg").read_text()
    assert step.record.summary.score == 65.0 and "$x$" in svg


def test_read_only_output(tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.access(locked, os.W_OK):
        pytest.skip("running as root: permissions do not stop writes (the unwritable-path case is in test_cli)")
    code = main(["brief", "--region", "Kabupaten Bekasi", "--year", "2022", "--out", str(locked)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert not list(locked.iterdir())


def test_full_output_is_one_clear_message(tmp_path, capsys):
    """A full disk: /dev/full accepts no byte (Linux); the score table cannot be written there."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this platform")
    import toolkit.io as io

    real = io.tempfile.mkstemp

    def full_mkstemp(*args, **kwargs):  # every temporary file of an atomic write lands on a full disk
        fd, name = real(*args, **kwargs)
        os.close(fd)
        os.unlink(name)
        os.symlink("/dev/full", name)
        return os.open(name, os.O_WRONLY), name

    io.tempfile.mkstemp = full_mkstemp
    try:
        code = main(["score", "--year", "2022", "--out", str(tmp_path / "scores.csv")])
    finally:
        io.tempfile.mkstemp = real
    err = capsys.readouterr().err
    assert code == 2 and "No space left on device" in err and "Traceback" not in err
    assert f"{tmp_path / 'scores.csv'}: No space left on device" in err  # #26: the path was empty
    assert not (tmp_path / "scores.csv").exists() and not list(tmp_path.glob(".scores.csv.*"))


# -- formulas in workbooks ----------------------------------------------------------------------
def _formula_book(path: Path, stored: str | None) -> Path:
    """A workbook whose unit cell C2 is a formula; openpyxl stores none of its value (as a
    workbook saved without calculating, or written by a script); ``stored`` writes one."""
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Hasil"
    sheet.append(["year", "region", "unit", "score"])
    sheet.append([2022, "Kota A", '=CONCAT("Dinas ","Sosial")', 60])
    sheet.append([2022, "Kota A", "Dinas Kesehatan", 70])
    book.save(path)
    if stored is not None:
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        xml = parts["xl/worksheets/sheet1.xml"].decode()
        assert "</f><v></v>" in xml
        parts["xl/worksheets/sheet1.xml"] = (
            xml.replace('<c r="C2">', '<c r="C2" t="str">').replace("</f><v></v>", f"</f><v>{stored}</v>").encode()
        )
        with zipfile.ZipFile(path, "w") as z:
            for name, data in parts.items():
                z.writestr(name, data)
    return path


def test_formula_without_stored_value_is_an_error_naming_sheet_cell_row_and_column(tmp_path, capsys):
    """#26: the blank unit cell made the unit's 60 the Pemda's published score, exit 0."""
    path = _formula_book(tmp_path / "r.xlsx", stored=None)
    assert main(["score", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    for fragment in ("row 2", "column 'unit'", "sheet 'Hasil', cell C2", "formula with no stored value"):
        assert fragment in err, err


def test_formula_with_stored_value_reads_the_value(tmp_path):
    import toolkit

    frame = toolkit.read_results(_formula_book(tmp_path / "r.xlsx", stored="Dinas Sosial"))
    assert frame["unit"].tolist() == ["Dinas Sosial", "Dinas Kesehatan"]
    assert frame["level"].tolist() == ["unit", "unit"]


# -- text encodings ------------------------------------------------------------------------------
def test_utf8_with_a_stray_byte_keeps_every_name_and_names_the_row(tmp_path):
    """#26: one Windows-1252 byte made the loader decode the whole file as Windows-1252."""
    import toolkit
    from toolkit.errors import DataWarning

    body = "year,region,unit,score\n2022,Kota Baubau,Dinas Sosial Ümbrella,60\n".encode()
    path = _write(tmp_path / "r.csv", body + b"2022,Kota Baubau,Dinas Kes\xe9hatan,70\n")  # 0xE9: cp1252 e-acute
    with pytest.warns(DataWarning, match=r"1 row\(s\) hold bytes that are not UTF-8.*rows: 3$"):
        frame = toolkit.read_results(path)
    assert frame["unit"].tolist() == ["Dinas Sosial Ümbrella", "Dinas Keséhatan"]  # UTF-8 kept, the byte read


def test_a_windows_1252_file_reads_as_such_without_a_warning(tmp_path):
    import warnings

    import toolkit

    path = _write(tmp_path / "r.csv", "year,region,unit,score\n2022,Kota A,Dinas Sosial Café,60\n".encode("cp1252"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert toolkit.read_results(path)["unit"].tolist() == ["Dinas Sosial Café"]


def test_stray_byte_warning_reaches_the_score_command(tmp_path, capsys):
    body = GOOD.replace("Dinas Sosial", "Dinas Sosial Ü").encode()
    path = _write(tmp_path / "r.csv", body + b"2022,Kota A,Dinas \xc9ducation,70\n")
    assert main(["score", str(path), "--year", "2022"]) == 0
    out, err = capsys.readouterr()
    assert "1 baris berisi byte yang bukan UTF-8" in err and "Periksa nama di baris: 4" in err
    assert "Dinas Éducation" in out and "Dinas Sosial Ü" in out


# -- non-Latin names -----------------------------------------------------------------------------
def test_regions_in_other_scripts_stay_apart(tmp_path):
    """#26: three Pemdas in non-Latin script folded to one empty key: one mean, one folder."""
    import toolkit
    from toolkit.names import region_key, slug

    names = ["Город Москва", "مدينة القاهرة", "東京都", "Kota Ø", "Kota"]
    rows = pd.DataFrame({"year": 2022, "region": names, "score": [60, 70, 80, 90, 50]})
    frame = toolkit.read_results(rows)
    assert frame["region_key"].nunique() == len(names) and (frame["region_key"] != "").all()
    assert len({slug(n) for n in names}) == len(names)
    assert region_key("Kab. Bekasi") == "kabupaten bekasi" and region_key("Kota Müller") == "kota muller"
    means = toolkit.score_table(frame)
    assert len(means) == len(names)


def test_a_region_of_symbols_only_is_an_error_naming_the_row(tmp_path, capsys):
    path = _write(
        tmp_path / "r.csv", "year,region,unit,score\n2022,Kota A,Dinsos,60\n2022,★★,Dinsos,70\n2022,—,Dinkes,70\n"
    )
    assert main(["score", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "2 problems" in err and "row 3, column 'region'" in err and "row 4, column 'region'" in err
    assert "no letter or digit" in err


# -- detail against the catalogue and the results ---------------------------------------------------
def _detail(units: list[str], codes: list[str]) -> pd.DataFrame:
    rows = []
    for unit in units:
        for dimension in ("input", "proses", "output", "pengaduan"):
            rows.append({"year": 2022, "region": "Kota A", "unit": unit, "dimension": dimension, "score": 70})
        for code in codes:
            rows.append(
                {"year": 2022, "region": "Kota A", "unit": unit, "dimension": "input", "indicator": code, "score": 2}
            )
    return pd.DataFrame(rows)


def test_unknown_indicator_codes_and_units_not_in_the_results_are_named():
    import warnings

    import toolkit
    from toolkit.errors import DataWarning

    results = toolkit.read_results(
        pd.DataFrame({"year": 2022, "region": "Kota A", "unit": ["Dinas Sosial"], "score": 60})
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        known = toolkit.read_detail(_detail(["Dinas Sosial"], ["KP1", "kp2"]), results=results)
    assert known["region_key"].unique().tolist() == ["kota a"]
    with pytest.warns(DataWarning) as caught:
        toolkit.read_detail(_detail(["Dinas Sosial", "Dinas Pendidikan"], ["KP1", "XX9"]), results=results)
    texts = [str(w.message) for w in caught]
    assert any("1 indicator code(s) not in the indicator list indicators-2022" in t and "XX9" in t for t in texts)
    assert any(
        "1 unit(s) in the detail are not in the results" in t and "Dinas Pendidikan (Kota A, 2022)" in t for t in texts
    )


# -- paths and containers ------------------------------------------------------------------------
def test_a_directory_is_not_a_missing_file(tmp_path, capsys):
    import toolkit
    from toolkit.errors import DataError

    (tmp_path / "r.csv").mkdir()
    with pytest.raises(DataError, match="this is a folder, not a file"):
        toolkit.read_results(tmp_path / "r.csv")
    assert main(["score", str(tmp_path / "r.csv")]) == 2
    assert "adalah folder, bukan berkas" in capsys.readouterr().err


def test_a_password_protected_workbook_is_named_as_such(tmp_path, capsys):
    """An encrypted Office file is an OLE compound file holding an 'EncryptedPackage' stream
    (MS-OFFCRYPTO 2.3.4.4); pandas asked to 'install python-calamine'. The file here has the
    real header and a directory sector naming the stream, as one saved by Excel has."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + bytes.fromhex("3E000300FEFF0900")
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\0") + bytes(64)
    path = _write(tmp_path / "r.xlsx", header.ljust(512, b"\0") + entry + bytes(4096))
    assert main(["score", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "password-protected" in err and "calamine" not in err


# -- resource bounds -----------------------------------------------------------------------------
def _wide_csv(path: Path, columns: int) -> Path:
    header = "year,region,unit,score," + ",".join(f"c{i}" for i in range(columns))
    return _write(path, header + "\n2022,Kota A,Dinas Sosial,60," + ",".join("1" * columns) + "\n")


def test_a_wide_header_is_read_in_linear_time(tmp_path):
    """#26: 3,000 columns took 47 s (5 s here) by adding the extra columns one at a time."""
    import warnings

    import toolkit
    from toolkit.loading import _bounds

    path = _wide_csv(tmp_path / "r.csv", 3000)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = toolkit.read_results(path)
    assert time.perf_counter() - start < 3 and frame.shape[1] > 3000
    wide = _wide_csv(tmp_path / "wide.csv", _bounds.MAX_COLUMNS + 1)
    with pytest.raises(toolkit.DataError, match=f"has {_bounds.MAX_COLUMNS + 5} columns; the limit is"):
        toolkit.read_results(wide)


def test_cells_are_bounded_in_every_format(tmp_path, monkeypatch):
    import toolkit
    from toolkit.loading import _bounds

    monkeypatch.setattr(_bounds, "MAX_CELLS", 40)
    rows = pd.DataFrame({"year": 2022, "region": [f"Kota {i}" for i in range(20)], "score": 60})
    rows.to_csv(tmp_path / "r.csv", index=False)
    rows.to_parquet(tmp_path / "r.parquet")
    _xlsx(tmp_path / "r.xlsx", {"Sheet1": rows})
    for name in ("r.csv", "r.parquet", "r.xlsx"):
        with pytest.raises(toolkit.DataError, match="more cells than the limit of 40"):
            toolkit.read_results(tmp_path / name)
    assert len(toolkit.read_results(rows.iloc[:10])) == 10  # 10 rows of 3 columns: within


def test_a_zip_bomb_is_refused_before_it_inflates(tmp_path, monkeypatch):
    """A workbook of 30 kB whose sheet inflates to 17 MiB, against a bound of 1 MiB (the real
    bound is 512 MiB; a 2 GiB bomb is refused in milliseconds, see the report of #26)."""
    import zipfile

    import toolkit
    from toolkit.loading import _bounds

    path = tmp_path / "bomb.xlsx"
    _xlsx(path, {"Sheet1": pd.DataFrame({"year": [2022], "region": ["Kota A"], "score": [60]})})
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    row = b"<row><c><v>2022</v></c><c t='inlineStr'><is><t>Kota A</t></is></c><c><v>60</v></c></row>"
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"</sheetData>", row * 200_000 + b"</sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert path.stat().st_size < 200_000
    monkeypatch.setattr(_bounds, "MAX_INFLATED_BYTES", 1024**2)
    with pytest.raises(toolkit.DataError, match=r"inflates to 17 MiB; the limit is 1 MiB"):
        toolkit.read_results(path)
    monkeypatch.setattr(_bounds, "MAX_INFLATED_BYTES", 1024**3)
    monkeypatch.setattr(_bounds, "MAX_CELLS", 100_000)  # the cells are counted as the sheet streams past
    with pytest.raises(toolkit.DataError, match="more cells than the limit of 100000"):
        toolkit.read_results(path)


# -- whole runs with kernels ------------------------------------------------------------------
INJECTION = "<img src=x onerror=alert(2)>"


@pytest.mark.slow
def test_injection_names_through_a_whole_brief(tmp_path, capsys):
    rows = tmp_path / "x.csv"
    rows.write_text(
        "year,level,region,unit,score\n"
        f"2022,unit,{INJECTION},Dinas Sosial,55\n"
        f"2022,unit,{INJECTION},Dinas *Kesehatan* [x](javascript:alert(1)),65\n"
    )
    out = tmp_path / "out"
    assert main(["brief", "--region", INJECTION, "--year", "2022", "--results", str(rows), "--out", str(out)]) == 0
    (folder,) = [p for p in out.rglob("id") if p.is_dir()]
    for name in ("01-overview.html", "02-drivers.html", "03-brief.html", "brief.id.html"):
        html = (folder / name).read_text()
        assert "<img src=x" not in html and "onerror=alert" not in html.replace("onerror=alert(2)&gt;", ""), name
        assert "javascript:" not in html or "href" not in html.split("javascript:")[0][-20:], name
    md = (folder / "brief.id.md").read_text()
    assert "<img" not in md and "&lt;img" in md and "\\*Kesehatan\\*" in md
    assert not list(Path.home().glob(".ipython/profile_default/history.sqlite-journal"))


def _tagged_processes(tag: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if tag.encode() in (proc / "environ").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def _batch(out: Path, regions: str, tag: str) -> subprocess.Popen:
    env = {**os.environ, "KEPATUHAN_TEST_TAG": tag}
    env.pop("KEPATUHAN_REPORTS", None)
    return subprocess.Popen(
        [sys.executable, "-m", "toolkit.cli", "batch", "--year", "2022", "--regions", regions, "--out", str(out)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


ORPHAN = """
import os, subprocess, sys
code = (
    "import os, sys, time; parent = int(sys.argv[1]); time.sleep(1.0); "
    "from toolkit.pipeline import die_with_parent; die_with_parent(parent); time.sleep(60)"
)
child = subprocess.Popen([sys.executable, "-c", code, str(os.getpid())], stdout=subprocess.DEVNULL)
print(child.pid, flush=True)
os._exit(0)  # the parent dies before the child has asked to die with it
"""


def test_a_process_whose_parent_died_while_it_started_ends(tmp_path):
    """A worker still importing when the batch is killed must not live on (the CI failure of
    the kill test below: its prctl came after the parent was gone)."""
    if not Path("/proc").is_dir():
        pytest.skip("needs /proc")
    out = subprocess.run([sys.executable, "-c", ORPHAN], capture_output=True, text=True, check=True, timeout=60)
    pid = int(out.stdout.split()[0])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            break
        if state == "Z":
            break
        time.sleep(0.2)
    else:
        os.kill(pid, signal.SIGKILL)
        pytest.fail("the orphaned child lived on after its parent died")


@pytest.mark.slow
def test_killed_batch_leaves_no_processes_and_resumes(tmp_path):
    if not Path("/proc").is_dir():
        pytest.skip("needs /proc to find the batch's processes")
    tag = f"kill-{uuid.uuid4().hex}"
    out = tmp_path / "out"
    proc = _batch(out, "Kabupaten Bekasi,Kota Bekasi,Kota Depok,Kabupaten Asahan", tag)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_tagged_processes(tag)) < 4:  # main, workers, kernels
        time.sleep(0.2)
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _tagged_processes(tag):
        time.sleep(0.5)
    assert not _tagged_processes(tag), "workers or kernels outlived the killed batch"
    # the next run cleans what the killed one left and finishes the work
    again = _batch(out, "Kabupaten Bekasi,Kota Bekasi,Kota Depok,Kabupaten Asahan", f"resume-{uuid.uuid4().hex}")
    assert again.wait(timeout=300) == 0
    manifest = pd.read_csv(out / "2022" / "manifest.csv")
    assert sorted(manifest["status"].unique()) in (["ok"], ["ok", "skipped"]) and len(manifest) == 4
    assert not list((out / "2022").rglob(".*partial*"))


@pytest.mark.slow
def test_concurrent_batches_keep_every_row(tmp_path):
    out = tmp_path / "out"
    first = _batch(out, "Kabupaten Bekasi,Kota Bekasi", f"a-{uuid.uuid4().hex}")
    second = _batch(out, "Kota Depok,Kabupaten Asahan", f"b-{uuid.uuid4().hex}")
    assert first.wait(timeout=300) == 0 and second.wait(timeout=300) == 0
    manifest = pd.read_csv(out / "2022" / "manifest.csv")
    assert sorted(manifest["region"]) == sorted(["Kabupaten Bekasi", "Kota Bekasi", "Kabupaten Asahan", "Kota Depok"])
    assert (manifest["status"] == "ok").all()


# -- control and bidi characters -------------------------------------------------------------------
#: Escape (an OSC sequence that sets the window title), bell, backspace, carriage return, the C1
#: CSI, a right-to-left override around a number, and an isolate.
HOSTILE_NAME = "Kota \x1b]0;owned\x07B\x08ogor \u202e12,5\u202c\x9b2J\r"
FORBIDDEN = set("\x1b\x07\x08\r\x9b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _clean(text: str) -> bool:
    return not FORBIDDEN & set(text)


@pytest.fixture(scope="module")
def hostile_brief(tmp_path_factory):
    """The result files of one brief (overview and drivers steps, in this process) for a Pemda
    whose region and unit names carry control and bidi characters, read from a results file whose
    name holds a command substitution."""
    from toolkit import outputs
    from toolkit.request import resolve

    folder = tmp_path_factory.mktemp("hostile")
    rows = folder / "r$(touch PWNED).csv"
    rows.write_text(
        f'year,region,unit,score\n2022,"{HOSTILE_NAME}",Dinas Sosial \u2067x\u2069,60\n'
        f'2022,"{HOSTILE_NAME}",Dinas Kesehatan\x1b[2J,70\n',
        encoding="utf-8",
    )
    request = resolve(HOSTILE_NAME, 2022, results_path=rows, output_dir=folder / "out")
    outputs.overview(request), outputs.drivers(request), outputs.gather(request.output_dir)
    return folder, request


def test_control_and_bidi_characters_reach_no_brief_format(hostile_brief):
    """#26: an override reversed text and numbers in the PDF, HTML and Markdown; escape, bell and
    backspace reached them raw. Every format is built from the one neutralised context."""
    from toolkit.briefs import build_context, render_html, render_markdown, typst_sources
    from toolkit.records import BriefData, read_record

    _, request = hostile_brief
    out = Path(request.output_dir)
    context = build_context(read_record(out / "brief-data.json", BriefData), "en")
    html, md = render_html(context, out), render_markdown(context)
    typst_json = typst_sources(context, out)["context.json"].decode()
    json_text = json.dumps(context, ensure_ascii=False)
    for text in (html, md, json_text, typst_json):
        assert _clean(text), [ch for ch in text if ch in FORBIDDEN][:5]
    assert "\ufffd]0;owned\ufffdB\ufffdogor \ufffd12,5\ufffd" in json_text  # readable, each one visible
    assert "Dinas Kesehatan\ufffd[2J" in html and "Dinas Kesehatan\ufffd\\[2J" in md
    # the data keeps the name as written: the key and the folder are those of the original name
    assert request.region == " ".join(HOSTILE_NAME.split()) and "\x1b" in request.region


def test_the_reproduce_line_is_shell_quoted(hostile_brief):
    """#26: `$(...)` in a name ran when an analyst pasted the command."""
    from toolkit.briefs import build_context
    from toolkit.names import region_key
    from toolkit.records import BriefData, read_record

    folder, request = hostile_brief
    context = build_context(read_record(Path(request.output_dir) / "brief-data.json", BriefData), "id")
    line = context["methods"]["reproduce"]
    words = shlex.split(line)
    assert words[words.index("--results") + 1] == "r$(touch PWNED).csv"
    assert region_key(words[words.index("--region") + 1]) == request.key  # the shown name finds the Pemda
    subprocess.run(["bash", "-c", "printf '%s\\n' " + line.removeprefix("kepatuhan brief ")], cwd=folder, check=True)
    assert not (folder / "PWNED").exists()


def test_control_characters_reach_no_terminal(tmp_path, capsys):
    """Tables, JSON, CSV on stdout and messages on stderr; the file written with --out keeps the data."""
    rows = _write(tmp_path / "r.csv", f'year,region,unit,score\n2022,"{HOSTILE_NAME}",Dinas Sosial\x07,60\n')
    for fmt in ("table", "json", "csv"):
        assert main(["score", str(rows), "--format", fmt, "--out", str(tmp_path / f"o.{fmt}")]) == 0
        out, err = capsys.readouterr()
        assert _clean(out) and _clean(err) and "\ufffd" in out, fmt
    assert "Dinas Sosial\x07" in (tmp_path / "o.csv").read_text(encoding="utf-8")  # data unchanged
    assert main(["score", str(tmp_path / "nope\x1b]0;owned\x07.csv")]) == 2
    err = capsys.readouterr().err
    assert _clean(err) and "nope\ufffd]0;owned\ufffd.csv" in err


def test_notebook_pages_show_no_control_characters(tmp_path):
    import nbformat

    from toolkit.pipeline._run import _export_html

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(name)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"{HOSTILE_NAME}\n")]
    nb.cells.append(cell)
    path = tmp_path / "01-overview.ipynb"
    nbformat.write(nb, path)
    page = _export_html(path, {"region": HOSTILE_NAME, "year": 2022}).read_text(encoding="utf-8")
    assert _clean(page) and "\ufffd]0;owned" in page


# -- paths: links, devices, HOME ---------------------------------------------------------------------
def test_out_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path, capsys):
    """#26: --out through a link replaced the link with a regular file."""
    (tmp_path / "runs").mkdir()
    target = _write(tmp_path / "runs" / "scores.csv", "old\n")
    link = tmp_path / "latest.csv"
    link.symlink_to(target)
    assert main(["score", "--year", "2022", "--format", "csv", "--out", str(link)]) == 0
    capsys.readouterr()
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith('"year"')
    assert not list(tmp_path.rglob(".scores.csv.*"))


def test_out_onto_a_pipe_or_device_is_refused(tmp_path, capsys):
    """A device, pipe or socket is never renamed over (as root, --out /dev/stdout replaced it).
    Tried on a FIFO: the same check refuses /dev/stdout and /dev/null (see toolkit.io)."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    for out in (fifo, link):
        assert main(["score", "--year", "2022", "--out", str(out), "--lang", "en"]) == 2
        err = capsys.readouterr().err
        assert f"{out} is not a regular file (a device, pipe or socket): not replaced" in err
    assert fifo.is_fifo() and link.is_symlink()


def test_nothing_is_written_under_home(tmp_path):
    """#26: the brief wrote ~/.cache/matplotlib and ~/.config/matplotlib (and jupyter_client
    ~/.ipython). What the CLI process and a kernel use instead: the toolkit's own folders."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("MPLCONFIGDIR", "IPYTHONDIR", "XDG_CACHE_HOME")}
    code = (
        "import io, json, sys; from pathlib import Path; from toolkit import cli; cli.main(['schemes'])\n"
        "from toolkit.pipeline._kernel import ensure_kernel, kernel_environment; ensure_kernel()\n"
        "from matplotlib.figure import Figure; import matplotlib; Figure().savefig(io.BytesIO(), format='png')\n"
        "env = kernel_environment(Path('/nowhere'))\n"
        "print(json.dumps([matplotlib.get_configdir(), matplotlib.get_cachedir(), env['MPLCONFIGDIR']]), file=sys.stderr)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], env={**env, "HOME": str(home)}, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    dirs = json.loads(proc.stderr.strip().splitlines()[-1])
    assert not list(home.iterdir()), list(home.rglob("*"))
    assert all(not d.startswith(str(home)) and "kepatuhan-matplotlib" in d for d in dirs), dirs


# -- CLI value ranges ------------------------------------------------------------------------------
VALUE_CASES = [
    ("sample-size --margin 0", "--margin", "harus bilangan lebih dari 0, bukan '0'"),
    ("sample-size --margin -1", "--margin", "bukan '-1'"),
    ("sample-size --margin nan", "--margin", "bukan 'nan'"),
    ("sample-size --margin inf", "--margin", "bukan 'inf'"),
    ("sample-size --sd 0 --margin 2", "--sd", "bukan '0'"),
    ("sample-size --change 0", "--change", "harus bilangan lebih dari 0"),
    ("sample-size --change 2 --power 1.5", "--power", "di antara 0 dan 1 (misalnya 0.8), bukan '1.5'"),
    ("--lang en sample-size --change 2 --power 0", "--power", "must be a number between 0 and 1"),
    ("batch --year 2022 --all --workers 0", "--workers", "paling sedikit 1, bukan '0'"),
    ("batch --year 2022 --all --workers -1", "--workers", "bukan '-1'"),
    ("brief --region x --year 2022 --cell-timeout 0", "--cell-timeout", "paling sedikit 1"),
    ("score --region ''", "--region", "tidak boleh kosong"),
    ("score --region ' ' --lang en", "--region", "must not be empty"),
    ("brief --region '' --year 2022", "--region", "tidak boleh kosong"),
    ("brief --province '' --year 2022", "--province", "tidak boleh kosong"),
    ("drivers --region '' --year 2022", "--region", "tidak boleh kosong"),
]


@pytest.mark.parametrize(("command", "option", "fragment"), VALUE_CASES, ids=[c[0] for c in VALUE_CASES])
def test_values_out_of_range_are_one_translated_line(capsys, command, option, fragment):
    """#26: tracebacks for --margin 0|-1|nan, --change 0, --power 1.5; --workers 0 accepted;
    score --region '' printed the whole table. (--bootstrap: the case table above.)"""
    with pytest.raises(SystemExit) as info:
        main(shlex.split(command))
    err = capsys.readouterr().err
    assert info.value.code == 2 and "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert ("galat: argumen " in last or "error: argument " in last) and option in last and fragment in last, err


def test_many_workers_are_capped_with_a_note(capsys):
    import argparse

    from toolkit.cli import _workers

    args = argparse.Namespace(workers=1000, year=2022, results=None, lang="en")
    assert _workers(args, ["Kota Bekasi", "Kota Depok"]) == min(2, len(os.sched_getaffinity(0)))
    assert "--workers 1000:" in capsys.readouterr().err
    args.workers = None  # the default of 2, lowered without a note for one region
    assert _workers(args, ["Kota Bekasi"]) == 1 and capsys.readouterr().err == ""


# -- encodings at the edges --------------------------------------------------------------------------
def _manifest_rows(regions: list[str]) -> dict:
    return {
        r: {"region": r, "slug": f"s-{i}", "lang": "id", "variant": "", "status": "ok", "seconds": 12.5}
        for i, r in enumerate(regions)
    }


@pytest.mark.parametrize(("encoding", "sep"), [("cp1252", ";"), ("utf-8-sig", ";"), ("utf-16", "\t"), ("cp1252", ",")])
def test_a_manifest_resaved_by_excel_keeps_every_row(tmp_path, encoding, sep):
    """#26: a manifest re-saved by Indonesian Excel (semicolons, Windows-1252) made the next batch
    drop the rows of the regions it did not run."""
    from toolkit.pipeline._batch import MANIFEST_COLUMNS, _read_manifest, _write_manifest
    from toolkit.pipeline._store import Root

    root, path = Root(tmp_path), tmp_path / "manifest.csv"
    _write_manifest(root, "manifest.csv", _manifest_rows(["Kota Bekasi", "Kabupaten Pidië", "Kota Depok"]))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.to_csv(path, sep=sep, index=False, encoding=encoding, decimal=",")  # as Excel saves it
    _write_manifest(root, "manifest.csv", {"x": {**_manifest_rows(["Kota Bogor"])["Kota Bogor"], "slug": "s-9"}})
    rows = _read_manifest(path.read_bytes(), str(path))
    assert sorted(r["region"] for r in rows.values()) == sorted(
        ["Kota Bekasi", "Kabupaten Pidië", "Kota Depok", "Kota Bogor"]
    )
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(f'"{c}"' for c in MANIFEST_COLUMNS)


def test_a_manifest_that_cannot_be_read_is_refused_naming_it(tmp_path):
    from toolkit.errors import DataError
    from toolkit.pipeline._batch import _write_manifest
    from toolkit.pipeline._store import Root

    path = tmp_path / "manifest.csv"
    path.write_bytes(b"\xff\xfeNOT A MANIFEST|x|y\n")
    before = path.read_bytes()
    with pytest.raises(DataError, match="the batch manifest cannot be read") as info:
        _write_manifest(Root(tmp_path), "manifest.csv", _manifest_rows(["Kota Bogor"]))
    assert str(path) in info.value.render("en") and path.read_bytes() == before


def test_a_file_name_that_is_not_utf8_is_a_message(tmp_path, capsys):
    """A name with a byte that is not UTF-8 arrives as a lone surrogate: read, shown with U+FFFD,
    and where it must be written into a result file, refused with a message (no traceback)."""
    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/r\xff.csv")
    Path(name).write_text(GOOD, encoding="utf-8")
    assert main(["score", name, "--year", "2022"]) == 0
    out, err = capsys.readouterr()
    assert "Dinas Sosial" in out and "Traceback" not in err
    assert main(["score", name + "x"]) == 2
    assert "r\ufffd.csvx" in capsys.readouterr().err
    for command in (["brief", "--region", "Kota A"], ["drivers", "--region", "Kota A"], ["batch", "--all"]):
        assert main([*command, "--year", "2022", "--results", name, "--lang", "en"]) == 2  # before any kernel
        err = capsys.readouterr().err
        assert "the file name " in err and "r\ufffd.csv is not UTF-8" in err and "Traceback" not in err


def test_an_ascii_only_terminal_gets_escapes_not_an_error(tmp_path):
    """#26: a terminal that accepts only ASCII (LANG=C, PYTHONIOENCODING=ascii) ended the command
    with UnicodeEncodeError."""
    rows = _write(tmp_path / "r.csv", GOOD.replace("Dinas Sosial", "Dinas Sosial Ümbrella ≠"))
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"}
    for argv in (["schemes"], ["score", str(rows), "--year", "2022"], ["sample-size", "--margin", "0"]):
        proc = subprocess.run(
            [sys.executable, "-m", "toolkit.cli", *argv], env=env, capture_output=True, timeout=120, check=False
        )
        err = proc.stderr.decode("ascii")
        assert proc.returncode == (2 if "sample-size" in argv else 0) and "Traceback" not in err, err[-800:]
    assert (
        b"\\xdcmbrella \\u2260"
        in subprocess.run(
            [sys.executable, "-m", "toolkit.cli", "score", str(rows), "--year", "2022"], env=env, capture_output=True
        ).stdout
    )


# -- signals -----------------------------------------------------------------------------------------
def _tag_processes_left(tag: str, seconds: float = 15) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and _tagged_processes(tag):
        time.sleep(0.2)
    return _tagged_processes(tag)


@pytest.mark.slow
def test_ctrl_c_during_a_brief_ends_cleanly_and_keeps_the_last_brief(tmp_path):
    """A whole brief with an empty HOME (nothing is written there), then the same brief again,
    interrupted (SIGINT to its process group, as Ctrl-C sends) once its kernel runs: exit 130,
    one line, no process left, the first brief unchanged and no staging folder left."""
    if not Path("/proc").is_dir():
        pytest.skip("needs /proc to find the brief's processes")
    home, out = tmp_path / "home", tmp_path / "out"
    home.mkdir()
    base = {k: v for k, v in os.environ.items() if k not in ("MPLCONFIGDIR", "IPYTHONDIR", "KEPATUHAN_REPORTS")}
    argv = [
        sys.executable,
        "-m",
        "toolkit.cli",
        "brief",
        "--region",
        "Kota Bekasi",
        "--year",
        "2022",
        "--out",
        str(out),
    ]
    first = subprocess.run(argv, env={**base, "HOME": str(home)}, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr[-2000:]
    assert not list(home.rglob("*")), list(home.rglob("*"))
    (pdf,) = out.rglob("brief.id.pdf")
    before = pdf.read_bytes()
    tag = f"sigint-{uuid.uuid4().hex}"
    proc = subprocess.Popen(
        argv,
        env={**base, "HOME": str(home), "KEPATUHAN_TEST_TAG": tag},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_tagged_processes(tag)) < 2:  # the CLI and its kernel
        time.sleep(0.1)
    time.sleep(2.0)  # the kernel is warming or running the first notebook
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err[-2000:]
    assert err.strip().splitlines() == ["galat: dihentikan (Ctrl-C); keluaran yang selesai sebelumnya tetap utuh"]
    assert not _tag_processes_left(tag), "a kernel outlived the interrupted brief"
    assert pdf.read_bytes() == before
    assert not [p for p in out.rglob(".*") if "partial" in p.name]
