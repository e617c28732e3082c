"""One request resolved once (#19): the request, the declared result files, one orchestrator,
every CLI option reaching the brief, and the flow of values through one brief."""

import collections
import dataclasses
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit.loading
import toolkit.names
import toolkit.schemes
from toolkit import analysis, outputs, pipeline
from toolkit.cli import main
from toolkit.errors import DataError
from toolkit.records import BriefData, Drivers, Overview, read_record
from toolkit.request import NOTEBOOK_PARAMETERS, Request, from_parameters, resolve


@pytest.fixture(autouse=True)
def _reports_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("KEPATUHAN_REPORTS", str(tmp_path / "reports"))


def _costs(tmp_path: Path) -> Path:
    """Education made ten times as hard to raise: a least-effort plan moves other units instead."""
    path = tmp_path / "costs.csv"
    path.write_text("unit,cost\nDinas Pendidikan,10\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# the request
# --------------------------------------------------------------------------------------------
def test_resolve_once_gives_a_frozen_request_with_every_fact(tmp_path):
    costs = _costs(tmp_path)
    r = resolve("kab. bekasi", "2022", costs_path=costs, target="B", focus_units="Dinas Sosial, ", lang="en")
    assert (r.region, r.key, r.kind, r.year, r.scheme_id, r.regime) == (
        "Kabupaten Bekasi",
        "kabupaten bekasi",
        "kabupaten",
        2022,
        "ombudsman-2022",
        "2022-2024",
    )
    assert r.province == "Jawa Barat" and r.focus_units == ("Dinas Sosial",) and r.target == "B"
    assert r.costs.sha256 and r.variant.startswith("costs-costs-") and r.output_dir.endswith("/en")
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.year = 2023  # type: ignore[misc]
    # the notebook parameters are exactly the one definition, and read back to the same request
    assert set(r.parameters()) == set(NOTEBOOK_PARAMETERS)
    assert from_parameters(r.parameters()) == r


def test_resolve_refuses_everything_it_can_check_before_work_starts(tmp_path):
    with pytest.raises(DataError, match="did you mean: Kabupaten Bekasi, Kota Bekasi"):
        resolve("Kabupaten Bekasii", 2022, lang="en")
    with pytest.raises(DataError) as err:  # every missing file at once, each with its option
        resolve("Kabupaten Bekasi", 2022, detail_path=tmp_path / "no.csv", costs_path=tmp_path, lang="en")
    text = err.value.render("en")
    assert "--detail: file not found" in text and "--costs:" in text and "is a folder, not a file" in text
    with pytest.raises(DataError, match="target Z is unknown to scheme ombudsman-2022"):
        resolve("Kabupaten Bekasi", 2022, target="Z", lang="en")
    with pytest.raises(DataError, match="tahun yang ada di data"):
        resolve("Kabupaten Bekasi", 2019)


def test_brief_and_batch_build_the_same_request(tmp_path):
    """The same region through `brief` and `batch` is one run: one request, one input hash."""
    from toolkit.cli import _parser, _request

    args = _parser().parse_args(["brief", "--region", "Kab. Bekasi", "--year", "2022", "--out", str(tmp_path)])
    args.lang = "id"
    from_cli = _request(args)
    from_library = resolve("Kabupaten Bekasi", 2022, output_root=tmp_path)
    assert from_cli == from_library
    assert from_cli.input_hash("code") == from_library.input_hash("code")
    # where a file lies does not change the hash; what it holds does
    copy = tmp_path / "results.csv"
    copy.write_bytes(Path(from_library.results.path).read_bytes())
    moved = resolve("Kabupaten Bekasi", 2022, results_path=copy, output_root=tmp_path)
    assert moved.input_hash("code") == from_library.input_hash("code")
    assert resolve("Kabupaten Bekasi", 2022, target="A").input_hash("code") != from_library.input_hash("code")


# --------------------------------------------------------------------------------------------
# values flow once
# --------------------------------------------------------------------------------------------
def test_one_in_process_brief_keys_the_region_and_resolves_the_year_a_handful_of_times(tmp_path):
    """752 region_key calls and 469 scheme_for calls for one brief before #19 (the review's
    count): every filter now uses the loader's key column and each distinct year resolves its
    scheme once where a table is graded, instead of once per row."""
    targets = {
        toolkit.names.region_key.__code__: "region_key",
        toolkit.schemes.scheme_for.__code__: "scheme_for",
        toolkit.loading.read_results.__code__: "read_results",
    }
    counts: collections.Counter = collections.Counter()

    def profile(frame, event, arg):
        if event == "call" and frame.f_code in targets:
            counts[targets[frame.f_code]] += 1

    copy = tmp_path / "results.csv"  # a file this process has not read yet
    copy.write_bytes(Path(resolve("Kabupaten Bekasi", 2022).results.path).read_bytes())
    sys.setprofile(profile)
    try:
        request = resolve("Kab. Bekasi", 2022, results_path=copy, output_dir=tmp_path / "o", cache_dir=tmp_path / "c")
        files = outputs.run_steps(request)
    finally:
        sys.setprofile(None)
    assert [p.name for p in files][-1] == "brief.id.pdf"
    years = 5  # distinct years in the bundled results
    assert counts["read_results"] == 1, counts
    assert counts["region_key"] <= 12, counts  # the region's own name, a few times per step; never per row
    assert counts["scheme_for"] <= 12 * years, counts  # per distinct year and step (469 per row before #19)


# --------------------------------------------------------------------------------------------
# declared result files
# --------------------------------------------------------------------------------------------
def test_result_files_have_a_declared_shape_and_fail_loudly(tmp_path):
    request = resolve("Kabupaten Bekasi", 2022, output_dir=tmp_path, cache_dir=tmp_path / "c")
    outputs.overview(request)
    outputs.drivers(request)
    outputs.gather(tmp_path)
    data = read_record(tmp_path / "brief-data.json")
    assert isinstance(data, BriefData) and isinstance(data.overview, Overview) and isinstance(data.drivers, Drivers)
    assert data.overview.summary.score == 73.02 and data.overview.scheme.id == "ombudsman-2022"  # rebuilt by id
    raw = json.loads((tmp_path / "overview.json").read_text())
    assert Overview.from_json(raw).to_json() == raw  # a round trip changes nothing
    renamed = dict(raw)
    renamed["peer_table"] = renamed.pop("peers")
    with pytest.raises(DataError) as err:
        Overview.from_json(renamed, "overview.json")
    text = err.value.render("en")
    assert "result field peers is missing" in text and "unknown result field peer_table" in text
    with pytest.raises(DataError, match="version 1"):
        Overview.from_json({**raw, "version": 1})
    with pytest.raises(DataError, match="not a drivers result file"):
        Drivers.from_json(raw)
    summary = dict(raw["summary"])
    summary.pop("gap_green")
    with pytest.raises(DataError, match="gap_green"):
        Overview.from_json({**raw, "summary": summary})


def test_notes_are_chosen_by_key_not_by_their_text(results):
    from toolkit import summarise_region
    from toolkit.findings import position

    flagged = next(
        (r, y)
        for r, y in results.loc[results["level"] == "pemda", ["region", "year"]].itertuples(index=False)
        if any(n["key"] == "discrepancy" for n in summarise_region(results, r, int(y)).notes)
    )
    summary = summarise_region(results, flagged[0], int(flagged[1]))
    note = next(n for n in summary.notes if n["key"] == "discrepancy")
    for lang in ("id", "en"):  # the position says it in its own sentence, once
        assert note[lang] not in position(summary, lang)


# --------------------------------------------------------------------------------------------
# one orchestrator: every option reaches the brief
# --------------------------------------------------------------------------------------------
def test_drivers_command_is_the_briefs_step(tmp_path, capsys):
    """`kepatuhan drivers --format json` prints the record `drivers.json` holds."""
    assert main(["drivers", "--region", "Kabupaten Bekasi", "--year", "2022", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    step = analysis.drivers(resolve("Kabupaten Bekasi", 2022))
    assert Drivers.from_json(printed).plan == step.plan and printed["kind"] == "drivers"


def test_drivers_for_a_pemda_with_only_a_pemda_score(capsys):
    """Kota Binjai 2022: no unit decomposition (said why), the regime's gaps and models shown."""
    assert main(["drivers", "--region", "Kota Binjai", "--year", "2022", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "published without its unit scores" in out and "Gaps between unit types" in out


def test_costs_reach_the_plan_of_drivers_and_of_the_brief(tmp_path, capsys):
    costs = _costs(tmp_path)
    plain = analysis.drivers(resolve("Kabupaten Bekasi", 2022)).plan
    assert (
        main(["drivers", "--region", "Kabupaten Bekasi", "--year", "2022", "--format", "json", "--costs", str(costs)])
        == 0
    )
    costed = json.loads(capsys.readouterr().out)["plan"]
    moved = lambda plan: {a["unit"]: a["steps"] for a in plan["actions"]}  # noqa: E731
    assert moved(costed) != moved(plain)
    assert moved(costed).get("Dinas Pendidikan", 0) < moved(plain)["Dinas Pendidikan"]


def test_brief_with_costs_changes_the_plan_and_batch_then_skips_it(tmp_path, capsys):
    """`kepatuhan brief --costs` reaches the notebooks' plan; `batch` with the same options is
    the same run (skipped), not a second one."""
    costs = _costs(tmp_path)
    root = tmp_path / "r"
    args = ["brief", "--region", "Kab. Bekasi", "--year", "2022", "--costs", str(costs), "--out", str(root)]
    assert main(args) == 0
    pdf = Path(capsys.readouterr().out.split()[0])
    plan = json.loads((pdf.parent / "drivers.json").read_text())["plan"]
    plain = analysis.drivers(resolve("Kabupaten Bekasi", 2022)).plan
    assert plan != plain and plan == analysis.drivers(resolve("Kabupaten Bekasi", 2022, costs_path=costs)).plan
    context = json.loads((pdf.parent / "brief-context.id.json").read_text())
    assert context["methods"]["reproduce"].endswith("--costs costs.csv")  # the reproduce line says it
    manifest = pipeline.batch(2022, ["Kabupaten Bekasi"], costs_path=costs, output_root=root, progress=False)
    assert manifest["status"].tolist() == ["skipped"]


# --------------------------------------------------------------------------------------------
# the analyst's session is left as it was
# --------------------------------------------------------------------------------------------
def test_charts_leave_the_sessions_matplotlib_alone(tmp_path):
    import matplotlib

    before = matplotlib.get_backend()
    matplotlib.use("svg")  # not Agg, the backend the charts draw with: a switch to Agg would show
    matplotlib.rcParams["text.parse_math"] = True
    try:
        outputs.overview(resolve("Kabupaten Bekasi", 2022, output_dir=tmp_path))
        assert matplotlib.rcParams["text.parse_math"] is True
        assert matplotlib.get_backend() == "svg"
    finally:
        matplotlib.use(before)


def test_zone_colours_come_from_the_scheme_files():
    from toolkit.schemes import list_schemes

    for scheme in list_schemes():
        for zone, spec in scheme.zones.items():
            assert spec.get("colour") in ("green", "yellow", "red", "black"), (scheme.id, zone)


def test_request_is_plain_data():
    """A request pickles (it is what a Dask worker receives) and carries no table."""
    import pickle

    r = resolve("Kota Bekasi", 2022)
    assert pickle.loads(pickle.dumps(r)) == r
    assert not any(isinstance(getattr(r, f.name), pd.DataFrame) for f in dataclasses.fields(Request))


def test_the_2025_zone_is_said_to_be_the_toolkits_mapping_beside_it(results):
    """Ombudsman published no zones for 2025 (scheme: zones_published = false): the position says
    so where the zone is shown; for 2022 it does not."""
    from toolkit import summarise_region
    from toolkit.findings import position

    diy = position(summarise_region(results, "Provinsi DI Yogyakarta", 2025), "en")
    assert any("published opinions and quality labels, not zones" in p and "green from 78" in p for p in diy)
    bekasi = position(summarise_region(results, "Kabupaten Bekasi", 2022), "en")
    assert not any("not zones" in p for p in bekasi)


# --------------------------------------------------------------------------------------------
# the cross-unit analysis: computed once per (results content, regime, code), on disk
# --------------------------------------------------------------------------------------------
def test_cross_unit_analysis_is_cached_on_disk_and_refreshed_on_request(tmp_path, monkeypatch):
    from toolkit import analysis

    calls = collections.Counter()
    real = analysis.sector_gaps

    def counted(*args, **kwargs):
        calls["sector_gaps"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(analysis, "sector_gaps", counted)
    copy = tmp_path / "results.csv"
    copy.write_bytes(Path(resolve("Kabupaten Bekasi", 2022).results.path).read_bytes())
    cache = tmp_path / "cache"
    first = analysis.drivers(resolve("Kabupaten Bekasi", 2022, results_path=copy, cache_dir=cache))
    entries = sorted(cache.glob("across-units-*.json"))
    assert calls["sector_gaps"] == 1 and len(entries) == 1
    # another region of the same regime (2023 is 2022-2024 too) reuses the entry
    other = analysis.drivers(resolve("Kabupaten Jayapura", 2023, results_path=copy, cache_dir=cache))
    assert calls["sector_gaps"] == 1 and other.sector_gaps == first.sector_gaps
    # --force: computed again, the same entry replaced with the same answer
    entry = analysis.refresh_cross_unit_cache(resolve("Kabupaten Bekasi", 2022, results_path=copy, cache_dir=cache))
    assert calls["sector_gaps"] == 2 and entry == entries[0]
    assert json.loads(entry.read_text())["sector_gaps"] == first.sector_gaps
    # a damaged entry is recomputed, not trusted
    entry.write_text("{not json")
    analysis.drivers(resolve("Kabupaten Bekasi", 2022, results_path=copy, cache_dir=cache))
    assert calls["sector_gaps"] == 3
    # changed content (one unit score) is another entry: the old answer is never served for it
    frame = pd.read_csv(copy)
    frame.loc[frame.index[frame["level"] == "unit"][0], "score"] += 0.01
    changed = tmp_path / "changed.csv"
    frame.to_csv(changed, index=False)
    analysis.drivers(resolve("Kabupaten Bekasi", 2022, results_path=changed, cache_dir=cache))
    assert calls["sector_gaps"] == 4 and len(list(cache.glob("across-units-*.json"))) == 2


# --------------------------------------------------------------------------------------------
# notebooks/parameters.toml: the notebooks' parameters set once
# --------------------------------------------------------------------------------------------
def _unset(**given) -> dict:
    """A notebook's namespace as its parameters cell leaves it: every parameter None, but those given."""
    return {name: None for name in NOTEBOOK_PARAMETERS} | given


def test_the_parameters_file_sets_what_the_cells_leave_at_none(tmp_path, monkeypatch):
    costs = _costs(tmp_path)
    (tmp_path / "parameters.toml").write_text(
        '# komentar / comment\nregion = "kota binjai"\nyear = 2022\nlang = "en"\ntarget = "B"\n'
        'costs_path = "costs.csv"\nfocus_units = ["Dinas Sosial"]\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path / "..")  # relative paths are relative to the file, not the working folder
    r = from_parameters(_unset(parameters_file=str(tmp_path / "parameters.toml")))
    assert (r.region, r.year, r.lang, r.target, r.focus_units) == ("Kota Binjai", 2022, "en", "B", ("Dinas Sosial",))
    assert r.costs.path == str(costs.resolve()) and r.parameters_file == str(tmp_path / "parameters.toml")
    # a value the cell or papermill sets (not None) wins; the file fills in the rest
    r = from_parameters(_unset(parameters_file=str(tmp_path / "parameters.toml"), region="Kab. Bekasi", lang="id"))
    assert (r.region, r.lang, r.target) == ("Kabupaten Bekasi", "id", "B")
    # a relative name is looked up in the working folder (the notebook's folder in JupyterLab)
    monkeypatch.chdir(tmp_path)
    assert from_parameters(_unset(parameters_file="parameters.toml")).region == "Kota Binjai"
    # what runs from a request's own parameters never reads a file, and is the same request
    assert r.parameters()["parameters_file"] is None and from_parameters(r.parameters()) == r
    # without a file (None, or a namespace that names none), the defaults
    assert from_parameters(_unset()).region == "Kabupaten Bekasi"


def test_the_committed_parameters_file_holds_the_defaults_and_names_every_key():
    from toolkit.paths import notebooks_dir
    from toolkit.request import read_parameters_file

    path = notebooks_dir() / "parameters.toml"
    settings = read_parameters_file(path)
    # the notebooks run as before by default: the file sets what the definition defaults to
    assert settings == {k: NOTEBOOK_PARAMETERS[k][0] for k in ("region", "year", "target", "lang")}
    text = path.read_text(encoding="utf-8")
    mentioned = {line.lstrip("# ").split(" =")[0] for line in text.splitlines() if " = " in line and "(" not in line}
    assert mentioned == set(NOTEBOOK_PARAMETERS) - {"parameters_file"}  # every key an analyst may set, shown
    # the commented examples are valid once uncommented (the paths they name exist beside the file)
    import tomllib

    examples = tomllib.loads(
        "\n".join(line.lstrip("# ") for line in text.splitlines() if " = " in line and "(" not in line)
    )
    for key in ("results_path", "detail_path", "survey_path"):
        assert (path.parent / examples[key]).is_file(), key


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_bad_parameters_file_is_a_clear_translated_error_naming_file_and_key(tmp_path, lang):
    path = tmp_path / "parameters.toml"
    path.write_text(
        'regoin = "Kota Binjai"\nyear = "2022"\nfocus_units = [1]\nwhatever = 1\nlang = "fr"\n', encoding="utf-8"
    )
    with pytest.raises(DataError) as err:  # every problem at once
        from_parameters(_unset(parameters_file=str(path), lang=lang))
    assert err.value.source == str(path)
    messages = [p.message for p in err.value.problems]
    expected = {
        "id": [
            "kunci regoin tidak dikenal; mungkin maksud Anda: region?",
            "year harus bilangan bulat tanpa tanda kutip, bukan '2022'",
            'focus_units harus teks atau daftar teks (["Dinas Sosial", "Dinas Pendidikan"]), bukan [1]',
            "kunci whatever tidak dikenal; kunci yang dikenal: region, year, focus_units",
        ],
        "en": [
            "unknown key regoin; did you mean: region?",
            "year must be a whole number, not '2022'",
            'focus_units must be text or a list of texts (["Dinas Sosial", "Dinas Pendidikan"]), not [1]',
            "unknown key whatever; known keys: region, year, focus_units",
        ],
    }[lang]
    assert messages[:3] == expected[:3] and messages[3].startswith(expected[3])
    assert (
        messages[4]
        == {"id": 'lang harus "id" atau "en", bukan \'fr\'', "en": 'lang must be "id" or "en", not \'fr\''}[lang]
    )
    path.write_text("region = Kota Binjai\n", encoding="utf-8")  # text without quotes
    with pytest.raises(DataError) as err:
        from_parameters(_unset(parameters_file=str(path), lang=lang))
    text = err.value.render(lang)
    assert str(path) in text and {"id": "bukan TOML yang sah", "en": "not valid TOML"}[lang] in text
    assert "line 1" in text  # where, as tomllib says it
    with pytest.raises(DataError) as err:
        from_parameters(_unset(parameters_file=str(tmp_path / "none.toml"), lang=lang))
    assert "parameters_file = None" in err.value.problems[0].message and "none.toml" in err.value.problems[0].message
