"""Per-group sums and counts of the answers: one pass over the survey, mergeable across chunks."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg
from toolkit.survey._items import ITEMS, _by


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
