"""Properties of the law checked over generated inputs (hypothesis), through the Python API.

Deterministic by default (derandomize) so CI is reproducible; HYPOTHESIS_PROFILE=long explores
at random with many more examples (README "Hardening").
"""
import concurrent.futures
import os
from decimal import Decimal as D

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import libtax

settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

YEARS = st.integers(min_value=2019, max_value=2027)
# fen up to 10^12 yuan, biased towards the brackets by mixing magnitudes
FEN = st.one_of(st.integers(0, 10_000_000), st.integers(0, 200_000_000), st.integers(0, 10**14))


def yuan(fen):
    return D(fen) / 100


def top_rate(year):
    """The top statutory rate of the annual comprehensive schedule, read from the table itself."""
    docs = libtax.Tables.builtin().documents()
    table = yaml.safe_load(docs[f"tables/cn/{year}.yaml"])
    while "comprehensive_annual" not in table.get("schedules", {}):  # a year that extends another states only changes
        table = yaml.safe_load(docs[f"tables/cn/{table['extends']}.yaml"])
    brackets = table["schedules"]["comprehensive_annual"]["brackets"]
    return D(str(brackets[-1]["rate"]))


def test_top_rate_is_read_from_the_tables():
    assert {top_rate(y) for y in range(2019, 2028)} == {D("0.45")}  # IIT Law Annex Table 1


@given(YEARS, FEN, FEN)
def test_more_wages_never_less_tax(year, a, d):
    lo = libtax.annual_tax(year, wages=yuan(a))
    hi = libtax.annual_tax(year, wages=yuan(a + d))
    assert hi.tax >= lo.tax
    # marginal rate: at most the top rate, give or take one fen of rounding
    assert hi.tax - lo.tax <= yuan(d) * top_rate(year) + D("0.01")


@given(YEARS, FEN, FEN, FEN, FEN)
def test_never_negative_and_average_rate_below_top(year, wages, labour, social, special):
    r = libtax.annual_tax(year, wages=yuan(wages), labour=yuan(labour), social_insurance=yuan(social),
                          special_additional=yuan(special))
    assert r.taxable_income >= 0 and r.tax >= 0
    assert r.tax <= r.taxable_income * top_rate(year) + D("0.01")
    assert r.rate <= top_rate(year)


@given(YEARS, FEN, FEN)
def test_more_deductions_never_more_tax(year, wages, extra):
    base = libtax.annual_tax(year, wages=yuan(wages))
    assert libtax.annual_tax(year, wages=yuan(wages), other_deductions=yuan(extra)).tax <= base.tax


@given(YEARS, FEN, FEN)
def test_prepayment_and_business_monotonic_and_non_negative(year, a, d):
    for f in (libtax.labour_withholding, libtax.author_withholding, libtax.royalty_withholding, libtax.business_tax):
        lo, hi = f(year, yuan(a)), f(year, yuan(a + d))
        assert D(0) <= lo <= hi


@given(YEARS, st.integers(0, 10**9))
def test_every_amount_type_gives_the_same_tax(year, fen):
    text = f"{fen // 100}.{fen % 100:02d}"
    ref = libtax.annual_tax(year, wages=text).tax
    assert libtax.annual_tax(year, wages=D(text)).tax == ref
    if fen % 100 == 0:
        assert libtax.annual_tax(year, wages=fen // 100).tax == ref


@given(YEARS, st.integers(0, 20_000_000), st.integers(0, 2_000_000))
def test_constant_monthly_pay_withholding_sums_to_the_annual_tax(year, wage_fen, social_fen):
    month = {"wage": yuan(wage_fen), "social_insurance": yuan(social_fen)}
    withheld = libtax.withhold_wages(year, [month] * 12)
    annual = libtax.annual_tax(year, wages=yuan(12 * wage_fen), social_insurance=yuan(12 * social_fen))
    assert sum(withheld) == annual.tax
    assert all(w >= 0 for w in withheld)


def test_money_is_exact_to_10_12_yuan_and_errors_beyond_10_15():
    assert libtax.annual_tax(2024, wages=10**12).tax == D("449999791080.00")
    assert libtax.annual_tax(2024, wages="1000000000000.01").taxable_income == D("999999940000.01")
    assert libtax.annual_tax(2024, wages=10**15).tax == D("449999999791080.00")
    with pytest.raises(libtax.RangeError) as e:
        libtax.annual_tax(2024, wages="1000000000000000.01")
    assert e.value.field == "wages" and "1000000000000000.01" in str(e.value)
    with pytest.raises(libtax.RangeError):  # the tax itself beyond 10^15 yuan
        libtax.annual_tax(2024, wages=10**15, labour=10**15, author=10**15, royalties=10**15)


def test_results_identical_across_threads_and_runs():
    cases = [(2019 + i % 9, 1000 * i * i + 7 * i) for i in range(300)]

    def run(case):
        year, wages = case
        r = libtax.annual_tax(year, wages=wages, labour=wages // 3)
        return (r.tax, r.taxable_income, r.explain(), libtax.bonus_tax(year, wages // 2))

    sequential = [run(c) for c in cases]
    assert [run(c) for c in cases] == sequential
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            assert list(pool.map(run, cases)) == sequential


@settings(max_examples=40)
@given(st.integers(2019, 2027), st.sampled_from(["foreign", "hk", "macao", "taiwan", "mainland"]), FEN, FEN,
       st.integers(0, 366))
def test_relief_never_negative_and_never_above_the_tax(year, identity, wages, labour, days):
    reliefs = libtax.compare_regimes(year, identity=identity, wages=yuan(wages), labour=yuan(labour),
                                     days_in_zone=days, talent_recognised=True, include_ineligible=True)
    for r in reliefs:
        if not r.computed:
            continue
        assert r.amount >= 0, (r.regime, r.amount)
        assert r.amount <= r.tax, (r.regime, r.amount, r.tax)
        if not r.eligible:
            assert r.amount == 0, (r.regime, r.amount)
