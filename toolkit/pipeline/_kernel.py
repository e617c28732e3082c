"""Kernels for the notebooks: started once, warmed, reused region after region, ended with
their process."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from toolkit.paths import matplotlib_dir

KERNEL_NAME = "kepatuhan"


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
        and a kernel that runs region after region would collect one per notebook.

        It also keeps the client of a notebook that ran to its end (:meth:`keep_client`) for the
        next notebooks of the same kernel. A new client costs at least 0,2 s of waiting before its
        first cell (jupyter_client's ``wait_for_ready`` listens 0,2 s for late IOPub messages), 0,6 s
        of an idle kernel a region. The kernel answers each cell's messages with that cell's request
        id, which is all nbclient reads, so what an earlier notebook left unread is never mistaken
        for the next one's output."""

        kept_client = None

        def client(self, **kwargs):
            kc = super().client(**kwargs)
            self.__dict__.setdefault("handed_out", []).append(kc)
            return kc

        def keep_client(self, kc) -> None:
            """Keep ``kc`` (connected and ready) for the next notebook."""
            self.kept_client = kc

        def close_clients(self, keep: bool = True) -> None:
            """Stop the clients handed out, but the one kept (``keep``) for the next notebook."""
            kept = self.kept_client if keep else None
            if not keep:
                self.kept_client = None
            clients = self.__dict__.pop("handed_out", [])
            for kc in clients:
                if kc is not kept:
                    with contextlib.suppress(Exception):
                        kc.stop_channels()
            if kept is not None:
                self.__dict__["handed_out"] = [kept]

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


#: Run in the kernel as soon as it starts (see :func:`run`): what every brief imports, then
#: ``gc.freeze()``. Not statsmodels or seaborn: only the cross-unit analysis (cached before the
#: notebooks run, :func:`toolkit.pipeline._run.run`) and the survey chart use them, and import
#: them when they do. Freezing moves the imported modules' objects out of the collector's sight,
#: so the ``%reset`` before each notebook (a full collection) and the collections while it runs
#: no longer walk them again: 0,3 s a reset on two cores, 0,01 s frozen.
WARM_IMPORTS = (
    "import toolkit.outputs, toolkit.briefs, toolkit.plots, toolkit.drivers, toolkit.views, scipy.optimize, "
    "matplotlib.figure, matplotlib.backends.backend_agg, matplotlib.backends.backend_svg, IPython.display, "
    "jinja2, openpyxl, typst\n"
    "import gc as _gc\n"
    "_gc.freeze()\n"
    "del _gc"
)


def _wait_reply(kc, msg_id: str, timeout: float = 180) -> None:
    """Consume the shell reply to ``msg_id`` (the warm-up imports)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        reply = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == msg_id:
            return


def kernel_environment(sockets: Path) -> dict[str, str]:
    """The environment a kernel starts with: this process's, with IPython's folder in the run's
    socket folder and matplotlib's in :func:`toolkit.paths.matplotlib_dir`, so that neither
    writes to the home folder.

    Examples
    --------
    >>> env = kernel_environment(Path("/tmp/run-x"))
    >>> env["IPYTHONDIR"], env["MPLCONFIGDIR"] == str(matplotlib_dir())
    ('/tmp/run-x/ipython', True)
    """
    return {**os.environ, "IPYTHONDIR": str(sockets / "ipython"), "MPLCONFIGDIR": str(matplotlib_dir())}


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
        km.start_kernel(
            env=kernel_environment(self.sockets),
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
                self.km.close_clients(keep=False)
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
