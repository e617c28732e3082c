"""Loaders: read a results table from CSV, XLSX, Parquet or a DataFrame, and validate it.

A loader never drops a row silently. It collects every problem it finds, with the file, the row
(the line a person sees in the file; the header is line 1) and the column, and raises one
:class:`~toolkit.errors.DataError` listing them all.
"""

from __future__ import annotations

import hashlib
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.errors import DataError, DataWarning, Problem, SchemeError
from toolkit.i18n import Msg
from toolkit.names import canonical_province, canonical_region, region_facts, region_key, unit_key, unit_type
from toolkit.schemes import scheme_for

__all__ = ["RESULT_COLUMNS", "read_results"]

#: Problems kept in memory for one error; the message lists fewer, the count is always exact.
KEEP_PROBLEMS = 1000

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


# --------------------------------------------------------------------------------------------
# shared machinery (the survey and detail loaders use it too)
# --------------------------------------------------------------------------------------------
@dataclass
class Table:
    """A raw table as read, with what is needed to point at its rows."""

    frame: pd.DataFrame
    name: str
    provenance: dict
    from_file: bool
    problems: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(self, problem: Problem) -> None:
        self.total += 1
        if len(self.problems) < KEEP_PROBLEMS:
            self.problems.append(problem)

    def row_label(self, position: int) -> object:
        """The row as the user sees it: the file line (header = 1) or the DataFrame index label."""
        if self.from_file:
            return int(position) + 2
        label = self.frame.index[position]
        return label.item() if hasattr(label, "item") else label

    def flag_duplicates(self, keys: list, what: str, column: str | None) -> None:
        """Report each row whose key (None: skip) repeats an earlier row's, naming that row."""
        first: dict[object, int] = {}
        for pos, key in enumerate(keys):
            if key is None:
                continue
            if key in first:
                self.add(
                    Problem(
                        Msg("problem.duplicate_row", row=self.row_label(first[key]), what=what),
                        self.row_label(pos),
                        column,
                    )
                )
            else:
                first[key] = pos

    def flag_duplicate_keys(self, keys: pd.DataFrame, use: np.ndarray, what: str, column: str | None) -> None:
        """Vectorised :meth:`flag_duplicates`: rows (where ``use``) whose key columns repeat an
        earlier row's, each reported with the row it repeats."""
        keys = keys[use]
        repeated = keys.duplicated(keep="first").to_numpy()
        if not repeated.any():
            return
        group = keys.groupby(list(keys.columns), sort=False).ngroup().to_numpy()
        first = pd.Series(keys.index.to_numpy()).groupby(group).transform("first").to_numpy()
        for pos, earlier in zip(keys.index.to_numpy()[repeated], first[repeated], strict=True):
            self.add(
                Problem(
                    Msg("problem.duplicate_row", row=self.row_label(earlier), what=what), self.row_label(pos), column
                )
            )

    def flag_long(self, values: pd.Series | Coded, column: str | None) -> None:
        """Report every name longer than :data:`MAX_NAME_LENGTH` characters, with its row."""
        if isinstance(values, Coded):
            lengths, value_at = values.lengths(), values.at
        else:
            lengths = values.astype("str").str.len().where(values.notna(), 0).to_numpy()
            value_at = values.iloc.__getitem__
        for pos in np.flatnonzero(lengths > MAX_NAME_LENGTH):
            self.add(
                Problem(
                    Msg("problem.name_too_long", length=int(lengths[pos]), limit=MAX_NAME_LENGTH),
                    self.row_label(pos),
                    column,
                    str(value_at(pos))[:40] + "...",
                )
            )

    def raise_if_problems(self) -> None:
        if self.total:
            raise DataError(self.problems, self.name, self.total)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


#: Byte-order marks of the Unicode encodings a spreadsheet may save CSV in, longest first.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

#: Longest name (region, unit) a loader accepts: real names are far shorter; a longer one is a
#: broken cell (a pasted paragraph), reported with its row rather than drawn a metre wide.
MAX_NAME_LENGTH = 300


def _encodings(path: Path) -> tuple[str, ...]:
    """The encoding a byte-order mark names, else UTF-8 then Windows-1252."""
    with path.open("rb") as fh:
        head = fh.read(4)
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return (encoding,)
    return ("utf-8-sig", "cp1252")


def _sniff_sep(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, errors="replace") as fh:
        head = fh.readline()
    counts = {sep: head.count(sep) for sep in (",", ";", "\t", "|")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def _header_row(path: Path, encoding: str, sep: str) -> list[str]:
    import csv

    with path.open(encoding=encoding, errors="replace", newline="") as fh:
        return [h.strip() for h in next(csv.reader(fh, delimiter=sep), [])]


def read_table(source: str | os.PathLike | pd.DataFrame, sheet: str | int | None = None) -> Table:
    """Read a CSV, TSV, XLSX or Parquet file (or take a DataFrame) without judging its content.

    Problems of shape are reported, never passed over: a header written twice, a file with a
    header and no rows, and, in a workbook, data on any sheet other than the one read (choose it
    with ``sheet``, a name or a number). CSV in UTF-16 or UTF-32 is recognised by its byte-order
    mark.
    """
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
        table = Table(frame, "<DataFrame>", {"source": "<DataFrame>", "rows": len(frame)}, False)
        _check_shape(table, [str(c) for c in frame.columns])
        return table
    try:
        path = Path(os.fspath(source))
    except TypeError as exc:
        raise DataError([Problem(Msg("problem.cannot_read_type", kind=type(source).__name__))]) from exc
    name = str(path)
    if not path.is_file():
        raise DataError([Problem(Msg("problem.file_not_found"))], name)
    suffix = path.suffix.casefold()
    extra: list[Problem] = []
    try:
        if suffix in (".csv", ".txt", ".tsv"):
            frame, headers = _read_csv(path)
        elif suffix in (".xlsx", ".xlsm", ".xls"):
            frame, headers, extra = _read_workbook(path, sheet)
        elif suffix in (".parquet", ".pq"):
            frame = pd.read_parquet(path)
            headers = [str(c) for c in frame.columns]
        else:
            raise DataError([Problem(Msg("problem.unknown_file_type", suffix=suffix))], name)
    except DataError:
        raise
    except (ValueError, OSError, ImportError, pd.errors.ParserError, UnicodeError) as exc:
        raise DataError([Problem(Msg("problem.cannot_read", reason=exc))], name) from exc
    frame = frame.reset_index(drop=True)
    provenance = {"source": name, "file": path.name, "sha256": _sha256(path), "rows": len(frame)}
    if sheet is not None:
        provenance["sheet"] = sheet
    table = Table(frame, name, provenance, True)
    for problem in extra:
        table.add(problem)
    _check_shape(table, headers)
    return table


def _check_shape(table: Table, headers: list[str]) -> None:
    """A header written twice, and a table with a header but no rows, are errors of the file."""
    seen: dict[str, int] = {}
    for position, header in enumerate(headers):
        key = str(header).strip()
        if key in seen:
            table.add(
                Problem(
                    Msg("problem.header_twice", header=key, first=seen[key] + 1, second=position + 1),
                    column=key,
                )
            )
        else:
            seen[key] = position
    if len(table.frame) == 0 and headers:
        table.add(Problem(Msg("problem.header_no_rows")))
    table.raise_if_problems()


def _read_workbook(path: Path, sheet: str | int | None) -> tuple[pd.DataFrame, list[str], list[Problem]]:
    """One sheet of a workbook (the first, or ``sheet``); every other sheet with data is reported."""
    sheets = pd.read_excel(path, sheet_name=None, dtype=object, header=None)
    names = list(sheets)
    if sheet is None:
        chosen = names[0]
    elif isinstance(sheet, int) and not isinstance(sheet, bool):
        if not 0 <= sheet < len(names):
            raise DataError([Problem(Msg("problem.no_sheet_number", sheet=sheet, sheets=", ".join(names)))], str(path))
        chosen = names[sheet]
    elif str(sheet) in sheets:
        chosen = str(sheet)
    else:
        raise DataError([Problem(Msg("problem.no_sheet_named", sheet=sheet, sheets=", ".join(names)))], str(path))
    problems = []
    for other in names:
        raw = sheets[other].dropna(how="all").dropna(axis=1, how="all")
        if other != chosen and not raw.empty:
            problems.append(Problem(Msg("problem.other_sheet_data", other=other, rows=len(raw) - 1, chosen=chosen)))
    raw = sheets[chosen]
    if raw.dropna(how="all").empty:
        return pd.DataFrame(), [], problems
    headers = [str(v).strip() if pd.notna(v) else f"Unnamed: {i}" for i, v in enumerate(raw.iloc[0])]
    frame = raw.iloc[1:].copy()
    frame.columns = _unique(headers)
    frame = frame.dropna(how="all")  # empty rows below the table are not data
    return frame, headers, problems


def _unique(headers: list[str]) -> list[str]:
    """Column labels made unique for pandas (the duplicate itself is reported separately)."""
    out, count = [], {}
    for h in headers:
        count[h] = count.get(h, 0) + 1
        out.append(h if count[h] == 1 else f"{h}.{count[h] - 1}")
    return out


def _read_csv(path: Path) -> tuple[pd.DataFrame, list[str]]:
    for encoding in _encodings(path):
        try:
            sep = _sniff_sep(path, encoding)
            headers = _header_row(path, encoding, sep)
            frame = pd.read_csv(
                path,
                sep=sep,
                encoding=encoding,
                keep_default_na=False,
                na_values=[""],
                skipinitialspace=True,
                low_memory=False,
            )
            return frame, headers
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError as exc:
            raise DataError([Problem(Msg("problem.file_empty"))], str(path)) from exc
    raise DataError([Problem(Msg("problem.encoding"))], str(path))


def _fold_header(text: object) -> str:
    return re.sub(r"[^0-9a-z]+", " ", str(text).casefold()).strip()


def map_headers(table: Table, aliases: dict[str, tuple[str, ...]], required: tuple[str, ...]) -> dict[str, str]:
    """Rename recognised headers to canonical names; return {canonical: header as written}.

    Unrecognised columns are kept under their own names. A missing required column, or two
    columns that mean the same thing, is a problem.
    """
    lookup = {_fold_header(a): canon for canon, names in aliases.items() for a in names}
    lookup.update({_fold_header(c): c for c in aliases})
    found: dict[str, str] = {}
    rename: dict[object, str] = {}
    for column in table.frame.columns:
        canon = lookup.get(_fold_header(column))
        if canon is None:
            continue
        if canon in found:
            table.add(
                Problem(
                    Msg("problem.two_columns_mean", canon=canon, first=found[canon], second=column), column=str(column)
                )
            )
            continue
        found[canon] = str(column)
        rename[column] = canon
    for canon in required:
        if canon not in found:
            accepted = ", ".join(aliases[canon][:6])
            table.add(Problem(Msg("problem.required_missing", canon=canon, accepted=accepted), column=canon))
    table.frame = table.frame.rename(columns=rename)
    return found


def blank(series: pd.Series) -> np.ndarray:
    """True where a cell is empty: missing, or only whitespace."""
    missing = np.array(series.isna(), dtype=bool)
    if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
        text = series.astype("str").str.strip()
        missing |= (text == "").to_numpy() | text.str.casefold().isin(["nan", "none", "null", "-"]).to_numpy()
    return missing


def parse_numbers(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Parse numbers written either way (``73,02`` or ``73.02``, ``1.234,5``); return values, bad.

    ``bad`` is True where a non-blank cell is not a number. Blank cells give NaN and are not bad.
    """
    if pd.api.types.is_bool_dtype(series.dtype):
        values = np.full(len(series), np.nan)
        return values, ~series.isna().to_numpy()
    if pd.api.types.is_numeric_dtype(series.dtype):
        values = series.to_numpy(dtype=float, na_value=np.nan).copy()
        bad = ~np.isfinite(values) & ~series.isna().to_numpy()
        values[bad] = np.nan  # reported once, as not a number, and not again as out of range
        return values, bad
    empty = blank(series)
    text = series.astype("str").str.strip().str.replace(r"\s+", "", regex=True)
    both = text.str.contains(",", regex=False) & text.str.contains(".", regex=False)
    comma_last = text.str.rfind(",") > text.str.rfind(".")
    # 1.234,5 -> 1234.5 ; 1,234.5 -> 1234.5 ; 73,02 -> 73.02
    text = text.where(~(both & comma_last), text.str.replace(".", "", regex=False))
    text = text.where(~(both & ~comma_last), text.str.replace(",", "", regex=False))
    text = text.str.replace(",", ".", regex=False)
    values = pd.to_numeric(text.where(~empty, None), errors="coerce").to_numpy(dtype=float, na_value=np.nan).copy()
    bad = ~empty & ~np.isfinite(values)
    values[bad] = np.nan
    return values, bad


def _clean_one(value: object) -> str | None:
    text = " ".join(str(value).split())
    return None if text == "" or text.casefold() in ("nan", "none", "null", "-") else text


def clean_text(series: pd.Series) -> pd.Series:
    """Strip and collapse whitespace; blank cells become missing.

    Examples
    --------
    >>> clean_text(pd.Series(["  Kab.   Bekasi ", "", None, "-"])).tolist()
    ['Kab. Bekasi', nan, nan, nan]
    """
    return pd.Series(Coded.of(series).spread(), index=series.index)


@dataclass(frozen=True)
class Coded:
    """A text column cleaned once per distinct value: ``codes`` (one per row, -1 where blank)
    into ``values`` (the cleaned distinct texts). Everything derived from a name (its key, type,
    canonical form, a test on it) is computed once per distinct value and spread by the codes;
    a column of text is built only for the output, with one take.

    Examples
    --------
    >>> c = Coded.of(pd.Series([" Kab. Bekasi", "-", "Kab. Bekasi", "Kota Bogor"]))
    >>> c.codes.tolist(), c.values
    ([0, -1, 0, 1], ['Kab. Bekasi', 'Kota Bogor'])
    >>> c.spread([len(v) for v in c.values]).tolist(), c.test(lambda v: v.startswith("Kota")).tolist()
    (['11', nan, '11', '10'], [False, False, False, True])
    """

    codes: np.ndarray
    values: list

    @classmethod
    def of(cls, series: pd.Series) -> Coded:
        """:func:`clean_text` of ``series``, kept as codes: one hashing of the column."""
        if series.dtype == object:  # mixed Python values: 1, 1.0 and True hash alike but read apart
            series = series.astype("str")
        raw_codes, uniques = pd.factorize(series, use_na_sentinel=True)
        cleaned = [_clean_one(v) for v in uniques.tolist()]  # plain Python values: cheap to iterate
        distinct = list(dict.fromkeys(c for c in cleaned if c is not None))
        where = {v: i for i, v in enumerate(distinct)}
        remap = np.array([-1 if c is None else where[c] for c in cleaned] + [-1], dtype=np.intp)
        return cls(remap[raw_codes], distinct)

    @classmethod
    def empty(cls, n: int) -> Coded:
        return cls(np.full(n, -1, dtype=np.intp), [])

    @property
    def present(self) -> np.ndarray:
        return self.codes >= 0

    def spread(self, values: list | None = None, codes: np.ndarray | None = None) -> pd.api.extensions.ExtensionArray:
        """``values`` (one per distinct value; default the cleaned texts) at every row, as a text
        array; missing where the row is blank or the value is None."""
        values = self.values if values is None else values
        return pd.array(values, dtype="str").take(self.codes if codes is None else codes, allow_fill=True)

    def test(self, predicate) -> np.ndarray:
        """``predicate`` of each row's cleaned text (False where blank), computed once per value."""
        return np.array([bool(predicate(v)) for v in self.values] + [False], dtype=bool)[self.codes]

    def lengths(self) -> np.ndarray:
        return np.array([len(v) for v in self.values] + [0], dtype=np.int64)[self.codes]

    def at(self, position: int) -> str | None:
        code = self.codes[position]
        return None if code < 0 else self.values[code]


# --------------------------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------------------------
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
    if unknown:  # carried through as given, never used for a score: said by name
        warnings.warn(
            Msg(
                "problem.unknown_columns",
                source=table.name,
                names=", ".join(repr(c) for c in unknown[:20]),
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
    table.flag_duplicate_keys(
        pd.DataFrame({"y": years, "r": region_id, "u": unit_id}),
        keyed,
        Msg("problem.same_year_region_unit"),
        header("unit") or header("region"),
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
    for column in frame.columns:
        if column not in out and column not in (
            "year",
            "level",
            "region",
            "unit",
            "score",
            "without_maladministration",
        ):
            out[column] = Coded.of(frame[column]).spread() if frame[column].dtype == object else frame[column]
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


# --------------------------------------------------------------------------------------------
# detail: per-unit dimension and indicator scores
# --------------------------------------------------------------------------------------------
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


def read_detail(source: str | os.PathLike | pd.DataFrame, sheet: str | int | None = None) -> pd.DataFrame:
    """Read and validate per-unit detail: dimension scores (0-100) and/or indicator scores (0-3).

    One row per unit and dimension (``indicator`` blank: a dimension score, 0-100) or per unit
    and indicator (``indicator`` given: an indicator score on the scheme's 0-3 scale). A template
    with a guide is in ``data/templates/``.

    Parameters
    ----------
    source : path or DataFrame
        CSV, XLSX or Parquet with ``year, region, unit, dimension, score`` and optionally
        ``variable, indicator, label, note, synthetic`` (Indonesian headers accepted).

    Returns
    -------
    pandas.DataFrame
        ``year, region, unit, unit_type, dimension, variable, indicator, label, kind
        (dimension|indicator), score, max_score, note, synthetic, source_row``.

    Raises
    ------
    DataError
        Listing every problem: unknown dimensions, a variable that does not belong to its
        dimension, scores out of range, duplicates, and units whose dimensions are incomplete.

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
    table.flag_long(regions, header("region"))
    table.flag_long(units, header("unit"))

    dims_text = clean_text(frame["dimension"])
    dims = dims_text.map(lambda v: _DIMENSION_ALIASES.get(_fold_header(v), "?") if isinstance(v, str) else None)
    add(dims.isna().to_numpy(), "dimension", Msg("problem.dimension_missing"))
    add(
        (dims == "?").to_numpy(),
        "dimension",
        Msg("problem.dimension_unknown"),
        frame["dimension"],
    )

    variables = (
        clean_text(frame["variable"]).map(
            lambda v: re.sub(r"\s+", "_", _fold_header(v)) if isinstance(v, str) else None
        )
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
    for pos in range(len(frame)):
        y = int(years[pos]) if ok_year[pos] else None
        scheme = schemes.get(y)
        dim = dims.iloc[pos]
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
        var = variables.iloc[pos]
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
    per_unit: dict[tuple, dict] = {}
    for pos in range(len(frame)):
        if not ok_year[pos] or not isinstance(regions.iloc[pos], str) or not isinstance(units.iloc[pos], str):
            continue
        ukey = (int(years[pos]), region_key(regions.iloc[pos]), unit_key(units.iloc[pos]))
        entry = per_unit.setdefault(
            ukey, {"first": pos, "dims": set(), "name": units.iloc[pos], "year": int(years[pos])}
        )
        dim = dims.iloc[pos]
        if dim not in (None, "?"):
            entry["dims"].add(dim)
        code = indicators.iloc[pos] if is_indicator[pos] else ""
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

    synthetic = (
        clean_text(frame["synthetic"]).str.casefold().isin(["true", "1", "ya", "yes", "y"]).to_numpy()
        if "synthetic" in frame
        else np.zeros(len(frame), dtype=bool)
    )
    out = pd.DataFrame(
        {
            "year": years.astype("int64") if len(years) else np.array([], dtype="int64"),
            "region": regions.map(canonical_region).astype("str"),
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
