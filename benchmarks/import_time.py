"""How heavy is ``import toolkit``? Compared with ``import pandas`` alone, in the same run.

Each import runs in a fresh interpreter, alternating the two so machine noise hits both alike;
the median of N runs is reported. Target (core issue): toolkit <= 1.3 x pandas.

    python benchmarks/import_time.py [N]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def once(module: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
    return time.perf_counter() - start


def main(n: int = 15) -> None:
    once("pandas"), once("toolkit")  # warm the file cache
    base, ours, empty = [], [], []
    for _ in range(n):
        empty.append(once("sys"))
        base.append(once("pandas"))
        ours.append(once("toolkit"))
    interp = statistics.median(empty)
    pandas_s, toolkit_s = statistics.median(base), statistics.median(ours)
    print(f"runs: {n} each, median wall time of a fresh interpreter")
    print(f"python -c 'import sys'     {interp * 1000:7.1f} ms")
    print(f"python -c 'import pandas'  {pandas_s * 1000:7.1f} ms")
    print(f"python -c 'import toolkit' {toolkit_s * 1000:7.1f} ms")
    print(f"ratio toolkit / pandas: {toolkit_s / pandas_s:.3f} (target <= 1.30)")
    print(f"ratio net of interpreter start: {(toolkit_s - interp) / (pandas_s - interp):.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
