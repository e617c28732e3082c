"""The result files notebooks write and briefs read.

Each step runs its orchestrator (:mod:`toolkit.analysis`) on a resolved request, writes the
record as JSON (:mod:`toolkit.records`) and its charts (PNG and SVG) into the request's folder
atomically, and returns what it wrote so a notebook can show it. Notebooks hand results on only
through these files; :func:`gather` reads them back for the brief. :func:`run_steps` runs the
three notebooks' steps in this process (what the notebooks do, without a kernel).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from toolkit import analysis, briefs, plots
from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg, regime_text, t
from toolkit.records import BriefData, Drivers, Overview, Record, Survey, read_record
from toolkit.request import Request

__all__ = ["OUTPUT_FILES", "StepResult", "drivers", "gather", "overview", "run_steps", "survey"]

#: What each step writes (charts also as .svg, and as 16:9 slides: ``slide-units.png``).
OUTPUT_FILES = {
    "overview": ["overview.json", "chart-units.png", "chart-progress.png"],
    "drivers": ["drivers.json", "chart-decomposition.png", "chart-gaps.png"],
    "survey": ["survey.json", "chart-ipa.png"],
    "brief": ["brief-data.json"],
}


@dataclass
class StepResult:
    """What a step computed (``record``), the files it wrote, and its tables for display."""

    record: Record
    files: list[Path]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def charts(self) -> dict[str, Path]:
        """The step's PNG charts by name (``chart-units``); their slide versions are not listed."""
        return {p.stem: p for p in self.files if p.suffix == ".png" and p.stem.startswith("chart-")}


def _folder(request: Request) -> Path:
    path = Path(request.output_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def overview(request: Request) -> StepResult:
    """One Pemda in one year: units, grades, zones, peers, trend; writes ``overview.json``,
    ``chart-units.png``/``.svg`` and, with two or more years in the instrument of the year,
    ``chart-progress.png``/``.svg`` (slides beside them).

    Examples
    --------
    >>> import tempfile
    >>> from toolkit.request import resolve
    >>> step = overview(resolve("Kabupaten Bekasi", 2022, output_dir=tempfile.mkdtemp()))
    >>> step.record.summary.score, [p.name for p in step.files]
    (73.02, ['overview.json', 'chart-units.png', 'chart-units.svg', 'slide-units.png'])
    >>> later = overview(resolve("Kabupaten Bekasi", 2024, output_dir=tempfile.mkdtemp()))
    >>> list(later.charts)  # no unit scores published for 2024; three years of one instrument
    ['chart-progress']
    """
    out = _folder(request)
    record = analysis.overview(request)
    summary = record.summary
    lang = request.lang
    chart = (
        plots.unit_scores(
            summary.units,
            request.scheme,
            out / "chart-units",
            lang,
            summary.score,
            t("plot.title_units", lang, region=summary.region, year=request.year),
            _source(request, record.synthetic),
        )
        if len(summary.units)
        else []
    )
    chart += _progress(request, record)
    tables = {"units": summary.units, "peers": pd.DataFrame(record.peers), "trend": pd.DataFrame(record.trend)}
    return StepResult(record, [record.write(out), *chart], tables)


def _progress(request: Request, record: Overview) -> list[Path]:
    """``chart-progress``: the Pemda's path inside the instrument of the request's year, when it
    has two or more years there (years of other instruments as positions only)."""
    inside, _ = plots.progress_points(record.history, request.regime)
    if len(inside) < 2:
        return []
    lang = request.lang
    title = t("plot.title_progress", lang, region=record.region, regime=regime_text(request.regime, lang))
    return plots.progress(
        record.history,
        request.scheme,
        Path(request.output_dir) / "chart-progress",
        lang,
        analysis.unit_paths(request),
        title,
        _source(request, record.synthetic),
    )


def drivers(request: Request) -> StepResult:
    """Drivers of low scores for one Pemda (:func:`toolkit.analysis.drivers`); writes
    ``drivers.json`` and the decomposition and sector-gap charts."""
    out = _folder(request)
    record = analysis.drivers(request)
    files = [record.write(out)]
    pemda = pd.DataFrame(record.pemda_decomposition)
    lang, source = request.lang, _source(request, record.synthetic)
    if len(pemda):
        title = t("plot.title_pull", lang, region=record.region, year=request.year)
        files += plots.decomposition(pemda, out / "chart-decomposition", lang, title, source)
    gaps = pd.DataFrame(record.sector_gaps["table"])
    if len(gaps) and gaps["ci_low"].notna().any():
        title = t("plot.title_gaps", lang, regime=regime_text(record.regime, lang))
        rows = gaps[gaps["regime"] == record.regime]
        # the same chart for every Pemda of the regime: drawn once, copied from the cache after
        files += _shared_chart(
            request,
            out / "chart-gaps",
            {"chart": "sector_gaps", "rows": rows.to_dict("records"), "lang": lang, "title": title, "source": source},
            lambda stem: plots.sector_gaps(rows, stem, lang, title, source),
        )
    return StepResult(record, files)


def _shared_chart(request: Request, stem: Path, inputs: dict, draw) -> list[Path]:
    """The files of a chart that many Pemdas share (the sector gaps of a regime): drawn by
    ``draw(stem)`` where the request's cache has none for ``inputs``, else copied from there.

    An entry is keyed by the SHA-256 of ``inputs`` (everything the chart shows: rows, language,
    title, source line), of the toolkit's code (:func:`toolkit.paths.code_hash`) and of the matplotlib and Pillow versions, so a
    changed input, code or library draws it again. It is a folder put in place by one rename:
    runs at the same time read a whole entry or none (and then draw the chart themselves).
    Copies are byte for byte what ``draw`` writes (the SVG is salted with a fixed string)."""
    import hashlib
    import json
    import shutil
    import uuid

    if not request.cache_dir:
        return draw(stem)
    import matplotlib
    import PIL

    from toolkit.io import to_plain, write_bytes
    from toolkit.paths import code_hash

    blob = json.dumps(
        {"inputs": to_plain(inputs), "code": code_hash(), "versions": [matplotlib.__version__, PIL.__version__]},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    key = hashlib.sha256(blob.encode()).hexdigest()[:24]
    entry = Path(request.cache_dir) / "charts" / f"{stem.name}-{key}"
    listed = entry / "files.json"
    if listed.is_file():
        try:
            names = json.loads(listed.read_text(encoding="utf-8"))
            return [write_bytes(stem.parent / name, (entry / name).read_bytes()) for name in names]
        except (OSError, ValueError):
            pass  # a damaged entry: draw the chart
    paths = draw(stem)
    staging = entry.parent / f".{entry.name}.{os.getpid()}-{uuid.uuid4().hex[:6]}"
    try:
        staging.mkdir(parents=True)
        for path in paths:
            shutil.copyfile(path, staging / path.name)
        (staging / "files.json").write_text(json.dumps([p.name for p in paths]), encoding="utf-8")
        os.replace(staging, entry)  # fails where another run put its entry first: that one is kept
    except OSError:
        pass  # a cache that cannot be written is only slower
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return paths


def survey(request: Request) -> StepResult:
    """IKM per unit and importance–performance analysis of the request's survey; writes
    ``survey.json`` and ``chart-ipa.png``/``.svg``."""
    out = _folder(request)
    record = analysis.survey(request)
    ipa = pd.DataFrame(record.ipa)
    lang = request.lang
    source = t("plot.source_synthetic", lang) if record.synthetic else ""
    source += t("plot.source_survey", lang, file=request.survey.name, n=record.overall.get("n", "?"))
    title = t("plot.title_ipa", lang, region=record.region, year=request.year)
    chart = plots.ipa_grid(ipa, out / "chart-ipa", lang, title, source)
    return StepResult(record, [record.write(out), *chart], {"ikm": pd.DataFrame(record.ikm), "ipa": ipa})


def _source(request: Request, synthetic: bool) -> str:
    """The source line of a chart of the request's results: the bundled published sample, or the
    analyst's file by name; synthetic data said first."""
    from toolkit.paths import bundled_results

    lang = request.lang
    bundled = Path(request.results.path).resolve() == bundled_results().resolve()
    line = t("plot.source_published", lang) if bundled else t("plot.source_file", lang, file=request.results.name)
    return (t("plot.source_synthetic", lang) if synthetic else "") + line


def gather(output_dir: str | os.PathLike) -> StepResult:
    """Read what the analysis steps wrote into ``output_dir`` and write ``brief-data.json``.

    ``overview.json`` must exist; ``drivers.json`` and ``survey.json`` are used when present.
    """
    out = Path(output_dir)
    if not (out / "overview.json").is_file():
        raise DataError([Problem(Msg("problem.overview_missing"))], str(out))
    parts = {
        name: read_record(out / f"{name}.json", cls) if (out / f"{name}.json").is_file() else None
        for name, cls in (("overview", Overview), ("drivers", Drivers), ("survey", Survey))
    }
    data = BriefData(
        **parts,
        charts=sorted(p.name for p in out.glob("chart-*.png")),
        synthetic=any(p.synthetic for p in parts.values() if p is not None),
    )
    return StepResult(data, [data.write(out)])


def run_steps(request: Request) -> list[Path]:
    """What the three notebooks do, in this process: overview, drivers, the survey when given,
    the brief's data and the brief itself, into ``request.output_dir``. Returns the brief files."""

    overview(request)
    drivers(request)
    if request.survey is not None:
        survey(request)
    gather(request.output_dir)
    return briefs.render(request.output_dir, request.lang)
