#!/usr/bin/env python3
"""Benchmark of libtax.annual_tax_batch (not a test: it prints figures and ratios).

One run, on the same synthetic data (a few million residents: wages, some labour remuneration,
social insurance, special additional deductions), measures:

  batch-1     libtax.annual_tax_batch with threads=1   (rows/s; SIMD lanes on the best Highway
              target the CPU has, e.g. AVX3 = AVX-512)
  batch-out   batch-1 writing into one result array given as out= (no fresh array per call)
  batch-all   libtax.annual_tax_batch with all threads  (rows/s)
  avx2-1      batch-1 with AVX-512 forced off (the AVX2 lanes a CPU without AVX-512 runs)
  portable-1  batch-1 with the CPU's vector units turned off (the portable loop)
  scalar      one libtax.annual_tax call from Python    (microseconds per call)
  numpy       the same formula as plain vectorised numpy float64 code (rows/s; not exact)
  memory      numpy reading the same input arrays and writing one output array (rows/s): the
              three-pass numpy ceiling
  one-pass    the same in C, each input read once and the output written once, one thread
              (rows/s): the one-pass memory ceiling no batch reading these columns can beat

and prints the ratios. Each figure is the median of --repeat runs after one untimed warm-up; the
one-thread figures are CPU time of the process (time.process_time), the all-threads figure wall
time, so a shared, loaded machine disturbs them less (the load average is printed).
It also checks that the batch equals the scalar function to the fen on a sample, and counts how
many rows the float formula gets wrong by at least one fen.

    PYTHONPATH=build/python /usr/bin/python3 bench/batch_benchmark.py [--rows 4000000]
"""
import argparse
import os
import platform
import statistics
import time

import numpy as np

import libtax


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def population(rows, seed=2024):
    rng = np.random.default_rng(seed)
    wages = np.round(rng.lognormal(np.log(250_000), 0.9, rows), 2)
    labour = np.where(rng.random(rows) < 0.2, np.round(rng.uniform(0, 200_000, rows), 2), 0.0)
    social = np.round(np.minimum(wages, 400_000) * 0.105, 2)
    special = rng.choice([0.0, 12_000.0, 24_000.0, 36_000.0, 48_000.0], rows)
    return dict(wages=wages, labour=labour, social_insurance=social, special_additional=special)


def numpy_formula(year, wages, labour, social_insurance, special_additional):
    """The annual tax as an analyst would write it in numpy float64 (table read once)."""
    brackets = libtax.schedule(year)
    shares = 0.8  # labour income amount share, as the table says for the years covered
    basic = 60000.0
    upto = np.array([float(b["upto"]) for b in brackets[:-1]])
    rate = np.array([float(b["rate"]) for b in brackets])
    quick = np.array([float(b["quick"]) for b in brackets])
    taxable = np.maximum(wages + shares * labour - basic - social_insurance - special_additional, 0.0)
    i = np.searchsorted(upto, taxable, side="left")
    return np.round(np.maximum(taxable * rate[i] - quick[i], 0.0), 2)


def memory_bound(wages, labour, social_insurance, special_additional, out):
    """Reads the same four input arrays and writes one output array (no tax logic)."""
    np.add(wages, labour, out=out)
    np.add(out, social_insurance, out=out)
    np.add(out, special_additional, out=out)
    return out


def median_time(fn, repeat, clock=time.process_time):
    """Median over `repeat` runs after an untimed warm-up (first-touch page faults and cold caches
    are not throughput). process_time: the CPU time of this process, for one-thread runs."""
    fn()
    times = []
    for _ in range(repeat):
        t = clock()
        fn()
        times.append(clock() - t)
    return statistics.median(times)


best = median_time  # one name for every measurement below


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=4_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--year", type=int, default=2024)
    args = ap.parse_args()
    year, n = args.year, args.rows
    data = population(n)

    from libtax import _batch

    path = _batch.vector_path(year)
    lanes = f"{path} lanes" if path else "portable code"
    t1 = best(lambda: libtax.annual_tax_batch(year, threads=1, **data), args.repeat)
    result = np.empty(n)
    tout = best(lambda: libtax.annual_tax_batch(year, threads=1, out=result, **data), args.repeat)
    tall = best(lambda: libtax.annual_tax_batch(year, **data), args.repeat, clock=time.perf_counter)
    _batch.use_vector_units("avx2")
    try:
        avx2_lanes = _batch.vector_path(year).lower() == "avx2"
        tavx2 = best(lambda: libtax.annual_tax_batch(year, threads=1, **data), args.repeat)
        avx2 = libtax.annual_tax_batch(year, threads=1, **data)
        _batch.use_vector_units(False)
        tport = best(lambda: libtax.annual_tax_batch(year, threads=1, **data), args.repeat)
        portable = libtax.annual_tax_batch(year, threads=1, **data)
    finally:
        _batch.use_vector_units(True)
    tnp = best(lambda: numpy_formula(year, **data), args.repeat)
    out = np.empty(n)
    tmem = best(lambda: memory_bound(out=out, **data), args.repeat)
    tpass = best(lambda: _batch.memory_pass(list(data.values()), out), args.repeat)
    calls = 20000
    w, s = float(data["wages"][0]), float(data["social_insurance"][0])
    tscalar = best(lambda: [libtax.annual_tax(year, wages=w, social_insurance=s) for _ in range(calls)], args.repeat) / calls

    exact = libtax.annual_tax_batch(year, **data)
    approx = numpy_formula(year, **data)
    sample = np.random.default_rng(7).choice(n, 2000, replace=False)
    mismatches = sum(
        float(libtax.annual_tax(year, **{k: float(v[i]) for k, v in data.items()}).tax) != exact[i] for i in sample)
    assert np.array_equal(portable, exact), "the portable code and the vector lanes disagree"
    assert np.array_equal(avx2, exact), "the AVX2 lanes and the best lanes disagree"
    load_after = os.getloadavg()[0]
    off_by_fen = int(np.count_nonzero(np.abs(np.round(approx * 100) - np.round(exact * 100)) >= 1))

    rate = lambda t: n / t  # noqa: E731
    print(f"machine: {os.cpu_count()} logical CPUs (nproc), {cpu_model()}; numpy {np.__version__}; rows {n:,}; "
          f"load average {os.getloadavg()[0]:.1f} at the start, {load_after:.1f} at the end; median of {args.repeat}")
    print(f"batch, 1 thread      {rate(t1) / 1e6:8.1f} M rows/s   ({lanes})")
    print(f"batch, 1 thread, out {rate(tout) / 1e6:8.1f} M rows/s   (the same, writing into one array given as out=)")
    print(f"batch, all threads   {rate(tall) / 1e6:8.1f} M rows/s")
    print(f"batch, 1 thread      {rate(tavx2) / 1e6:8.1f} M rows/s   "
          f"({'AVX2 lanes: AVX-512 forced off' if avx2_lanes else 'no AVX2 on this CPU: portable code'}; same results)")
    print(f"batch, 1 thread      {rate(tport) / 1e6:8.1f} M rows/s   (portable code: vector units off; same results)")
    print(f"numpy float formula  {rate(tnp) / 1e6:8.1f} M rows/s   ({off_by_fen:,} rows off by >= 1 fen)")
    print(f"memory-bound numpy   {rate(tmem) / 1e6:8.1f} M rows/s   (three passes)")
    print(f"one-pass memory, C   {rate(tpass) / 1e6:8.1f} M rows/s   (batch-1 reaches {tpass / t1:.0%} of it, "
          f"avx2-1 {tpass / tavx2:.0%}, portable-1 {tpass / tport:.0%}, the numpy formula {tpass / tnp:.0%}; "
          f"one-pass / numpy = {tnp / tpass:.1f}x)")
    print(f"scalar annual_tax    {tscalar * 1e6:8.2f} us per call")
    print(f"ratios: batch-1 / numpy = {tnp / t1:.1f}x; batch-all / numpy = {tnp / tall:.1f}x; "
          f"avx2-1 / numpy = {tnp / tavx2:.1f}x; portable-1 / numpy = {tnp / tport:.1f}x; memory / numpy = {tnp / tmem:.1f}x; "
          f"batch-all / batch-1 = {t1 / tall:.2f}x; "
          f"batch-1 / scalar = {tscalar * n / t1:,.0f}x")
    print(f"exactness: batch equals scalar on {len(sample) - mismatches}/{len(sample)} sampled rows")


if __name__ == "__main__":
    main()
