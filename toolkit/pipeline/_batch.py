"""Many regions: a pool of worker processes or a Dask cluster, a manifest merged under a lock,
unchanged regions skipped."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg
from toolkit.io import to_safe_csv
from toolkit.paths import reports_dir
from toolkit.pipeline._cluster import _local_cache, connect, failed_row, input_bytes, run_shipped, shipped_task
from toolkit.pipeline._kernel import _close_worker_session, _worker_session, die_with_parent
from toolkit.pipeline._run import _now, code_hash, run
from toolkit.pipeline._store import Root
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
        return failed_row(request, f"{type(exc).__name__}: {exc}")


def _row_key(row: dict) -> tuple[str, str, str]:
    return (str(row.get("slug", "")), str(row.get("variant", "") or ""), str(row.get("lang", "")))


def _read_manifest(data: bytes | None, where: str) -> dict[tuple, dict]:
    """The manifest's rows by key. One re-saved by a spreadsheet is read as it was saved
    (:func:`_manifest_text`, :func:`_manifest_delimiter`); one that cannot be read is an error
    naming ``where``, never an empty manifest whose rewrite would drop the rows of regions this
    batch does not run."""
    import csv
    import io

    if data is None:
        return {}
    text, encoding = _manifest_text(data)
    delimiter = _manifest_delimiter(text)
    if delimiter is None:
        raise DataError([Problem(Msg("manifest_unreadable", encoding=encoding))], where)
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


def _write_manifest(root: Root, rel: str, rows: dict) -> None:
    """Merge ``rows`` into the manifest ``rel`` under ``root`` (under a lock on a local
    filesystem): rows of regions this batch did not run (another batch, another language or
    input variant) are kept as they are."""
    import pandas as pd

    with root.locked(rel):
        merged = _read_manifest(root.read_bytes(rel), root.where(rel))
        for row in rows.values():
            merged[_row_key(row)] = row
        frame = pd.DataFrame(list(merged.values()), columns=MANIFEST_COLUMNS)
        root.write_text(rel, to_safe_csv(frame))


def _done_before(root: Root, rel: str, digest: str) -> dict | None:
    """The record of the last successful run with the same inputs, parameters and code."""
    with contextlib.suppress(ValueError, OSError):
        text = root.read_text(f"{rel}/run.json")
        data = json.loads(text) if text is not None else {}
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
    an existing Dask distributed cluster, whose workers are checked first (toolkit version and
    code, the ``kepatuhan`` kernel) and need not share a disk with this machine: the inputs go with
    each task and the finished files come back under ``output_root``. ``output_root`` may be an
    fsspec URL (``s3://bucket/reports``; ``memory://`` for tests), which a cluster's workers write
    themselves. ``reports/<year>/manifest.csv`` (region, status,
    seconds, error, failing cell, ...) is rewritten atomically as each run finishes. A region whose
    inputs, parameters and code are unchanged since its last successful run is skipped unless
    ``force``. A failure in one region does not stop the others.
    """
    root = Root(output_root if output_root is not None else reports_dir())
    # a URL has no folder here: the requests name a placeholder under which the region folders
    # are the same, and the runs of this machine share its own cache
    local_root = root.local if root.local is not None else Path(tempfile.gettempdir()) / "kepatuhan-url-root"
    options = {
        "results_path": results_path,
        "detail_path": detail_path,
        "survey_path": survey_path,
        "costs_path": costs_path,
        "target": target,
        "lang": lang,
        "output_root": local_root,
        "cache_dir": None if root.local is not None else _local_cache(),
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
    manifest = f"{int(year)}/manifest.csv"
    code = code_hash()
    # away from this machine's disk (a cluster) or into a URL, a region runs in a private folder
    # and its files come back here or go to the URL (see toolkit.pipeline._cluster)
    shipped = scheduler is not None or root.url is not None
    rows: dict[str, dict] = {}
    tasks = []
    for request in requests.values():
        digest = request.input_hash(code)
        rel = Path(request.output_dir).relative_to(local_root).as_posix()
        parent, name = rel.rsplit("/", 1)
        root.clean_stale(parent, f".{name}.partial-*")  # what a killed batch left, whether or not the region re-runs
        before = None if force else _done_before(root, rel, digest)
        rows[request.region] = {
            "region": request.region,
            "slug": parent.rsplit("/", 1)[-1],
            "lang": request.lang,
            "variant": request.variant,
            # unchanged since: keep the time and date of the run that made the files
            "status": "skipped" if before else "pending",
            "seconds": before.get("seconds") if before else None,
            "error": "",
            "failing_cell": "",
            "input_hash": digest,
            "output_dir": root.where(rel),
            "finished_at": before.get("finished_at", "") if before else "",
        }
        if before:
            continue
        if shipped:
            # inputs travel with the work only to a cluster; a URL every machine reaches is
            # written by the worker, anything else by this process
            inputs = input_bytes(request) if scheduler else None
            tasks.append(
                shipped_task(
                    request, root, rel, cell_timeout=cell_timeout, code=code, inputs=inputs, publish=root.shared
                )
            )
        else:
            tasks.append({"request": request, "cell_timeout": cell_timeout})
    client = connect(scheduler, code) if tasks and scheduler else None  # checked before anything is written
    by_region = {request.region: request for request in requests.values()}
    bar = _progress(len(rows), progress)
    bar.update(len(rows) - len(tasks))

    def record(result: dict) -> None:
        row = rows[result["region"]]
        if "deliver" in result:  # the files came back: put them under this machine's root
            try:
                root.deliver(result["deliver"], result.pop("content"))
            except OSError as exc:
                result = failed_row(by_region[result["region"]], f"{type(exc).__name__}: {exc}")
        row.update({k: result.get(k, row.get(k)) for k in ("status", "seconds", "error", "failing_cell", "output_dir")})
        row["finished_at"] = _now()
        _write_manifest(root, manifest, rows)
        bar.update(1)

    try:
        _write_manifest(root, manifest, rows)
        prepare = functools.partial(_cross_unit_once, next(iter(requests.values())), force) if tasks else None
        _run_all(tasks, client, workers, run_shipped if shipped else _run_task, record, prepare)
    finally:
        if client is not None:
            client.close()
    bar.close()
    import pandas as pd

    return pd.DataFrame(list(rows.values()), columns=MANIFEST_COLUMNS)


def _cross_unit_once(request, force: bool) -> None:
    """The cross-unit analysis of the batch's results and regime, into the cache its regions
    read (every region of a batch has the same): computed once here, not in every worker's first
    region; with ``force`` computed again. A failure is left to the regions, which report it."""
    from toolkit.analysis import cross_unit_cache

    if force:
        cross_unit_cache(request, refresh=True)
        return
    with contextlib.suppress(Exception):
        cross_unit_cache(request)


def _start_worker(parent: int) -> None:
    """A pool worker's start: end with the batch (:func:`die_with_parent`), and start its kernel
    at once, so it imports while the batch prepares and hands out the regions."""
    die_with_parent(parent)
    with contextlib.suppress(Exception):  # a kernel that cannot start fails the worker's first region instead
        _worker_session().acquire()


def _run_all(tasks: list[dict], client, workers: int, one, record, prepare=None) -> None:
    """Run ``one`` for every task on the cluster of ``client``, in a pool of ``workers``
    processes or here; ``record`` each result as it comes. ``prepare`` runs here before the first
    task starts (in a pool, while its workers start: each starts its kernel before it gets a task);
    not for a cluster, whose workers have caches of their own."""
    if tasks and client is not None:
        _on_cluster(client, tasks, record)
    elif tasks and workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(os.getpid(),),
        ) as pool:
            try:
                for _ in range(min(workers, len(tasks))):
                    pool.submit(os.getpid)  # a task with no idle worker spawns one: the workers start now
                if prepare is not None:
                    prepare()
                for future in as_completed([pool.submit(one, t) for t in tasks]):
                    record(future.result())
            except BaseException:  # Ctrl-C: no further region starts, and the workers end now
                _stop_pool(pool)
                raise
    else:
        if tasks and prepare is not None:
            prepare()
        try:
            for task in tasks:
                record(one(task))
        finally:
            _close_worker_session()


def _on_cluster(client, tasks: list[dict], record) -> None:
    """Run ``tasks`` on the Dask cluster of ``client``: each distinct input is sent to the
    cluster once, a task lost with its worker is a failed region."""
    from distributed import as_completed

    blobs: dict[str, object] = {}  # one future per distinct content
    for task in tasks:
        request = task["request"]
        for kind, data in task["inputs"].items():
            sha = getattr(request, kind).sha256
            if sha not in blobs:
                [blobs[sha]] = client.scatter([data], hash=False)
            task["inputs"][kind] = blobs[sha]
    futures = {client.submit(run_shipped, task, pure=False): task["request"] for task in tasks}
    for future in as_completed(futures):
        try:
            result = future.result()
        except Exception as exc:  # the worker died, or the task could not reach one
            result = failed_row(futures[future], f"{type(exc).__name__}: {exc}")
        record(result)


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
