"""How fast is ``kepatuhan score`` on national-scale tables? Against its floor, in the same run.

SYNTHETIC tables of Pemdas x 7 units (one year, 2022), written once as CSV. For each size:

- floor: a fresh interpreter that reads the CSV with pandas and grades the score column with one
  ``pandas.cut`` over the whole column (what grading can cost at the least);
- ours: ``kepatuhan score --results FILE --format csv`` in a fresh interpreter (startup included
  in both), output to /dev/null; peak memory from the child's maximum resident set size.

Targets (issue 14): 21,000 rows within 3 x the floor; 1,000,000 rows within 10 x and under 2 GB.
Medians of N alternating runs.

    python benchmarks/score_speed.py [N] [--sizes 3000,142858]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

FLOOR = """
import sys, pandas as pd
frame = pd.read_csv(sys.argv[1])
pd.cut(frame["score"], [0, 32, 54, 78, 88, 100.0001], right=False, labels=list("EDCBA"))
"""


def table(n_regions: int, seed: int = 0) -> pd.DataFrame:
    """SYNTHETIC results: ``n_regions`` Kabupaten x 7 units, scores 30-100."""
    rng = np.random.default_rng(seed)
    units = [
        "DPMPTSP",
        "Dinas Pendidikan",
        "Dinas Kesehatan",
        "Dinas Sosial",
        "Disdukcapil",
        "Puskesmas A",
        "Puskesmas B",
    ]
    regions = np.repeat([f"Kabupaten Sintetis {i:06d}" for i in range(n_regions)], len(units))
    return pd.DataFrame(
        {
            "year": 2022,
            "level": "unit",
            "region": regions,
            "unit": np.tile(units, n_regions),
            "score": np.round(rng.uniform(30, 100, n_regions * len(units)), 2),
            "note": "SYNTHETIC benchmark table",
        }
    )


def timed(cmd: list[str]) -> tuple[float, float]:
    """Seconds and peak resident memory (GiB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024**2  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=3)
    parser.add_argument("--sizes", default="3000,142858", help="numbers of Pemdas (x 7 units = rows)")
    args = parser.parse_args()
    kepatuhan = str(Path(sys.executable).with_name("kepatuhan"))
    with tempfile.TemporaryDirectory() as tmp:
        for n_regions in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"results-{n_regions}.csv"
            table(n_regions).to_csv(path, index=False)
            rows = n_regions * 7
            floor, ours, peaks = [], [], []
            for _ in range(args.n):
                floor.append(timed([sys.executable, "-c", FLOOR, str(path)])[0])
                seconds, peak = timed([kepatuhan, "score", "--results", str(path), "--format", "csv"])
                ours.append(seconds)
                peaks.append(peak)
            f, o = statistics.median(floor), statistics.median(ours)
            print(
                f"{rows:>9,} rows: floor {f:6.2f} s, kepatuhan score {o:6.2f} s, ratio {o / f:5.2f}, "
                f"peak memory (max over children so far) {max(peaks):.2f} GiB"
            )


if __name__ == "__main__":
    main()
