"""Hostile input, broken files and faults, through the command line an analyst uses.

A table of cases (a file, a command, the exit status, a fragment of the message), then the
injection names through a whole brief, and killed and concurrent batches.
"""

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
