#!/usr/bin/env python3
"""Benchmark of libtax.withholding_batch (not a test: it prints figures).

Twelve months of cumulative withholding for --rows employees (default 1,000,000; wages, social
insurance, special additional deductions, some exempt income and other deductions, float64
yuan), measured as:

  batch-1     libtax.withholding_batch with threads=1   (seconds; target <= 0.3 s for 1M x 12)
  batch-all   the same with all threads
  scalar      libtax.withhold_wages per employee from Python (seconds per employee; the whole
              population extrapolated)

Each figure is the best of --repeat runs after one untimed warm-up (the machine may be shared).
It also checks a sample of rows against withhold_wages to the fen.

    PYTHONPATH=build/python /usr/bin/python3 bench/withholding_benchmark.py [--rows 1000000]
"""
import argparse
import os
import sys
import time

import numpy as np

import libtax

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from batch_benchmark import best  # noqa: E402  (best of --repeat runs after a warm-up)

KEYS = ("wage", "exempt_income", "social_insurance", "special_additional", "other_deductions")


def population(n, seed=7):
    rng = np.random.default_rng(seed)
    wage = np.round(rng.lognormal(np.log(15_000), 0.8, (n, 12)), 2)
    return {
        "wage": wage,
        "exempt_income": np.where(rng.random((n, 12)) < 0.1, np.round(wage * 0.05, 2), 0.0),
        "social_insurance": np.round(np.minimum(wage, 30_000) * 0.225, 2),
        "special_additional": rng.choice([0.0, 1000.0, 2000.0, 3000.0, 4500.0], (n, 12)),
        "other_deductions": np.where(rng.random((n, 12)) < 0.1, 200.0, 0.0),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--year", type=int, default=2024)
    args = ap.parse_args()
    cols = population(args.rows)
    one = best(lambda: libtax.withholding_batch(args.year, threads=1, **cols), args.repeat)
    allt = best(lambda: libtax.withholding_batch(args.year, **cols), args.repeat)
    got = libtax.withholding_batch(args.year, **cols)
    sample = range(0, args.rows, max(1, args.rows // 200))
    t = time.perf_counter()
    for i in sample:
        months = [{k: cols[k][i, j].item() for k in KEYS} for j in range(12)]
        assert [float(x) for x in libtax.withhold_wages(args.year, months)] == got[i].tolist(), i
    scalar = (time.perf_counter() - t) / len(sample)
    print(f"withholding_batch, {args.rows:,} employees x 12 months, tax year {args.year}")
    print(f"  batch-1    {one:8.3f} s   ({args.rows * 12 / one / 1e6:6.1f} M employee-months/s; target <= 0.3 s for 1M)")
    print(f"  batch-all  {allt:8.3f} s")
    print(f"  scalar     {scalar * 1e6:8.1f} us per employee from Python ({scalar * args.rows:.1f} s for all)")
    print(f"  speed-up   {scalar * args.rows / one:8.0f}x (batch-1 over the scalar loop)")
    print(f"  checked {len(sample)} rows against withhold_wages: equal to the fen")


if __name__ == "__main__":
    main()
