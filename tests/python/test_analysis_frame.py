"""pandas frames, what-if tables, baseline-vs-reform and charts."""
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import libtax


def frame():
    return pd.DataFrame({
        "wages": [0.0, 96000.0, 400000.0, 1_000_000.0, 250000.0],
        "labour": [0.0, 0.0, 50000.0, 0.0, 0.0],
        "social_insurance": [0.0, 0.0, 20000.0, 30000.0, 12000.0],
        "special_additional": [0, 0, 24000, 24000, 0],
        "name": list("abcde"),
    })


def test_frame_adds_tax_taxable_effective_and_marginal_rates():
    df = frame()
    out = libtax.annual_tax_frame(df, 2024, columns={"name": None})  # carried through unread
    assert list(df.columns) == ["wages", "labour", "social_insurance", "special_additional", "name"]  # untouched
    for i, row in df.iterrows():
        r = libtax.annual_tax(2024, wages=row.wages, labour=row.labour, social_insurance=row.social_insurance,
                              special_additional=int(row.special_additional))
        assert out.tax[i] == float(r.tax)
        assert out.taxable_income[i] == float(r.taxable_income)
        gross = row.wages + row.labour
        assert out.effective_rate[i] == (float(r.tax) / gross if gross else 0.0)
    assert out.tax[3] == 224180.0 and out.marginal_rate[3] == 0.35  # the core contract's example
    assert out.marginal_rate.tolist()[:2] == [0.0, 0.03]
    assert out.name.tolist() == list("abcde")


def test_frame_reads_the_year_per_row():
    df = frame().assign(year=[2019, 2024, 2024, 2019, 2027])
    out = libtax.annual_tax_frame(df, columns={"name": None})
    for i, row in df.iterrows():
        assert out.tax[i] == float(libtax.annual_tax(int(row.year), wages=row.wages, labour=row.labour,
                                                     social_insurance=row.social_insurance,
                                                     special_additional=int(row.special_additional)).tax)


def test_what_if_changes_a_value_and_leaves_the_original_alone():
    base = libtax.Tables.builtin()
    reform = libtax.what_if(basic_deduction__annual=72000, basic_deduction__monthly=6000, years=[2024])
    assert libtax.annual_tax(2024, wages=200000, tables=reform).tax == libtax.annual_tax(2024, wages=188000).tax
    assert libtax.annual_tax(2024, wages=200000).tax == libtax.annual_tax(2024, wages=200000, tables=base).tax
    assert libtax.annual_tax(2023, wages=200000, tables=reform).tax == libtax.annual_tax(2023, wages=200000).tax
    # every calculator and the batch accept it
    assert libtax.annual_tax_batch(2024, wages=[200000.0], tables=reform)[0] == float(
        libtax.annual_tax(2024, wages=188000).tax)
    assert "basic_deduction:\n  source:" in base.documents()["tables/cn/2024.yaml"]


def test_what_if_overlay_yaml_deep_merges_and_revalidates():
    overlay = """
cn/2024.yaml:
  basic_deduction: {annual: 72000, monthly: 6000}
  income_amount: {labour: 0.9}
"""
    reform = libtax.what_if(overlay=overlay)
    r = libtax.annual_tax(2024, wages=100000, labour=10000, tables=reform)
    assert r.taxable_income == libtax.annual_tax(2024, wages=100000 + 9000 - 12000).taxable_income
    with pytest.raises(libtax.TableError) as e:  # the same loader, the same clear errors
        libtax.what_if(overlay={"cn/2024.yaml": {"basic_deduction": {"annual": "lots"}}})
    assert "2024.yaml" in str(e.value) and "basic_deduction" in str(e.value)
    with pytest.raises(libtax.TableError):
        libtax.what_if(overlay={"cn/2024.yaml": {"basic_deduction": {"weekly": 1000}}})  # unknown key
    with pytest.raises(libtax.InputError):
        libtax.what_if(no_such__path=1)
    with pytest.raises(libtax.InputError):
        libtax.what_if(overlay={"cn/1999.yaml.txt": {}})


def test_what_if_decimal_values_stay_exact():
    from decimal import Decimal

    # annual = 12 x monthly (a rule the loader checks): 12 x 5,000.01 = 60,000.12
    reform = libtax.what_if(basic_deduction__annual=Decimal("60000.12"), basic_deduction__monthly=Decimal("5000.01"), years=2024)
    assert libtax.annual_tax(2024, wages=60000.13, tables=reform).taxable_income == Decimal("0.01")


def test_compare_baseline_and_reform_in_one_call():
    reform = libtax.what_if(basic_deduction__annual=72000, basic_deduction__monthly=6000, years=2024)
    out = libtax.compare(frame(), 2024, reform=reform, columns={"name": None})
    assert {"tax_baseline", "tax_reform", "tax_change"} <= set(out.columns)
    assert (out.tax_change <= 0).all()
    # 96,000 wages: taxable 36,000 -> 24,000; 3% of 12,000 less
    assert out.tax_change[1] == -360.0


def test_charts_return_figures(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    fig = libtax.plot_rates(2024, income=(0, 1_500_000), points=301)
    assert type(fig).__name__ == "Figure"
    ax = fig.axes[0]
    assert len(ax.lines) >= 2
    eff = ax.lines[1].get_ydata()
    assert np.all(np.diff(eff[1:]) >= -1e-9)  # the effective rate never falls as wages rise
    assert max(eff) < 45


@pytest.mark.parametrize("regime", libtax.regimes())
def test_talent_relief_batch_equals_the_scalar_relief_on_every_row(regime):
    # Every column the batch takes, every row compared (the batch's integer path and its
    # general path, ReliefRows in libtax/regimes/relief.hpp), fx_rate for the foreign-burden regimes.
    rng = np.random.default_rng(23)
    n = 1500
    wages = np.round(rng.lognormal(np.log(500_000), 1.2, n), 2)
    cols = dict(wages=wages,
                labour=np.round(np.where(rng.random(n) < 0.3, rng.uniform(0, 300_000, n), 0.0), 2),
                author=np.round(np.where(rng.random(n) < 0.2, rng.uniform(0, 100_000, n), 0.0), 2),
                royalties=np.round(np.where(rng.random(n) < 0.2, rng.uniform(0, 100_000, n), 0.0), 2),
                social_insurance=np.round(np.minimum(wages, 400_000) * 0.105, 2),
                special_additional=np.round(rng.choice([0.0, 12_000.0, 36_000.0], n), 2),
                other_deductions=np.round(rng.choice([0.0, 2_400.0, 12_000.0], n), 2),
                business_taxable_income=np.round(np.where(rng.random(n) < 0.2, rng.uniform(0, 2_000_000, n), 0.0), 2),
                talent_subsidy=np.round(np.where(rng.random(n) < 0.1, rng.uniform(0, 300_000, n), 0.0), 2))
    ids = rng.choice(["foreign", "hk", "macao", "taiwan", "mainland"], n)
    recognised = rng.random(n) < 0.8
    days = rng.integers(0, 367, n)
    for year in (2019, 2024, 2026):
        relief = libtax.talent_relief_batch(regime, year, identity=ids, talent_recognised=recognised, days_in_zone=days,
                                            fx_rate="1.09", threads=1, **cols)
        for i in range(n):
            r = libtax.talent_relief(regime, year, identity=str(ids[i]), talent_recognised=bool(recognised[i]),
                                     days_in_zone=int(days[i]), fx_rate="1.09",
                                     **{k: float(v[i]) for k, v in cols.items()})
            assert relief[i] == float(r.amount), (regime, year, i)


@pytest.mark.parametrize("regime", ["gba", "hainan", "beijing-two-zones"])
def test_talent_relief_batch_equals_the_scalar_relief(regime):
    rng = np.random.default_rng(11)
    n = 3000
    wages = np.round(rng.lognormal(np.log(600_000), 0.9, n), 2)
    labour = np.where(rng.random(n) < 0.2, rng.uniform(0, 200_000, n), 0.0)
    si = np.round(np.minimum(wages, 400_000) * 0.105, 2)
    ids = rng.choice(["foreign", "hk", "macao", "taiwan", "mainland"], n)
    recognised = rng.random(n) < 0.8
    days = rng.integers(0, 366, n)
    relief = libtax.talent_relief_batch(regime, 2024, identity=ids, wages=wages, labour=labour, social_insurance=si,
                                        talent_recognised=recognised, days_in_zone=days, threads=2)
    for i in range(0, n, 15):
        r = libtax.talent_relief(regime, 2024, identity=str(ids[i]), wages=float(wages[i]), labour=float(labour[i]),
                                 social_insurance=float(si[i]), talent_recognised=bool(recognised[i]),
                                 days_in_zone=int(days[i]))
        assert relief[i] == float(r.amount), (i, ids[i], wages[i])
    assert (relief > 0).any()


def test_frame_with_regimes_and_bad_relief_rows():
    df = frame().assign(identity=["foreign", "hk", "foreign", "taiwan", "mainland"], talent_recognised=True)
    out = libtax.annual_tax_frame(df, 2024, regimes=["gba"], columns={"name": None})
    assert out.relief_gba[3] == float(libtax.talent_relief("gba", 2024, identity="taiwan", wages=1_000_000,
                                                            social_insurance=30000, special_additional=24000,
                                                            talent_recognised=True).amount) > 0
    assert out.relief_gba[4] == 0.0  # a mainland resident is not overseas talent
    with pytest.raises(libtax.InputError, match="row 1"):
        libtax.talent_relief_batch("gba", 2024, identity=["foreign", "martian"], wages=[1.0, 2.0])
    with pytest.raises(libtax.InputError) as e:
        libtax.talent_relief_batch("gba", 2024, identity="foreign", wages=[1.0, -2.0])
    assert e.value.field == "wages" and "row 1" in str(e.value)
    with pytest.raises(libtax.InputError):
        libtax.talent_relief_batch("atlantis", 2024, identity="foreign", wages=[1.0])


def test_break_even_of_a_15_percent_regime():
    # domain notes 0.2 [H8]: 0.25 TI - 31,920 = 0.15 TI gives TI = 319,200 for residents
    even = libtax.relief_break_even("hainan", 2024, social_insurance=40000, days_in_zone=365)
    taxable = libtax.annual_tax(2024, wages=even, social_insurance=40000).taxable_income
    assert 319200 <= taxable < 319201
    below = libtax.talent_relief("hainan", 2024, identity="foreign", wages=even - Decimal("0.01"),
                                 social_insurance=40000, days_in_zone=365, talent_recognised=True)
    assert below.amount == 0


def test_beijing_what_if_with_a_20_percent_threshold():
    beijing_20 = libtax.what_if(overlay={"regimes/beijing-two-zones.yaml": {"versions": {0: {"rate": 0.20}}}})
    at_15 = libtax.talent_relief("beijing-two-zones", 2024, identity="foreign", wages=2_000_000, talent_recognised=True)
    at_20 = libtax.talent_relief("beijing-two-zones", 2024, identity="foreign", wages=2_000_000, talent_recognised=True,
                                 tables=beijing_20)
    assert at_20.amount < at_15.amount
    taxable = libtax.annual_tax(2024, wages=2_000_000).taxable_income
    assert at_15.amount - at_20.amount == (taxable * Decimal("0.05")).quantize(Decimal("0.01"))


# ---- strict columns: the scalar boundary's rules for every column of a frame or batch ----------

def test_an_unknown_or_misnamed_column_is_refused_naming_the_closest_known_name():
    df = pd.DataFrame({"salary": [100_000.0, 200_000.0]})
    with pytest.raises(libtax.InputError, match=r"salary = column: unknown column \(closest known name: 'wages'\)") as e:
        libtax.annual_tax_frame(df, 2024)
    assert e.value.field == "salary"
    with pytest.raises(libtax.InputError, match="closest known name: 'wages'"):
        libtax.annual_tax_frame(pd.DataFrame({"wage": [1.0]}), 2024)
    with pytest.raises(libtax.InputError, match="closest known name: 'special_additional'"):
        libtax.annual_tax_frame(pd.DataFrame({"wages": [1.0], "special_aditional": [1.0]}), 2024)
    with pytest.raises(libtax.InputError, match="business_taxable_income = column: read only with regimes="):
        libtax.annual_tax_frame(pd.DataFrame({"wages": [1.0], "business_taxable_income": [1.0]}), 2024)
    with pytest.raises(libtax.InputError, match="bonus"):
        libtax.annual_tax_frame(pd.DataFrame({"wages": [1.0], "bonus": [1.0]}), 2024)
    # a mapping reads it under the right name; None carries a column through unread
    out = libtax.annual_tax_frame(df.assign(id=["a", "b"]), 2024, columns={"salary": "wages", "id": None})
    assert out.tax.tolist() == [float(libtax.annual_tax(2024, wages=w).tax) for w in (100_000, 200_000)]
    assert list(out.columns[:2]) == ["salary", "id"]
    with pytest.raises(libtax.InputError, match="columns"):
        libtax.annual_tax_frame(df, 2024, columns={"salary": "wagez"})


def test_frames_keep_their_index_and_errors_name_the_row_label():
    df = pd.DataFrame({"wages": [100_000.0, 250_000.0, 1e6]}, index=["ann", "bob", "cy"])
    out = libtax.annual_tax_frame(df, 2024)
    assert list(out.index) == ["ann", "bob", "cy"]
    assert out.loc["cy", "tax"] == float(libtax.annual_tax(2024, wages=1e6).tax)
    bad = df.assign(wages=[100_000.0, np.nan, 1e6])
    with pytest.raises(libtax.InputError, match=r"wages = nan: row 'bob': not a finite amount") as e:
        libtax.annual_tax_frame(bad, 2024)
    assert e.value.row == "bob"


def test_coerce_gives_nan_rows_and_a_report_instead_of_aborting():
    df = pd.DataFrame({"wages": [100_000.0, np.nan, 1e6, -5.0],
                       "special_additional": pd.array([0, 0, pd.NA, 0], dtype="Int64")}, index=[10, 20, 30, 40])
    out = libtax.annual_tax_frame(df, 2024, errors="coerce")
    assert out.tax.loc[10] == float(libtax.annual_tax(2024, wages=100_000).tax)
    assert out.tax.loc[[20, 30, 40]].isna().all()
    report = out.attrs["libtax_report"]
    assert report.rows == [20, 30, 40]
    assert [(p.row, p.column) for p in report] == [(20, "wages"), (30, "special_additional"), (40, "wages")]
    assert "NA" in report[1].reason and "negative" in report[2].reason
    with pytest.raises(libtax.InputError, match=r"special_additional = <NA>: row 30: masked or missing"):
        libtax.annual_tax_frame(df.assign(wages=1.0), 2024)
    tax, rep = libtax.annual_tax_batch(2024, wages=np.array([1e5, np.inf]), errors="coerce")
    assert tax[0] == float(libtax.annual_tax(2024, wages=1e5).tax) and np.isnan(tax[1]) and rep.rows == [1]
    with pytest.raises(libtax.InputError, match="errors"):
        libtax.annual_tax_batch(2024, wages=[1.0], errors="ignore")


def test_masked_entries_bools_and_full_width_digits_are_refused():
    masked = np.ma.masked_array([1e6, 5e6], mask=[False, True])
    with pytest.raises(libtax.InputError, match=r"wages = .*row 1: masked"):
        libtax.annual_tax_batch(2024, wages=masked)
    tax, rep = libtax.annual_tax_batch(2024, wages=masked, errors="coerce")
    assert tax[0] == float(libtax.annual_tax(2024, wages=1e6).tax) and np.isnan(tax[1])
    for bad in (np.bool_(True), True, "\uff11\uff12\uff13"):
        with pytest.raises(libtax.InputError, match="row 0"):
            libtax.annual_tax_batch(2024, wages=np.array([bad], dtype=object))
    with pytest.raises(libtax.InputError, match="not a bool"):
        libtax.annual_tax(2024, wages=np.bool_(True))  # the scalar boundary refuses it too


@pytest.mark.parametrize("flag", ["False", "no", "0", float("nan"), 0, None])
def test_a_flag_column_takes_booleans_only(flag):
    kw = dict(identity="foreign", city="shenzhen", wages=[1e6], social_insurance=[3e4], days_in_zone=200)
    with pytest.raises(libtax.InputError, match="talent_recognised"):
        libtax.talent_relief_batch("gba", 2024, talent_recognised=[flag], **kw)
    assert libtax.talent_relief_batch("gba", 2024, talent_recognised=[False], **kw)[0] == 0.0
    assert libtax.talent_relief_batch("gba", 2024, talent_recognised=np.array([True]), **kw)[0] == float(
        libtax.talent_relief("gba", 2024, identity="foreign", city="shenzhen", wages=1e6, social_insurance=3e4,
                             talent_recognised=True, days_in_zone=200).amount)


@pytest.mark.parametrize("days", [182.99, 183.0, "183", "\uff11\uff18\uff13", True, -1, 400])
def test_day_counts_must_be_whole_numbers(days):
    with pytest.raises(libtax.InputError, match="days_in_zone"):
        libtax.talent_relief_batch("gba", 2024, identity="foreign", wages=[1e6], talent_recognised=True,
                                   days_in_zone=[days])
