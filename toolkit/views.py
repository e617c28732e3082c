"""What the notebooks and the command line show an analyst: findings in words, labelled and
rounded tables, in the chosen language. Notebooks call these and display the result; they hold
no logic and no language branches of their own.

Text that comes from data is escaped for Markdown (:func:`toolkit.briefs.md_escape`) before it is
displayed, so a name can never become markup in a notebook or its HTML export.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from toolkit import findings, workbook
from toolkit.briefs import md_escape
from toolkit.i18n import MESSAGES, fmt_num, fmt_p, pick, t
from toolkit.names import printable, unit_type_label
from toolkit.paths import bundled_results, notebooks_dir
from toolkit.records import Drivers, Overview
from toolkit.schemes import Scheme, load_scheme

__all__ = [
    "assumptions",
    "brief_text",
    "drivers_summary",
    "files_written",
    "finding",
    "gaps_table",
    "history_table",
    "ikm_table",
    "importance_basis",
    "importance_table",
    "ipa_table",
    "message",
    "no_units",
    "parameters_line",
    "peers_table",
    "plan_table",
    "province_table",
    "readings",
    "score_view",
    "show",
    "units_table",
]


def _shown(frame: pd.DataFrame, lang: str, decimals: dict[str, int] | None = None) -> pd.DataFrame:
    """A table as a reader sees it: heads in words (:func:`toolkit.workbook.head`), numbers
    written the language's way (``62,62``; a share as a percent, ``34,2 %``), yes/no in words, a
    dash for a missing value, and the first column as the row label (no 0, 1, 2)."""
    if frame.empty:
        return frame
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_object_dtype(series.dtype):
            out[column] = [workbook.yes_no(v, lang) for v in series]
        elif pd.api.types.is_float_dtype(series.dtype):
            form = workbook.number_format(column, lang) or ""
            if form.endswith("%"):  # "0.0%": the share as a percent with that many decimals
                places = len(form.partition(".")[2]) - 1 if "." in form else 0
                out[column] = [
                    fmt_num(v * 100, lang, places) + " %" if pd.notna(v) else fmt_num(v, lang) for v in series
                ]
            else:
                out[column] = [fmt_num(v, lang, (decimals or {}).get(column, 2)) for v in series]
    out.columns = [workbook.head(c, lang) for c in out.columns]
    return out.set_index(out.columns[0])


def parameters_line(request, lang: str | None = None) -> str:
    """One plain line naming the values a notebook runs with and where they came from (the
    parameters file an analyst edits once for the three notebooks), printed under its first cell.

    Examples
    --------
    >>> from toolkit.request import resolve
    >>> parameters_line(resolve("kab. bekasi", 2022))
    'Pemda: Kabupaten Bekasi, tahun: 2022, bahasa: id'
    >>> parameters_line(resolve("Kota Binjai", 2022, target="B", lang="en"))
    'Pemda: Kota Binjai, year: 2022, language: en, plan target: B'
    """
    lang = lang or request.lang
    line = t("view_parameters", lang, region=printable(request.region), year=request.year, language=request.lang)
    if request.target != "green":
        line += ", " + t("view_parameters_target", lang, target=printable(request.target))
    files = [] if request.results.path == str(bundled_results().resolve()) else [request.results.name]
    files += [f.name for f in (request.detail, request.survey, request.costs) if f is not None]
    if files:
        line += ", " + t("view_parameters_files", lang, files=", ".join(printable(name) for name in files))
    if request.parameters_file:
        path = Path(request.parameters_file)
        home = notebooks_dir().resolve()
        if path.resolve().parent == home:  # "notebooks/parameters.toml", as the README names it
            path = Path(home.name) / path.name
        line += ", " + t("view_parameters_from", lang, path=printable(path))
    return line


def finding(overview: Overview, lang: str = "id") -> str:
    """The finding in words (Markdown, data escaped): score, grade or opinion, zone, place in
    the national distribution and in the data, gap to green, change from the last assessment
    (worded in :mod:`toolkit.findings`, as the brief words it).

    Examples
    --------
    >>> from toolkit.analysis import overview
    >>> from toolkit.request import resolve
    >>> print(finding(overview(resolve("Kabupaten Bekasi", 2022)), "en").splitlines()[0])
    **Kabupaten Bekasi 2022: score 73.02, grade C, Yellow zone \\(Medium quality\\).**
    """
    first, *rest = findings.finding(overview.summary, lang)
    return "\n".join([f"**{md_escape(first)}**", *(f"- {md_escape(line)}" for line in rest)])


def units_table(units: pd.DataFrame, scheme: Scheme, lang: str = "id") -> pd.DataFrame:
    """The units of a Pemda, lowest first, with readable heads, zones named as ``scheme`` names
    them (the year's scheme) and two decimals (:func:`toolkit.workbook.units_frame`)."""
    return _shown(workbook.units_frame(units, scheme, lang), lang)


def peers_table(peers: pd.DataFrame, lang: str = "id", window: int = 5) -> pd.DataFrame:
    """The Pemdas ranked around the focus (``is_focus``; ``window`` above and below), marked.

    A window, not the top of the list: the focus region is always visible.
    """
    if peers.empty:
        return pd.DataFrame()
    ranked = peers.sort_values("score", ascending=False).reset_index(drop=True)
    focus = ranked.index[ranked["is_focus"].astype(bool)]
    at = int(focus[0]) if len(focus) else 0
    part = ranked.iloc[max(0, at - window) : at + window + 1]
    table = pd.DataFrame(
        {
            t("col_rank", lang): part["rank"].to_numpy(),
            t("col_region", lang): [
                ("▶ " if i == at else "") + r for i, r in zip(part.index, part["region"], strict=True)
            ],
            t("col_score", lang): part["score"].astype(float).to_numpy(),
        }
    )
    return _shown(table, lang)


def province_table(peers: pd.DataFrame, lang: str = "id") -> pd.DataFrame | str:
    """The Pemdas of the region's own province in the data that year, ranked, the focus marked;
    a sentence instead where the region is the only one of its province in the data."""
    if peers.empty or "in_province" not in peers:
        return pd.DataFrame()
    mine = peers[peers["in_province"]].copy()
    if len(mine) < 2:
        return message("view_province_alone", lang)
    mine["rank"] = mine["score"].rank(ascending=False, method="min").astype(int)  # rank within the province
    return peers_table(mine, lang, window=len(mine))


def history_table(history: list[dict], lang: str = "id") -> pd.DataFrame:
    """The Pemda's assessments year by year, with the instrument of each year."""
    return _shown(workbook.history_frame(history, lang), lang)


def plan_table(plan, lang: str = "id", display: bool = True) -> pd.DataFrame:
    """The plan as an analyst reads it: what moves, from where to where, gain and effort.

    One table for the CLI, the notebook and the brief's figures, so the three never disagree.
    ``plan`` is a :class:`toolkit.drivers.Plan` or its ``to_dict()``. ``display=False`` keeps
    numbers as numbers (the command line formats them itself).
    """
    table = workbook.plan_frame(plan, lang)
    return _shown(table, lang) if display else table


def gaps_table(table: pd.DataFrame | list, lang: str = "id", display: bool = True) -> pd.DataFrame:
    """Sector gaps with their Holm-adjusted intervals (consistent with the Holm p beside them) and
    Pemda counts, labelled for a reader; empty where no unit type has an estimate (the reading
    says why)."""
    table = workbook.gaps_frame(table, lang)
    if table.empty or not display:
        return table
    column = t("col_p_holm", lang)
    table[column] = [fmt_p(v, lang) for v in table[column]]  # "< 0,001", never "0,000"
    return _shown(table, lang)


def readings(drivers: Drivers, lang: str = "id") -> str:
    """The sector-gap reading and every model's reading of the regime, as a Markdown list."""
    lines = []
    gaps = drivers.sector_gaps
    if gaps.get("readings", {}).get(drivers.regime):
        lines.append(gaps["readings"][drivers.regime][lang])
        lines.append(gaps["method"][lang])
    lines += [m["reading"][lang] for m in drivers.models.values()]
    return "\n".join(f"- {md_escape(line)}" for line in lines)


def message(key: str, lang: str = "id") -> str:
    """One message of the catalogue, escaped for Markdown."""
    return md_escape(t(key, lang))


def brief_text(folder, lang: str = "id", name: str = "brief") -> str:
    """The brief's Markdown as a notebook shows it: image links left out (JupyterLab would look
    for them beside the notebook; the chart is shown in its own cell). ``name="persiapan"``: the
    preparation report."""
    import re
    from pathlib import Path

    text = (Path(folder) / f"{name}.{lang}.md").read_text(encoding="utf-8")
    return re.sub(r"!\[[^\]]*\]\([^)]*\)\n?", "", text)


def no_units(lang: str = "id") -> str:
    """What to say where a chart or table of units would stand but the data have no unit scores."""
    return md_escape(t("view_no_units", lang))


def assumptions(scheme: Scheme, year: int, lang: str = "id") -> str:
    """The unconfirmed points of the year's scheme, as a Markdown list under a heading."""
    items = scheme.unconfirmed_for(year, lang)
    if not items:
        return md_escape(t("view_no_assumptions", lang))
    return f"**{md_escape(t('unconfirmed', lang))}**\n\n" + "\n".join(f"- {md_escape(i)}" for i in items)


def drivers_summary(drivers: Drivers, lang: str = "id") -> str:
    """Whether the analysis rests on synthetic data, and what the plan says, in words."""
    lines = []
    if drivers.synthetic:
        lines.append(f"**{md_escape(t('synthetic_mark', lang))}**")
    plan = drivers.plan
    if plan:
        lines.append(md_escape(plan["message"][lang]))
        lines += [md_escape(n[lang]) for n in plan.get("notes", [])]
    else:
        lines.append(no_units(lang))
    return "\n\n".join(lines)


def importance_table(relimp: dict, lang: str = "id") -> pd.DataFrame | str:
    """LMG shares of R² with their region-bootstrap intervals, or the reason there are none
    (Markdown, in ``lang``).

    Examples
    --------
    >>> importance_table({"table": [], "error": {"id": "data terlalu sedikit", "en": "too few rows"}}, "en")
    'Relative importance cannot be computed from these data: too few rows.'
    >>> row = {"term": "unit_type", "share": 0.06, "share_pct": 12.0, "ci_low": 0.01, "ci_high": 0.2}
    >>> importance_table({"table": [row]}, "id")
               Porsi R² IK 95 % bawah IK 95 % atas Persen dari R² model
    Faktor
    jenis unit    0,060         0,010        0,200                 12,0
    """
    if not relimp.get("table"):
        reason = relimp.get("error")
        if not reason:
            return message("view_no_importance", lang)
        return md_escape(t("view_no_importance_because", lang, reason=pick(reason, lang).rstrip(".")))
    frame = pd.DataFrame(relimp["table"])
    terms = [t(f"term.{term}", lang) if f"term.{term}" in MESSAGES else term for term in frame["term"]]
    readable = frame["readable"].fillna(False).astype(bool) if "readable" in frame else frame["share"].notna()
    table = pd.DataFrame(
        {
            t("col_term", lang): terms,
            t("col_share", lang): frame["share"].astype(float),
            t("col_ci_low", lang): frame["ci_low"].astype(float),
            t("col_ci_high", lang): frame["ci_high"].astype(float),
            # a share inside its permutation null, or of a refused factor, is not read as a percent
            t("col_share_pct", lang): frame["share_pct"].astype(float).where(readable),
        }
    )
    decimals = {
        t("col_share", lang): 3,
        t("col_ci_low", lang): 3,
        t("col_ci_high", lang): 3,
        t("col_share_pct", lang): 1,
    }
    if "p_permutation" in frame:
        table[t("col_p_permutation", lang)] = frame["p_permutation"].astype(float)
        decimals[t("col_p_permutation", lang)] = 3
    if "note" in frame and frame["note"].map(bool).any():
        table[t("col_why", lang)] = [pick(n, lang) if n else "" for n in frame["note"]]
    return _shown(table, lang, decimals)


def score_view(table: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """:func:`toolkit.score_table` as a person reads it: headers, levels, unit types and zones in
    ``lang`` (the CSV and JSON keep the codes, for programs).

    Examples
    --------
    >>> from toolkit import read_results, bundled_results, score_table
    >>> r = read_results(bundled_results())
    >>> t = score_table(r[(r["region"] == "Kabupaten Bekasi") & (r["year"] == 2022)], "en")
    >>> score_view(t, "en")[["level", "unit_type", "zone"]].iloc[[1, -1]]
       level unit_type         zone
    1   unit Education  Yellow zone
    7  Pemda       NaN  Yellow zone
    >>> list(score_view(t, "id").columns[:6])
    ['tahun', 'tingkat', 'pemda', 'unit', 'jenis_unit', 'nilai']
    """

    out = table.copy()
    out["level"] = out["level"].map(lambda v: t(f"level.{v}", lang), na_action="ignore")
    out["unit_type"] = out["unit_type"].map(lambda v: unit_type_label(v, lang), na_action="ignore")
    zones = {
        (scheme, zone): load_scheme(scheme).zone_label(zone, lang)
        for scheme, zone in out[["scheme", "zone"]].dropna().drop_duplicates().itertuples(index=False)
    }
    out["zone"] = [zones.get((s, z), z) for s, z in zip(out["scheme"], out["zone"], strict=True)]
    headers = {
        "year": "col_year",
        "level": "col_level",
        "region": "col_region",
        "unit": "col_unit",
        "unit_type": "col_unit_type",
        "score": "col_score",
        "grade": "col_grade",
        "zone": "col_zone",
        "opinion": "field_opinion",
        "without_maladministration": "col_malad",
        "quality": "col_quality",
        "scheme": "col_scheme",
        "basis": "col_basis",
    }
    return out.rename(columns={c: t(k, lang) for c, k in headers.items()})


def importance_basis(relimp: dict, lang: str = "id") -> str:
    """What the relative-importance table rests on: the model's R², units, Pemdas, and how the
    intervals were made (empty where there is no table)."""
    if not relimp.get("table"):
        return ""
    text = t(
        "view_importance_basis",
        lang,
        r2=fmt_num(relimp.get("r2"), lang, 3),
        n=relimp.get("n"),
        regions=relimp.get("n_regions"),
    )
    if relimp.get("n_boot"):  # how many resamples the intervals rest on (#20: 40-55 % were dropped silently)
        text += " " + t(
            "view_importance_resamples",
            lang,
            used=relimp["n_boot"] - relimp.get("boot_dropped", 0),
            n_boot=relimp["n_boot"],
            dropped=relimp.get("boot_dropped", 0),
            incomplete=relimp.get("boot_incomplete", 0),
            n_perm=relimp.get("n_perm", 0),
        )
    return md_escape(text)


def show(item):
    """What a notebook cell displays: a non-empty table as it is, text as Markdown, and nothing
    for an empty table or text (so no cell repeats what another already says)."""
    from IPython.display import Markdown

    if item is None or (isinstance(item, pd.DataFrame) and item.empty) or (isinstance(item, str) and not item):
        return None
    return Markdown(item) if isinstance(item, str) else item


def ikm_table(ikm: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """IKM per group (the rows of a :class:`~toolkit.records.Survey`) with its interval and
    whether the interval crosses a grade boundary (:func:`toolkit.workbook.ikm_frame`, without
    the nine item means: the importance-performance table shows the items)."""
    out = workbook.ikm_frame(ikm, lang).drop(columns=[f"U{k}" for k in range(1, 10)], errors="ignore")
    notes = [n for n in dict.fromkeys(ikm.get("interval_note", pd.Series(dtype=object)).dropna()) if n]
    shown = _shown(out, lang)
    if notes:  # a refused interval says why beside the table, not as a code in it
        shown.attrs["notes"] = [t(n, lang) for n in notes]
    return shown


def ipa_table(ipa: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """Importance-performance analysis: item, its quadrant and how stable that quadrant is."""
    return _shown(workbook.ipa_frame(ipa, lang), lang, {t("col_importance", lang): 3})


def files_written(paths: list, lang: str = "id") -> str:
    """The files a step wrote, as a Markdown list (names only)."""
    from pathlib import Path

    return f"**{md_escape(t('view_written', lang))}**\n\n" + "\n".join(f"- `{Path(p).name}`" for p in paths)
