"""One orchestrator per analysis step, from a resolved :class:`~toolkit.request.Request`.

:func:`overview`, :func:`drivers` and :func:`survey` compute a step's result as a declared record
(:mod:`toolkit.records`) and write nothing; :mod:`toolkit.outputs` writes them for the notebooks,
and the command line (``kepatuhan drivers``) renders the same record. Every option of the request
(focus units, target, costs) reaches every caller the same way.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

import pandas as pd

import toolkit.drivers as drivers_package
from toolkit.drivers import (
    decompose_pemda,
    decompose_unit,
    fit_models,
    improvement_plan,
    read_costs,
    relative_importance,
    sector_gaps,
)
from toolkit.errors import DataError, Problem
from toolkit.i18n import LANGS, Msg, fmt_num, pick, t
from toolkit.io import to_plain, write_json
from toolkit.loading import read_detail
from toolkit.names import unit_key
from toolkit.records import Drivers, Overview, Survey
from toolkit.request import Request, load_results
from toolkit.schemes import regimes, scheme_for
from toolkit.scoring import of_kind, pemda_scores, region_keys, summarise_region
from toolkit.survey import ikm, ipa, read_survey

__all__ = ["cross_unit_cache", "drivers", "overview", "refresh_cross_unit_cache", "survey", "unit_paths"]


def _synthetic(frame: pd.DataFrame | None) -> bool:
    """Whether any row was generated (``synthetic``): then so is every output built on it."""
    return bool(frame is not None and "synthetic" in frame and frame["synthetic"].astype(bool).any())


def overview(request: Request, results: pd.DataFrame | None = None) -> Overview:
    """One Pemda in one year: the summary, its peers of the same kind, its trend and history.

    Examples
    --------
    >>> from toolkit.request import resolve
    >>> o = overview(resolve("Kabupaten Bekasi", 2022))
    >>> o.summary.score, o.summary.grade, o.peers[0]["rank"]
    (73.02, 'C', 1)
    """
    results = load_results(request.results) if results is None else results
    summary = summarise_region(results, request.region, request.year)
    # ranked among Pemdas of its own kind, as the summary's rank is
    peers = of_kind(pemda_scores(results, request.year).dropna(subset=["score"]), summary.kind)
    peers = peers.sort_values("score", ascending=False).reset_index(drop=True)
    peers["rank"] = peers["score"].rank(ascending=False, method="min").astype(int)
    peers["is_focus"] = peers["region_key"] == request.key
    if summary.province is not None:
        same = results[(results["year"] == request.year) & (results["province"] == summary.province)]
        peers["in_province"] = peers["region_key"].isin(set(same["region_key"]))
    else:
        peers["in_province"] = peers["is_focus"]
    trend = pemda_scores(results[region_keys(results) == request.key]).sort_values("year")
    trend = trend[trend["year"] <= request.year].dropna(subset=["score"])
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
                "zone_label": {lang: past.zone_label(band.zone, lang) for lang in LANGS},
                "regime": past.regime,
            }
        )
    return Overview(
        region=summary.region,
        year=request.year,
        lang=request.lang,
        scheme_id=request.scheme_id,
        summary=summary,
        peers=to_plain(peers[["rank", "region", "score", "basis", "is_focus", "in_province"]]),
        trend=to_plain(trend[["year", "score", "basis", "scheme"]]),
        history=to_plain(history),
        inputs={"results": results.attrs.get("provenance", {})},
        synthetic=_synthetic(results),
    )


def unit_paths(request: Request, results: pd.DataFrame | None = None) -> pd.DataFrame:
    """The units of the request's Pemda scored in two or more years of the request's regime, up
    to its year: one row per unit and year (``year, unit, unit_key, score``), the unit named as
    in its latest year. Units are matched across years by :func:`toolkit.names.unit_key`; years of
    another instrument are never included (their scores do not compare).

    Examples
    --------
    >>> from toolkit.request import resolve
    >>> paths = unit_paths(resolve("Kabupaten Kendal", 2024))
    >>> paths[["year", "unit", "score"]].to_dict(orient="list")
    {'year': [2023, 2024], 'unit': ['Dinas Kesehatan', 'Dinas Kesehatan'], 'score': [97.72, 98.68]}
    >>> len(unit_paths(resolve("Kabupaten Bekasi", 2024)))  # units published for 2022 only
    0
    """
    results = load_results(request.results) if results is None else results
    rows = results[
        (results["level"] == "unit") & (region_keys(results) == request.key) & (results["year"] <= request.year)
    ]
    rows = rows[regimes(rows["year"]) == request.regime] if len(rows) else rows
    frame = pd.DataFrame(
        {
            "year": rows["year"].astype(int),
            "unit": rows["unit"].astype(str),
            "unit_key": rows["unit"].astype(str).map(unit_key),
            "score": rows["score"].astype(float),
        }
    ).dropna(subset=["score"])
    years = frame.groupby("unit_key")["year"].transform("nunique")
    frame = frame[years >= 2].sort_values(["unit_key", "year"]).reset_index(drop=True)
    latest = frame.groupby("unit_key")["unit"].transform("last")
    return frame.assign(unit=latest)


def _detail(request: Request, results: pd.DataFrame) -> tuple[pd.DataFrame | None, dict]:
    """The detail rows of the request's Pemda and year, and the file's provenance (units of the
    detail that the results do not hold are named in a warning)."""
    if request.detail is None:
        return None, {}
    frame = read_detail(request.detail.path, results=results)
    mine = frame[(frame["year"] == request.year) & (region_keys(frame) == request.key)]
    return mine, frame.attrs.get("provenance", {})


def drivers(request: Request, results: pd.DataFrame | None = None) -> Drivers:
    """What drives the Pemda's score: the pull of each unit, the least-effort plan to the target
    (with the request's costs), with detail the decomposition and plan of each focus unit (default:
    the units outside the green zone), and across every unit of the year's regime the sector gaps,
    models and relative importance (cached on disk in the request's cache folder).

    A Pemda published without its unit scores gets the regime's gaps and models, and says why
    there is no decomposition.

    Examples
    --------
    >>> from toolkit.request import resolve
    >>> d = drivers(resolve("Kabupaten Bekasi", 2022))
    >>> d.pemda_decomposition[0]["unit"], d.plan["target_label"], d.regime
    ('Dinas Pendidikan', 'green', '2022-2024')
    """
    results = load_results(request.results) if results is None else results
    scheme = request.scheme
    mine = results[(results["year"] == request.year) & (results["region_key"] == request.key)]
    if mine.empty:
        raise DataError([Problem(Msg("no_rows", region=request.region, year=request.year))], request.results.path)
    detail, detail_source = _detail(request, results)
    costs = read_costs(request.costs.path) if request.costs else None
    inputs = {"results": results.attrs.get("provenance", {})}
    if detail_source:
        inputs["detail"] = detail_source
    unit_data = bool((mine["level"] == "unit").any())
    if unit_data:
        pemda = decompose_pemda(results, request.region, request.year)
        plan = _plan(results, request, detail, costs)
    else:  # a Pemda published without its unit scores: nothing to decompose or plan with
        pemda = pd.DataFrame(columns=["unit", "unit_type", "score", "gap_green", "pull", "share_of_shortfall"])
        plan = None
    focus = (
        list(request.focus_units)
        if request.focus_units
        else list(pemda.loc[pemda["score"] < scheme.green_threshold, "unit"])
    )
    units = []
    for name in focus:
        entry: dict = {"unit": name}
        row = pemda[pemda["unit"].map(unit_key) == unit_key(name)]
        entry["score"] = float(row["score"].iloc[0]) if len(row) else None
        if detail is not None and (detail["unit"].map(unit_key) == unit_key(name)).any():
            dec = decompose_unit(detail, name, request.region, request.year)
            unit_plan = improvement_plan(
                detail=detail, unit=name, region=request.region, year=request.year, target=request.target, costs=costs
            )
            entry.update(
                {
                    "dimensions": dec.dimensions,
                    "indicators": dec.indicators,
                    "plan": unit_plan.to_dict(),
                    "synthetic": dec.synthetic,
                }
            )
        units.append(entry)
    across = _across_units(results, request.regime, Path(request.cache_dir) if request.cache_dir else None)
    return Drivers(
        region=str(mine["region"].iloc[0]),
        year=request.year,
        lang=request.lang,
        scheme_id=request.scheme_id,
        regime=request.regime,
        target=request.target,
        focus_units=focus,
        unit_data=unit_data,
        pemda_decomposition=to_plain(pemda),
        plan=to_plain(plan),
        units=to_plain(units),
        sector_gaps=across["sector_gaps"],
        models=across["models"],
        relative_importance=across["relative_importance"],
        costs={"file": request.costs.name, "sha256": request.costs.sha256} if request.costs else None,
        inputs=to_plain(inputs),
        synthetic=_synthetic(results) or _synthetic(detail),
    )


def _plan(results: pd.DataFrame, request: Request, detail: pd.DataFrame | None, costs) -> dict:
    """The Pemda's least-effort plan to the request's target; a Pemda that already meets the
    default target (green) gets the plan to the next band up instead (B to A; "Kualitas Tinggi"
    to "Kualitas Tertinggi"), said in a note."""
    plan = improvement_plan(results, request.region, request.year, detail=detail, target=request.target, costs=costs)
    if request.target != "green" or plan.aim is not None:  # another target, or green not yet met
        return plan.to_dict()
    scheme = request.scheme
    half = 0.5 * 10.0 ** (-scheme.decimals)
    above = sorted((b for b in scheme.bands if b.lower - half > plan.current), key=lambda b: b.lower)
    if not above:  # already in the top band
        return plan.to_dict()
    band = above[0]
    label = band.grade or band.opinion["id"]
    upper = improvement_plan(results, request.region, request.year, detail=detail, target=label, costs=costs)
    upper.next_level = True
    shown = {
        lang: (f"{t('label.grade', lang).lower()} {band.grade}" if band.grade else f"“{band.opinion[lang]}”")
        for lang in ("id", "en")
    }
    upper.notes.insert(
        0,
        {lang: t("plan.next_level", lang, level=shown[lang], lower=fmt_num(band.lower, lang)) for lang in ("id", "en")},
    )
    return upper.to_dict()


def refresh_cross_unit_cache(request: Request) -> Path | None:
    """Compute the cross-unit analysis of the request's results and regime again and replace its
    cache entry (``--force``); return the entry's path (None where the request has no cache).

    Runs reading the entry while it is replaced see the old or the new one, never a half-written
    file (the entry is written atomically).

    Examples
    --------
    >>> import tempfile
    >>> from toolkit.request import resolve
    >>> request = resolve("Kabupaten Bekasi", 2022, cache_dir=tempfile.mkdtemp())
    >>> refresh_cross_unit_cache(request).name.startswith("across-units-")
    True
    """
    return cross_unit_cache(request, refresh=True)


def cross_unit_cache(request: Request, refresh: bool = False) -> Path | None:
    """Make sure the cross-unit analysis of the request's results and regime is in its cache:
    computed only where no entry exists (``refresh``: always, replacing it); return the entry's
    path (None where the request has no cache).

    A run computes it here before its notebooks need it (:func:`toolkit.pipeline.run`, a batch
    once for all its regions), so the kernel only reads it.

    Examples
    --------
    >>> import tempfile
    >>> from toolkit.request import resolve
    >>> request = resolve("Kabupaten Bekasi", 2022, cache_dir=tempfile.mkdtemp())
    >>> entry = cross_unit_cache(request)
    >>> entry.is_file(), cross_unit_cache(request) == entry  # the second call only finds it
    (True, True)
    """
    results = load_results(request.results)
    cache_dir = Path(request.cache_dir) if request.cache_dir else None
    entry = _cache_entry(results, request.regime, cache_dir)
    if entry is not None and (refresh or not entry.is_file()):
        _across_units(results, request.regime, cache_dir, refresh=refresh)
    return entry


def _cache_entry(results: pd.DataFrame, regime: str, cache_dir: Path | None) -> Path | None:
    """Where the cross-unit analysis of ``results`` and ``regime`` is cached: keyed by the SHA-256
    of the results file, the regime and the code that computes it (a changed input or code
    misses it)."""
    source_hash = results.attrs.get("provenance", {}).get("sha256")
    if not source_hash or cache_dir is None:
        return None
    package = Path(__file__).parent  # the code and the wordings its answer carries
    sources = [
        *sorted(Path(drivers_package.__file__).parent.glob("*.py")),
        *sorted((package / "schemes").glob("*.toml")),
        Path(__file__),
        package / "messages.py",
    ]
    code = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()
    key = hashlib.sha256(f"{source_hash}|{regime}|{code}".encode()).hexdigest()[:24]
    return Path(cache_dir) / f"across-units-{key}.json"


def _across_units(results: pd.DataFrame, regime: str, cache_dir: Path | None, refresh: bool = False) -> dict:
    """Sector gaps, models and relative importance across every unit of one regime.

    Only that regime's rows are used: scores of another instrument never enter. The answer
    depends on the results file and the regime alone, not on the region, so it is computed once
    and cached in ``cache_dir`` (:func:`_cache_entry`) for single briefs, notebooks and batches
    alike; ``refresh`` recomputes it and replaces the entry.
    """

    cache = _cache_entry(results, regime, cache_dir)
    if cache is not None and not refresh and cache.is_file():
        try:
            return json.loads(cache.read_text(encoding="utf-8"))
        except ValueError:
            pass  # a damaged cache entry is recomputed
    in_regime = results[regimes(results["year"]) == regime]
    models = {k: m.to_dict() for k, m in fit_models(in_regime, regime=regime)[regime].items()}
    gaps = sector_gaps(in_regime, regime=regime)
    unit_rows = in_regime[in_regime["level"] == "unit"].assign(year=lambda f: f["year"].astype("str"))
    unit_rows["cluster"] = region_keys(unit_rows)
    predictors = [p for p in ("unit_type", "region_type", "year") if unit_rows[p].nunique() > 1]
    try:
        relimp = relative_importance(unit_rows, "score", predictors, n_boot=200, seed=0, cluster="cluster")
        relimp_data = {
            "table": relimp,
            "r2": relimp.attrs["r2"],
            "n": relimp.attrs["n"],
            "n_regions": relimp.attrs["n_clusters"],
            "resampled": "regions",
            **{
                k: relimp.attrs[k]
                for k in ("n_boot", "boot_dropped", "boot_incomplete", "n_perm", "refused", "left_out")
            },
        }
    except DataError as exc:
        relimp_data = {
            "table": [],
            "error": {lang: "; ".join(pick(p.message, lang) for p in exc.problems) for lang in LANGS},
        }
    data = to_plain({"models": models, "sector_gaps": gaps.to_dict(), "relative_importance": relimp_data})
    if cache is not None:
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            write_json(cache, data)
    return data


def survey(request: Request, by: str | None = "unit") -> Survey:
    """IKM per unit (with bootstrap intervals) and importance–performance analysis of the
    request's SKM survey; rows of another region are left out when the survey names regions."""
    if request.survey is None:
        raise DataError([Problem(Msg("survey_needed"))], "survey")
    frame = read_survey(request.survey.path)
    inputs = {"survey": frame.attrs.get("provenance", {})}
    if "region" in frame and frame["region"].notna().any():
        frame = frame[region_keys(frame) == request.key]
    if frame.empty:
        raise DataError([Problem(Msg("problem.no_respondents", region=request.region))], request.survey.path)
    group = by if by and by in frame and frame[by].notna().any() else None
    table = ikm(frame, by=group)
    whole = ikm(frame) if group else table
    importance = ipa(frame)
    rows = [{"group": str(r.get(group)) if group else None, **r} for r in table.to_dict(orient="records")]
    for row in rows:
        row["kinerja"] = {"id": row["kinerja"], "en": row.pop("kinerja_en")}
    overall = whole.iloc[0].to_dict()
    overall["kinerja"] = {"id": overall["kinerja"], "en": overall.pop("kinerja_en")}
    return Survey(
        region=request.region,
        year=request.year,
        lang=request.lang,
        by=group,
        ikm=to_plain(rows),
        overall=to_plain(overall),
        ipa=to_plain(
            [
                {
                    **r,
                    "label": {"id": r["label"], "en": r.pop("label_en")},
                    "quadrant_label": {"id": r["quadrant_label"], "en": r.pop("quadrant_en")},
                }
                for r in importance.to_dict(orient="records")
            ]
        ),
        inputs=to_plain(inputs),
        synthetic=_synthetic(frame),
    )
