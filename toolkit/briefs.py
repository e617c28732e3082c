"""Policy briefs in PDF (Typst), HTML (Jinja2) and Markdown, built only from the result files.

:func:`build_context` turns ``brief-data.json`` (a :class:`~toolkit.records.BriefData`) into one plain dictionary of everything a brief
shows, already worded and formatted in the brief's language: a headline, then a list of sections,
each with a heading and at least one sentence (a section with nothing to say is left out, never
printed empty), optional table (numbers right-aligned) and chart, then recommendations and a
methods box. The three templates only lay that out. Text from data reaches Typst as a JSON file the
template reads (never spliced into markup), HTML through Jinja2 autoescaping, and Markdown through
:func:`md_escape`.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import shlex
from pathlib import Path

from toolkit import __version__, findings
from toolkit.i18n import check_lang, fmt_num, pick, regime_text, section, t
from toolkit.io import atomic_write, write_json, write_text
from toolkit.names import printable, unit_type_label
from toolkit.recommend import recommendations
from toolkit.records import BriefData, Drivers, Survey, read_record
from toolkit.schemes import Scheme, indicator_catalogues, load_catalogue
from toolkit.scoring import RegionSummary
from toolkit.workbook import brief_sheets, write_table

__all__ = ["LABELS", "brief_files", "build_context", "md_escape", "render", "summary_text"]

TEMPLATES = Path(__file__).parent / "templates"

LABELS: dict[str, dict[str, str]] = section("label.")

_SENTENCES = section("sentence.")


def _s(key: str, lang: str, **values) -> str:
    return _SENTENCES[key][lang].format(**values)


def md_escape(text: object) -> str:
    """Text as literal Markdown: HTML specials become entities, Markdown specials are escaped,
    control and bidi-override characters shown as U+FFFD.

    Examples
    --------
    >>> md_escape("<script>alert(1)</script> *x* #y $z$")
    '&lt;script&gt;alert\\\\(1\\\\)&lt;/script&gt; \\\\*x\\\\* \\\\#y \\\\$z\\\\$'
    """
    value = _printable(str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "\\`*_{}[]()#+-!|~$":
        value = value.replace(char, "\\" + char)
    return value


def _printable(text: object) -> str:
    """Control and bidi-override characters that data may carry shown as U+FFFD
    (:func:`toolkit.names.printable`); tabs and newlines kept."""
    return printable(text)


def _shown(value: object) -> object:
    """The context with every text in it passed through :func:`toolkit.names.printable`: the
    PDF (through ``context.json``), the HTML and the Markdown all get it from here."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {k: _shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shown(v) for v in value]
    return value


def _badge(first: str, malad: str, quality: str, zone: str, computed_n: int | None, lang: str):
    """The headline badge: its items (the Markdown and HTML join them with " · ") and the PDF's
    lines, one item a line: the grade or opinion, "Tanpa Maladministrasi", the 2025 quality
    label, the zone, "computed from n units". No label breaks inside ("Kualitas Tertinggi",
    "Sangat Baik" keep no-break spaces); a long line breaks after its lead ("Kualitas
    pelayanan:") or, the sentence of a computed score, between words."""
    whole = lambda text: text.replace(" ", "\u00a0")  # noqa: E731
    lines = [whole(first), whole(malad) if malad else ""]
    lines.append(f"{LABELS['quality'][lang]}: {whole(quality)}" if quality else "")
    lines.append(whole(zone))
    lines.append(t("computed_badge", lang, n=computed_n) if computed_n is not None else "")
    lines = [line for line in lines if line]
    return [line.replace("\u00a0", " ") for line in lines], lines


def _zone_label(scheme: Scheme, zone: str | None, lang: str) -> str:
    """The zone's label from the scheme file, in running text ("zona kuning", "yellow zone")."""
    return scheme.zone_label(zone, lang).lower() if zone else "–"


def _table(columns: list[tuple[str, bool]], rows: list[list[str]]) -> dict:
    """A table for the templates: headers, which columns are numbers (right-aligned), rows."""
    return {"headers": [c for c, _ in columns], "numeric": [n for _, n in columns], "rows": rows}


def _section(key: str, heading: str, paragraphs: list[str], **extra) -> dict | None:
    """A section, or None when it would have nothing to say (it is then left out)."""
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs and not extra.get("table") and not extra.get("entries"):
        return None
    return {
        "key": key,
        "heading": heading,
        "paragraphs": paragraphs,
        "table": extra.get("table"),
        "chart": extra.get("chart"),
        "chart_alt": extra.get("chart_alt", ""),
        "entries": extra.get("entries", []),
        "synthetic": bool(extra.get("synthetic")),
        "after": [p for p in extra.get("after", []) if p],
        # how the section's numbers were computed: printed in the methods box, not on the page a
        # Bupati reads first
        "method": extra.get("method", ""),
    }


# --------------------------------------------------------------------------------------------
# sections
# --------------------------------------------------------------------------------------------
def _position(summary: RegionSummary, lang: str) -> dict | None:
    return _section(
        "position",
        LABELS["sec_position"][lang].format(region=summary.region),
        findings.position(summary, lang, plain=True),
        method=findings.rank_method(summary, lang),
    )


def _history(history: list[dict], summary: RegionSummary, lang: str, chart: str | None = None) -> dict | None:
    if len(history) < 2:
        return None
    rows = []
    for h in history:
        label = h.get("grade") or pick(h.get("opinion") or {}, lang)
        rows.append(
            [
                str(h["year"]),
                fmt_num(h["score"], lang),
                label or "–",
                h.get("zone_label", {}).get(lang, h.get("zone") or "–"),
                regime_text(h["regime"], lang),
            ]
        )
    table = _table(
        [
            (LABELS["year"][lang], True),
            (LABELS["score"][lang], True),
            (f"{LABELS['grade'][lang]} / {LABELS['opinion'][lang]}", False),
            (LABELS["zone"][lang], False),
            (LABELS["instrument"][lang], False),
        ],
        rows,
    )
    prev = summary.previous
    # across a break the headline already says it; inside one instrument the change belongs here
    paragraphs = [prev["text"][lang] if prev and prev.get("comparable") else None, _s("history_same", lang)]
    return _section(
        "history",
        LABELS["sec_history"][lang],
        paragraphs,
        # the chart shows the same years (scores and grades inside the instrument, the others as
        # positions), so the table is left to the workbook (brief.<lang>.xlsx) and a brief keeps
        # to two pages
        table=None if chart else table,
        chart=chart,
        chart_alt=LABELS["progress_alt"][lang],
    )


def _units(summary: RegionSummary, scheme: Scheme, chart: str | None, lang: str) -> dict | None:
    units = sorted(summary.units.to_dict(orient="records"), key=lambda u: u["score"])
    if not units:
        return None
    n = lambda v: fmt_num(v, lang)  # noqa: E731
    with_grade = any(u.get("grade") for u in units)
    columns = [(LABELS["unit"][lang], False), (LABELS["type"][lang], False), (LABELS["score"][lang], True)]
    columns.append((LABELS["grade"][lang] if with_grade else LABELS["quality"][lang], False))
    columns += [(LABELS["zone"][lang], False), (LABELS["gap_green"][lang], True)]
    rows = [
        [
            u["unit"],
            unit_type_label(u.get("unit_type"), lang),
            n(u["score"]),
            (u.get("grade") if with_grade else u.get("quality" if lang == "id" else "quality_en")) or "–",
            _zone_label(scheme, u["zone"], lang),
            n(u["gap_green"]) if u["gap_green"] else "–",
        ]
        for u in units
    ]
    low = sum(1 for u in units if u["gap_green"])
    paragraphs = [
        _s("units_zones", lang, low=low, n=len(units)) if low else _s("units_all_green", lang, n=len(units)),
    ]
    if summary.vertical is not None and len(summary.vertical):
        offices = ", ".join(f"{v.unit} {n(v.score)}" for v in summary.vertical.itertuples())
        paragraphs.append(_s("vertical", lang, offices=offices))
    return _section(
        "units",
        LABELS["sec_units"][lang],
        paragraphs,
        table=_table(columns, rows),
        chart=chart,
        chart_alt=LABELS["chart_alt"][lang],
    )


def _pull(drivers: Drivers | None, summary: RegionSummary, lang: str) -> dict | None:
    if not drivers or not drivers.pemda_decomposition or not summary.gap_green:
        return None
    n = lambda v: fmt_num(v, lang)  # noqa: E731
    low = [d for d in drivers.pemda_decomposition if d["gap_green"] > 0]
    paragraphs = []
    if low:
        top = ", ".join(f"{d['unit']} ({n(d['score'])})" for d in low[:3])
        paragraphs.append(_s("pull", lang, top=top))
    plan = drivers.plan or {}
    table = None
    after = []
    if plan.get("actions") and not any(a.get("indicator") for a in plan["actions"]):
        target = t("target_green", lang) if plan["target_label"] == "green" else plan["target_label"]
        nxt = plan.get("next_assessment") or {}
        if nxt.get("same_instrument") is False:  # judged by another instrument: no one-cycle target
            regime = regime_text(drivers.regime, lang)
            paragraphs.append(_s("plan_intro_other", lang, target=target, regime=regime, next=nxt["year"]))
        else:
            paragraphs.append(_s("plan_intro", lang, target=target))
        table = _table(
            [
                (LABELS["unit"][lang], False),
                (LABELS["from"][lang], True),
                (LABELS["to"][lang], True),
                (LABELS["points"][lang], True),
                (LABELS["pemda_gain"][lang], True),
            ],
            [[a["unit"], n(a["from"]), n(a["to"]), "+" + n(a["steps"]), "+" + n(a["gain"])] for a in plan["actions"]],
        )
    if plan:
        after.append(plan["message"][lang])
        after += [note[lang] for note in plan.get("notes", [])]
    return _section("pull", LABELS["sec_pull"][lang], paragraphs, table=table, after=after)


def _detail(drivers: Drivers | None, lang: str) -> dict | None:
    if not drivers:
        return None
    n = lambda v, d=2: fmt_num(v, lang, d)  # noqa: E731
    lines, synthetic = [], False
    for u in drivers.units:
        if not u.get("dimensions"):
            continue
        synthetic = synthetic or bool(u.get("synthetic"))
        dim = max(u["dimensions"], key=lambda d: d["lost_vs_max"])
        worst = ", ".join(
            f"{i['indicator']} {_indicator_label(i, lang)} ({n(i['score'], 1)}{_confidence(i, lang)})"
            for i in u["indicators"][:3]
        )
        lines.append(
            _s(
                "dimension_weakest",
                lang,
                unit=u["unit"],
                score=n(u["score"]),
                dimension=_dimension_label(dim["dimension"], drivers.scheme, lang),
                lost=n(dim["lost_vs_max"]),
                indicators=worst or "–",
            )
        )
    if not lines:
        return None
    return _section(
        "detail",
        LABELS["sec_detail"][lang],
        [LABELS["synthetic_note"][lang]] if synthetic else [],
        entries=[{"text": line, "basis": ""} for line in lines],
        synthetic=synthetic,
    )


def _catalogued() -> dict[str, dict]:
    """Every catalogued indicator by code, across the instruments."""
    return {i["code"]: i for name in indicator_catalogues() for i in load_catalogue(name)["indicators"]}


def _indicator_label(row: dict, lang: str) -> str:
    """The indicator's name in ``lang`` from the catalogue when its code is there, else as given."""
    known = _catalogued()
    code = row.get("indicator")
    return pick(known[code]["label"], lang) if code in known else str(row.get("label") or "")


def _confidence(row: dict, lang: str) -> str:
    """ "; source confidence: low" for a catalogued indicator (how sure the instrument's sources
    are of it); empty for the analyst's own codes."""
    entry = _catalogued().get(row.get("indicator"))
    if not entry:
        return ""
    return "; " + t("indicator_confidence", lang, level=t(f"confidence.{entry['confidence']}", lang))


def _dimension_label(key: str, scheme: Scheme, lang: str) -> str:
    """A dimension's short name in ``lang`` ("Proses", "Process") from the year's scheme file."""
    dim = next((d for d in scheme.dimensions if d["key"] == key), None)
    return pick(dim["label"], lang).split(" (")[0] if dim else key


def _sector(drivers: Drivers | None, lang: str) -> dict | None:
    if not drivers or not drivers.sector_gaps:
        return None
    gaps, regime = drivers.sector_gaps, drivers.regime
    reading = gaps["readings"].get(regime, {}).get(lang)
    reading = reading[:1].upper() + reading[1:] if reading else reading
    rows = [r for r in gaps["table"] if r["regime"] == regime and r.get("ci_low") is not None]
    n = lambda v, d=1: fmt_num(v, lang, d)  # noqa: E731
    table = None
    if rows:
        table = _table(
            [
                (LABELS["type"][lang], False),
                (LABELS["gap"][lang], True),
                (LABELS["ci_holm"][lang], True),
                (LABELS["pemdas"][lang], True),
            ],
            [
                [
                    unit_type_label(r["unit_type"], lang),
                    n(r["gap"]),
                    f"{n(r['ci_low'])} – {n(r['ci_high'])}",
                    str(r["n_regions"]),
                ]
                # by size only against one reference type; against "the other units" each type has
                # its own baseline, so the types go in the order of their names as printed (not ranked)
                for r in sorted(
                    rows,
                    key=lambda r: (
                        (r["gap"], "")
                        if r.get("reference", "others") != "others"
                        else (0, unit_type_label(r["unit_type"], lang))
                    ),
                )
            ],
        )
    return _section(
        "sector",
        t("sec_gaps", lang, regime=regime_text(regime, lang)),
        [reading, LABELS["method_in_box"][lang]],
        table=table,
        method=_without_lead(gaps["method"][lang]),
    )


def _without_lead(text: str) -> str:
    """A method paragraph without its own "Metode:"/"Method:" lead (the methods box labels it)."""
    for lead in ("Metode: ", "Method: "):
        if text.startswith(lead):
            return text[len(lead) :]
    return text


def _survey(survey: Survey | None, summary: RegionSummary, chart: str | None, lang: str) -> dict | None:
    if not survey:
        return None
    n = lambda v: fmt_num(v, lang)  # noqa: E731
    lines = []
    for row in survey.ikm:
        if row.get("interval_note"):  # too few respondents: no interval, said in words
            lines.append(
                f"{row.get('group') or summary.region}: IKM {n(row['ikm'])}, n = {row['n']}. {_s('ikm_too_few', lang)}"
            )
            continue
        lines.append(
            _s(
                "ikm",
                lang,
                group=row.get("group") or summary.region,
                ikm=n(row["ikm"]),
                low=n(row["ikm_low"]),
                high=n(row["ikm_high"]),
                mutu=row["mutu"],
                kinerja=pick(row["kinerja"], lang),
                n=row["n"],
                uncertain=_s("ikm_uncertain", lang) if row.get("grade_uncertain") else "",
            )
        )
    ipa = survey.ipa
    focus = [pick(r["label"], lang) for r in ipa if r.get("quadrant") == "concentrate_here"]
    if focus:
        lines.append(_s("ipa", lang, items=", ".join(focus)))
    shaky = [pick(r["label"], lang) for r in ipa if r.get("quadrant_stability") is not None and not r.get("stable")]
    if shaky:
        lines.append(_s("ipa_unstable", lang, items=", ".join(shaky)))
    return _section(
        "survey",
        LABELS["sec_survey"][lang],
        [LABELS["synthetic_note"][lang]] if survey.synthetic else [],
        entries=[{"text": line, "basis": ""} for line in lines],
        chart=chart,
        chart_alt=LABELS["ipa_alt"][lang],
        synthetic=survey.synthetic,
    )


def _data_needed(data: BriefData, summary: RegionSummary, lang: str) -> dict | None:
    has_detail = bool(data.drivers and data.drivers.has_detail)
    needs = []
    if summary.units.empty:
        needs.append(_s("need_units", lang))
    elif not has_detail and summary.gap_green:
        needs.append(_s("need_detail", lang))
    if not data.survey:
        needs.append(_s("need_survey", lang))
    if not needs:
        return None
    return _section("data", LABELS["sec_data"][lang], [_s("need_intro", lang, items="; ".join(needs))])


# --------------------------------------------------------------------------------------------
# the context
# --------------------------------------------------------------------------------------------
def build_context(data: BriefData, lang: str = "id") -> dict:
    """Everything a brief shows, worded and formatted in ``lang``, as plain JSON values.

    Parameters
    ----------
    data : BriefData
        What the steps wrote (``brief-data.json``, see :func:`toolkit.outputs.gather`).
    lang : "id" or "en"
    """
    check_lang(lang)
    ov = data.overview
    summary = ov.summary
    scheme = ov.scheme
    n = lambda v, d=2: fmt_num(v, lang, d)  # noqa: E731
    zone = findings.zone_text(summary, lang).lower() or "–"
    opinion = summary.opinion.get(lang, "")
    malad = t("without_malad", lang) if summary.without_maladministration else ""
    quality = (summary.quality or {}).get(lang, "")
    computed = summary.pemda_source == "computed"
    first = f"{LABELS['grade'][lang]} {summary.grade}" if summary.grade else opinion
    badge, badge_lines = _badge(first, malad, quality, zone, summary.n_units if computed else None, lang)
    charts = set(data.charts)
    recs = recommendations(data, summary, lang)
    sections = [
        _section(
            "recommendations",
            LABELS["sec_recs"][lang],
            [],
            entries=_shared_bases(recs, lang),
            method=" ".join(dict.fromkeys(r["method"] for r in recs if r.get("method"))),
        ),
        _position(summary, lang),
        _history(ov.history, summary, lang, "chart-progress.png" if "chart-progress.png" in charts else None),
        _units(summary, scheme, "chart-units.png" if "chart-units.png" in charts else None, lang),
        _pull(data.drivers, summary, lang),
        _detail(data.drivers, lang),
        _sector(data.drivers, lang),
        _survey(data.survey, summary, "chart-ipa.png" if data.survey and "chart-ipa.png" in charts else None, lang),
    ]
    sections.append(_data_needed(data, summary, lang))
    inputs = []
    for part in data.parts():
        for kind, prov in part.inputs.items():
            entry = {
                "kind": kind,
                "file": prov.get("file") or prov.get("source", ""),
                "sha256": (prov.get("sha256") or "")[:16],
                "rows": prov.get("rows"),
                "synthetic": bool(prov.get("synthetic")),
            }
            if entry not in inputs:
                inputs.append(entry)
    year = summary.year
    return _shown(
        {
            "lang": lang,
            "labels": {k: v[lang] for k, v in LABELS.items()},
            "subtitle": scheme.subtitle(lang),
            "title": f"{LABELS['doc_title'][lang]}: {summary.region} {year}",
            "region": summary.region,
            "year": year,
            "headline": {
                "score": n(summary.score),
                "grade": summary.grade or "",
                "zone": zone,
                "opinion": opinion,
                "without_maladministration": malad,
                "quality": quality,
                "badge": " · ".join(badge),
                "badge_lines": badge_lines,
                # where the score is the units' mean, said so (the summary line never calls it published)
                "computed": t("computed_badge", lang, n=summary.n_units) if computed else "",
                "below_green": bool(summary.gap_green),
            },
            "weakest": _weakest(summary, lang),
            "facts": findings.lead(summary, lang),
            "sections": [s for s in sections if s],
            "methods": {
                "scheme": f"{scheme.id}: {scheme.title[lang]}",
                "sources": scheme.source_lines(lang),
                "unconfirmed": scheme.unconfirmed_for(year, lang),
                "analysis": [s["method"] for s in sections if s and s.get("method")],
                "inputs": inputs,
                "reproduce": _reproduce(data, lang),
                "checklist": _checklist_command(recs, data),
                "version": __version__,
            },
            "synthetic": data.synthetic,
            "synthetic_mark": t("synthetic_mark", lang),
        }
    )


def _shared_bases(recs: list[dict], lang: str) -> list[dict]:
    """The entries with a basis that several consecutive entries share said once, under the last
    of them, with the items it covers ("butir 1–4: ...")."""
    out = [{"text": r["text"], "basis": r["basis"]} for r in recs]
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and out[j + 1]["basis"] == out[i]["basis"]:
            j += 1
        if j > i and out[i]["basis"]:
            basis = out[i]["basis"]
            for k in range(i, j):
                out[k]["basis"] = ""
            out[j]["basis"] = t("rec.items", lang, first=i + 1, last=j + 1, basis=basis)
        i = j + 1
    return out


def _checklist_command(recs: list[dict], data: BriefData) -> str:
    """The command writing the checklist a recommendation points to, for the plan's units where
    it names them (shell-quoted); empty where no recommendation points to one."""
    year = next((r["checklist_year"] for r in recs if r.get("checklist_year")), None)
    if year is None:
        return ""
    parts = ["kepatuhan prepare --template", f"--year {year}"]
    plan = (data.drivers.plan if data.drivers else None) or {}
    units = list(dict.fromkeys(a["unit"] for a in plan.get("actions") or []))
    nxt = plan.get("next_assessment") or {}
    if units and nxt.get("same_instrument") and not any("," in u for u in units):  # --units splits at commas
        parts.append(f"--units {shlex.quote(','.join(units))}")
    return " ".join(parts)


def _weakest(summary: RegionSummary, lang: str, n: int = 3) -> list[dict]:
    """The ``n`` lowest units below the green zone, lowest first: name and score as the units
    table prints them (the summary beside the brief names them)."""
    units = sorted(summary.units.to_dict(orient="records"), key=lambda u: u["score"])
    return [{"unit": u["unit"], "score": fmt_num(u["score"], lang)} for u in units if u["gap_green"]][:n]


#: The longest line of the summary beside a brief (a chat message preview, an e-mail line).
SUMMARY_WIDTH = 300


def _one_line(text: object) -> str:
    """Text on one line: control and bidi characters shown as U+FFFD, runs of white space
    (newlines and tabs a name may carry) one space."""
    return " ".join(printable(text).split())


def _clip(text: str, room: int) -> str:
    """``text`` cut at a word boundary to at most ``room`` characters, ending in "…" (before a
    parenthesis the cut would leave open).

    Examples
    --------
    >>> _clip("Close the gaps users perceive. (Dinas Pendidikan, Dinas Sosial; +0.68)", 50)
    'Close the gaps users perceive.'
    >>> _clip("Raise Dinas Pendidikan from 62.62 to 76.62", 30)
    'Raise Dinas Pendidikan from…'
    """
    if len(text) <= room:
        return text
    cut = text[: max(room - 1, 0)].rsplit(" ", 1)[0]
    if cut.count("(") > cut.count(")"):
        cut = cut[: cut.rindex("(")]
    cut = cut.rstrip(" ,;:")
    return cut if cut.endswith(".") else cut + "…"


def summary_text(context: dict) -> str:
    """Three lines of plain text for a chat message or an e-mail, from a brief's context
    (:func:`build_context`): the score with its grade or opinion and zone (published, or said
    computed); what holds it down and the first recommendation; the next one and where the full
    brief is. No markup and no escapes; each line at most :data:`SUMMARY_WIDTH` characters.

    Examples
    --------
    >>> context = {
    ...     "lang": "en", "region": "Kota (Uji)", "year": 2022, "synthetic": False, "synthetic_mark": "",
    ...     "headline": {"score": "45.16", "grade": "D", "opinion": "Low Quality", "quality": "",
    ...                  "zone": "red zone", "computed": "", "below_green": True},
    ...     "weakest": [],
    ...     "sections": [{"key": "recommendations", "entries": [{"text": "Ask for the unit scores."}]}],
    ... }
    >>> print(summary_text(context))
    Kota (Uji), compliance assessment 2022: score 45.16 (published), grade D (Low Quality), red zone.
    No unit scores are in the data, so which units hold the score down is not yet known. First step — Ask for the unit scores.
    Full policy brief: brief.en.pdf (its tables in brief.en.xlsx).
    <BLANKLINE>
    """
    lang = context["lang"]
    head = context["headline"]
    label = t("grade_word", lang, grade=head["grade"]) if head["grade"] else head["opinion"]
    if head["grade"] and head["opinion"]:
        label += f" ({head['opinion']})"
    if head.get("quality"):
        label += f", {LABELS['quality'][lang].lower()} {head['quality']}"
    first = t(
        "summary.score",
        lang,
        region=context["region"],
        year=context["year"],
        score=head["score"],
        basis=head.get("computed") or t("basis_published", lang),
        label=label,
        zone=head["zone"],
    )
    if context["synthetic"]:  # an illustration is never forwarded as a finding
        first = f"{context['synthetic_mark']}: {first}"
    recs = [e["text"] for s in context["sections"] if s["key"] == "recommendations" for e in s["entries"]]
    weakest = context.get("weakest") or []
    if weakest:
        held = t("summary.weakest", lang, units=", ".join(f"{_clip(w['unit'], 80)} ({w['score']})" for w in weakest))
    elif not any(s["key"] == "units" for s in context["sections"]) and head.get("below_green"):
        held = t("summary.no_units", lang)
    else:  # every unit green ("Semua 7 unit berada di zona hijau."), or nothing to say
        held = next((s["paragraphs"][0] for s in context["sections"] if s["key"] == "units" and s["paragraphs"]), "")
    second = held
    if recs:
        lead = f"{held} " if held else ""
        second = lead + _clip(t("summary.first", lang, text=recs[0]), SUMMARY_WIDTH - len(lead))
    pdf, *_, workbook = brief_files(lang)[:4]
    full = t("summary.full", lang, file=pdf, workbook=workbook)
    third = full
    if len(recs) > 1:
        step = _clip(t("summary.next", lang, text=recs[1]), SUMMARY_WIDTH - len(full) - 2)
        third = f"{step}{'' if step.endswith(('.', '!', '?', '…')) else '.'} {full}"
    lines = [_clip(_one_line(line), SUMMARY_WIDTH) for line in (first, second, third)]
    return "\n".join(lines) + "\n"


def _reproduce(data: BriefData, lang: str) -> str:
    """How to rebuild this brief (the methods box is the one place a command may appear). Names
    and file names are shell-quoted: a pasted command never runs ``$(...)`` from a name."""
    summary = data.overview.summary
    parts = [
        "kepatuhan brief",
        f"--region {shlex.quote(summary.region)}",
        f"--year {summary.year}",
        f"--lang {lang}",
    ]
    for part, kind, flag in (
        (data.overview, "results", "--results"),
        (data.drivers, "detail", "--detail"),
        (data.survey, "survey", "--survey"),
    ):
        prov = part.inputs.get(kind) if part else None
        if prov and (flag != "--results" or prov.get("file") != "results.csv"):
            parts.append(f"{flag} {shlex.quote(str(prov.get('file')))}")
    drivers = data.drivers
    if drivers and drivers.costs:
        parts.append(f"--costs {shlex.quote(str(drivers.costs['file']))}")
    if drivers and drivers.target != "green":
        parts.append(f"--target {shlex.quote(drivers.target)}")
    return " ".join(parts)


# --------------------------------------------------------------------------------------------
# rendering
# --------------------------------------------------------------------------------------------
@functools.cache  # one environment a process: its templates are compiled once, not for every brief
def _jinja(autoescape: bool):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["plain"] = _printable
    return env


def _charts(context: dict) -> list[str]:
    return [s["chart"] for s in context["sections"] if s.get("chart")]


def render_html(context: dict, folder: Path) -> str:
    """Self-contained HTML: charts embedded as data URIs; all data text is escaped."""
    uris = {
        name: "data:image/png;base64," + base64.b64encode((folder / name).read_bytes()).decode()
        for name in _charts(context)
    }
    return _jinja(autoescape=True).get_template("brief.html.j2").render(c=context, uris=uris)


def render_markdown(context: dict) -> str:
    return _jinja(autoescape=False).get_template("brief.md.j2").render(c=context)


def typst_sources(context: dict, folder: Path) -> dict[str, bytes]:
    """The Typst project: the fixed template, the context as JSON, and the chart images."""
    files = {
        "main.typ": (TEMPLATES / "brief.typ").read_bytes(),
        "context.json": json.dumps(context, ensure_ascii=False, indent=1).encode(),
    }
    for name in _charts(context):
        files[name] = (folder / name).read_bytes()
    return files


#: A last page whose content ends above this (points from the top of an A4 page, 842 pt high)
#: is near-empty: the brief is laid out denser instead.
NEAR_EMPTY_PT = 230.0
DENSITY_LEVELS = 6


def render_pdf(context: dict, folder: Path) -> bytes:
    """Compile the Typst project in a private temporary folder (its root: nothing outside it can
    be read by the document) and return the PDF bytes.

    The layout is tried at increasing density until the main part (everything before the
    methods box) ends by page 2 and the last page is not near-empty (a few lines of the methods
    box spilling over); the densest is kept if none fits."""
    import tempfile

    import typst

    with tempfile.TemporaryDirectory(prefix="kepatuhan-typst-") as tmp:
        root = Path(tmp)
        for name, content in typst_sources(context, folder).items():
            (root / name).write_bytes(content)
        main = str(root / "main.typ")
        for density in range(DENSITY_LEVELS):
            inputs = {"density": str(density)}

            def where(label: str, inputs=inputs) -> dict:
                found = typst.query(main, label, field="value", one=True, root=str(root), sys_inputs=inputs)
                return json.loads(found)

            end, main_end = where("<end>"), where("<main-end>")
            # the main part ends by page 2, and the last page is not a few stray lines
            if main_end["page"] <= 2 and (end["page"] == 1 or end["y"] >= NEAR_EMPTY_PT):
                break
        else:  # nothing fits: the plain layout, with the methods box whole on the last page
            inputs = {"density": "0", "whole_methods": "1"}
        return typst.compile(main, root=str(root), format="pdf", sys_inputs=inputs)


def brief_files(lang: str) -> list[str]:
    """The brief's file names in ``lang``: ``brief.id.pdf``, ``.html``, ``.md`` and ``.xlsx``
    (the brief's tables as a workbook, with its sources and assumptions), and ``summary.id.txt``
    (three lines of plain text to forward, :func:`summary_text`).

    Examples
    --------
    >>> brief_files("id")
    ['brief.id.pdf', 'brief.id.html', 'brief.id.md', 'brief.id.xlsx', 'summary.id.txt']
    """
    check_lang(lang)
    return [*(f"brief.{lang}.{ext}" for ext in ("pdf", "html", "md", "xlsx")), f"summary.{lang}.txt"]


def render(output_dir: str | os.PathLike, lang: str = "id") -> list[Path]:
    """Render ``brief.<lang>.pdf``, ``.html``, ``.md``, ``.xlsx``, ``summary.<lang>.txt`` (and ``brief-context.<lang>.json``)
    from the ``brief-data.json`` in ``output_dir``. Each file is written atomically; the PDF last.

    Examples
    --------
    >>> import tempfile
    >>> from toolkit import outputs
    >>> from toolkit.request import resolve
    >>> request = resolve("Kabupaten Bekasi", 2022, lang="en", output_dir=tempfile.mkdtemp())
    >>> _ = outputs.overview(request), outputs.drivers(request), outputs.gather(request.output_dir)
    >>> [p.name for p in render(request.output_dir, "en")]
    ['brief-context.en.json', 'brief.en.md', 'brief.en.html', 'brief.en.xlsx', 'summary.en.txt', 'brief.en.pdf']
    """
    folder = Path(output_dir)
    data = read_record(folder / "brief-data.json", BriefData)
    context = build_context(data, lang)
    pdf = render_pdf(context, folder)  # compile before writing anything: a failure leaves no brief
    html = render_html(context, folder)
    md = render_markdown(context)
    sheets = brief_sheets(data, lang, context["methods"]["reproduce"])
    pdf_name, html_name, md_name, xlsx_name, summary_name = brief_files(lang)
    return [
        write_json(folder / f"brief-context.{lang}.json", context),
        write_text(folder / md_name, md),
        write_text(folder / html_name, html),
        write_table(folder / xlsx_name, sheets),
        write_text(folder / summary_name, summary_text(context)),
        atomic_write(folder / pdf_name, lambda tmp: tmp.write_bytes(pdf)),
    ]
