#!/usr/bin/env python3
"""Every speed target of the engine, measured in one run and printed beside its target (not a test).

    scripts/bench.sh [build-dir]          (the same as the line below, with the build's paths)
    PYTHONPATH=build/python /usr/bin/python3 bench/all_targets.py --engine build/bench/engine_benchmark

Figures, each in CPU time (the machine may be shared: wall time on a loaded machine says more
about the other processes than about libtax):

  C++ (bench/engine_benchmark, Google Benchmark, median of --repetitions):
    annual_tax without a trace, talent_relief GBA Shenzhen, withhold_month, the built-in tables
    made ready at first use (plus, for comparison, annual_tax with labour income and the batch's
    per-row relief);
  Python:
    libtax.annual_tax(2024, wages=...).tax per call (median of --repetitions runs of 100,000
    calls), the same with an int, a float and a Decimal amount;
    withholding_batch, --employees x 12 months, threads=1 (best of 3);
    annual_tax_batch, threads=1, against the same formula in numpy float64 (best of 3 on
    --rows rows; bench/batch_benchmark.py measures more variants);
    talent_relief_batch, threads=1, GBA Shenzhen and Hainan, rows/s (best of 3), and Hainan with
    a column of day counts.

The first lines say the CPU model, the number of CPUs and the load average, since every figure
depends on them.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from decimal import Decimal

import numpy as np

import libtax

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from batch_benchmark import cpu_model, numpy_formula, population  # noqa: E402

ENGINE = [  # (benchmark name, what, target in ns or None)
    ("AnnualTax", "C++ annual_tax, wages and deductions, no trace", 25.0),
    ("AnnualTaxWithLabour", "C++ annual_tax with labour and author's remuneration", None),
    ("TalentReliefGbaShenzhen", "C++ talent_relief, GBA Shenzhen", 150.0),
    ("TalentReliefRowsGbaShenzhen", "C++ the batch's relief per row (ReliefRows)", None),
    ("WithholdMonth", "C++ withhold_month (month 6 of a run)", 40.0),
    ("TablesReady", "C++ tables ready at first use (Tables::builtin)", 5e6),
]

rows_out = []  # (what, measured text, target text, met: True/False/None)


def report(what, measured, target_text, met):
    rows_out.append((what, measured, target_text, met))
    verdict = "" if met is None else ("met" if met else "MISSED")
    print(f"  {what:58s} {measured:>22s}   target {target_text:>14s}  {verdict}", flush=True)


def cpu_best(fn, repeat=3):
    fn()  # warm-up: page faults and cold caches are not throughput
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def engine(path, repetitions):
    names = "|".join(n for n, _, _ in ENGINE)
    out = subprocess.run([path, f"--benchmark_filter=^({names})$", f"--benchmark_repetitions={repetitions}",
                          "--benchmark_report_aggregates_only=true", "--benchmark_format=json"],
                         check=True, capture_output=True, text=True).stdout
    medians = {}
    for b in json.loads(out)["benchmarks"]:  # the median of the repetitions (a single run: that run)
        if b.get("aggregate_name") == "median" or (repetitions == 1 and b.get("run_type") == "iteration"):
            scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
            medians[b["run_name"]] = b["cpu_time"] * scale
    for name, what, target in ENGINE:
        ns = medians[name]
        shown = f"{ns / 1e6:.2f} ms" if ns >= 1e5 else f"{ns:.1f} ns"
        report(what, shown, "-" if target is None else (f"{target / 1e6:g} ms" if target >= 1e5 else f"{target:g} ns"),
               None if target is None else ns <= target)


def python_scalar(repetitions):
    at = libtax.annual_tax
    for label, value, target in (("int", 300000, 1000.0), ("float", 300000.5, None), ("Decimal", Decimal("300000.50"), None)):
        n = 100_000
        at(2024, wages=value).tax
        runs = []
        for _ in range(repetitions):
            t = time.process_time_ns()
            for _ in range(n // 10):
                at(2024, wages=value).tax; at(2024, wages=value).tax; at(2024, wages=value).tax; at(2024, wages=value).tax  # noqa: E702
                at(2024, wages=value).tax; at(2024, wages=value).tax; at(2024, wages=value).tax; at(2024, wages=value).tax  # noqa: E702
                at(2024, wages=value).tax; at(2024, wages=value).tax  # noqa: E702
            runs.append((time.process_time_ns() - t) / n)
        ns = statistics.median(runs)
        report(f"Python annual_tax(2024, wages=<{label}>).tax", f"{ns:.0f} ns", "-" if target is None else f"{target / 1e3:g} us",
               None if target is None else ns <= target)


def withholding(employees):
    rng = np.random.default_rng(7)
    wage = np.round(rng.lognormal(np.log(15_000), 0.8, (employees, 12)), 2)
    cols = {"wage": wage, "social_insurance": np.round(np.minimum(wage, 30_000) * 0.225, 2),
            "special_additional": rng.choice([0.0, 1000.0, 2000.0, 3000.0, 4500.0], (employees, 12)),
            "exempt_income": np.where(rng.random((employees, 12)) < 0.1, np.round(wage * 0.05, 2), 0.0),
            "other_deductions": np.where(rng.random((employees, 12)) < 0.1, 200.0, 0.0)}
    s = cpu_best(lambda: libtax.withholding_batch(2024, threads=1, **cols))
    target = 0.3 * employees / 1_000_000
    report(f"withholding_batch, {employees:,} x 12 months, 1 thread", f"{s:.3f} s", f"{target:g} s", s <= target)


def annual_batch(rows):
    """The batch on the best vector path (target 10x numpy) and with AVX-512 forced off (4x)."""
    from libtax import _batch

    data = population(rows)
    npy = cpu_best(lambda: numpy_formula(2024, **data))
    report(f"numpy float64 formula ({rows:,} rows)", f"{rows / npy / 1e6:.1f} M rows/s", "-", None)
    for setting, target in ((True, 10), ("avx2", 4)):
        _batch.use_vector_units(setting)
        try:
            path = _batch.vector_path(2024)
            one = cpu_best(lambda: libtax.annual_tax_batch(2024, threads=1, **data))
        finally:
            _batch.use_vector_units(True)
        report(f"annual_tax_batch, 1 thread, {path} lanes", f"{rows / one / 1e6:.1f} M rows/s", "-", None)
        report(f"annual_tax_batch ({path}) / numpy", f"{npy / one:.1f}x", f"{target}x", npy / one >= target)


def relief_batch(rows):
    rng = np.random.default_rng(11)
    wages = np.round(rng.lognormal(np.log(600_000), 0.7, rows), 2)
    labour = np.where(rng.random(rows) < 0.2, np.round(rng.uniform(0, 200_000, rows), 2), 0.0)
    social = np.round(np.minimum(wages, 400_000) * 0.105, 2)
    # one city and one day count for every row; then Hainan with a column of day counts (converted in C++)
    days = rng.integers(180, 367, rows)
    for regime, extra in (("gba", {"city": "shenzhen", "days_in_zone": 250}), ("hainan", {"days_in_zone": 250}),
                          ("hainan", {"days_in_zone": days})):
        s = cpu_best(lambda: libtax.talent_relief_batch(regime, 2024, identity="foreign", wages=wages, labour=labour,
                                                        social_insurance=social, talent_recognised=True, threads=1, **extra))
        rate = rows / s
        what = ", a column of day counts" if extra["days_in_zone"] is days else ""
        report(f"talent_relief_batch {regime}{what}, 1 thread ({rows:,} rows)", f"{rate / 1e6:.1f} M rows/s", "10 M rows/s",
               rate >= 10e6)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine", default="build/bench/engine_benchmark", help="the engine_benchmark program (skipped if absent)")
    ap.add_argument("--repetitions", type=int, default=5)
    ap.add_argument("--employees", type=int, default=1_000_000)
    ap.add_argument("--rows", type=int, default=4_000_000)
    ap.add_argument("--relief-rows", type=int, default=2_000_000)
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} logical CPUs, {cpu_model()}; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
          f"numpy {np.__version__}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", flush=True)
    print("CPU time; medians (per call) or best of 3 (batches)", flush=True)
    if os.path.exists(args.engine):
        engine(args.engine, args.repetitions)
    else:
        print(f"  (no {args.engine}: build the engine_benchmark target, which needs libbenchmark-dev)")
    python_scalar(args.repetitions)
    withholding(args.employees)
    annual_batch(args.rows)
    relief_batch(args.relief_rows)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    missed = [r[0] for r in rows_out if r[3] is False]
    print("all targets met" if not missed else "missed: " + "; ".join(missed))


if __name__ == "__main__":
    main()
