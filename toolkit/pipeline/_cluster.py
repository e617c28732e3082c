"""Regions run where the client's disk is out of reach (the workers of a Dask cluster), or into an
output URL: the inputs travel with the work, the finished files come back or go to the URL.

A worker writes each input it was sent into a private temporary folder (checking the SHA-256 the
request holds), runs the region there, names the client's paths instead of its own in what it
wrote (the provenance of a brief names the file the analyst gave), and either puts the folder at
a shared output URL itself or returns the files to the client, which puts them under its own
``--out``. Before a batch starts, every worker is asked whether it runs the client's toolkit code
and has the notebooks' kernel.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import html
import json
import os
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg, t
from toolkit.pipeline._kernel import KERNEL_NAME, _clean_stale, _worker_session
from toolkit.pipeline._run import code_hash, run
from toolkit.pipeline._store import Root
from toolkit.request import InputFile, Request

INPUTS = ("results", "detail", "survey", "costs")

#: Seconds a batch waits for a scheduler's first worker before it gives up.
WORKER_WAIT = 30


def failed_row(request: Request, error: str) -> dict:
    """The manifest's record of a region that failed before or around its notebooks."""
    return {
        "region": request.region,
        "year": request.year,
        "slug": Path(request.output_dir).parent.name,
        "lang": request.lang,
        "variant": request.variant,
        "status": "failed",
        "seconds": 0.0,
        "output_dir": "",
        "error": error,
        "failing_cell": "",
        "input_hash": "",
    }


# --------------------------------------------------------------------------------------------
# the workers of a cluster
# --------------------------------------------------------------------------------------------
def probe() -> dict:
    """What a worker runs: the toolkit's version and code, whether the notebooks' kernel is there."""
    from jupyter_client.kernelspec import KernelSpecManager

    import toolkit

    return {
        "version": toolkit.__version__,
        "code": code_hash(),
        "kernel": KERNEL_NAME in KernelSpecManager().find_kernel_specs(),
        "python": sys.executable,
    }


def connect(address: str, code: str):
    """A Dask client of the scheduler at ``address`` whose every worker passed :func:`check_workers`;
    a scheduler out of reach is a :class:`DataError` too."""
    from distributed import Client

    try:
        client = Client(address, timeout=WORKER_WAIT)
    except (OSError, TimeoutError) as exc:
        raise DataError([Problem(Msg("batch_no_scheduler", address=address, reason=str(exc)))], address) from exc
    try:
        check_workers(client, address, code)
    except BaseException:
        client.close()
        raise
    return client


def check_workers(client, address: str, code: str) -> None:
    """Raise a :class:`DataError` naming every worker of ``client`` that cannot run the batch:
    none there, the toolkit not importable, another version or other code, no kernel."""
    import toolkit

    with contextlib.suppress(TimeoutError, OSError):  # none in time: reported below
        client.wait_for_workers(1, timeout=WORKER_WAIT)
    answers = client.run(probe, on_error="return")
    problems = []
    if not answers:
        problems.append(Problem(Msg("batch_no_workers", address=address, seconds=WORKER_WAIT)))
    for worker, info in sorted(answers.items()):
        if isinstance(info, BaseException):
            error = f"{type(info).__name__}: {info}"
            problems.append(Problem(Msg("batch_worker_no_toolkit", worker=worker, error=error)))
        elif info["version"] != toolkit.__version__:
            problems.append(
                Problem(
                    Msg(
                        "batch_worker_version",
                        worker=worker,
                        found=info["version"],
                        expected=toolkit.__version__,
                        python=info["python"],
                    )
                )
            )
        elif info["code"] != code:
            problems.append(Problem(Msg("batch_worker_code", worker=worker, python=info["python"])))
        elif not info["kernel"]:
            problems.append(Problem(Msg("batch_worker_no_kernel", worker=worker, kernel=KERNEL_NAME)))
    if problems:
        raise DataError(problems, address)


# --------------------------------------------------------------------------------------------
# one region, run away from the client's disk
# --------------------------------------------------------------------------------------------
def input_bytes(request: Request) -> dict[str, bytes]:
    """The content of each input of ``request`` (they are small tables), to send with the work."""
    return {kind: Path(getattr(request, kind).path).read_bytes() for kind in INPUTS if getattr(request, kind)}


def shipped_task(
    request: Request, root: Root, rel: str, *, cell_timeout: int, code: str, inputs: dict | None, publish: bool
) -> dict:
    """A task for :func:`run_shipped`: ``inputs`` the bytes (or Dask futures of them) of each
    input, or None where the worker reads the request's own paths; the finished folder goes to
    ``root`` from the worker if ``publish``, else it comes back with the result."""
    return {
        "request": request,
        "cell_timeout": cell_timeout,
        "code": code,
        "inputs": inputs,
        "rel": rel,
        "root": root.url if root.url is not None else str(root.local),
        "publish": publish,
    }


def _local_cache() -> Path:
    """This machine's cache of the cross-region analysis (keyed by content: safe to share)."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"kepatuhan-cache-{uid}"


def _relabel(folder: Path, mapping: dict[str, str]) -> None:
    """Name the client's paths instead of this machine's in the text files of ``folder``."""
    for path in folder.iterdir():
        if path.suffix not in (".json", ".ipynb", ".md", ".html", ".csv", ".txt"):
            continue
        text = path.read_text(encoding="utf-8")
        changed = text
        for old, new in sorted(mapping.items(), key=lambda item: -len(item[0])):
            pairs = [(old, new)]
            if path.suffix in (".json", ".ipynb"):
                pairs.append((json.dumps(old)[1:-1], json.dumps(new)[1:-1]))
            elif path.suffix == ".html":
                pairs.append((html.escape(old), html.escape(new)))
            for a, b in pairs:
                changed = changed.replace(a, b)
        if changed != text:
            path.write_text(changed, encoding="utf-8")


def _materialise(request: Request, inputs: dict, folder: Path) -> tuple[dict, dict[str, str]]:
    """Write each input into ``folder`` under its own name; return the replaced inputs and the
    map from where they are here to where the client read them."""
    files, mapping = {}, {}
    for kind in INPUTS:
        source: InputFile | None = getattr(request, kind)
        if source is None:
            continue
        data = inputs[kind]
        if hashlib.sha256(data).hexdigest() != source.sha256:
            raise ValueError(t("batch_input_changed", request.lang, path=source.path, sha=source.sha256[:12]))
        path = folder / kind / source.name
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        files[kind] = InputFile(str(path), source.sha256)
        mapping[str(path)] = source.path
    return files, mapping


def run_shipped(task: dict) -> dict:
    """Run one region of a batch in a private temporary folder; never raises.

    The result is the manifest's record; with ``content`` (file name: bytes) and ``deliver`` (the
    folder under the client's root) when the client is to put the files in place."""
    request: Request = task["request"]
    tmp_root = Path(tempfile.gettempdir())
    _clean_stale(tmp_root, "kepatuhan-task-*")  # what a killed worker left
    tmp = tmp_root / f"kepatuhan-task-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    try:
        if code_hash() != task["code"]:  # a worker that joined after the check, from elsewhere
            return failed_row(request, t("batch_worker_code", request.lang, worker=_here(), python=sys.executable))
        tmp.mkdir(mode=0o700)
        files, mapping = {}, {}
        if task["inputs"] is not None:
            files, mapping = _materialise(request, task["inputs"], tmp / "in")
        out = tmp / "out"
        mapping[str(out)] = task["root"]
        local = dataclasses.replace(request, **files, output_dir=str(out / task["rel"]), cache_dir=str(_local_cache()))
        result = dataclasses.asdict(
            run(local, cell_timeout=task["cell_timeout"], raise_on_error=False, session=_worker_session())
        )
        done = Path(result["output_dir"])
        rel = task["rel"] if result["status"] == "ok" else f"{task['rel']}.failed"
        _relabel(done, mapping)
        root = Root(task["root"])
        result["output_dir"] = root.where(rel)
        content = {p.name: p.read_bytes() for p in sorted(done.iterdir()) if p.is_file()}
        if task["publish"]:
            root.deliver(rel, content)
        else:
            result |= {"content": content, "deliver": rel}
        return result
    except Exception as exc:
        return failed_row(request, f"{type(exc).__name__}: {exc}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _here() -> str:
    """This worker's address, or this machine's name outside a Dask worker."""
    with contextlib.suppress(Exception):
        from distributed import get_worker

        return get_worker().address
    import socket

    return socket.gethostname()
