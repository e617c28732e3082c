"""The built wheel carries everything a run needs and works outside the source checkout."""

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_installed_wheel_scores_and_briefs_outside_the_checkout(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)], check=True)
    (wheel,) = wheels.glob("kepatuhan_toolkit-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # the dependencies come from this environment (a .pth path); the toolkit only from the wheel
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel)], check=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("KEPATUHAN_REPORTS", "PYTHONPATH")}
    # data files of the dependencies (nbconvert's templates) live with them, in this environment
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    where = subprocess.run(
        [str(python), "-c", "import toolkit, toolkit.paths as p; print(toolkit.__file__); print(p.bundled_results())"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert str(ROOT) not in where and "site-packages" in where  # the installed copy, not the checkout
    kepatuhan = venv / "bin" / "kepatuhan"
    score = subprocess.run(
        [str(kepatuhan), "score", "--region", "Kab. Bekasi", "--year", "2022"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert score.returncode == 0, score.stderr
    assert "73,02" in score.stdout
    brief = subprocess.run(
        [str(kepatuhan), "brief", "--region", "Kab. Bekasi", "--year", "2022", "--lang", "en"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert brief.returncode == 0, brief.stderr[-3000:]
    pdf = work / "reports" / "2022" / "kabupaten-bekasi-eeb1fd" / "en" / "brief.en.pdf"
    assert pdf.is_file() and (work / brief.stdout.split()[0]).resolve() == pdf.resolve()
    import toolkit

    version = subprocess.run(
        [str(python), "-c", "import toolkit; print(toolkit.__version__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert version == toolkit.__version__ and wheel.name.startswith(f"kepatuhan_toolkit-{version}-")
