"""Policy briefs in PDF (Typst), HTML (Jinja2) and Markdown, built only from the result files.

:func:`build_context` turns ``brief-data.json`` into one plain dictionary of everything a brief
shows, already worded and formatted in the brief's language; the three templates only lay it
out. Text from data reaches Typst as a JSON file the template reads (never spliced into markup),
HTML through Jinja2 autoescaping, and Markdown through :func:`md_escape`.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from toolkit.i18n import check_lang, fmt_num, pick
from toolkit.io import atomic_write, write_json, write_text
from toolkit.names import UNIT_TYPES
from toolkit.schemes import load_catalogue

__all__ = ["LABELS", "build_context", "md_escape", "render"]

TEMPLATES = Path(__file__).parent / "templates"

LABELS: dict[str, dict[str, str]] = {
    "doc_title": {"id": "Ringkasan Kebijakan", "en": "Policy Brief"},
    "subtitle": {
        "id": "Kepatuhan terhadap Standar Pelayanan Publik — penilaian Ombudsman RI",
        "en": "Compliance with public-service standards — Ombudsman RI assessment",
    },
    "score": {"id": "Nilai", "en": "Score"},
    "quality": {"id": "Kualitas pelayanan", "en": "Service quality"},
    "without_malad": {"id": "Tanpa Maladministrasi", "en": "Without maladministration"},
    "grade": {"id": "Kategori", "en": "Grade"},
    "zone": {"id": "Zona", "en": "Zone"},
    "unit": {"id": "Unit layanan", "en": "Service unit"},
    "type": {"id": "Jenis", "en": "Type"},
    "gap_green": {"id": "Jarak ke zona hijau", "en": "Gap to green zone"},
    "sec_units": {"id": "Nilai unit layanan", "en": "Service-unit scores"},
    "sec_pull": {"id": "Apa yang menahan nilai Pemda", "en": "What holds the Pemda's score down"},
    "sec_detail": {"id": "Di mana unit kehilangan poin", "en": "Where the units lost their points"},
    "sec_survey": {"id": "Survei Kepuasan Masyarakat", "en": "User-satisfaction survey"},
    "sec_recs": {"id": "Rekomendasi", "en": "Recommendations"},
    "sec_methods": {"id": "Metode dan sumber", "en": "Methods and sources"},
    "scheme": {"id": "Skema penilaian", "en": "Grading scheme"},
    "sources": {"id": "Sumber", "en": "Sources"},
    "unconfirmed": {"id": "Asumsi belum terkonfirmasi", "en": "Unconfirmed assumptions"},
    "inputs": {"id": "Berkas masukan", "en": "Input files"},
    "expected_gain": {"id": "perkiraan kenaikan nilai Pemda", "en": "expected gain in the Pemda score"},
    "expected_gain_green": {
        "id": "kenaikan nilai Pemda bila komponen ini mencapai tingkat zona hijau",
        "en": "gain in the Pemda score if this component reached the green-zone level",
    },
    "points": {"id": "poin", "en": "points"},
    "basis": {"id": "Dasar", "en": "Basis"},
    "from_to": {"id": "dari {a} ke {b}", "en": "from {a} to {b}"},
    "synthetic_mark": {"id": "ILUSTRASI — data sintetis", "en": "ILLUSTRATION — synthetic data"},
    "synthetic_note": {
        "id": "Bagian ini dihitung dari data rinci sintetis (bukan data nyata).",
        "en": "This part is computed from synthetic detail data (not real data).",
    },
    "rows": {"id": "baris", "en": "rows"},
    "generated_by": {"id": "Dibuat dengan kepatuhan-toolkit", "en": "Made with kepatuhan-toolkit"},
    "chart_alt": {
        "id": "Nilai unit layanan terhadap pita kategori",
        "en": "Service-unit scores against the grade bands",
    },
    "no_units": {
        "id": "Nilai per unit tidak tersedia di data; uraian per unit tidak dapat dibuat.",
        "en": "Unit scores are not in the data; no unit breakdown can be made.",
    },
}

_SENTENCES = {
    "headline": {
        "id": "{region} memperoleh nilai {score} pada penilaian kepatuhan {year}: kategori {grade}, {zone} ({opinion}).",
        "en": "{region} scored {score} in the {year} compliance assessment: grade {grade}, {zone} ({opinion}).",
    },
    "headline_nograde": {
        "id": "{region} memperoleh nilai {score} pada penilaian kepatuhan {year}: {zone} ({opinion}).",
        "en": "{region} scored {score} in the {year} compliance assessment: {zone} ({opinion}).",
    },
    "change": {
        "id": "Dibanding {prev_year} ({prev}): {change} poin.",
        "en": "Compared with {prev_year} ({prev}): {change} points.",
    },
    "rank": {
        "id": "Peringkat {rank} dari {n} Pemda tahun {year} yang ada di data.",
        "en": "Rank {rank} of the {n} Pemdas of {year} in the data.",
    },
    "sample": {
        "id": "Data ini adalah nilai yang dipublikasikan media (sampel), bukan seluruh Pemda.",
        "en": "The data are the scores the press published (a sample), not every Pemda.",
    },
    "gap": {
        "id": "Pemda perlu {gap} poin lagi untuk masuk zona hijau ({green}).",
        "en": "The Pemda needs {gap} more points to reach the green zone ({green}).",
    },
    "in_green": {"id": "Pemda sudah berada di zona hijau.", "en": "The Pemda is in the green zone."},
    "pull": {
        "id": "{n_low} dari {n} unit berada di bawah zona hijau. Yang paling menahan: {top}.",
        "en": "{n_low} of {n} units are below the green zone. Holding the score down most: {top}.",
    },
    "pull_none": {"id": "Semua unit sudah berada di zona hijau.", "en": "All units are in the green zone."},
    "plan": {
        "id": "Rencana termurah menuju {target}: total {points} poin kenaikan nilai unit, {to_green} unit masuk zona hijau.",
        "en": "Cheapest plan to {target}: {points} points of unit-score gains in total, {to_green} units into the green zone.",
    },
    "plan_detail": {
        "id": "Rencana termurah menuju {target}: {steps} langkah perbaikan indikator (biaya {cost}).",
        "en": "Cheapest plan to {target}: {steps} indicator improvement steps (cost {cost}).",
    },
    "dimension_weakest": {
        "id": "{unit} ({score}): poin terbanyak hilang di dimensi {dimension} ({lost} poin); indikator terlemah: {indicators}.",
        "en": "{unit} ({score}): most points lost in the {dimension} dimension ({lost} points); weakest indicators: {indicators}.",
    },
    "needs_detail": {
        "id": "Tanpa data rinci (nilai dimensi dan indikator), brief ini tidak dapat menunjuk komponen yang lemah di dalam unit. Isi templat di data/templates/ (CSV atau XLSX) dan jalankan: kepatuhan brief --detail BERKAS.",
        "en": "Without detail data (dimension and indicator scores) this brief cannot point to the weak components inside the units. Fill in the template in data/templates/ (CSV or XLSX) and run: kepatuhan brief --detail FILE.",
    },
    "green_target": {"id": "zona hijau", "en": "the green zone"},
    "ikm": {
        "id": "{group}: IKM {ikm} (IK 95 % {low}–{high}), mutu {mutu} ({kinerja}), n = {n}.",
        "en": "{group}: IKM {ikm} (95 % CI {low}–{high}), grade {mutu} ({kinerja}), n = {n}.",
    },
    "ipa": {
        "id": "Prioritas perbaikan menurut survei (kuadran 'konsentrasi di sini'): {items}.",
        "en": "Survey priorities (quadrant 'concentrate here'): {items}.",
    },
}


def _s(key: str, lang: str, **values) -> str:
    return _SENTENCES[key][lang].format(**values)


def md_escape(text: object) -> str:
    """Text as literal Markdown: HTML specials become entities, Markdown specials are escaped.

    Examples
    --------
    >>> md_escape("<script>alert(1)</script> *x* #y")
    '&lt;script&gt;alert\\\\(1\\\\)&lt;/script&gt; \\\\*x\\\\* \\\\#y'
    """
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "\\`*_{}[]()#+-!|~":
        value = value.replace(char, "\\" + char)
    return value


def _zone_label(scheme: dict, zone: str | None, lang: str) -> str:
    """The zone's label from the scheme file, in running text ("zona kuning", "yellow zone")."""
    label = scheme.get("zones", {}).get(zone or "", {}).get("label", {}).get(lang)
    return label.lower() if label else (zone or "–")


def _basis(entry: dict, lang: str) -> str:
    return entry.get(f"basis_{lang}", entry["basis"])


def _catalogue_key(row: dict, catalogue: dict) -> str:
    """The most specific catalogue entry for an indicator: its code, its variable, its dimension."""
    return next(
        (k for k in (row.get("indicator"), row.get("variable"), row.get("dimension")) if k and k in catalogue),
        row.get("dimension"),
    )


def _weakest_components(drivers: dict, catalogue: dict, taken: set, n_units: int, lang: str, room: int) -> list[dict]:
    """Fill up to three recommendations with the components that lost the focus units the most
    points against the green zone; the gain is what the Pemda score would rise if they reached it."""
    if room <= 0:
        return []
    groups: dict[str, dict] = {}
    for unit in drivers.get("units", []):
        for row in unit.get("indicators") or []:
            key = _catalogue_key(row, catalogue)
            if key in taken or not row.get("lost_vs_green"):
                continue
            g = groups.setdefault(key, {"gain": 0.0, "units": []})
            g["gain"] += row["lost_vs_green"] / max(n_units, 1)
            if unit["unit"] not in g["units"]:
                g["units"].append(unit["unit"])
    wanted = max(0, 3 - len(taken))
    ranked = sorted(groups.items(), key=lambda kv: -kv[1]["gain"])[: min(room, max(wanted, 0))]
    return [
        {
            "key": key,
            "text": catalogue[key][lang],
            "basis": _basis(catalogue[key], lang),
            "gain": fmt_num(g["gain"], lang),
            "gain_kind": "green_level",
            "units": ", ".join(g["units"]),
        }
        for key, g in ranked
    ]


def _recommendations(drivers: dict | None, n_units: int, lang: str) -> list[dict]:
    """Three to five entries from the reviewed catalogue, for the weakest components found."""
    catalogue = load_catalogue("recommendations")["components"]
    if not drivers or not drivers.get("plan"):
        return []
    actions = drivers["plan"].get("actions", [])
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
            entry = catalogue[key]
            recs.append(
                {
                    "key": key,
                    "text": entry[lang],
                    "basis": _basis(entry, lang),
                    "gain": fmt_num(g["gain"], lang),
                    "gain_kind": "plan",
                    "units": ", ".join(g["units"]),
                }
            )
        return recs + _weakest_components(drivers, catalogue, {r["key"] for r in recs}, n_units, lang, 5 - len(recs))
    for a in actions[:4]:
        key = "unit_to_green" if a.get("reaches_green") else "unit_partial"
        entry = catalogue[key]
        recs.append(
            {
                "key": key,
                "text": entry[lang].format(unit=a["unit"], points=fmt_num(a["steps"], lang)),
                "basis": _basis(entry, lang),
                "gain": fmt_num(a["gain"], lang),
                "gain_kind": "plan",
                "units": "",
            }
        )
    if recs:
        entry = catalogue["request_detail"]
        recs.append(
            {
                "key": "request_detail",
                "text": entry[lang],
                "basis": _basis(entry, lang),
                "gain": "",
                "gain_kind": "",
                "units": "",
            }
        )
    return recs


def build_context(data: dict, lang: str = "id") -> dict:
    """Everything a brief shows, worded and formatted in ``lang``, as plain JSON values.

    Parameters
    ----------
    data : dict
        The content of ``brief-data.json`` (see :func:`toolkit.outputs.gather`).
    lang : "id" or "en"
    """
    check_lang(lang)
    ov = data["overview"]
    summary = ov["summary"]
    scheme = ov["scheme"]
    drivers = data.get("drivers")
    survey = data.get("survey")
    n = lambda v, d=2: fmt_num(v, lang, d)  # noqa: E731
    zone = _zone_label(scheme, summary.get("zone"), lang)
    opinion = (summary.get("opinion") or {}).get(lang, "")
    malad = LABELS["without_malad"][lang] if summary.get("without_maladministration") else ""
    quality = (summary.get("quality") or {}).get(lang, "")
    opinion_full = opinion + ((f" {malad}" if lang == "id" else f", {malad.lower()}") if malad else "")
    key = "headline" if summary.get("grade") else "headline_nograde"
    facts = [
        _s(
            key,
            lang,
            region=summary["region"],
            score=n(summary["score"]),
            year=summary["year"],
            grade=summary.get("grade") or "",
            zone=zone,
            opinion=opinion_full + (f"; {LABELS['quality'][lang].lower()} {quality}" if quality else ""),
        )
    ]
    from toolkit.national import position_text

    national = position_text(summary.get("national"), lang)
    if national:
        facts.append(national)
    prev = summary.get("previous")
    if prev:
        facts.append(prev["text"][lang])
    if summary.get("rank"):
        facts.append(
            _s("rank", lang, rank=summary["rank"], n=summary["n_pemdas"], year=summary["year"])
            + " "
            + _s("sample", lang)
        )
    green = scheme["green_threshold"]
    facts.append(
        _s("gap", lang, gap=n(summary["gap_green"]), green=n(green))
        if summary.get("gap_green")
        else _s("in_green", lang)
    )
    facts += [note[lang] for note in summary.get("notes", [])]
    badge = [f"{LABELS['grade'][lang]} {summary['grade']}"] if summary.get("grade") else [opinion]
    if malad:
        badge.append(malad)
    if quality:
        badge.append(f"{LABELS['quality'][lang]}: {quality}")
    badge.append(zone)

    units = [
        {
            "unit": u["unit"],
            "type": UNIT_TYPES.get(u["unit_type"] or "other", UNIT_TYPES["other"])[lang],
            "score": n(u["score"]),
            "grade": u.get("grade") or (u.get(f"quality{'' if lang == 'id' else '_en'}") or ""),
            "zone": _zone_label(scheme, u["zone"], lang),
            "gap_green": n(u["gap_green"]) if u["gap_green"] else "–",
            "below_green": bool(u["gap_green"]),
        }
        for u in sorted(summary["units"], key=lambda u: u["score"])
    ]

    pull, plan_rows, detail_lines = [], [], []
    if drivers and drivers.get("unit_data", True) and drivers.get("pemda_decomposition"):
        decomposition = drivers["pemda_decomposition"]
        low = [d for d in decomposition if d["gap_green"] > 0]
        if low:
            top = ", ".join(f"{d['unit']} ({n(d['score'])}; −{n(d['pull'])})" for d in low[:3])
            pull.append(_s("pull", lang, n_low=len(low), n=len(decomposition), top=top))
        else:
            pull.append(_s("pull_none", lang))
        plan = drivers.get("plan")
        if plan and plan.get("actions"):
            target = _s("green_target", lang) if plan["target_label"] == "green" else plan["target_label"]
            if any(a.get("indicator") for a in plan["actions"]):
                steps = sum(a["steps"] for a in plan["actions"])
                pull.append(_s("plan_detail", lang, target=target, steps=steps, cost=n(plan["total_cost"])))
            else:
                points = sum(a["steps"] for a in plan["actions"])
                pull.append(_s("plan", lang, target=target, points=n(points), to_green=plan["units_to_green"]))
                plan_rows = [
                    {
                        "unit": a["unit"],
                        "change": LABELS["from_to"][lang].format(a=n(a["from"]), b=n(a["to"])),
                        "points": n(a["steps"]),
                        "after": n(a["score_after"]),
                    }
                    for a in plan["actions"]
                ]
        if plan and not (plan.get("reachable") and plan.get("actions")):
            pull.append(plan["message"][lang])  # already met, or out of reach: say so plainly
        for u in drivers.get("units", []):
            if not u.get("dimensions"):
                continue
            dim = max(u["dimensions"], key=lambda d: d["lost_vs_max"])
            worst = ", ".join(f"{i['indicator']} {i['label']} ({n(i['score'], 1)})" for i in u["indicators"][:3])
            detail_lines.append(
                _s(
                    "dimension_weakest",
                    lang,
                    unit=u["unit"],
                    score=n(u["score"]),
                    dimension=dim["dimension"],
                    lost=n(dim["lost_vs_max"]),
                    indicators=worst or "–",
                )
            )
    elif drivers is not None:
        pull.append(LABELS["no_units"][lang])

    survey_lines = []
    if survey:
        for row in survey.get("ikm", []):
            survey_lines.append(
                _s(
                    "ikm",
                    lang,
                    group=row.get("group") or summary["region"],
                    ikm=n(row["ikm"]),
                    low=n(row["ikm_low"]),
                    high=n(row["ikm_high"]),
                    mutu=row["mutu"],
                    kinerja=row["kinerja"][lang] if isinstance(row["kinerja"], dict) else row["kinerja"],
                    n=row["n"],
                )
            )
        focus = [
            r["label"][lang] if isinstance(r.get("label"), dict) else r["item"]
            for r in survey.get("ipa", [])
            if r.get("quadrant") == "concentrate_here"
        ]
        if focus:
            survey_lines.append(_s("ipa", lang, items=", ".join(focus)))

    has_detail = bool(detail_lines)
    inputs = []
    for part in ("overview", "drivers", "survey"):
        for kind, prov in ((data.get(part) or {}).get("inputs") or {}).items():
            entry = {
                "kind": kind,
                "file": prov.get("file") or prov.get("source", ""),
                "sha256": (prov.get("sha256") or "")[:16],
                "rows": prov.get("rows"),
                "synthetic": bool(prov.get("synthetic")),
            }
            if entry not in inputs:
                inputs.append(entry)
    from toolkit import __version__

    return {
        "lang": lang,
        "labels": {k: v[lang] for k, v in LABELS.items()},
        "title": f"{LABELS['doc_title'][lang]}: {summary['region']} {summary['year']}",
        "region": summary["region"],
        "year": summary["year"],
        "headline": {
            "score": n(summary["score"]),
            "grade": summary.get("grade") or "",
            "zone": zone,
            "opinion": opinion,
            "without_maladministration": malad,
            "quality": quality,
            "badge": " · ".join(badge),
        },
        "grade_label": LABELS["grade"][lang] if summary.get("grade") else LABELS["quality"][lang],
        "facts": facts,
        "units": units,
        "chart": "chart-units.png" if "chart-units.png" in data.get("charts", []) else None,
        "ipa_chart": "chart-ipa.png" if survey and "chart-ipa.png" in data.get("charts", []) else None,
        "pull": pull,
        "plan": plan_rows,
        "detail": detail_lines,
        "needs_detail": None if has_detail else _s("needs_detail", lang),
        "survey": survey_lines,
        "recommendations": _recommendations(drivers, len(units), lang),
        "methods": {
            "scheme": f"{scheme['id']}: {scheme['title'][lang]}",
            "sources": [f"{pick(s['what'], lang)}: {s['cite']}" for s in scheme["sources"]],
            "unconfirmed": scheme["unconfirmed"][lang],
            "inputs": inputs,
            "version": __version__,
        },
        "synthetic": bool(data.get("synthetic")),
        "synthetic_mark": LABELS["synthetic_mark"][lang],
    }


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
    return env


def render_html(context: dict, folder: Path) -> str:
    """Self-contained HTML: the chart is embedded as a data URI; all data text is escaped."""

    def uri(name: str | None) -> str | None:
        return "data:image/png;base64," + base64.b64encode((folder / name).read_bytes()).decode() if name else None

    return (
        _jinja(autoescape=True)
        .get_template("brief.html.j2")
        .render(c=context, chart_uri=uri(context["chart"]), ipa_uri=uri(context["ipa_chart"]))
    )


def render_markdown(context: dict) -> str:
    return _jinja(autoescape=False).get_template("brief.md.j2").render(c=context)


def typst_sources(context: dict, folder: Path) -> dict[str, bytes]:
    """The Typst project: the fixed template, the context as JSON, and the chart image."""
    files = {
        "main.typ": (TEMPLATES / "brief.typ").read_bytes(),
        "context.json": json.dumps(context, ensure_ascii=False, indent=1).encode(),
    }
    for name in (context["chart"], context["ipa_chart"]):
        if name:
            files[name] = (folder / name).read_bytes()
    return files


def render_pdf(context: dict, folder: Path) -> bytes:
    """Compile the Typst project in a private temporary folder (its root: nothing outside it can
    be read by the document) and return the PDF bytes."""
    import tempfile

    import typst

    with tempfile.TemporaryDirectory(prefix="kepatuhan-typst-") as tmp:
        root = Path(tmp)
        for name, content in typst_sources(context, folder).items():
            (root / name).write_bytes(content)
        return typst.compile(str(root / "main.typ"), root=str(root), format="pdf")


def render(output_dir: str | os.PathLike, lang: str = "id") -> list[Path]:
    """Render ``brief.pdf``, ``brief.html`` and ``brief.md`` (and ``brief-context.json``) from
    the ``brief-data.json`` in ``output_dir``. Each file is written atomically; the PDF last.

    Examples
    --------
    >>> import tempfile
    >>> from toolkit import outputs
    >>> folder = tempfile.mkdtemp()
    >>> _ = outputs.overview("Kabupaten Bekasi", 2022, output_dir=folder)
    >>> _ = outputs.drivers("Kabupaten Bekasi", 2022, output_dir=folder)
    >>> _ = outputs.gather(folder)
    >>> [p.name for p in render(folder, "en")]
    ['brief-context.json', 'brief.md', 'brief.html', 'brief.pdf']
    """
    folder = Path(output_dir)
    data = json.loads((folder / "brief-data.json").read_text(encoding="utf-8"))
    context = build_context(data, lang)
    pdf = render_pdf(context, folder)  # compile before writing anything: a failure leaves no brief
    html = render_html(context, folder)
    md = render_markdown(context)
    return [
        write_json(folder / "brief-context.json", context),
        write_text(folder / "brief.md", md),
        write_text(folder / "brief.html", html),
        atomic_write(folder / "brief.pdf", lambda tmp: tmp.write_bytes(pdf)),
    ]
