"""`make brief` (after install) against the floor of one papermill run of an import-only notebook,
both measured in the same run. Target (briefs issue): make brief <= 2 x the floor.

    python benchmarks/brief_speed.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def floor_once(folder: Path) -> float:
    import papermill as pm

    from benchmarks.pipeline_speed import floor_notebook
    from toolkit import pipeline

    path = floor_notebook(folder)
    start = time.perf_counter()
    pm.execute_notebook(str(path), str(folder / "out.ipynb"), kernel_name=pipeline.KERNEL_NAME, progress_bar=False)
    return time.perf_counter() - start


def make_brief_once() -> float:
    start = time.perf_counter()
    subprocess.run(["make", "brief"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main(runs: int = 5) -> None:
    sys.path.insert(0, str(ROOT))
    make_brief_once()  # install if needed, warm the file cache
    folder = Path(tempfile.mkdtemp())
    floors, briefs = [], []
    for _ in range(runs):  # alternate, so machine noise hits both alike
        floors.append(floor_once(folder))
        briefs.append(make_brief_once())
    floor, brief = statistics.median(floors), statistics.median(briefs)
    print(f"floor: papermill run of an import-only notebook, median of {runs}: {floor:.2f} s")
    print(
        f"make brief (Kabupaten Bekasi 2022: 3 notebooks, HTML exports, PDF/HTML/Markdown brief), median of {runs}: {brief:.2f} s"
    )
    print(f"ratio make brief / floor: {brief / floor:.2f} (target <= 2.0)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
