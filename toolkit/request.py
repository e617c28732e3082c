"""One request, resolved once at the edge: which Pemda, which year, which inputs, which options.

:func:`resolve` turns what a user typed (a region in any spelling, a year, file paths, options)
into a frozen :class:`Request`: the canonical region name, its key and kind, the year's scheme and
regime, each input file with its SHA-256, the variant and output folder. The command line,
:func:`toolkit.pipeline.run`, :func:`toolkit.pipeline.batch` and the notebooks all build their
request here, so one region through ``brief`` and through ``batch`` is one run with one input hash.
Everything downstream reads the request's fields instead of re-keying names or re-resolving the
year.

The notebook parameters are defined once, in :data:`NOTEBOOK_PARAMETERS`; the parameters cells of
the notebooks are written from it (``python -m toolkit.request``) and a test keeps them in sync.
An analyst sets them once for the three notebooks in ``notebooks/parameters.toml``
(:func:`read_parameters_file`); a value a notebook's cell or papermill sets (other than None) wins
over the file, and the command line and the pipeline never read it (they pass
``parameters_file=None``).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import hashlib
import json
import os
import tomllib
import warnings
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from toolkit.drivers.plan import resolve_target
from toolkit.errors import DataError, DataWarning, Problem, SchemeError
from toolkit.i18n import Msg, check_lang, t
from toolkit.loading import read_results
from toolkit.names import SHORT_FORMS, region_key, region_type
from toolkit.paths import bundled_results, notebooks_dir, region_dir, reports_dir
from toolkit.schemes import Scheme, load_scheme, scheme_for

__all__ = [
    "NOTEBOOK_PARAMETERS",
    "InputFile",
    "Request",
    "check_year",
    "from_parameters",
    "load_results",
    "pemda_names",
    "read_parameters_file",
    "resolve",
    "resolve_region",
]

#: The parameters of the analysis notebooks (01-overview, 02-drivers, 03-brief): name, default and
#: the comment shown beside it. The one definition: the notebooks' parameters cells are written
#: from it, :meth:`Request.parameters` fills it, :func:`from_parameters` reads it back. The cells
#: leave every parameter at None but ``parameters_file``: the values come from that file, and
#: where it has none, from the default here.
NOTEBOOK_PARAMETERS: dict[str, tuple[object, str]] = {
    "parameters_file": (
        "parameters.toml",
        "one file for the three notebooks (beside them); None: read none (the pipeline's runs)",
    ),
    "region": ("Kabupaten Bekasi", 'None: from parameters_file, else "Kabupaten Bekasi"'),
    "year": (2022, "None: from parameters_file, else 2022"),
    "focus_units": (None, 'None: the units outside the green zone; or "Dinas Sosial,Dinas Pendidikan"'),
    "results_path": (None, "None: the bundled published results (data/published/results.csv)"),
    "detail_path": (None, "dimension/indicator scores (data/templates/); None: none"),
    "survey_path": (None, "SKM respondent data; None: none"),
    "costs_path": (None, "costs of the plan's steps (kepatuhan drivers --costs); None: the default effort curve"),
    "target": ("green", 'None: from parameters_file, else "green"; or a grade letter ("B") or a score'),
    "lang": ("id", 'None: from parameters_file, else "id"; or "en"'),
    "output_dir": (None, "None: reports/<year>/<region-slug>/<lang>/"),
    "cache_dir": (None, "shared cache of the cross-region analysis; None: reports/.cache/"),
}

#: The keys a parameters file may set, with the types each accepts (TOML values).
_FILE_TYPES: dict[str, tuple[str, tuple[type, ...]]] = {
    "region": ("param_type.text", (str,)),
    "year": ("param_type.integer", (int,)),
    "focus_units": ("param_type.texts", (str, list)),
    "results_path": ("param_type.text", (str,)),
    "detail_path": ("param_type.text", (str,)),
    "survey_path": ("param_type.text", (str,)),
    "costs_path": ("param_type.text", (str,)),
    "target": ("param_type.target", (str, int, float)),
    "lang": ("param_type.lang", (str,)),
    "output_dir": ("param_type.text", (str,)),
    "cache_dir": ("param_type.text", (str,)),
}
#: Keys whose value is a path: relative to the parameters file's folder.
_FILE_PATHS = ("results_path", "detail_path", "survey_path", "costs_path", "output_dir", "cache_dir")


@dataclass(frozen=True)
class InputFile:
    """An input file: its absolute path and the SHA-256 of its content."""

    path: str
    sha256: str

    @classmethod
    def of(cls, path: str | os.PathLike) -> InputFile:
        return cls(str(Path(path).resolve()), file_hash(path))

    @property
    def name(self) -> str:
        return Path(self.path).name


@dataclass(frozen=True)
class Request:
    """One analysis of one Pemda in one assessment year, resolved (see :func:`resolve`).

    ``region`` is the canonical name as the data writes it, ``key`` its :func:`region_key`, ``kind``
    kabupaten/kota/provinsi; ``scheme_id`` and ``regime`` are the year's; ``results`` (always),
    ``detail``, ``survey`` and ``costs`` are the inputs with their hashes; ``variant`` names the
    inputs beyond the bundled data; ``output_dir`` is where the run writes, ``cache_dir`` the cache
    shared by the runs of one output root.
    """

    region: str
    key: str
    kind: str
    province: str | None
    year: int
    scheme_id: str
    regime: str
    lang: str
    results: InputFile
    detail: InputFile | None = None
    survey: InputFile | None = None
    costs: InputFile | None = None
    focus_units: tuple[str, ...] | None = None
    target: str = "green"
    variant: str = ""
    output_dir: str = ""
    cache_dir: str = ""
    #: The parameters file the values came from (a notebook run in JupyterLab); what is shown, not
    #: what is analysed: two requests differing only here are the same run.
    parameters_file: str = field(default="", compare=False)

    @property
    def scheme(self) -> Scheme:
        """The year's scheme (rebuilt from its id; schemes are loaded once per process)."""
        return load_scheme(self.scheme_id)

    def parameters(self) -> dict:
        """The notebook parameters of this request (:data:`NOTEBOOK_PARAMETERS`), plain JSON."""
        values = {
            "parameters_file": None,  # every value is here: a run from these never reads the analyst's file
            "region": self.region,
            "year": self.year,
            "focus_units": ",".join(self.focus_units) if self.focus_units else None,
            "results_path": self.results.path,
            "detail_path": self.detail.path if self.detail else None,
            "survey_path": self.survey.path if self.survey else None,
            "costs_path": self.costs.path if self.costs else None,
            "target": self.target,
            "lang": self.lang,
            "output_dir": self.output_dir,
            "cache_dir": self.cache_dir,
        }
        assert values.keys() == NOTEBOOK_PARAMETERS.keys()
        return values

    def with_output(self, output_dir: str | os.PathLike) -> Request:
        """The same request writing into another folder (a run's staging folder)."""
        return dataclasses.replace(self, output_dir=str(output_dir))

    def input_hash(self, code: str) -> str:
        """What decides whether a run's outputs are still current: the Pemda, year, language and
        options, the content of every input (not where the files lie) and the code."""
        payload = {
            "key": self.key,
            "year": self.year,
            "lang": self.lang,
            "focus_units": list(self.focus_units or ()),
            "target": self.target,
            "inputs": {
                name: getattr(self, name).sha256 if getattr(self, name) else ""
                for name in ("results", "detail", "survey", "costs")
            },
            "code": code,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


# --------------------------------------------------------------------------------------------
# files and the results table
# --------------------------------------------------------------------------------------------
def file_hash(path: str | os.PathLike) -> str:
    """SHA-256 of a file's content, computed once per file version (path, size, modification
    time): a batch resolves every region with the same inputs without hashing them again."""
    stat = os.stat(path)
    return _hash(os.path.realpath(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _hash(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_RESULTS: OrderedDict[tuple[str, str], pd.DataFrame] = OrderedDict()
_KEEP = 4


def load_results(source: InputFile) -> pd.DataFrame:
    """The results table of ``source``, read once per process and content (a kernel that runs
    three notebooks, or a batch worker that runs region after region, parses it once). Loader
    warnings are not repeated here: the command line shows them where it reads a file for the
    user (``kepatuhan score``)."""
    key = (source.path, source.sha256)
    if key not in _RESULTS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataWarning)
            frame = read_results(source.path)
        _RESULTS[key] = frame
        while len(_RESULTS) > _KEEP:
            _RESULTS.popitem(last=False)
    _RESULTS.move_to_end(key)
    return _RESULTS[key].copy()  # callers may add columns; the cached frame stays as read


def _input(option: str, path: str | os.PathLike | None, lang: str) -> InputFile | None:
    if path is None or path == "":
        return None
    if os.path.isdir(path):
        raise DataError([Problem(t("file_is_dir", lang, option=option, path=path))], t("command_line", lang))
    if not os.path.isfile(path):
        raise DataError([Problem(t("file_missing", lang, option=option, path=path))], t("command_line", lang))
    return InputFile.of(path)


# --------------------------------------------------------------------------------------------
# names
# --------------------------------------------------------------------------------------------
def resolve_region(results: pd.DataFrame, region: str, year: int, lang: str = "id") -> str:
    """The canonical name of ``region`` among the Pemdas of ``year``, or a DataError that suggests
    the closest names ("did you mean Kabupaten Bekasi, Kota Bekasi?").

    Examples
    --------
    >>> from toolkit import read_results, bundled_results
    >>> r = read_results(bundled_results())
    >>> resolve_region(r, "kab. bekasi", 2022)
    'Kabupaten Bekasi'
    >>> try:
    ...     resolve_region(r, "Kabupaten Bekasii", 2022, "en")
    ... except DataError as exc:
    ...     print(exc.problems[0].message)
    no rows for Kabupaten Bekasii in 2022; did you mean: Kabupaten Bekasi, Kota Bekasi?
    >>> try:
    ...     resolve("Kabupten Bekasy", 2022, lang="en")
    ... except DataError as exc:
    ...     print(exc.problems[0].message)
    no rows for Kabupten Bekasy in 2022; did you mean: Kabupaten Bekasi, Kota Bekasi?
    >>> try:
    ...     resolve_region(r, "Kota Jogja", 2025, "en")
    ... except DataError as exc:
    ...     print(exc.problems[0].message)
    no rows for Kota Jogja in 2025; did you mean: Provinsi Daerah Istimewa Yogyakarta, Kota Yogyakarta?
    """
    pemdas = results[(results["year"] == int(year)) & results["level"].isin(["unit", "pemda"])]
    by_key: dict[str, str] = {}
    for k, name in zip(pemdas["region_key"], pemdas["region"].astype(str), strict=True):
        by_key.setdefault(k, name)  # the first spelling, in order of appearance
    key = region_key(region)
    if key and key in by_key:
        return by_key[key]
    # close in spelling of the name itself (without Kabupaten/Kota/Provinsi), or sharing a word
    # with the name typed ("bekasi", "Bekasi Regency")
    # ("Kabupten Bekasy": a misspelt kind word is a kind word too, or the name is never close)
    kinds = {"kabupaten", "kota", "provinsi", "regency", "city", "province", "kab", "administrasi"}

    def base(k: str) -> str:
        return " ".join(w for w in k.split() if w not in kinds and not difflib.get_close_matches(w, kinds, 1, 0.85))

    bases: dict[str, list[str]] = {}
    for k in by_key:
        bases.setdefault(base(k), []).append(k)
    close = [k for b in difflib.get_close_matches(base(key), list(bases), n=3, cutoff=0.8) for k in bases[b]]
    words = {SHORT_FORMS.get(w, w) for w in base(key).split()}  # "jogja" looks for "yogyakarta"
    close += [k for k in by_key if words & set(base(k).split()) and k not in close]
    suggestions = [by_key[k] for k in close][:5]
    message = t("no_rows", lang, region=region, year=year)
    if suggestions:
        message += "; " + t("did_you_mean", lang, names=", ".join(suggestions))
    else:
        message += "; " + t("regions_count", lang, n=len(by_key), year=year)
    raise DataError([Problem(message)], "--region")


def check_year(results: pd.DataFrame, year: int, source: str, lang: str = "id") -> None:
    """A year without rows in ``results`` is an error that lists the years there are."""
    years = sorted(int(y) for y in results["year"].unique())
    if year not in years:
        raise DataError([Problem(t("no_year", lang, year=year, years=", ".join(map(str, years)) or "–"))], source)


def _focus(focus_units: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...] | None:
    if isinstance(focus_units, str):  # "Dinas Sosial,Dinas Pendidikan" from papermill -p
        focus_units = [u for u in focus_units.split(",")]
    names = tuple(u.strip() for u in (focus_units or ()) if u and u.strip())
    return names or None


def _target(target: object, scheme: Scheme, lang: str) -> str:
    """The target as the user gave it, checked against the year's scheme now (not deep inside a
    notebook): "green", a grade letter or opinion of the scheme, or a score on its scale."""
    text = "green" if target is None or str(target).strip() == "" else str(target).strip()
    try:
        resolve_target(text, scheme)
    except (SchemeError, KeyError, ValueError) as exc:
        grades = ", ".join(b.grade or b.opinion[lang] for b in reversed(scheme.bands))
        raise DataError(
            [Problem(Msg("problem.target_unknown", target=text, scheme=scheme.id, grades=grades))], "--target"
        ) from exc
    return text


# --------------------------------------------------------------------------------------------
# resolve
# --------------------------------------------------------------------------------------------
def resolve(
    region: str,
    year: int | str,
    *,
    results_path: str | os.PathLike | None = None,
    detail_path: str | os.PathLike | None = None,
    survey_path: str | os.PathLike | None = None,
    costs_path: str | os.PathLike | None = None,
    focus_units: str | list[str] | tuple[str, ...] | None = None,
    target: str | float | None = "green",
    lang: str = "id",
    output_root: str | os.PathLike | None = None,
    output_dir: str | os.PathLike | None = None,
    cache_dir: str | os.PathLike | None = None,
) -> Request:
    """Resolve what a user asked for into a :class:`Request`, checking everything that can be
    checked before any work starts: the year has a scheme and rows, every file exists, the region
    is a Pemda of that year (else the closest names are suggested), the target is one the scheme
    knows.

    Parameters
    ----------
    region, year
        The Pemda in any accepted spelling ("Kab. Bekasi") and the assessment year.
    results_path, detail_path, survey_path, costs_path : optional
        Input files; results default to the bundled published results.
    focus_units : optional
        Units to analyse in depth (default: those outside the green zone); a comma-separated text
        is split.
    target : optional
        The plan's target: "green" (default), a grade letter or a score.
    lang : "id" or "en"
    output_root, output_dir : optional
        Where outputs go: ``output_dir`` exactly, else ``<output_root>/<year>/<slug>[+variant]/<lang>/``
        (``output_root`` defaults to ``reports/``).
    cache_dir : optional
        The shared cache; default ``<output_root>/.cache``.

    Examples
    --------
    >>> r = resolve("kab. bekasi", 2022)
    >>> r.region, r.key, r.kind, r.scheme_id, r.regime, r.variant
    ('Kabupaten Bekasi', 'kabupaten bekasi', 'kabupaten', 'ombudsman-2022', '2022-2024', '')
    >>> try:
    ...     resolve("Kabupaten Bekasii", 2022, lang="en")
    ... except DataError as exc:
    ...     print(exc.problems[0].message)
    no rows for Kabupaten Bekasii in 2022; did you mean: Kabupaten Bekasi, Kota Bekasi?
    >>> try:
    ...     resolve("Kabupten Bekasy", 2022, lang="en")
    ... except DataError as exc:
    ...     print(exc.problems[0].message)
    no rows for Kabupten Bekasy in 2022; did you mean: Kabupaten Bekasi, Kota Bekasi?
    """
    check_lang(lang)
    try:
        year = int(year)
    except (TypeError, ValueError):
        scheme_for(year)  # raises the scheme's own error for a year that is not a number
    scheme = scheme_for(year)
    problems, files = [], {}
    for name, option, path in (
        ("results", "--results", results_path),
        ("detail", "--detail", detail_path),
        ("survey", "--survey", survey_path),
        ("costs", "--costs", costs_path),
    ):
        try:
            files[name] = _input(option, path, lang)
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise DataError(problems, t("command_line", lang))
    results_file = files["results"] or InputFile.of(bundled_results())
    results = load_results(results_file)
    source = str(results_path) if results_path else t("bundled_data", lang)
    check_year(results, year, source, lang)
    name = resolve_region(results, region, year, lang)
    key = region_key(name)
    rows = results[(results["region_key"] == key) & (results["year"] == year)]
    given = rows["province"].dropna() if "province" in rows else pd.Series(dtype=object)
    variant = _variant(results_file, files["detail"], files["survey"], files["costs"])
    root = Path(output_root) if output_root is not None else reports_dir()
    folder = Path(output_dir) if output_dir else region_dir(year, name, root, variant, lang)
    return Request(
        region=name,
        key=key,
        kind=region_type(name),
        province=str(given.iloc[0]) if len(given) else None,
        year=year,
        scheme_id=scheme.id,
        regime=scheme.regime,
        lang=lang,
        results=results_file,
        detail=files["detail"],
        survey=files["survey"],
        costs=files["costs"],
        focus_units=_focus(focus_units),
        target=_target(target, scheme, lang),
        variant=variant,
        output_dir=str(folder),
        cache_dir=str(Path(cache_dir) if cache_dir else root / ".cache"),
    )


def pemda_names(year: int, results_path: str | os.PathLike | None = None, lang: str = "id") -> list[str]:
    """Every Pemda with unit or Pemda rows for ``year`` in the results (default: the bundled
    ones), in order of first appearance; a year without a scheme or without rows is an error
    that lists the years there are.

    Examples
    --------
    >>> len(pemda_names(2022)) > 100, pemda_names(2022)[:1]
    (True, ['Kabupaten Bekasi'])
    """
    scheme_for(year)
    source = _input("--results", results_path, lang) or InputFile.of(bundled_results())
    results = load_results(source)
    check_year(results, int(year), str(results_path) if results_path else t("bundled_data", lang), lang)
    rows = results[(results["year"] == int(year)) & results["level"].isin(["unit", "pemda"])]
    return list(dict.fromkeys(rows["region"].astype(str)))


def from_parameters(namespace: dict) -> Request:
    """The request of a notebook run, from its parameters (the names of :data:`NOTEBOOK_PARAMETERS`
    in ``namespace``, e.g. ``globals()``).

    Each parameter is the namespace's value where it is not None (what the cell says or papermill
    injected: always wins), else the value in ``parameters_file`` (:func:`read_parameters_file`;
    read only when the namespace names one, as the notebooks' cells do), else its default.

    Examples
    --------
    >>> from_parameters({"region": "Kota Bekasi", "year": 2022}).region
    'Kota Bekasi'
    >>> import pathlib, tempfile
    >>> settings = pathlib.Path(tempfile.mkdtemp()) / "parameters.toml"
    >>> _ = settings.write_text('region = "Kota Binjai"\\nyear = 2022\\nlang = "en"\\n')
    >>> r = from_parameters({"parameters_file": str(settings), "region": None, "lang": None})
    >>> r.region, r.lang, r.parameters_file == str(settings)
    ('Kota Binjai', 'en', True)
    >>> from_parameters({"parameters_file": str(settings), "region": "Kabupaten Bekasi"}).region  # the cell wins
    'Kabupaten Bekasi'
    """
    given = {name: namespace.get(name) for name in NOTEBOOK_PARAMETERS if name != "parameters_file"}
    lang = given["lang"] if given["lang"] in ("id", "en") else "id"
    source = namespace.get("parameters_file")
    path = _parameters_path(source, lang) if source else None
    settings = read_parameters_file(path, lang) if path else {}
    if given["lang"] is None and settings.get("lang") in ("id", "en"):
        lang = settings["lang"]
    values = {
        name: value if value is not None else settings.get(name, NOTEBOOK_PARAMETERS[name][0])
        for name, value in given.items()
    }
    region, year = values.pop("region"), values.pop("year")
    request = resolve(region, year, **values)
    return dataclasses.replace(request, parameters_file=str(path)) if path else request


def _parameters_path(source: str | os.PathLike, lang: str) -> Path:
    """The parameters file a notebook names: a relative name in the notebook's folder (the
    working folder of a notebook opened in JupyterLab), else beside the toolkit's notebooks."""
    path = Path(source).expanduser()
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, notebooks_dir() / path]
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        raise DataError(
            [Problem(t("parameters_file_missing", lang, path=" | ".join(str(c) for c in candidates)))],
            "parameters_file",
        )
    return found


def read_parameters_file(path: str | os.PathLike, lang: str = "id") -> dict:
    """The notebook parameters an analyst set in a TOML file (``notebooks/parameters.toml``):
    every key checked against :data:`NOTEBOOK_PARAMETERS` (a misspelt one is suggested its name)
    and its type, every path made absolute from the file's own folder. All problems at once, as a
    :class:`~toolkit.errors.DataError` naming the file and the key.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "p.toml").write_text('regoin = "Kota Binjai"\\nyear = "2022"\\ndetail_path = "d.csv"\\n')
    >>> try:
    ...     read_parameters_file(folder / "p.toml", "en")
    ... except DataError as exc:
    ...     print("\\n".join(p.message for p in exc.problems))
    unknown key regoin; did you mean: region?
    year must be a whole number, not '2022'
    >>> _ = (folder / "p.toml").write_text('year = 2023\\ndetail_path = "d.csv"\\n')
    >>> read_parameters_file(folder / "p.toml") == {"year": 2023, "detail_path": str(folder / "d.csv")}
    True
    """
    path = Path(path)
    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError([Problem(t("parameters_bad_toml", lang, error=exc))], str(path)) from exc
    problems, out = [], {}
    for key, value in settings.items():
        if key not in _FILE_TYPES:
            close = difflib.get_close_matches(key, list(_FILE_TYPES), n=2, cutoff=0.6)
            hint = (
                t("did_you_mean", lang, names=", ".join(close))
                if close
                else t("parameters_keys", lang, keys=", ".join(_FILE_TYPES))
            )
            problems.append(Problem(t("parameters_unknown_key", lang, name=key, hint=hint)))
            continue
        kind, types = _FILE_TYPES[key]
        fits = isinstance(value, types) and not isinstance(value, bool)
        if fits and isinstance(value, list):
            fits = all(isinstance(v, str) for v in value)
        if key == "lang" and value not in ("id", "en"):
            kind, fits = "param_type.lang", False
        if not fits:
            problems.append(Problem(t("parameters_wrong_type", lang, name=key, kind=t(kind, lang), value=repr(value))))
            continue
        if key in _FILE_PATHS:
            # relative to the file's folder; an absolute path stays as written
            value = os.path.normpath(os.path.abspath(path.parent / Path(value).expanduser()))
        out[key] = value
    if problems:
        raise DataError(problems, str(path))
    return out


def _token(kind: str, source: InputFile) -> str:
    """``<kind>-<readable file stem>-<6 hex of its content>``: names a folder variant."""
    import re

    stem = re.sub(r"[^0-9a-z]+", "-", Path(source.path).stem.casefold()).strip("-")[:48].strip("-") or "file"
    return f"{kind}-{stem}-{source.sha256[:6]}"


def _variant(results: InputFile, detail, survey, costs) -> str:
    """The folder suffix of a run's inputs: empty for the bundled data alone, else one token per
    extra input (``detail-kabupaten-bekasi-2022-detail-synthetic-3fa2c1``)."""
    tokens = []
    if results.path != str(bundled_results().resolve()):
        tokens.append(_token("results", results))
    for kind, source in (("detail", detail), ("survey", survey), ("costs", costs)):
        if source is not None:
            tokens.append(_token(kind, source))
    return "+".join(tokens)


def parameters_cell() -> str:
    """The source of the notebooks' parameters cell, written from :data:`NOTEBOOK_PARAMETERS`:
    every parameter at None (the values come from ``parameters_file``) but the file's name."""
    lines = [
        "# Parameters (papermill injects new values below this cell)",
        "# Set them once for the three notebooks in parameters.toml; a value set here (not None) wins.",
    ]
    for name, (default, comment) in NOTEBOOK_PARAMETERS.items():
        line = f"{name} = {default if name == 'parameters_file' else None!r}".replace("'", '"')
        lines.append(f"{line}  # {comment}" if comment else line)
    return "\n".join(lines)


def _write_notebook_parameters() -> list[Path]:
    """Rewrite the parameters cell of the analysis notebooks from :data:`NOTEBOOK_PARAMETERS`."""
    import nbformat

    written = []
    for name in ("01-overview", "02-drivers", "03-brief"):
        path = notebooks_dir() / f"{name}.ipynb"
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        if cell.source != parameters_cell():
            cell.source = parameters_cell()
            nbformat.write(nb, path)
            written.append(path)
    return written


if __name__ == "__main__":  # python -m toolkit.request: the notebooks' parameters cells from the definition
    for path in _write_notebook_parameters():
        print(path)
