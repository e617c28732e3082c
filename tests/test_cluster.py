"""Batches away from the client's disk: a Dask worker that cannot see the client's folder, and an
fsspec URL for the output root."""

import contextlib
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from toolkit import pipeline
from toolkit.briefs import brief_files
from toolkit.cli import main
from toolkit.errors import DataError
from toolkit.paths import bundled_results
from toolkit.pipeline._store import Root

ROOT = Path(__file__).resolve().parents[1]  # the checkout whose toolkit the worker imports
#: a shell in its own mount namespace: what it mounts only it sees
UNSHARE = ("unshare", "-m", "--propagation", "private", "sh", "-c")
NO_UI = ("--no-dashboard",)


@pytest.fixture(autouse=True)
def _reports_in_tmp(tmp_path, monkeypatch):
    """Nothing a test runs writes into the checkout's reports/."""
    monkeypatch.setenv("KEPATUHAN_REPORTS", str(tmp_path / "reports"))


@pytest.fixture
def memory_fs():
    import fsspec

    fs = fsspec.filesystem("memory")
    yield fs
    with contextlib.suppress(FileNotFoundError):
        fs.rm("/cluster-test", recursive=True)


# --------------------------------------------------------------------------------------------
# the output root
# --------------------------------------------------------------------------------------------
def test_a_folder_delivered_to_a_url_replaces_the_last_one_with_run_json_last(memory_fs):
    root = Root("memory://cluster-test/reports")
    root.deliver("2022/x/id", {"old.txt": b"old", "run.json": b'{"status": "ok"}'})
    written = []
    real_pipe = memory_fs.pipe_file

    def pipe_file(path, data, **kwargs):
        written.append(path.rsplit("/", 1)[-1])
        return real_pipe(path, data, **kwargs)

    memory_fs.pipe_file = pipe_file
    try:
        root.deliver("2022/x/id", {"run.json": b'{"status": "ok", "n": 2}', "a.txt": b"a", "b.txt": b"b"})
    finally:
        del memory_fs.pipe_file
    assert written[-1] == "run.json"  # the marker of a finished region comes last
    assert sorted(p.rsplit("/", 1)[-1] for p in memory_fs.find("/cluster-test/reports/2022/x/id")) == [
        "a.txt",
        "b.txt",
        "run.json",
    ]  # what the earlier run wrote and this one did not is gone
    assert json.loads(root.read_text("2022/x/id/run.json")) == {"status": "ok", "n": 2}
    assert root.read_text("2022/nothing.csv") is None


def test_a_folder_delivered_on_disk_is_swapped_in_whole(tmp_path):
    root = Root(tmp_path / "out")
    root.deliver("2022/x/id", {"old.txt": b"old"})
    root.deliver("2022/x/id", {"new.txt": b"new"})
    assert sorted(p.name for p in (tmp_path / "out" / "2022" / "x").iterdir()) == ["id"]  # no staging left
    assert [p.name for p in (tmp_path / "out" / "2022" / "x" / "id").iterdir()] == ["new.txt"]
    url = Root(f"file://{tmp_path / 'out'}")
    assert url.local == tmp_path / "out" and url.shared  # a file:// URL: a disk every worker mounts


# --------------------------------------------------------------------------------------------
# the workers
# --------------------------------------------------------------------------------------------
@pytest.fixture
def in_process_cluster():
    from distributed import Client, LocalCluster

    from toolkit.pipeline._kernel import _close_worker_session

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        try:
            yield cluster
        finally:  # the worker's one thread keeps its kernel for the next region: end it
            with Client(cluster) as client:
                client.submit(_close_worker_session, pure=False).result()


def test_a_worker_without_the_kernel_or_at_another_version_stops_the_batch_before_it_starts(
    tmp_path, monkeypatch, in_process_cluster
):
    from jupyter_client.kernelspec import KernelSpecManager

    import toolkit

    address = in_process_cluster.scheduler_address
    monkeypatch.setattr(KernelSpecManager, "find_kernel_specs", lambda self: {"python3": "/x"})
    with pytest.raises(DataError) as err:
        pipeline.batch(2022, ["Kabupaten Bekasi"], scheduler=address, output_root=tmp_path / "r", progress=False)
    text = err.value.render("en")
    assert "has no Jupyter kernel kepatuhan" in text and "ipykernel install --sys-prefix" in text
    assert "tidak memiliki kernel Jupyter kepatuhan" in err.value.render("id")
    # the client's version is not the worker's (here: the one process changes its mind)
    monkeypatch.setattr(toolkit, "__version__", "9.9.9")
    from toolkit.pipeline import _cluster

    answers = {"tcp://w:1": {"version": "0.0.1", "code": "c", "kernel": True, "python": "/env/bin/python"}}

    class FakeClient:
        def wait_for_workers(self, n, timeout):
            pass

        def run(self, function, on_error):
            return answers

    with pytest.raises(DataError) as err:
        _cluster.check_workers(FakeClient(), "tcp://s:8786", "c")
    assert "worker tcp://w:1 runs toolkit 0.0.1 (/env/bin/python), this client 9.9.9" in err.value.render("en")
    answers = {"tcp://w:1": ModuleNotFoundError("No module named 'toolkit'")}
    with pytest.raises(DataError, match="cannot import the toolkit"):
        _cluster.check_workers(FakeClient(), "tcp://s:8786", "c")
    answers = {}
    with pytest.raises(DataError, match="has no worker"):
        _cluster.check_workers(FakeClient(), "tcp://s:8786", "c")
    assert not (tmp_path / "r").exists()  # nothing was written


def test_batch_into_a_memory_url_on_an_in_process_cluster(tmp_path, memory_fs, in_process_cluster):
    """The inputs are sent to the worker, the finished files come back and go to the URL; the
    manifest and the provenance name the client's paths; a second batch skips the region."""
    results = tmp_path / "hasil.csv"
    shutil.copy(bundled_results(), results)
    out = "memory://cluster-test/reports"
    manifest = pipeline.batch(
        2022,
        ["Kabupaten Bekasi"],
        results_path=results,
        scheduler=in_process_cluster.scheduler_address,
        output_root=out,
        progress=False,
    )
    row = manifest.iloc[0]
    assert row["status"] == "ok", row["error"]
    assert row["output_dir"].startswith(out + "/2022/kabupaten-bekasi-eeb1fd+results-hasil-")
    folder = row["output_dir"].removeprefix("memory://")
    names = {p.rsplit("/", 1)[-1] for p in memory_fs.find(folder)}
    assert set(brief_files("id")) <= names and "run.json" in names
    record = json.loads(memory_fs.cat_file(f"{folder}/run.json"))
    assert record["output_dir"] == row["output_dir"] and record["parameters"]["results_path"] == str(results)
    assert str(results) in memory_fs.cat_file(f"{folder}/brief-data.json").decode()  # not the worker's copy
    assert "kepatuhan-task-" not in memory_fs.cat_file(f"{folder}/01-overview.ipynb").decode()
    listed = pd.read_csv(io.BytesIO(memory_fs.cat_file("/cluster-test/reports/2022/manifest.csv")))
    assert listed["status"].tolist() == ["ok"]
    again = pipeline.batch(2022, ["Kabupaten Bekasi"], results_path=results, output_root=out, progress=False)
    assert again["status"].tolist() == ["skipped"]  # the process pool reads the same root
    assert not list(Path(tmp_path).glob("reports/**/run.json"))  # nothing went to a local folder


# --------------------------------------------------------------------------------------------
# a real scheduler and a worker that cannot see the client's folder
# --------------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unshare_refused(folder: Path) -> str | None:
    """Why a process cannot have its own view of ``folder`` here, or None if it can."""
    if shutil.which("unshare") is None or not sys.platform.startswith("linux"):
        return "needs Linux and unshare(1)"
    probe = subprocess.run(
        [
            "unshare",
            "-m",
            "--propagation",
            "private",
            "sh",
            "-c",
            'mount -t tmpfs tmpfs "$0" && test ! -e "$0/seen"',
            folder,
        ],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        return f"unshare -m with a tmpfs is not permitted here: {probe.stderr.strip() or probe.returncode}"
    return None


def _stop(proc: subprocess.Popen) -> None:
    """End a process and everything in its group (a worker's nanny, its process, its kernels)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)


@pytest.fixture
def hidden_cluster(tmp_path):
    """A ``dask scheduler`` and one ``dask worker`` on 127.0.0.1; the worker runs in its own
    mount namespace with an empty tmpfs over ``tmp_path / "client"`` (the client's folder)."""
    client_dir = tmp_path / "client"
    client_dir.mkdir()
    (client_dir / "seen").write_text("the worker must not see this")
    reason = _unshare_refused(client_dir)
    if reason:
        pytest.skip(reason)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    env.pop("KEPATUHAN_REPORTS", None)
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "logs"
    logs.mkdir()
    started = []
    try:
        scheduler = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "distributed.cli.dask_scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                *NO_UI,
            ],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=(logs / "scheduler.log").open("w"),
            start_new_session=True,
        )
        started.append(scheduler)
        worker_cmd = [sys.executable, "-m", "distributed.cli.dask_worker", address, "--host", "127.0.0.1"]
        worker_cmd += ["--nthreads", "1", "--nworkers", "1", *NO_UI, "--death-timeout", "60"]
        worker = subprocess.Popen(
            [*UNSHARE, 'mount -t tmpfs tmpfs "$0" && exec "$@"', str(client_dir), *worker_cmd],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=(logs / "worker.log").open("w"),
            start_new_session=True,
        )
        started.append(worker)
        yield address, client_dir, logs
    finally:
        for proc in reversed(started):
            _stop(proc)


@pytest.mark.slow
def test_a_batch_on_a_worker_that_cannot_see_the_client_s_folder(hidden_cluster, capsys):
    from distributed import Client

    address, client_dir, logs = hidden_cluster
    results = client_dir / "in" / "hasil-2022.csv"
    results.parent.mkdir()
    shutil.copy(bundled_results(), results)
    out = client_dir / "out"
    with Client(address, timeout=60) as client:
        client.wait_for_workers(1, timeout=60)
        seen = client.run(os.path.exists, str(results))
    assert list(seen.values()) == [False], "the worker sees the client's folder: the test proves nothing"
    started = time.perf_counter()
    args = ["batch", "--year", "2022", "--regions", "Kabupaten Bekasi,Kota Bekasi", "--results", str(results)]
    code = main([*args, "--out", str(out), "--scheduler", address])
    seconds = time.perf_counter() - started
    captured = capsys.readouterr()
    assert code == 0, captured.err + (logs / "worker.log").read_text()[-3000:]
    manifest = pd.read_csv(out / "2022" / "manifest.csv")
    assert manifest["status"].tolist() == ["ok", "ok"], manifest["error"].tolist()
    for folder in manifest["output_dir"]:
        folder = Path(folder)
        assert folder.is_relative_to(out) and folder.is_dir()  # the client's paths, on the client's disk
        for name in brief_files("id"):
            assert (folder / name).stat().st_size > 0, name
        assert str(results) in (folder / "brief-data.json").read_text()
        assert json.loads((folder / "run.json").read_text())["output_dir"] == str(folder)
    print(f"two regions on the hidden worker: {seconds:.1f} s", file=sys.__stderr__)
    # unchanged inputs: nothing runs again
    assert main([*args, "--out", str(out), "--scheduler", address]) == 0
    assert pd.read_csv(out / "2022" / "manifest.csv")["status"].tolist() == ["skipped", "skipped"]
