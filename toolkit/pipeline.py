"""Run the parameterised notebooks with papermill: one region, or a batch of regions in parallel
processes or on a Dask cluster.

One region (:func:`run`) executes ``01-overview``, ``02-drivers`` and ``03-brief`` in a single
kernel (started once, its namespace reset between notebooks, so each notebook still stands on its
own), writes the executed notebooks, their result files and an HTML export without code into a
staging folder, and moves it into ``reports/<year>/<region-slug>/`` only when every notebook
succeeded. A failed run leaves ``<region-slug>.failed/`` with the executed notebooks (the failing
cell shows its traceback) and never touches the last complete output.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg
from toolkit.io import to_plain, to_safe_csv, write_json, write_text
from toolkit.paths import PACKAGE_DIR, notebooks_dir, reports_dir
from toolkit.request import Request, pemda_names, resolve

__all__ = [
    "KERNEL_NAME",
    "NOTEBOOKS",
    "KernelSession",
    "PipelineError",
    "RunResult",
    "batch",
    "ensure_kernel",
    "plain_parameters",
    "run",
]

KERNEL_NAME = "kepatuhan"
NOTEBOOKS = ("01-overview", "02-drivers", "03-brief")
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


class PipelineError(RuntimeError):
    """A notebook failed or timed out; ``result`` holds the failing cell and error."""

    def __init__(self, result: RunResult):
        self.result = result
        super().__init__(f"{result.region} {result.year}: {result.status} in {result.failing_cell}: {result.error}")


@dataclass
class RunResult:
    region: str
    year: int
    slug: str
    status: str  # ok | failed | timeout | skipped
    seconds: float
    output_dir: str
    error: str = ""
    failing_cell: str = ""
    input_hash: str = ""
    files: list[str] = field(default_factory=list)
    lang: str = "id"
    variant: str = ""
    finished_at: str = ""


# --------------------------------------------------------------------------------------------
# kernel
# --------------------------------------------------------------------------------------------
def ensure_kernel(name: str = KERNEL_NAME) -> str:
    """Install the project's kernel spec into this environment if it is missing; return its name."""
    from jupyter_client.kernelspec import KernelSpecManager

    if name not in KernelSpecManager().find_kernel_specs():
        from ipykernel.kernelspec import install

        install(kernel_name=name, display_name="Python (kepatuhan)", prefix=sys.prefix)
    return name


def _ipc_root() -> Path:
    folder = Path(tempfile.gettempdir()) / f"kepatuhan-ipc-{os.getuid() if hasattr(os, 'getuid') else 0}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a running process. A zombie (dead, not yet reaped: common in containers
    whose first process reaps nothing) counts as dead, so what it left is cleaned."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError, IndexError):
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    return True


def _clean_stale(folder: Path, pattern: str) -> None:
    """Remove what a killed run left in ``folder`` (names ``...-<pid>-<hex>``), if its process is gone."""
    import re

    for path in folder.glob(pattern):
        match = re.search(r"-(\d+)-[0-9a-f]{6}$", path.name)
        if match and not _alive(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)


def _ipc_kernel_manager(kernel_name: str, folder: Path | None = None):
    """A kernel manager on IPC transport: many kernels starting at once cannot clash on ports.

    Its sockets live in ``folder`` (a per-run folder that :func:`run` removes afterwards)."""
    from jupyter_client.manager import KernelManager

    class SharedKernelManager(KernelManager):
        """Remembers the clients it hands out: papermill leaves a caller's kernel's clients open,
        and a kernel that runs region after region would collect one per notebook."""

        def client(self, **kwargs):
            kc = super().client(**kwargs)
            self.__dict__.setdefault("handed_out", []).append(kc)
            return kc

        def close_clients(self) -> None:
            for kc in self.__dict__.pop("handed_out", []):
                with contextlib.suppress(Exception):
                    kc.stop_channels()

    folder = folder or _ipc_root()
    # nbclient talks to the kernel through ``km.client()``: an asynchronous client, because a
    # blocking one stalls nbclient's event loop in a wait for output that never comes when the
    # kernel dies, so a crashed kernel hung the run instead of failing it.
    return SharedKernelManager(
        kernel_name=kernel_name,
        transport="ipc",
        ip=str(folder / uuid.uuid4().hex[:8]),
        client_class="jupyter_client.asynchronous.AsyncKernelClient",
    )


def die_with_parent(parent: int | None = None) -> None:
    """Ask Linux to end this process when its parent dies (a killed batch leaves no workers or
    kernels behind); a no-op elsewhere.

    ``parent`` is the pid the caller expects as its parent. The request only covers a parent that
    dies *after* it is made, so a process whose parent died while it was still starting (a batch
    killed while its workers import pandas) would otherwise live on, waiting for work forever:
    when the parent is no longer ``parent``, this process ends at once.
    """
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if parent is not None and os.getppid() != parent:
        os._exit(1)


#: Imported in the kernel as soon as it starts (see :func:`run`).
WARM_IMPORTS = (
    "import toolkit.outputs, toolkit.briefs, toolkit.plots, toolkit.drivers, matplotlib, seaborn, statsmodels.api, "
    "scipy.optimize"
)


def _with_reset(path: Path):
    """The notebook with a first cell that clears the kernel's variables (modules stay imported),
    so notebooks sharing one kernel cannot lean on each other's state. Tagged, without output."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    cell = nbformat.v4.new_code_cell(
        "get_ipython().run_line_magic('reset', '-f')\n"
        "import sys as _sys\n"
        "if 'matplotlib.pyplot' in _sys.modules:\n"
        "    _sys.modules['matplotlib.pyplot'].close('all')\n"
        "del _sys"
    )
    cell.metadata["tags"] = ["injected-reset"]
    cell.id = "injected-reset"
    nb.cells.insert(0, cell)
    return nb


def _wait_reply(kc, msg_id: str, timeout: float = 180) -> None:
    """Consume the shell reply to ``msg_id`` (the warm-up imports)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        reply = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == msg_id:
            return


class KernelSession:
    """One kernel that runs region after region: started and warmed (the heavy imports) once,
    its variables cleared before every notebook, replaced after any failure.

    A batch worker keeps one for its whole life, so a region costs its notebooks' own work, not a
    kernel start and the imports three times over. A region that fails, hangs past its cell
    timeout or kills its kernel gets no second chance at the same kernel: :meth:`discard` ends
    it and the next region starts a fresh one. The kernel ends with the process that started it.

    """

    def __init__(self) -> None:
        self.km = None
        self.sockets: Path | None = None
        self.started = 0  # kernels started, for reports and tests
        self._warm: tuple | None = None

    def acquire(self):
        """A live kernel manager; starts (and begins warming) a kernel if there is none."""
        if self.km is not None:
            with contextlib.suppress(Exception):
                if self.km.is_alive():
                    return self.km
            self.discard()
        self.sockets = _ipc_root() / f"run-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.sockets.mkdir(mode=0o700)
        km = _ipc_kernel_manager(ensure_kernel(), self.sockets)
        env = {**os.environ, "IPYTHONDIR": str(self.sockets / "ipython")}  # IPython writes nothing to the home folder
        km.start_kernel(
            env=env,
            extra_arguments=["--HistoryManager.enabled=False"],
            preexec_fn=functools.partial(die_with_parent, os.getpid()),
        )
        self.km, self.started = km, self.started + 1
        # the imports run in the kernel while the caller prepares its notebooks
        from jupyter_client.blocking import BlockingKernelClient

        kc = BlockingKernelClient()
        kc.load_connection_info(km.get_connection_info())
        kc.start_channels()
        self._warm = (kc, kc.execute(WARM_IMPORTS, silent=True, store_history=False))
        return km

    def wait_warm(self) -> None:
        """Wait for the warm-up imports of a kernel just started (at once otherwise)."""
        if self._warm is not None:
            kc, msg_id = self._warm
            self._warm = None
            try:
                _wait_reply(kc, msg_id)
            finally:
                kc.stop_channels()

    def discard(self) -> None:
        """End the kernel (after a failure, or at the end); the next :meth:`acquire` starts a new one."""
        if self._warm is not None:
            with contextlib.suppress(Exception):
                self._warm[0].stop_channels()
            self._warm = None
        if self.km is not None:
            with contextlib.suppress(Exception):
                self.km.shutdown_kernel(now=True)
            self.km = None
        if self.sockets is not None:
            shutil.rmtree(self.sockets, ignore_errors=True)
            self.sockets = None

    close = discard

    def __enter__(self) -> KernelSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_SESSIONS = threading.local()


def _worker_session() -> KernelSession:
    """This thread's long-lived session (a batch worker runs region after region in it)."""
    session = getattr(_SESSIONS, "session", None)
    if session is None:
        import atexit
        from multiprocessing import util

        session = KernelSession()
        _SESSIONS.session = session
        atexit.register(session.close)  # the main process (a sequential batch, Dask)
        util.Finalize(session, session.close, exitpriority=10)  # pool workers skip atexit
    return session


def _close_worker_session() -> None:
    session = getattr(_SESSIONS, "session", None)
    if session is not None:
        session.close()
        _SESSIONS.session = None


# --------------------------------------------------------------------------------------------
# parameters and hashes
# --------------------------------------------------------------------------------------------
def plain_parameters(params: dict) -> dict:
    """Parameters as plain JSON types (papermill silently turns numpy numbers, paths and dates
    into strings): paths to absolute text, numpy scalars to numbers, dates to ISO text.

    Examples
    --------
    >>> import numpy as np, pathlib
    >>> plain_parameters({"year": np.int64(2022), "path": pathlib.Path("/tmp/x.csv"), "units": ("a",)})
    {'year': 2022, 'path': '/tmp/x.csv', 'units': ['a']}
    """
    out = {}
    for key, value in params.items():
        if isinstance(value, os.PathLike):
            value = str(Path(value).resolve())
        elif isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        out[key] = to_plain(value)
        json.dumps(out[key])  # raises for anything that is still not plain
    return out


def code_hash() -> str:
    """A hash of the toolkit's code, schemes, catalogues and notebooks: a change re-runs regions."""
    digest = hashlib.sha256()
    files = sorted(
        [*PACKAGE_DIR.rglob("*.py"), *PACKAGE_DIR.rglob("*.toml"), *notebooks_dir().glob("*.ipynb")],
        key=lambda p: p.as_posix(),
    )
    for path in files:
        digest.update(path.relative_to(path.parents[1]).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# one region
# --------------------------------------------------------------------------------------------
EXPORT_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
table { border-collapse: collapse; font-size: .9rem; margin: .5rem 0; }
th, td { border: 1px solid #bbb; padding: .2rem .5rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
img { max-width: 100%; }
pre { white-space: pre-wrap; }
"""


def sanitize_html(html: str) -> str:
    """HTML with only inert markup left (nh3, the Ammonia sanitizer): no scripts, no event
    handlers, no links but to the page itself; embedded images (data URIs) kept."""
    import nh3

    tags = set(nh3.ALLOWED_TAGS) | {"img", "table", "thead", "tbody", "tr", "th", "td", "pre", "code", "span", "div"}
    tags -= {"a"}
    return nh3.clean(
        html,
        tags=tags,
        attributes={"*": {"class"}, "img": {"src", "alt", "width", "height"}, "td": {"colspan"}, "th": {"colspan"}},
        url_schemes={"data"},
        link_rel=None,
    )


def _export_html(notebook: Path, params: dict | None = None) -> Path:
    """The executed notebook as one self-contained HTML page without code: no scripts or styles
    from the network, markup from outputs sanitised, titled with the notebook, region and year."""
    import html as html_lib

    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="basic", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    params = params or {}
    title = " · ".join(str(x) for x in (notebook.stem, params.get("region"), params.get("year")) if x)
    page = (
        f'<!DOCTYPE html>\n<html lang="{html_lib.escape(str(params.get("lang", "id")))}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{html_lib.escape(title)}</title>\n<style>{EXPORT_STYLE}</style>\n'
        f"</head>\n<body>\n<h1>{html_lib.escape(title)}</h1>\n{sanitize_html(body)}\n</body>\n</html>\n"
    )
    return write_text(notebook.with_suffix(".html"), page)


def _failure(exc: BaseException) -> tuple[str, str, str]:
    """(status, failing cell, error) from a papermill/nbclient exception."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return "failed", f"cell {exc.cell_index} (execution {exc.exec_count})", f"{exc.ename}: {exc.evalue}"
    if isinstance(exc, CellTimeoutError | TimeoutError):
        return "timeout", "", str(exc).splitlines()[0] if str(exc) else "cell timed out"
    if isinstance(exc, DeadKernelError):
        return "failed", "", f"kernel died: {exc}"
    return "failed", "", f"{type(exc).__name__}: {exc}"


def run(
    request: Request,
    *,
    cell_timeout: int = 600,
    html: bool = True,
    raise_on_error: bool = True,
    session: KernelSession | None = None,
) -> RunResult:
    """Run the notebooks for one resolved request (:func:`toolkit.request.resolve`); outputs in
    ``request.output_dir`` (``<root>/<year>/<slug>[+variant]/<lang>/``).

    Parameters
    ----------
    request : Request
        The Pemda, year, inputs and options, resolved once.
    cell_timeout : int
        Seconds one cell may run.
    html : bool
        Also export each executed notebook to HTML without code cells.
    raise_on_error : bool
        Raise :class:`PipelineError` on failure (else return the result with its status).
    session : KernelSession, optional
        Run in this session's kernel and leave it running for the next region (a failed run
        discards it); by default the run starts its own kernel and ends it.

    Everything the run writes is in its output folder, the shared cache (``request.cache_dir``)
    or a temporary folder it removes; what a killed run left (staging folders, kernel sockets) is
    removed by the next run, and its kernel ends with the process that started it.
    """
    start = time.perf_counter()
    final = Path(request.output_dir)
    final.parent.mkdir(parents=True, exist_ok=True)  # an unwritable output fails here, before a kernel starts
    _clean_stale(final.parent, f".{final.name}.partial-*")
    _clean_stale(_ipc_root(), "run-*")
    own = session is None
    if own:
        session = KernelSession()
    staging = final.parent / f".{final.name}.partial-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    try:
        staging.mkdir()
        # Start the kernel first (if the session has none) and let it import the heavy libraries
        # while this process imports papermill and prepares the notebooks: on two cores they overlap.
        km = session.acquire()
        import papermill as pm

        params = plain_parameters(request.with_output(staging).parameters())
        result = RunResult(
            region=request.region,
            year=request.year,
            slug=final.parent.name,
            status="ok",
            seconds=0.0,
            output_dir=str(final),
            input_hash=request.input_hash(code_hash()),
            lang=request.lang,
            variant=request.variant,
        )
        session.wait_warm()
        _execute_notebooks(pm, km, params, staging, result, cell_timeout, html)
        if result.status != "ok":
            session.discard()  # a kernel that failed, hung or died runs nothing else
        result.seconds = round(time.perf_counter() - start, 3)
        result.finished_at = _now()
        if result.status == "ok":
            result.files = [*sorted(p.name for p in staging.iterdir()), "run.json"]
        shown = {k: v for k, v in params.items() if k != "output_dir"}
        write_json(staging / "run.json", asdict(result) | {"parameters": shown})
        target = final if result.status == "ok" else final.parent / f"{final.name}.failed"
        _replace_dir(staging, target)
        result.output_dir = str(target)
    except BaseException:
        session.discard()  # in whatever state the error left it, the kernel runs nothing else
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # moved into place, or removed: never left behind
        if own:
            session.close()
    if result.status != "ok" and raise_on_error:
        raise PipelineError(result)
    return result


def _execute_notebooks(pm, km, params: dict, staging: Path, result: RunResult, cell_timeout: int, html: bool) -> None:
    """Run the three notebooks in order in ``km``'s kernel; record the first failure in ``result``."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as exporter:
        exports = []
        for name in NOTEBOOKS:
            target = staging / f"{name}.ipynb"
            try:
                pm.execute_notebook(
                    _with_reset(notebooks_dir() / f"{name}.ipynb"),
                    target,
                    parameters=params,
                    kernel_name=km.kernel_name,
                    km=km,
                    execution_timeout=cell_timeout,
                    progress_bar=False,
                    log_output=False,
                )
            except Exception as exc:  # every failure is recorded, none is raised past here
                result.status, cell, result.error = _failure(exc)
                result.failing_cell = f"{name}: {cell}" if cell else name
                break
            finally:
                km.close_clients()
            if html:  # exported in a thread while the kernel runs the next notebook
                exports.append(exporter.submit(_export_html, target, params))
        for export in exports:
            export.result()


def _replace_dir(source: Path, target: Path) -> None:
    """Move ``source`` to ``target``, replacing it; the old one is removed only after the swap."""
    old = None
    if target.exists():
        old = target.parent / f".{target.name}.old-{uuid.uuid4().hex[:6]}"
        os.replace(target, old)
    os.replace(source, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


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


# --------------------------------------------------------------------------------------------
# batch
# --------------------------------------------------------------------------------------------
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
    import csv

    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {_row_key(r): dict(r) for r in csv.DictReader(fh)}


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
            for future in as_completed([pool.submit(_run_task, t) for t in tasks]):
                record(future.result())
    else:
        try:
            for task in tasks:
                record(_run_task(task))
        finally:
            _close_worker_session()
    bar.close()
    import pandas as pd

    return pd.DataFrame(list(rows.values()), columns=MANIFEST_COLUMNS)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _progress(total: int, enabled: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, disable=not enabled, unit="region", file=sys.stderr)
