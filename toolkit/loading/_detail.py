"""Detail: per-unit dimension scores (0-100) and indicator scores (the scheme's 0-3 scale)
(:func:`read_detail`)."""

from __future__ import annotations

import os
import re
import warnings

import numpy as np
import pandas as pd

from toolkit.errors import DataWarning, Problem, SchemeError
from toolkit.i18n import Msg
from toolkit.loading._cells import clean_text, parse_numbers
from toolkit.loading._columns import fold_header, map_headers
from toolkit.loading._read import read_table
from toolkit.loading._results import RESULT_COLUMNS
from toolkit.names import canonical_region, region_key, unit_key, unit_type
from toolkit.schemes import load_catalogue, scheme_for

__all__ = ["DETAIL_COLUMNS", "REQUIRED_DETAIL_COLUMNS", "read_detail"]

DETAIL_COLUMNS: dict[str, tuple[str, ...]] = {
    "year": RESULT_COLUMNS["year"],
    "region": RESULT_COLUMNS["region"],
    "unit": RESULT_COLUMNS["unit"],
    "dimension": ("dimension", "dimensi", "aspek"),
    "variable": ("variable", "variabel", "komponen"),
    "indicator": ("indicator", "indikator", "kode indikator", "indicator code", "kode"),
    "label": ("label", "uraian", "nama indikator", "indicator label", "deskripsi"),
    "score": RESULT_COLUMNS["score"],
    "note": RESULT_COLUMNS["note"],
    "synthetic": ("synthetic", "sintetis"),
}
REQUIRED_DETAIL_COLUMNS = ("year", "region", "unit", "dimension", "score")

_DIMENSION_ALIASES = {
    "input": "input",
    "masukan": "input",
    "proses": "proses",
    "process": "proses",
    "output": "output",
    "keluaran": "output",
    "persepsi maladministrasi": "output",
    "pengaduan": "pengaduan",
    "pengelolaan pengaduan": "pengaduan",
    "complaint management": "pengaduan",
    "complaints": "pengaduan",
    "kepercayaan": "kepercayaan",
    "kepercayaan masyarakat": "kepercayaan",
    "public trust": "kepercayaan",
}


def read_detail(
    source: str | os.PathLike | pd.DataFrame, sheet: str | int | None = None, *, results: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Read and validate per-unit detail: dimension scores (0-100) and/or indicator scores (0-3).

    One row per unit and dimension (``indicator`` blank: a dimension score, 0-100) or per unit
    and indicator (``indicator`` given: an indicator score on the scheme's 0-3 scale). A template
    with a guide is in ``data/templates/``.

    Parameters
    ----------
    source : path or DataFrame
        CSV, XLSX or Parquet with ``year, region, unit, dimension, score`` and optionally
        ``variable, indicator, label, note, synthetic`` (Indonesian headers accepted).
    sheet : str or int, optional
        The sheet of a workbook to read (default the first).
    results : pandas.DataFrame, optional
        The results table (:func:`read_results`) the detail belongs to: units of the detail that
        it does not hold are named in a :class:`~toolkit.errors.DataWarning`.

    Returns
    -------
    pandas.DataFrame
        ``year, region, region_key, unit, unit_type, dimension, variable, indicator, label,
        kind (dimension|indicator), score, max_score, note, synthetic, source_row``. Filter on
        ``region_key`` (:func:`toolkit.names.region_key` of a name), not on the name.

    Raises
    ------
    DataError
        Listing every problem: unknown dimensions, a variable that does not belong to its
        dimension, scores out of range, duplicates, and units whose dimensions are incomplete.

    Warns
    -----
    DataWarning
        For indicator codes the scheme's indicator list (``toolkit/catalogue/indicators-*.toml``)
        does not hold (real detail files may use other codes: they are read as written), and,
        with ``results``, for units the results do not hold.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"tahun": 2022, "pemda": "Kota X", "opd": "Dinsos",
    ...                      "dimensi": ["input", "proses", "output", "pengaduan"],
    ...                      "nilai": ["70", "65,5", "80", "60"]})
    >>> read_detail(rows)[["dimension", "kind", "score"]]
       dimension       kind  score
    0      input  dimension   70.0
    1     proses  dimension   65.5
    2     output  dimension   80.0
    3  pengaduan  dimension   60.0
    """
    table = read_table(source, sheet)
    found = map_headers(table, DETAIL_COLUMNS, REQUIRED_DETAIL_COLUMNS)
    table.raise_if_problems()
    frame = table.frame
    header = found.get

    def add(positions, column, message, values=None):
        for pos in np.flatnonzero(positions):
            table.add(
                Problem(message, table.row_label(pos), header(column), None if values is None else values.iloc[pos])
            )

    years, bad = parse_numbers(frame["year"])
    with np.errstate(invalid="ignore"):
        bad |= ~np.isnan(years) & ((np.round(years) != years) | (years < 1000) | (years > 9999))
    add(np.isnan(years) & ~bad, "year", Msg("problem.year_missing"))
    add(bad, "year", Msg("problem.year_not_whole"), frame["year"])
    ok_year = ~np.isnan(years) & ~bad
    schemes = {}
    for y in np.unique(years[ok_year]).astype(int):
        try:
            scheme = scheme_for(int(y))
        except SchemeError as exc:
            add(ok_year & (years == y), "year", exc.args[0], frame["year"])
            continue
        if not scheme.dimensions:
            add(ok_year & (years == y), "year", Msg("problem.scheme_no_dimensions", scheme=scheme.id))
            continue
        schemes[int(y)] = scheme

    regions = clean_text(frame["region"])
    units = clean_text(frame["unit"])
    add(regions.isna().to_numpy(), "region", Msg("problem.region_missing"))
    add(units.isna().to_numpy(), "unit", Msg("problem.unit_missing"))
    region_keys = regions.map(lambda v: region_key(v) if isinstance(v, str) else None)
    add((region_keys == "").to_numpy(), "region", Msg("problem.region_no_letters"), regions)
    table.flag_long(regions, header("region"))
    table.flag_long(units, header("unit"))

    dims_text = clean_text(frame["dimension"])
    dims = dims_text.map(lambda v: _DIMENSION_ALIASES.get(fold_header(v), "?") if isinstance(v, str) else None)
    add(dims.isna().to_numpy(), "dimension", Msg("problem.dimension_missing"))
    add(
        (dims == "?").to_numpy(),
        "dimension",
        Msg("problem.dimension_unknown"),
        frame["dimension"],
    )

    variables = (
        clean_text(frame["variable"]).map(lambda v: re.sub(r"\s+", "_", fold_header(v)) if isinstance(v, str) else None)
        if "variable" in frame
        else pd.Series([None] * len(frame), index=frame.index, dtype=object)
    )
    indicators = (
        clean_text(frame["indicator"]) if "indicator" in frame else pd.Series(pd.NA, index=frame.index, dtype="str")
    )
    is_indicator = ~indicators.isna().to_numpy()

    scores, bad = parse_numbers(frame["score"])
    add(np.isnan(scores) & ~bad, "score", Msg("problem.score_missing"))
    add(bad, "score", Msg("problem.score_not_number"), frame["score"])
    max_scores = np.full(len(frame), np.nan)
    # plain lists: reading a Series cell by cell costs about 0,1 ms a cell
    dim_at, var_at = dims.tolist(), variables.tolist()
    for pos in range(len(frame)):
        y = int(years[pos]) if ok_year[pos] else None
        scheme = schemes.get(y)
        dim = dim_at[pos]
        if scheme is None or dim in (None, "?"):
            continue
        known = {d["key"]: d for d in scheme.dimensions}
        if dim not in known:
            table.add(
                Problem(
                    Msg("problem.dimension_not_in_scheme", dimension=dim, scheme=scheme.id),
                    table.row_label(pos),
                    header("dimension"),
                )
            )
            continue
        var = var_at[pos]
        if isinstance(var, str) and var and var not in known[dim].get("variables", []):
            table.add(
                Problem(
                    Msg(
                        "problem.variable_wrong_dimension",
                        variable=var,
                        dimension=dim,
                        expected=", ".join(known[dim].get("variables", [])),
                    ),
                    table.row_label(pos),
                    header("variable"),
                )
            )
        top = float(scheme.indicators.get("max", 3)) if is_indicator[pos] else 100.0
        low = float(scheme.indicators.get("min", 0)) if is_indicator[pos] else 0.0
        max_scores[pos] = top
        if not np.isnan(scores[pos]) and not low <= scores[pos] <= top:
            what = "problem.indicator_score_range" if is_indicator[pos] else "problem.dimension_score_range"
            table.add(Problem(Msg(what, low=low, high=top), table.row_label(pos), header("score"), scores[pos]))

    # duplicates and completeness per unit
    keys: list[tuple | None] = [None] * len(frame)
    region_at, unit_at, rkey_at = regions.tolist(), units.tolist(), region_keys.tolist()
    code_at = indicators.tolist()
    per_unit: dict[tuple, dict] = {}
    for pos in range(len(frame)):
        if not ok_year[pos] or not isinstance(region_at[pos], str) or not isinstance(unit_at[pos], str):
            continue
        ukey = (int(years[pos]), rkey_at[pos], unit_key(unit_at[pos]))
        entry = per_unit.setdefault(
            ukey,
            {
                "first": pos,
                "dims": set(),
                "name": unit_at[pos],
                "region": region_at[pos],
                "year": int(years[pos]),
            },
        )
        dim = dim_at[pos]
        if dim not in (None, "?"):
            entry["dims"].add(dim)
        code = code_at[pos] if is_indicator[pos] else ""
        keys[pos] = (*ukey, dim, str(code).casefold())
    table.flag_duplicates(
        keys, Msg("problem.same_unit_dimension_indicator"), header("indicator") or header("dimension")
    )
    for entry in per_unit.values():
        scheme = schemes.get(entry["year"])
        if scheme is None:
            continue
        missing = [d["key"] for d in scheme.dimensions if d["key"] not in entry["dims"]]
        if missing:
            table.add(
                Problem(
                    Msg("problem.unit_missing_dimensions", unit=entry["name"], dimensions=", ".join(missing)),
                    table.row_label(entry["first"]),
                    header("dimension"),
                )
            )

    table.raise_if_problems()
    _warn_unknown_indicators(table.name, years, ok_year, indicators, is_indicator, schemes)
    if results is not None:
        _warn_units_not_in(table.name, per_unit, results)

    synthetic = (
        clean_text(frame["synthetic"]).str.casefold().isin(["true", "1", "ya", "yes", "y"]).to_numpy()
        if "synthetic" in frame
        else np.zeros(len(frame), dtype=bool)
    )
    out = pd.DataFrame(
        {
            "year": years.astype("int64") if len(years) else np.array([], dtype="int64"),
            "region": regions.map(canonical_region).astype("str"),
            "region_key": region_keys.astype("str"),
            "unit": units.astype("str"),
            "unit_type": units.map(unit_type).astype("str"),
            "dimension": dims.astype("str"),
            "variable": variables.astype("str"),
            "indicator": indicators.astype("str"),
            "label": clean_text(frame["label"]).astype("str")
            if "label" in frame
            else pd.Series(pd.NA, index=frame.index, dtype="str"),
            "kind": np.where(is_indicator, "indicator", "dimension"),
            "score": scores,
            "max_score": max_scores,
            "note": clean_text(frame["note"]).astype("str")
            if "note" in frame
            else pd.Series(pd.NA, index=frame.index, dtype="str"),
            "synthetic": synthetic,
        },
        index=frame.index,
    )
    out["kind"] = out["kind"].astype("str")
    out["source_row"] = [table.row_label(p) for p in range(len(frame))]
    out = out.reset_index(drop=True)
    out.attrs["provenance"] = {**table.provenance, "synthetic": bool(synthetic.any())}
    return out


def _warn_unknown_indicators(source, years, ok_year, indicators, is_indicator, schemes) -> None:
    """Name the indicator codes that the indicator list of their year's scheme does not hold."""
    unknown: dict[str, list[str]] = {}
    for year, scheme in schemes.items():
        if not scheme.catalogue:
            continue
        known = {str(i["code"]).casefold() for i in load_catalogue(scheme.catalogue)["indicators"]}
        rows = is_indicator & ok_year & (years == year)
        for code in dict.fromkeys(indicators[rows].tolist()):
            if str(code).casefold() not in known:
                unknown.setdefault(scheme.catalogue, []).append(str(code))
    for catalogue, codes in unknown.items():
        warnings.warn(
            Msg(
                "problem.unknown_indicators",
                source=source,
                n=len(codes),
                catalogue=catalogue,
                codes=", ".join(codes[:20]),
            ),
            DataWarning,
            stacklevel=3,
        )


def _warn_units_not_in(source, per_unit: dict[tuple, dict], results: pd.DataFrame) -> None:
    """Name the units of the detail (year, region, unit) that the results table does not hold."""
    units = results[results["unit"].notna()]
    held = set(zip(units["year"].astype(int), units["region_key"], units["unit"].map(unit_key), strict=True))
    missing = [f"{e['name']} ({e['region']}, {e['year']})" for key, e in per_unit.items() if key not in held]
    if missing:
        warnings.warn(
            Msg("problem.detail_units_not_in_results", source=source, n=len(missing), units="; ".join(missing[:20])),
            DataWarning,
            stacklevel=3,
        )
