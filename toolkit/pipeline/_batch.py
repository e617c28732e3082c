"""Many regions: a pool of worker processes or a Dask cluster, a manifest merged under a lock,
unchanged regions skipped."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg
from toolkit.io import to_safe_csv, write_text
from toolkit.paths import reports_dir
from toolkit.pipeline._kernel import _clean_stale, _close_worker_session, _worker_session, die_with_parent
from toolkit.pipeline._run import _now, code_hash, run
from toolkit.request import pemda_names, resolve

MANIFEST_COLUMNS = [
    "region",
    "slug",
    "lang",
    "variant",
    "status",
    "seconds",
    "error",
    "failing_cell",
    "input_hash",
    "output_dir",
    "finished_at",
]


def _run_task(task: dict) -> dict:
    """One region of a batch, in a worker process; never raises."""
    request = task["request"]
    try:
        result = run(request, cell_timeout=task["cell_timeout"], raise_on_error=False, session=_worker_session())
        return asdict(result)
    except Exception as exc:
        return {
            "region": request.region,
            "year": request.year,
            "slug": Path(request.output_dir).parent.name,
            "lang": request.lang,
            "variant": request.variant,
            "status": "failed",
            "seconds": 0.0,
            "output_dir": "",
            "error": f"{type(exc).__name__}: {exc}",
            "failing_cell": "",
            "input_hash": "",
        }


def _row_key(row: dict) -> tuple[str, str, str]:
    return (str(row.get("slug", "")), str(row.get("variant", "") or ""), str(row.get("lang", "")))


@contextlib.contextmanager
def _locked(path: Path):
    """An exclusive lock beside ``path`` (``path.lock``) while the block runs: two batches that
    write one manifest take turns instead of dropping each other's rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_name(path.name + ".lock")
    with open(lock, "a+") as fh:
        try:
            import fcntl

            fcntl.flock(fh, fcntl.LOCK_EX)
        except ImportError:  # not on POSIX: no lock, the merge still keeps other rows
            pass
        yield


def _read_manifest(path: Path) -> dict[tuple, dict]:
    """The manifest's rows by key. One re-saved by a spreadsheet is read as it was saved
    (:func:`_manifest_text`, :func:`_manifest_delimiter`); one that cannot be read is an error,
    never an empty manifest whose rewrite would drop the rows of regions this batch does not run."""
    import csv
    import io

    if not path.is_file():
        return {}
    text, encoding = _manifest_text(path.read_bytes())
    delimiter = _manifest_delimiter(text)
    if delimiter is None:
        raise DataError([Problem(Msg("manifest_unreadable", encoding=encoding))], str(path))
    return {_row_key(r): dict(r) for r in csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)}


def _manifest_text(data: bytes) -> tuple[str, str]:
    r"""The manifest's text and its encoding: UTF-8 as written (with or without a BOM), UTF-16
    with a BOM (Excel's "Unicode text"), else Windows-1252 (Excel's CSV on Indonesian Windows).

    Examples
    --------
    >>> _manifest_text("region;slug\nKota Baubau;kota-baubau-1\n".encode("cp1252"))[1]
    'utf-8'
    >>> _manifest_text("region\nKota Tōkyō\n".encode("utf-16"))
    ('region\nKota Tōkyō\n', 'utf-16')
    >>> _manifest_text("region\nKab. Pidië\n".encode("cp1252"))
    ('region\nKab. Pidië\n', 'cp1252')
    """
    import codecs

    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _manifest_delimiter(text: str) -> str | None:
    r"""The separator under which the header names both ``region`` and ``slug`` (a comma as
    written; a semicolon where Excel uses the Indonesian list separator; a tab), else None.

    Examples
    --------
    >>> _manifest_delimiter("region,slug,lang\n"), _manifest_delimiter('"region";"slug"\n'), _manifest_delimiter("x\n")
    (',', ';', None)
    """
    import csv

    header = text.split("\n", 1)[0].strip("\r")
    for delimiter in (",", ";", "\t"):
        names = {n.strip() for n in next(csv.reader([header], delimiter=delimiter), [])}
        if {"region", "slug"} <= names:
            return delimiter
    return None


def _write_manifest(path: Path, rows: dict) -> None:
    """Merge ``rows`` into the manifest at ``path`` under a lock: rows of regions this batch did
    not run (another batch, another language or input variant) are kept as they are."""
    import pandas as pd

    with _locked(path):
        merged = _read_manifest(path)
        for row in rows.values():
            merged[_row_key(row)] = row
        frame = pd.DataFrame(list(merged.values()), columns=MANIFEST_COLUMNS)
        write_text(path, to_safe_csv(frame))


def _done_before(output_dir: Path, digest: str) -> dict | None:
    """The record of the last successful run with the same inputs, parameters and code."""
    marker = output_dir / "run.json"
    if not marker.is_file():
        return None
    with contextlib.suppress(ValueError, OSError):
        data = json.loads(marker.read_text(encoding="utf-8"))
        if data.get("status") == "ok" and data.get("input_hash") == digest:
            return data
    return None


def batch(
    year: int,
    regions: list[str] | None = None,
    *,
    results_path: str | os.PathLike | None = None,
    detail_path: str | os.PathLike | None = None,
    survey_path: str | os.PathLike | None = None,
    costs_path: str | os.PathLike | None = None,
    target: str | None = "green",
    lang: str = "id",
    workers: int = 2,
    scheduler: str | None = None,
    force: bool = False,
    output_root: str | os.PathLike | None = None,
    cell_timeout: int = 600,
    progress: bool = True,
):
    """Run :func:`run` for many regions; return the manifest as a DataFrame.

    Regions default to every Pemda with unit or Pemda rows for ``year`` in the results. Every
    region is resolved (:func:`toolkit.request.resolve`) before anything runs: a mistyped name is
    an error that suggests the closest ones, all of them at once. Each region's request is the one
    ``kepatuhan brief`` builds, so a region ``brief`` just made is not run again. Runs go to a pool
    of ``workers`` processes, or with ``scheduler`` (an address such as ``tcp://10.0.0.5:8786``) to
    an existing Dask distributed cluster. ``reports/<year>/manifest.csv`` (region, status,
    seconds, error, failing cell, ...) is rewritten atomically as each run finishes. A region whose
    inputs, parameters and code are unchanged since its last successful run is skipped unless
    ``force``. A failure in one region does not stop the others.
    """
    options = {
        "results_path": results_path,
        "detail_path": detail_path,
        "survey_path": survey_path,
        "costs_path": costs_path,
        "target": target,
        "lang": lang,
        "output_root": output_root,
    }
    if regions is None:
        regions = pemda_names(year, results_path, lang)
        if not regions:
            raise DataError([Problem(Msg("batch_none", year=year))], "--all")
    requests, problems = {}, []
    for name in regions:
        try:
            request = resolve(name, year, **options)
        except DataError as exc:
            problems += exc.problems
            continue
        requests.setdefault(request.key, request)  # one run per Pemda, however it was spelled
    if problems:
        raise DataError(problems, "--regions")
    root = Path(output_root) if output_root is not None else reports_dir()
    manifest = root / str(int(year)) / "manifest.csv"
    code = code_hash()
    rows: dict[str, dict] = {}
    tasks = []
    for request in requests.values():
        digest = request.input_hash(code)
        out = Path(request.output_dir)
        if out.parent.is_dir():  # what a killed batch left here goes, whether or not the region re-runs
            _clean_stale(out.parent, f".{out.name}.partial-*")
        before = None if force else _done_before(out, digest)
        rows[request.region] = {
            "region": request.region,
            "slug": out.parent.name,
            "lang": request.lang,
            "variant": request.variant,
            # unchanged since: keep the time and date of the run that made the files
            "status": "skipped" if before else "pending",
            "seconds": before.get("seconds") if before else None,
            "error": "",
            "failing_cell": "",
            "input_hash": digest,
            "output_dir": str(out),
            "finished_at": before.get("finished_at", "") if before else "",
        }
        if not before:
            tasks.append({"request": request, "cell_timeout": cell_timeout})
    _write_manifest(manifest, rows)

    bar = _progress(len(rows), progress)
    bar.update(len(rows) - len(tasks))

    def record(result: dict) -> None:
        row = rows[result["region"]]
        row.update({k: result.get(k, row.get(k)) for k in ("status", "seconds", "error", "failing_cell", "output_dir")})
        row["finished_at"] = _now()
        _write_manifest(manifest, rows)
        bar.update(1)

    if tasks and force:  # recomputed once here, not in every worker
        from toolkit.analysis import refresh_cross_unit_cache

        refresh_cross_unit_cache(next(iter(requests.values())))
    if tasks and scheduler:
        from distributed import Client, as_completed

        with Client(scheduler) as client:
            futures = client.map(_run_task, tasks, pure=False)
            for future in as_completed(futures):
                record(future.result())
    elif tasks and workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            try:
                for future in as_completed([pool.submit(_run_task, t) for t in tasks]):
                    record(future.result())
            except BaseException:  # Ctrl-C: no further region starts, and the workers end now
                _stop_pool(pool)
                raise
    else:
        try:
            for task in tasks:
                record(_run_task(task))
        finally:
            _close_worker_session()
    bar.close()
    import pandas as pd

    return pd.DataFrame(list(rows.values()), columns=MANIFEST_COLUMNS)


def _stop_pool(pool) -> None:
    """Cancel what has not started and end the workers at once (their kernels end with them):
    a worker would otherwise take the next queued region after Ctrl-C, and leaving the pool
    waits for it to finish."""
    workers = list((getattr(pool, "_processes", None) or {}).values())  # shutdown forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in workers:
        with contextlib.suppress(Exception):
            process.join(10)


def _progress(total: int, enabled: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, disable=not enabled, unit="region", file=sys.stderr)
