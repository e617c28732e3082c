"""IKM speed on a large SYNTHETIC survey, against a straightforward groupby-apply baseline
measured in the same run.

Targets (survey issue), 10 million respondents x 9 items across 1,000 units on 2 cores:
ikm(by="unit") without bootstrap <= 2 s and peak memory <= 2 GB; >= 10 x faster than the
baseline; bootstrap with 1,000 replicates for 1,000 units <= 10 s.

National-scale issue: the unit column as TEXT (as read from CSV/XLSX, not categorical), 2 million
respondents x 1,000 units: ikm(by="unit", n_boot=0) >= 10 x faster than the same baseline on the
same frame; and the default call with intervals, whose per-unit summaries of the bootstrap
replicates are now one array operation (both timings printed, with the one-unit-at-a-time loop
measured in the same run).

    python benchmarks/survey_speed.py [--respondents 10000000] [--units 1000] [--text-respondents 2000000]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

from toolkit import synthetic
from toolkit.survey import ITEMS, ikm


def baseline(frame):
    """What one writes first: per-unit apply of the IKM formula (same result, no bootstrap)."""
    return frame.groupby("unit", observed=True).apply(lambda g: 25 * g[ITEMS].mean().sum() / 9, include_groups=False)


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, default=10_000_000)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--text-respondents", type=int, default=2_000_000)
    args = parser.parse_args()
    t_gen, frame = timed(lambda: synthetic.survey(args.respondents, args.units, seed=0, truth_draws=0))
    frame = frame.drop(columns=["note"])
    print(f"SYNTHETIC survey: {len(frame):,} respondents x 9 items, {args.units:,} units (generated in {t_gen:.1f} s)")

    ikm(frame.head(10_000), by="unit", n_boot=0)  # warm-up
    runs = [timed(lambda: ikm(frame, by="unit", n_boot=0)) for _ in range(3)]
    t_point, point = min(runs, key=lambda r: r[0])
    tracemalloc.start()  # memory in a separate run: tracing slows the allocations it counts
    ikm(frame, by="unit", n_boot=0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    t_base, base = min((timed(lambda: baseline(frame)) for _ in range(2)), key=lambda r: r[0])
    t_boot, booted = timed(lambda: ikm(frame, by="unit", n_boot=1000))
    same = (point.set_index("unit")["ikm"] - base.round(2).reindex(point["unit"]).to_numpy()).abs().max()
    print(
        f"ikm(by='unit'), no bootstrap:   {t_point:6.2f} s (target <= 2 s); peak memory traced {peak / 2**30:.2f} GiB (target <= 2)"
    )
    print(f"baseline groupby().apply(), best of 2: {t_base:6.2f} s; speed-up {t_base / t_point:.1f} x (target >= 10)")
    print(f"largest difference from the baseline's IKM: {same:.4f} (rounding to 2 decimals only)")
    methods = booted["boot_method"].value_counts().to_dict()
    print(f"ikm(by='unit', n_boot=1000):    {t_boot:6.2f} s (target <= 10 s); bootstrap method per unit: {methods}")

    text_keys(args.text_respondents, args.units)

    small = synthetic.survey(1_000 * 300, 1000, seed=1, truth_draws=0).drop(
        columns=["note"]
    )  # ~300 per unit: resampled
    t_small, res = timed(lambda: ikm(small, by="unit", n_boot=1000))
    print(
        f"resampling path, 1,000 units x ~300 respondents, 1,000 replicates: {t_small:.2f} s "
        f"({res['boot_method'].value_counts().to_dict()})"
    )


def text_keys(respondents: int, units: int) -> None:
    import numpy as np

    from toolkit.survey import _intervals as sv

    frame = synthetic.survey(respondents, units, seed=2, truth_draws=0).drop(columns=["note"])
    frame["unit"] = frame["unit"].astype("str")  # as pandas reads it from a CSV
    print(f"SYNTHETIC survey: {len(frame):,} respondents, {units:,} units, unit column dtype {frame['unit'].dtype}")
    ikm(frame.head(10_000), by="unit", n_boot=0)
    t_point = min(timed(lambda: ikm(frame, by="unit", n_boot=0))[0] for _ in range(5))
    t_base = min(timed(lambda: baseline(frame))[0] for _ in range(3))
    print(
        f"text keys: ikm(by='unit', n_boot=0) best of 5 {t_point:.3f} s; baseline groupby().apply() best of 3 "
        f"{t_base:.3f} s; speed-up {t_base / t_point:.1f} x (target >= 10)"
    )
    t_default, out = timed(lambda: ikm(frame, by="unit"))
    print(f"text keys: ikm(by='unit') with its default 1,000 replicates: {t_default:.2f} s")
    # the replicate summaries alone: all units at once against one unit at a time, same draws
    point, se = out["ikm"].to_numpy(float), out["ikm_se"].to_numpy(float)
    draws = np.random.default_rng(0).standard_normal((len(out), 1000))
    t_vec, _ = timed(lambda: sv._summarise_normal(point, se, draws, 0.95))
    t_loop, _ = timed(
        lambda: [
            sv._summarise_replicates(point[g] + se[g] * draws[g], out["mutu"].iloc[g], 0.95) for g in range(len(out))
        ]
    )
    print(
        f"replicate summaries for {len(out):,} units x 1,000 replicates: all at once {t_vec:.3f} s; "
        f"one unit at a time (the former loop) {t_loop:.3f} s; {t_loop / t_vec:.0f} x"
    )


if __name__ == "__main__":
    main()
