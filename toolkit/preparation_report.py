"""The preparation report: what :func:`toolkit.prepare` found, worded for a head of office,
as PDF, HTML and Markdown (the brief's templates), an Excel workbook with the same numbers, and
``preparation.json``.

Written to ``reports/<year>/<region-slug>/persiapan/<lang>/``; every file atomically, the PDF
compiled before anything is written.
"""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

import pandas as pd

from toolkit import __version__
from toolkit.briefs import LABELS, _section, _table, render_html, render_markdown, render_pdf
from toolkit.i18n import check_lang, fmt_num, pick, t
from toolkit.io import atomic_write, write_json, write_text, write_xlsx
from toolkit.names import slug
from toolkit.paths import reports_dir
from toolkit.preparation import Preparation
from toolkit.schemes import instrument_for, scheme_for

__all__ = ["report_dir", "report_files", "write_report"]

#: Fixes listed in the report (all of them are in the workbook): a head of office starts at the top.
SHOWN_FIXES = 12


def report_dir(region: str, year: int, lang: str, root: str | os.PathLike | None = None) -> Path:
    """``<root>/<year>/<region-slug>/persiapan/<lang>`` (root: the reports folder)."""
    return Path(root or reports_dir()) / str(int(year)) / slug(region) / "persiapan" / check_lang(lang)


def report_files(lang: str) -> list[str]:
    return [f"persiapan.{check_lang(lang)}.{ext}" for ext in ("pdf", "html", "md", "xlsx")]


def _pct(p: float | None, lang: str) -> str:
    return "–" if p is None else f"{fmt_num(100 * p, lang, 0)} %"


def build_context(prep: Preparation, lang: str) -> dict:
    """The report in ``lang``, in the shape the brief templates read."""

    scheme = scheme_for(prep.year)
    instrument = instrument_for(prep.year)
    n = lambda v, d=2: fmt_num(v, lang, d)  # noqa: E731
    p = prep.pemda
    best = max(p["grade_probabilities"], key=p["grade_probabilities"].get)
    facts = [
        t(
            "prep.headline",
            lang,
            region=prep.region,
            year=prep.year,
            score=n(p["predicted"]),
            low=n(p["low"]),
            high=n(p["high"]),
            n=p["n_units"],
            label=best,
            p=_pct(p["grade_probabilities"][best], lang),
        ),
        t("prep.green", lang, green=n(scheme.green_threshold), p=_pct(p["p_green"], lang)),
        t("prep.not_a_result", lang),
    ]
    sections = [
        _units_section(prep, lang),
        _probabilities_section(prep, lang),
        _fixes_section(prep, lang),
        _red_section(prep, lang),
        _sensitivity_section(prep, lang),
        _section(
            "assumptions",
            t("prep.sec_assumptions", lang),
            [],
            entries=[{"text": a["text"], "basis": ""} for a in prep.assumptions],
        ),
    ]
    file = prep.inputs.get("checklist", {}).get("file", "")
    reproduce = [
        "kepatuhan prepare",
        shlex.quote(str(file)),
        f"--region {shlex.quote(prep.region)}",
        f"--year {prep.year}",
        f"--lang {lang}",
    ]
    survey = (prep.inputs.get("survey") or {}).get("file")
    if survey:
        reproduce.append(f"--survey {shlex.quote(str(survey))}")
    inputs = []
    for kind in ("checklist", "survey"):
        prov = prep.inputs.get(kind) or {}
        if prov:
            inputs.append(
                {
                    "kind": kind,
                    "file": str(prov.get("file", "")),
                    "sha256": str(prov.get("sha256", ""))[:16],
                    "rows": prov.get("rows", ""),
                    "synthetic": bool(prov.get("synthetic")),
                }
            )
    return {
        "lang": lang,
        "labels": {k: v[lang] for k, v in LABELS.items()},
        "subtitle": t("prep.subtitle", lang),
        "title": t("prep.title", lang, region=prep.region, year=prep.year),
        "region": prep.region,
        "year": prep.year,
        "headline": {
            "score": n(p["predicted"]),
            "badge": t("prep.badge", lang, low=n(p["low"]), high=n(p["high"])),
        },
        "facts": facts,
        "sections": [s for s in sections if s],
        "methods": {
            "scheme": f"{scheme.id}: {scheme.title[lang]}",
            "sources": scheme.source_lines(lang) + [pick(c, lang) for c in instrument["sources"].values()],
            "unconfirmed": scheme.unconfirmed_for(prep.year, lang),
            "inputs": inputs,
            "reproduce": " ".join(reproduce),
            "version": __version__,
        },
        "synthetic": any(i["synthetic"] for i in inputs),
        "synthetic_mark": t("synthetic_mark", lang),
    }


def _units_section(prep: Preparation, lang: str) -> dict | None:
    n = lambda v: fmt_num(v, lang)  # noqa: E731
    rows = []
    for u in prep.units:
        best = max(u["grade_probabilities"], key=u["grade_probabilities"].get)
        rows.append(
            [
                u["unit"],
                n(u["predicted"]),
                f"{n(u['low'])} – {n(u['high'])}",
                f"{best} ({_pct(u['grade_probabilities'][best], lang)})",
                f"{u['filled']} / {u['unknown']}",
                str(len(u["red"])),
            ]
        )
    columns = [
        (t("col_unit", lang), False),
        (t("prep.col_predicted", lang), True),
        (t("prep.col_interval", lang), True),
        (t("prep.col_likely", lang), False),
        (t("prep.col_filled", lang), True),
        (t("prep.col_red", lang), True),
    ]
    unknown = sum(u["unknown"] for u in prep.units)
    paragraphs = [t("prep.units_note", lang, n=unknown)] if unknown else []
    return _section("units", t("prep.sec_units", lang), paragraphs, table=_table(columns, rows))


def _probabilities_section(prep: Preparation, lang: str) -> dict | None:
    labels = list(prep.pemda["grade_probabilities"])
    columns = [(t("prep.col_label", lang), False), ("Pemda", True)] + [(u["unit"], True) for u in prep.units]
    rows = [
        [label, _pct(prep.pemda["grade_probabilities"][label], lang)]
        + [_pct(u["grade_probabilities"][label], lang) for u in prep.units]
        for label in labels
    ]
    return _section(
        "probabilities",
        t("prep.sec_probabilities", lang),
        [t("prep.prob_note", lang, draws=prep.draws)],
        table=_table(columns, rows),
    )


def _fixes_section(prep: Preparation, lang: str) -> dict | None:
    f = prep.fixes
    n = lambda v, d=2: fmt_num(v, lang, d)  # noqa: E731
    entries = [
        {
            "text": t(
                "prep.fix",
                lang,
                unit=a["unit"],
                code=a["code"],
                indicator=a["indicator"],
                start=n(a["from"], 0),
                end=n(a["to"], 0),
                unit_points=n(a["unit_points"]),
                pemda_points=n(a["pemda_points"]),
            ),
            "basis": "",
        }
        for a in f["actions"][:SHOWN_FIXES]
    ]
    paragraphs = []
    if f["target"] is None:
        paragraphs.append(t("prep.fix_top", lang))
    else:
        paragraphs.append(t("prep.fix_intro", lang, target=n(f["target"]), margin=n(f["margin"])))
    after = []
    if f["target"] is not None and f["actions"]:
        key = "prep.fix_after" if f["reached"] else "prep.fix_not_enough"
        after.append(
            t(
                key,
                lang,
                k=len(f["actions"]),
                score=n(f["predicted_after"]),
                target=n(f["target"]),
                p_after=_pct(f["p_target_after"], lang),
                p_now=_pct(f["p_target_now"], lang),
            )
        )
    if not f["actions"]:
        paragraphs.append(t("prep.fix_none", lang))
    hidden = max(0, len(f["actions"]) - SHOWN_FIXES)
    if hidden:
        after.append(t("prep.fix_hidden", lang, n=hidden))
    if f["more"]:
        after.append(t("prep.fix_more", lang, n=f["more"]))
    return _section("fixes", t("prep.sec_fixes", lang), paragraphs, entries=entries, after=after)


def _red_section(prep: Preparation, lang: str) -> dict | None:
    rows = [[u["unit"], r["code"], r["indicator"], fmt_num(r["score"], lang, 0)] for u in prep.units for r in u["red"]]
    if not rows:
        return _section("red", t("prep.sec_red", lang), [t("prep.red_none", lang)])
    columns = [
        (t("col_unit", lang), False),
        (t("prep.col_code", lang), False),
        (t("prep.col_indicator", lang), False),
        (t("prep.col_mark", lang), True),
    ]
    return _section("red", t("prep.sec_red", lang), [t("prep.red_note", lang)], table=_table(columns, rows))


def _sensitivity_section(prep: Preparation, lang: str) -> dict | None:
    n = lambda v: fmt_num(v, lang)  # noqa: E731
    rows = [
        [t(f"prep.source.{s['source']}", lang), f"{n(s['low'])} – {n(s['high'])}", n(s["high"] - s["low"])]
        for s in prep.sensitivity
    ]
    columns = [
        (t("prep.col_source", lang), False),
        (t("prep.col_interval", lang), True),
        (t("prep.col_width", lang), True),
    ]
    return _section(
        "sensitivity", t("prep.sec_sensitivity", lang), [t("prep.sensitivity_note", lang)], table=_table(columns, rows)
    )


def _workbook(prep: Preparation, context: dict, lang: str):
    """The report's tables as sheets (numbers as numbers), headers in ``lang``."""
    units = pd.DataFrame(
        [
            {
                t("col_unit", lang): u["unit"],
                t("prep.col_predicted", lang): u["predicted"],
                t("prep.col_low", lang): u["low"],
                t("prep.col_high", lang): u["high"],
                t("prep.col_p_green", lang): u["p_green"],
                t("prep.col_filled_n", lang): u["filled"],
                t("prep.col_unknown_n", lang): u["unknown"],
            }
            | {f"P({label})": p for label, p in u["grade_probabilities"].items()}
            for u in prep.units
        ]
        + [
            {
                t("col_unit", lang): "Pemda",
                t("prep.col_predicted", lang): prep.pemda["predicted"],
                t("prep.col_low", lang): prep.pemda["low"],
                t("prep.col_high", lang): prep.pemda["high"],
                t("prep.col_p_green", lang): prep.pemda["p_green"],
            }
            | {f"P({label})": p for label, p in prep.pemda["grade_probabilities"].items()}
        ]
    )
    fixes = pd.DataFrame(
        prep.fixes["actions"], columns=["unit", "code", "indicator", "from", "to", "unit_points", "pemda_points"]
    )
    red = pd.DataFrame(
        [{"unit": u["unit"], **r} for u in prep.units for r in u["red"]], columns=["unit", "code", "indicator", "score"]
    )
    sensitivity = pd.DataFrame(
        [
            {
                t("prep.col_source", lang): t(f"prep.source.{s['source']}", lang),
                t("prep.col_low", lang): s["low"],
                t("prep.col_high", lang): s["high"],
            }
            for s in prep.sensitivity
        ]
    )
    assumptions = pd.DataFrame({t("prep.sec_assumptions", lang): [a["text"] for a in prep.assumptions]})
    sheets = {
        t("prep.sheet_units", lang): units,
        t("prep.sheet_fixes", lang): fixes,
        t("prep.sheet_red", lang): red,
        t("prep.sheet_uncertainty", lang): sensitivity,
        t("prep.sheet_assumptions", lang): assumptions,
    }

    return sheets


def write_report(
    prep: Preparation, lang: str = "id", root: str | os.PathLike | None = None, folder: str | os.PathLike | None = None
) -> list[Path]:
    """Write the preparation report in ``lang``; returns the files written (PDF, HTML, Markdown,
    XLSX, then ``preparation.json``).

    Examples
    --------
    >>> import tempfile
    >>> from toolkit.preparation import prepare
    >>> from toolkit.schemes import instrument_for
    >>> marks = pd.DataFrame({"unit": "Dinas Sosial", "code": [i["code"] for i in instrument_for(2024)["indicators"]], "score": 2})
    >>> [p.name for p in write_report(prepare(marks, "Kabupaten Contoh", 2024), "en", folder=tempfile.mkdtemp())]
    ['persiapan.en.pdf', 'persiapan.en.html', 'persiapan.en.md', 'persiapan.en.xlsx', 'preparation.json']
    """
    folder = Path(folder) if folder is not None else report_dir(prep.region, prep.year, lang, root)
    context = build_context(prep, lang)
    folder.mkdir(parents=True, exist_ok=True)
    pdf = render_pdf(context, folder)  # compiled before anything is written
    html = render_html(context, folder)
    md = render_markdown(context)
    names = report_files(lang)
    written = [
        atomic_write(folder / names[0], lambda tmp: tmp.write_bytes(pdf)),
        write_text(folder / names[1], html),
        write_text(folder / names[2], md),
        write_xlsx(folder / names[3], _workbook(prep, context, lang)),
        write_json(folder / "preparation.json", prep.to_dict()),
    ]
    write_text(folder / f"persiapan-context.{lang}.json", json.dumps(context, ensure_ascii=False, indent=1))
    return written
