"""Batch speed: N regions with 2 workers against the same N regions in a sequential loop of plain
papermill calls, measured in the same run; and the per-region cost against the floor of one
papermill run of a notebook that only imports the same libraries.

Targets (national-scale issue): 60 regions with 2 workers >= 4 x faster than the sequential loop
of plain ``papermill.execute_notebook`` calls in one process, with no failed run over 3
repetitions (each batch worker keeps one kernel from region to region); per-region seconds
printed. The sequential loop is measured once (it takes ~10 minutes for 60 regions; ``--seq-reps``
to repeat it). The regions are SYNTHETIC (toolkit.synthetic.panel: 7 units each, assessment year
2022) so every region has unit scores to analyse.

Each sequential loop and each batch starts in a new folder with an empty cache of the cross-unit
analysis, so each computes it once (the loop in its first region's kernel, the batch before its
regions start) and neither reads what an earlier run left in ``reports/.cache``.

    python benchmarks/pipeline_speed.py [--regions 60] [--reps 3] [--seq-reps 1]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

# papermill, nbformat and the toolkit are imported in main(), not here: the batch's workers start
# by "spawn", which imports this file again in each of them (as it imports `kepatuhan`'s own
# short script when the batch runs from the command line); imported here, they cost each worker
# 2 s that no batch run by the command line or from a notebook pays.

FLOOR_SOURCE = """import toolkit
from toolkit import outputs, plots, drivers
import matplotlib
matplotlib.use("Agg")
import seaborn
import statsmodels.api
import scipy.optimize
from IPython.display import Image, Markdown"""


def floor_notebook(folder: Path) -> Path:
    import nbformat

    from toolkit import pipeline

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])
    nb.metadata["kernelspec"] = {
        "name": pipeline.KERNEL_NAME,
        "display_name": "Python (kepatuhan)",
        "language": "python",
    }
    path = folder / "floor.ipynb"
    nbformat.write(nb, path)
    return path


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    import papermill as pm

    from toolkit import pipeline, synthetic
    from toolkit.paths import notebooks_dir
    from toolkit.request import resolve

    parser = argparse.ArgumentParser()
    parser.add_argument("--regions", type=int, default=60)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--seq-reps", type=int, default=1)
    args = parser.parse_args()
    pipeline.ensure_kernel()
    work = Path(tempfile.mkdtemp(prefix="kepatuhan-bench-"))
    panel = synthetic.panel(n_regions=args.regions, years=(2022,), seed=0)
    results = work / "synthetic-results.csv"
    panel.drop(columns=["source_row"]).to_csv(results, index=False)
    regions = list(dict.fromkeys(panel["region"]))
    floor_nb = floor_notebook(work)

    floors = [
        timed(
            lambda: pm.execute_notebook(
                str(floor_nb), str(work / "floor-out.ipynb"), kernel_name=pipeline.KERNEL_NAME, progress_bar=False
            )
        )
        for _ in range(5)
    ]
    floor = statistics.median(floors)
    singles = [
        timed(lambda r=r: pipeline.run(resolve(r, 2022, results_path=results, output_root=work / "single")))
        for r in regions[:5]
    ]
    single = statistics.median(singles)
    print(f"SYNTHETIC regions: {len(regions)} (7 units each, 2022); notebooks: {', '.join(pipeline.NOTEBOOKS)}")
    print(f"floor: papermill run of an import-only notebook, median of 5: {floor:.2f} s")
    print(
        f"one region through toolkit.pipeline.run (3 notebooks, one kernel, HTML), median of 5: {single:.2f} s"
        f" = {single / floor:.2f} x floor (target <= 1.5)"
    )

    def sequential(rep):
        out = work / f"seq-{rep}"
        for region in regions:
            folder = out / region.replace(" ", "-")
            folder.mkdir(parents=True)
            for name in pipeline.NOTEBOOKS:
                pm.execute_notebook(
                    str(notebooks_dir() / f"{name}.ipynb"),
                    str(folder / f"{name}.ipynb"),
                    parameters={
                        "region": region,
                        "year": 2022,
                        "results_path": str(results),
                        "output_dir": str(folder),
                        "cache_dir": str(out / ".cache"),
                    },
                    kernel_name=pipeline.KERNEL_NAME,
                    progress_bar=False,
                )

    seqs = []
    for rep in range(1, args.seq_reps + 1):
        seqs.append(timed(lambda rep=rep: sequential(rep)))
        print(
            f"sequential plain papermill loop, rep {rep}: {seqs[-1]:7.1f} s ({seqs[-1] / len(regions):.2f} s/region)",
            flush=True,
        )
    seq = statistics.median(seqs)
    speedups = []
    failures = 0
    for rep in range(1, args.reps + 1):
        manifest = None

        def parallel(rep=rep):
            nonlocal manifest
            manifest = pipeline.batch(
                2022,
                regions,
                results_path=results,
                workers=2,
                output_root=work / f"batch-{rep}",  # a new folder: every region runs, the cache is empty
                progress=False,
            )

        par = timed(parallel)
        failed = int((manifest["status"] != "ok").sum())  # none skipped either
        failures += failed
        speedups.append(seq / par)
        per_region = manifest["seconds"].astype(float)
        print(
            f"batch rep {rep}, 2 workers: {par:7.1f} s ({par / len(regions):.2f} s/region wall); "
            f"per-region run time median {per_region.median():.2f} s, first {per_region.iloc[0]:.2f} s, "
            f"max {per_region.max():.2f} s; speed-up over the sequential loop {seq / par:.2f} x; failed runs {failed}",
            flush=True,
        )
    print(
        f"speed-up, median of {args.reps}: {statistics.median(speedups):.2f} x (target >= 4); "
        f"failed runs in all: {failures} (target 0)"
    )


if __name__ == "__main__":
    main()
