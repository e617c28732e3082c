"""The ``kepatuhan`` command line.

Errors go to stderr with exit status 2 and no traceback; notes that an analyst must see (unconfirmed
methodology, discrepancies) go to stderr too, so stdout stays clean for CSV and JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from toolkit.analysis import drivers as analyse_drivers
from toolkit.briefs import brief_files
from toolkit.errors import DataError, DataWarning, Problem, SchemeError
from toolkit.i18n import LANGS, MESSAGES, fmt_num, fmt_p, pick, regime_text, t
from toolkit.io import NotRegularFileError, safe_csv_bytes, to_safe_csv, write_bytes
from toolkit.loading import read_detail, read_results
from toolkit.names import printable, printable_bytes, region_key
from toolkit.paths import bundled_results, matplotlib_dir, private_dir
from toolkit.pipeline import PipelineError, batch, run
from toolkit.preparation import checklist_template, prepare
from toolkit.preparation_report import write_report
from toolkit.province import province_brief, resolve_province
from toolkit.request import InputFile, check_year, load_results, pemda_names, resolve, resolve_region
from toolkit.schemes import list_schemes, load_scheme, scheme_for
from toolkit.scoring import check_published, pemda_scores, score_table
from toolkit.survey import (
    DEFAULT_RESPONDENT_SD,
    ikm,
    read_survey,
    sample_size,
    sample_size_change,
    sample_size_precision,
)
from toolkit.views import score_view
from toolkit.workbook import (
    DIALECTS,
    csv_bytes,
    decomposition_frame,
    dimensions_frame,
    gaps_frame,
    ikm_frame,
    indicators_frame,
    plan_frame,
    sources_frame,
    write_table,
)
from toolkit.workbook import readable as for_reader

__all__ = ["main"]


def _render(frame: pd.DataFrame, fmt: str, lang: str, dialect: str = "plain") -> str:
    """A table as text, CSV (in ``dialect``) or JSON. Only the table format localises numbers."""
    if fmt == "csv":
        return to_safe_csv(frame) if dialect == "plain" else csv_bytes(frame, dialect).decode("utf-8-sig")
    if fmt == "json":
        plain = frame.astype(object).where(frame.notna(), None)
        return json.dumps(plain.to_dict(orient="records"), ensure_ascii=False, indent=2, default=str) + "\n"
    # as the workbook shows it: heads in words, yes/no in words, no column empty throughout, and
    # each decimal column in the workbook's number format
    shown = for_reader(frame, lang)
    for column, form in shown.attrs["number_formats"].items():
        shown[column] = _numbers(shown[column], form, lang)
    shown = shown.astype(object).where(shown.notna(), "")
    return shown.to_string(index=False) + "\n"


def _numbers(values: pd.Series, form: str, lang: str) -> list[str]:
    """Numbers as the workbook shows them (:func:`toolkit.workbook.number_format`): a share as a
    percent (``0.0%``: 34,2 %), a p-value with three decimals, anything else with two.

    Examples
    --------
    >>> _numbers(pd.Series([0.3417, float("nan")]), "0.0%", "id"), _numbers(pd.Series([0.0421]), "0.000", "en")
    (['34,2 %', '–'], ['0.042'])
    """
    if form.endswith("%"):
        places = len(form[:-1].split(".")[1]) if "." in form else 0
        return [fmt_num(100 * v, lang, places) + " %" if pd.notna(v) else "–" for v in values]
    places = len(form.split(".")[1]) if "." in form else 0
    return [fmt_num(v, lang, places) for v in values]


def _note(text: str) -> None:
    print(text, file=sys.stderr)


def _bom(args: argparse.Namespace) -> str:
    """The byte-order mark that starts Indonesian-dialect CSV (Excel reads UTF-8 by it)."""
    return "\ufeff" if args.format == "csv" and args.csv_dialect == "id" else ""


def _write_out(args: argparse.Namespace, readable: dict, raw: dict | None = None, json_text: str = "") -> None:
    """``--out``: a workbook where the name ends in .xlsx (headers and codes in the reader's
    language, numbers as numbers); else the JSON where JSON was asked for; else CSV in
    ``--csv-dialect`` (the plain dialect keeps the codes programs read, the Indonesian one is for
    a person opening it in Excel)."""
    if not getattr(args, "out", None):
        return
    if args.out.lower().endswith(".xlsx"):  # heads in words, yes/no, number formats (the codes stay in CSV)
        path = write_table(args.out, {name: for_reader(frame, args.lang) for name, frame in readable.items()})
    elif args.format == "json" and json_text:
        path = write_bytes(args.out, json_text.encode("utf-8"))
    else:
        plain = raw is not None and args.csv_dialect == "plain"
        path = write_table(args.out, raw if plain else readable, args.csv_dialect)
    _note(t("written", args.lang, path=path))


# --------------------------------------------------------------------------------------------
# inputs, checked once at the edge (before any kernel starts)
# --------------------------------------------------------------------------------------------
def _check_files(args: argparse.Namespace, *names: str) -> None:
    """Every file named on the command line exists: all missing ones reported at once, exit 2."""

    missing = [
        Problem(
            t(
                "file_is_dir" if os.path.isdir(getattr(args, name)) else "file_missing",
                args.lang,
                option=f"--{name}",
                path=getattr(args, name),
            )
        )
        for name in names
        if getattr(args, name, None) and not os.path.isfile(getattr(args, name))
    ]
    if missing:
        raise DataError(missing, t("command_line", args.lang))


def _load_results(args: argparse.Namespace, record: bool = False):
    """The results table the command works on (``--results``, else the bundled one)."""

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        sheet = getattr(args, "sheet", None)
        sheet = int(sheet) if sheet is not None and str(sheet).isdigit() else sheet
        try:
            return read_results(args.results or bundled_results(), sheet=sheet)
        finally:  # a warning (a header not recognised) explains the error that may follow it
            for w in caught if record else ():
                text = w.message.args[0] if w.message.args else str(w.message)
                _note(f"{t('warning', args.lang)}: {pick(text, args.lang)}")


def _check_year(args: argparse.Namespace, results) -> None:
    """A year with no rows in the data is an error that lists the years that have data."""
    check_year(results, args.year, args.results or t("bundled_data", args.lang), args.lang)


def _check_utf8(args: argparse.Namespace) -> None:
    """Every file or folder named on the command line has a UTF-8 name: a run writes the names
    into its result files (UTF-8 JSON), so one with other bytes is refused before anything runs."""
    problems = [
        Problem(t("path_not_utf8", args.lang, path=getattr(args, name)))
        for name in ("results", "detail", "survey", "costs", "out")
        if isinstance(getattr(args, name, None), str) and not _encodes(getattr(args, name))
    ]
    if problems:
        raise DataError(problems, t("command_line", args.lang))


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a byte that is not UTF-8 arrives as a lone surrogate
        return False
    return True


def _request(args: argparse.Namespace, region: str | None = None):
    """The request of ``brief`` or ``drivers``: resolved once, with every option the command has."""
    _check_utf8(args)
    return resolve(
        region or args.region,
        args.year,
        results_path=args.results,
        detail_path=getattr(args, "detail", None),
        survey_path=getattr(args, "survey", None),
        costs_path=getattr(args, "costs", None),
        focus_units=getattr(args, "focus", None),
        target=getattr(args, "target", "green"),
        lang=args.lang,
        output_root=getattr(args, "out", None) if args.command == "brief" else None,  # drivers' --out is a file
    )


def _analysis_options(parser: argparse.ArgumentParser, h, batch: bool = False) -> None:
    """The options every analysis command shares (brief, batch, drivers): one definition."""
    parser.add_argument("--results", "--data", dest="results", help=h("results"))
    parser.add_argument("--detail", help=h("batch_detail" if batch else "detail"))
    parser.add_argument("--target", default="green", help=h("target"))
    parser.add_argument("--costs", help=h("costs"))
    parser.add_argument("--focus", help=h("focus"))


def _positive(lang: str):
    """``type=`` of an option that must be a finite number above 0 (a margin, a change, an SD)."""

    def number(text: str) -> float:
        with contextlib.suppress(ValueError):
            value = float(text)
            if 0 < value < math.inf:
                return value
        raise argparse.ArgumentTypeError(t("value.positive", lang, value=text))

    return number


def _probability(lang: str):
    """``type=`` of a probability strictly between 0 and 1 (the power of a test)."""

    def number(text: str) -> float:
        with contextlib.suppress(ValueError):
            value = float(text)
            if 0 < value < 1:
                return value
        raise argparse.ArgumentTypeError(t("value.probability", lang, value=text))

    return number


def _whole(lang: str, least: int):
    """``type=`` of a whole number of at least ``least`` (workers, seconds)."""

    def number(text: str) -> int:
        with contextlib.suppress(ValueError):
            value = int(text)
            if value >= least:
                return value
        raise argparse.ArgumentTypeError(t("value.whole_at_least", lang, least=least, value=text))

    return number


def _name(lang: str):
    """``type=`` of a region or province name: an empty one (an empty shell variable) is an
    error, not "every region"."""

    def name(text: str) -> str:
        if not text.strip():
            raise argparse.ArgumentTypeError(t("value.not_empty", lang))
        return text

    return name


def _parser(lang: str = "id") -> argparse.ArgumentParser:
    """The command line, its help written in ``lang``; values out of range are refused here
    (exit 2, one line naming the option)."""

    def h(key: str) -> str:
        return t("help." + key, lang)

    name, seconds = _name(lang), _whole(lang, 1)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGS, default=lang, help=h("lang"))
    parser = argparse.ArgumentParser(prog="kepatuhan", description=h("description"))
    parser.add_argument("--lang", choices=LANGS, dest="top_lang", help=h("lang"))
    sub = parser.add_subparsers(dest="command", required=True)

    score = sub.add_parser("score", parents=[common], help=h("score"))
    score.add_argument("data", nargs="?", help=h("data_positional"))
    score.add_argument("--results", help=h("results_formats"))
    score.add_argument("--sheet", help=h("sheet"))
    score.add_argument("--region", type=name, help=h("region_only"))
    score.add_argument("--year", type=int, help=h("year_only"))
    score.add_argument("--format", choices=("table", "csv", "json"), default="table", help=h("format"))
    score.add_argument("--out", help=h("score_out"))
    score.add_argument("--csv-dialect", choices=DIALECTS, default="plain", help=h("csv_dialect"))
    score.set_defaults(func=_cmd_score)

    drivers = sub.add_parser("drivers", parents=[common], help=h("drivers"))
    drivers.add_argument("--region", type=name, required=True, help=h("region"))
    drivers.add_argument("--year", type=int, required=True, help=h("year"))
    _analysis_options(drivers, h)
    drivers.add_argument("--format", choices=("table", "csv", "json"), default="table", help=h("format"))
    drivers.add_argument("--out", help=h("table_out"))
    drivers.add_argument("--csv-dialect", choices=DIALECTS, default="plain", help=h("csv_dialect"))
    drivers.set_defaults(func=_cmd_drivers)

    ikm = sub.add_parser("ikm", parents=[common], help=h("ikm"))
    ikm.add_argument("survey", nargs="?", help=h("survey_positional"))
    ikm.add_argument("--survey", dest="survey_option", help=h("survey_option"))
    ikm.add_argument("--by", help=h("by"))
    ikm.add_argument("--population", type=int, help=h("ikm_population"))
    ikm.add_argument("--weights", choices=("exact", "0.111"), default="exact", help=h("weights"))
    ikm.add_argument("--bootstrap", type=int, default=1000, help=h("bootstrap"))
    ikm.add_argument("--format", choices=("table", "csv", "json"), default="table", help=h("format"))
    ikm.add_argument("--out", help=h("table_out"))
    ikm.add_argument("--csv-dialect", choices=DIALECTS, default="plain", help=h("csv_dialect"))
    ikm.set_defaults(func=_cmd_ikm)

    size = sub.add_parser(
        "sample-size",
        parents=[common],
        help=h("sample_size"),
    )
    size.add_argument("population", type=int, nargs="?", help=h("population"))
    size.add_argument("--margin", type=_positive(lang), help=h("margin"))
    size.add_argument("--change", type=_positive(lang), help=h("change"))
    size.add_argument("--sd", type=_positive(lang), help=h("sd"))
    size.add_argument("--power", type=_probability(lang), default=0.8, help=h("power"))
    size.add_argument(
        "--rounding",
        choices=("table", "up"),
        default="table",
        help=h("rounding"),
    )
    size.set_defaults(func=_cmd_sample_size)

    brief = sub.add_parser("brief", parents=[common], help=h("brief"))
    whose = brief.add_mutually_exclusive_group(required=True)
    whose.add_argument("--region", type=name, help=h("region"))
    whose.add_argument("--province", type=name, help=h("province"))
    brief.add_argument("--year", type=int, required=True, help=h("year"))
    _analysis_options(brief, h)
    brief.add_argument("--survey", help=h("survey_skm"))
    brief.add_argument("--out", help=h("brief_out"))
    brief.add_argument("--cell-timeout", type=seconds, default=600, help=h("cell_timeout"))
    brief.add_argument("--force", action="store_true", help=h("force_brief"))
    brief.set_defaults(func=_cmd_brief)

    batch = sub.add_parser("batch", parents=[common], help=h("batch"))
    batch.add_argument("--year", type=int, required=True, help=h("year"))
    which = batch.add_mutually_exclusive_group(required=True)
    which.add_argument("--regions", help=h("regions"))
    which.add_argument("--all", action="store_true", help=h("all"))
    which.add_argument("--provinces", help=h("provinces"))
    which.add_argument("--all-provinces", action="store_true", help=h("all_provinces"))
    _analysis_options(batch, h, batch=True)
    batch.add_argument("--survey", help=h("survey"))
    batch.add_argument("--workers", type=_whole(lang, 1), help=h("workers"))  # default 2, see _workers
    batch.add_argument("--scheduler", help=h("scheduler"))
    batch.add_argument("--force", action="store_true", help=h("force"))
    batch.add_argument("--out", help=h("out"))
    batch.add_argument("--cell-timeout", type=seconds, default=600, help=h("cell_timeout"))
    batch.set_defaults(func=_cmd_batch)

    prep = sub.add_parser("prepare", parents=[common], help=h("prepare"))
    prep.add_argument("checklist", nargs="?", help=h("prepare_checklist"))
    prep.add_argument("--template", action="store_true", help=h("prepare_template"))
    prep.add_argument("--year", type=int, required=True, help=h("prepare_year"))
    prep.add_argument("--units", help=h("prepare_units"))
    prep.add_argument("--region", type=name, help=h("region"))
    prep.add_argument("--survey", help=h("survey_skm"))
    prep.add_argument("--format", choices=("report", "json"), default="report", help=h("prepare_format"))
    prep.add_argument("--out", help=h("prepare_out"))
    prep.set_defaults(func=_cmd_prepare)

    schemes = sub.add_parser("schemes", parents=[common], help=h("schemes"))
    schemes.set_defaults(func=_cmd_schemes)
    return parser


def _cmd_score(args: argparse.Namespace) -> int:

    args.results = args.results or args.data
    _check_files(args, "results")
    if args.year is not None:
        scheme_for(args.year)  # a year with no assessment is an error of its own
    results = _load_results(args, record=True)
    if args.year is not None:
        _check_year(args, results)
        results = results[results["year"] == args.year]
    if args.region:
        if args.year is not None:
            args.region = resolve_region(results, args.region, args.year, args.lang)
        results = results[results["region"].map(region_key, na_action="ignore") == region_key(args.region)]
    if results.empty:
        raise _no_rows(args)
    pemdas = pemda_scores(results)  # once, for the table and for the check of published scores
    table = score_table(results, args.lang, pemdas)
    readable = score_view(table, args.lang)  # headers and codes in the reader's language
    if args.format == "csv" and args.csv_dialect == "plain":  # bytes straight out: a million rows are 160 MB
        sys.stdout.flush()
        sys.stdout.buffer.write(safe_csv_bytes(table))
        sys.stdout.buffer.flush()
    else:
        shown = table if args.format == "json" else readable
        sys.stdout.write(_bom(args) + _render(shown, args.format, args.lang, args.csv_dialect))
    sheet = t("col_score", args.lang)
    _write_out(
        args, {sheet: readable}, {sheet: table}, _render(table, "json", args.lang) if args.format == "json" else ""
    )

    check = check_published(results, pemdas)
    for row in check.itertuples(index=False):
        if row.kind == "pemda_mean":
            mean = float(row.units_mean)
            _note(
                t(
                    "discrepancy",
                    args.lang,
                    region=row.region,
                    year=row.year,
                    published=fmt_num(row.score, args.lang),
                    diff=("+" if row.score > mean else "") + fmt_num(row.score - mean, args.lang),
                    n=int(row.n_units),
                    mean=fmt_num(mean, args.lang),
                )
                + f" ({t('label.sources', args.lang).casefold()}: {row.source_url})"
            )
        else:
            _note(
                t(
                    "source_disagrees",
                    args.lang,
                    region=row.region if isinstance(row.region, str) else "",
                    year=row.year,
                    unit=row.unit if isinstance(row.unit, str) else "",
                    field=t(f"field_{row.field}", args.lang),
                    published=row.published,
                    score=fmt_num(row.score, args.lang),
                    scheme=scheme_for(row.year).id,
                    computed=row.computed,
                    source=row.source_url,
                )
            )
    for scheme_id in table["scheme"].dropna().unique():
        scheme = load_scheme(scheme_id)
        years = sorted(set(results["year"]) & set(range(scheme.first_year or 0, (scheme.last_year or 9999) + 1)))
        items = sorted({u for y in years for u in scheme.unconfirmed_for(y, args.lang)}, key=str)
        for item in items:
            _note(f"{t('unconfirmed', args.lang)} ({scheme_id}): {item}")
    return 0


def _cmd_drivers(args: argparse.Namespace) -> int:
    """The drivers step of the brief (:func:`toolkit.analysis.drivers`), rendered as text, CSV
    or the JSON of ``drivers.json``; ``--out`` writes its tables (a workbook for .xlsx)."""

    lang = args.lang
    request = _request(args)
    record = analyse_drivers(request)
    scheme = request.scheme
    if args.format == "json":
        text = json.dumps(record.to_json(), ensure_ascii=False, indent=2) + "\n"
        sys.stdout.write(text)
        _write_out(args, _drivers_sheets(record, scheme, lang), json_text=text)
        return 0
    blocks = []
    if record.synthetic:
        blocks.append(f"*** {t('synthetic_mark', lang)} ***\n")
    green = fmt_num(scheme.green_threshold, lang)
    fmt, dialect = args.format, args.csv_dialect
    if record.unit_data:
        pemda = decomposition_frame(record.pemda_decomposition, lang)
        blocks.append(_section(t("sec_pemda_decomp", lang, green=green), pemda, fmt, lang, dialect))
        base_note = ((record.plan or {}).get("basis") or {}).get("note")  # how the pulls add up to the gap
        if base_note:
            blocks[-1] += base_note[lang] + "\n"
    else:  # a Pemda published without its unit scores: the regime's gaps and models still apply
        blocks.append(t("drivers_no_units", lang, region=record.region, year=record.year) + "\n")
    for unit in record.units:
        if not unit.get("dimensions"):
            continue
        dims = dimensions_frame([unit], scheme, lang).iloc[:, 1:]  # the unit is in the heading
        blocks.append(_section(t("sec_unit_decomp", lang, unit=unit["unit"]), dims, fmt, lang, dialect))
        if unit["indicators"]:
            top = indicators_frame([unit], scheme, lang, top=5).iloc[:, 1:]
            blocks.append(_section(t("sec_top_indicators", lang), top, fmt, lang, dialect))
    plan = record.plan
    if plan:
        target = t("target_green", lang) if plan["target_label"] == "green" else plan["target_label"]
        table = plan_frame(plan, lang)
        said = (plan.get("basis") or {}).get("note")  # said under the decomposition above
        plan_text = plan["message"][lang] + "\n" + "".join(f"{n[lang]}\n" for n in plan["notes"] if n != said)
        if table.empty:
            blocks.append(_heading(t("sec_plan", lang, target=target)) + plan_text)
        else:
            blocks.append(_section(t("sec_plan", lang, target=target), table, fmt, lang, dialect) + plan_text)
    regime = record.regime
    gaps = record.sector_gaps
    heading = t("sec_gaps", lang, regime=regime_text(regime, lang))
    gap_text = gaps["readings"].get(regime, {}).get(lang, "") + "\n" + gaps["method"][lang] + "\n"
    shown = gaps_frame(gaps["table"], lang)  # empty where no unit type has an estimate
    if fmt == "table" and not shown.empty:  # a p-value is "< 0,001", never "0,00"
        shown[t("col_p_holm", lang)] = [fmt_p(v, lang) for v in shown[t("col_p_holm", lang)]]
    if shown.empty:
        blocks.append(_heading(heading) + gap_text)
    else:
        blocks.append(_section(heading, shown, fmt, lang, dialect) + gap_text)
    readings = "".join(f"- {m['reading'][lang]}\n" for m in record.models.values())
    blocks.append(_heading(t("sec_models", lang, regime=regime_text(regime, lang))) + readings)
    if request.detail is None:
        blocks.append(t("no_detail_hint", lang) + "\n")
    sys.stdout.write(_bom(args) + "\n".join(blocks))
    _write_out(args, _drivers_sheets(record, scheme, lang))
    for item in scheme.unconfirmed_for(args.year, lang):
        _note(f"{t('unconfirmed', lang)} ({scheme.id}): {item}")
    return 0


def _drivers_sheets(record, scheme, lang: str) -> dict[str, pd.DataFrame]:
    """The tables of ``kepatuhan drivers`` by sheet name (those with rows)."""
    gaps = [r for r in record.sector_gaps["table"] if r.get("regime") == record.regime]
    sheets = {
        t("sheet.pull", lang): decomposition_frame(record.pemda_decomposition, lang),
        t("sheet.dimensions", lang): dimensions_frame(record.units, scheme, lang),
        t("sheet.indicators", lang): indicators_frame(record.units, scheme, lang),
        t("sheet.plan", lang): plan_frame(record.plan, lang) if record.plan else pd.DataFrame(),
        t("sheet.gaps", lang): gaps_frame(gaps, lang),
    }
    sheets = {name: frame for name, frame in sheets.items() if not frame.empty}
    sheets[t("label.sec_methods", lang)] = sources_frame([record], scheme, record.year, lang)
    return sheets


def _cmd_ikm(args: argparse.Namespace) -> int:

    args.survey = args.survey or args.survey_option
    if not args.survey:
        raise DataError([Problem(t("survey_needed", args.lang))], t("command_line", args.lang))
    _check_files(args, "survey")
    frame = read_survey(args.survey)
    by = [b.strip() for b in args.by.split(",") if b.strip()] if args.by else None
    out = ikm(frame, by=by, weights=args.weights, population=args.population, n_boot=args.bootstrap)
    readable = ikm_frame(out, args.lang)  # headers and labels in the reader's language
    if args.lang == "en":
        out["kinerja"] = out["kinerja_en"]
    out = out.drop(columns=["kinerja_en"])
    programs = args.format == "json" or (args.format == "csv" and args.csv_dialect == "plain")
    sys.stdout.write(_bom(args) + _render(out if programs else readable, args.format, args.lang, args.csv_dialect))
    _write_out(args, {"IKM": readable}, {"IKM": out}, _render(out, "json", args.lang) if args.format == "json" else "")
    _note(t("ikm_weights", args.lang, weights=out["weights"].iloc[0] if len(out) else ""))
    for key in sorted(set(out["interval_note"]) - {""}):  # e.g. too few respondents for an interval
        _note(t(key, args.lang))
    if frame["synthetic"].any():
        _note(t("synthetic_mark", args.lang))
    return 0


def _cmd_sample_size(args: argparse.Namespace) -> int:

    lang = args.lang
    sd = DEFAULT_RESPONDENT_SD if args.sd is None else args.sd
    if args.population is None and args.margin is None and args.change is None:
        raise DataError([Problem(t("sample_size_needs", lang))], "sample-size")
    if args.population is not None:
        n = sample_size(args.population, rounding=args.rounding)
        print(t("sample_size_km", lang, n=n, population=args.population))
    if args.margin is not None:
        n = sample_size_precision(args.margin, sd=sd, population=args.population)
        print(t("sample_size_margin", lang, n=n, margin=fmt_num(args.margin, lang), sd=fmt_num(sd, lang, 1)))
    if args.change is not None:
        n = sample_size_change(args.change, sd=sd, power=args.power)
        print(
            t(
                "sample_size_change",
                lang,
                n=n,
                change=fmt_num(args.change, lang),
                sd=fmt_num(sd, lang, 1),
                power=fmt_num(100 * args.power, lang, 0),
            )
        )
    if (args.margin is not None or args.change is not None) and args.sd is None:
        _note(t("sample_size_sd_assumed", lang, sd=fmt_num(sd, lang, 0)))
    return 0


def _province_briefs(args: argparse.Namespace, names: list[str]) -> int:
    """One province brief per name (``brief --province``, ``batch --provinces``); every name is
    resolved before anything is written."""

    problems, official = [], []
    for name in names:
        try:
            official.append(resolve_province(name, lang=args.lang))
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise DataError(problems, "--province")
    for name in official:
        for path in province_brief(name, args.year, results_path=args.results, lang=args.lang, out=args.out)[:4]:
            print(path)
    return 0


def _cmd_brief(args: argparse.Namespace) -> int:

    if args.province:
        _check_files(args, "results")
        scheme_for(args.year)
        return _province_briefs(args, [args.province])
    request = _request(args)
    _validate_inputs(args)
    if args.force:
        from toolkit.analysis import refresh_cross_unit_cache

        refresh_cross_unit_cache(request)
    try:
        result = run(request, cell_timeout=args.cell_timeout)
    except PipelineError as exc:
        failed = exc.result
        print(f"{t('error', args.lang)}: {failed.failing_cell}: {failed.error}", file=sys.stderr)
        _note(t("see_notebooks", args.lang, path=failed.output_dir))
        return 1
    folder = Path(result.output_dir)
    for name in brief_files(args.lang):
        print(folder / name)
    _note(t("brief_done", args.lang, seconds=fmt_num(result.seconds, args.lang, 1)))
    return 0


def _cmd_batch(args: argparse.Namespace) -> int:

    if args.provinces or args.all_provinces:
        _check_files(args, "results")
        pemda_names(args.year, args.results, args.lang)  # the year has a scheme and rows
        results = load_results(InputFile.of(args.results or bundled_results()))  # read once, cached
        if args.provinces:
            names = [p.strip() for p in args.provinces.split(",") if p.strip()]
        else:  # every province with a Pemda or unit row that year
            rows = results[(results["year"] == args.year) & results["level"].isin(["unit", "pemda"])]
            names = sorted(rows["province"].dropna().unique()) if "province" in rows else []
        return _province_briefs(args, names)
    _check_utf8(args)
    regions = [r.strip() for r in args.regions.split(",") if r.strip()] if args.regions else None
    if args.regions is not None and not regions:  # an empty shell variable is not "every region"
        raise DataError([Problem(t("batch_no_regions", args.lang))], "--regions")
    _validate_inputs(args)
    workers = _workers(args, regions)
    manifest = batch(
        args.year,
        regions,
        results_path=args.results,
        detail_path=args.detail,
        survey_path=args.survey,
        costs_path=args.costs,
        target=args.target,
        lang=args.lang,
        workers=workers,
        scheduler=args.scheduler,
        force=args.force,
        output_root=args.out,
        cell_timeout=args.cell_timeout,
    )
    lang = args.lang
    status = [t(f"status.{s}", lang) if f"status.{s}" in MESSAGES else s for s in manifest["status"]]
    error = manifest["error"].fillna("").astype(str).str.replace(r"\s+", " ", regex=True).str.slice(0, 100)
    shown = pd.DataFrame(
        {
            t("col_region", lang): manifest["region"].to_numpy(),
            t("col_status", lang): status,
            t("col_seconds", lang): manifest["seconds"].to_numpy(),
            t("col_failing_cell", lang): manifest["failing_cell"].to_numpy(),
            t("error", lang): error.to_numpy(),
        }
    )
    sys.stdout.write(_render(shown, "table", lang))
    _note(", ".join(f"{k}: {v}" for k, v in pd.Series(status).value_counts(sort=False).items()))
    return 1 if manifest["status"].isin(["failed", "timeout"]).any() else 0


def _workers(args: argparse.Namespace, regions: list[str] | None) -> int:
    """``--workers``, at most one per processor core and one per Pemda (a worker more starts a
    kernel that has nothing to do); 2 by default. A note says when a number asked for was lowered."""
    asked = 2 if args.workers is None else args.workers
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    count = len(regions) if regions is not None else len(pemda_names(args.year, args.results, args.lang))
    used = max(1, min(asked, cores, count))
    if used < asked and args.workers is not None:
        _note(t("workers_capped", args.lang, asked=asked, used=used, cores=cores, regions=count))
    return used


def _heading(title: str) -> str:
    return f"{title}\n{'-' * len(title)}\n"


def _section(title: str, frame: pd.DataFrame, fmt: str, lang: str, dialect: str = "plain") -> str:
    head = f"# {title}\n" if fmt == "csv" else _heading(title)
    return head + _render(frame, fmt, lang, dialect)


def _validate_inputs(args: argparse.Namespace) -> None:
    """Read detail and survey files once before any kernel starts: a bad file fails in a second
    with its problems listed (exit 2), not after the notebooks have started."""

    if getattr(args, "detail", None):
        read_detail(args.detail)
    if getattr(args, "survey", None):
        read_survey(args.survey)


def _no_rows(args: argparse.Namespace) -> DataError:

    what = t("no_rows", args.lang, region=args.region or "*", year=args.year if args.year is not None else "*")
    return DataError([Problem(what)], getattr(args, "results", None) or t("bundled_data", args.lang))


def _cmd_prepare(args: argparse.Namespace) -> int:
    """``--template``: write the checklist workbook; else predict from a filled one and write the
    preparation report (or print JSON)."""

    lang = args.lang
    scheme_for(args.year)
    if args.template:
        out = args.out or t("prepare_default_name", lang, year=args.year)
        if not out.lower().endswith(".xlsx"):
            raise DataError([Problem(t("prepare_out_xlsx", lang))], "--out")
        units = [u.strip() for u in args.units.split(",")] if args.units else None
        print(checklist_template(args.year, out, units=units, lang=lang))
        _note(t("prepare_template_done", lang, year=args.year, path=out))
        return 0
    if not args.checklist or not args.region:
        raise DataError([Problem(t("prepare_needs", lang))], t("command_line", lang))
    _check_files(args, "checklist", "survey")
    result = prepare(args.checklist, args.region, args.year, survey=args.survey, lang=lang)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
        return 0

    for path in write_report(result, lang, root=args.out):
        print(path)
    return 0


def _cmd_schemes(args: argparse.Namespace) -> int:

    lang = args.lang
    print(t("schemes_header", lang))
    for scheme in list_schemes():
        years = ""
        if scheme.first_year:
            years = f" ({t('years', lang)} {scheme.first_year}-{scheme.last_year or ''}"
            years += f", ≠ {', '.join(map(str, scheme.skip_years))})" if scheme.skip_years else ")"
        print(f"\n{scheme.id}{years}: {scheme.title[lang]}")
        bands = ", ".join(
            f"{b.grade or scheme.zone_label(b.zone, lang)} {fmt_num(b.lower, lang)}–{fmt_num(b.upper, lang)}"
            for b in reversed(scheme.bands)
        )
        print(f"  {bands}")
        if scheme.weights:
            print(
                "  "
                + ", ".join(f"{k} {fmt_num(w, lang, 3).rstrip('0').rstrip(',.')} %" for k, w in scheme.weights.items())
            )
        print(f"  {t('label.sources', lang)}:")
        for line in scheme.source_lines(args.lang):
            print(f"    - {line}")
        unconfirmed = scheme.unconfirmed_for(None, lang)
        if unconfirmed:
            print(f"  {t('unconfirmed', lang)}:")
            for item in unconfirmed:
                print(f"    - {item}")
    return 0


def _chosen_lang(argv: list[str]) -> str:
    """The language asked for anywhere on the command line (``--lang en``, ``--lang=en``), else
    ``KEPATUHAN_LANG``, else Indonesian: known before the parser is built, so its help and its
    errors are in that language too."""
    chosen = os.environ.get("KEPATUHAN_LANG", "id")
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            chosen = argv[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    return chosen if chosen in LANGS else "id"


@contextlib.contextmanager
def _argparse_words(lang: str):
    """argparse's own words (usage, options, its error messages) from the catalogue while the
    command line is parsed; restored afterwards."""
    original = argparse._

    def words(text: str) -> str:
        key = "argparse." + text
        return t(key, lang) if key in MESSAGES else original(text)

    argparse._ = words
    try:
        yield
    finally:
        argparse._ = original


def _warning_printer(lang: str, fallback):
    """``warnings.showwarning`` for the CLI: a data warning is one line in the chosen language
    (``Peringatan: ...``), not Python's file-and-line format; other warnings as Python shows them."""

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, DataWarning):
            text = message.args[0] if message.args else str(message)
            _note(f"{t('warning', lang)}: {pick(text, lang)}")
        else:
            fallback(message, category, filename, lineno, file, line)

    return show


class _Shown:
    """A text stream that shows data safely: what is written passes through
    :func:`toolkit.names.printable` (no escape, bell, backspace or bidi override from a name
    reaches the terminal). A carriage return that begins a write is kept: it is how a progress
    bar redraws its line."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        head = "\r" if text.startswith("\r") else ""
        self._stream.write(head + printable(text[len(head) :]))
        return len(text)

    @property
    def buffer(self):
        return _ShownBytes(self._stream.buffer)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


class _ShownBytes:
    """The byte stream under :class:`_Shown` (CSV written as bytes), made safe the same way."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        self._stream.write(printable_bytes(bytes(data)))
        return len(data)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextlib.contextmanager
def _terminal():
    """stdout and stderr while the command runs: data shown safely (:class:`_Shown`), and a
    character the terminal cannot encode (an ASCII-only terminal, ``LANG=C``) written as a
    backslash escape instead of ending the command with UnicodeEncodeError."""
    saved = sys.stdout, sys.stderr
    for stream in saved:
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")
    sys.stdout, sys.stderr = (_Shown(s) if s is not None else s for s in saved)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status (2 for bad input, with the reason on stderr; 130 when
    interrupted with Ctrl-C)."""
    # before anything imports matplotlib or looks for kernels (jupyter_client makes ~/.ipython):
    # their folders are the toolkit's, not under HOME
    os.environ.setdefault("MPLCONFIGDIR", str(matplotlib_dir()))
    os.environ.setdefault("IPYTHONDIR", str(private_dir("ipython")))
    with _terminal():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _chosen_lang(argv)
    with _argparse_words(lang):
        args = _parser(lang).parse_args(argv)
    args.lang = lang
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default", DataWarning)
            warnings.showwarning = _warning_printer(lang, warnings.showwarning)
            return int(args.func(args) or 0)
    except DataError as exc:
        print(f"{t('error', lang)}: {exc.render(lang)}", file=sys.stderr)
        return 2
    except SchemeError as exc:  # its message from the catalogue, in the chosen language
        print(f"{t('error', lang)}: {pick(exc.args[0] if exc.args else str(exc), lang)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except NotRegularFileError as exc:
        print(f"{t('error', lang)}: {t('not_regular_file', lang, path=exc.filename)}", file=sys.stderr)
        return 2
    except OSError as exc:  # an unreadable input or an unwritable, full or read-only output
        where = exc.filename or ""
        print(f"{t('error', lang)}: {t('os_error', lang, path=where, reason=exc.strerror or exc)}", file=sys.stderr)
        return 2
    except UnicodeEncodeError as exc:  # a name that is not UTF-8 where no check above caught it
        if "surrogate" not in str(exc.reason):
            raise
        where = next((a for a in argv if not _encodes(a)), "")
        print(f"{t('error', lang)}: {t('path_not_utf8', lang, path=where)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # kernels ended and staging folders removed on the way out (run)
        import logging

        logging.getLogger("asyncio").setLevel(logging.CRITICAL)  # not the cells the dead kernel left
        print(f"{t('error', lang)}: {t('interrupted', lang)}", file=sys.stderr)
        return 130


def entry() -> None:  # console script
    sys.exit(main())


if __name__ == "__main__":
    entry()
