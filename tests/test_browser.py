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
    for path in notebooks_dir().glob("*.ipynb"):
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


RUN_ALL = """
const done = arguments[arguments.length - 1];
(async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.sessionContext.ready;
  await app.commands.execute('notebook:run-all-cells');
  const start = Date.now();
  while (Date.now() - start < 170000) {
    await new Promise(r => setTimeout(r, 500));
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    const cells = panel.content.widgets.filter(c => c.model.type === 'code');
    const pending = cells.some(c => c.model.executionCount === null || c.node.querySelector('.jp-mod-running'));
    if (kernel && kernel.status === 'idle' && !pending) break;
  }
  await new Promise(r => setTimeout(r, 1500));  // let images load
  const errors = Array.from(document.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]'
  )).map(e => e.innerText.slice(0, 400));
  const images = Array.from(panel.node.querySelectorAll('.jp-OutputArea img'));
  const broken = images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src').slice(0, 60));
  const outputs = panel.node.querySelectorAll('.jp-OutputArea-output').length;
  done(JSON.stringify({errors, broken, images: images.length, outputs}));
})().catch(e => done(JSON.stringify({errors: [String(e)], broken: [], images: 0, outputs: 0})));
"""


@pytest.mark.slow
@pytest.mark.parametrize("name", ["01-overview", "02-drivers", "03-brief"])
def test_notebook_runs_in_jupyterlab_without_errors_or_broken_images(lab, browser, name):
    base, token, _folder = lab
    browser.set_script_timeout(240)
    browser.get(f"{base}/lab/tree/{name}.ipynb?token={token}")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready = browser.execute_script(
            "const a = window.jupyterapp; return !!(a && a.shell.currentWidget && a.shell.currentWidget.sessionContext);"
        )
        if ready:
            break
        time.sleep(0.5)
    result = json.loads(browser.execute_async_script(RUN_ALL))
    assert not result["errors"], result["errors"]
    assert not result["broken"], result["broken"]
    assert result["outputs"] >= 4  # findings, tables and charts were shown
    if name in ("01-overview", "02-drivers"):
        assert result["images"] >= 1  # its charts display inside JupyterLab
    browser.save_screenshot(str(Path(_folder) / f"{name}.png"))
