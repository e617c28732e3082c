"""Tables as an analyst opens them in a spreadsheet: a workbook (``.xlsx``: numbers as numbers,
headers in the reader's language, a frozen header row) or CSV, plain or in the Indonesian dialect
(semicolon, decimal comma, UTF-8 with BOM: what Excel set to Indonesian opens directly).

The labelled tables (``*_frame``) are the one definition of what a table of a result shows. Their
columns are headed by stable codes in the reader's language (``kurang_ke_hijau``,
``short_of_green``): the command line's text and CSV keep them, for scripts (README, "Kolom
keluaran"). What a person reads has heads in words (:func:`readable`): every workbook written
(``brief.<lang>.xlsx``, :func:`brief_sheets`, and ``--out x.xlsx``) and the notebooks' views
(:mod:`toolkit.views`). The JSON files keep the records' English keys.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit import __version__
from toolkit.i18n import check_lang, pick, regime_text, t
from toolkit.io import safe_csv_bytes, write_bytes, write_xlsx
from toolkit.names import unit_type_label
from toolkit.records import BriefData
from toolkit.schemes import Scheme

__all__ = ["DIALECTS", "brief_sheets", "csv_bytes", "head", "readable", "sources_frame", "write_table"]

#: CSV dialects: ``plain`` (comma, decimal point, UTF-8: for programs) and ``id`` (semicolon,
#: decimal comma, UTF-8 with BOM: Excel with Indonesian regional settings).
DIALECTS = ("plain", "id")

_FORMULA_START = tuple("=+-@\t\r")


def csv_bytes(frame: pd.DataFrame, dialect: str = "plain") -> bytes:
    r"""``frame`` as CSV bytes in ``dialect`` (see :data:`DIALECTS`), never runnable as a formula.

    ``plain`` is :func:`toolkit.io.safe_csv_bytes`. ``id`` separates with a semicolon, writes a
    decimal comma and starts with a UTF-8 byte-order mark, so Excel set to Indonesian reads the
    numbers as numbers; a text cell that starts like a formula gets a leading apostrophe there too.

    Examples
    --------
    >>> frame = pd.DataFrame({"unit": ["Dinas Sosial", "=1+1"], "nilai": [62.72, 80.0]})
    >>> csv_bytes(frame, "id").decode("utf-8-sig")
    "unit;nilai\nDinas Sosial;62,72\n'=1+1;80,0\n"
    >>> csv_bytes(frame).decode()
    '"unit","nilai"\n"Dinas Sosial",62.72\n"\'=1+1",80\n'
    """
    if dialect not in DIALECTS:
        raise ValueError(f"dialect must be one of {DIALECTS}, not {dialect!r}")
    if dialect == "plain":
        return safe_csv_bytes(frame)
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_object_dtype(out[column].dtype) or pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = [f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA_START) else v for v in out[column]]
    out.columns = [f"'{c}" if str(c).startswith(_FORMULA_START) else str(c) for c in out.columns]
    return out.to_csv(sep=";", decimal=",", index=False, lineterminator="\n").encode("utf-8-sig")


def sheet_names(names) -> list[str]:
    """Sheet names Excel accepts: no ``[]:*?/\\``, at most 31 characters, each distinct."""
    out: list[str] = []
    for name in names:
        base = re.sub(r"[\[\]:*?/\\]", "-", str(name)).strip("'") or "-"
        base, candidate, k = base[:31], base[:31], 2
        while candidate.casefold() in {o.casefold() for o in out}:
            suffix = f" ({k})"
            candidate, k = base[: 31 - len(suffix)] + suffix, k + 1
        out.append(candidate)
    return out


def write_table(
    path: str | os.PathLike, sheets: pd.DataFrame | dict[str, pd.DataFrame], dialect: str = "plain"
) -> Path:
    """Write one table, or several named ones, to ``path`` atomically: a workbook where the name
    ends in ``.xlsx`` (one sheet per table), else CSV in ``dialect`` (several tables one after the
    other, each under a ``# name`` line).

    Parameters
    ----------
    path : path
        The file to write; its suffix chooses the format.
    sheets : DataFrame or dict of DataFrames
        The table, or tables by sheet name (names Excel refuses are mended, see :func:`sheet_names`).
    dialect : "plain" or "id"
        The CSV dialect (:func:`csv_bytes`); ignored for a workbook.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> folder = Path(tempfile.mkdtemp())
    >>> book = openpyxl.load_workbook(write_table(folder / "t.xlsx", {"Poin: Dinas Sosial": pd.DataFrame({"n": [1.5]})}))
    >>> book.sheetnames, book.active["A2"].value, book.active.freeze_panes
    (['Poin- Dinas Sosial'], 1.5, 'A2')
    >>> write_table(folder / "t.csv", pd.DataFrame({"n": [1.5]}), "id").read_bytes()
    b'\\xef\\xbb\\xbfn\\n1,5\\n'
    """
    tables = sheets if isinstance(sheets, dict) else {"1": sheets}
    if str(path).lower().endswith(".xlsx"):
        return write_xlsx(path, dict(zip(sheet_names(tables), tables.values(), strict=True)))
    if len(tables) == 1:
        return write_bytes(path, csv_bytes(next(iter(tables.values())), dialect))
    parts = [f"# {name}\n".encode() + csv_bytes(frame, dialect) for name, frame in tables.items()]
    data = b"\n".join(p.replace(b"\xef\xbb\xbf", b"") for p in parts)
    return write_bytes(path, (b"\xef\xbb\xbf" if dialect == "id" else b"") + data)


# --------------------------------------------------------------------------------------------
# labelled tables: numbers as numbers, headers and codes in the reader's language
# --------------------------------------------------------------------------------------------
#: The head a person reads (a workbook, a notebook) for each column code of the tables below.
#: The codes (``kurang_ke_hijau``, ``short_of_green``) stay where scripts read the tables: the
#: command line's text and CSV (README, "Kolom keluaran"); the JSON files keep English keys.
_HEADS = {
    "col_unit": "label.unit",
    "col_type": "label.type",
    "col_unit_type": "label.type",
    "col_score": "label.score",
    "col_grade": "label.grade",
    "col_quality": "label.quality",
    "field_opinion": "label.opinion",
    "col_zone": "label.zone",
    "col_gap_green": "hdr.gap_green",
    "col_rank": "hdr.rank",
    "col_region": "hdr.region",
    "col_year": "label.year",
    "col_instrument": "label.instrument",
    "col_indicator": "prep.col_indicator",
    "checklist.col.dimension": "hdr.dimension",
    "col_from": "hdr.from",
    "col_to": "hdr.to",
    "col_points": "hdr.points",
    "col_steps": "hdr.steps",
    "col_gain_pemda": "hdr.gain_pemda",
    "col_gain_unit": "hdr.gain_unit",
    "col_effort": "hdr.effort",
    "col_reaches_green": "hdr.reaches_green",
    "col_gap": "label.gap",
    "col_ci_low": "hdr.ci_low",
    "col_ci_high": "hdr.ci_high",
    "col_ci_low_holm": "hdr.ci_low_holm",
    "col_ci_high_holm": "hdr.ci_high_holm",
    "col_p_holm": "hdr.p_holm",
    "col_p_permutation": "hdr.p_permutation",
    "col_units": "hdr.units",
    "col_pemdas": "hdr.pemdas",
    "col_pull": "plot.pull_x",
    "col_share_shortfall": "hdr.share_shortfall",
    "col_weight": "hdr.weight",
    "col_lost_max": "hdr.lost_max",
    "col_lost_green": "hdr.lost_green",
    "col_label": "hdr.label",
    "col_focus": "hdr.focus",
    "col_in_province": "hdr.in_province",
    "col_mutu": "hdr.mutu",
    "col_performance": "hdr.performance",
    "col_std_error": "hdr.std_error",
    "col_grade_uncertain": "hdr.grade_uncertain",
    "col_grade_robustness": "hdr.grade_robustness",
    "col_n_missing": "hdr.n_missing",
    "col_term": "hdr.term",
    "col_share": "hdr.share",
    "col_share_pct": "hdr.share_pct",
    "col_why": "hdr.why",
    "col_item": "hdr.item",
    "col_importance": "plot.ipa_y",
    "col_quadrant": "hdr.quadrant",
    "col_stability": "hdr.stability",
    "col_level": "hdr.level",
    "col_malad": "without_malad",
    "col_scheme": "label.scheme",
    "col_basis": "label.basis",
    "col_about": "hdr.about",
    "col_content": "hdr.content",
    "label.rows": "hdr.rows",
    "col_status": "hdr.status",
    "col_seconds": "hdr.seconds",
    "col_failing_cell": "hdr.failing_cell",
    "error": "hdr.error",
}
#: IKM columns named by the same code in both languages (``n``, ``ikm``).
_RAW_HEADS = {"n": "hdr.respondents", "ikm": "hdr.ikm"}
#: Excel number formats by column code; every other decimal column shows two decimals. A share
#: is a percent (the value stays the share: 0.3417 shows as 34,2 %).
_FORMATS = {
    "col_share_shortfall": "0.0%",
    "col_stability": "0%",
    "col_grade_robustness": "0%",
    "col_p_holm": "0.000",
    "col_p_permutation": "0.000",
    "col_share": "0.000",
    "col_share_pct": "0.0",
}
SCORE_FORMAT = "0.00"


def _code_keys(lang: str) -> dict[str, str]:
    """Column code (``kurang_ke_hijau``) -> its message key, in ``lang``."""
    return {t(key, lang): key for key in _HEADS} | {code: code for code in _RAW_HEADS}


def _codes_table() -> str:
    """The README's table of column codes (what the command line's text and CSV print) and the
    heads a workbook or notebook shows for them, in both languages (a test keeps them equal)."""
    rows = ["| code (id) | code (en) | kolom di Excel/notebook | head in Excel/notebook |", "|---|---|---|---|"]
    seen = set()
    for key in [*_HEADS, *_RAW_HEADS]:
        codes = (key, key) if key in _RAW_HEADS else (t(key, "id"), t(key, "en"))
        if codes not in seen:
            seen.add(codes)
            rows.append(f"| `{codes[0]}` | `{codes[1]}` | {head(codes[0], 'id')} | {head(codes[1], 'en')} |")
    return "\n".join(rows) + "\n"


def head(column: str, lang: str = "id") -> str:
    """The head a person reads for the column code ``column`` (the code itself where it has none).

    Examples
    --------
    >>> head("kurang_ke_hijau"), head("ik_bawah_holm"), head("p_holm", "en"), head("U1")
    ('Kurang ke hijau (poin)', 'IK 95 % bawah (Holm)', 'p (Holm)', 'U1')
    """
    key = _code_keys(lang).get(str(column))
    return t(_HEADS.get(key) or _RAW_HEADS[key], lang) if key else str(column)


def number_format(column: str, lang: str = "id") -> str | None:
    """The Excel number format of the column code ``column``: ``"0.0%"`` for a share, ``None``
    where the column takes the two-decimal default."""
    return _FORMATS.get(_code_keys(lang).get(str(column), ""))


def yes_no(value, lang: str = "id"):
    """A boolean as a word (``ya``/``tidak``); any other value as it is."""
    if isinstance(value, bool | np.bool_):
        return t("yes" if value else "no", lang)
    return value


def readable(frame: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """A labelled table as a person reads it in a workbook: heads in words, yes/no in words, no
    column that is empty throughout (the 2025 labels of a 2022 score), and the number format of
    every decimal column (``attrs["number_formats"]``, read by :func:`toolkit.io.write_xlsx`: a
    share as a percent, scores with two decimals); the values stay numbers.

    Examples
    --------
    >>> frame = pd.DataFrame({"unit": ["Dinas Sosial"], "porsi_kekurangan": [0.3417], "masuk_hijau": [True]})
    >>> out = readable(frame)
    >>> list(out.columns), out.iloc[0, 2], out.attrs["number_formats"]
    (['Unit layanan', 'Porsi kekurangan', 'Masuk zona hijau'], 'ya', {'Porsi kekurangan': '0.0%'})
    """
    frame = frame.loc[:, frame.notna().any() | frame.columns.isin(frame.columns[:1])]  # drop a column that says nothing
    out = frame.copy()
    formats = {}
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_float_dtype(series.dtype):
            formats[head(column, lang)] = number_format(column, lang) or SCORE_FORMAT
        elif not pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
            out[column] = [yes_no(v, lang) for v in series]
    out.columns = [head(c, lang) for c in frame.columns]
    out.attrs = {"number_formats": formats}
    return out


def _dimension(key: str, scheme: Scheme | None, lang: str) -> str:
    """A dimension code (``proses``) as the scheme names it in ``lang``; the code where it does not."""
    for dim in scheme.dimensions if scheme else ():
        if dim["key"] == key and dim.get("label"):
            return pick(dim["label"], lang).split(" (")[0]
    return key


def units_frame(units: pd.DataFrame, scheme: Scheme, lang: str = "id") -> pd.DataFrame:
    """The units of a Pemda, lowest first: unit, type, score, grade (or quality), zone, gap to green."""
    if units.empty:
        return pd.DataFrame()
    data = units.sort_values("score")
    with_grade = data["grade"].notna().any() and (data["grade"].astype(str) != "nan").any()
    label = data["grade"] if with_grade else data["quality" if lang == "id" else "quality_en"]
    return pd.DataFrame(
        {
            t("col_unit", lang): data["unit"].to_numpy(),
            t("col_type", lang): [unit_type_label(k, lang) for k in data["unit_type"]],
            t("col_score", lang): data["score"].astype(float).to_numpy(),
            t("col_grade" if with_grade else "col_quality", lang): label.to_numpy(),
            t("col_zone", lang): [scheme.zone_label(z, lang) for z in data["zone"]],
            t("col_gap_green", lang): data["gap_green"].astype(float).to_numpy(),
        }
    )


def peers_frame(peers: list[dict], lang: str = "id") -> pd.DataFrame:
    """Every Pemda of the year ranked, the focus and the Pemdas of its province marked."""
    frame = pd.DataFrame(peers)
    if frame.empty:
        return frame
    frame = frame.sort_values("rank", kind="stable")
    out = pd.DataFrame(
        {
            t("col_rank", lang): frame["rank"].to_numpy(),
            t("col_region", lang): frame["region"].to_numpy(),
            t("col_score", lang): frame["score"].astype(float).to_numpy(),
            t("col_focus", lang): [t("yes" if v else "no", lang) for v in frame["is_focus"]],
        }
    )
    if "in_province" in frame:
        out[t("col_in_province", lang)] = [t("yes" if v else "no", lang) for v in frame["in_province"]]
    return out


def history_frame(history: list[dict], lang: str = "id") -> pd.DataFrame:
    """The Pemda's assessments year by year, with the instrument of each year."""
    return pd.DataFrame(
        {
            t("col_year", lang): [h["year"] for h in history],
            t("col_score", lang): [float(h["score"]) for h in history],
            t("col_grade", lang): [h.get("grade") or pick(h.get("opinion") or "", lang) for h in history],
            t("col_zone", lang): [pick(h.get("zone_label") or h.get("zone") or "", lang) for h in history],
            t("col_instrument", lang): [regime_text(h["regime"], lang) for h in history],
        }
    )


def decomposition_frame(rows: list[dict], lang: str = "id") -> pd.DataFrame:
    """Each unit's pull on the Pemda's distance to green (``Drivers.pemda_decomposition``)."""
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return pd.DataFrame(
        {
            t("col_unit", lang): frame["unit"].to_numpy(),
            t("col_type", lang): [unit_type_label(k, lang) for k in frame["unit_type"]],
            t("col_score", lang): frame["score"].astype(float).to_numpy(),
            t("col_gap_green", lang): frame["gap_green"].astype(float).to_numpy(),
            t("col_pull", lang): frame["pull"].astype(float).to_numpy(),
            t("col_share_shortfall", lang): frame["share_of_shortfall"].astype(float).to_numpy(),
        }
    )


def dimensions_frame(units: list[dict], scheme: Scheme | None, lang: str = "id") -> pd.DataFrame:
    """Points lost per dimension, for every unit with detail (``Drivers.units``), one table."""
    rows = [{"unit": u["unit"], **d} for u in units for d in u.get("dimensions") or ()]
    if not rows:
        return pd.DataFrame()
    frame = pd.DataFrame(rows)
    return pd.DataFrame(
        {
            t("col_unit", lang): frame["unit"].to_numpy(),
            t("checklist.col.dimension", lang): [_dimension(k, scheme, lang) for k in frame["dimension"]],
            t("col_weight", lang): frame["weight"].astype(float).to_numpy(),
            t("col_score", lang): frame["score"].astype(float).to_numpy(),
            t("col_points", lang): frame["points"].astype(float).to_numpy(),
            t("col_lost_max", lang): frame["lost_vs_max"].astype(float).to_numpy(),
            t("col_lost_green", lang): frame["lost_vs_green"].astype(float).to_numpy(),
        }
    )


def indicators_frame(
    units: list[dict], scheme: Scheme | None, lang: str = "id", top: int | None = None
) -> pd.DataFrame:
    """Indicators by points lost, per unit with detail (the ``top`` of each unit, or all)."""
    rows = [{"unit": u["unit"], **i} for u in units for i in (u.get("indicators") or [])[:top]]
    if not rows:
        return pd.DataFrame()
    frame = pd.DataFrame(rows)
    return pd.DataFrame(
        {
            t("col_unit", lang): frame["unit"].to_numpy(),
            t("checklist.col.dimension", lang): [_dimension(k, scheme, lang) for k in frame["dimension"]],
            t("col_indicator", lang): frame["indicator"].to_numpy(),
            t("col_label", lang): [pick(v, lang) if isinstance(v, dict | str) else "" for v in frame["label"]],
            t("col_score", lang): frame["score"].astype(float).to_numpy(),
            t("col_lost_max", lang): frame["lost_vs_max"].astype(float).to_numpy(),
            t("col_lost_green", lang): frame["lost_vs_green"].astype(float).to_numpy(),
        }
    )


def plan_frame(plan, lang: str = "id") -> pd.DataFrame:
    """The plan: what moves, from where to where, gain and effort (numbers as numbers).

    ``plan`` is a :class:`toolkit.drivers.Plan` or its ``to_dict()``.
    """
    actions = plan.actions if hasattr(plan, "actions") else pd.DataFrame(plan.get("actions") or [])
    scope = plan.scope if hasattr(plan, "scope") else plan.get("scope")
    if actions.empty:
        return pd.DataFrame()
    by_indicator = "indicator" in actions and actions["indicator"].notna().any()
    columns = {t("col_unit", lang): actions["unit"].to_numpy()}
    if by_indicator:
        columns[t("col_indicator", lang)] = (
            (actions["indicator"].fillna("") + " " + actions["label"].fillna("")).str.strip().to_numpy()
        )
    else:
        columns[t("col_type", lang)] = [unit_type_label(k, lang) for k in actions["unit_type"]]
    columns.update(
        {
            t("col_from", lang): actions["from"].astype(float).round(2).to_numpy(),
            t("col_to", lang): actions["to"].astype(float).round(2).to_numpy(),
            t("col_steps" if by_indicator else "col_points", lang): actions["steps"].astype(float).round(2).to_numpy(),
            t("col_gain_pemda" if scope == "pemda" else "col_gain_unit", lang): actions["gain"]
            .astype(float)
            .round(2)
            .to_numpy(),
            t("col_effort", lang): actions["cost"].astype(float).round(2).to_numpy(),
            t("col_reaches_green", lang): _reaches_green(actions, lang),
        }
    )
    return pd.DataFrame(columns)


def _reaches_green(actions: pd.DataFrame, lang: str) -> list[str]:
    """Whether each step's unit enters the green zone: ``ya``/``tidak``, and ``sudah hijau`` for
    a unit green before the plan (a plan towards a level above green moves green units too):
    a green unit never reads "masuk hijau: tidak"."""
    before = actions["already_green"] if "already_green" in actions else [False] * len(actions)
    return [
        t("already_green", lang) if was else t("yes" if reaches else "no", lang)
        for was, reaches in zip(before, actions["reaches_green"].astype(bool), strict=True)
    ]


def gaps_frame(table: pd.DataFrame | list, lang: str = "id") -> pd.DataFrame:
    """Sector gaps with their Holm-adjusted intervals (consistent with the Holm p beside them) and
    Pemda counts; empty where no unit type has an estimate."""
    g = pd.DataFrame(table)
    if g.empty or g["gap"].isna().all():
        return pd.DataFrame()
    return pd.DataFrame(
        {
            t("col_type", lang): [unit_type_label(k, lang) for k in g["unit_type"]],
            t("col_gap", lang): g["gap"].astype(float).to_numpy(),
            t("col_ci_low_holm", lang): g["ci_low"].astype(float).to_numpy(),  # Holm-adjusted, as the p beside it
            t("col_ci_high_holm", lang): g["ci_high"].astype(float).to_numpy(),
            t("col_p_holm", lang): g["p_adjusted"].astype(float).to_numpy(),
            t("col_units", lang): g["n_units"].to_numpy(),
            t("col_pemdas", lang): g["n_regions"].to_numpy(),
        }
    )


#: The IKM table's columns a reader sees, with their header keys; the method columns stay in the
#: JSON (the command line says the weights and any refused interval beside the table).
_IKM_HEADERS = {
    "n": None,
    **{f"U{k}": None for k in range(1, 10)},
    "ikm": None,
    "mutu": "col_mutu",
    "kinerja": "col_performance",
    "ikm_se": "col_std_error",
    "ikm_low": "col_ci_low",
    "ikm_high": "col_ci_high",
    "grade_uncertain": "col_grade_uncertain",
    "grade_robustness": "col_grade_robustness",
    "n_missing": "col_n_missing",
}


def ikm_frame(ikm: pd.DataFrame | list, lang: str = "id") -> pd.DataFrame:
    """IKM per group (``toolkit.survey.ikm`` or ``Survey.ikm``) with its interval, headers and the
    performance label in ``lang``; the group column keeps the name it was grouped by."""
    frame = pd.DataFrame(ikm)
    if frame.empty:
        return frame
    keep = [c for c in frame.columns if c in _IKM_HEADERS or c not in _IKM_METHOD]
    out = frame[keep].copy()
    if "kinerja" in out:  # a label in both languages, or the Indonesian one beside kinerja_en
        labels = frame["kinerja_en"] if lang == "en" and "kinerja_en" in frame else frame["kinerja"]
        out["kinerja"] = [pick(k, lang) for k in labels]
    if "grade_uncertain" in out:
        out["grade_uncertain"] = [t("yes" if v else "no", lang) for v in out["grade_uncertain"].astype(bool)]
    out = out.drop(columns=["group"], errors="ignore")  # the grouping column is there under its own name
    return out.rename(columns={c: t(k, lang) for c, k in _IKM_HEADERS.items() if k and c in out})


_IKM_METHOD = ("weights", "boot_method", "interval_method", "interval_note", "kinerja_en", "group")


def ipa_frame(ipa: list[dict], lang: str = "id") -> pd.DataFrame:
    """Importance-performance analysis: item, performance, importance, quadrant and its stability."""
    frame = pd.DataFrame(ipa)
    if frame.empty:
        return frame
    return pd.DataFrame(
        {
            t("col_item", lang): [f"{i} {pick(v, lang)}" for i, v in zip(frame["item"], frame["label"], strict=True)],
            t("col_performance", lang): frame["performance"].astype(float).to_numpy(),
            t("col_importance", lang): frame["importance"].astype(float).to_numpy(),
            t("col_quadrant", lang): [pick(q, lang) for q in frame["quadrant_label"]],
            t("col_stability", lang): frame["quadrant_stability"].astype(float).to_numpy(),
        }
    )


def sources_frame(parts: list, scheme: Scheme, year: int, lang: str = "id", reproduce: str = "") -> pd.DataFrame:
    """What a result rests on, one row per item: the synthetic mark where data are synthetic,
    the scheme and its sources, the unconfirmed methodology items of ``year``, every input file
    of the records ``parts`` with its full SHA-256 and rows, how to rebuild it and the toolkit's
    version.

    Examples
    --------
    >>> from toolkit.analysis import overview
    >>> from toolkit.request import resolve
    >>> record = overview(resolve("Kabupaten Bekasi", 2022))
    >>> frame = sources_frame([record], record.scheme, 2022, "id")
    >>> frame.iloc[0, 0], frame.iloc[-2, 1], len(frame.iloc[-2, 2])
    ('Skema penilaian', 'results: results.csv', 64)
    """
    rows: list[tuple[str, str, str, object]] = []
    if any(p.synthetic for p in parts):
        rows.append((t("synthetic_mark", lang), t("label.synthetic_note", lang), "", None))
    rows.append((t("label.scheme", lang), f"{scheme.id}: {scheme.title[lang]}", "", None))
    rows += [(t("label.sources", lang), line, "", None) for line in scheme.source_lines(lang)]
    rows += [(t("label.unconfirmed", lang), item, "", None) for item in scheme.unconfirmed_for(year, lang)]
    for part in parts:
        for kind, prov in part.inputs.items():
            name = str(prov.get("file") or prov.get("source") or "")
            mark = f" ({t('synthetic_mark', lang)})" if prov.get("synthetic") else ""
            entry = (t("label.inputs", lang), f"{kind}: {name}{mark}", str(prov.get("sha256") or ""), prov.get("rows"))
            if entry not in rows:
                rows.append(entry)
    if reproduce:
        rows.append((t("label.reproduce", lang), reproduce, "", None))
    rows.append((t("label.generated_by", lang), __version__, "", None))
    rows_header = t("label.rows", lang)
    frame = pd.DataFrame(rows, columns=[t("col_about", lang), t("col_content", lang), "SHA-256", rows_header])
    return frame.astype({rows_header: "Int64"})


def brief_sheets(data: BriefData, lang: str = "id", reproduce: str = "") -> dict[str, pd.DataFrame]:
    """The tables of a brief as workbook sheets (``brief.<lang>.xlsx``), named in ``lang``, each
    as a person reads it (:func:`readable`: heads in words, yes/no, number formats).

    Units, the unit contributions and the plan, points lost per dimension and indicator where
    detail exists, the ranking, the history, the unit-type gaps of the regime, the survey where
    one was given, and last the sheet of sources and assumptions (:func:`sources_frame`). A table
    with no rows is left out.

    Examples
    --------
    >>> import tempfile
    >>> from toolkit import outputs
    >>> from toolkit.request import resolve
    >>> request = resolve("Kabupaten Bekasi", 2022, output_dir=tempfile.mkdtemp())
    >>> _ = outputs.overview(request), outputs.drivers(request)
    >>> sheets = brief_sheets(outputs.gather(request.output_dir).record, "id")
    >>> list(sheets)
    ['Nilai unit layanan', 'Kontribusi unit', 'Rencana', 'Peringkat', 'Selisih jenis unit', 'Metode dan sumber']
    >>> sheets["Nilai unit layanan"].iloc[:2, :3]
           Unit layanan  Jenis unit  Nilai
    0  Dinas Pendidikan  Pendidikan  62.62
    1      Dinas Sosial      Sosial  62.72
    """
    check_lang(lang)
    ov, drivers, survey = data.overview, data.drivers, data.survey
    scheme = ov.scheme
    sheets = {
        t("label.sec_units", lang): units_frame(ov.summary.units, scheme, lang),
    }
    if drivers is not None:
        sheets[t("sheet.pull", lang)] = decomposition_frame(drivers.pemda_decomposition, lang)
        sheets[t("sheet.plan", lang)] = plan_frame(drivers.plan, lang) if drivers.plan else pd.DataFrame()
        sheets[t("sheet.dimensions", lang)] = dimensions_frame(drivers.units, scheme, lang)
        sheets[t("sheet.indicators", lang)] = indicators_frame(drivers.units, scheme, lang)
    sheets[t("sheet.peers", lang)] = peers_frame(ov.peers, lang)
    sheets[t("label.sec_history", lang)] = history_frame(ov.history, lang) if len(ov.history) > 1 else pd.DataFrame()
    if drivers is not None:
        gaps = [r for r in drivers.sector_gaps.get("table", []) if r.get("regime") == drivers.regime]
        sheets[t("sheet.gaps", lang)] = gaps_frame(gaps, lang)
    if survey is not None:
        sheets[t("label.sec_survey", lang)] = ikm_frame(survey.ikm, lang)
        sheets[t("sheet.ipa", lang)] = ipa_frame(survey.ipa, lang)
    sheets = {name: readable(frame, lang) for name, frame in sheets.items() if not frame.empty}
    sheets[t("label.sec_methods", lang)] = readable(sources_frame(data.parts(), scheme, ov.year, lang, reproduce), lang)
    return sheets
