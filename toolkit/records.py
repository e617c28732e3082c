"""The declared shapes of the result files the analysis writes and the briefs read.

Each step's result is a dataclass with :meth:`Record.to_json` / :meth:`Record.from_json`:
``overview.json`` is an :class:`Overview`, ``drivers.json`` a :class:`Drivers`, ``survey.json`` a
:class:`Survey`, ``brief-data.json`` a :class:`BriefData`. A file carries its kind and a version;
reading one checks both and that its fields are exactly the declared ones, so a renamed or missing
field fails loudly with the file and field named, never prints a dash. The scheme travels by id
and is rebuilt on read.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar

from toolkit.errors import DataError, Problem, check_fields
from toolkit.i18n import Msg
from toolkit.io import to_plain, write_json
from toolkit.schemes import Scheme, load_scheme
from toolkit.scoring import RegionSummary

__all__ = ["BriefData", "Drivers", "Overview", "Record", "Survey", "read_record"]

#: Raised to 2 when fields changed; a file of another version is refused with a plain sentence.
VERSION = 2


class Record:
    """A result file's declared shape (mixin for dataclasses)."""

    KIND: ClassVar[str] = ""
    NESTED: ClassVar[dict[str, type]] = {}

    def to_json(self) -> dict:
        """Plain JSON values, with the file's kind and version first."""
        out: dict[str, Any] = {"kind": self.KIND, "version": VERSION}
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            out[f.name] = value.to_json() if hasattr(value, "to_json") else to_plain(value)
        return out

    @classmethod
    def from_json(cls, data: dict, source: str = ""):
        """Rebuild from :meth:`to_json`'s output; a file of another kind or version, a missing
        or an unknown field is a :class:`DataError` naming ``source`` and the field."""
        where = source or f"{cls.KIND}.json"
        if not isinstance(data, dict) or data.get("kind") != cls.KIND:
            found = data.get("kind") if isinstance(data, dict) else type(data).__name__
            raise DataError([Problem(Msg("problem.record_kind", kind=cls.KIND, found=found))], where)
        if data.get("version") != VERSION:
            raise DataError(
                [Problem(Msg("problem.record_version", version=data.get("version"), expected=VERSION))], where
            )
        declared = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        check_fields(declared, set(data) - {"kind", "version"}, where)
        values = {}
        for name in declared:
            value = data[name]
            nested = cls.NESTED.get(name)
            values[name] = nested.from_json(value, f"{where}: {name}") if nested and value is not None else value
        return cls(**values)

    def write(self, folder: str | os.PathLike) -> Path:
        """Write ``<folder>/<kind>.json`` atomically."""
        return write_json(Path(folder) / f"{self.KIND}.json", self.to_json())


@dataclass
class Overview(Record):
    """One Pemda in one year (``overview.json``): the summary, peers, trend and history."""

    KIND: ClassVar[str] = "overview"

    region: str
    year: int
    lang: str
    scheme_id: str
    summary: RegionSummary
    peers: list[dict]  # rank, region, score, basis, is_focus, in_province
    trend: list[dict]  # year, score, basis, scheme (same Pemda, up to the year)
    history: list[dict]  # year, score, basis, grade, opinion, zone, zone_label, regime
    inputs: dict
    synthetic: bool

    NESTED: ClassVar[dict[str, type]] = {"summary": RegionSummary}

    @property
    def scheme(self) -> Scheme:
        return load_scheme(self.scheme_id)


@dataclass
class Drivers(Record):
    """What drives the Pemda's score (``drivers.json``; also ``kepatuhan drivers --format json``)."""

    KIND: ClassVar[str] = "drivers"

    region: str
    year: int
    lang: str
    scheme_id: str
    regime: str
    target: str
    focus_units: list[str]
    unit_data: bool  # whether the results list the Pemda's unit scores
    pemda_decomposition: list[dict]  # unit, unit_type, score, gap_green, pull, share_of_shortfall
    plan: dict | None  # toolkit.drivers.Plan.to_dict()
    units: list[dict]  # per focus unit: unit, score, and with detail dimensions, indicators, plan
    sector_gaps: dict  # toolkit.drivers.SectorGaps.to_dict()
    models: dict  # name -> toolkit.drivers.ModelResult.to_dict()
    relative_importance: dict
    costs: dict | None  # provenance of the costs file the plan used
    inputs: dict
    synthetic: bool

    @property
    def scheme(self) -> Scheme:
        return load_scheme(self.scheme_id)

    @property
    def has_detail(self) -> bool:
        return any(u.get("dimensions") for u in self.units)


@dataclass
class Survey(Record):
    """IKM and importance–performance of an SKM survey (``survey.json``)."""

    KIND: ClassVar[str] = "survey"

    region: str
    year: int
    lang: str
    by: str | None
    ikm: list[dict]
    overall: dict
    ipa: list[dict]
    inputs: dict
    synthetic: bool


@dataclass
class BriefData(Record):
    """Everything a brief is built from (``brief-data.json``): only what the steps wrote."""

    KIND: ClassVar[str] = "brief-data"

    overview: Overview
    drivers: Drivers | None = None
    survey: Survey | None = None
    charts: list[str] = field(default_factory=list)
    synthetic: bool = False

    NESTED: ClassVar[dict[str, type]] = {"overview": Overview, "drivers": Drivers, "survey": Survey}

    def parts(self) -> list[Record]:
        return [p for p in (self.overview, self.drivers, self.survey) if p is not None]


_KINDS: dict[str, type] = {c.KIND: c for c in (Overview, Drivers, Survey, BriefData)}


def read_record(path: str | os.PathLike, cls: type | None = None):
    """Read a result file into its record (the kind named in the file, or ``cls``)."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    kind = cls or _KINDS.get(data.get("kind") if isinstance(data, dict) else None)
    if kind is None:
        raise DataError([Problem(Msg("problem.record_kind", kind="|".join(_KINDS), found=data.get("kind")))], str(path))
    return kind.from_json(data, str(path))
