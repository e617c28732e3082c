"""Scoring: grades, zones and opinions by year, composite scores, and Pemda summaries."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.errors import DataError, Problem, check_fields
from toolkit.findings import RANKED_KINDS, summary_lines
from toolkit.i18n import Msg, check_lang, fmt_num, regime_text, t
from toolkit.io import to_plain
from toolkit.names import region_key, region_type
from toolkit.national import national_position
from toolkit.rounding import round_half_up
from toolkit.schemes import Scheme, comparable, scheme_for

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


def of_kind(pemdas: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The rows of ``pemdas`` (a frame with a ``region`` column) whose region is of ``kind``; all
    of them for a kind Ombudsman does not rank separately.

    Examples
    --------
    >>> of_kind(pd.DataFrame({"region": ["Kota Bekasi", "Kabupaten Bekasi"]}), "kota")["region"].tolist()
    ['Kota Bekasi']
    """
    if kind not in RANKED_KINDS:
        return pemdas
    return pemdas[[region_type(r) == kind for r in pemdas["region"].astype(str)]]


#: A published Pemda score may differ from the mean of its units by rounding alone.
DISCREPANCY_TOLERANCE = 0.01
#: A published Pemda score is checked against the mean of its listed units from two units on.
MIN_UNITS_FOR_MEAN_CHECK = 2


GRADE_COLUMNS = ("grade", "zone", "zone_en", "opinion", "opinion_en", "quality", "quality_en", "scheme")


def _band_labels(scheme: Scheme) -> dict[str, np.ndarray]:
    """One array per output column, indexed by band position."""
    bands = scheme.bands
    return {
        "grade": np.array([b.grade or None for b in bands], dtype=object),
        "zone": np.array([b.zone for b in bands], dtype=object),
        "zone_en": np.array(
            [scheme.zone_label(b.zone, "en").replace(" zone", "").casefold() for b in bands], dtype=object
        ),
        "opinion": np.array([b.opinion["id"] for b in bands], dtype=object),
        "opinion_en": np.array([b.opinion["en"] for b in bands], dtype=object),
        "quality": np.array([b.quality["id"] if b.quality else None for b in bands], dtype=object),
        "quality_en": np.array([b.quality["en"] if b.quality else None for b in bands], dtype=object),
        "scheme": np.array([scheme.id] * len(bands), dtype=object),
    }


def grade(scores, year) -> pd.DataFrame:
    """Grade, zone, opinion and quality label (Indonesian and English) for each score under ``year``'s scheme.

    Scores are rounded half-up to two decimals first, then placed in half-open bands
    ``[lower, upper)``; the top band is closed at the scale maximum. One vectorised lookup per
    scheme, so a million scores grade in well under a second.

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
        ``zone``, ``zone_en``, ``opinion``, ``opinion_en``, ``quality``, ``quality_en`` (the 2025
        service-quality label; empty before 2025), ``scheme``.

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
    >>> grade([86.0, 53.38], 2025)[["opinion", "quality"]]
               opinion quality
    0  Kualitas Tinggi    Baik
    1  Kualitas Rendah  Kurang
    """
    values = np.atleast_1d(np.asarray(scores, dtype=float))
    years = np.broadcast_to(np.atleast_1d(np.asarray(year)), values.shape)
    index = scores.index if isinstance(scores, pd.Series) else pd.RangeIndex(len(values))
    rounded, position, labels = _band_positions(values, years, index)
    columns = {k: pd.array(v, dtype="str").take(position, allow_fill=True) for k, v in labels.items()}
    return pd.DataFrame({"score": rounded, **columns}, index=index)


def _band_positions(values: np.ndarray, years: np.ndarray, index) -> tuple[np.ndarray, np.ndarray, dict[str, list]]:
    """Rounded scores, each score's row in one label table for every scheme involved, and that
    table (``GRADE_COLUMNS``): a label column is one take from a few labels, after any reordering.

    Raises :class:`DataError` for a missing score or one outside its scheme's scale, naming the
    row by ``index``.
    """
    rounded = np.atleast_1d(round_half_up(values))
    position = np.full(len(values), -1, dtype=np.intp)
    labels: dict[str, list] = {k: [] for k in GRADE_COLUMNS}
    problems, total, offset = [], 0, 0
    unique_years, inverse = np.unique(years, return_inverse=True) if len(values) else ([], [])
    for i, y in enumerate(unique_years):
        scheme = scheme_for(int(y))
        pos = np.flatnonzero(inverse == i) if len(unique_years) > 1 else np.arange(len(values))
        vals = rounded[pos]
        bad = np.isnan(vals) | (vals < scheme.scale_min) | (vals > scheme.scale_max)
        total += int(bad.sum())
        for p in pos[bad][:1000]:
            problems.append(
                Problem(
                    Msg("problem.score_outside", scheme=scheme.id, low=scheme.scale_min, high=scheme.scale_max),
                    row=index[p],
                    value=float(values[p]),
                )
            )
        good = pos[~bad]
        position[good] = offset + scheme.classify(rounded[good])
        for key, column in _band_labels(scheme).items():
            labels[key] += list(column)
        offset += len(scheme.bands)
    if problems:
        raise DataError(problems, "scores", total)
    return rounded, position, labels


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
            [Problem(Msg("problem.no_weights", scheme=scheme.id, year=year))],
            "dimensions",
        )
    frame = pd.DataFrame([dict(dimensions)]) if isinstance(dimensions, Mapping) else pd.DataFrame(dimensions)
    problems = [
        Problem(Msg("problem.dimension_column_missing", dimension=key), column=key)
        for key in weights
        if key not in frame
    ]
    if problems:
        raise DataError(problems, "dimensions")
    values = frame[list(weights)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    for r, c in zip(*np.nonzero(np.isnan(values) | (values < 0) | (values > 100)), strict=True):
        problems.append(
            Problem(
                Msg("problem.dimension_value"),
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
def region_keys(frame: pd.DataFrame) -> pd.Series:
    """The region key of every row: the loader's ``region_key`` column, else computed.

    Ministries and agencies (no region) get the empty key.
    """
    if "region_key" in frame:
        return frame["region_key"]
    return frame["region"].map(region_key, na_action="ignore").fillna("").astype("str")


class _RegionYears:
    """One integer id per (region key, year), numbered in order of first appearance (what
    ``groupby(sort=False).ngroup()`` gives), with the text keys hashed once."""

    def __init__(self, keys: pd.Series, years: np.ndarray) -> None:
        key_codes, self.keys = pd.factorize(keys)
        year_codes, self.years = pd.factorize(np.asarray(years))
        self.ids, self.pairs = pd.factorize(key_codes.astype(np.int64) * len(self.years) + year_codes)
        self.first = np.flatnonzero(np.diff(np.maximum.accumulate(self.ids), prepend=-1) > 0) if len(keys) else []

    def key_of_groups(self) -> np.ndarray:
        return np.asarray(self.keys)[self.pairs // len(self.years)]

    def year_of_groups(self) -> np.ndarray:
        return np.asarray(self.years)[self.pairs % len(self.years)]

    def lookup(self, keys, years) -> np.ndarray:
        """The id of each (key, year) given; -1 where there is none."""
        key_codes = pd.Index(self.keys).get_indexer(keys)
        year_codes = pd.Index(self.years).get_indexer(np.asarray(years))
        known = (key_codes >= 0) & (year_codes >= 0)
        return pd.Index(self.pairs).get_indexer(
            np.where(known, key_codes.astype(np.int64) * len(self.years) + year_codes, -1)
        )


#: The columns of a summary's units table.
UNIT_COLUMNS = (
    "unit",
    "unit_type",
    "score",
    "grade",
    "zone",
    "opinion",
    "opinion_en",
    "quality",
    "quality_en",
    "next_grade",
    "gap_next_grade",
    "gap_green",
    "source_row",
)

PEMDA_COLUMNS = [
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
    "without_maladministration",
    "region_key",
]


def pemda_scores(results: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """One row per (year, region): the Pemda score and where it comes from.

    A published Pemda score wins. Without one, the score is the mean of the units when the
    year's scheme aggregates that way (2022 on), else it is unavailable. The mean of the units is
    always shown beside it, and a difference over 0.01 from a published score is flagged where at
    least two units are listed (one unit is a partial list, not a mean). Only
    ``unit`` and ``pemda`` rows count: central-government offices in a region (``vertical``) and
    ministries or agencies (``instansi``) never enter a Pemda score.

    Returns
    -------
    pandas.DataFrame
        ``year, region, score, basis (published|computed|unavailable), published, units_mean,
        n_units, discrepancy, flagged, scheme, without_maladministration`` in order of first
        appearance.

    Examples
    --------
    >>> from toolkit import read_results, bundled_results
    >>> p = pemda_scores(read_results(bundled_results()), 2025)
    >>> p.loc[p["region"] == "Provinsi Daerah Istimewa Yogyakarta", ["score", "basis", "units_mean", "n_units"]]
        score      basis  units_mean  n_units
    16   86.0  published   85.998333        6
    """
    use = results["level"].isin(["unit", "pemda"]).to_numpy()
    if year is not None:
        use = use & (results["year"] == year).to_numpy()
    if not use.any():
        return pd.DataFrame(columns=PEMDA_COLUMNS).astype({"year": "int64", "score": "float64"})
    # one integer id per (year, region key), numbered in order of first appearance; every
    # aggregate below is over these ids (hashing the text keys once, not once per aggregate)
    pos = np.flatnonzero(use)
    keys = region_keys(results)
    groups = _RegionYears(keys if use.all() else keys.iloc[pos], results["year"].to_numpy()[pos])
    gid, first, n_groups = groups.ids, groups.first, len(groups.pairs)
    is_unit = (results["level"] == "unit").to_numpy()[pos]
    scores = results["score"].to_numpy(dtype=float)[pos]
    units = pd.Series(scores[is_unit]).groupby(gid[is_unit]).agg(["mean", "size"]).reindex(range(n_groups))
    pemda_cols = {"score": "first"}
    if "without_maladministration" in results:
        pemda_cols["without_maladministration"] = "first"
    pemda_rows = results.iloc[pos[~is_unit]][list(pemda_cols)].set_axis(gid[~is_unit])
    pemda = pemda_rows.groupby(level=0).agg(pemda_cols).reindex(range(n_groups))
    years = groups.year_of_groups().astype("int64")
    published = pemda["score"].to_numpy(dtype=float)
    mean = units["mean"].to_numpy(dtype=float)
    n_units = units["size"].fillna(0).to_numpy().astype("int64")
    schemes = {int(y): scheme_for(int(y)) for y in groups.years}
    year_of_group = groups.pairs % len(groups.years)
    by_mean = np.array([schemes[int(y)].pemda_aggregation == "mean_of_units" for y in groups.years])[year_of_group]
    has_pub = ~np.isnan(published)
    computed = ~has_pub & (n_units > 0) & by_mean
    score = np.where(has_pub, published, np.where(computed, round_half_up(np.nan_to_num(mean)), np.nan))
    diff = np.where(has_pub & (n_units > 0), published - mean, np.nan)
    # One listed unit is a partial list the press chose to print, not a mean to check against.
    flagged = (n_units >= MIN_UNITS_FOR_MEAN_CHECK) & (np.abs(np.nan_to_num(diff)) > DISCREPANCY_TOLERANCE + 1e-9)
    malad = (
        pemda["without_maladministration"].astype("boolean")
        if "without_maladministration" in pemda
        else pd.Series(pd.NA, index=pemda.index, dtype="boolean")
    )
    table = pd.DataFrame(
        {
            "year": years,
            "region": results["region"].iloc[pos[first]].astype("str").to_numpy(),
            "score": score,
            "basis": np.where(has_pub, "published", np.where(computed, "computed", "unavailable")),
            "published": published,
            "units_mean": mean,
            "n_units": n_units,
            "discrepancy": diff,
            "flagged": flagged,
            "scheme": np.array([schemes[int(y)].id for y in groups.years], dtype=object)[year_of_group],
            "without_maladministration": malad.to_numpy(),
            "region_key": groups.key_of_groups(),
        }
    )
    return table.astype(
        {"region": "str", "basis": "str", "scheme": "str", "without_maladministration": "boolean", "region_key": "str"}
    )


def _gaps(scheme: Scheme, score: float) -> dict:
    """Gap to the next band up and to the green zone (0 when already there)."""
    i = int(scheme.classify([score])[0])
    nxt = scheme.bands[i + 1] if i + 1 < len(scheme.bands) else None
    zones_repeat = len({b.zone for b in scheme.bands}) < len(scheme.bands)
    label = (nxt.grade or (nxt.opinion["id"] if zones_repeat else nxt.zone)) if nxt else None
    return {
        "next_grade": label,
        "gap_next_grade": round_half_up(nxt.lower - score) if nxt else 0.0,
        "gap_green": round_half_up(max(0.0, scheme.green_threshold - score)),
    }


def _band_name(scheme: Scheme, band, lang: str) -> str:
    """How a sentence names a band: "kategori C (zona kuning)", or the opinion where no letters."""
    zone = scheme.zone_label(band.zone, lang).casefold()
    if band.grade:
        return f"{t('grade_word', lang, grade=band.grade)}, {zone}"
    return f"{band.opinion[lang]}, {zone}"


@dataclass
class RegionSummary:
    """A Pemda in one assessment year: its score, grade, zones, gaps and place among peers."""

    region: str
    year: int
    scheme: str
    regime: str
    score: float | None
    basis: str
    grade: str | None
    zone: str | None
    opinion: dict[str, str]
    quality: dict[str, str] | None
    without_maladministration: bool | None
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
    n_pemdas: int  # Pemdas of the same kind in the data that year (what the rank is among)
    percentile: float | None
    previous: dict | None
    national: dict | None = None
    vertical: pd.DataFrame | None = None
    province: str | None = None
    province_rank: int | None = None
    province_n: int = 0
    kind: str = "other"  # kabupaten, kota or provinsi: ranks are among Pemdas of this kind
    # published | computed | unavailable: whether the score is the Ombudsman's or the units' mean
    pemda_source: str = "published"
    rank_computed: int = 0  # how many of the n_pemdas ranked have a computed score
    province_computed: int = 0  # likewise among the province_n
    notes: list[dict[str, str]] = field(default_factory=list)
    unconfirmed: dict[str, list[str]] = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)

    def rank_mix(self, lang: str = "id", province: bool = False) -> str:
        """The sentence saying a rank mixes published and computed Pemda scores, with a trailing
        space; empty where every ranked score is published."""
        n, computed = (self.province_n, self.province_computed) if province else (self.n_pemdas, self.rank_computed)
        if not computed:
            return ""
        return t("rank_mixed", lang, published=n - computed, computed=computed) + " "

    def to_dict(self) -> dict:
        """Plain JSON-ready values (for files that notebooks and briefs read)."""
        return to_plain(vars(self))  # the units table becomes a list of records

    to_json = to_dict

    @classmethod
    def from_json(cls, data: dict, source: str = "summary") -> RegionSummary:
        """Rebuild from :meth:`to_dict`; a missing or unknown field is an error naming it.

        Examples
        --------
        >>> from toolkit import read_results, bundled_results
        >>> s = summarise_region(read_results(bundled_results()), "Kabupaten Bekasi", 2022)
        >>> again = RegionSummary.from_json(s.to_dict())
        >>> again.score, again.units["unit"].iloc[0] == s.units["unit"].iloc[0]
        (73.02, True)
        """
        check_fields({f.name for f in dataclasses.fields(cls)}, set(data), source)
        values = dict(data)
        values["units"] = pd.DataFrame(values["units"], columns=UNIT_COLUMNS if not values["units"] else None)
        if values["vertical"] is not None:
            values["vertical"] = pd.DataFrame(values["vertical"])
        return cls(**values)

    def text(self, lang: str = "id") -> str:
        """A few plain sentences for a reader (worded in :mod:`toolkit.findings`).

        Examples
        --------
        >>> from toolkit import read_results, bundled_results
        >>> s = summarise_region(read_results(bundled_results()), "Provinsi Daerah Istimewa Yogyakarta", 2025)
        >>> print(s.text("en").splitlines()[0])
        Provinsi Daerah Istimewa Yogyakarta 2025: score 86.00, Green zone (High quality, without maladministration; service quality: Good).
        """
        return "\n".join(summary_lines(self, lang))


def _both(key: str, **values) -> dict[str, str]:
    """A note in both languages, with its catalogue key (code chooses notes by key)."""
    return {"key": key, **{lang: t(key, lang, **values) for lang in ("id", "en")}}


def _previous(history: pd.DataFrame, year: int, score: float | None, band) -> dict | None:
    """The last earlier assessment, with the change only where the instrument is the same.

    Across a methodology break the positions are given instead (band then and now), and the
    text says that the instrument changed: a point difference there is not progress.
    """
    history = history.dropna(subset=["score"]).sort_values("year")
    if history.empty:
        return None
    last = history.iloc[-1]
    prev_year, prev_score = int(last["year"]), float(last["score"])
    prev_scheme, scheme = scheme_for(prev_year), scheme_for(year)
    prev_band = prev_scheme.bands[int(prev_scheme.classify([prev_score])[0])]
    same = comparable(prev_year, year)
    entry = {
        "year": prev_year,
        "score": prev_score,
        "basis": last["basis"],
        "scheme": last["scheme"],
        "regime": prev_scheme.regime,
        "grade": prev_band.grade or None,
        "zone": prev_band.zone,
        "comparable": same,
        "change": round_half_up(score - prev_score) if (score is not None and same) else None,
        "text": {},
    }
    for lang in ("id", "en"):
        if same and score is not None:
            change = entry["change"]
            entry["text"][lang] = t(
                "change_comparable",
                lang,
                prev_year=prev_year,
                prev=fmt_num(prev_score, lang),
                change=("+" if change > 0 else "") + fmt_num(change, lang),
            )
        else:
            entry["text"][lang] = t(
                "change_regime",
                lang,
                prev_year=prev_year,
                prev=fmt_num(prev_score, lang),
                prev_band=_band_name(prev_scheme, prev_band, lang),
                prev_regime=regime_text(prev_scheme.regime, lang),
                year=year,
                band=_band_name(scheme, band, lang) if band is not None else "–",
            )
    return entry


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
        The Pemda score (published wins; otherwise the mean of its units from 2022 on), its grade,
        zone, opinion (with "Tanpa Maladministrasi" where published) and 2025 quality label, the
        units graded with their gaps to the next grade and to the green zone, the count of units
        per zone, the place in the national distribution of that year, rank and percentile among
        the Pemdas of that year in the data (a published sample), the previous assessment (a
        point change only inside one methodology regime), central-government offices in the
        region (never part of the Pemda score), and notes.

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
    keys = region_keys(results)
    of_region = (keys == key).to_numpy()
    mine = results[of_region & (results["year"] == year).to_numpy()]
    source = results.attrs.get("provenance", {}).get("source", "results")
    if mine.empty or not mine["level"].isin(["unit", "pemda"]).any():
        known = sorted(
            results.loc[(results["year"] == year) & results["level"].isin(["unit", "pemda"]), "region"].unique()
        )
        raise DataError(
            [
                Problem(
                    Msg("problem.no_rows_known", region=region, year=year, known=", ".join(known[:30]))
                    if known
                    else Msg("no_rows", region=region, year=year)
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
            "quality": graded["quality"],
            "quality_en": graded["quality_en"],
        }
    )
    gaps = pd.DataFrame(
        [_gaps(scheme, s) for s in table["score"]], columns=["next_grade", "gap_next_grade", "gap_green"]
    )
    table = pd.concat([table, gaps], axis=1)
    table["source_row"] = units["source_row"]
    table = table[list(UNIT_COLUMNS)]

    offices = mine[mine["level"] == "vertical"].reset_index(drop=True)
    vertical = None
    if len(offices):
        g = grade(offices["score"], year)
        vertical = pd.DataFrame(
            {
                "unit": offices["unit"],
                "unit_type": offices["unit_type"],
                "score": g["score"],
                "opinion": g["opinion"],
                "opinion_en": g["opinion_en"],
                "quality": g["quality"],
                "quality_en": g["quality_en"],
                "source_row": offices["source_row"],
            }
        )

    peers = pemda_scores(results, year)
    me = peers[region_keys(peers) == key].iloc[0]
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
    if me["basis"] == "computed" and scheme.units_per_pemda and me["n_units"] < scheme.units_per_pemda:
        notes.append(_both("partial_units", n=me["n_units"], usual=scheme.units_per_pemda))

    band = gap = None
    rank = percentile = None
    # ranked among Pemdas of the same kind, as Ombudsman ranks them (kabupaten among kabupaten,
    # kota among kota, provinsi among provinsi): a regency is not compared with a province
    kind = region_type(str(me["region"]))
    kind = kind if kind in RANKED_KINDS else "other"
    ranked = of_kind(peers.dropna(subset=["score"]), kind)
    if score is not None:
        band = scheme.bands[int(scheme.classify([score])[0])]
        gap = _gaps(scheme, score)
        rank = int((ranked["score"] > score).sum()) + 1
        lower = int((ranked["score"] < score).sum())
        percentile = round_half_up(100.0 * lower / (len(ranked) - 1), 1) if len(ranked) > 1 else None

    province = province_rank = None
    province_n = province_computed = 0
    if "province" in results:
        given = mine["province"].dropna()
        province = str(given.iloc[0]) if len(given) else None
    if province is not None and score is not None:
        same = results[(results["year"] == year).to_numpy() & (results["province"] == province).to_numpy()]
        in_province = ranked[region_keys(ranked).isin(set(region_keys(same)))]
        province_n = len(in_province)
        province_rank = int((in_province["score"] > score).sum()) + 1
        province_computed = int((in_province["basis"] == "computed").sum())

    history = pemda_scores(results[of_region & (results["year"] < year).to_numpy()])
    malad = me["without_maladministration"]
    return RegionSummary(
        region=str(me["region"]),
        year=year,
        scheme=scheme.id,
        regime=scheme.regime,
        score=score,
        basis=str(me["basis"]),
        grade=(band.grade or None) if band else None,
        zone=band.zone if band else None,
        opinion=dict(band.opinion) if band else {},
        quality=dict(band.quality) if band and band.quality else None,
        without_maladministration=None if pd.isna(malad) else bool(malad),
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
        kind=kind,
        percentile=percentile,
        previous=_previous(history, year, score, band),
        national=national_position(score, year) if score is not None else None,
        vertical=vertical,
        province=province,
        province_rank=province_rank,
        province_n=province_n,
        pemda_source=str(me["basis"]),
        rank_computed=int((ranked["basis"] == "computed").sum()) if len(ranked) else 0,
        province_computed=province_computed,
        notes=notes,
        unconfirmed={lang: scheme.unconfirmed_for(year, lang) for lang in ("id", "en")},
        provenance=dict(results.attrs.get("provenance", {})),
    )


# --------------------------------------------------------------------------------------------
# whole tables
# --------------------------------------------------------------------------------------------
SCORE_COLUMNS = [
    "year",
    "level",
    "region",
    "unit",
    "unit_type",
    "score",
    "grade",
    "zone",
    "opinion",
    "without_maladministration",
    "quality",
    "scheme",
    "basis",
]


def score_table(results: pd.DataFrame, lang: str = "id", pemdas: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every row graded, with a Pemda row for each (year, region) that has units or a score.

    Unit rows (and central-government offices and ministries, graded alike) come first within a
    region and year, then its Pemda row: the published score, or the mean of its units where the
    scheme aggregates that way (``basis`` says which). Vectorised over the whole table: one
    grading pass for the rows, one group-by for the Pemdas.
    ``pemdas`` is :func:`pemda_scores` of ``results`` when the caller has it already.

    Examples
    --------
    >>> from toolkit import read_results, bundled_results
    >>> r = read_results(bundled_results())
    >>> t = score_table(r[(r["region"] == "Kabupaten Bekasi") & (r["year"] == 2022)], lang="en")
    >>> t[["level", "unit", "score", "grade", "zone"]].tail(2)
       level                unit  score grade    zone
    6   unit  Puskesmas Cikarang  83.48     B   hijau
    7  pemda                 NaN  73.02     C  kuning
    """
    check_lang(lang)
    suffix = "" if lang == "id" else "_en"
    if results.empty:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    # Everything is decided on integer positions first (which source row or label each output
    # row shows, in which order); each column is then one take. Text columns are never copied
    # twice: at a million rows each copy of a text column costs more than the grading itself.
    years = results["year"].to_numpy()
    groups = _RegionYears(region_keys(results), years)
    group_ids = groups.ids
    malad = (
        results["without_maladministration"].array
        if "without_maladministration" in results
        else pd.arrays.BooleanArray(np.zeros(len(results), dtype=bool), np.ones(len(results), dtype=bool))
    )
    own = np.flatnonzero((results["level"] != "pemda").to_numpy())  # graded as they are
    own_score, own_band, own_labels = _band_positions(
        results["score"].to_numpy(dtype=float)[own], years[own], results.index[own]
    )

    pemdas = pemda_scores(results) if pemdas is None else pemdas  # a caller may have them already
    summary = pemdas.dropna(subset=["score"]).reset_index(drop=True)
    summary_groups = groups.lookup(summary["region_key"], summary["year"].to_numpy())
    p_score, p_band, p_labels = _band_positions(
        summary["score"].to_numpy(dtype=float), summary["year"].to_numpy(), summary.index
    )
    p_band = np.where(p_band < 0, -1, p_band + len(own_labels["grade"]))

    # units of a region and year in their order in the data, then its Pemda row: a stable sort
    # by region and year of the unit rows (in data order) followed by the Pemda rows
    n_own, n_pemda = len(own), len(summary)
    order = np.argsort(np.concatenate([group_ids[own], summary_groups.astype(group_ids.dtype)]), kind="stable")
    is_own = order < n_own
    source = np.full(len(order), -1, dtype=np.intp)  # each output row's row in results (-1: a Pemda row)
    source[is_own] = own[order[is_own]]
    # each output row's row in [results rows, then summary rows]: for columns that both give
    both_rows = np.where(is_own, source, len(results) + order - n_own)

    def text(column: pd.Series, pemda_values: pd.Series | None = None) -> pd.api.extensions.ExtensionArray:
        """``column`` at the unit rows; ``pemda_values`` (or missing) at the Pemda rows."""
        values = column.astype("str").array
        if pemda_values is None:
            return values.take(source, allow_fill=True)
        both = pd.concat([column.astype("str"), pemda_values.astype("str")], ignore_index=True).array
        return both.take(both_rows, allow_fill=True)

    def label(key: str) -> pd.api.extensions.ExtensionArray:
        table = pd.array(own_labels[key] + p_labels[key], dtype="str")
        return table.take(np.concatenate([own_band, p_band])[order], allow_fill=True)

    bases = [t("basis_published", lang)] + [t("basis_computed", lang, n=n) for n in summary["n_units"].unique()]
    computed_code = 1 + pd.Index(summary["n_units"].unique()).get_indexer(summary["n_units"])
    basis_code = np.concatenate(
        [np.zeros(n_own, dtype=np.intp), np.where(summary["basis"] == "published", 0, computed_code)]
    )
    both_malad = pd.concat(
        [pd.Series(malad).astype("boolean"), summary["without_maladministration"].astype("boolean")],
        ignore_index=True,
    ).array
    return pd.DataFrame(
        {
            "year": np.concatenate([years[own], summary["year"].to_numpy(dtype=years.dtype)])[order].astype("int64"),
            "level": text(results["level"], pd.Series(["pemda"] * n_pemda, dtype="str")),
            "region": text(results["region"], summary["region"]),
            "unit": text(results["unit"]),
            "unit_type": text(results["unit_type"]),
            "score": np.concatenate([own_score, p_score])[order],
            "grade": label("grade"),
            "zone": label("zone"),
            "opinion": label("opinion" + suffix),
            "without_maladministration": both_malad.take(both_rows, allow_fill=True),
            "quality": label("quality" + suffix),
            "scheme": label("scheme"),
            "basis": pd.array(bases, dtype="str").take(basis_code[order]),
        }
    )


#: Published label columns and the graded column each is checked against.
LABEL_CHECKS = {
    "category_published": "grade",
    "zone_published": "zone",
    "opinion_published": "opinion",
    "quality_published": "quality",
}


def _fold_label(series: pd.Series) -> pd.Series:
    text = series.astype("str").str.strip().str.casefold()
    return text.str.replace(r"\s*tanpa maladministrasi$", "", regex=True)


def check_published(results: pd.DataFrame, pemdas: pd.DataFrame | None = None) -> pd.DataFrame:
    """Published facts that disagree with the scheme or with the units listed beside them.

    Two kinds, each with its source: a published label (category, zone, opinion, quality) that
    the scheme of that year does not give the published score (``kind = "label"``; for example
    Puskesmas Kecamatan Kembangan 2022, 89.11 published "B" where the A band starts at 88), and a
    published Pemda score that differs from the mean of its listed units by more than 0.01
    (``kind = "pemda_mean"``). A wrong label is reported, never copied: grades always come from
    the scheme. ``.attrs["labels_checked"]`` counts the published labels compared.
    ``pemdas`` is :func:`pemda_scores` of ``results`` when the caller has it already.

    Returns
    -------
    pandas.DataFrame
        ``kind, year, level, region, unit, score, field, published, computed`` (as text),
        ``units_mean, n_units`` (the numbers behind a ``pemda_mean`` row), ``source_url,
        source_row``; empty when everything is reproduced.

    Examples
    --------
    >>> from toolkit import read_results, bundled_results
    >>> c = check_published(read_results(bundled_results()))
    >>> c.loc[c["kind"] == "label", ["unit", "score", "field", "published", "computed"]].head(1)
                                unit  score     field published computed
    4  Puskesmas Kecamatan Kembangan  89.11  category         B        A
    >>> sorted(c.loc[c["kind"] == "pemda_mean", "region"] + " " + c.loc[c["kind"] == "pemda_mean", "year"].astype(str))
    ['Kabupaten Bantul 2025', 'Kabupaten Batang 2024', 'Kabupaten Jayapura 2023', 'Kota Batu 2024', 'Kota Magelang 2021']
    """
    columns = [
        "kind",
        "year",
        "level",
        "region",
        "unit",
        "score",
        "field",
        "published",
        "computed",
        "units_mean",
        "n_units",
        "source_url",
        "source_row",
    ]
    found = []
    checked = 0
    labelled = [c for c in LABEL_CHECKS if c in results] if len(results) else []
    if labelled:  # graded once, and only the label columns that are compared are built
        _, band, band_labels = _band_positions(
            results["score"].to_numpy(dtype=float), results["year"].to_numpy(), results.index
        )
    for column in labelled:
        mine = LABEL_CHECKS[column]
        mine_labels = pd.Series(pd.array(band_labels[mine], dtype="str").take(band, allow_fill=True))
        given = results[column].notna().to_numpy() & (results[column].astype("str").str.strip() != "").to_numpy()
        checked += int(given.sum())
        published = _fold_label(results[column])
        computed = mine_labels.str.casefold()
        differ = given & (published.to_numpy() != computed.to_numpy())
        if differ.any():
            rows = results[differ]
            found.append(
                pd.DataFrame(
                    {
                        "kind": "label",
                        "year": rows["year"].to_numpy(),
                        "level": rows["level"].to_numpy(),
                        "region": rows["region"].to_numpy(),
                        "unit": rows["unit"].to_numpy(),
                        "score": rows["score"].to_numpy(),
                        "field": column.removesuffix("_published"),
                        "published": rows[column].to_numpy(),
                        "computed": mine_labels[differ].to_numpy(),
                        "source_url": rows["source_url"].to_numpy() if "source_url" in rows else pd.NA,
                        "source_row": rows["source_row"].to_numpy() if "source_row" in rows else pd.NA,
                        "_pos": np.flatnonzero(differ),
                    }
                )
            )
    pemdas = pemda_scores(results) if pemdas is None else pemdas
    flagged = pemdas[pemdas["flagged"]]
    if len(flagged):
        keys = region_keys(results)
        pemda_rows = results[(results["level"] == "pemda").to_numpy()]
        pemda_keys = keys[(results["level"] == "pemda").to_numpy()]
        where = {(int(y), k): i for y, k, i in zip(pemda_rows["year"], pemda_keys, range(len(pemda_rows)), strict=True)}
        picks = [where[(int(y), k)] for y, k in zip(flagged["year"], flagged["region_key"], strict=True)]
        rows = pemda_rows.iloc[picks]
        found.append(
            pd.DataFrame(
                {
                    "kind": "pemda_mean",
                    "year": flagged["year"].to_numpy(),
                    "level": "pemda",
                    "region": flagged["region"].to_numpy(),
                    "unit": pd.NA,
                    "score": flagged["published"].to_numpy(),
                    "field": "score",
                    "published": [f"{v:.2f}" for v in flagged["published"]],
                    "computed": [
                        f"{v:.2f} ({n})" for v, n in zip(flagged["units_mean"], flagged["n_units"], strict=True)
                    ],
                    "units_mean": flagged["units_mean"].to_numpy(dtype=float),
                    "n_units": flagged["n_units"].to_numpy(),
                    "source_url": rows["source_url"].to_numpy() if "source_url" in rows else pd.NA,
                    "source_row": rows["source_row"].to_numpy() if "source_row" in rows else pd.NA,
                    "_pos": [results.index.get_loc(i) for i in rows.index],
                }
            )
        )
    if not found:
        out = pd.DataFrame(columns=columns)
    else:
        out = pd.concat(found, ignore_index=True).sort_values(["_pos", "field"], kind="stable", ignore_index=True)
        out = out.reindex(columns=columns)  # label rows alone have no units_mean or n_units
    out.attrs["labels_checked"] = checked
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
