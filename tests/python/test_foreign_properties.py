"""Properties of the 2019 No. 35 sourcing formulas (hypothesis): for the same month,
formula 1 <= formula 2 <= formula 3 <= W, and every result lies between 0 and W."""
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import libtax


@st.composite
def months(draw):
    total = draw(st.integers(min_value=0, max_value=10_000_000))  # fen
    domestic = draw(st.integers(min_value=0, max_value=total))
    cal = draw(st.integers(min_value=1, max_value=31))
    halves = draw(st.integers(min_value=0, max_value=2 * cal))
    return Decimal(total) / 100, Decimal(domestic) / 100, Decimal(halves) / 2, cal


@settings(max_examples=200, deadline=None)
@given(months())
def test_formulas_are_ordered_and_bounded(m):
    total, domestic, china, cal = m
    kw = dict(wage_total=total, wage_domestic=domestic, china_workdays=china, calendar_days=cal)
    f1 = libtax.sourced_wage(2024, residence_days=90, **kw)
    f2 = libtax.sourced_wage(2024, residence_days=91, **kw)
    f3 = libtax.sourced_wage(2024, residence_days=183, **kw)
    world = libtax.sourced_wage(2024, residence_days=183, six_year_chain=True, **kw)
    senior90 = libtax.sourced_wage(2024, residence_days=90, senior_manager=True, **kw)
    assert Decimal(0) <= f1 <= f2 <= f3 <= world == total
    assert f1 <= senior90 == domestic
    assert libtax.sourced_wage(2024, residence_days=182, senior_manager=True, **kw) == f3
    # the non-resident tax never exceeds the sourced income above the deduction
    tax = libtax.nonresident_wage_tax(2024, residence_days=91, **kw)
    assert Decimal(0) <= tax <= max(f2 - 5000, Decimal(0))
