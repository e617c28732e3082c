"""Results: a table of published (or your own) compliance scores, one row per unit or Pemda and
assessment year (:func:`read_results`)."""

from __future__ import annotations

import os
import warnings

import numpy as np
import pandas as pd

from toolkit.errors import DataWarning, Problem, SchemeError
from toolkit.i18n import Msg
from toolkit.loading._cells import Coded, parse_numbers
from toolkit.loading._columns import map_headers
from toolkit.loading._read import read_table
from toolkit.names import canonical_province, region_facts, unit_key, unit_type
from toolkit.schemes import scheme_for

__all__ = ["LEVELS", "REQUIRED_RESULT_COLUMNS", "RESULT_COLUMNS", "read_results"]

#: Canonical results columns and the headers accepted for each (compared case- and
#: punctuation-insensitively).
RESULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("year", "tahun", "thn", "tahun penilaian", "assessment year", "periode"),
    "level": ("level", "tingkat", "jenis", "level penilaian"),
    "region": (
        "region",
        "pemda",
        "wilayah",
        "daerah",
        "nama pemda",
        "pemerintah daerah",
        "kabupaten kota",
        "kab kota",
        "instansi",
    ),
    "province": ("province", "provinsi", "prov"),
    "unit": (
        "unit",
        "opd",
        "unit layanan",
        "unit pelayanan",
        "perangkat daerah",
        "satuan kerja",
        "satker",
        "nama unit",
        "nama opd",
        "unit name",
        # the headers Indonesian offices use for a unit (#23)
        "nama perangkat daerah",
        "perangkat daerah opd",
        "unit kerja",
        "nama unit kerja",
        "nama unit layanan",
        "nama unit pelayanan",
        "nama satuan kerja",
        "skpd",
        "nama skpd",
        "lokus",
        "lokus penilaian",
        "unit penyelenggara",
        "penyelenggara layanan",
        "service unit",
        "organisasi perangkat daerah",
        "nama organisasi perangkat daerah",
        "dinas",
        "nama dinas",
        "unit organisasi",
        "unit pelayanan publik",
        "nama unit pelayanan publik",
    ),
    "score": (
        "score",
        "nilai",
        "skor",
        "nilai akhir",
        "nilai kepatuhan",
        "total score",
        "skor akhir",
        "skor kepatuhan",
        "nilai total",
        "total nilai",
        "nilai penilaian",
    ),
    "category_published": ("category published", "category", "kategori", "grade", "nilai huruf"),
    "zone_published": ("zone published", "zone", "zona"),
    "opinion_published": ("opinion published", "opinion", "opini", "kualitas", "predikat"),
    "quality_published": (
        "quality published",
        "quality",
        "kualitas pelayanan",
        "label kualitas",
        "kualitas pelayanan published",
    ),
    "without_maladministration": (
        "without maladministration",
        "tanpa maladministrasi",
        "tanpa maladministrasi published",
    ),
    "source_url": ("source url", "source", "sumber", "url", "tautan"),
    "note": ("note", "notes", "catatan", "keterangan"),
    "synthetic": ("synthetic", "sintetis"),
}
REQUIRED_RESULT_COLUMNS = ("year", "region", "score")

_LEVELS = {
    "unit": "unit",
    "opd": "unit",
    "unit layanan": "unit",
    "perangkat daerah": "unit",
    "pemda": "pemda",
    "pemerintah daerah": "pemda",
    "pemkab": "pemda",
    "pemkot": "pemda",
    "pemprov": "pemda",
    "region": "pemda",
    "instansi": "instansi",
    "kementerian": "instansi",
    "lembaga": "instansi",
    "kementerian lembaga": "instansi",
    "ministry": "instansi",
    "agency": "instansi",
    "vertical": "vertical",
    "vertikal": "vertical",
    "instansi vertikal": "vertical",
}

#: What each level means (for messages): units and Pemdas make a Pemda's score; ministries and
#: agencies (``instansi``) have no region; central-government offices in a region (``vertical``:
#: Polres, Kantor Pertanahan) are graded but never enter a Pemda mean.
LEVELS = ("unit", "pemda", "instansi", "vertical")
#: A level as a small integer while loading; "?" is a level the loader does not know.
_LEVEL_CODES = (*LEVELS, "?")

_TRUE = {"true", "1", "ya", "yes", "y"}
_FALSE = {"false", "0", "tidak", "no", "n"}


def read_results(source: str | os.PathLike | pd.DataFrame, sheet: str | int | None = None) -> pd.DataFrame:
    """Read and validate a table of published (or your own) compliance scores.

    Parameters
    ----------
    source : path or DataFrame
        CSV (comma, semicolon or tab separated), XLSX or Parquet, one row per unit or Pemda and
        assessment year. Headers may be English or Indonesian (``tahun``/``year``,
        ``pemda``/``wilayah``/``region``, ``opd``/``unit``, ``nilai``/``score``, ...); scores may
        use a decimal comma (``73,02``).

    Returns
    -------
    pandas.DataFrame
        One row per input row, in input order: ``year``, ``level`` (``unit``/``pemda``),
        ``region`` (canonical), ``region_as_written``, ``region_type``, ``unit`` (as written),
        ``unit_type``, ``score``, the other recognised columns and any extra columns as given, and
        ``source_row`` (the row in the input). ``.attrs["provenance"]`` names the file and its
        SHA-256.

    Raises
    ------
    DataError
        Listing every problem with its file, row and column: missing columns, a missing or
        unparsable year or score, a year with no scheme, a score outside the scheme's scale, a bad
        level, or a duplicate (year, region, unit).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"Tahun": [2022], "Pemda": ["Kab. Bekasi"],
    ...                       "OPD": ["Disdik"], "Nilai": ["62,62"]})
    >>> read_results(frame)[["year", "region", "unit", "unit_type", "score"]]
       year            region    unit  unit_type  score
    0  2022  Kabupaten Bekasi  Disdik  education  62.62
    """
    table = read_table(source, sheet)
    found = map_headers(table, RESULT_COLUMNS, REQUIRED_RESULT_COLUMNS)
    table.raise_if_problems()
    frame = table.frame
    header = found.get  # canonical -> header as written, for messages
    unknown = [str(c) for c in frame.columns if c not in RESULT_COLUMNS]
    unknown_names = ", ".join(repr(c) for c in unknown[:20])
    no_unit_column = "unit" not in frame and "level" not in frame
    if unknown:  # carried through as given, never used for a score: said by name
        # without a unit column every row is read as a Pemda's score: said, never silently guessed
        warnings.warn(
            Msg(
                "problem.unknown_columns_no_unit" if no_unit_column else "problem.unknown_columns",
                source=table.name,
                names=unknown_names,
                units=", ".join(RESULT_COLUMNS["unit"][:8]),
            ),
            DataWarning,
            stacklevel=2,
        )

    def add(positions: np.ndarray, column: str, message: str, values=None) -> None:
        for pos in np.flatnonzero(positions):
            value = None if values is None else values.at(pos) if isinstance(values, Coded) else values.iloc[pos]
            table.add(Problem(message, table.row_label(pos), header(column), value))

    # year
    years, bad = parse_numbers(frame["year"])
    missing = np.isnan(years) & ~bad
    with np.errstate(invalid="ignore"):
        fractional = ~bad & ~missing & (np.round(years) != years)
        implausible = ~bad & ~missing & ~fractional & ((years < 1000) | (years > 9999))
    add(missing, "year", Msg("problem.year_missing"))
    add(bad | fractional, "year", Msg("problem.year_not_whole"), frame["year"])
    add(implausible, "year", Msg("problem.year_not_four_digit"), frame["year"])
    ok_year = ~(bad | missing | fractional | implausible)
    schemes: dict[int, object] = {}
    for y in np.unique(years[ok_year]).astype(int):
        try:
            schemes[y] = scheme_for(int(y))
        except SchemeError as exc:
            add(
                ok_year & (years == y), "year", Msg("problem.year_no_scheme", year=y, reason=exc.args[0]), frame["year"]
            )

    # region (a ministry or agency has none; it is checked once levels are known)
    # blank cells (spaces, "-", "nan") become missing; canonical name, key and type per distinct name
    region = Coded.of(frame["region"])
    canonical, region_keys, region_types = (
        (list(x) for x in zip(*map(region_facts, region.values), strict=True)) if region.values else ([], [], [])
    )
    region_missing = ~region.present
    # a name of only punctuation or symbols keys to "": it would merge with every other such name
    no_letters = np.array([key == "" for key in region_keys] + [False], dtype=bool)[region.codes]

    # score
    scores, bad = parse_numbers(frame["score"])
    add(np.isnan(scores) & ~bad, "score", Msg("problem.score_missing"))
    add(bad, "score", Msg("problem.score_not_number"), frame["score"])
    for y, scheme in schemes.items():
        rows = ok_year & (years == y) & ~np.isnan(scores)
        out = rows & ((scores < scheme.scale_min) | (scores > scheme.scale_max))
        add(
            out,
            "score",
            Msg("problem.score_outside", scheme=scheme.id, low=scheme.scale_min, high=scheme.scale_max),
            frame["score"],
        )

    # unit and level (levels as positions in _LEVEL_CODES)
    units = Coded.of(frame["unit"]) if "unit" in frame else Coded.empty(len(frame))
    has_unit = units.present
    inferred = np.where(has_unit, _LEVEL_CODES.index("unit"), _LEVEL_CODES.index("pemda"))
    if "level" in frame:
        written = Coded.of(frame["level"])
        per_value = [_LEVEL_CODES.index(_LEVELS.get(v.casefold(), "?")) for v in written.values]
        levels = np.array([*per_value, -1], dtype=np.intp)[written.codes]
        bad_level = levels == _LEVEL_CODES.index("?")
        add(bad_level, "level", Msg("problem.level_unknown", levels=", ".join(LEVELS)), frame["level"])
        levels = np.where(levels < 0, inferred, levels)
    else:
        levels = inferred
    is_instansi = levels == _LEVEL_CODES.index("instansi")
    is_pemda = levels == _LEVEL_CODES.index("pemda")
    needs_unit = np.isin(levels, [_LEVEL_CODES.index(v) for v in ("unit", "vertical", "instansi")])
    add(needs_unit & ~has_unit, "unit", Msg("problem.unit_row_needs_unit"))
    add(is_pemda & has_unit, "unit", Msg("problem.pemda_row_names_unit"), units)
    add(region_missing & ~is_instansi, "region", Msg("problem.region_missing"))
    add(no_letters, "region", Msg("problem.region_no_letters"), region)

    # "Tanpa Maladministrasi" (2025 on): a published fact, read from the published opinion or
    # given in a column of its own; never computed from the score. Blank where not known.
    applies = np.zeros(len(frame), dtype=bool)
    for y, scheme in schemes.items():
        if scheme.maladministration:
            applies |= ok_year & (years == y)
    malad = pd.arrays.BooleanArray(np.zeros(len(frame), dtype=bool), np.ones(len(frame), dtype=bool))  # all blank
    if "opinion_published" in frame:
        opinions = Coded.of(frame["opinion_published"])
        given = applies & opinions.present
        says = opinions.test(lambda v: "tanpa maladministrasi" in v.casefold())
        malad = pd.arrays.BooleanArray(says, ~given)
    if "without_maladministration" in frame:
        flag = Coded.of(frame["without_maladministration"])
        folded = Coded(flag.codes, [v.casefold() for v in flag.values])  # as the messages show it
        is_true, is_false = flag.test(lambda v: v.casefold() in _TRUE), flag.test(lambda v: v.casefold() in _FALSE)
        wrong = flag.present & ~is_true & ~is_false
        add(wrong, "without_maladministration", Msg("problem.malad_flag"), folded)
        stated = pd.arrays.BooleanArray(is_true, ~(is_true | is_false))
        conflict = (stated != malad).fillna(False).to_numpy(dtype=bool)
        add(conflict, "without_maladministration", Msg("problem.malad_conflict"), folded)
        add(
            ~applies & (is_true | is_false) & ok_year,
            "without_maladministration",
            Msg("problem.malad_before_2025"),
            folded,
        )
        malad = malad.fillna(stated)

    # duplicates of (year, region, unit) once names are canonical
    table.flag_long(region, header("region"))
    table.flag_long(units, header("unit"))
    keys_or_blank = [*region_keys, ""]  # the last for a row without a region (code -1)
    region_ids = pd.factorize(pd.Index(keys_or_blank))[0]
    unit_ids = pd.factorize(pd.Index([*(unit_key(v) for v in units.values), ""]))[0]
    region_id, unit_id = region_ids[region.codes], unit_ids[units.codes]  # code -1: the last, ""
    keyed = ok_year & (region.present | is_instansi)
    if no_unit_column and unknown:  # two rows of one Pemda and year: perhaps a unit column not recognised
        same = Msg("problem.same_year_region_no_unit", names=unknown_names, units=", ".join(RESULT_COLUMNS["unit"][:8]))
    else:
        same = Msg("problem.same_year_region_unit")
    table.flag_duplicate_keys(
        pd.DataFrame({"y": years, "r": region_id, "u": unit_id}),
        keyed,
        same,
        header("unit") or (None if no_unit_column and unknown else header("region")),
    )

    table.raise_if_problems()

    unit_types = [unit_type(v) for v in units.values]
    unknown = sorted(v for v, kind in zip(units.values, unit_types, strict=True) if kind == "other")
    if unknown:
        warnings.warn(
            Msg("problem.unknown_units", source=table.name, n=len(unknown), names="; ".join(unknown[:20])),
            DataWarning,
            stacklevel=2,
        )

    out = pd.DataFrame(
        {
            "year": years.astype("int64") if len(years) else np.array([], dtype="int64"),
            "level": pd.array(list(_LEVEL_CODES), dtype="str").take(levels),
            "region": region.spread(canonical),
            "region_as_written": region.spread(),
            "region_key": region.spread(keys_or_blank, np.where(region.present, region.codes, len(region_keys))),
            "region_type": region.spread(
                [*region_types, "instansi"], np.where(is_instansi, len(region_types), region.codes)
            ),
            "unit": units.spread(),
            "unit_type": units.spread(unit_types),
            "score": scores,
        },
        index=frame.index,
    )
    if "province" in frame:
        # one spelling per province ("NTT" is Nusa Tenggara Timur); a name that is not a province
        # is kept as written and named in a warning; the written form stays beside it
        provinces = Coded.of(frame["province"])
        official = [canonical_province(v) for v in provinces.values]
        unknown_provinces = sorted(v for v, o in zip(provinces.values, official, strict=True) if o is None)
        if unknown_provinces:
            warnings.warn(
                Msg(
                    "problem.unknown_provinces",
                    source=table.name,
                    n=len(unknown_provinces),
                    names="; ".join(unknown_provinces[:20]),
                ),
                DataWarning,
                stacklevel=2,
            )
        out.insert(4, "province", provinces.spread([o or v for v, o in zip(provinces.values, official, strict=True)]))
        out.insert(5, "province_as_written", provinces.spread())
    used = {"year", "level", "region", "unit", "score", "without_maladministration"}
    extra = {  # every other column as given, added in one step (one by one is quadratic in columns)
        column: Coded.of(frame[column]).spread() if frame[column].dtype == object else frame[column].to_numpy()
        for column in frame.columns
        if column not in out and column not in used
    }
    if extra:
        out = pd.concat([out, pd.DataFrame(extra, index=frame.index)], axis=1)
    out["without_maladministration"] = malad
    # rows a generator made say so, and everything computed from them carries the mark
    out["synthetic"] = (
        Coded.of(frame["synthetic"].astype("str")).test(lambda v: v.casefold() in _TRUE)
        if "synthetic" in frame
        else np.zeros(len(frame), dtype=bool)
    )
    out["source_row"] = (
        np.arange(2, len(frame) + 2) if table.from_file else [table.row_label(p) for p in range(len(frame))]
    )
    out = out.reset_index(drop=True)
    out.attrs["provenance"] = {**table.provenance, "synthetic": bool(out["synthetic"].any())}
    return out
