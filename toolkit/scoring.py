"""Scoring: grades, zones and opinions by year, composite scores, and Pemda summaries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.errors import DataError, Problem
from toolkit.i18n import fmt_num, t
from toolkit.io import to_plain
from toolkit.names import region_key
from toolkit.rounding import round_half_up
from toolkit.schemes import Scheme, scheme_for

__all__ = [
    "RegionSummary",
    "check_published",
    "composite",
    "dimension_scores",
    "grade",
    "pemda_scores",
    "score_table",
    "summarise_region",
]

#: A published Pemda score may differ from the mean of its units by rounding alone.
DISCREPANCY_TOLERANCE = 0.01


def _band_columns(scheme: Scheme, rounded: np.ndarray) -> dict[str, list]:
    idx = scheme.classify(rounded)
    bands = [scheme.bands[i] for i in idx]
    return {
        "grade": [b.grade or pd.NA for b in bands],
        "zone": [b.zone for b in bands],
        "zone_en": [scheme.zone_label(b.zone, "en").replace(" zone", "").casefold() for b in bands],
        "opinion": [b.opinion["id"] for b in bands],
        "opinion_en": [b.opinion["en"] for b in bands],
    }


def grade(scores, year) -> pd.DataFrame:
    """Grade, zone and opinion (Indonesian and English) for each score under ``year``'s scheme.

    Scores are rounded half-up to two decimals first, then placed in half-open bands
    ``[lower, upper)``; the top band is closed at the scale maximum.

    Parameters
    ----------
    scores : float or array-like
        Scores on the scheme's scale.
    year : int or array-like of int
        Assessment year, one for all scores or one per score.

    Returns
    -------
    pandas.DataFrame
        Columns ``score`` (rounded), ``grade`` (empty where the scheme has no letters),
        ``zone``, ``zone_en``, ``opinion``, ``opinion_en``, ``scheme``.

    Raises
    ------
    DataError
        For a missing score or one outside the scheme's scale (listing each by position).
    SchemeError
        For a year with no scheme.

    Examples
    --------
    >>> grade([77.99, 78.0, 73.024], 2022)[["score", "grade", "zone", "opinion"]]
       score grade    zone          opinion
    0  77.99     C  kuning  Kualitas Sedang
    1  78.00     B   hijau   Kualitas Tinggi
    2  73.02     C  kuning  Kualitas Sedang
    """
    values = np.atleast_1d(np.asarray(scores, dtype=float))
    years = np.broadcast_to(np.atleast_1d(np.asarray(year)), values.shape)
    index = scores.index if isinstance(scores, pd.Series) else pd.RangeIndex(len(values))
    rounded = round_half_up(values)
    rounded = np.atleast_1d(rounded)
    columns: dict[str, list] = {
        k: [None] * len(values) for k in ("grade", "zone", "zone_en", "opinion", "opinion_en", "scheme")
    }
    problems = []
    for y in np.unique(years):
        scheme = scheme_for(int(y))
        pos = np.flatnonzero(years == y)
        vals = rounded[pos]
        bad = np.isnan(vals) | (vals < scheme.scale_min) | (vals > scheme.scale_max)
        for p in pos[bad]:
            problems.append(
                Problem(
                    f"score outside the {scheme.id} scale {scheme.scale_min:g}-{scheme.scale_max:g}",
                    row=index[p],
                    value=values[p],
                )
            )
        good = pos[~bad]
        for key, col in _band_columns(scheme, rounded[good]).items():
            for p, v in zip(good, col, strict=True):
                columns[key][p] = v
        for p in good:
            columns["scheme"][p] = scheme.id
    if problems:
        raise DataError(problems, "scores")
    out = pd.DataFrame({"score": rounded, **columns}, index=index)
    return out.astype({k: "str" for k in columns})


def composite(dimensions, year: int):
    """The final score from dimension scores (0-100) and the weights of ``year``'s scheme.

    Final score = Σ dimension score × weight / 100, rounded half-up to two decimals. The weights
    come from the scheme file; for 2024 they are the 2023 weights (unconfirmed, see the scheme).

    Parameters
    ----------
    dimensions : mapping or DataFrame
        ``input``, ``proses``, ``output``, ``pengaduan`` (and ``kepercayaan`` from 2025), each 0-100.
    year : int
        Assessment year.

    Returns
    -------
    float or pandas.Series
        One score, or one per row of a DataFrame.

    Examples
    --------
    >>> composite({"input": 80, "proses": 70, "output": 90, "pengaduan": 60}, 2022)
    74.88
    """
    scheme = scheme_for(year)
    weights = scheme.weights
    if not weights:
        raise DataError(
            [Problem(f"scheme {scheme.id} has no dimension weights; composite scores do not apply to {year}")],
            "dimensions",
        )
    frame = pd.DataFrame([dict(dimensions)]) if isinstance(dimensions, Mapping) else pd.DataFrame(dimensions)
    problems = [Problem(f"dimension {key!r} is missing", column=key) for key in weights if key not in frame]
    if problems:
        raise DataError(problems, "dimensions")
    values = frame[list(weights)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    for r, c in zip(*np.nonzero(np.isnan(values) | (values < 0) | (values > 100)), strict=True):
        problems.append(
            Problem(
                "dimension score must be a number from 0 to 100",
                row=frame.index[r],
                column=list(weights)[c],
                value=frame.iloc[r, c],
            )
        )
    if problems:
        raise DataError(problems, "dimensions")
    scores = round_half_up(values @ np.array(list(weights.values())) / 100.0)
    if isinstance(dimensions, Mapping):
        return float(np.atleast_1d(scores)[0])
    return pd.Series(np.atleast_1d(scores), index=frame.index, name="score")


# --------------------------------------------------------------------------------------------
# Pemda scores
# --------------------------------------------------------------------------------------------
def pemda_scores(results: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """One row per (year, region): the Pemda score and where it comes from.

    A published Pemda score wins. Without one, the score is the mean of the units when the
    year's scheme aggregates that way (2022 on), else it is unavailable. The mean of the units is
    always shown beside it, and a difference over 0.01 from a published score is flagged.

    Returns
    -------
    pandas.DataFrame
        ``year, region, score, basis (published|computed|unavailable), published, units_mean,
        n_units, discrepancy, flagged, scheme``.
    """
    frame = results if year is None else results[results["year"] == year]
    rows = []
    keys = frame["region"].map(region_key)
    for (y, _), group in frame.groupby([frame["year"], keys], sort=False):
        scheme = scheme_for(int(y))
        units = group[group["level"] == "unit"]
        pemda = group[group["level"] == "pemda"]
        published = float(pemda["score"].iloc[0]) if len(pemda) else np.nan
        mean = float(units["score"].mean()) if len(units) else np.nan
        if not np.isnan(published):
            score, basis = published, "published"
        elif len(units) and scheme.pemda_aggregation == "mean_of_units":
            score, basis = round_half_up(mean), "computed"
        else:
            score, basis = np.nan, "unavailable"
        diff = published - mean if len(units) and not np.isnan(published) else np.nan
        rows.append(
            {
                "year": int(y),
                "region": group["region"].iloc[0],
                "score": score,
                "basis": basis,
                "published": published,
                "units_mean": mean,
                "n_units": len(units),
                "discrepancy": diff,
                "flagged": bool(abs(diff) > DISCREPANCY_TOLERANCE + 1e-9) if not np.isnan(diff) else False,
                "scheme": scheme.id,
            }
        )
    columns = [
        "year",
        "region",
        "score",
        "basis",
        "published",
        "units_mean",
        "n_units",
        "discrepancy",
        "flagged",
        "scheme",
    ]
    return pd.DataFrame(rows, columns=columns).astype({"region": "str", "basis": "str", "scheme": "str"})


def _gaps(scheme: Scheme, score: float) -> dict:
    """Gap to the next band up and to the green zone (0 when already there)."""
    i = int(scheme.classify([score])[0])
    nxt = scheme.bands[i + 1] if i + 1 < len(scheme.bands) else None
    return {
        "next_grade": (nxt.grade or nxt.zone) if nxt else None,
        "gap_next_grade": round_half_up(nxt.lower - score) if nxt else 0.0,
        "gap_green": round_half_up(max(0.0, scheme.green_threshold - score)),
    }


@dataclass
class RegionSummary:
    """A Pemda in one assessment year: its score, grade, zones, gaps and place among peers."""

    region: str
    year: int
    scheme: str
    score: float | None
    basis: str
    grade: str | None
    zone: str | None
    opinion: dict[str, str]
    gap_next_grade: float | None
    next_grade: str | None
    gap_green: float | None
    green_threshold: float
    units: pd.DataFrame
    zone_counts: dict[str, int]
    units_mean: float | None
    n_units: int
    discrepancy: float | None
    rank: int | None
    n_pemdas: int
    percentile: float | None
    previous: dict | None
    notes: list[dict[str, str]] = field(default_factory=list)
    unconfirmed: dict[str, list[str]] = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Plain JSON-ready values (for files that notebooks and briefs read)."""
        return to_plain(vars(self))  # the units table becomes a list of records

    def text(self, lang: str = "id") -> str:
        """A few plain sentences for a reader."""
        if self.score is None:
            return t("no_rows", lang, region=self.region, year=self.year)
        zone = self.zone or ""
        lines = [
            t(
                "summary_headline",
                lang,
                region=self.region,
                year=self.year,
                score=fmt_num(self.score, lang),
                grade=self.grade or "–",
                zone=zone,
                opinion=self.opinion.get(lang, ""),
            )
        ]
        if self.rank is not None:
            lines.append(
                t(
                    "summary_rank",
                    lang,
                    rank=self.rank,
                    n=self.n_pemdas,
                    year=self.year,
                    pct=fmt_num(self.percentile, lang, 0),
                )
            )
        if self.gap_green:
            lines.append(t("summary_gap_green", lang, gap=fmt_num(self.gap_green, lang)))
        else:
            lines.append(t("summary_in_green", lang))
        if self.zone_counts:
            counts = ", ".join(f"{z} {n}" for z, n in self.zone_counts.items())
            lines.append(t("summary_zones", lang, counts=counts))
        lines += [n[lang] for n in self.notes]
        return "\n".join(lines)


def _both(key: str, **values) -> dict[str, str]:
    return {lang: t(key, lang, **values) for lang in ("id", "en")}


def summarise_region(results: pd.DataFrame, region: str, year: int) -> RegionSummary:
    """Summarise one Pemda in one assessment year.

    Parameters
    ----------
    results : DataFrame
        As returned by :func:`toolkit.read_results`.
    region : str
        Region name in any accepted spelling (``"Kab. Bekasi"``).
    year : int
        Assessment year.

    Returns
    -------
    RegionSummary
        The Pemda score (published wins; otherwise the mean of its units from 2022 on), its grade
        and zone, the units graded with their gaps to the next grade and to the green zone, the
        count of units per zone, rank and percentile among the Pemdas of that year in the data,
        the previous assessment where present, and notes (discrepancies, partial data).

    Examples
    --------
    >>> from toolkit import read_results, bundled_results
    >>> s = summarise_region(read_results(bundled_results()), "Kabupaten Bekasi", 2022)
    >>> s.score, s.grade, s.zone, s.gap_green
    (73.02, 'C', 'kuning', 4.98)
    """
    year = int(year)
    scheme = scheme_for(year)
    key = region_key(region)
    mine = results[(results["year"] == year) & (results["region"].map(region_key) == key)]
    source = results.attrs.get("provenance", {}).get("source", "results")
    if mine.empty:
        known = sorted(results.loc[results["year"] == year, "region"].unique())
        raise DataError(
            [
                Problem(
                    t("no_rows", "en", region=region, year=year)
                    + f"; regions in {year}: {', '.join(known[:30]) or 'none'}"
                )
            ],
            source,
        )

    units = mine[mine["level"] == "unit"].reset_index(drop=True)
    graded = grade(units["score"], year) if len(units) else grade([], year)
    table = pd.DataFrame(
        {
            "unit": units["unit"],
            "unit_type": units["unit_type"],
            "score": graded["score"],
            "grade": graded["grade"],
            "zone": graded["zone"],
            "opinion": graded["opinion"],
            "opinion_en": graded["opinion_en"],
        }
    )
    gaps = pd.DataFrame(
        [_gaps(scheme, s) for s in table["score"]], columns=["next_grade", "gap_next_grade", "gap_green"]
    )
    table = pd.concat([table, gaps], axis=1)
    table["source_row"] = units["source_row"]

    peers = pemda_scores(results, year)
    me = peers[peers["region"].map(region_key) == key].iloc[0]
    notes = []
    score = None if np.isnan(me["score"]) else float(me["score"])
    if me["flagged"]:
        notes.append(
            _both(
                "discrepancy",
                region=me["region"],
                year=year,
                published=me["published"],
                diff=f"{me['discrepancy']:+.2f}",
                n=me["n_units"],
                mean=f"{me['units_mean']:.2f}",
            )
        )
    if me["basis"] == "unavailable":
        notes.append(_both("not_mean_years", scheme=scheme.id))
    if me["basis"] == "computed" and me["n_units"] < 7:
        notes.append(_both("partial_units", n=me["n_units"]))

    band = gap = None
    rank = percentile = None
    ranked = peers.dropna(subset=["score"])
    if score is not None:
        band = scheme.bands[int(scheme.classify([score])[0])]
        gap = _gaps(scheme, score)
        rank = int((ranked["score"] > score).sum()) + 1
        lower = int((ranked["score"] < score).sum())
        percentile = round_half_up(100.0 * lower / (len(ranked) - 1), 1) if len(ranked) > 1 else None

    history = pemda_scores(results[(results["region"].map(region_key) == key) & (results["year"] < year)])
    history = history.dropna(subset=["score"]).sort_values("year")
    previous = None
    if len(history):
        last = history.iloc[-1]
        previous = {
            "year": int(last["year"]),
            "score": float(last["score"]),
            "basis": last["basis"],
            "scheme": last["scheme"],
            "change": round_half_up(score - float(last["score"])) if score is not None else None,
        }

    return RegionSummary(
        region=str(me["region"]),
        year=year,
        scheme=scheme.id,
        score=score,
        basis=str(me["basis"]),
        grade=(band.grade or None) if band else None,
        zone=band.zone if band else None,
        opinion=dict(band.opinion) if band else {},
        gap_next_grade=gap["gap_next_grade"] if gap else None,
        next_grade=gap["next_grade"] if gap else None,
        gap_green=gap["gap_green"] if gap else None,
        green_threshold=scheme.green_threshold,
        units=table,
        zone_counts={z: int(n) for z, n in table["zone"].value_counts(sort=False).items()},
        units_mean=None if np.isnan(me["units_mean"]) else float(me["units_mean"]),
        n_units=int(me["n_units"]),
        discrepancy=None if np.isnan(me["discrepancy"]) else float(me["discrepancy"]),
        rank=rank,
        n_pemdas=len(ranked),
        percentile=percentile,
        previous=previous,
        notes=notes,
        unconfirmed={lang: scheme.unconfirmed_for(year, lang) for lang in ("id", "en")},
        provenance=dict(results.attrs.get("provenance", {})),
    )


# --------------------------------------------------------------------------------------------
# whole tables
# --------------------------------------------------------------------------------------------
SCORE_COLUMNS = ["year", "level", "region", "unit", "unit_type", "score", "grade", "zone", "opinion", "scheme", "basis"]


def score_table(results: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """Every row graded, with a Pemda row for each (year, region) that has units or a score.

    Unit rows come first within a region and year, then its Pemda row: the published score, or
    the mean of its units where the scheme aggregates that way (``basis`` says which).
    """
    out = []
    summary = pemda_scores(results)
    summary["key"] = summary["region"].map(region_key)
    keys = results["region"].map(region_key)
    for (y, k), group in results.groupby([results["year"], keys], sort=False):
        units = group[group["level"] == "unit"]
        if len(units):
            g = grade(units["score"], int(y))
            out.append(
                pd.DataFrame(
                    {
                        "year": units["year"],
                        "level": "unit",
                        "region": units["region"],
                        "unit": units["unit"],
                        "unit_type": units["unit_type"],
                        "score": g["score"],
                        "grade": g["grade"],
                        "zone": g["zone"],
                        "opinion": g["opinion" if lang == "id" else "opinion_en"],
                        "scheme": g["scheme"],
                        "basis": t("basis_published", lang),
                    }
                )
            )
        row = summary[(summary["year"] == y) & (summary["key"] == k)].iloc[0]
        if np.isnan(row["score"]):
            continue
        g = grade([row["score"]], int(y)).iloc[0]
        basis = (
            t("basis_published", lang) if row["basis"] == "published" else t("basis_computed", lang, n=row["n_units"])
        )
        out.append(
            pd.DataFrame(
                [
                    {
                        "year": int(y),
                        "level": "pemda",
                        "region": row["region"],
                        "unit": pd.NA,
                        "unit_type": pd.NA,
                        "score": g["score"],
                        "grade": g["grade"],
                        "zone": g["zone"],
                        "opinion": g["opinion" if lang == "id" else "opinion_en"],
                        "scheme": g["scheme"],
                        "basis": basis,
                    }
                ]
            )
        )
    if not out:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    table = pd.concat(out, ignore_index=True)[SCORE_COLUMNS]
    return table.astype({"year": "int64", "score": "float64"})


def check_published(results: pd.DataFrame) -> pd.DataFrame:
    """Rows whose published category, zone or opinion disagrees with the scheme's grading.

    Returns an empty frame when every published grade, zone and opinion is reproduced.
    """
    columns = [c for c in ("category_published", "zone_published", "opinion_published") if c in results]
    if not columns:
        return results.iloc[0:0]
    g = grade(results["score"], results["year"].to_numpy())
    mismatch = np.zeros(len(results), dtype=bool)
    for column, mine in (
        ("category_published", g["grade"]),
        ("zone_published", g["zone"]),
        ("opinion_published", g["opinion"]),
    ):
        if column in results:
            published = results[column].astype("str").str.strip().str.casefold()
            given = results[column].notna().to_numpy()
            mismatch |= given & (published.to_numpy() != mine.astype("str").str.casefold().to_numpy())
    out = results.loc[mismatch, ["year", "region", "unit", "score", *columns, "source_row"]].copy()
    out["computed"] = (g["grade"].fillna("") + " " + g["zone"] + " " + g["opinion"]).loc[mismatch]
    return out


def dimension_scores(detail: pd.DataFrame) -> pd.DataFrame:
    """Dimension scores per unit from detail data, and the composite under each year's weights.

    A dimension score given in the detail is used as is; otherwise it is the equal-weight mean of
    its indicator scores over their maximum × 100 (the scheme's default; unconfirmed).

    Parameters
    ----------
    detail : DataFrame
        As returned by :func:`toolkit.read_detail`.

    Returns
    -------
    pandas.DataFrame
        One row per unit: ``year, region, unit, unit_type``, one column per dimension,
        ``composite``, ``from_indicators`` (the dimensions derived from indicators), ``synthetic``.

    Examples
    --------
    >>> import pandas as pd
    >>> from toolkit import read_detail
    >>> rows = pd.DataFrame({"year": 2022, "region": "Kota X", "unit": "Dinsos",
    ...     "dimension": ["input", "proses", "output", "pengaduan", "pengaduan"],
    ...     "indicator": [None, None, None, "PG1", "PG2"], "score": [80, 70, 90, 3, 0]})
    >>> dimension_scores(read_detail(rows))[["pengaduan", "composite"]]
       pengaduan  composite
    0       50.0      72.73
    """
    rows = []
    keys = ["year", "region", "unit"]
    for (year, region, unit), group in detail.groupby(keys, sort=False):
        scheme = scheme_for(int(year))
        row = {"year": int(year), "region": region, "unit": unit, "unit_type": group["unit_type"].iloc[0]}
        derived = []
        for dim in scheme.weights:
            given = group[(group["dimension"] == dim) & (group["kind"] == "dimension")]
            if len(given):
                row[dim] = float(given["score"].iloc[0])
            else:
                ind = group[(group["dimension"] == dim) & (group["kind"] == "indicator")]
                row[dim] = float((ind["score"] / ind["max_score"]).mean() * 100.0) if len(ind) else np.nan
                derived.append(dim)
        row["composite"] = composite({d: row[d] for d in scheme.weights}, int(year))
        row["from_indicators"] = ",".join(derived)
        row["synthetic"] = bool(group["synthetic"].any())
        rows.append(row)
    return pd.DataFrame(rows)
