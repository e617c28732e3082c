"""Preparing for the next assessment: a self-assessment checklist of the instrument that judges a
year, a predicted score with the uncertainty the unpublished methodology leaves open, and what to
fix first.

The instrument comes from the scheme of the assessment year (``scheme_for(year)``) and its
indicator list (``toolkit/catalogue/indicators-*.toml``). Nothing here reads published results: a
prediction rests on the checklist (and optionally the unit's own SKM survey) alone.

Uncertainty is simulated, each source on its own switch and all together (``SOURCES``):

- ``unknown``: an item left blank, or not in the checklist, is any mark of the scale, equally likely;
- ``weights``: indicator weights inside a dimension are unpublished; equal weights are the default,
  and each draw takes weights from a Dirichlet distribution around them (``WEIGHT_CONCENTRATION``);
- ``split``: where the scheme's split of points across dimensions is unconfirmed (2025), each draw
  takes a split within the bounds the published breakdown allows, uniformly over what remains;
- ``trust``: a dimension without indicators (2025: public trust, 30 points) is unknown (any value
  0-100) unless an SKM survey gives the unit's IKM, taken as its estimate with its sampling error;
- ``rounding``: half-up or truncation to two decimals, equally likely.

The same random numbers serve every checklist (common random numbers), so a higher mark never
lowers a draw: the predicted score (the median of the draws) and its interval are monotone in every
item.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg, check_lang, fmt_num, pick, t
from toolkit.io import atomic_write, to_plain
from toolkit.names import unit_key
from toolkit.rounding import round_half_up
from toolkit.schemes import Scheme, indicator_catalogues, instrument_for, load_catalogue, scheme_for
from toolkit.survey import ikm, read_survey

__all__ = ["Checklist", "Preparation", "checklist_template", "prepare", "read_checklist"]

#: Draws of the simulation; 4000 puts a probability's Monte Carlo error below 0.8 points.
DRAWS = 4000
#: Dirichlet concentration per indicator for the unpublished indicator weights: weights of a
#: dimension of n indicators vary around 1/n with a coefficient of variation of about
#: sqrt((n - 1) / (n * (n * c + 1))) (c = 4: 0.47 for n = 2, 0.24 for n = 15).
WEIGHT_CONCENTRATION = 4.0
#: The sources of uncertainty, each switchable (``prepare(..., sources=...)``).
SOURCES = ("unknown", "weights", "split", "trust", "rounding")
#: Points above the next threshold a plan aims for (the predicted score is uncertain).
MARGIN = 1.0
#: Marks at or below this share of the scale's top are shown "in red" (0 and 1 of 3): the
#: toolkit's convention for "far from the top", not the Ombudsman's.
RED_SHARE = 1 / 3

#: Column keys of the checklist sheet, in order; headers from the catalogue (``checklist.col.*``).
COLUMNS = ("unit", "dimension", "variable", "code", "indicator", "evidence_asked", "confidence", "score", "evidence")
META_SHEET = "meta"


#: Column keys whose header is the catalogue's general column word.
_SHARED_HEADERS = {"indicator": "col_indicator", "score": "col_score"}


def _header(key: str, lang: str) -> str:
    return t(_SHARED_HEADERS.get(key, f"checklist.col.{key}"), lang)


def _headers_known() -> dict[str, str]:
    """Every accepted header (either language, case-insensitive) -> column key."""
    return {_header(k, lang).casefold(): k for k in COLUMNS for lang in ("id", "en")}


# --------------------------------------------------------------------------------------------
# the template
# --------------------------------------------------------------------------------------------
def checklist_template(
    year: int,
    path: str | os.PathLike,
    units: list[str] | None = None,
    lang: str = "id",
    marks: pd.DataFrame | None = None,
    synthetic: bool = False,
) -> Path:
    """Write the self-assessment checklist of the instrument that judges ``year`` as a workbook.

    One row per unit and indicator, with the dimension, variable, code, the indicator in plain
    words, the evidence its sources say it asks for, the source confidence, an empty mark
    (``nilai``, restricted to the scale by data validation) and an evidence note; a guide sheet
    (how to fill it, what is unconfirmed) and a ``meta`` sheet naming the instrument.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> path = checklist_template(2026, tempfile.mkdtemp() + "/checklist.xlsx")
    >>> book = openpyxl.load_workbook(path)
    >>> book.sheetnames, book["daftar_periksa"].max_row - 1   # 3 units x 30 indicators
    (['daftar_periksa', 'petunjuk', 'meta'], 90)

    ``marks`` (``unit, code, score``) fills the marks in, for a checklist made from earlier data or
    a generated example; ``synthetic`` marks the workbook so that every report built on it says so.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    check_lang(lang)
    scheme, instrument = scheme_for(year), instrument_for(year)
    given = {}
    if marks is not None:
        given = {(unit_key(str(r.unit)), str(r.code)): r.score for r in marks.itertuples()}
        units = units or list(dict.fromkeys(str(u) for u in marks["unit"]))
    units = [u.strip() for u in (units or instrument["default_units"]) if u and u.strip()]
    low, top = instrument["scale"]["min"], instrument["scale"]["max"]
    book = Workbook()
    sheet = book.active
    sheet.title = t("checklist.sheet", lang)
    sheet.append([_header(k, lang) for k in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for unit in units:
        for ind in instrument["indicators"]:
            evidence = pick(ind["evidence"], lang) if ind.get("evidence") else ""
            sheet.append(
                [
                    unit,
                    ind["dimension"],
                    ind["variable"],
                    ind["code"],
                    pick(ind["label"], lang),
                    evidence,
                    t(f"confidence.{ind['confidence']}", lang),
                    _cell(given.get((unit_key(unit), ind["code"]))),
                    None,
                ]
            )
    for row in sheet.iter_rows():  # unit names come from the user: text stays text, never a formula
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHI", (26, 12, 22, 8, 60, 48, 12, 8, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    score_col = "ABCDEFGHI"[COLUMNS.index("score")]
    rule = DataValidation(
        type="decimal",
        operator="between",
        formula1=str(low),
        formula2=str(top),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=t("checklist.validation_title", lang),
        error=t("checklist.validation", lang, low=low, top=top),
    )
    rule.add(f"{score_col}2:{score_col}{sheet.max_row}")
    sheet.add_data_validation(rule)

    guide = book.create_sheet(t("checklist.guide_sheet", lang))
    guide.column_dimensions["A"].width = 120
    for line in _guide_lines(scheme, instrument, year, lang):
        guide.append([line])
        guide.cell(guide.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    guide["A1"].font = Font(bold=True, size=13)

    meta = book.create_sheet(META_SHEET)
    for key, value in (
        ("scheme", scheme.id),
        ("catalogue", scheme.catalogue),
        ("year", int(year)),
        ("lang", lang),
        ("synthetic", bool(synthetic)),
        ("note", t("checklist.meta_note", lang)),
    ):
        meta.append([key, value])
    return atomic_write(path, lambda tmp: book.save(tmp))


def _cell(value):
    """A mark for a cell: a plain number, or None for blank."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return float(value) if float(value) % 1 else int(value)


def _guide_lines(scheme: Scheme, instrument: dict, year: int, lang: str) -> list[str]:
    low, top = instrument["scale"]["min"], instrument["scale"]["max"]
    lines = [
        t("checklist.guide_title", lang, year=year),
        t("checklist.guide_instrument", lang, scheme=scheme.id, title=scheme.title[lang]),
        t("checklist.guide_fill", lang, low=low, top=top),
        t("checklist.guide_blank", lang),
        t("checklist.guide_rows", lang),
        t("checklist.guide_then", lang, year=year),
        pick(instrument["scale_note"], lang),
    ]
    if instrument.get("unofficial"):
        lines.append(pick(instrument["unofficial"], lang))
    for text in (instrument.get("not_self_assessed") or {}).values():
        lines.append(pick(text, lang))
    lines.append(t("checklist.guide_unconfirmed", lang))
    lines += [f"- {u}" for u in scheme.unconfirmed_for(int(year), lang)]
    lines.append(t("checklist.guide_sources", lang))
    lines += [f"- {pick(cite, lang)}" for cite in instrument["sources"].values()]
    return lines


# --------------------------------------------------------------------------------------------
# reading a filled checklist
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Checklist:
    """A filled checklist, validated: one row per unit and indicator of the year's instrument.

    ``marks`` has ``unit, unit_key, code, dimension, score`` (NaN where left blank; indicators of the
    instrument missing from the sheet are added as blank rows, ``listed`` False) and ``evidence``.
    """

    year: int
    scheme: str
    marks: pd.DataFrame
    source: str
    sha256: str = ""
    provenance: dict = field(default_factory=dict)

    @property
    def units(self) -> list[str]:
        return list(dict.fromkeys(self.marks["unit"]))


def read_checklist(source: str | os.PathLike | pd.DataFrame, year: int) -> Checklist:
    """Read and validate a filled checklist (the workbook :func:`checklist_template` writes, or a
    DataFrame with its columns) for assessment ``year``.

    Every problem is reported at once with its sheet, row and column: a mark outside the scale, a
    code the instrument does not have, a row without a unit, a unit and indicator twice, a formula
    or merged cells, or a checklist of another year's instrument.

    Examples
    --------
    >>> import tempfile
    >>> path = checklist_template(2026, tempfile.mkdtemp() + "/c.xlsx", units=["Dinas Sosial"])
    >>> c = read_checklist(path, 2026)
    >>> c.units, int(c.marks["score"].isna().sum())
    (['Dinas Sosial'], 30)
    """
    scheme, instrument = scheme_for(year), instrument_for(year)
    codes = {i["code"]: i for i in instrument["indicators"]}
    problems: list[Problem] = []
    provenance: dict = {}
    if isinstance(source, pd.DataFrame):
        frame, name, digest = source.copy(), "<DataFrame>", ""
        frame.index = range(2, len(frame) + 2)
    else:
        path = Path(source)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        frame, name = _read_workbook(path, scheme, year, problems)
        provenance = {
            "file": path.name,
            "sha256": digest,
            "rows": len(frame),
            "synthetic": frame.attrs.get("synthetic", False),
        }
    columns = {}
    known = _headers_known()
    for column in frame.columns:
        key = known.get(str(column).strip().casefold())
        if key and key not in columns.values():
            columns[column] = key
    frame = frame.rename(columns=columns)
    for key in ("unit", "code", "score"):
        if key not in frame:
            problems.append(Problem(Msg("checklist.missing_column", column=_header(key, "id"))))
    if any(k not in frame for k in ("unit", "code", "score")):
        raise DataError(problems, name)

    other = {  # codes of the other instruments: "a checklist of another year?"
        i["code"] for n in indicator_catalogues() if n != scheme.catalogue for i in load_catalogue(n)["indicators"]
    }
    rows, seen = [], {}
    for row, record in frame.iterrows():
        unit = _text(record.get("unit"))
        code = _text(record.get("code"))
        if not unit and not code and _blank(record.get("score")):
            continue  # an empty line
        if not unit:
            problems.append(Problem(Msg("checklist.unit_missing"), row=row, column=_header("unit", "id")))
        if not code:
            problems.append(Problem(Msg("checklist.code_missing"), row=row, column=_header("code", "id")))
            continue
        if code not in codes:
            key = "checklist.code_other_instrument" if code in other else "checklist.code_unknown"
            problems.append(
                Problem(Msg(key, scheme=scheme.id, year=year), row=row, column=_header("code", "id"), value=code)
            )
            continue
        dim = _text(record.get("dimension")) if "dimension" in frame else ""
        if dim and dim.casefold() != codes[code]["dimension"]:
            problems.append(
                Problem(
                    Msg("checklist.dimension_mismatch", expected=codes[code]["dimension"]),
                    row=row,
                    column=_header("dimension", "id"),
                    value=dim,
                )
            )
        score = _mark(record.get("score"), instrument, row, problems)
        if unit:
            key = (unit_key(unit), code)
            if key in seen:
                problems.append(
                    Problem(
                        Msg("checklist.duplicate", first=seen[key]), row=row, column=_header("code", "id"), value=code
                    )
                )
                continue
            seen[key] = row
            rows.append(
                {
                    "unit": unit,
                    "unit_key": key[0],
                    "code": code,
                    "dimension": codes[code]["dimension"],
                    "score": score,
                    "evidence": _text(record.get("evidence")) if "evidence" in frame else "",
                    "listed": True,
                    "row": row,
                }
            )
    if not rows and not problems:
        problems.append(Problem(Msg("checklist.empty")))
    if problems:
        raise DataError(problems, name)
    marks = pd.DataFrame(rows)
    # indicators of the instrument a unit's rows leave out: blank (unknown), and said so
    units = list(dict.fromkeys(marks["unit_key"]))
    names = dict(zip(marks["unit_key"], marks["unit"], strict=False))
    have = set(zip(marks["unit_key"], marks["code"], strict=True))
    extra = [
        {
            "unit": names[u],
            "unit_key": u,
            "code": c,
            "dimension": codes[c]["dimension"],
            "score": np.nan,
            "evidence": "",
            "listed": False,
            "row": None,
        }
        for u in units
        for c in codes
        if (u, c) not in have
    ]
    if extra:
        marks = pd.concat([marks, pd.DataFrame(extra)], ignore_index=True)
    order = {c: i for i, c in enumerate(codes)}
    marks = marks.assign(_u=marks["unit_key"].map({u: i for i, u in enumerate(units)}), _c=marks["code"].map(order))
    marks = marks.sort_values(["_u", "_c"]).drop(columns=["_u", "_c"]).reset_index(drop=True)
    return Checklist(int(year), scheme.id, marks, name, digest, provenance)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return " ".join(str(value).split())


def _blank(value) -> bool:
    return _text(value) == ""


def _mark(value, instrument: dict, row, problems: list[Problem]) -> float:
    if _blank(value):
        return np.nan
    low, top = instrument["scale"]["min"], instrument["scale"]["max"]
    text = _text(value).replace(",", ".") if isinstance(value, str) else value
    try:
        number = float(text)
    except (TypeError, ValueError):
        problems.append(
            Problem(
                Msg("checklist.mark_not_number", low=low, top=top), row=row, column=_header("score", "id"), value=value
            )
        )
        return np.nan
    if not np.isfinite(number) or number < low or number > top:
        problems.append(
            Problem(
                Msg("checklist.mark_outside", low=low, top=top), row=row, column=_header("score", "id"), value=value
            )
        )
        return np.nan
    return number


def _read_workbook(path: Path, scheme: Scheme, year: int, problems: list[Problem]) -> tuple[pd.DataFrame, str]:
    """The checklist sheet as a frame (index: the row number a person sees), with problems for
    formulas, merged cells and a meta sheet naming another instrument."""
    from openpyxl import load_workbook

    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise DataError([Problem(Msg("checklist.not_xlsx"))], path.name)
    try:
        book = load_workbook(path, data_only=False, read_only=False)
    except Exception as exc:  # a damaged or foreign file: say which, not a traceback
        raise DataError([Problem(Msg("checklist.unreadable", reason=type(exc).__name__))], path.name) from exc
    sheets = [
        s for s in book.sheetnames if s.casefold() in {t("checklist.sheet", lang).casefold() for lang in ("id", "en")}
    ]
    sheet = book[sheets[0]] if sheets else book.worksheets[0]
    name = f"{path.name}, sheet {sheet.title!r}"
    meta: dict = {}
    if META_SHEET in book.sheetnames:
        meta = {
            str(r[0].value): r[1].value for r in book[META_SHEET].iter_rows() if r[0].value is not None and len(r) > 1
        }
        if meta.get("scheme") and meta["scheme"] != scheme.id:
            raise DataError(
                [
                    Problem(
                        Msg("checklist.other_year", theirs=meta["scheme"], year=year, ours=scheme.id), column="scheme"
                    )
                ],
                f"{path.name}, sheet {META_SHEET!r}",
            )
    for merged in sheet.merged_cells.ranges:
        problems.append(Problem(Msg("checklist.merged", cells=str(merged)), row=merged.min_row))
    values = []
    for row in sheet.iter_rows():
        line = []
        for cell in row:
            if cell.data_type == "f":
                problems.append(
                    Problem(Msg("checklist.formula"), row=cell.row, column=cell.coordinate, value=str(cell.value))
                )
                line.append(None)
            else:
                line.append(cell.value)
        values.append(line)
    if not values:
        raise DataError([Problem(Msg("checklist.empty"))], name)
    header, body = values[0], values[1:]
    frame = pd.DataFrame(
        body, columns=[str(h) if h is not None else f"_{i}" for i, h in enumerate(header)], dtype=object
    )
    frame.index = range(2, len(frame) + 2)
    frame.attrs["synthetic"] = bool(meta.get("synthetic"))
    return frame, name


# --------------------------------------------------------------------------------------------
# the prediction
# --------------------------------------------------------------------------------------------
@dataclass
class Preparation:
    """A prediction from a checklist: per unit and for the Pemda, the predicted score (median of
    the draws), a 95 % interval, the probability of each label of the instrument, the items in
    red, what to fix first, and the assumptions, each with what it does to the interval."""

    region: str
    year: int
    scheme: str
    units: list[dict]
    pemda: dict
    fixes: dict
    assumptions: list[dict]
    sensitivity: list[dict]
    draws: int
    inputs: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return to_plain(vars(self))


def _labels(scheme: Scheme, lang: str) -> list[str]:
    """One label per band, lowest first: the letter grade, else the opinion (with the quality)."""
    out = []
    for band in scheme.bands:
        if band.grade:
            out.append(band.grade)
        else:
            text = band.opinion[lang]
            out.append(f"{text} / {band.quality[lang]}" if band.quality else text)
    return out


def _simulate(
    scheme: Scheme,
    instrument: dict,
    scores: np.ndarray,
    trust: list[tuple[float, float] | None],
    sources: tuple[str, ...],
    draws: int,
    seed: int,
) -> np.ndarray:
    """Unit scores per draw, ``(draws, units)``, before rounding. ``scores``: ``(units, indicators)``
    marks with NaN for unknown; ``trust``: per unit (mean, sd) of a dimension without indicators
    (None: unknown)."""
    rng = np.random.default_rng(seed)
    inds = instrument["indicators"]
    low, top = instrument["scale"]["min"], instrument["scale"]["max"]
    n_units, n_ind = scores.shape
    # every random number is drawn whatever the switches, so the streams never shift
    unknown = rng.integers(low, top + 1, size=(draws, n_units, n_ind)).astype(float)
    dims = list(scheme.weights)
    by_dim = {d: [j for j, i in enumerate(inds) if i["dimension"] == d] for d in dims}
    gammas = {d: rng.gamma(WEIGHT_CONCENTRATION, size=(draws, len(js))) for d, js in by_dim.items() if js}
    bounds = scheme.split_bounds()
    split_draw = rng.dirichlet(np.ones(len(bounds)), size=draws) if bounds else None
    trust_u = rng.uniform(0.0, 100.0, size=(draws, n_units))
    trust_z = rng.standard_normal(size=(draws, n_units))

    filled = np.where(
        np.isnan(scores)[None, :, :], unknown if "unknown" in sources else (low + top) / 2, scores[None, :, :]
    )
    maxima = {d: np.full(draws, scheme.weights[d]) for d in dims}
    if bounds and "split" in sources:
        slack = float(scheme.split["total"]) - sum(bounds.values())
        for k, d in enumerate(bounds):
            maxima[d] = bounds[d] + slack * split_draw[:, k]
    total = np.zeros((draws, n_units))
    for d in dims:
        js = by_dim[d]
        if js:
            if "weights" in sources:
                w = gammas[d] / gammas[d].sum(axis=1, keepdims=True)
            else:
                w = np.full((draws, len(js)), 1.0 / len(js))
            share = np.einsum("dj,duj->du", w, filled[:, :, js]) / top
        else:  # no indicators: public trust, from the survey or unknown
            share = np.empty((draws, n_units))
            for u, given in enumerate(trust):
                if given is not None:
                    mean, sd = given
                    share[:, u] = np.clip(mean + (sd * trust_z[:, u] if "trust" in sources else 0.0), 0, 100) / 100
                else:
                    share[:, u] = trust_u[:, u] / 100 if "trust" in sources else 0.5
        total += maxima[d][:, None] * share
    return total


def _round(values: np.ndarray, truncate: np.ndarray | None) -> np.ndarray:
    half_up = round_half_up(values)
    if truncate is None:
        return half_up
    cut = np.floor(values * 100 + 1e-9) / 100
    return np.where(truncate, cut, half_up)


def _summaries(scheme: Scheme, unit_draws: np.ndarray, truncate: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    units = _round(unit_draws, truncate[:, None] if truncate is not None else None)
    pemda = _round(units.mean(axis=1), truncate)
    return units, pemda


def _describe(scheme: Scheme, values: np.ndarray, lang: str) -> dict:
    bands = scheme.classify(np.clip(values, scheme.scale_min, scheme.scale_max))
    labels = _labels(scheme, lang)
    probs = np.bincount(bands, minlength=len(labels)) / len(values)
    low, mid, high = np.percentile(values, [2.5, 50, 97.5])
    predicted = float(round_half_up(mid))
    at = int(scheme.classify([predicted])[0])
    band = scheme.bands[at]
    return {
        "predicted": predicted,
        "low": float(round_half_up(low)),
        "high": float(round_half_up(high)),
        "label": labels[at],
        "zone": band.zone,
        "grade_probabilities": {label: float(p) for label, p in zip(labels[::-1], probs[::-1], strict=True)},
        "p_green": float((values >= scheme.green_threshold).mean()),
    }


def _trust(survey, units: list[str], keys: list[str]) -> tuple[list, dict]:
    """Per unit (IKM, its standard error) from an SKM survey, matched by unit key; None where the
    survey has no rows for the unit."""
    if survey is None:
        return [None] * len(units), {}
    frame = (
        survey if isinstance(survey, pd.DataFrame) and "U1" in survey and "unit_type" in survey else read_survey(survey)
    )
    out = ikm(frame, by="unit")  # with its bootstrap standard error
    by_key = {
        unit_key(str(r["unit"])): (float(r["ikm"]), float(r.get("ikm_se") or 0.0), int(r["n"]))
        for _, r in out.iterrows()
    }
    found = [by_key.get(k) for k in keys]
    provenance = dict(frame.attrs.get("provenance", {}))
    return [None if f is None else (f[0], f[1]) for f in found], {
        "survey": provenance,
        "survey_n": [f and f[2] for f in found],
    }


def prepare(
    checklist: Checklist | str | os.PathLike | pd.DataFrame,
    region: str,
    year: int,
    survey=None,
    lang: str = "id",
    draws: int = DRAWS,
    seed: int = 0,
    sources: tuple[str, ...] = SOURCES,
    margin: float = MARGIN,
) -> Preparation:
    """Predict the next assessment from a self-assessment checklist.

    Parameters
    ----------
    checklist : Checklist, path or DataFrame
        A filled checklist (see :func:`checklist_template`, :func:`read_checklist`).
    region : str
        The Pemda the units belong to (a name for the report; nothing is looked up).
    year : int
        The assessment prepared for; its scheme and instrument judge the checklist.
    survey : path or DataFrame, optional
        The units' SKM survey (PermenPANRB 14/2017): from 2025 its IKM stands in for the public-trust
        points (an assumption, stated), with its sampling error.
    sources : tuple of str
        The sources of uncertainty simulated (default all of ``SOURCES``).

    Returns
    -------
    Preparation

    Examples
    --------
    >>> marks = pd.DataFrame({"unit": "Dinas Sosial", "code": [i["code"] for i in instrument_for(2024)["indicators"]],
    ...                       "score": 3})
    >>> p = prepare(marks, "Kabupaten Contoh", 2024)
    >>> p.pemda["predicted"], p.pemda["low"], p.pemda["high"], p.pemda["grade_probabilities"]["A"]
    (100.0, 100.0, 100.0, 1.0)
    """
    check_lang(lang)
    if not isinstance(checklist, Checklist):
        checklist = read_checklist(checklist, year)
    if checklist.year != int(year) and scheme_for(checklist.year).id != scheme_for(year).id:
        raise DataError(
            [Problem(Msg("checklist.other_year", theirs=checklist.scheme, year=year, ours=scheme_for(year).id))],
            checklist.source,
        )
    unknown_sources = [s for s in sources if s not in SOURCES]
    if unknown_sources:
        raise ValueError(f"unknown sources of uncertainty {unknown_sources}; known: {SOURCES}")
    scheme, instrument = scheme_for(year), instrument_for(year)
    inds = instrument["indicators"]
    codes = [i["code"] for i in inds]
    marks = checklist.marks
    keys = list(dict.fromkeys(marks["unit_key"]))
    names = [marks.loc[marks["unit_key"] == k, "unit"].iloc[0] for k in keys]
    grid = marks.pivot(index="unit_key", columns="code", values="score").reindex(index=keys, columns=codes)
    scores = grid.to_numpy(dtype=float)
    needs_trust = [d for d in scheme.weights if not any(i["dimension"] == d for i in inds)]
    trust, survey_info = _trust(survey, names, keys) if needs_trust else ([None] * len(keys), {})

    truncate_rng = np.random.default_rng(seed + 1).random(draws) < 0.5

    def run(active: tuple[str, ...], values: np.ndarray = scores):
        unit_draws = _simulate(scheme, instrument, values, trust, active, draws, seed)
        return _summaries(scheme, unit_draws, truncate_rng if "rounding" in active else None)

    unit_values, pemda_values = run(tuple(sources))
    top = instrument["scale"]["max"]
    red_at = top * RED_SHARE
    units = []
    for u, name in enumerate(names):
        described = _describe(scheme, unit_values[:, u], lang)
        rows = marks[marks["unit_key"] == keys[u]]
        red = [
            {"code": r.code, "indicator": _ind_label(inds, r.code, lang), "score": float(r.score)}
            for r in rows.itertuples()
            if not np.isnan(r.score) and r.score <= red_at
        ]
        units.append(
            described
            | {
                "unit": name,
                "filled": int(rows["score"].notna().sum()),
                "unknown": int(rows["score"].isna().sum()),
                "not_listed": int((~rows["listed"]).sum()),
                "red": red,
                "trust": None
                if not needs_trust
                else (None if trust[u] is None else {"ikm": trust[u][0], "se": trust[u][1]}),
            }
        )
    pemda = _describe(scheme, pemda_values, lang) | {"n_units": len(names)}
    applicable = tuple(x for x in sources if (x != "split" or scheme.split) and (x != "trust" or needs_trust))
    sensitivity = _sensitivity(scheme, run, applicable, pemda)  # a source the scheme does not have is left out
    fixes = _fix_first(scheme, instrument, names, scores, pemda, pemda_values, run, sources, margin, lang)
    assumptions = _assumptions(scheme, instrument, year, needs_trust, trust, survey is not None, lang)
    inputs = {"checklist": checklist.provenance or {"file": checklist.source}} | survey_info
    return Preparation(
        region=region,
        year=int(year),
        scheme=scheme.id,
        units=units,
        pemda=pemda,
        fixes=fixes,
        assumptions=assumptions,
        sensitivity=sensitivity,
        draws=draws,
        inputs=inputs,
    )


def _ind_label(inds: list[dict], code: str, lang: str) -> str:
    return next(pick(i["label"], lang) for i in inds if i["code"] == code)


def _sensitivity(scheme: Scheme, run, sources: tuple[str, ...], pemda: dict) -> list[dict]:
    """The Pemda interval with each source of uncertainty alone: what each assumption costs."""
    out = []
    for source in sources:
        _, values = run((source,))
        low, high = np.percentile(values, [2.5, 97.5])
        out.append({"source": source, "low": float(round_half_up(low)), "high": float(round_half_up(high))})
    out.append({"source": "all", "low": pemda["low"], "high": pemda["high"]})
    return out


def _fix_first(scheme, instrument, names, scores, pemda, now, run, sources, margin, lang) -> dict:
    """Items below the top, most Pemda points per step first (equal effort per step: an
    assumption), taken until the predicted Pemda score clears the next threshold plus ``margin``;
    then the probability of reaching the threshold with those fixes."""
    inds = instrument["indicators"]
    top = instrument["scale"]["max"]
    n_units = len(names)
    counts = {d: sum(1 for i in inds if i["dimension"] == d) for d in scheme.weights}
    outside = set(instrument.get("not_self_assessed") or {})  # 2025 output: secondary data, not the unit's to fix
    candidates = []
    for u, name in enumerate(names):
        for j, ind in enumerate(inds):
            mark = scores[u, j]
            if np.isnan(mark) or mark >= top or ind["dimension"] in outside:
                continue
            per_step_unit = scheme.weights[ind["dimension"]] / (counts[ind["dimension"]] * top)
            candidates.append(
                {
                    "unit": name,
                    "u": u,
                    "j": j,
                    "code": ind["code"],
                    "indicator": pick(ind["label"], lang),
                    "from": float(mark),
                    "to": float(top),
                    "unit_points": float(per_step_unit * (top - mark)),
                    "pemda_points": float(per_step_unit * (top - mark) / n_units),
                    "per_step": per_step_unit / n_units,
                }
            )
    candidates.sort(key=lambda c: (-c["per_step"], c["from"], c["u"], c["j"]))
    above = [b.lower for b in scheme.bands if b.lower > pemda["predicted"]]
    target = min(above) if above else None
    chosen, gained = [], 0.0
    if target is not None:
        needed = target + margin - pemda["predicted"]
        for c in candidates:
            if gained >= needed:
                break
            chosen.append(c)
            gained += c["pemda_points"]
    else:
        chosen = candidates[:5]  # at the top band: keep it (the largest remaining gains)
    after = scores.copy()
    for c in chosen:
        after[c["u"], c["j"]] = c["to"]
    _, values = run(tuple(sources), after)
    result = {
        "target": target,
        "margin": margin,
        "reached": bool(target is None or gained >= target + margin - pemda["predicted"]),
        "actions": [{k: v for k, v in c.items() if k not in ("u", "j", "per_step")} for c in chosen],
        "predicted_after": float(round_half_up(np.median(values))),
        "p_target_after": None if target is None else float((values >= target).mean()),
        "p_target_now": None if target is None else float((now >= target).mean()),
        "more": len(candidates) - len(chosen),
    }
    return result


def _assumptions(scheme, instrument, year, needs_trust, trust, has_survey, lang) -> list[dict]:
    items = [
        {
            "source": "unknown",
            "text": t("prep.assume.unknown", lang, low=instrument["scale"]["min"], top=instrument["scale"]["max"]),
        },
        {"source": "weights", "text": t("prep.assume.weights", lang, c=fmt_num(WEIGHT_CONCENTRATION, lang, 0))},
    ]
    if scheme.split:
        bounds = ", ".join(f"{d} ≥ {fmt_num(v, lang)}" for d, v in scheme.split_bounds().items())
        items.append(
            {
                "source": "split",
                "text": t("prep.assume.split", lang, total=fmt_num(scheme.split["total"], lang, 0), bounds=bounds),
            }
        )
    if needs_trust:
        points = fmt_num(sum(scheme.weights[d] for d in needs_trust), lang, 0)
        key = (
            "prep.assume.trust_survey"
            if has_survey and any(x is not None for x in trust)
            else "prep.assume.trust_unknown"
        )
        items.append({"source": "trust", "text": t(key, lang, points=points)})
    items.append({"source": "rounding", "text": t("prep.assume.rounding", lang)})
    items.append({"source": "effort", "text": t("prep.assume.effort", lang)})
    items.append({"source": "red", "text": t("prep.assume.red", lang)})
    if instrument.get("unofficial"):
        items.append({"source": "instrument", "text": pick(instrument["unofficial"], lang)})
    return items  # the scheme's own unconfirmed points are in the report's methods box
