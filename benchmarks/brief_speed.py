"""One `kepatuhan brief` (Kabupaten Bekasi 2022) against the warm import floor, all measured in
the same run, every process with ``PYTHONDONTWRITEBYTECODE=1`` as CI and many containers run.

- floor: a process importing what a brief needs (toolkit, pandas, matplotlib, statsmodels,
  pyfixest, papermill, typst, jupyter_client) with the installed bytecode.
- brief, new output folder: the cross-unit analysis is computed (its cache is in the folder).
- brief, same output folder again: the cross-unit analysis comes from the on-disk cache.
- brief without bytecode: as a venv installed without compiling (``uv pip install`` without
  ``--compile-bytecode``) runs it; simulated with an empty ``PYTHONPYCACHEPREFIX``, so Python finds
  no ``.pyc`` and compiles every module of every process (CLI and kernel) again.

Target (speed issue): brief <= 2 x the floor.

    python benchmarks/brief_speed.py [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = "import toolkit, pandas, matplotlib, statsmodels.api, pyfixest, papermill, typst, jupyter_client"
BRIEF = ["-m", "toolkit.cli", "brief", "--region", "Kabupaten Bekasi", "--year", "2022"]


def _timed(argv: list[str], **env: str) -> float:
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env}
    start = time.perf_counter()
    subprocess.run([sys.executable, *argv], check=True, capture_output=True, env=environment)
    return time.perf_counter() - start


def main(runs: int = 3) -> None:
    work = Path(tempfile.mkdtemp(prefix="brief-speed-"))
    warm_out = work / "warm"
    _timed(["-c", FLOOR])
    _timed([*BRIEF, "--out", str(warm_out)])  # warms the file cache and the shared cross-unit cache
    times: dict[str, list[float]] = {"floor": [], "cold": [], "warm": [], "nobytecode": []}
    for i in range(runs):  # alternate, so machine noise hits every variant alike
        times["floor"].append(_timed(["-c", FLOOR]))
        times["cold"].append(_timed([*BRIEF, "--out", str(work / f"cold-{i}")]))
        times["warm"].append(_timed([*BRIEF, "--out", str(warm_out)]))
        empty = work / f"pycache-{i}"  # no bytecode to find: everything is compiled again
        times["nobytecode"].append(_timed([*BRIEF, "--out", str(work / f"nbc-{i}")], PYTHONPYCACHEPREFIX=str(empty)))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"runs: {runs} each (median), PYTHONDONTWRITEBYTECODE=1, in {work}")
    print(f"floor: python -c '{FLOOR}'   {med['floor']:6.2f} s")
    print(f"brief, new output folder (cross-unit analysis computed)  {med['cold']:6.2f} s")
    print(f"brief, same folder again (cross-unit analysis cached)    {med['warm']:6.2f} s")
    print(f"brief without installed bytecode (new folder)           {med['nobytecode']:6.2f} s")
    print(f"ratio brief (new folder) / floor: {med['cold'] / med['floor']:.2f} (target <= 2.0)")
    print(f"ratio brief (cached) / floor:     {med['warm'] / med['floor']:.2f}")
    print(f"ratio without bytecode / floor:   {med['nobytecode'] / med['floor']:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
