"""Survei Kepuasan Masyarakat (PermenPANRB 14/2017): IKM from respondent data, fast and mergeable,
with bootstrap intervals, sample sizes, and importance–performance analysis.

IKM = 25 × Σ NRRᵢ × w over the nine items (unsur), NRRᵢ the mean answer (1-4) of item i with
blank answers left out of that item, w = 1/9 (the regulation) or 0.111 (the rounding many local
reports use). Everything is computed from per-group sums and counts, so chunks of one survey
combine exactly (:func:`survey_parts`, :func:`combine_parts`), and a Dask DataFrame works too.
"""

from __future__ import annotations

import math
import os
import warnings

import numpy as np
import pandas as pd

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg, section
from toolkit.rounding import round_half_up
from toolkit.schemes import load_scheme

__all__ = [
    "ITEMS",
    "combine_parts",
    "ikm",
    "ikm_from_parts",
    "ipa",
    "read_survey",
    "sample_size",
    "survey_parts",
]

ITEMS = [f"U{i}" for i in range(1, 10)]
GROUP_COLUMNS = ("region", "unit", "service", "period")
ATTRIBUTE_COLUMNS = ("gender", "age", "education", "occupation")
#: Groups up to this many respondents are bootstrapped by resampling respondents; larger groups
#: use the normal limit of that same resampling (the linearised statistic), which is
#: indistinguishable at that size and costs one pass instead of one per replicate.
EXACT_BOOTSTRAP_MAX = 500

SURVEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "U1": ("u1", "unsur 1", "persyaratan", "requirements"),
    "U2": (
        "u2",
        "unsur 2",
        "prosedur",
        "sistem mekanisme dan prosedur",
        "sistem mekanisme prosedur",
        "sistem, mekanisme dan prosedur",
        "procedure",
    ),
    "U3": ("u3", "unsur 3", "waktu", "waktu penyelesaian", "waktu pelayanan", "time"),
    "U4": ("u4", "unsur 4", "biaya", "tarif", "biaya tarif", "biaya/tarif", "cost"),
    "U5": (
        "u5",
        "unsur 5",
        "produk",
        "produk layanan",
        "produk spesifikasi jenis pelayanan",
        "spesifikasi produk",
        "product",
    ),
    "U6": ("u6", "unsur 6", "kompetensi", "kompetensi pelaksana", "competence"),
    "U7": ("u7", "unsur 7", "perilaku", "perilaku pelaksana", "conduct", "behaviour"),
    "U8": (
        "u8",
        "unsur 8",
        "pengaduan",
        "penanganan pengaduan",
        "penanganan pengaduan saran dan masukan",
        "complaints",
    ),
    "U9": ("u9", "unsur 9", "sarana", "sarana prasarana", "sarana dan prasarana", "facilities"),
    "region": ("region", "pemda", "wilayah", "daerah"),
    "unit": ("unit", "opd", "unit layanan", "unit pelayanan", "perangkat daerah"),
    "service": ("service", "layanan", "jenis layanan", "jenis pelayanan"),
    "period": ("period", "periode", "triwulan", "semester", "bulan"),
    "gender": ("gender", "jenis kelamin", "jk", "sex"),
    "age": ("age", "umur", "usia"),
    "education": ("education", "pendidikan", "pendidikan terakhir"),
    "occupation": ("occupation", "pekerjaan"),
    "overall": ("overall", "kepuasan", "kepuasan keseluruhan", "overall satisfaction", "kepuasan umum"),
    "synthetic": ("synthetic", "sintetis"),
}


#: Words that name an item in a header such as "U8 Sarana dan Prasarana". Local SKM tools do not
#: all number the items as PermenPANRB 14/2017 does (e-smile puts sarana at U8 and pengaduan at
#: U9), so a header that names an item is mapped by its name, not by its number.
ITEM_WORDS: dict[str, tuple[str, ...]] = {
    "U1": ("persyaratan", "requirement"),
    "U2": ("prosedur", "mekanisme", "procedure"),
    "U3": ("waktu", "time"),
    "U4": ("biaya", "tarif", "cost"),
    "U5": ("produk", "spesifikasi", "product"),
    "U6": ("kompetensi", "competence"),
    "U7": ("perilaku", "sikap", "conduct", "behaviour", "behavior"),
    "U8": ("pengaduan", "complaint", "saran"),
    "U9": ("sarana", "prasarana", "fasilitas", "facilities"),
}


def _fold_item(header: object) -> str:
    import re

    return re.sub(r"[^0-9a-z]+", "", str(header).casefold())


def item_by_name(header: object) -> str | None:
    """The item a header names in words ("U8 Sarana dan Prasarana" → ``U9``), else None.

    Only headers with words count; a bare ``U8`` keeps its number. A header whose words name two
    items is not guessed at.

    Examples
    --------
    >>> item_by_name("U8 Sarana dan Prasarana"), item_by_name("U9. Penanganan Pengaduan"), item_by_name("U8")
    ('U9', 'U8', None)
    """
    import re

    folded = re.sub(r"[^0-9a-z]+", " ", str(header).casefold()).strip()
    words = re.sub(r"^(u|unsur)\s*\d+\s*", "", folded)
    if not words:
        return None
    tokens = set(words.split())
    hits = {item for item, names in ITEM_WORDS.items() if any(n in tokens for n in names)}
    if "sarana" in tokens and "pengaduan" in tokens:  # "penanganan pengaduan, saran dan masukan"
        hits.discard("U9")
    return hits.pop() if len(hits) == 1 else None


# --------------------------------------------------------------------------------------------
# loading
# --------------------------------------------------------------------------------------------
def read_survey(source: str | os.PathLike | pd.DataFrame, sheet: str | int | None = None) -> pd.DataFrame:
    """Read and validate SKM respondent data: one row per respondent.

    Parameters
    ----------
    source : path or DataFrame
        CSV, XLSX, Parquet or a DataFrame with the nine items as ``U1``..``U9`` or by their
        Indonesian names (``persyaratan``, ``prosedur``, ``waktu``, ``biaya``, ``produk``,
        ``kompetensi``, ``perilaku``, ``pengaduan``, ``sarana``); answers 1-4, blank allowed.
        Optional: grouping columns (region, unit, service, period), respondent attributes
        (gender, age, education, occupation) and an overall-satisfaction item.

    Returns
    -------
    pandas.DataFrame
        Group and attribute columns as text, ``U1``..``U9`` (and ``overall``) as float32 with
        NaN for a blank answer, ``synthetic``; other columns are kept.

    Raises
    ------
    DataError
        Listing every offending cell (row, column, value) up to a cap, with the total count.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"OPD": ["Dinsos", "Dinsos"], **{f"U{i}": [4, 3] for i in range(1, 10)}})
    >>> read_survey(rows)[["unit", "U1", "U9"]]
         unit   U1   U9
    0  Dinsos  4.0  4.0
    1  Dinsos  3.0  3.0
    """
    from toolkit.loading import clean_text, map_headers, parse_numbers, read_table

    table = read_table(source, sheet)
    by_name = {c: item_by_name(c) for c in table.frame.columns if item_by_name(c)}
    by_name = {c: i for c, i in by_name.items() if _fold_item(c) != i.casefold()}
    table.frame = table.frame.rename(columns=by_name)
    found = map_headers(table, SURVEY_COLUMNS, tuple(ITEMS))
    found.update({item: str(column) for column, item in by_name.items()})
    table.raise_if_problems()
    frame = table.frame
    out = {}
    for column in (*GROUP_COLUMNS, *ATTRIBUTE_COLUMNS):
        if column in frame:
            out[column] = clean_text(frame[column]).astype("str") if column != "age" else frame[column]
            if column in GROUP_COLUMNS:
                table.flag_long(out[column], found.get(column))
    for item in [*ITEMS, *(["overall"] if "overall" in frame else [])]:
        values, bad = parse_numbers(frame[item])
        with np.errstate(invalid="ignore"):
            wrong = bad | (~np.isnan(values) & ((values < 1) | (values > 4) | (values != np.round(values))))
        if item == "overall":  # any numeric scale is accepted for the overall item
            wrong = bad
        for pos in np.flatnonzero(wrong)[: 1000 - len(table.problems) if len(table.problems) < 1000 else 0]:
            message = Msg("problem.answer_range") if item != "overall" else Msg("problem.not_a_number")
            table.problems.append(Problem(message, table.row_label(pos), found[item], frame[item].iloc[pos]))
        table.total += int(wrong.sum())
        out[item] = np.where(wrong, np.nan, values).astype(np.float32)
    table.raise_if_problems()
    result = pd.DataFrame(out, index=frame.index)
    result["synthetic"] = (
        clean_text(frame["synthetic"]).str.casefold().isin(["true", "1", "ya", "yes"]).to_numpy()
        if "synthetic" in frame
        else False
    )
    for column in frame.columns:
        if column not in result and column not in SURVEY_COLUMNS:
            result[column] = frame[column]
    result = result.reset_index(drop=True)
    result.attrs["provenance"] = {**table.provenance, "synthetic": bool(result["synthetic"].any())}
    result.attrs["items_by_name"] = {str(c): i for c, i in by_name.items()}
    return result


# --------------------------------------------------------------------------------------------
# mergeable parts
# --------------------------------------------------------------------------------------------
def _by(by) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def survey_parts(survey: pd.DataFrame, by=None) -> pd.DataFrame:
    """Per-group sums and counts: ``n``, ``sum_U1``..``sum_U9``, ``cnt_U1``..``cnt_U9``.

    Parts of chunks of one survey add up (:func:`combine_parts`) to the parts of the whole.
    """
    return _parts_and_groups(survey, _by(by))[0]


def _parts_and_groups(survey: pd.DataFrame, keys: list[str]) -> tuple[pd.DataFrame, tuple]:
    """:func:`survey_parts` and the group codes it used. On a large survey the keys are hashed
    (text keys take as long as the sums) while the answers are packed for the histograms."""
    columns = [_as_float(survey[item]) for item in ITEMS]
    if len(survey) >= 200_000 and keys:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=1) as pool:
            grouping = pool.submit(_groups_of, survey, keys)
            packed = _pack_answers(columns)
            codes, uniques = grouping.result()
    else:
        codes, uniques = _groups_of(survey, keys)
        packed = _pack_answers(columns)
    k = len(uniques)
    results = _histogram_parts(codes, packed, k)
    data = {"n": np.bincount(codes, minlength=k).astype(np.int64) if results is None else results.pop()}
    if results is None:  # some answer is not a whole number 1-4: the general path, item by item
        codes5 = (codes * 5).astype(np.intp)
        results = _threaded(lambda values: _item_parts(codes, codes5, values, k), columns, len(survey))
    for item, (count, total) in zip(ITEMS, results, strict=True):
        data[f"cnt_{item}"] = count
        data[f"sum_{item}"] = total
    parts = pd.DataFrame(data)
    for key in keys:
        parts.insert(keys.index(key), key, uniques[key].to_numpy())
    return parts, (codes, uniques)


def _threaded(fn, tasks: list, rows: int) -> list:
    """``fn`` over ``tasks``, in two threads for large inputs (numpy releases the GIL here)."""
    if rows < 200_000:
        return [fn(t) for t in tasks]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        return list(pool.map(fn, tasks))


def _pack_answers(columns: list[np.ndarray]) -> list | None:
    """Three items' answers packed into one byte per respondent (25a + 5b + c < 125), in two
    halves of the rows, with each slice's exact totals; None when an answer is not a whole number
    1-4 or blank (then the caller takes the general path). Needs no group codes, so it runs while
    the keys are being hashed."""
    n = len(columns[0]) if columns else 0
    halves = [(0, n // 2), (n // 2, n)]

    def pack(task: tuple[int, int, int]) -> tuple[np.ndarray, list[float]] | None:
        t, lo, hi = task
        combo = np.zeros(hi - lo, dtype=np.int8)
        totals = []
        for weight, values in zip((25, 5, 1), columns[3 * t : 3 * t + 3], strict=True):
            part = values[lo:hi]
            with np.errstate(invalid="ignore"):
                if len(part) and not (np.fmin.reduce(part) >= 1 and np.fmax.reduce(part) <= 4):
                    return None  # NaN is ignored by fmin/fmax; an all-blank slice passes as 0s
            filled = np.fmax(part, 0)  # a blank (NaN) becomes 0
            totals.append(float(np.add.reduce(filled, dtype=np.float64)))  # to detect fractions below
            small = filled.astype(np.int8)
            if weight != 1:
                small *= np.int8(weight)
            combo += small
        return combo, totals

    packed = _threaded(pack, [(t, lo, hi) for t in range(3) for lo, hi in halves], n)
    return (
        None
        if any(p is None for p in packed)
        else [(lo, hi, *p) for p, (lo, hi) in zip(packed, halves * 3, strict=True)]
    )


def _histogram_parts(codes: np.ndarray, packed: list | None, k: int) -> list | None:
    """Counts and sums of all nine items from joint histograms of three items at a time.

    ``packed`` (:func:`_pack_answers`) holds three answers per byte, so one ``bincount`` over
    groups × 125 cells serves three items; the halves are counted in two threads. None when the
    answers could not be packed, or a fraction was lost to the byte (the total check).
    Returns the nine (count, sum) pairs, then the respondents per group.
    """
    if packed is None:
        return None
    base = codes * 125 if codes.dtype == np.intp else codes.astype(np.intp) * 125

    def count(task: tuple) -> np.ndarray:
        lo, hi, combo, _ = task
        return np.bincount(base[lo:hi] + combo, minlength=125 * k)

    hists = _threaded(count, packed, len(codes))
    float_totals = [packed[2 * t][3][j] + packed[2 * t + 1][3][j] for t in range(3) for j in range(3)]
    results = []
    for t in range(3):
        cube = (hists[2 * t] + hists[2 * t + 1]).reshape(k, 5, 5, 5)
        if t == 0:
            respondents = cube.sum(axis=(1, 2, 3)).astype(np.int64)  # every row lands in one cell
        for axes in ((2, 3), (1, 3), (1, 2)):
            marginal = cube.sum(axis=axes)
            results.append(
                (marginal[:, 1:].sum(axis=1).astype(np.int64), (marginal[:, 1:] @ np.arange(1, 5)).astype(np.float64))
            )
    for (_, total), exact in zip(results, float_totals, strict=True):
        if float(total.sum()) != exact:  # answers >= 1, so a truncated fraction lowers the total
            return None
    return [*results, respondents]


def _as_float(column: pd.Series) -> np.ndarray:
    """The column as a float array without a copy when it already is one."""
    if column.dtype in (np.float32, np.float64):
        return column.to_numpy()
    return column.to_numpy(dtype=np.float32, na_value=np.nan)


def _item_parts(codes: np.ndarray, codes5: np.ndarray, values: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Count and sum of one item's answers per group.

    Whole answers 1-4 are counted per group and value in one integer histogram (no float
    weights). The range is checked first and the total afterwards, so a frame holding any other
    value (one that did not come through :func:`read_survey`) takes the general weighted path and
    the result is right either way.
    """
    with np.errstate(invalid="ignore"):
        if len(values) and np.fmin.reduce(values) >= 1 and np.fmax.reduce(values) <= 4:  # NaN ignored
            filled = np.fmax(values, 0)  # a blank (NaN) becomes 0
            hist = np.bincount(codes5 + filled.astype(np.int8), minlength=5 * k).reshape(k, 5)
            total = hist[:, 1:] @ np.arange(1, 5)
            if float(total.sum()) == float(np.add.reduce(filled, dtype=np.float64)):  # no fractions
                return hist[:, 1:].sum(axis=1).astype(np.int64), total.astype(np.float64)
        present = values == values
        count = np.bincount(codes, weights=present, minlength=k).astype(np.int64)
        return count, np.bincount(codes, weights=np.where(present, values, 0), minlength=k)


def _groups_of(survey: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Each respondent's group code and the key values of each code: computed once per call of
    :func:`ikm` and shared by the sums, the standard errors and the bootstrap."""
    missing = [k for k in keys if k not in survey]
    if missing:
        raise DataError([Problem(Msg("problem.group_column_missing"), column=k) for k in missing], "survey")
    if keys:
        return _factorize(survey, keys)
    return np.zeros(len(survey), dtype=np.intp), pd.DataFrame(index=[0])


def _factorize(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Group codes (in order of first appearance) and the key values of each code."""
    if len(keys) == 1 and isinstance(frame[keys[0]].dtype, pd.CategoricalDtype):
        # categorical codes are the groups already (no hashing); unused categories are dropped
        column = frame[keys[0]]
        shifted = column.cat.codes.to_numpy().astype(np.intp) + 1  # NaN (-1) becomes 0
        categories = np.asarray(column.cat.categories, dtype=object)
        used = np.flatnonzero(np.bincount(shifted, minlength=len(categories) + 1))
        values = np.concatenate([[np.nan], categories])[used]
        if len(used) == len(categories) and (not len(used) or used[0] == 1):  # no blank, none unused
            shifted -= 1
            return shifted, pd.DataFrame({keys[0]: values})
        remap = np.full(len(categories) + 1, -1, dtype=np.intp)
        remap[used] = np.arange(len(used))
        return remap[shifted], pd.DataFrame({keys[0]: values})
    column = frame[keys[0]]
    if len(keys) == 1 and isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        # text as pandas reads it from a CSV: Arrow's dictionary encoding, without the GIL (the
        # answers are packed in other threads meanwhile); blank is a group of its own, as below
        import pyarrow as pa
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(column.array.__arrow_array__(), null_encoding="encode")
        if isinstance(encoded, pa.ChunkedArray):
            encoded = encoded.unify_dictionaries().combine_chunks() if encoded.num_chunks != 1 else encoded.chunk(0)
        codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp)
        values = [np.nan if v is None else v for v in encoded.dictionary.to_pylist()]
        return codes, pd.DataFrame({keys[0]: np.array(values, dtype=object)})
    if len(keys) == 1:
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        return codes.astype(np.intp), pd.DataFrame({keys[0]: np.asarray(uniques, dtype=object)})
    codes = frame.groupby(keys, sort=False, dropna=False, observed=True).ngroup().to_numpy(dtype=np.intp)
    return codes, _uniques_by_code(frame, keys, codes)


def _uniques_by_code(frame: pd.DataFrame, keys: list[str], codes: np.ndarray) -> pd.DataFrame:
    first = pd.Series(np.arange(len(codes))).groupby(codes).first().to_numpy()
    return frame[keys].iloc[first].reset_index(drop=True).astype(object)


def combine_parts(parts: list[pd.DataFrame] | pd.DataFrame, by=None) -> pd.DataFrame:
    """Add up the parts of several chunks of one survey, group by group."""
    frame = pd.concat(parts, ignore_index=True) if isinstance(parts, list) else parts
    keys = _by(by)
    if not keys:
        return frame.sum(numeric_only=True).to_frame().T
    return frame.groupby(keys, sort=False, dropna=False).sum(numeric_only=True).reset_index()


# --------------------------------------------------------------------------------------------
# IKM
# --------------------------------------------------------------------------------------------
def _weight(weights: str) -> float:
    if weights == "exact":
        return 1.0 / 9.0
    if str(weights) == "0.111":
        return 0.111
    raise ValueError("weights must be 'exact' (1/9) or '0.111'")


def _grade(values: np.ndarray) -> tuple[list, list, list]:
    scheme = load_scheme("skm-2017")
    rounded = np.atleast_1d(round_half_up(values))
    idx = scheme.classify(np.clip(rounded, scheme.scale_min, scheme.scale_max))
    bands = [scheme.bands[i] for i in idx]
    return [b.grade for b in bands], [b.opinion["id"] for b in bands], [b.opinion["en"] for b in bands]


def sample_size(population: int, rounding: str = "table") -> int:
    """Krejcie & Morgan (1970): s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)), χ² = 3.841, P = 0.5, d = 0.05.

    ``rounding="table"`` (default) rounds to the nearest whole respondent, which reproduces every
    entry of the published 1970 table (N = 50 → 44, N = 500 → 217); ``rounding="up"`` rounds up
    (never fewer respondents than the formula: 45 and 218).

    Examples
    --------
    >>> sample_size(100), sample_size(1000), sample_size(1_000_000)
    (80, 278, 384)
    >>> sample_size(50), sample_size(50, rounding="up")
    (44, 45)
    """
    if isinstance(population, bool) or not isinstance(population, int | np.integer) or population < 1:
        raise DataError([Problem(Msg("problem.population", population=population))], "sample_size")
    params = load_scheme("skm-2017").raw["sample_size"]
    chi2, p, d = params["chi2"], params["p"], params["d"]
    n = int(population)
    value = chi2 * n * p * (1 - p) / (d * d * (n - 1) + chi2 * p * (1 - p))
    if rounding == "up":
        return min(n, math.ceil(round(value, 9)))
    if rounding == "table":
        return min(n, math.floor(value + 0.5))
    raise ValueError("rounding must be 'table' or 'up'")


#: Standard deviation of one respondent's IKM (25 x mean of the nine answers), in points, when no
#: pilot survey gives it: about what synthetic and published local surveys show (8-12 points).
#: An assumption: pass ``sd`` (or estimate it with :func:`respondent_sd`) where data exist.
DEFAULT_RESPONDENT_SD = 10.0


def respondent_sd(survey: pd.DataFrame, weights: str = "exact") -> float:
    """The standard deviation of one respondent's IKM in a (pilot) survey, for :func:`sample_size_precision`.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({f"U{i}": [3.0, 4.0] * 10 for i in range(1, 10)})
    >>> round(respondent_sd(frame), 2)
    12.82
    """
    matrix = survey[ITEMS].to_numpy(dtype=np.float64, na_value=np.nan)
    per_person = 25 * _weight(weights) * 9 * np.nanmean(matrix, axis=1)
    return float(np.nanstd(per_person, ddof=1))


def sample_size_precision(
    margin: float, sd: float = DEFAULT_RESPONDENT_SD, population: int | None = None, ci: float = 0.95
) -> int:
    """Respondents needed for an IKM within ± ``margin`` points (normal approximation).

    n0 = (z · sd / margin)², with the finite-population correction n0 / (1 + (n0 - 1) / N) when
    ``population`` is given; rounded up.

    Examples
    --------
    >>> sample_size_precision(2.0), sample_size_precision(2.0, population=500)
    (97, 81)
    """
    from scipy.stats import norm

    if margin <= 0 or sd <= 0:
        raise ValueError("margin and sd must be positive")
    n0 = (norm.ppf(0.5 + ci / 2) * sd / margin) ** 2
    if population:
        n0 = n0 / (1 + (n0 - 1) / int(population))
    return math.ceil(n0 - 1e-9)


def sample_size_change(
    difference: float, sd: float = DEFAULT_RESPONDENT_SD, power: float = 0.8, alpha: float = 0.05
) -> int:
    """Respondents needed in each of two years to detect an IKM change of ``difference`` points
    (two independent samples, two-sided test at ``alpha``, with ``power``); rounded up.

    Examples
    --------
    >>> sample_size_change(3.0), sample_size_change(5.0, power=0.9)
    (175, 85)
    """
    from scipy.stats import norm

    if difference <= 0 or sd <= 0 or not 0 < power < 1:
        raise ValueError("difference and sd must be positive and power between 0 and 1")
    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)
    return math.ceil(2 * (z * sd / difference) ** 2 - 1e-9)


def ikm_from_parts(parts: pd.DataFrame, by=None, weights: str = "exact", population: int | None = None) -> pd.DataFrame:
    """IKM, NRR per item, mutu and kinerja per group, from :func:`survey_parts` (point estimates)."""
    keys = _by(by)
    w = _weight(weights)
    out = parts[keys].copy() if keys else pd.DataFrame(index=parts.index)
    out["n"] = parts["n"].to_numpy()
    nrr = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for item in ITEMS:
            nrr[item] = parts[f"sum_{item}"].to_numpy(float) / parts[f"cnt_{item}"].to_numpy(float)
    for item in ITEMS:
        out[item] = np.round(nrr[item], 4)
    total = np.sum([nrr[i] for i in ITEMS], axis=0)
    value = round_half_up(25.0 * total * w)
    out["ikm"] = value
    grades, kinerja, kinerja_en = _grade(np.nan_to_num(np.atleast_1d(value), nan=25.0))
    out["mutu"] = grades
    out["kinerja"] = kinerja
    out["kinerja_en"] = kinerja_en
    out["n_missing"] = sum(parts["n"].to_numpy() - parts[f"cnt_{i}"].to_numpy() for i in ITEMS)
    out["weights"] = "1/9" if weights == "exact" else "0.111"
    empty = np.isnan(np.atleast_1d(value))
    if empty.any():
        out.loc[empty, ["mutu", "kinerja", "kinerja_en"]] = None
    if population is not None:
        required = sample_size(int(population))
        out["n_required"] = required
        out["sample_ok"] = out["n"] >= required
    return out


def ikm(
    survey,
    by=None,
    weights: str = "exact",
    population: int | None = None,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
    shrink: bool = False,
) -> pd.DataFrame:
    """The IKM of each group, with its NRR per item, grade, and a 95 % bootstrap interval.

    Parameters
    ----------
    survey : DataFrame or Dask DataFrame
        As returned by :func:`read_survey` (or the same columns).
    by : str or list of str, optional
        Grouping columns (``"unit"``, ``["region", "unit"]``); None: one group.
    weights : "exact" or "0.111"
        1/9 per item as the regulation says, or the 0.111 many local reports use.
    population : int, optional
        The population served: adds ``n_required`` (Krejcie–Morgan) and ``sample_ok``.
    n_boot : int
        Bootstrap replicates (0: no interval).
    ci : float
    seed : int
    shrink : bool
        Add ``ikm_shrunk``: each group's IKM pulled toward the mean of the groups (within its
        region when ``region`` is a grouping column) by empirical Bayes (normal-normal, method of
        moments): the less precise a group's IKM, the more it is pulled. For ranking or flagging
        small units; the published IKM is ``ikm``.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``n``, ``U1``..``U9`` (NRR), ``ikm``, ``mutu`` (A-D), ``kinerja``
        (Sangat Baik … Tidak Baik), ``kinerja_en``, ``ikm_se`` (linearised standard error; with
        ``n_boot`` or ``shrink``),
        ``ikm_low``, ``ikm_high``, ``grade_uncertain`` (the interval crosses a grade boundary),
        ``grade_robustness`` (the share of bootstrap resamples whose IKM falls in the same grade:
        how sensitive the grade is to which respondents were asked, not the probability that the
        grade is right), ``n_missing``, ``weights``, ``boot_method`` (``studentised`` for groups
        up to 500 respondents, ``normal`` above, ``resample`` where answers do not vary), with
        ``population`` ``n_required`` and ``sample_ok``, and with ``shrink`` ``ikm_shrunk``.

    Examples
    --------
    >>> import pandas as pd
    >>> all4 = pd.DataFrame({f"U{i}": [4.0] * 30 for i in range(1, 10)})
    >>> ikm(all4, n_boot=0)[["n", "ikm", "mutu", "kinerja"]]
        n    ikm mutu     kinerja
    0  30  100.0    A  Sangat Baik
    >>> float(ikm(all4, weights="0.111", n_boot=0)["ikm"].iloc[0])
    99.9
    """
    keys = _by(by)
    w = _weight(weights)
    if hasattr(survey, "map_partitions"):  # a Dask DataFrame
        return _ikm_dask(survey, keys, weights, population, n_boot, ci, seed)
    parts, groups = _parts_and_groups(survey, keys)  # keys are factorised once, not once per pass
    out = ikm_from_parts(parts, keys, weights, population)
    # the standard error costs one more pass over the data: only when an interval or shrinkage needs it
    out["ikm_se"] = _group_se(survey, groups[0], parts, w) if (n_boot or shrink) else np.nan
    if n_boot:
        low, high, robust, method = _bootstrap(survey, groups[0], parts, out, w, n_boot, ci, seed)
        out["ikm_low"], out["ikm_high"], out["grade_robustness"], out["boot_method"] = low, high, robust, method
    else:
        out["ikm_low"] = out["ikm_high"] = out["grade_robustness"] = np.nan
        out["boot_method"] = ""
    out["grade_uncertain"] = _crosses_band(out["ikm_low"].to_numpy(float), out["ikm_high"].to_numpy(float))
    if shrink:
        out["ikm_shrunk"] = _shrink(out, keys)
    return _order(out, keys, population, shrink)


def _crosses_band(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Whether each interval spans a grade boundary of the SKM bands (False without interval)."""
    scheme = load_scheme("skm-2017")
    edges = np.array([b.lower for b in scheme.bands[1:]])
    with np.errstate(invalid="ignore"):  # NaN bounds compare False: no interval, no crossing
        return ((edges > low[:, None]) & (edges <= high[:, None])).any(axis=1)


def _influence_variance(survey, codes: np.ndarray, parts, w) -> np.ndarray:
    """Per group, the sum of squared influences of its respondents on its IKM (the linearised
    variance), accumulated item by item so memory stays at a few vectors of the survey's length."""
    counts = parts[[f"cnt_{i}" for i in ITEMS]].to_numpy(float)
    sums = parts[[f"sum_{i}" for i in ITEMS]].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        nrr = sums / counts
    z = np.zeros(len(survey))
    for j, item in enumerate(ITEMS):
        values = survey[item].to_numpy(dtype=np.float32, na_value=np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            z += np.where(np.isnan(values), 0.0, (values - nrr[codes, j]) / counts[codes, j])
    z *= 25 * w
    return np.bincount(codes, weights=z * z, minlength=len(parts))


def _group_se(survey, codes: np.ndarray, parts, w) -> np.ndarray:
    """Linearised standard error of each group's IKM."""
    return np.sqrt(_influence_variance(survey, codes, parts, w))


def _shrink(out: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Empirical-Bayes IKMs: B = se² / (se² + tau²) toward the (region's) precision-weighted mean,
    tau² the between-group variance by the method of moments (at least 0)."""
    result = out["ikm"].to_numpy(float).copy()
    groups = out.groupby("region", sort=False).indices.values() if "region" in keys else [np.arange(len(out))]
    for idx in groups:
        y, se2 = out["ikm"].to_numpy(float)[idx], out["ikm_se"].to_numpy(float)[idx] ** 2
        if len(idx) < 3:
            continue  # too few groups to estimate the spread between them
        tau2 = max(0.0, float(np.var(y, ddof=1) - np.mean(se2)))
        weights = 1.0 / (se2 + tau2) if tau2 > 0 else np.ones(len(idx))
        centre = float(np.sum(weights * y) / np.sum(weights))
        b = se2 / (se2 + tau2) if tau2 > 0 else np.ones(len(idx))
        result[idx] = round_half_up(b * centre + (1 - b) * y)
    return result


def _order(out: pd.DataFrame, keys: list[str], population, shrink: bool = False) -> pd.DataFrame:
    if "ikm_se" not in out:
        out["ikm_se"] = np.nan
    if "grade_uncertain" not in out:
        out["grade_uncertain"] = _crosses_band(out["ikm_low"].to_numpy(float), out["ikm_high"].to_numpy(float))
    columns = [
        *keys,
        "n",
        *ITEMS,
        "ikm",
        "mutu",
        "kinerja",
        "kinerja_en",
        "ikm_se",
        "ikm_low",
        "ikm_high",
        "grade_uncertain",
        "grade_robustness",
        "n_missing",
        "weights",
        "boot_method",
    ]
    if population is not None:
        columns += ["n_required", "sample_ok"]
    if shrink:
        columns += ["ikm_shrunk"]
    return out[columns].reset_index(drop=True)


def _summarise_replicates(reps: np.ndarray, point_grade: str, ci: float) -> tuple[float, float, float]:
    reps = reps[np.isfinite(reps)]
    if not len(reps):
        return np.nan, np.nan, np.nan
    alpha = (1 - ci) / 2
    grades = _grade(reps)[0]
    return (
        float(round_half_up(np.quantile(reps, alpha))),
        float(round_half_up(np.quantile(reps, 1 - alpha))),
        float(np.mean(np.array(grades) == point_grade)),
    )


def _band_index(values: np.ndarray) -> np.ndarray:
    """The SKM band of each (rounded) IKM, any shape."""
    scheme = load_scheme("skm-2017")
    return scheme.classify(np.clip(round_half_up(values), scheme.scale_min, scheme.scale_max))


def _summarise_normal(point: np.ndarray, se: np.ndarray, draws: np.ndarray, ci: float) -> tuple:
    """Interval and grade robustness of many groups at once from their normal replicates
    ``point + se * draws`` (one row of ``draws`` per group); what :func:`_summarise_replicates`
    gives one group at a time, for all groups in a few array operations."""
    reps = point[:, None] + se[:, None] * draws
    alpha = (1 - ci) / 2
    low, high = round_half_up(np.quantile(reps, [alpha, 1 - alpha], axis=1))
    robust = (_band_index(reps) == _band_index(point)[:, None]).mean(axis=1)
    bad = ~np.isfinite(point) | ~np.isfinite(se)
    low[bad], high[bad], robust[bad] = np.nan, np.nan, np.nan
    return low, high, robust


def _bootstrap(survey, codes: np.ndarray, parts, out, w, n_boot, ci, seed):
    """Studentised resampling of respondents within each group (small groups), or the normal limit
    of the same resampling from the linearised variance (large groups; ``out["ikm_se"]``)."""
    rng = np.random.default_rng(seed)
    k = len(parts)
    n = parts["n"].to_numpy()
    low, high, robust, method = np.full(k, np.nan), np.full(k, np.nan), np.full(k, np.nan), [""] * k
    large = n > EXACT_BOOTSTRAP_MAX
    if large.any():
        big = np.flatnonzero(large)
        se = out["ikm_se"].to_numpy(float)[big]  # the linearised standard error, computed once by ikm()
        # one row of draws per group, in the order the groups were drawn one by one before
        draws = rng.standard_normal((len(big), n_boot))
        low[big], high[big], robust[big] = _summarise_normal(out["ikm"].to_numpy(float)[big], se, draws, ci)
        for g in big:
            method[g] = "normal"
    small = np.flatnonzero(~large & (n > 0))
    if len(small):
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(k + 1))
        alpha = (1 - ci) / 2
        for g in small:
            rows = order[bounds[g] : bounds[g + 1]]
            matrix = survey[ITEMS].iloc[rows].to_numpy(dtype=np.float64, na_value=np.nan)
            valid = ~np.isnan(matrix)
            values = np.where(valid, matrix, 0.0)
            size = len(rows)
            # n_boot resamples of the group's rows, as counts per row (one bincount for all)
            picks = rng.integers(0, size, (n_boot, size)) + (np.arange(n_boot) * size)[:, None]
            draws = np.bincount(picks.ravel(), minlength=n_boot * size).reshape(n_boot, size).astype(np.float64)
            with np.errstate(invalid="ignore", divide="ignore"):
                rep_cnt = draws @ valid.astype(np.float64)  # (n_boot, 9)
                rep_nrr = (draws @ values) / rep_cnt
                reps = 25 * w * np.sum(rep_nrr, axis=1)
                # studentised (bootstrap-t): each replicate's own linearised standard error
                inv = 1.0 / rep_cnt
                z = values @ inv.T - valid.astype(np.float64) @ (rep_nrr * inv).T  # (size, n_boot)
                rep_se = 25 * w * np.sqrt(np.einsum("bi,ib->b", draws, z * z))
            se = _linear_se(values, valid, w)
            point = float(out["ikm"].iloc[g])
            ok = np.isfinite(reps) & (rep_se > 1e-9)
            if se > 0 and ok.sum() >= 0.5 * n_boot:
                t_star = (reps[ok] - point) / rep_se[ok]
                lo = point - np.quantile(t_star, 1 - alpha) * se
                hi = point - np.quantile(t_star, alpha) * se
                low[g], high[g] = (float(round_half_up(np.clip(v, 25.0, 100.0))) for v in (lo, hi))
                robust[g] = float(np.mean(np.array(_grade(reps[np.isfinite(reps)])[0]) == out["mutu"].iloc[g]))
                method[g] = "studentised"
            else:  # every answer alike (no spread to studentise): the percentile interval
                low[g], high[g], robust[g] = _summarise_replicates(reps, out["mutu"].iloc[g], ci)
                method[g] = "resample"
    return low, high, robust, method


def _linear_se(values: np.ndarray, valid: np.ndarray, w: float) -> float:
    """The linearised (delta-method) standard error of one group's IKM."""
    counts = valid.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        nrr = values.sum(axis=0) / counts
        z = np.where(valid, (values - nrr) / counts, 0.0).sum(axis=1)
    return float(25 * w * np.sqrt(np.nansum(z * z)))


def _ikm_dask(ddf, keys, weights, population, n_boot, ci, seed) -> pd.DataFrame:
    """Point estimates from parts computed partition by partition; the interval from the normal
    limit of the bootstrap in a second pass (a Dask frame is not resampled row by row)."""
    meta = survey_parts(ddf._meta, keys)
    parts = combine_parts(ddf.map_partitions(survey_parts, keys, meta=meta).compute(), keys)
    out = ikm_from_parts(parts, keys, weights, population)
    if n_boot:
        w = _weight(weights)
        rng = np.random.default_rng(seed)
        lookup = parts.copy()

        def influence(frame: pd.DataFrame) -> pd.DataFrame:
            merged = (
                frame[keys].merge(lookup, on=keys, how="left")
                if keys
                else lookup.loc[[0] * len(frame)].reset_index(drop=True)
            )
            matrix = frame[ITEMS].to_numpy(dtype=np.float32, na_value=np.nan)
            valid = ~np.isnan(matrix)
            counts = merged[[f"cnt_{i}" for i in ITEMS]].to_numpy(float)
            nrr = merged[[f"sum_{i}" for i in ITEMS]].to_numpy(float) / counts
            z = 25 * w * np.nansum(valid * (np.where(valid, matrix, 0) - nrr) / counts, axis=1)
            res = frame[keys].copy() if keys else pd.DataFrame(index=frame.index)
            res["z2"] = z * z
            return res

        zmeta = pd.DataFrame({**{k: ddf._meta[k] for k in keys}, "z2": pd.Series(dtype=float)})
        z2 = ddf.map_partitions(influence, meta=zmeta)
        var = (
            z2.groupby(keys)["z2"].sum().compute().reset_index()
            if keys
            else pd.DataFrame({"z2": [z2["z2"].sum().compute()]})
        )
        var = out[keys].merge(var, on=keys, how="left")["z2"].to_numpy() if keys else var["z2"].to_numpy()
        draws = rng.standard_normal((len(out), n_boot))
        low, high, robust = _summarise_normal(out["ikm"].to_numpy(float), np.sqrt(var.astype(float)), draws, ci)
        out["ikm_low"], out["ikm_high"], out["grade_robustness"], out["boot_method"] = low, high, robust, "normal"
    else:
        out["ikm_low"] = out["ikm_high"] = out["grade_robustness"] = np.nan
        out["boot_method"] = ""
    return _order(out, keys, population)


# --------------------------------------------------------------------------------------------
# importance–performance analysis
# --------------------------------------------------------------------------------------------
QUADRANTS = section("quadrant.")


def ipa(survey: pd.DataFrame, by=None, n_boot: int = 200, seed: int = 0, stable_at: float = 0.8) -> pd.DataFrame:
    """Importance–performance analysis (Martilla & James 1977) of the nine items.

    Performance is the item's NRR. Importance is derived: the standardised coefficient of the
    item in a regression of the overall-satisfaction item on the nine items (complete answers,
    at least 30) when the survey has one; otherwise the correlation of the item with the mean of
    the other eight items (pairwise complete). Quadrants split at the mean performance and the mean
    importance of the nine items within the group.

    Quadrants can flip on differences of a few thousandths. With ``n_boot`` the respondents of
    each group are resampled and the analysis repeated: ``quadrant_stability`` is the share of
    resamples that put the item in the same quadrant, and ``stable`` says whether that share
    reaches ``stable_at``; an unstable quadrant should not be acted on alone.

    Returns
    -------
    pandas.DataFrame
        One row per group and item: ``item``, ``label``, ``label_en``, ``performance``,
        ``importance``, ``importance_basis``, ``quadrant``, ``quadrant_label``, ``quadrant_en``,
        ``quadrant_stability``, ``stable``.
    """
    keys = _by(by)
    skm = load_scheme("skm-2017").raw["items"]
    labels = {i["key"]: i["label"] for i in skm}
    groups = survey.groupby(keys, sort=False, dropna=False, observed=True) if keys else [((), survey)]
    rows = []
    rng = np.random.default_rng(seed)
    for key, frame in groups:
        key = key if isinstance(key, tuple) else (key,)
        matrix = frame[ITEMS].to_numpy(dtype=np.float64, na_value=np.nan)
        target = frame["overall"].to_numpy(dtype=np.float64, na_value=np.nan) if "overall" in frame else None
        performance, importance, basis, quadrants = _ipa_once(matrix, target)
        same = np.full(9, np.nan)
        if n_boot and len(matrix) >= 10:
            agree = np.zeros(9)
            for _ in range(n_boot):
                pick = rng.integers(0, len(matrix), len(matrix))
                agree += _ipa_once(matrix[pick], None if target is None else target[pick], basis)[3] == quadrants
            same = agree / n_boot
        for j, item in enumerate(ITEMS):
            quadrant = quadrants[j]
            rows.append(
                {
                    **dict(zip(keys, key, strict=True)),
                    "item": item,
                    "label": labels[item]["id"],
                    "label_en": labels[item]["en"],
                    "performance": performance[j],
                    "importance": importance[j],
                    "importance_basis": basis,
                    "quadrant": quadrant,
                    "quadrant_label": QUADRANTS[quadrant]["id"],
                    "quadrant_en": QUADRANTS[quadrant]["en"],
                    "quadrant_stability": same[j],
                    "stable": bool(same[j] >= stable_at) if not np.isnan(same[j]) else False,
                }
            )
    return pd.DataFrame(rows)


def _ipa_once(matrix: np.ndarray, target: np.ndarray | None, basis: str | None = None):
    """Performance, importance, its basis and the quadrant of each item, for one sample."""
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        performance = np.nanmean(matrix, axis=0)
        complete = None if target is None else ~np.isnan(matrix).any(axis=1) & ~np.isnan(target)
        if basis is None:
            basis = "overall" if target is not None and complete.sum() >= 30 else "other_items"
        if basis == "overall":
            importance = _standardised_betas(matrix[complete], target[complete])
        else:
            importance = np.array(
                [_corr(matrix[:, j], np.nanmean(np.delete(matrix, j, axis=1), axis=1)) for j in range(9)]
            )
        mean_p, mean_i = np.nanmean(performance), np.nanmean(importance)
    names = {
        (True, False): "concentrate_here",
        (True, True): "keep_up",
        (False, False): "low_priority",
        (False, True): "possible_overkill",
    }
    quadrants = np.array(
        [names[(bool(importance[j] >= mean_i), bool(performance[j] >= mean_p))] for j in range(9)], dtype=object
    )
    return performance, importance, basis, quadrants


def _standardised_betas(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Coefficients of y on X after both are standardised (a constant column gets NaN)."""
    sd = X.std(axis=0)
    usable = sd > 0
    Z = (X[:, usable] - X[:, usable].mean(axis=0)) / sd[usable]
    zy = (y - y.mean()) / (y.std() or 1.0)
    beta = np.full(X.shape[1], np.nan)
    beta[usable] = np.linalg.lstsq(Z, zy, rcond=None)[0]
    return beta


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    ok = ~np.isnan(a) & ~np.isnan(b)
    if ok.sum() < 3 or a[ok].std() == 0 or b[ok].std() == 0:
        return np.nan
    return float(np.corrcoef(a[ok], b[ok])[0, 1])
