#!/usr/bin/env python3
"""libtax beyond one machine: the annual tax of a population held in a Dask dataframe.

Each partition is a pandas DataFrame; ``libtax.annual_tax_frame`` computes it in C++ (exact to the
fen, GIL released), so Dask only ships partitions to workers and collects results.

    PYTHONPATH=build/python /usr/bin/python3 examples/dask_batch.py --rows 200000 --partitions 8
    PYTHONPATH=build/python /usr/bin/python3 examples/dask_batch.py --scheduler tcp://scheduler:8786

Without --scheduler it starts a ``distributed.LocalCluster`` (threads in this process with
--processes 0, the default, or worker processes with --processes N). With --scheduler it connects
to a running cluster: every worker must be able to ``import libtax`` (same build, PYTHONPATH or an
installed package) and reach the data (here the data are generated on the workers, by partition).
"""
import argparse
import time

import numpy as np
import pandas as pd


def synthetic_partition(rows, seed):
    """One partition of a synthetic population of residents (numpy random, fixed seed)."""
    rng = np.random.default_rng(seed)
    wages = np.round(rng.lognormal(np.log(250_000), 0.9, rows), 2)
    return pd.DataFrame({
        "wages": wages,
        "labour": np.where(rng.random(rows) < 0.2, np.round(rng.uniform(0, 200_000, rows), 2), 0.0),
        "social_insurance": np.round(np.minimum(wages, 400_000) * 0.105, 2),
        "special_additional": rng.choice([0.0, 12_000.0, 24_000.0, 36_000.0], rows),
    })


def tax_partition(df, year):
    """Runs on a worker: the libtax batch over one pandas partition."""
    import libtax

    return libtax.annual_tax_frame(df, year, threads=1)


def run(rows=200_000, partitions=8, year=2024, scheduler=None, processes=0, verbose=True):
    """Computes the population's tax on a Dask cluster; returns (summary dict, result dataframe)."""
    import dask
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        if processes:
            cluster = LocalCluster(n_workers=processes, threads_per_worker=1, processes=True, dashboard_address=None)
        else:
            cluster = LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None)
        client = Client(cluster)
    try:
        per = rows // partitions
        sizes = [per + (1 if i < rows % partitions else 0) for i in range(partitions)]
        parts = [dask.delayed(synthetic_partition)(n, seed) for seed, n in enumerate(sizes)]
        meta = synthetic_partition(1, 0).iloc[:0]
        population = dd.from_delayed(parts, meta=meta)
        out_meta = tax_partition(synthetic_partition(1, 0), year).iloc[:0]
        taxed = population.map_partitions(tax_partition, year, meta=out_meta)
        start = time.perf_counter()
        result = taxed.compute()
        seconds = time.perf_counter() - start
        summary = {
            "rows": len(result),
            "total_tax": round(float(result["tax"].sum()), 2),
            "mean_effective_rate": float(result["effective_rate"].mean()),
            "share_above_25pct_marginal": float((result["marginal_rate"] > 0.25).mean()),
            "seconds": seconds,
        }
        if verbose:
            print(f"{summary['rows']:,} residents on {len(client.scheduler_info()['workers'])} worker(s) "
                  f"in {seconds:.2f} s")
            print(f"total tax {summary['total_tax']:,.2f} yuan; mean effective rate "
                  f"{summary['mean_effective_rate']:.2%}; {summary['share_above_25pct_marginal']:.1%} "
                  f"above the 25% bracket")
        return summary, result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://scheduler:8786")
    ap.add_argument("--processes", type=int, default=0, help="local worker processes (0: threads in this process)")
    args = ap.parse_args()
    run(args.rows, args.partitions, args.year, args.scheduler, args.processes)


if __name__ == "__main__":
    main()
