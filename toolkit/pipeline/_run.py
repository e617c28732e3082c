"""One region: its notebooks executed in one kernel into a staging folder, moved into place only
when every one succeeded."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import shutil
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from toolkit.io import to_plain, write_json, write_text
from toolkit.names import printable
from toolkit.paths import code_hash, notebooks_dir
from toolkit.pipeline._kernel import KernelSession, _clean_stale, _ipc_root
from toolkit.request import Request

NOTEBOOKS = ("01-overview", "02-drivers", "03-brief")


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


_EXPORTER_LOCK = threading.Lock()


@functools.cache
def _html_exporter():
    """The nbconvert exporter of this process, made once: making one loads and compiles its
    templates (0,2-0,7 s on two cores), which every notebook of every region paid again."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="basic", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )


def _export_html(notebook: Path, params: dict | None = None) -> Path:
    """The executed notebook as one self-contained HTML page without code: no scripts or styles
    from the network, markup from outputs sanitised, control and bidi-override characters shown
    as U+FFFD (:func:`toolkit.names.printable`), titled with the notebook, region and year."""
    import html as html_lib

    import nbformat

    node = nbformat.read(notebook, as_version=4)
    with _EXPORTER_LOCK:  # one exporter, converting one notebook at a time
        body, _ = _html_exporter().from_notebook_node(node)
    params = params or {}
    title = " · ".join(str(x) for x in (notebook.stem, params.get("region"), params.get("year")) if x)
    page = (
        f'<!DOCTYPE html>\n<html lang="{html_lib.escape(str(params.get("lang", "id")))}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{html_lib.escape(title)}</title>\n<style>{EXPORT_STYLE}</style>\n'
        f"</head>\n<body>\n<h1>{html_lib.escape(title)}</h1>\n{sanitize_html(body)}\n</body>\n</html>\n"
    )
    # names with escape or bidi-override characters reach the page in tables and text outputs
    return write_text(notebook.with_suffix(".html"), printable(page))


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
        across = _cross_unit_in_background(request)
        pm = _papermill()

        # every value explicit, parameters_file None (Request.parameters): a run never reads the
        # analyst's notebooks/parameters.toml; what the request says is what runs
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
        _execute_notebooks(pm, km, params, staging, result, cell_timeout, html, before={"02-drivers": across.join})
        if result.status != "ok":
            session.discard()  # a kernel that failed, hung or died runs nothing else
        result.seconds = round(time.perf_counter() - start, 3)
        result.finished_at = _now()
        if result.status == "ok":
            result.files = [*sorted(p.name for p in staging.iterdir()), "run.json"]
        shown = {k: v for k, v in params.items() if k not in ("output_dir", "cache_dir")}  # what, not where
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


def _cross_unit_in_background(request: Request) -> threading.Thread:
    """Compute the request's cross-unit analysis into its cache (if not there yet) in a thread of
    this process, while the kernel starts and runs the overview: the kernel then only reads it
    (:func:`toolkit.analysis.cross_unit_cache`). A failure is left to the drivers notebook, which
    computes it again and reports the error in its cell."""

    def compute() -> None:
        from toolkit.analysis import cross_unit_cache

        with contextlib.suppress(Exception):
            cross_unit_cache(request)

    thread = threading.Thread(target=compute, name="kepatuhan-cross-unit", daemon=True)
    thread.start()
    return thread


def _papermill():
    """papermill, imported without the IRI grammar of ``rfc3987_syntax``.

    papermill imports nbformat, nbformat imports jsonschema, and jsonschema builds that package's
    Earley parser at import (about 1,8 s on two cores, in every process that runs notebooks) for
    its optional ``iri`` format check, which notebook validation never uses. Hidden only while
    papermill is first imported here; jsonschema then leaves ``iri`` unchecked, as it does
    wherever that package is not installed.
    """
    import sys

    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        import papermill

        return papermill
    sys.modules["rfc3987_syntax"] = None  # an import of it raises ImportError, which jsonschema expects
    try:
        import papermill
    finally:
        if sys.modules.get("rfc3987_syntax", 0) is None:
            del sys.modules["rfc3987_syntax"]
    return papermill


#: The papermill engine the runs use (:func:`_register_engine`).
ENGINE = "kepatuhan"


def _register_engine(pm) -> str:
    """Register papermill's nbclient engine with fewer saves, and return its name.

    papermill's own manager writes the whole output notebook, validated against the notebook
    schema, when each cell starts and again when it ends: about 80 writes and 1 s per brief,
    spent between cells while the kernel waits. A run's notebooks sit in a staging folder nobody
    watches, so this manager writes a notebook when it starts, after a cell that failed, every
    ``autosave_cell_every`` seconds of a long cell (papermill's own timer) and when it ends;
    the end comes from papermill's ``finally``, so a notebook stopped by an error, a cell timeout
    or a dead kernel is still written with everything it showed up to then.
    """
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

    class Manager(NotebookExecutionManager):
        _hold = False

        def save(self, **kwargs):
            if not self._hold:
                super().save(**kwargs)

        def cell_start(self, cell, cell_index=None, **kwargs):
            self._hold = True
            try:
                super().cell_start(cell, cell_index, **kwargs)
            finally:
                self._hold = False

        def cell_complete(self, cell, cell_index=None, **kwargs):
            self._hold = cell.metadata.papermill.get("status") != self.FAILED
            try:
                super().cell_complete(cell, cell_index, **kwargs)
            finally:
                self._hold = False

    class Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            **kwargs,
        ):
            # papermill's NBClientEngine.execute_managed_notebook, with the client the kernel's
            # manager kept from its last notebook (SharedKernelManager.keep_client): a new client
            # waits at least 0,2 s before its first cell
            from papermill.clientwrap import PapermillNotebookClient
            from papermill.log import logger
            from papermill.utils import merge_kwargs, remove_args

            kwargs = remove_args(["input_path"], **kwargs)
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(
                safe_kwargs,
                timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            client = PapermillNotebookClient(nb_man, **final_kwargs)
            km = final_kwargs.get("km")
            keep = getattr(km, "keep_client", None)
            if keep is not None:
                client.kc = km.kept_client  # None: nbclient starts one, and waits for it
            out = client.execute()
            if keep is not None and client.kc is not None:
                keep(client.kc)  # after a failed cell, the run discards the kernel and this client with it
            return out

        @classmethod
        def execute_notebook(
            cls, nb, kernel_name, output_path=None, progress_bar=True, log_output=False, autosave_cell_every=30, **kw
        ):
            # papermill's Engine.execute_notebook with the manager above
            nb_man = Manager(
                nb,
                output_path=output_path,
                progress_bar=progress_bar,
                log_output=log_output,
                autosave_cell_every=autosave_cell_every,
            )
            nb_man.notebook_start()
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kw)
            finally:
                nb_man.cleanup_pbar()
                nb_man.notebook_complete()
            return nb_man.nb

    papermill_engines.register(ENGINE, Engine)
    return ENGINE


def _execute_notebooks(
    pm, km, params: dict, staging: Path, result: RunResult, cell_timeout: int, html: bool, before: dict | None = None
) -> None:
    """Run the three notebooks in order in ``km``'s kernel; record the first failure in ``result``.
    ``before`` maps a notebook to what must finish before it starts."""
    from concurrent.futures import ThreadPoolExecutor

    engine = _register_engine(pm)
    with ThreadPoolExecutor(max_workers=1) as exporter:
        exports = []
        for name in NOTEBOOKS:
            target = staging / f"{name}.ipynb"
            if before and name in before:
                before[name]()
            try:
                pm.execute_notebook(
                    _with_reset(notebooks_dir() / f"{name}.ipynb"),
                    target,
                    parameters=params,
                    engine_name=engine,
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


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
