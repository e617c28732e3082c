"""Notebooks through papermill, the one-region pipeline, batches (processes and Dask)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from toolkit import pipeline
from toolkit.cli import main
from toolkit.errors import DataError
from toolkit.paths import data_dir, notebooks_dir, region_dir
from toolkit.pipeline._kernel import _ipc_kernel_manager
from toolkit.pipeline._run import _failure
from toolkit.request import NOTEBOOK_PARAMETERS, parameters_cell, resolve

NOTEBOOKS = [notebooks_dir() / f"{name}.ipynb" for name in pipeline.NOTEBOOKS]  # the brief's three
EXAMPLE = data_dir() / "examples" / "kabupaten-bekasi-2022-detail-SYNTHETIC.csv"


@pytest.fixture(scope="session")
def _cross_unit_cache(tmp_path_factory) -> Path:
    """One cache of the cross-unit analysis for this run's notebooks, shared by the xdist workers.
    Its entries are keyed by the results' content, the regime and the code, as an analyst's
    reports/.cache is: a drivers notebook then reads the entry instead of importing statsmodels
    and computing it (about 1,5 s a kernel). The tests that count computations use roots of
    their own, with empty caches."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "cross-unit-cache"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(autouse=True)
def _reports_in_tmp(tmp_path, monkeypatch, _cross_unit_cache):
    """Nothing a test runs writes into the checkout's reports/; its cache is the run's own."""
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / ".cache").symlink_to(_cross_unit_cache, target_is_directory=True)
    monkeypatch.setenv("KEPATUHAN_REPORTS", str(reports))


def test_notebooks_are_committed_clean_and_parameterised():
    assert sorted(p.stem for p in notebooks_dir().glob("*.ipynb")) == [
        "01-overview",
        "02-drivers",
        "03-brief",
        "04-preparation",
    ]
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), path.name
        tagged = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
        assert len(tagged) == 1, path.name
        names = {
            line.split("=")[0].strip()
            for line in "".join(tagged[0]["source"]).splitlines()
            if "=" in line and not line.startswith("#")
        }
        # one definition: the cell is written from NOTEBOOK_PARAMETERS (python -m toolkit.request)
        assert names == set(NOTEBOOK_PARAMETERS) and "".join(tagged[0]["source"]) == parameters_cell(), path.name
        assert nb["metadata"]["kernelspec"]["name"] == pipeline.KERNEL_NAME
        # thin views: no function or class definitions hidden in a notebook
        assert not any("def " in "".join(c["source"]) or "class " in "".join(c["source"]) for c in code), path.name


def test_notebook_prose_is_in_indonesian_then_english():
    """Every paragraph under a heading an analyst reads in a notebook exists in both languages."""
    for path in sorted(notebooks_dir().glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            paragraphs = "".join(cell["source"]).split("\n\n")[1:] if cell["cell_type"] == "markdown" else []
            if paragraphs:
                assert len(paragraphs) == 2 and paragraphs[1].startswith("*English:* "), (path.name, paragraphs)
                assert not paragraphs[0].startswith("*English"), (path.name, paragraphs)


def _papermill(path, out, **params):
    import papermill as pm

    pipeline.ensure_kernel()
    return pm.execute_notebook(
        str(path), str(out), parameters=params, kernel_name=pipeline.KERNEL_NAME, progress_bar=False
    )


def test_every_notebook_runs_with_its_default_parameters(tmp_path):
    shown = []
    for path in NOTEBOOKS:  # in order: 03 gathers what 01 and 02 wrote
        executed = _papermill(path, tmp_path / path.name)
        shown.append([out.get("text", "") for out in executed["cells"][2].get("outputs", [])])
    # the values come from the committed notebooks/parameters.toml, and each notebook says so
    line = "Pemda: Kabupaten Bekasi, tahun: 2022, bahasa: id, dari notebooks/parameters.toml\n"
    assert all(line in texts for texts in shown), shown
    out = region_dir(2022, "Kabupaten Bekasi", lang="id")
    assert str(out).startswith(str(tmp_path))
    for name in ("overview.json", "chart-units.png", "chart-units.svg", "drivers.json", "brief-data.json"):
        assert (out / name).is_file(), name
    overview = json.loads((out / "overview.json").read_text())
    assert overview["summary"]["score"] == 73.02 and overview["summary"]["grade"] == "C"
    drivers = json.loads((out / "drivers.json").read_text())
    steps = sum(a["steps"] for a in drivers["plan"]["actions"])
    # the plan aims at 78 + the 0,5 margin: 7 x 78,50 - 511,17 (the sum of the seven unit scores)
    assert steps == pytest.approx(38.33) and not drivers["synthetic"]
    assert drivers["regime"] == "2022-2024" and drivers["sector_gaps"]["table"]
    assert all(m["regime"] == "2022-2024" for m in drivers["models"].values())


def _shown_texts(notebook) -> list[tuple[int, str]]:
    """(cell, text) for every text or Markdown output an analyst reads in an executed notebook."""
    shown = []
    for i, cell in enumerate(notebook["cells"]):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/markdown" in data:
                text = data["text/markdown"]
            elif "text/html" in data or "image/png" in data:
                continue  # a table or a chart
            else:
                text = data.get("text/plain") or out.get("text")
            if text:
                shown.append((i, "".join(text)))
    return shown


@pytest.mark.parametrize(
    ("region", "year", "lang"),
    [("Kabupaten Langkat", 2021, "id"), ("Kabupaten Bekasi", 2022, "en")],  # Pemda score only; units
)
def test_notebooks_say_each_thing_once_in_the_reader_s_language(tmp_path, region, year, lang):
    """A cell that has nothing to show shows nothing: no message repeated across cells, no raw
    Python value (a quoted string, None) where a sentence or table belongs."""
    import nbformat

    for path in NOTEBOOKS[:2]:
        executed = _papermill(path, tmp_path / path.name, region=region, year=year, lang=lang, output_dir=str(tmp_path))
        shown = _shown_texts(nbformat.from_dict(executed))
        texts = [text for _, text in shown]
        assert len(texts) == len(set(texts)), (path.name, shown)
        assert not [text for text in texts if text.startswith(("'", '"')) or text == "None"], (path.name, shown)
        if path.name.startswith("02") and lang == "id":
            joined = " ".join(texts)
            assert "Kepentingan relatif tidak dapat dihitung" in joined and "too few" not in joined


def _table_heads(notebook) -> list[list[str]]:
    """The column heads of every table an executed notebook shows (its HTML outputs)."""
    import html
    import re

    heads = []
    for cell in notebook["cells"]:
        for out in cell.get("outputs", []):
            table = "".join(out.get("data", {}).get("text/html", ""))
            if "<table" in table:
                heads.append([html.unescape(h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)])
    return heads


@pytest.mark.parametrize("lang", ["id", "en"])
def test_notebook_02_tables_have_heads_in_words(tmp_path, lang):
    """#23: the plan, sector-gap, importance, IKM and IPA tables are headed in words, never by a
    code (kurang_ke_hijau, p_holm, n_pemda); a unit green before the plan reads "sudah hijau"."""
    import nbformat

    params = {
        "detail_path": str(EXAMPLE),
        "survey_path": str(EXAMPLE.with_name("kabupaten-bekasi-2022-skm-SYNTHETIC.csv")),
    }
    executed = _papermill(NOTEBOOKS[1], tmp_path / "02.ipynb", lang=lang, output_dir=str(tmp_path), **params)
    heads = _table_heads(nbformat.from_dict(executed))
    words = {h for table in heads for h in table if h}
    assert len(heads) == 5, heads  # plan, gaps, importance, IKM, IPA
    assert not [h for h in words if "_" in h], words
    expected = {
        "id": {
            "Upaya (indeks asumsi)",
            "Masuk zona hijau",
            "IK 95 % bawah (Holm)",
            "p (Holm)",
            "Jumlah Pemda",
            "Porsi R²",
        },
        "en": {
            "Effort (assumed index)",
            "Reaches the green zone",
            "95 % CI low (Holm)",
            "p (Holm)",
            "Number of Pemdas",
        },
    }[lang]
    assert expected <= words, words
    shown = json.dumps(executed["cells"], ensure_ascii=False)
    assert (
        {"id": "sudah hijau", "en": "already green"}[lang] in shown and ">True<" not in shown and ">False<" not in shown
    )


def test_papermill_injected_values_win_over_the_parameters_file(tmp_path):
    """The analyst's file gives the language; papermill's region and year win over the file's."""
    settings = tmp_path / "mine.toml"
    settings.write_text('region = "Kota Binjai"\nyear = 2023\nlang = "en"\n', encoding="utf-8")
    executed = _papermill(
        NOTEBOOKS[0], tmp_path / "01.ipynb", parameters_file=str(settings), region="Kabupaten Bekasi", year=2022
    )
    texts = [out.get("text", "") for out in executed["cells"][3].get("outputs", [])]  # after papermill's cell
    assert f"Pemda: Kabupaten Bekasi, year: 2022, language: en, from {settings}\n" in texts, texts


def test_plain_papermill_command_line(tmp_path):
    pipeline.ensure_kernel()
    # as the README writes it: -p parameters_file None reads no file (one in the working folder
    # naming a survey that does not exist would fail the run)
    _analyst_parameters(tmp_path / "nb")
    (tmp_path / "parameters.toml").write_text((tmp_path / "nb" / "parameters.toml").read_text(), encoding="utf-8")
    cmd = [
        sys.executable,
        "-m",
        "papermill",
        str(notebooks_dir() / "02-drivers.ipynb"),
        "out.ipynb",
        "-p",
        "parameters_file",
        "None",
        "-p",
        "region",
        "Kabupaten Bekasi",
        "-p",
        "year",
        "2022",
        "-p",
        "output_dir",
        "out/",
        "--kernel",
        pipeline.KERNEL_NAME,
    ]
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads((tmp_path / "out" / "drivers.json").read_text())["region"] == "Kabupaten Bekasi"


def _count_cross_unit(monkeypatch) -> list:
    """Record each cross-unit computation in this process (a kernel's are its own) with the
    cache entry it left: (regime, refresh, the entry's inode and modification time)."""
    from toolkit import analysis

    calls, real = [], analysis._across_units

    def counted(results, regime, cache_dir, refresh=False):
        data = real(results, regime, cache_dir, refresh)
        entry = analysis._cache_entry(results, regime, cache_dir)
        calls.append((regime, refresh, (entry.stat().st_ino, entry.stat().st_mtime_ns) if entry else None))
        return data

    monkeypatch.setattr(analysis, "_across_units", counted)
    return calls


def _analyst_parameters(folder: Path) -> Path:
    """The notebooks beside an analyst's parameters.toml that names another Pemda and year, and
    files that do not exist for the parameters a run passes as None (survey, costs): a run that
    read it would fail."""
    import shutil

    folder.mkdir()
    for path in NOTEBOOKS:
        shutil.copy(path, folder / path.name)
    (folder / "parameters.toml").write_text(
        'region = "Kota Binjai"\nyear = 2023\nsurvey_path = "no-such-survey.csv"\ncosts_path = "no-such-costs.csv"\n',
        encoding="utf-8",
    )
    return folder


def test_pipeline_run_with_detail(tmp_path, monkeypatch):
    # an analyst's parameters file beside the notebooks and in the working folder is never read by a run
    notebooks = _analyst_parameters(tmp_path / "nb")
    monkeypatch.setenv("KEPATUHAN_NOTEBOOKS", str(notebooks))
    monkeypatch.chdir(notebooks)
    computed = _count_cross_unit(monkeypatch)
    result = pipeline.run(resolve("Kab. Bekasi", 2022, detail_path=EXAMPLE, lang="en", output_root=tmp_path / "r"))
    # the cross-unit analysis was computed here, once, while the kernel started; the kernel only
    # read the entry (it would have replaced it, a new file) and its drivers record carries it
    [(regime, refresh, stat)] = computed
    entry = next((tmp_path / "r" / ".cache").glob("across-units-*.json"))
    assert regime == "2022-2024" and not refresh and stat == (entry.stat().st_ino, entry.stat().st_mtime_ns)
    drivers = json.loads((Path(result.output_dir) / "drivers.json").read_text())
    assert drivers["sector_gaps"] == json.loads(entry.read_text())["sector_gaps"]
    out = Path(result.output_dir)
    variant = result.variant
    assert variant.startswith("detail-kabupaten-bekasi-2022-detail-synthetic-")
    assert result.status == "ok" and out == region_dir(2022, "Kabupaten Bekasi", tmp_path / "r", variant, "en")
    for name in (
        "01-overview.ipynb",
        "02-drivers.ipynb",
        "03-brief.ipynb",
        "01-overview.html",
        "brief-data.json",
        "run.json",
    ):
        assert (out / name).is_file(), name
    html = (out / "02-drivers.html").read_text()
    assert "outputs.drivers(" not in html and "Dinas Pendidikan" in html  # outputs shown, code hidden
    data = json.loads((out / "brief-data.json").read_text())
    assert data["synthetic"] and data["drivers"]["units"][0]["dimensions"]
    run_info = json.loads((out / "run.json").read_text())
    assert run_info["parameters"]["year"] == 2022 and isinstance(run_info["parameters"]["year"], int)
    assert run_info["parameters"]["parameters_file"] is None and run_info["region"] == "Kabupaten Bekasi"
    overview = json.loads((out / "overview.json").read_text())
    assert overview["summary"]["region"] == "Kabupaten Bekasi" and overview["summary"]["year"] == 2022
    executed = json.loads((out / "01-overview.ipynb").read_text())
    assert "Pemda: Kabupaten Bekasi, year: 2022, language: en, files: kabupaten-bekasi-2022-detail-SYNTHETIC.csv\n" in [
        "".join(shown.get("text", "")) for cell in executed["cells"] for shown in cell.get("outputs", [])
    ]
    assert not list(out.parent.glob(".*partial*"))  # no staging folder left behind


def test_pipeline_run_with_survey(tmp_path):
    from toolkit import synthetic

    path = tmp_path / "skm.csv"
    synthetic.survey(600, 2, seed=1, region="Kabupaten Bekasi", truth_draws=0).to_csv(path, index=False)
    result = pipeline.run(resolve("Kabupaten Bekasi", 2022, survey_path=path, output_root=tmp_path / "r"), html=False)
    out = Path(result.output_dir)
    assert (out / "survey.json").is_file() and (out / "brief.id.pdf").is_file()
    assert "+survey-skm-" in out.parent.name  # a run with a survey never replaces the one without
    assert json.loads((out / "brief-data.json").read_text())["synthetic"]


def _notebooks_that_raise(folder: Path, region: str) -> Path:
    """The notebooks, with a cell after 01's parameters that raises for ``region``."""
    import nbformat

    folder.mkdir()
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        if path.stem == "01-overview":
            at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
            cell = f"if region == {region!r}:\n    raise RuntimeError('induced failure')"
            nb.cells.insert(at + 1, nbformat.v4.new_code_cell(cell))
        nbformat.write(nb, folder / path.name)
    return folder


def test_failed_run_keeps_last_good_output(tmp_path, monkeypatch):
    root = tmp_path / "r"
    request = resolve("Kabupaten Bekasi", 2022, output_root=root)
    ok = pipeline.run(request)
    monkeypatch.setenv("KEPATUHAN_NOTEBOOKS", str(_notebooks_that_raise(tmp_path / "nb", "Kabupaten Bekasi")))
    with pytest.raises(pipeline.PipelineError) as err:
        pipeline.run(request)
    failed = err.value.result
    assert failed.status == "failed" and failed.failing_cell.startswith("01-overview: cell")
    assert "induced failure" in failed.error
    assert (Path(ok.output_dir) / "brief-data.json").is_file()  # the last complete output is untouched
    assert (Path(failed.output_dir) / "01-overview.ipynb").is_file()  # the traceback is kept to read


def test_batch_one_failure_then_rerun_skips_successes(tmp_path, capsys, monkeypatch):
    root = tmp_path / "r"
    # the command line and the library refuse an unknown region before any kernel starts, and
    # write nothing; the library suggests the names too
    assert main(["batch", "--year", "2022", "--regions", "Kabupaten Bekasi,Kota Atlantis", "--out", str(root)]) == 2
    assert "Kota Atlantis" in capsys.readouterr().err and not root.exists()
    with pytest.raises(DataError, match="Kota Atlantis"):
        pipeline.batch(2022, ["Kabupaten Bekasi", "Kota Atlantis"], output_root=root, progress=False)
    assert not root.exists()
    # one region fails inside its notebooks (an induced failure), the others go on
    regions = "Kabupaten Bekasi,Kota Bekasi,Kota Jambi"
    monkeypatch.setenv("KEPATUHAN_NOTEBOOKS", str(_notebooks_that_raise(tmp_path / "nb", "Kota Jambi")))
    computed = _count_cross_unit(monkeypatch)
    pipeline.batch(2022, regions.split(","), output_root=root, workers=2, progress=False)
    assert len(computed) == 1  # once, here, before the regions: not in each worker's first region
    first = pd.read_csv(root / "2022" / "manifest.csv").set_index("region")
    assert first.loc["Kabupaten Bekasi", "status"] == "ok" and first.loc["Kota Bekasi", "status"] == "ok"
    assert first.loc["Kota Jambi", "status"] == "failed"
    assert "induced failure" in first.loc["Kota Jambi", "error"]
    assert first.loc["Kota Jambi", "failing_cell"].startswith("01-overview")

    second = pipeline.batch(2022, regions.split(","), output_root=root, workers=2, progress=False).set_index("region")
    assert list(second["status"]) == ["skipped", "skipped", "failed"]  # the failure is retried
    assert second.loc["Kota Jambi", "seconds"] > 0
    assert second.loc["Kabupaten Bekasi", "seconds"] == first.loc["Kabupaten Bekasi", "seconds"]  # the real run time
    assert len(computed) == 1  # found in the cache
    third = pipeline.batch(2022, ["Kabupaten Bekasi"], output_root=root, workers=1, force=True, progress=False)
    assert third["status"].tolist() == ["ok"]
    assert [refresh for _, refresh, _ in computed] == [False, True]  # --force computes it again, once
    merged = pd.read_csv(root / "2022" / "manifest.csv")
    assert sorted(merged["region"]) == ["Kabupaten Bekasi", "Kota Bekasi", "Kota Jambi"]  # rows of others kept


def test_batch_on_a_dask_local_cluster(tmp_path, monkeypatch):
    from distributed import LocalCluster

    monkeypatch.setenv("KEPATUHAN_NOTEBOOKS", str(_notebooks_that_raise(tmp_path / "nb", "Kota Jambi")))
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        manifest = pipeline.batch(
            2022,
            ["Kabupaten Bekasi", "Kota Jambi"],
            scheduler=cluster.scheduler_address,
            output_root=tmp_path / "r",
            progress=False,
        )
    assert manifest.set_index("region")["status"].to_dict() == {"Kabupaten Bekasi": "ok", "Kota Jambi": "failed"}
    failed = Path(manifest.set_index("region").loc["Kota Jambi", "output_dir"])  # came back to this disk
    assert failed.name == "id.failed" and (failed / "01-overview.ipynb").is_file()


def test_papermill_is_imported_without_the_iri_grammar():
    """The client imports papermill without building jsonschema's optional IRI parser (about
    1,8 s), and leaves that package importable afterwards."""
    code = (
        "import sys, importlib.util\n"
        "from toolkit.pipeline._run import _papermill\n"
        "pm = _papermill()\n"
        "assert pm is sys.modules['papermill'] and 'jsonschema' in sys.modules\n"
        "assert 'rfc3987_syntax' not in sys.modules\n"
        "if importlib.util.find_spec('rfc3987_syntax'):\n"
        "    import rfc3987_syntax\n"
        "print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "ok", done.stderr


def test_parameters_become_plain_json():
    import numpy as np

    params = pipeline.plain_parameters(
        {"year": np.int32(2022), "score": np.float64(1.5), "path": Path("x.csv"), "none": None}
    )
    assert params["year"] == 2022 and type(params["year"]) is int and type(params["score"]) is float
    assert Path(params["path"]).is_absolute() and params["none"] is None
    with pytest.raises(TypeError):
        pipeline.plain_parameters({"bad": object()})


def test_kernels_use_ipc_transport():
    km = _ipc_kernel_manager(pipeline.KERNEL_NAME)
    assert km.transport == "ipc" and len(km.ip) < 100  # a socket path must stay short


def test_timeouts_are_reported_as_such():
    from nbclient.exceptions import CellTimeoutError

    assert _failure(CellTimeoutError("Cell execution timed out"))[0] == "timeout"


def _comparable(folder: Path) -> dict[str, object]:
    """What a run wrote, with what legitimately differs between two runs taken out: times and
    dates, execution counters, the PDF's bytes (its text is compared instead), and the cell that
    :func:`_notebooks_that_misbehave` adds (it shows nothing)."""
    import nbformat
    from pypdf import PdfReader

    out: dict[str, object] = {}
    for path in sorted(folder.iterdir()):
        if path.name == "run.json":
            record = json.loads(path.read_text())
            # the input hash covers the notebooks' code, which the misbehaving copies change
            skip = ("seconds", "finished_at", "output_dir", "input_hash")
            out[path.name] = {k: v for k, v in record.items() if k not in skip}
        elif path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
            out[path.name] = [
                [{k: v for k, v in o.items() if k != "execution_count"} for o in c.get("outputs", [])]
                for c in nb.cells
                if c.cell_type == "code" and "os._exit" not in c.source
            ]
        elif path.suffix == ".html":
            empty = '<div class="cell border-box-sizing code_cell rendered">\n</div>\n'
            out[path.name] = path.read_text().replace(empty, "")
        elif path.suffix == ".pdf":
            out[path.name] = [page.extract_text() for page in PdfReader(path).pages]
        else:
            out[path.name] = path.read_bytes()
    return out


def _notebooks_that_misbehave(folder: Path) -> Path:
    """The notebooks, with a cell after the parameters that kills the kernel for Kota Bekasi and
    hangs it for Kota Depok."""
    import nbformat

    folder.mkdir()
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        if path.stem == "01-overview":
            at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
            nb.cells.insert(
                at + 1,
                nbformat.v4.new_code_cell(
                    "import os, time\n"
                    "if region == 'Kota Bekasi':\n    os._exit(1)\n"
                    "if region == 'Kota Depok':\n    time.sleep(600)"
                ),
            )
        nbformat.write(nb, folder / path.name)
    return folder


@pytest.mark.slow
def test_one_kernel_runs_region_after_region_and_a_crash_stays_isolated(tmp_path, monkeypatch):
    """A batch worker keeps its kernel, and the kernel's client, from region to region; a region
    that kills or hangs the kernel fails alone and the next region gets a new kernel; what a
    reused kernel and client write is what a fresh kernel writes."""
    from toolkit.paths import bundled_results

    fresh = pipeline.run(resolve("Kota Medan", 2022, results_path=bundled_results(), output_root=tmp_path / "fresh"))
    misbehaving = _notebooks_that_misbehave(tmp_path / "nb")
    monkeypatch.setenv("KEPATUHAN_NOTEBOOKS", str(misbehaving))
    started, clients = [], []
    real_acquire = pipeline.KernelSession.acquire

    def acquire(self):
        before = self.started
        km = real_acquire(self)
        if self.started != before:
            started.append(km)
            clients.append(0)
            real_client, index = km.client, len(clients) - 1

            def client(**kwargs):
                clients[index] += 1
                return real_client(**kwargs)

            km.client = client
        return km

    monkeypatch.setattr(pipeline.KernelSession, "acquire", acquire)
    regions = ["Kabupaten Bekasi", "Kota Medan", "Kota Bekasi", "Kota Depok", "Kabupaten Asahan"]
    manifest = pipeline.batch(
        2022, regions, output_root=tmp_path / "batch", workers=1, cell_timeout=15, progress=False
    ).set_index("region")
    assert manifest["status"].to_dict() == {
        "Kabupaten Bekasi": "ok",
        "Kota Medan": "ok",
        "Kota Bekasi": "failed",
        "Kota Depok": "timeout",
        "Kabupaten Asahan": "ok",
    }
    assert "kernel died" in manifest.loc["Kota Bekasi", "error"]
    # the notebook a crash or a hang stopped is kept to read (the run's engine saves it at the end,
    # not after every cell): the reset, parameters and injected cells ran, those after the misbehaving
    # one did not
    for region in ("Kota Bekasi", "Kota Depok"):
        kept = json.loads((Path(manifest.loc[region, "output_dir"]) / "01-overview.ipynb").read_text())
        counts = [cell.get("execution_count") for cell in kept["cells"] if cell["cell_type"] == "code"]
        ran = sum(count is not None for count in counts)
        assert ran >= 3 and all(count is None for count in counts[ran:]), (region, counts)
    # one kernel for the first three regions, a new one after the crash, another after the hang;
    # the first kernel's seven notebooks ran through one client
    assert len(started) == 3
    assert clients[0] == 1, clients
    assert all(not km.is_alive() for km in started)  # and the batch ends them all
    reused = Path(manifest.loc["Kota Medan", "output_dir"])  # the second region of a kernel and client
    expected = _comparable(Path(fresh.output_dir))
    got = _comparable(reused)
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert got[name] == expected[name], name
