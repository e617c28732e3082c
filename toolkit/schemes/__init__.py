"""Methodology as data: grading schemes read from the TOML files beside this module.

Each file holds one scheme: its bands with labels in Indonesian and English, dimension weights
where known, its sources, and what in it is unconfirmed. Nothing about grading lives in code.
"""

from __future__ import annotations

import functools
import itertools
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from toolkit.errors import SchemeError
from toolkit.i18n import Msg, pick

__all__ = [
    "Band",
    "Scheme",
    "comparable",
    "indicator_catalogues",
    "instrument_for",
    "list_schemes",
    "load_catalogue",
    "load_scheme",
    "regime_for",
    "regimes",
    "scheme_for",
]

SCHEME_DIR = Path(__file__).parent


@dataclass(frozen=True)
class Band:
    """One band of a scheme: ``[lower, upper)``, the top band closed at the scale maximum."""

    grade: str
    lower: float
    upper: float
    zone: str
    opinion: dict[str, str]
    quality: dict[str, str] | None = None  # 2025 on: the service-quality label (kualitas pelayanan)


@dataclass(frozen=True)
class Scheme:
    """A grading scheme read from a TOML file (see ``toolkit/schemes/*.toml``)."""

    id: str
    kind: str
    title: dict[str, str]
    scale_min: float
    scale_max: float
    decimals: int
    bands: tuple[Band, ...]  # ascending by lower bound
    zones: dict[str, dict]
    regime: str | None = None
    first_year: int | None = None
    last_year: int | None = None
    skip_years: tuple[int, ...] = ()
    pemda_aggregation: str | None = None
    units_per_pemda: int | None = None  # units an assessment of one Pemda covers, where known
    dimensions: tuple[dict, ...] = ()
    indicators: dict = field(default_factory=dict)
    sources: tuple[dict, ...] = ()
    unconfirmed: tuple[dict, ...] = ()
    maladministration: dict = field(default_factory=dict)
    breakdowns: tuple[dict, ...] = ()  # published splits of a score into its dimensions' points
    split: dict = field(default_factory=dict)  # an unconfirmed split of points: dimensions, total
    path: Path | None = None
    raw: dict = field(default_factory=dict, repr=False)

    # -- bands -------------------------------------------------------------------------------
    def classify(self, scores: np.ndarray) -> np.ndarray:
        """Index into ``self.bands`` for each score (already rounded); scores must be in scale."""
        lowers = np.array([b.lower for b in self.bands])
        return np.searchsorted(lowers, np.asarray(scores, dtype=float), side="right") - 1

    @property
    def green_threshold(self) -> float:
        """Lowest score in the green zone (the lower bound of the lowest green band)."""
        green = [b.lower for b in self.bands if self.zones.get(b.zone, {}).get("green")]
        if not green:
            raise SchemeError(Msg("problem.scheme_no_green", scheme=self.id))
        return min(green)

    def band_for_grade(self, grade: str) -> Band:
        """The band with letter ``grade``, or zone name, or the opinion or service-quality label
        the instrument gives it in either language (any case: "Kualitas Tertinggi").

        Examples
        --------
        >>> scheme = load_scheme("ombudsman-2025")
        >>> scheme.band_for_grade("kualitas tertinggi").lower == scheme.band_for_grade("Highest quality").lower
        True
        """
        for band in self.bands:
            if grade in (band.grade, band.zone) and grade:
                return band
        folded = str(grade).strip().casefold()
        for band in self.bands:
            labels = [*band.opinion.values(), *(band.quality or {}).values()]
            if folded and folded in {label.casefold() for label in labels}:
                return band
        known = ", ".join(sorted({b.grade for b in self.bands if b.grade} | {b.zone for b in self.bands}))
        raise SchemeError(Msg("problem.scheme_no_grade", scheme=self.id, grade=grade, known=known))

    def subtitle(self, lang: str = "id") -> str:
        """The assessment's name as a brief's subtitle gives it (the title where none is given)."""
        return dict(self.raw.get("subtitle") or self.title)[lang]

    @property
    def zones_published(self) -> bool:
        """Whether Ombudsman published the zones of this scheme (2025 on: opinions and quality
        labels only; the zones are the toolkit's mapping, said wherever one is shown)."""
        return bool(self.raw.get("zones_published", True))

    def zone_label(self, zone: str, lang: str = "id") -> str:
        return self.zones.get(zone, {}).get("label", {}).get(lang, zone)

    # -- dimensions --------------------------------------------------------------------------
    @property
    def weights(self) -> dict[str, float]:
        """Dimension weights in percent, keyed by dimension (empty where none are known)."""
        return {d["key"]: float(d["weight"]) for d in self.dimensions}

    # -- provenance --------------------------------------------------------------------------
    def covers(self, year: int) -> bool:
        if self.first_year is None or year < self.first_year or year in self.skip_years:
            return False
        return self.last_year is None or year <= self.last_year

    def unconfirmed_for(self, year: int | None = None, lang: str = "id") -> list[str]:
        """The unconfirmed assumptions that apply to ``year`` (all, when year is None)."""
        out = []
        for item in self.unconfirmed:
            years = item.get("years")
            if year is None or not years or year in years:
                out.append(item["text"][lang])
        return out

    def source_lines(self, lang: str = "en") -> list[str]:
        """One line per source, ``what: cite``, in ``lang`` (``what`` and ``cite`` each one text, or
        one per language where they hold words or dates: "Januari 2023").

        Examples
        --------
        >>> [line for line in load_scheme("ombudsman-2022").source_lines("id") if "Kendal" in line]
        ['skala indikator 0-3 dan jumlah indikator: salindia lokakarya Kendal 2023; ttukab.go.id, Januari 2024']
        """
        return [f"{pick(s['what'], lang)}: {pick(s['cite'], lang)}" for s in self.sources]

    def dimension(self, key: str) -> dict:
        """The dimension ``key`` as the scheme file gives it (weight, label, variables)."""
        for dim in self.dimensions:
            if dim["key"] == key:
                return dim
        raise SchemeError(Msg("problem.scheme_no_dimension", scheme=self.id, key=key, known=", ".join(self.weights)))

    def split_bounds(self) -> dict[str, float]:
        """The lower bound of each dimension maximum in the unconfirmed split: the largest part
        any published breakdown gives it (0 where none does)."""
        dims = self.split.get("dimensions", [])
        return {d: max((float(b["parts"].get(d, 0.0)) for b in self.breakdowns), default=0.0) for d in dims}

    @property
    def catalogue(self) -> str | None:
        """The indicator list of this scheme's instrument (``toolkit/catalogue/<name>.toml``)."""
        return self.indicators.get("catalogue")

    @property
    def has_quality(self) -> bool:
        """Whether bands carry a service-quality label (2025 on)."""
        return any(b.quality for b in self.bands)


def _parse(data: dict, path: Path | None) -> Scheme:
    name = path.name if path else "<scheme>"
    try:
        bands = tuple(
            sorted(
                (
                    Band(
                        grade=str(b.get("grade", "")),
                        lower=float(b["lower"]),
                        upper=float(b["upper"]),
                        zone=str(b.get("zone", "")),
                        opinion=dict(b["opinion"]),
                        quality=dict(b["quality"]) if "quality" in b else None,
                    )
                    for b in data["bands"]
                ),
                key=lambda b: b.lower,
            )
        )
        scheme = Scheme(
            id=data["id"],
            kind=data["kind"],
            title=dict(data["title"]),
            scale_min=float(data["scale_min"]),
            scale_max=float(data["scale_max"]),
            decimals=int(data.get("decimals", 2)),
            bands=bands,
            zones=dict(data.get("zones", {})),
            regime=data.get("regime"),
            first_year=data.get("first_year"),
            last_year=data.get("last_year"),
            skip_years=tuple(data.get("skip_years", ())),
            pemda_aggregation=data.get("pemda_aggregation"),
            units_per_pemda=data.get("units_per_pemda"),
            dimensions=tuple(data.get("dimensions", ())),
            indicators=dict(data.get("indicators", {})),
            sources=tuple(data.get("sources", ())),
            unconfirmed=tuple(data.get("unconfirmed", ())),
            maladministration=dict(data.get("maladministration", {})),
            breakdowns=tuple(data.get("breakdowns", ())),
            split=dict(data.get("split", {})),
            path=path,
            raw=data,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SchemeError(f"{name}: malformed scheme ({exc!r})") from exc
    _check(scheme, name)
    return scheme


def _check(scheme: Scheme, name: str) -> None:
    """A scheme's bands must tile its scale exactly, and its weights must sum to 100."""
    bands = scheme.bands
    if not bands or bands[0].lower != scheme.scale_min or bands[-1].upper != scheme.scale_max:
        raise SchemeError(f"{name}: bands do not cover {scheme.scale_min}-{scheme.scale_max}")
    for low, high in itertools.pairwise(bands):
        if not math.isclose(low.upper, high.lower):
            raise SchemeError(f"{name}: gap or overlap between bands at {low.upper}/{high.lower}")
    for band in bands:
        if set(band.opinion) < {"id", "en"}:
            raise SchemeError(f"{name}: band {band.lower} needs opinion labels in id and en")
    if scheme.dimensions and not math.isclose(sum(scheme.weights.values()), 100.0, abs_tol=0.01):
        raise SchemeError(f"{name}: dimension weights sum to {sum(scheme.weights.values())}")
    if not scheme.sources:
        raise SchemeError(f"{name}: a scheme must name its sources")
    if scheme.split:
        dims = scheme.split.get("dimensions", [])
        if not set(dims) <= set(scheme.weights):
            raise SchemeError(f"{name}: split names dimensions {dims} not all in {list(scheme.weights)}")
        if not math.isclose(sum(scheme.weights[d] for d in dims), float(scheme.split["total"]), abs_tol=1e-6):
            raise SchemeError(f"{name}: the split's dimensions do not add up to its total {scheme.split['total']}")
    for item in scheme.breakdowns:  # a published breakdown is evidence the weights must fit
        parts = item["parts"]
        if set(parts) != set(scheme.weights):
            raise SchemeError(
                f"{name}: breakdown of {item['unit']} names {sorted(parts)}, not {sorted(scheme.weights)}"
            )
        if not math.isclose(sum(parts.values()), item["total"], abs_tol=0.005 * len(parts)):
            raise SchemeError(f"{name}: breakdown of {item['unit']} adds to {sum(parts.values())}, not {item['total']}")
        over = [k for k, v in parts.items() if v > scheme.weights[k] + 1e-9]
        if over:
            raise SchemeError(
                f"{name}: published part(s) {', '.join(f'{k} {parts[k]}' for k in over)} of {item['unit']} "
                f"exceed the dimension maximum ({', '.join(f'{k} {scheme.weights[k]}' for k in over)})"
            )
    if scheme.kind == "ombudsman" and not scheme.regime:
        raise SchemeError(f"{name}: an assessment scheme must name its methodology regime")
    if any(b.quality for b in bands) and not all(b.quality and set(b.quality) >= {"id", "en"} for b in bands):
        raise SchemeError(f"{name}: quality labels must be given for every band, in id and en")


@functools.cache
def load_scheme(name: str) -> Scheme:
    """Load a scheme by id (``"ombudsman-2022"``) or from a TOML file path.

    Examples
    --------
    >>> load_scheme("ombudsman-2022").green_threshold
    78.0
    """
    path = Path(name) if name.endswith(".toml") else SCHEME_DIR / f"{name}.toml"
    if not path.is_file():
        raise SchemeError(Msg("problem.scheme_unknown", name=name, known=", ".join(s.id for s in list_schemes())))
    with path.open("rb") as fh:
        try:
            data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise SchemeError(f"{path.name}: not valid TOML ({exc})") from exc
    return _parse(data, path)


def list_schemes() -> list[Scheme]:
    """Every scheme shipped with the toolkit, oldest first."""
    return [load_scheme(p.stem) for p in sorted(SCHEME_DIR.glob("*.toml"))]


def scheme_for(year: int) -> Scheme:
    """The Ombudsman scheme in force for assessment ``year``.

    Raises
    ------
    SchemeError
        For a year with no assessment (2020) or before the first scheme (2013).

    Examples
    --------
    >>> scheme_for(2022).id
    'ombudsman-2022'
    >>> scheme_for(2021).id
    'ombudsman-2015'
    """
    try:
        year = int(year)
    except (TypeError, ValueError) as exc:
        raise SchemeError(Msg("problem.year_value", year=year)) from exc
    for scheme in list_schemes():
        if scheme.kind == "ombudsman" and scheme.covers(year):
            return scheme
    ranges = ", ".join(f"{s.first_year}-{s.last_year or ''} ({s.id})" for s in list_schemes() if s.kind == "ombudsman")
    raise SchemeError(Msg("problem.no_scheme", year=year, ranges=ranges))


def regime_for(year: int) -> str:
    """The methodology regime of assessment ``year`` (one instrument: scores compare inside it).

    Examples
    --------
    >>> regime_for(2021), regime_for(2022), regime_for(2024), regime_for(2025)
    ('2015-2021', '2022-2024', '2022-2024', '2025-')
    """
    return scheme_for(year).regime


def regimes(years):
    """The regime of every year in a column of years, each distinct year resolved once (a
    table of many rows has few years).

    Examples
    --------
    >>> import pandas as pd
    >>> regimes(pd.Series([2021, 2022, 2022, 2025])).tolist()
    ['2015-2021', '2022-2024', '2022-2024', '2025-']
    """
    return years.map({y: regime_for(int(y)) for y in years.unique()})


def comparable(year_a: int, year_b: int) -> bool:
    """Whether scores of two assessment years can be compared point for point.

    Only inside one methodology regime (2013-2014, 2015-2021, 2022-2024, 2025-). Across a break
    compare positions (zone, grade, place in the national distribution), never point differences.

    Examples
    --------
    >>> comparable(2022, 2024), comparable(2021, 2022), comparable(2024, 2025), comparable(2019, 2015)
    (True, False, False, True)
    """
    return regime_for(year_a) == regime_for(year_b)


CATALOGUE_DIR = SCHEME_DIR.parent / "catalogue"


@functools.cache
def load_catalogue(name: str) -> dict:
    """A reviewed data file from ``toolkit/catalogue/`` (indicators, recommendations).

    Examples
    --------
    >>> len(load_catalogue("indicators-2022")["indicators"])
    39
    """
    path = CATALOGUE_DIR / f"{name}.toml"
    if not path.is_file():
        raise SchemeError(Msg("problem.catalogue_unknown", name=name, folder=str(CATALOGUE_DIR)))
    with path.open("rb") as fh:
        return tomllib.load(fh)


def instrument_for(year: int) -> dict:
    """The indicator list of the instrument that judges assessment ``year``, as data: every
    indicator with its dimension, variable, code, label, source and confidence.

    Examples
    --------
    >>> inst = instrument_for(2026)
    >>> inst["scheme"], sorted({i["dimension"] for i in inst["indicators"]})
    ('ombudsman-2025', ['input', 'output', 'pengaduan', 'proses'])
    >>> instrument_for(2023)["scheme"]
    'ombudsman-2022'
    """
    scheme = scheme_for(year)
    if not scheme.catalogue:
        raise SchemeError(Msg("problem.no_instrument", scheme=scheme.id, year=year))
    return load_catalogue(scheme.catalogue)


def indicator_catalogues() -> list[str]:
    """The indicator lists the schemes name, oldest first (their codes differ: KP/SP/ST/PM/PG in
    2022-2024, IN/PR/OU/PA from 2025).

    Examples
    --------
    >>> indicator_catalogues()
    ['indicators-2022', 'indicators-2025']
    """
    return list(dict.fromkeys(s.catalogue for s in list_schemes() if s.catalogue))
