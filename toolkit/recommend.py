"""What a brief recommends: entries of the reviewed catalogue (``catalogue/recommendations.toml``)
filled with names and numbers from the analysis, and what the next assessment's instrument asks.

A brief never writes a recommendation of its own. Each unit the plan raises gets one sentence
saying how far it must go and, in indicator terms, about how much work that is; where the units'
indicator scores are not known, the preparation checklist of the instrument that will judge them
says what to look for, with the evidence that instrument's sources name.
"""

from __future__ import annotations

import math

from toolkit.drivers.plan import next_assessment
from toolkit.i18n import fmt_num, pick, t
from toolkit.names import unit_type_label
from toolkit.records import BriefData
from toolkit.schemes import Scheme, load_catalogue, load_scheme
from toolkit.scoring import RegionSummary

__all__ = ["heaviest_evidence", "level_points", "recommendations"]

#: Units of the plan that get a recommendation of their own (the plan's order: most Pemda points
#: first); the others are named in one entry.
SHOWN_UNITS = 4


def _dimensions(scheme: Scheme) -> list[tuple[dict, list[dict]]]:
    """The scheme's self-assessed dimensions with their catalogued indicators (empty without a
    catalogue)."""
    if not scheme.catalogue:
        return []
    catalogue = load_catalogue(scheme.catalogue)
    assessed = catalogue.get("self_assessed")
    out = []
    for dim in scheme.dimensions:
        if assessed is not None and dim["key"] not in assessed:
            continue
        rows = [i for i in catalogue["indicators"] if i["dimension"] == dim["key"]]
        if rows:
            out.append((dim, rows))
    return out


def level_points(scheme: Scheme) -> tuple[float, float] | None:
    """The unit points one indicator gains by rising one level of its scale, smallest and
    largest over the self-assessed dimensions: a dimension's weight over (its catalogued
    indicators x the scale's top), which holds only if the indicators of a dimension weigh the
    same (unconfirmed; the scheme files say so). None without a catalogue.

    Examples
    --------
    >>> from toolkit import scheme_for
    >>> low, high = level_points(scheme_for(2022))
    >>> round(low, 2), round(high, 2)   # input 21.85 / (15 x 3); output 24.24 / (6 x 3)
    (0.49, 1.35)
    """
    dims = _dimensions(scheme)
    if not dims:
        return None
    top = float(load_catalogue(scheme.catalogue)["scale"]["max"])
    sizes = [float(dim["weight"]) / (len(rows) * top) for dim, rows in dims]
    return min(sizes), max(sizes)


def heaviest_evidence(scheme: Scheme, lang: str = "id") -> str:
    """The self-assessed dimension with the largest weight and what the instrument's sources say
    its assessors look at: "Proses (bobot 32,37): observasi dokumen ...".

    Examples
    --------
    >>> from toolkit import scheme_for
    >>> heaviest_evidence(scheme_for(2022), "en")
    'Process (weight 32.37): observation of documents and of what is displayed (physically or online) for 2 service products'
    """
    dims = _dimensions(scheme)
    if not dims:
        return ""
    dim, rows = max(dims, key=lambda d: float(d[0]["weight"]))
    seen: list[str] = []
    for row in rows:
        text = pick(row.get("evidence") or "", lang)
        if text and len(text) > 1 and text[1].islower():  # "Wawancara ..." runs on as "wawancara ..."
            text = text[0].lower() + text[1:]
        if text and text not in seen:
            seen.append(text)
    name = pick(dim["label"], lang).split(" (")[0]
    weight = t("rec.weight", lang, weight=fmt_num(dim["weight"], lang))
    return f"{name} ({weight}): {t('rec.evidence_and', lang).join(seen[:2])}"  # the checklist has the rest


def _entry(catalogue: dict, key: str, lang: str, **values) -> dict:
    entry = catalogue[key]
    basis = entry.get(f"basis_{lang}", entry["basis"])
    return {"text": entry[lang].format(**values), "basis": basis.format(**values)}


def _catalogue_key(row: dict, catalogue: dict) -> str:
    """The most specific catalogue entry for an indicator: its code, its variable, its dimension."""
    return next(
        (k for k in (row.get("indicator"), row.get("variable"), row.get("dimension")) if k and k in catalogue),
        row.get("dimension"),
    )


def _levels(points: float, step: tuple[float, float]) -> tuple[int, int]:
    """How many one-level rises of an indicator ``points`` takes: with the largest and with the
    smallest step."""
    low, high = step
    return max(1, math.ceil(points / high - 1e-9)), max(1, math.ceil(points / low - 1e-9))


def _unit_entries(actions: list[dict], scheme: Scheme, catalogue: dict, lang: str) -> list[dict]:
    """One entry per unit the plan raises (plans from unit scores): how far, and about how many
    indicator levels that is."""
    n = lambda v: fmt_num(v, lang)  # noqa: E731
    step = level_points(scheme)
    top = fmt_num(load_catalogue(scheme.catalogue)["scale"]["max"], lang, 0) if step else ""
    out = []
    for a in actions:
        values = {"unit": a["unit"], "start": n(a["from"]), "end": n(a["to"]), "points": n(a["steps"])}
        if step is None:  # no catalogue: no size in indicators
            entry = _entry(catalogue, "unit_raise", lang, **values)
        else:
            few, many = _levels(a["steps"], step)
            key = "unit_one_level" if many == 1 else "unit_levels"
            entry = _entry(catalogue, key, lang, **values, few=few, many=many)
            entry["method"] = t("rec.levels_method", lang, low=n(step[0]), high=n(step[1]), top=top)
        if a.get("reaches_green"):
            entry["text"] = entry["text"].rstrip(".") + t("rec.into_green", lang)
        out.append(entry)
    return out


def _checklist_entry(scheme: Scheme, year: int, catalogue: dict, lang: str, *, known_units: bool) -> dict | None:
    """The preparation checklist of the instrument that judges ``year``: what to fill in, and
    the evidence its sources name per dimension."""
    if not scheme.catalogue:
        return None
    indicators = load_catalogue(scheme.catalogue)["indicators"]
    entry = _entry(
        catalogue,
        "checklist_units" if known_units else "checklist_all",
        lang,
        year=year,
        n=len(indicators),
        evidence=heaviest_evidence(scheme, lang),
    )
    listed = load_catalogue(scheme.catalogue)
    # the largest part a unit does not fill in (2025: public trust, 30 points, an open survey)
    outside = listed.get("not_self_assessed") or {}
    weights = {d["key"]: float(d["weight"]) for d in scheme.dimensions}
    extra = [pick(outside[k], lang) for k in sorted(outside, key=lambda k: -weights.get(k, 0))[:1]]
    if extra:
        entry["text"] += " " + " ".join(extra)
    entry["checklist_year"] = year
    unofficial = listed.get("unofficial")
    if unofficial:
        text = pick(unofficial, lang)
        entry["basis"] += "; " + text[0].lower() + text[1:].rstrip(".")
    return entry


def recommendations(data: BriefData, summary: RegionSummary, lang: str) -> list[dict]:
    """The brief's recommendations, most specific first, each ``{"text", "basis"}``.

    - With indicator detail: the catalogue's action for each component the plan raises, with the
      units and the Pemda points it brings.
    - With unit scores only: one entry per unit the plan raises (how far; about how many indicator
      levels), then the checklist of the next assessment's instrument (what the units fill in and
      what evidence is looked at), since which components are weak is not known.
    - Where the next assessment uses another instrument, the units that lag most and that
      instrument's checklist instead of unit-score targets it would not judge.
    - A Pemda known only by its own score: ask for the unit report; the regime's significant
      unit-type gaps; the checklist.

    Examples
    --------
    >>> from toolkit import outputs
    >>> from toolkit.request import resolve
    >>> import tempfile
    >>> request = resolve("Kabupaten Bekasi", 2022, lang="en", output_dir=tempfile.mkdtemp())
    >>> _ = outputs.overview(request), outputs.drivers(request)
    >>> data = outputs.gather(request.output_dir).record
    >>> recs = recommendations(data, data.overview.summary, "en")
    >>> recs[0]["text"]
    'Dinas Pendidikan: raise its score from 62.62 to at least 76.62 (+14.00 points), about 11 to 29 rises of one indicator by one level.'
    """
    catalogue = load_catalogue("recommendations")["components"]
    drivers = data.drivers
    plan = (drivers.plan if drivers else None) or {}
    actions = plan.get("actions") or []
    nxt = plan.get("next_assessment") or next_assessment(summary.year)
    n = lambda v: fmt_num(v, lang)  # noqa: E731
    judged_by = load_scheme(nxt["scheme"]) if nxt.get("scheme") else None  # None: no scheme known yet
    other_instrument = nxt.get("same_instrument") is False
    recs: list[dict] = []
    if any(a.get("indicator") for a in actions):
        groups: dict[str, dict] = {}
        for a in actions:
            key = _catalogue_key(a, catalogue)
            g = groups.setdefault(key, {"gain": 0.0, "units": []})
            g["gain"] += a["gain"]
            if a["unit"] not in g["units"]:
                g["units"].append(a["unit"])
        for key, g in sorted(groups.items(), key=lambda kv: -kv[1]["gain"])[:5]:
            rec = _entry(catalogue, key, lang)
            rec["text"] += " " + t("rec.component_units", lang, units=", ".join(g["units"]), gain=n(g["gain"]))
            recs.append(rec)
    elif actions and not other_instrument:
        if plan.get("toward_best"):
            recs.append(_entry(catalogue, "toward_best", lang, target=n(plan["target"]), best=n(plan["best_possible"])))
        recs += _unit_entries(actions[:SHOWN_UNITS], data.overview.scheme, catalogue, lang)
        if len(actions) > SHOWN_UNITS:
            rest = actions[SHOWN_UNITS:]
            names = ", ".join(f"{a['unit']} (+{n(a['steps'])})" for a in rest)
            recs.append(_entry(catalogue, "more_units", lang, k=len(rest), units=names))
        if judged_by is not None:
            recs.append(_checklist_entry(judged_by, nxt["year"], catalogue, lang, known_units=True))
    elif actions:  # judged by another instrument: the units that lag most, and its checklist
        lagging = sorted(actions, key=lambda a: a["from"])[:3]
        units = ", ".join(f"{a['unit']} ({n(a['from'])})" for a in lagging)
        recs.append(_entry(catalogue, "lagging_units", lang, units=units, year=summary.year, next=nxt["year"]))
        if judged_by is not None:
            recs.append(_checklist_entry(judged_by, nxt["year"], catalogue, lang, known_units=True))
    if summary.units.empty:
        if summary.gap_green:
            recs.append(_entry(catalogue, "request_unit_scores", lang))
        regime = drivers.regime if drivers else None
        gaps = drivers.sector_gaps.get("table", []) if drivers else []
        for r in sorted(gaps, key=lambda r: r.get("gap") or 0):
            if (
                r.get("regime") == regime
                and r.get("p_adjusted") is not None
                and r["p_adjusted"] < 0.05
                and r["gap"] < 0
            ):
                kind = unit_type_label(r["unit_type"], lang).lower()
                recs.append(
                    _entry(
                        catalogue,
                        "sector_focus",
                        lang,
                        kind=kind,
                        gap=fmt_num(abs(r["gap"]), lang, 1),
                        n=r["n_regions"],
                    )
                )
        if judged_by is not None:
            recs.append(_checklist_entry(judged_by, nxt["year"], catalogue, lang, known_units=False))
    elif not actions and other_instrument and judged_by is not None:  # met, and a new instrument next
        recs.append(_checklist_entry(judged_by, nxt["year"], catalogue, lang, known_units=False))
    if not summary.gap_green and not recs:  # green with nothing more specific to do
        recs.append(_entry(catalogue, "sustain", lang))
    if not data.survey:
        recs.append(_entry(catalogue, "run_skm", lang))
    return [r for r in recs if r]
