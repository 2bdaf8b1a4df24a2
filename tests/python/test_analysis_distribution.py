"""Weighted distribution tables and winners and losers (libtax.distributional)."""
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import libtax


def people(n=400, seed=5):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "wages": np.round(rng.lognormal(np.log(180_000), 0.9, n), 2),
        "labour": np.where(rng.random(n) < 0.2, np.round(rng.uniform(0, 80_000, n), 2), 0.0),
        "social_insurance": np.round(rng.uniform(0, 30_000, n), 2),
        "identity": rng.choice(["foreign", "hk", "mainland"], n),
        "talent_recognised": rng.random(n) < 0.7,
        "weight": rng.integers(1, 6, n),
    })


def scalar_tax(row, year=2024, tables=None):
    return libtax.annual_tax(year, wages=row.wages, labour=row.labour, social_insurance=row.social_insurance,
                             tables=tables).tax


def test_deciles_split_the_weight_in_tenths():
    income = np.arange(100, 0, -1, dtype=float)      # descending: deciles follow income, not row order
    d = libtax.decile(income)
    assert d[0] == 10 and d[-1] == 1
    assert np.bincount(d)[1:].tolist() == [10] * 10
    weights = np.where(np.arange(100) < 10, 10.0, 0.0)  # the ten richest carry all the weight
    assert set(libtax.decile(income, weights)[:10]) == set(range(1, 11))


def test_totals_are_the_exact_sums_of_the_scalar_taxes():
    df = people()
    result = libtax.annual_tax_frame(df, 2024)
    table = libtax.distribution(result, weights="weight")
    exact = sum(scalar_tax(row) * int(row.weight) for row in df.itertuples())
    assert Decimal(repr(table.loc["all", "tax_total"])).quantize(Decimal("0.01")) == exact
    groups = table.drop(index="all")
    assert list(groups.index) == list(range(1, 11))
    assert groups.tax_total.sum() == pytest.approx(table.loc["all", "tax_total"], abs=0.005)
    assert table.loc["all", "people"] == df.weight.sum() and table.loc["all", "records"] == len(df)
    assert groups.tax_share.sum() == pytest.approx(1.0)
    assert (groups.income_mean.diff().dropna() > 0).all()   # deciles of income rise
    assert table.loc["all", "effective_rate"] == pytest.approx(
        float(exact) / float((df.wages + df.labour).mul(df.weight).sum()))


def test_a_whole_weight_counts_like_repeated_rows():
    df = people(120)
    once = libtax.distribution(libtax.annual_tax_frame(df, 2024), by="identity", weights="weight")
    repeated = df.loc[df.index.repeat(df.weight)].reset_index(drop=True)
    again = libtax.distribution(libtax.annual_tax_frame(repeated, 2024), by="identity")
    pd.testing.assert_frame_equal(once.drop(columns="records"), again.drop(columns="records"), check_dtype=False)
    assert once.loc["all", "records"] == len(df) and again.loc["all", "records"] == df.weight.sum()


def test_reliefs_are_netted_per_person_with_the_largest_regime():
    df = people(200)
    result = libtax.annual_tax_frame(df, 2024, regimes=["gba", "hainan"])
    best = np.maximum(result.relief_gba, result.relief_hainan)
    assert np.array_equal(libtax.net_tax(result), np.round(result.tax - best, 2))
    table = libtax.distribution(result, by=None)
    assert table.loc["all", "relief_total"] == pytest.approx(best.sum(), abs=0.005)
    assert table.loc["all", "net_tax_total"] == pytest.approx((result.tax - best).sum(), abs=0.005)


def test_winners_and_losers_of_a_higher_basic_deduction():
    df = people()
    reform_tables = libtax.what_if(basic_deduction__annual=72000, basic_deduction__monthly=6000, years=2024)
    base = libtax.annual_tax_frame(df, 2024)
    reform = libtax.annual_tax_frame(df, 2024, tables=reform_tables)
    table = libtax.winners_losers(base, reform, weights="weight")
    everyone = table.loc["all"]
    assert everyone.losers == 0                                  # more deduction never costs anyone
    assert everyone.winners == df.weight[base.tax > 0].sum()     # everyone who paid tax pays less
    exact = sum((scalar_tax(row, tables=reform_tables) - scalar_tax(row)) * int(row.weight) for row in df.itertuples())
    assert Decimal(repr(everyone.change_total)).quantize(Decimal("0.01")) == exact
    assert everyone.gain_total == -everyone.change_total
    # one compare() frame gives the same table
    same = libtax.winners_losers(libtax.compare(df, 2024, reform=reform_tables), weights="weight")
    pd.testing.assert_frame_equal(table, same)


def test_the_beijing_20_percent_what_if_makes_losers_among_the_relieved():
    df = people(300).assign(wages=lambda d: d.wages * 4, identity="foreign", talent_recognised=True)
    beijing_20 = libtax.what_if(overlay={"regimes/beijing-two-zones.yaml": {"versions": {0: {"rate": 0.20}}}})
    base = libtax.annual_tax_frame(df, 2024, regimes=["beijing-two-zones"])
    reform = libtax.annual_tax_frame(df, 2024, regimes=["beijing-two-zones"], tables=beijing_20)
    table = libtax.winners_losers(base, reform)
    relieved = (base["relief_beijing-two-zones"] > 0).sum()
    assert 0 < table.loc["all", "losers"] == relieved
    assert table.loc["all", "winners"] == 0
    assert table.loc["all", "loss_total"] == pytest.approx(
        (base["relief_beijing-two-zones"] - reform["relief_beijing-two-zones"]).sum(), abs=0.005)


def test_bad_weights_and_groups_are_refused_naming_them():
    result = libtax.annual_tax_frame(people(20), 2024)
    with pytest.raises(libtax.InputError, match="no such column"):
        libtax.distribution(result, weights="wieght")
    bad = result.assign(weight=[1.0] * 19 + [-1.0])
    with pytest.raises(libtax.InputError, match="row 19") as e:
        libtax.distribution(bad, weights="weight")
    assert e.value.field == "weight"
    with pytest.raises(libtax.InputError, match="'decile', None or a column"):
        libtax.distribution(result, by="city")
    with pytest.raises(libtax.InputError, match="rows"):
        libtax.winners_losers(result, result.iloc[:5])


def test_charts_display_themselves_and_overlays_get_distinct_labels():
    import matplotlib

    matplotlib.use("Agg")
    df = people(200)
    base = libtax.annual_tax_frame(df, 2024)
    reform_tables = libtax.what_if(basic_deduction__annual=72000, basic_deduction__monthly=6000, years=2024)
    reform = libtax.annual_tax_frame(df, 2024, tables=reform_tables)
    for fig in (libtax.plot_distribution(libtax.distribution(base)),
                libtax.plot_winners_losers(libtax.winners_losers(base, reform))):
        png = fig._repr_png_()                               # what Jupyter shows at the end of a cell
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    fig = libtax.plot_rates(2024, points=101)
    libtax.plot_rates(2024, points=101, tables=reform_tables, label="deduction 72,000", ax=fig.axes[0])
    labels = [line.get_label() for line in fig.axes[0].lines]
    assert len(labels) == len(set(labels)) == 4
    assert any("baseline" in x for x in labels) and any("deduction 72,000" in x for x in labels)
    assert fig._repr_png_()[:4] == b"\x89PNG"
