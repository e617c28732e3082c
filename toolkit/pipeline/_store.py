"""Where a batch writes: a folder on this machine, or an fsspec URL that the machines of a cluster
can reach (``s3://bucket/reports``, ``file:///shared/reports``); a region's files put in place
as one step where the filesystem allows it."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from pathlib import Path

from toolkit.io import write_bytes, write_text


def is_url(root: object) -> bool:
    """Whether ``root`` names an fsspec URL rather than a folder (``memory://``, ``s3://`` ...).

    Examples
    --------
    >>> is_url("s3://bucket/reports"), is_url("file:///srv/reports"), is_url("reports")
    (True, True, False)
    """
    return isinstance(root, str) and "://" in root


class Root:
    """The output root of a batch: ``<root>/<year>/manifest.csv`` and the region folders under it.

    A plain folder is on this machine (the client's disk: a cluster sends the files back). A URL
    is where every machine writes (``shared``), except ``memory://``, which lives in one process.
    On a local filesystem (a folder or ``file://``) a region's folder is replaced by one rename
    and the manifest is merged under a lock; on other filesystems the files are written with
    ``run.json`` last (what marks a region as done) and the manifest is rewritten whole.

    Examples
    --------
    >>> root = Root("memory://doctest-root")
    >>> root.shared, root.where("2022/x/id")
    (False, 'memory://doctest-root/2022/x/id')
    >>> root.deliver("2022/x/id", {"a.txt": b"1", "run.json": b"{}"})
    >>> root.read_text("2022/x/id/run.json")
    '{}'
    """

    def __init__(self, root: str | os.PathLike):
        self.url: str | None = None
        self.fs = None
        if is_url(root):
            from fsspec.core import url_to_fs

            self.url = str(root).rstrip("/")
            self.fs, path = url_to_fs(self.url)
            protocols = (self.fs.protocol,) if isinstance(self.fs.protocol, str) else tuple(self.fs.protocol)
            self.shared = "memory" not in protocols
            self.local = Path(path) if "file" in protocols or "local" in protocols else None
            self._path = path.rstrip("/")
        else:
            self.shared = False
            self.local = Path(root)
            self._path = str(root)

    def where(self, rel: str) -> str:
        """The folder or file ``rel`` under the root as a user names it (a path, or a URL)."""
        if self.url is None:
            return str(self.local / rel)
        return f"{self.url}/{rel}"

    def _full(self, rel: str) -> str:
        return f"{self._path}/{rel}"

    def read_text(self, rel: str) -> str | None:
        """The text of the file ``rel``, or None where there is none."""
        if self.local is not None:
            path = self.local / rel
            if not path.is_file():
                return None
            with path.open(encoding="utf-8", newline="") as fh:  # a CSV's quoted line ends kept
                return fh.read()
        with contextlib.suppress(FileNotFoundError):
            return self.fs.cat_file(self._full(rel)).decode("utf-8")
        return None

    def read_bytes(self, rel: str) -> bytes | None:
        """The bytes of the file ``rel``, or None where there is none."""
        if self.local is not None:
            path = self.local / rel
            return path.read_bytes() if path.is_file() else None
        with contextlib.suppress(FileNotFoundError):
            return self.fs.cat_file(self._full(rel))
        return None

    def write_text(self, rel: str, text: str) -> None:
        if self.local is not None:
            write_text(self.local / rel, text)
        else:
            self.fs.pipe_file(self._full(rel), text.encode("utf-8"))

    @contextlib.contextmanager
    def locked(self, rel: str):
        """An exclusive lock beside the file ``rel`` (``rel.lock``) on a local filesystem: two
        batches that write one manifest take turns instead of dropping each other's rows."""
        if self.local is None:  # an object store has no lock: the manifest is rewritten whole
            yield
            return
        path = self.local / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_name(path.name + ".lock"), "a+") as fh:
            try:
                import fcntl

                fcntl.flock(fh, fcntl.LOCK_EX)
            except ImportError:  # not on POSIX: no lock, the merge still keeps other rows
                pass
            yield

    def deliver(self, rel: str, files: dict[str, bytes]) -> None:
        """Put ``files`` (name: content) as the folder ``rel``, replacing what was there."""
        if self.local is not None:
            from toolkit.pipeline._run import _replace_dir

            target = self.local / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            staging = target.parent / f".{target.name}.partial-{os.getpid()}-{uuid.uuid4().hex[:6]}"
            try:
                staging.mkdir()
                for name, data in files.items():
                    write_bytes(staging / name, data)
                _replace_dir(staging, target)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
            return
        target = self._full(rel)
        marker = f"{target}/run.json"
        if self.fs.exists(marker):  # no longer done until the new files are all there
            self.fs.rm_file(marker)
        for name, data in sorted(files.items(), key=lambda item: item[0] == "run.json"):
            self.fs.pipe_file(f"{target}/{name}", data)
        for old in self.fs.find(target):  # what an earlier run wrote and this one did not
            if old.rstrip("/").rsplit("/", 1)[-1] not in files:
                self.fs.rm_file(old)

    def clean_stale(self, rel: str, pattern: str) -> None:
        """Remove what a killed batch left in the folder ``rel`` (local filesystems stage there)."""
        from toolkit.pipeline._kernel import _clean_stale

        if self.local is not None and (self.local / rel).is_dir():
            _clean_stale(self.local / rel, pattern)
