"""A province coaching its kabupaten and kota: one brief per province and year.

Every Pemda of the province in the data that year (the province government too), graded by the
year's scheme; the count by zone against the national counts; what share of the province's Pemdas
the data cover; the units below the green line grouped by unit type (where to send coaching); the
Pemdas closest to the next line and the furthest; history inside the methodology regime only
(across a break, positions); a 16:9 chart for a slide. Rendered with the brief's templates to
``reports/<year>/provinsi-<slug>/<lang>/brief.<lang>.pdf|html|md|xlsx``.
"""

from __future__ import annotations

import difflib
import os
import shlex
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit import __version__
from toolkit.briefs import LABELS, _section, _table, render_html, render_markdown, render_pdf
from toolkit.errors import DataError, Problem
from toolkit.i18n import check_lang, fmt_num, pick, regime_text, t
from toolkit.io import atomic_write, write_json, write_text, write_xlsx
from toolkit.names import _fold, canonical_province, provinces, region_type, slug, unit_type_label
from toolkit.national import national_distribution
from toolkit.paths import bundled_results, reports_dir
from toolkit.plots import province_chart
from toolkit.request import InputFile, load_results
from toolkit.schemes import load_catalogue, scheme_for
from toolkit.scoring import grade, pemda_scores, region_keys

__all__ = ["ProvinceSummary", "province_brief", "resolve_province", "summarise_province"]

#: Pemdas named as closest to / furthest from the next line.
SHOWN = 3


def resolve_province(name: str, results: pd.DataFrame | None = None, lang: str = "id") -> str:
    """The official name of a province as written (short forms such as Sumut or NTT work); a
    mistyped name gets suggestions.

    Examples
    --------
    >>> resolve_province("Sumut"), resolve_province("prov. ntt")
    ('Sumatera Utara', 'Nusa Tenggara Timur')
    """
    official = canonical_province(name)
    if official:
        return official
    known = {_fold(p): p for p in provinces()}
    close = difflib.get_close_matches(_fold(name), list(known), n=3, cutoff=0.6)
    message = t("province_unknown", lang, name=name)
    if close:
        message += "; " + t("did_you_mean", lang, names=", ".join(known[c] for c in close))
    raise DataError([Problem(message)], "--province")


@dataclass
class ProvinceSummary:
    """What the province brief says, computed: see :func:`summarise_province`."""

    province: str
    year: int
    scheme: str
    regime: str
    pemdas: pd.DataFrame  # region, kind, score, basis, grade, zone, opinion, opinion_en, gap_next, next_label
    units_below: pd.DataFrame  # unit_type, unit, region, score, gap_green
    zone_counts: dict[str, int]
    national: dict | None
    covered: int  # kabupaten/kota of the province in the data
    kabupaten_kota: int  # of the province in all
    has_government: bool
    history: pd.DataFrame  # year, regime, n, green, mean (mean only inside the brief's regime)
    green_threshold: float


def summarise_province(results: pd.DataFrame, province: str, year: int, lang: str = "id") -> ProvinceSummary:
    """Every Pemda of ``province`` in ``results`` for ``year``, graded, with the province's units
    below the green line, coverage, national counts and history inside the regime.

    Examples
    --------
    >>> from toolkit import read_results, bundled_results
    >>> s = summarise_province(read_results(bundled_results()), "Sumut", 2022)
    >>> s.province, len(s.pemdas), s.covered, s.kabupaten_kota, s.has_government
    ('Sumatera Utara', 34, 33, 33, True)
    """
    official = resolve_province(province, lang=lang)
    year = int(year)
    scheme = scheme_for(year)
    if "province" not in results:
        raise DataError([Problem(t("province_no_column", lang))], "results")
    mine = results[(results["province"] == official).to_numpy()]
    this_year = mine[(mine["year"] == year).to_numpy() & mine["level"].isin(["pemda", "unit"]).to_numpy()]
    if this_year.empty:
        years = sorted(int(y) for y in mine["year"].unique())
        key = "province_no_rows" if years else "province_no_rows_ever"
        raise DataError(
            [Problem(t(key, lang, province=official, year=year, years=", ".join(map(str, years))))], "--province"
        )
    keys = set(region_keys(this_year))
    peers = pemda_scores(results[(results["year"] == year).to_numpy()], year)
    peers = peers[region_keys(peers).isin(keys) & peers["score"].notna()].copy()
    graded = grade(peers["score"], np.full(len(peers), year))
    table = pd.DataFrame(
        {
            "region": peers["region"].to_numpy(),
            "kind": [region_type(r) for r in peers["region"]],
            "score": peers["score"].to_numpy(),
            "basis": peers["basis"].to_numpy(),
            "n_units": peers["n_units"].to_numpy(),
            "grade": graded["grade"].to_numpy(),
            "zone": graded["zone"].to_numpy(),
            "opinion": graded["opinion"].to_numpy(),
            "opinion_en": graded["opinion_en"].to_numpy(),
        }
    )
    gaps = [_next_line(scheme, s) for s in table["score"]]
    table["next_line"] = [g[0] for g in gaps]
    table["gap_next"] = [g[1] for g in gaps]
    table = table.sort_values(["score", "region"], ascending=[False, True]).reset_index(drop=True)

    units = this_year[this_year["level"] == "unit"]
    units = units[units["score"] < scheme.green_threshold]
    below = (
        pd.DataFrame(
            {
                "unit_type": units["unit_type"].to_numpy(),
                "unit": units["unit"].to_numpy(),
                "region": units["region"].to_numpy(),
                "score": units["score"].to_numpy(),
                "gap_green": np.round(scheme.green_threshold - units["score"].to_numpy(), 2),
            }
        )
        .sort_values(["unit_type", "score"])
        .reset_index(drop=True)
    )

    entry = next(p for p in load_catalogue("provinces")["provinces"] if p["name"] == official)
    kinds = table["kind"].tolist()
    history = _history(results, official, scheme)
    return ProvinceSummary(
        province=official,
        year=year,
        scheme=scheme.id,
        regime=scheme.regime,
        pemdas=table,
        units_below=below,
        zone_counts={z: int((table["zone"] == z).sum()) for z in scheme.zones},
        national=national_distribution(year),
        covered=sum(k in ("kabupaten", "kota") for k in kinds),
        kabupaten_kota=int(entry["kabupaten_kota"]),
        has_government="provinsi" in kinds,
        history=history,
        green_threshold=scheme.green_threshold,
    )


def _next_line(scheme, score: float) -> tuple[float | None, float | None]:
    """The lowest band bound above ``score`` and the points to it (None at the top band)."""
    above = [b.lower for b in scheme.bands if b.lower > score]
    if not above:
        return None, None
    line = min(above)
    return line, round(line - score, 2)


def _history(results: pd.DataFrame, province: str, scheme) -> pd.DataFrame:
    rows = []
    mine = results[(results["province"] == province).to_numpy()]
    for y in sorted(int(v) for v in mine["year"].unique()):
        other = scheme_for(y)
        peers = pemda_scores(results[(results["year"] == y).to_numpy()], y)
        keys = set(region_keys(mine[(mine["year"] == y).to_numpy()]))
        peers = peers[region_keys(peers).isin(keys) & peers["score"].notna()]
        if peers.empty:
            continue
        green = int((peers["score"] >= other.green_threshold).sum())
        rows.append(
            {
                "year": y,
                "regime": other.regime,
                "n": len(peers),
                "green": green,
                "green_share": green / len(peers),
                # a mean compares only inside one instrument: across a break, positions only
                "mean": float(peers["score"].mean()) if other.regime == scheme.regime else None,
            }
        )
    return pd.DataFrame(rows, columns=["year", "regime", "n", "green", "green_share", "mean"])


# --------------------------------------------------------------------------------------------
# the brief
# --------------------------------------------------------------------------------------------
def _label(row, lang: str) -> str:
    if row["grade"] and str(row["grade"]) not in ("", "nan", "<NA>"):
        return str(row["grade"])
    return str(row["opinion"] if lang == "id" else row["opinion_en"])


def build_context(s: ProvinceSummary, lang: str, chart: str | None, inputs: list[dict], reproduce: str) -> dict:
    """The province brief in ``lang``, in the shape the brief templates read."""
    scheme = scheme_for(s.year)
    n = lambda v, d=2: fmt_num(v, lang, d)  # noqa: E731
    zone_word = lambda z: scheme.zone_label(z, lang).lower()  # noqa: E731
    total = len(s.pemdas)
    green = int((s.pemdas["score"] >= s.green_threshold).sum())
    facts = [
        t("prov.headline", lang, province=s.province, year=s.year, n=total, green=green, zone=zone_word("hijau")),
        t(
            "prov.coverage",
            lang,
            covered=s.covered,
            total=s.kabupaten_kota,
            pct=n(100 * s.covered / s.kabupaten_kota, 0),
        )
        + " "
        + (t("prov.with_government", lang) if s.has_government else t("prov.without_government", lang))
        + " "
        + t("prov.sample", lang),
    ]
    if not scheme.zones_published:
        facts.append(t("zones_mapped", lang, year=s.year, green=fmt_num(scheme.green_threshold, lang, 0)))
    computed = int((s.pemdas["basis"] == "computed").sum())
    if computed:
        facts.append(t("prov.computed", lang, n=computed))

    rows = [
        [
            r["region"],
            n(r["score"]) + (" *" if r["basis"] == "computed" else ""),
            _label(r, lang),
            zone_word(r["zone"]),
            "–" if r["gap_next"] is None or pd.isna(r["gap_next"]) else f"{n(r['gap_next'])} → {n(r['next_line'])}",
        ]
        for _, r in s.pemdas.iterrows()
    ]
    head = LABELS["grade"][lang] if scheme.bands[0].grade else LABELS["opinion"][lang]
    pemda_table = _table(
        [
            ("Pemda", False),
            (t("col_score", lang).capitalize(), True),
            (head, False),
            (t("col_zone", lang).capitalize(), False),
            (t("prov.col_next", lang), True),
        ],
        rows,
    )
    counts = []
    national = s.national or {}
    for zone in scheme.zones:
        nat = (national.get("zones") or {}).get(zone)
        values = {"zone": scheme.zone_label(zone, lang), "n": s.zone_counts.get(zone, 0), "total": total}
        if nat is None:
            counts.append(t("prov.zone_count_local", lang, **values))
        else:
            counts.append(t("prov.zone_count", lang, national=f"{nat} / {national.get('assessed')}", **values))
    if not (national.get("zones")):
        counts.append(t("prov.no_national_zones", lang, year=s.year))
    sections = [
        _section(
            "pemdas",
            t("prov.sec_pemdas", lang, province=s.province, year=s.year),
            [" ".join(counts)] + ([t("prov.computed_mark", lang)] if computed else []),
            table=pemda_table,
            chart=chart,
            chart_alt=t("prov.chart_alt", lang, province=s.province, year=s.year),
        ),
        _units_section(s, lang),
        _closest_section(s, lang),
        _history_section(s, lang),
    ]
    return {
        "lang": lang,
        "labels": {k: v[lang] for k, v in LABELS.items()},
        "subtitle": scheme.subtitle(lang),
        "title": t("prov.title", lang, province=s.province, year=s.year),
        "region": s.province,
        "year": s.year,
        "headline": {"score": f"{green} / {total}", "badge": t("prov.badge", lang, zone=zone_word("hijau"))},
        "facts": facts,
        "sections": [x for x in sections if x],
        "methods": {
            "scheme": f"{scheme.id}: {scheme.title[lang]}",
            "sources": scheme.source_lines(lang) + [pick(c, lang) for c in load_catalogue("provinces")["sources"]],
            "unconfirmed": scheme.unconfirmed_for(s.year, lang),
            "inputs": inputs,
            "reproduce": reproduce,
            "version": __version__,
        },
        "synthetic": any(i.get("synthetic") for i in inputs),
        "synthetic_mark": t("synthetic_mark", lang),
    }


def _units_section(s: ProvinceSummary, lang: str):
    n = lambda v: fmt_num(v, lang)  # noqa: E731
    if s.units_below.empty:
        return _section("units", t("prov.sec_units", lang), [t("prov.units_none", lang)])
    entries = []
    groups = sorted(s.units_below.groupby("unit_type", sort=False), key=lambda kv: (-len(kv[1]), kv[0]))
    for kind, group in groups:  # the unit type with most units below the line first
        names = ", ".join(f"{r.region} — {r.unit} ({n(r.score)})" for r in group.itertuples())
        label = unit_type_label(kind, lang)
        entries.append({"text": t("prov.units_type", lang, kind=label, n=len(group), names=names), "basis": ""})
    return _section(
        "units",
        t("prov.sec_units", lang),
        [t("prov.units_intro", lang, green=n(s.green_threshold))],
        entries=entries,
    )


def _closest_section(s: ProvinceSummary, lang: str):
    n = lambda v: fmt_num(v, lang)  # noqa: E731
    below = s.pemdas[s.pemdas["score"] < s.green_threshold].sort_values("score", ascending=False)
    if below.empty:
        return _section("closest", t("prov.sec_closest", lang), [t("prov.all_green", lang)])
    closest = below.head(SHOWN)
    furthest = below.tail(SHOWN).iloc[::-1] if len(below) > SHOWN else below.iloc[0:0]
    green = n(s.green_threshold)
    describe = lambda frame: ", ".join(  # noqa: E731
        f"{r.region} ({n(r.score)}; +{n(s.green_threshold - r.score)} → {green})" for r in frame.itertuples()
    )
    paragraphs = [t("prov.closest", lang, names=describe(closest))]
    if len(furthest):
        paragraphs.append(t("prov.furthest", lang, names=describe(furthest)))
    return _section("closest", t("prov.sec_closest", lang), paragraphs)


def _history_section(s: ProvinceSummary, lang: str):
    n = lambda v, d=2: fmt_num(v, lang, d)  # noqa: E731
    if len(s.history) < 2:
        return None
    rows = [
        [
            str(h.year),
            regime_text(h.regime, lang),
            str(h.n),
            f"{h.green} ({n(100 * h.green_share, 0)} %)",
            "–" if h.mean is None or pd.isna(h.mean) else n(h.mean),
        ]
        for h in s.history.itertuples()
    ]
    table = _table(
        [
            (LABELS["year"][lang], False),
            (t("col_instrument", lang), False),
            (t("prov.col_n", lang), True),
            (t("prov.col_green", lang), True),
            (t("prov.col_mean", lang), True),
        ],
        rows,
    )
    return _section("history", t("prov.sec_history", lang), [t("prov.history_note", lang)], table=table)


def _workbook(s: ProvinceSummary, lang: str):
    pemdas = s.pemdas.assign(label=[_label(r, lang) for _, r in s.pemdas.iterrows()])[
        ["region", "kind", "score", "basis", "label", "zone", "next_line", "gap_next"]
    ]
    sheets = {"pemda": pemdas, "unit": s.units_below, LABELS["year"][lang].casefold(): s.history}

    return sheets


def province_brief(
    province: str,
    year: int,
    results_path: str | os.PathLike | None = None,
    lang: str = "id",
    out: str | os.PathLike | None = None,
) -> list[Path]:
    """Write the brief of ``province`` for ``year`` to
    ``<out or reports>/<year>/provinsi-<slug>/<lang>/``; returns the files (PDF, HTML, Markdown,
    XLSX, the chart).

    Examples
    --------
    >>> import tempfile
    >>> [p.name for p in province_brief("Gorontalo", 2025, lang="en", out=tempfile.mkdtemp())][:4]
    ['brief.en.pdf', 'brief.en.html', 'brief.en.md', 'brief.en.xlsx']
    """
    check_lang(lang)
    # read once per process and content: a batch of every province parses the file once
    results = load_results(InputFile.of(results_path or bundled_results()))
    summary = summarise_province(results, province, year, lang)
    folder = Path(out or reports_dir()) / str(int(year)) / f"provinsi-{slug(summary.province)}" / lang
    folder.mkdir(parents=True, exist_ok=True)
    chart_files = province_chart(summary, scheme_for(year), folder / "chart-province", lang)
    prov = results.attrs.get("provenance", {})
    inputs = [
        {
            "kind": "results",
            "file": str(prov.get("file", "")),
            "sha256": str(prov.get("sha256", ""))[:16],
            "rows": prov.get("rows", len(results)),
            "synthetic": bool(prov.get("synthetic")),
        }
    ]
    reproduce = f"kepatuhan brief --province {shlex.quote(summary.province)} --year {int(year)} --lang {lang}"
    if results_path:
        reproduce += f" --results {shlex.quote(str(results_path))}"
    context = build_context(summary, lang, "chart-province.png", inputs, reproduce)
    pdf = render_pdf(context, folder)
    html = render_html(context, folder)
    md = render_markdown(context)
    names = [f"brief.{lang}.{ext}" for ext in ("pdf", "html", "md", "xlsx")]
    written = [
        atomic_write(folder / names[0], lambda tmp: tmp.write_bytes(pdf)),
        write_text(folder / names[1], html),
        write_text(folder / names[2], md),
        write_xlsx(folder / names[3], _workbook(summary, lang)),
    ]
    write_json(folder / f"brief-context.{lang}.json", context)
    return written + chart_files
