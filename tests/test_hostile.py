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
