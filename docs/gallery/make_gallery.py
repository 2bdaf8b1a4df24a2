#!/usr/bin/env python3
"""Draws the README's chart gallery (docs/gallery/*.png) with libtax's own plotting functions.

    PYTHONPATH=build/python /usr/bin/python3 docs/gallery/make_gallery.py [OUT_DIR]

The test suite runs it (tests/python/test_analysis_gallery.py), so the gallery always shows what
the current code draws. Populations are synthetic and seeded, and the PNGs carry no software tag,
so an unchanged chart is rewritten with the same bytes (a file is only written when it changes).
"""
from __future__ import annotations

import pathlib
import sys
from typing import Any, Callable, Dict

import numpy as np
import pandas as pd

import libtax
from libtax.charts import png_bytes

HERE = pathlib.Path(__file__).resolve().parent
YEAR = 2024


def population(n: int = 20_000, seed: int = 2024) -> Any:
    """Synthetic overseas talents: lognormal wages, social insurance, a weight per row."""
    rng = np.random.default_rng(seed)
    wages = np.round(rng.lognormal(np.log(260_000), 0.85, n), 2)
    return pd.DataFrame({
        "wages": wages,
        "social_insurance": np.round(np.minimum(wages, 400_000) * 0.105, 2),
        "special_additional": rng.choice([0, 12_000, 24_000, 36_000], n),
        "identity": rng.choice(["foreign", "hk", "macao", "taiwan"], n),
        "talent_recognised": True,
        "weight": rng.integers(1, 4, n),
    })


def rates() -> Any:
    """Effective and marginal rates, baseline against a 72,000 basic deduction."""
    reform = libtax.what_if(basic_deduction__annual=72000, basic_deduction__monthly=6000, years=YEAR)
    fig = libtax.plot_rates(YEAR, income=(0, 1_500_000), points=601)
    libtax.plot_rates(YEAR, income=(0, 1_500_000), points=601, tables=reform, label="deduction 72,000",
                      ax=fig.axes[0])
    fig.axes[0].set_title(f"IIT {YEAR}: rates, baseline and a 72,000 basic deduction")
    return fig


def relief() -> Any:
    """The Hainan relief against wages, with its break-even."""
    return libtax.plot_relief("hainan", YEAR, income=(0, 2_000_000), points=401, social_insurance=40_000,
                              days_in_zone=365)


def distribution() -> Any:
    """Average tax by weighted income decile, baseline and reform side by side."""
    df = population()
    reform = libtax.what_if(basic_deduction__annual=72000, basic_deduction__monthly=6000, years=YEAR)
    base = libtax.distribution(libtax.annual_tax_frame(df, YEAR), weights="weight")
    after = libtax.distribution(libtax.annual_tax_frame(df, YEAR, tables=reform), weights="weight")
    fig = libtax.plot_distribution(base, "tax_mean", label="baseline")
    libtax.plot_distribution(after, "tax_mean", label="deduction 72,000", ax=fig.axes[0],
                             title=f"IIT {YEAR}: average tax by income decile (yuan)")
    fig.axes[0].set_xlabel("income decile (weighted)")
    return fig


def winners_losers() -> Any:
    """Beijing's announced talent subsidy (a labelled what-if) at a 20% threshold instead of 15%."""
    df = population()
    beijing_20 = libtax.what_if(overlay={"regimes/beijing-two-zones.yaml": {"versions": {0: {"rate": 0.20}}}})
    base = libtax.annual_tax_frame(df, YEAR, regimes=["beijing-two-zones"])
    reform = libtax.annual_tax_frame(df, YEAR, regimes=["beijing-two-zones"], tables=beijing_20)
    table = libtax.winners_losers(base, reform, weights="weight")
    return libtax.plot_winners_losers(table, title="Beijing what-if (not law): 20% threshold instead of 15%",
                                      ylabel="income decile (weighted)")


CHARTS: Dict[str, Callable[[], Any]] = {"rates": rates, "relief": relief, "distribution": distribution,
                                        "winners_losers": winners_losers}


def main(out_dir: Any = HERE) -> Dict[str, pathlib.Path]:
    """Draws every chart into out_dir/<name>.png; returns the paths."""
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, draw in CHARTS.items():
        path = out / f"{name}.png"
        data = png_bytes(draw(), dpi=80)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        written[name] = path
    return written


if __name__ == "__main__":
    for p in main(sys.argv[1] if len(sys.argv) > 1 else HERE).values():
        print(p)
