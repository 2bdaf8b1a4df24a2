"""Properties of the cumulative method (hypothesis): constant monthly inputs withhold exactly the
annual tax over twelve months; withholding is never negative; a joiner's months add up to the tax
on the months' cumulative taxable income."""
from decimal import Decimal

from hypothesis import given, settings, strategies as st

import libtax

fen = st.integers(min_value=0, max_value=20_000_000).map(lambda f: Decimal(f).scaleb(-2))


@settings(max_examples=60, deadline=None)
@given(wage=fen, social=st.integers(0, 600_000).map(lambda f: Decimal(f).scaleb(-2)),
       sad=st.sampled_from([0, 1000, 2000, 4500, 6500]), year=st.integers(2019, 2027))
def test_constant_months_add_up_to_annual_tax(wage, social, sad, year):
    months = [dict(wage=wage, social_insurance=social, special_additional=sad)] * 12
    got = libtax.withhold_wages(year, months)
    annual = libtax.annual_tax(year, wages=wage * 12, social_insurance=social * 12, special_additional=sad * 12)
    assert sum(got) == annual.tax
    assert all(x >= 0 for x in got)


@settings(max_examples=50, deadline=None)
@given(wages=st.lists(fen, min_size=1, max_size=12))
def test_varying_months_never_negative_and_total_is_last_cumulative_tax_at_least(wages):
    run = libtax.withholding_run(2024, [{"wage": w} for w in wages])
    assert all(m.withheld >= 0 for m in run.months)
    # what was withheld never falls short of the final cumulative tax
    assert run.total >= run.months[-1].cumulative_tax


@settings(max_examples=60, deadline=None)
@given(first=st.integers(1, 12), wage=fen)
def test_joiner_withholds_tax_on_months_taxable(first, wage):
    n = 13 - first
    got = libtax.withhold_wages(2024, [{"wage": wage}] * n, first_month=first)
    # the same cumulative figures as an annual calculation on n months with n x 5,000 deducted
    taxable = max(wage * n - 5000 * n, Decimal(0))
    expected = libtax.annual_tax(2024, wages=taxable + 60000).tax
    assert sum(got) == expected


@settings(max_examples=40, deadline=None)
@given(wage=fen, social=st.integers(0, 600_000).map(lambda f: Decimal(f).scaleb(-2)),
       late_sad=st.sampled_from([0, 12000, 24000, 36000]), year=st.integers(2019, 2027))
def test_reconciliation_settles_a_run_and_refunds_late_deductions(wage, social, late_sad, year):
    # one employer all year, constant pay: the run's withholding settles the year exactly; a special
    # additional deduction claimed only at reconciliation can only lower the tax (refund or zero)
    withheld = sum(libtax.withhold_wages(year, [dict(wage=wage, social_insurance=social)] * 12))
    r = libtax.reconcile(year, wages=wage * 12, social_insurance=social * 12, prepaid=withheld)
    assert r.balance == 0 and not r.must_file and not r.exempt_from_paying
    late = libtax.reconcile(year, wages=wage * 12, social_insurance=social * 12, special_additional=late_sad, prepaid=withheld)
    assert late.balance <= 0
    assert late.refund_due == (late.balance < 0)


@settings(max_examples=60, deadline=None)
@given(wages=fen.map(lambda d: d * 2), prepaid=fen, failed=st.booleans())
def test_reconciliation_flags_are_consistent(wages, prepaid, failed):
    r = libtax.reconcile(2024, wages=wages, prepaid=prepaid, agent_failed_to_withhold=failed)
    assert r.balance == r.tax - prepaid
    if r.balance <= 0:
        assert not r.must_file and not r.exempt_from_paying
    else:
        assert r.must_file != r.exempt_from_paying
        small = wages <= 120000 or r.balance <= 400
        assert r.exempt_from_paying == (small and not failed)
