"""The result files notebooks write and briefs read.

Each step computes from its input files, writes JSON (numbers and tables) and PNG/SVG (charts)
into ``output_dir`` atomically, and returns what it wrote so a notebook can show it. Notebooks
hand results on only through these files; :func:`gather` reads them back for the brief.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from toolkit.i18n import LANGS, Msg, pick
from toolkit.io import to_plain, write_json
from toolkit.paths import bundled_results, region_dir

__all__ = ["OUTPUT_FILES", "StepResult", "drivers", "gather", "overview"]

#: What each step writes (charts also as .svg).
OUTPUT_FILES = {
    "overview": ["overview.json", "chart-units.png"],
    "drivers": ["drivers.json", "chart-decomposition.png", "chart-gaps.png"],
    "survey": ["survey.json", "chart-ipa.png"],
    "brief": ["brief-data.json"],
}


@dataclass
class StepResult:
    """What a step computed (``data``, plain JSON) and the files it wrote."""

    data: dict
    files: list[Path]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def _out(output_dir: str | os.PathLike | None, region: str, year: int, lang: str = "id") -> Path:
    path = Path(output_dir) if output_dir else region_dir(year, region, lang=lang)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _load_results(results_path: str | os.PathLike | None) -> pd.DataFrame:
    import warnings

    from toolkit.errors import DataWarning
    from toolkit.loading import read_results

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        return read_results(results_path or bundled_results())


def _synthetic(results: pd.DataFrame) -> bool:
    """Whether any row of a results table was generated (``synthetic``): then so is every output."""
    return bool("synthetic" in results and results["synthetic"].astype(bool).any())


def _scheme_info(scheme, year: int) -> dict:
    return {
        "id": scheme.id,
        "title": scheme.title,
        "green_threshold": scheme.green_threshold,
        "sources": list(scheme.sources),
        "unconfirmed": {lang: scheme.unconfirmed_for(year, lang) for lang in ("id", "en")},
        "zones": scheme.zones,
        "bands": [
            {"grade": b.grade, "lower": b.lower, "upper": b.upper, "zone": b.zone, "opinion": b.opinion}
            for b in scheme.bands
        ],
    }


def overview(
    region: str,
    year: int,
    results_path: str | os.PathLike | None = None,
    output_dir: str | os.PathLike | None = None,
    lang: str = "id",
) -> StepResult:
    """One Pemda in one year: units, grades, zones, peers, trend; writes ``overview.json`` and
    ``chart-units.png``/``.svg``.

    Examples
    --------
    >>> import tempfile
    >>> step = overview("Kabupaten Bekasi", 2022, output_dir=tempfile.mkdtemp())
    >>> step.data["summary"]["score"], [p.name for p in step.files]
    (73.02, ['overview.json', 'chart-units.png', 'chart-units.svg'])
    """
    from toolkit import plots
    from toolkit.names import region_key
    from toolkit.schemes import scheme_for
    from toolkit.scoring import of_kind, pemda_scores, summarise_region

    out = _out(output_dir, region, year, lang)
    results = _load_results(results_path)
    summary = summarise_region(results, region, year)
    scheme = scheme_for(year)
    # ranked among Pemdas of its own kind, as the summary's rank is
    peers = of_kind(pemda_scores(results, year).dropna(subset=["score"]), summary.kind)
    peers = peers.sort_values("score", ascending=False).reset_index(drop=True)
    peers["rank"] = peers["score"].rank(ascending=False, method="min").astype(int)
    peers["is_focus"] = peers["region"].map(region_key) == region_key(region)
    province = summary.province
    if province is not None and "province" in results:
        in_province = set(results.loc[(results["year"] == int(year)) & (results["province"] == province), "region_key"])
        peers["in_province"] = peers["region_key"].isin(in_province)
    else:
        peers["in_province"] = peers["is_focus"]
    trend = pemda_scores(results[results["region"].map(region_key) == region_key(region)]).sort_values("year")
    trend = trend[trend["year"] <= int(year)].dropna(subset=["score"])
    history = []
    for row in trend.itertuples():
        past = scheme_for(int(row.year))
        band = past.bands[int(past.classify([row.score])[0])]
        history.append(
            {
                "year": int(row.year),
                "score": float(row.score),
                "basis": row.basis,
                "grade": band.grade or None,
                "opinion": band.opinion,
                "zone": band.zone,
                "zone_label": {lang: past.zone_label(band.zone, lang) for lang in ("id", "en")},
                "regime": past.regime,
            }
        )
    chart = (
        plots.unit_scores(summary.units, scheme, out / "chart-units", lang, summary.score, f"{summary.region} {year}")
        if len(summary.units)
        else []
    )
    data = {
        "region": summary.region,
        "year": year,
        "lang": lang,
        "summary": summary.to_dict(),
        "peers": peers[["rank", "region", "score", "basis", "is_focus", "in_province"]],
        "trend": trend[["year", "score", "basis", "scheme"]],
        "history": history,
        "scheme": _scheme_info(scheme, year),
        "inputs": {"results": results.attrs.get("provenance", {})},
        "synthetic": _synthetic(results),
    }
    data = to_plain(data)
    files = [write_json(out / "overview.json", data), *chart]
    return StepResult(data, files, {"units": summary.units, "peers": peers, "trend": trend})


def drivers(
    region: str,
    year: int,
    results_path: str | os.PathLike | None = None,
    detail_path: str | os.PathLike | None = None,
    focus_units: list[str] | None = None,
    target: str = "green",
    output_dir: str | os.PathLike | None = None,
    lang: str = "id",
) -> StepResult:
    """Drivers of low scores for one Pemda; writes ``drivers.json``.

    Pemda decomposition and improvement plan; with detail, the decomposition and plan of each
    focus unit (default: the units outside the green zone); models and relative importance
    across all units in the results table.
    """
    from toolkit.drivers import decompose_pemda, decompose_unit, improvement_plan
    from toolkit.errors import DataError, Problem
    from toolkit.loading import read_detail
    from toolkit.names import region_key, unit_key
    from toolkit.schemes import scheme_for

    out = _out(output_dir, region, year, lang)
    results = _load_results(results_path)
    scheme = scheme_for(year)
    mine = results[(results["year"] == int(year)) & (results["region"].map(region_key) == region_key(region))]
    if mine.empty:
        raise DataError(
            [Problem(Msg("no_rows", region=region, year=year))],
            results.attrs.get("provenance", {}).get("source", "results"),
        )
    if (mine["level"] == "unit").any():
        pemda = decompose_pemda(results, region, year)
        plan_frame = None
    else:  # a Pemda published without its unit scores: nothing to decompose or plan with
        pemda = pd.DataFrame(columns=["unit", "unit_type", "score", "gap_green", "pull", "share_of_shortfall"])
        plan_frame = pd.DataFrame()
    detail = None
    inputs = {"results": results.attrs.get("provenance", {})}
    if detail_path:
        detail = read_detail(detail_path, results=results)
        inputs["detail"] = detail.attrs.get("provenance", {})
        detail = detail[(detail["year"] == int(year)) & (detail["region_key"] == region_key(region))]
    if isinstance(focus_units, str):  # "Dinas Sosial,Dinas Pendidikan" from papermill -p
        focus_units = [u.strip() for u in focus_units.split(",") if u.strip()]
    focus = list(focus_units) if focus_units else list(pemda.loc[pemda["score"] < scheme.green_threshold, "unit"])
    plan = None if plan_frame is not None else improvement_plan(results, region, year, detail=detail, target=target)
    units = []
    for name in focus:
        entry: dict = {"unit": name}
        row = pemda[pemda["unit"].map(unit_key) == unit_key(name)]
        entry["score"] = float(row["score"].iloc[0]) if len(row) else None
        if detail is not None and (detail["unit"].map(unit_key) == unit_key(name)).any():
            dec = decompose_unit(detail, name, region, year)
            unit_plan = improvement_plan(detail=detail, unit=name, region=region, year=year, target=target)
            entry.update(
                {
                    "dimensions": dec.dimensions,
                    "indicators": dec.indicators,
                    "plan": unit_plan.to_dict(),
                    "synthetic": dec.synthetic,
                }
            )
        units.append(entry)
    cache = os.environ.get("KEPATUHAN_CACHE")  # set by the pipeline: under the output folder
    across = _across_units(results, int(year), Path(cache) if cache else None)
    data = {
        "region": str(mine["region"].iloc[0]),  # the canonical spelling
        "year": year,
        "lang": lang,
        "target": target,
        "focus_units": focus,
        "pemda_decomposition": pemda,
        "plan": plan.to_dict() if plan else None,
        "unit_data": bool(len(pemda)),
        "units": units,
        "regime": across["regime"],
        "sector_gaps": across["sector_gaps"],
        "models": across["models"],
        "relative_importance": across["relative_importance"],
        "inputs": inputs,
        "synthetic": _synthetic(results) or bool(detail is not None and detail["synthetic"].any()),
    }
    data = to_plain(data)
    files = [write_json(out / "drivers.json", data)]
    from toolkit import plots

    if len(pemda):
        files += plots.decomposition(pemda, out / "chart-decomposition", lang)
    gaps = pd.DataFrame(across["sector_gaps"]["table"])
    if len(gaps) and gaps["ci_low"].notna().any():
        files += plots.sector_gaps(gaps[gaps["regime"] == across["regime"]], out / "chart-gaps", lang)
    return StepResult(data, files, {"pemda": pemda, "plan": plan.actions if plan else pd.DataFrame()})


def survey(
    region: str,
    year: int,
    survey_path: str | os.PathLike,
    output_dir: str | os.PathLike | None = None,
    lang: str = "id",
    by: str | None = "unit",
) -> StepResult:
    """IKM per unit (with bootstrap intervals) and importance–performance analysis of an SKM
    survey; writes ``survey.json`` and ``chart-ipa.png``/``.svg``.

    Rows for another region are left out when the survey has a ``region`` column.
    """
    from toolkit import plots
    from toolkit.names import region_key
    from toolkit.survey import ikm, ipa, read_survey

    out = _out(output_dir, region, year, lang)
    frame = read_survey(survey_path)
    inputs = {"survey": frame.attrs.get("provenance", {})}
    if "region" in frame and frame["region"].notna().any():
        frame = frame[frame["region"].map(lambda r: region_key(r) if isinstance(r, str) else "") == region_key(region)]
    if frame.empty:
        from toolkit.errors import DataError, Problem

        raise DataError([Problem(Msg("problem.no_respondents", region=region))], str(survey_path))
    group = by if by and by in frame and frame[by].notna().any() else None
    table = ikm(frame, by=group)
    whole = ikm(frame) if group else table
    importance = ipa(frame)
    chart = plots.ipa_grid(importance.assign(item=importance["item"]), out / "chart-ipa", lang)
    rows = [{"group": str(r.get(group)) if group else None, **r} for r in table.to_dict(orient="records")]
    for row in rows:
        row["kinerja"] = {"id": row["kinerja"], "en": row.pop("kinerja_en")}
    overall_row = whole.iloc[0].to_dict()
    data = to_plain(
        {
            "region": region,
            "year": year,
            "lang": lang,
            "by": group,
            "ikm": rows,
            "overall": {**overall_row, "kinerja": {"id": overall_row["kinerja"], "en": overall_row.pop("kinerja_en")}},
            "ipa": [
                {**r, "label": {"id": r["label"], "en": r["label_en"]}} for r in importance.to_dict(orient="records")
            ],
            "inputs": inputs,
            "synthetic": bool(frame["synthetic"].any()),
        }
    )
    files = [write_json(out / "survey.json", data), *chart]
    return StepResult(data, files, {"ikm": table, "ipa": importance})


def _across_units(results: pd.DataFrame, year: int, cache_dir: Path | None) -> dict:
    """Sector gaps, models and relative importance across every unit of ``year``'s regime.

    Only the regime of ``year`` is used: scores of another instrument never enter. The answer
    depends on the results file and the regime alone, not on the region, so a batch computes it
    once: it is cached in ``cache_dir`` (under the output folder) keyed by the SHA-256 of the
    results file, the regime and the code that computes it (a changed input or code misses it).
    """
    import hashlib

    from toolkit import drivers as drivers_module
    from toolkit.drivers import fit_models, relative_importance, sector_gaps
    from toolkit.errors import DataError
    from toolkit.schemes import regime_for

    regime = regime_for(int(year))
    source_hash = results.attrs.get("provenance", {}).get("sha256")
    cache = None
    if source_hash and cache_dir is not None:
        sources = [*sorted(Path(drivers_module.__file__).parent.glob("*.py")), Path(__file__)]
        code = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()
        key = hashlib.sha256(f"{source_hash}|{regime}|{code}".encode()).hexdigest()[:24]
        cache = Path(cache_dir) / f"across-units-{key}.json"
        if cache.is_file():
            try:
                return json.loads(cache.read_text(encoding="utf-8"))
            except ValueError:
                pass  # a damaged cache entry is recomputed
    in_regime = results[results["year"].map(regime_for) == regime]
    models = {k: m.to_dict() for k, m in fit_models(in_regime, regime=regime)[regime].items()}
    gaps = sector_gaps(in_regime, regime=regime)
    unit_rows = in_regime[in_regime["level"] == "unit"].assign(year=lambda f: f["year"].astype("str"))
    unit_rows["cluster"] = unit_rows["region_key"] if "region_key" in unit_rows else unit_rows["region"]
    predictors = [p for p in ("unit_type", "region_type", "year") if unit_rows[p].nunique() > 1]
    try:
        relimp = relative_importance(unit_rows, "score", predictors, n_boot=200, seed=0, cluster="cluster")
        relimp_data = {
            "table": relimp,
            "r2": relimp.attrs["r2"],
            "n": relimp.attrs["n"],
            "n_regions": relimp.attrs["n_clusters"],
            "resampled": "regions",
        }
    except DataError as exc:
        relimp_data = {
            "table": [],
            "error": {lang: "; ".join(pick(p.message, lang) for p in exc.problems) for lang in LANGS},
        }
    data = to_plain(
        {"regime": regime, "models": models, "sector_gaps": gaps.to_dict(), "relative_importance": relimp_data}
    )
    if cache is not None:
        write_json(cache, data)
    return data


def gather(output_dir: str | os.PathLike) -> StepResult:
    """Read what the analysis steps wrote into ``output_dir`` and write ``brief-data.json``.

    ``overview.json`` must exist; ``drivers.json`` and ``survey.json`` are used when present.
    """
    out = Path(output_dir)
    parts = {}
    for name in ("overview", "drivers", "survey"):
        path = out / f"{name}.json"
        if path.is_file():
            parts[name] = json.loads(path.read_text(encoding="utf-8"))
    if "overview" not in parts:
        from toolkit.errors import DataError, Problem

        raise DataError([Problem(Msg("problem.overview_missing"))], str(out))
    data = {
        **parts,
        "synthetic": any(p.get("synthetic") for p in parts.values()),
        "charts": sorted(p.name for p in out.glob("chart-*.png")),
    }
    return StepResult(data, [write_json(out / "brief-data.json", data)])
