"""The notebooks as an analyst meets them: JupyterLab in a real browser (headless Chromium).

JupyterLab is started on 127.0.0.1 with the notebooks copied to a temporary folder; each notebook
is opened in Chromium (Debian's ``chromium`` and ``chromium-driver``, driven by Selenium), all its
cells are run, and the test fails on any error output or any image that does not load. ``.ci/run``
installs Chromium; elsewhere the test is skipped with the reason.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from toolkit import pipeline
from toolkit.paths import notebooks_dir

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not (CHROMIUM and DRIVER):
        pytest.skip(
            "Chromium and chromedriver are not installed (.ci/run installs Debian's chromium and chromium-driver)"
        )
    pytest.importorskip("selenium")
    pipeline.ensure_kernel()
    folder = tmp_path_factory.mktemp("lab")
    for path in [*notebooks_dir().glob("*.ipynb"), notebooks_dir() / "parameters.toml"]:  # as a checkout has them
        shutil.copy(path, folder / path.name)
    port, token = _free_port(), uuid.uuid4().hex
    env = {**os.environ, "KEPATUHAN_REPORTS": str(folder / "reports")}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--ServerApp.token={token}",
            f"--notebook-dir={folder}",
            "--LabApp.expose_app_in_browser=True",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("JupyterLab did not start")
    yield base, token, folder
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,2000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


#: The panel of the notebook ``arguments[0]`` (its path), not whichever tab is current: JupyterLab
#: restores the tabs of the last page, and the current one can still be the previous notebook.
PANEL = """
const app = window.jupyterapp;
// the page may still be loading: no app yet reads as no panel
const panel = app && app.shell ? Array.from(app.shell.widgets('main')).find(w => w.context && w.context.path === arguments[0]) : undefined;
"""

START = (
    PANEL
    + """
if (!panel || !panel.sessionContext) { return false; }
app.shell.activateById(panel.id);
panel.sessionContext.ready.then(() => app.commands.execute('notebook:run-all-cells'));
return true;
"""
)

STATUS = (
    PANEL
    + """
const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
const cells = panel.content.widgets.filter(c => c.model.type === 'code');
// no cells yet: the notebook is still loading (an empty list would read as "all cells ran")
const pending = cells.length === 0 || cells.some(c => c.model.executionCount === null || c.node.querySelector('.jp-mod-running'));
return JSON.stringify({idle: !!kernel && kernel.status === 'idle', pending: pending});
"""
)

RESULT = (
    PANEL
    + """
const errors = Array.from(panel.node.querySelectorAll(
  '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]'
)).map(e => e.innerText.slice(0, 400));
const images = Array.from(panel.node.querySelectorAll('.jp-OutputArea img'));
const broken = images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => (i.getAttribute('src') || '').slice(0, 60));
return JSON.stringify({errors, broken, images: images.length, outputs: panel.node.querySelectorAll('.jp-OutputArea-output').length});
"""
)


def _wait(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}")


@pytest.mark.slow
def test_notebooks_run_in_jupyterlab_without_errors_or_broken_images(lab, browser):
    """One JupyterLab, one browser: each notebook opened, all cells run (short polls, so a busy
    machine only makes it slower), then no error output and no broken image."""
    base, token, folder = lab
    for name in ("01-overview", "02-drivers", "03-brief"):
        browser.get(f"{base}/lab/tree/{name}.ipynb?token={token}")
        path = f"{name}.ipynb"
        _wait(lambda path=path: browser.execute_script(START, path), 90, f"{name} to open")
        time.sleep(2)

        started = [time.monotonic()]

        def finished(started=started, path=path) -> bool:
            state = json.loads(browser.execute_script(STATUS, path))
            if state["idle"] and state["pending"] and time.monotonic() - started[0] > 15:
                browser.execute_script(START, path)  # a run-all sent before the kernel was ready is lost: resend
                started[0] = time.monotonic()
            return state["idle"] and not state["pending"]

        _wait(finished, 300, f"{name} to run")
        time.sleep(2)  # let images load
        result = json.loads(browser.execute_script(RESULT, path))
        browser.save_screenshot(str(Path(folder) / f"{name}.png"))
        assert not result["errors"], (name, result["errors"])
        assert not result["broken"], (name, result["broken"])
        least = {"01-overview": 5, "02-drivers": 6, "03-brief": 3}[name]
        assert result["outputs"] >= least, (name, result)  # findings, tables and charts were shown
        if name in ("01-overview", "02-drivers"):
            assert result["images"] >= 1, name  # its charts display inside JupyterLab
