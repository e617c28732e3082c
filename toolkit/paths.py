"""The one place that knows where bundled data and generated reports live."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from toolkit.names import slug

__all__ = ["bundled_results", "data_dir", "matplotlib_dir", "region_dir", "reports_dir"]

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The ``data/`` folder: in a source checkout beside the package, else inside it."""
    checkout = PACKAGE_DIR.parent / "data"
    return checkout if checkout.is_dir() else PACKAGE_DIR / "data"


def bundled_results() -> Path:
    """The bundled table of real published scores (``data/published/results.csv``)."""
    return data_dir() / "published" / "results.csv"


def reports_dir() -> Path:
    """Where generated reports go: ``$KEPATUHAN_REPORTS``, else ``reports/`` of the source checkout
    (so notebooks opened from ``notebooks/`` write there too), else ``reports/`` in the working folder."""
    if "KEPATUHAN_REPORTS" in os.environ:
        return Path(os.environ["KEPATUHAN_REPORTS"])
    checkout = PACKAGE_DIR.parent / "reports"
    return checkout if checkout.is_dir() else Path("reports")


def matplotlib_dir() -> Path:
    """matplotlib's configuration and font-cache folder for the toolkit's own processes (the
    command line and the notebook kernels): ``$MPLCONFIGDIR`` when set, else
    ``kepatuhan-matplotlib-<uid>`` in the temporary folder, kept between runs so the font list is
    built once. Never under HOME: a brief writes nothing outside its output and cache folders.
    An analyst's own Python session keeps matplotlib's own folders (and their settings).

    Examples
    --------
    >>> matplotlib_dir().is_dir()
    True
    """
    if os.environ.get("MPLCONFIGDIR"):
        return Path(os.environ["MPLCONFIGDIR"])
    return private_dir("matplotlib")


def private_dir(name: str) -> Path:
    """``kepatuhan-<name>-<uid>`` in the temporary folder, readable by this user only; a fresh
    folder instead when someone else made that one.

    Examples
    --------
    >>> private_dir("ipython").name.startswith("kepatuhan-ipython-")
    True
    """
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"kepatuhan-{name}-{uid}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        mine = not folder.is_symlink() and folder.stat().st_uid == uid
    except OSError:
        mine = False
    return folder if mine else Path(tempfile.mkdtemp(prefix=f"kepatuhan-{name}-"))


def notebooks_dir() -> Path:
    """The parameterised notebooks: ``$KEPATUHAN_NOTEBOOKS`` (an office's own copies), else
    ``notebooks/`` of the source checkout, else inside the package."""
    if os.environ.get("KEPATUHAN_NOTEBOOKS"):
        return Path(os.environ["KEPATUHAN_NOTEBOOKS"])
    checkout = PACKAGE_DIR.parent / "notebooks"
    return checkout if checkout.is_dir() else PACKAGE_DIR / "notebooks"


def region_dir(
    year: int,
    region: str,
    root: str | os.PathLike | None = None,
    variant: str | None = None,
    lang: str | None = None,
) -> Path:
    """``<root>/<year>/<region-slug>[+<variant>]/<lang>/``: a safe folder for one region's outputs.

    Each language gets its own folder, and each input variant (your own results, detail, a
    survey) its own region folder, so no run overwrites another's brief.

    Examples
    --------
    >>> region_dir(2022, "Kabupaten Bekasi", "reports", lang="id").as_posix()
    'reports/2022/kabupaten-bekasi-eeb1fd/id'
    >>> region_dir(2022, "Kab. Bekasi", "reports", variant="detail-x-1a2b3c", lang="en").as_posix()
    'reports/2022/kabupaten-bekasi-eeb1fd+detail-x-1a2b3c/en'
    """
    folder = Path(root if root is not None else reports_dir()) / str(int(year)) / slug(region)
    if variant:
        folder = folder.with_name(f"{folder.name}+{variant}")
    return folder / lang if lang else folder


def code_hash() -> str:
    """A hash of the toolkit's code, schemes, catalogues and notebooks: a change re-runs regions
    and draws shared charts again (:mod:`toolkit.pipeline`, :mod:`toolkit.outputs`)."""
    digest = hashlib.sha256()
    files = sorted(
        [*PACKAGE_DIR.rglob("*.py"), *PACKAGE_DIR.rglob("*.toml"), *notebooks_dir().glob("*.ipynb")],
        key=lambda p: p.as_posix(),
    )
    for path in files:
        digest.update(path.relative_to(path.parents[1]).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
