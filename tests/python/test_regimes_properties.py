"""Properties of the talent relief: never negative, never above the tax on the covered
items, zero when not eligible, monotone in the zone's share, and ineligible outside the period."""
from decimal import Decimal

from hypothesis import given, settings, strategies as st

import libtax

IDS = ["gba", "hainan", "hengqin", "hengqin-macao", "nansha-hk", "nansha-macao", "qianhai", "hetao",
       "lingang", "pingtan", "beijing-two-zones"]
amounts = st.integers(min_value=0, max_value=30_000_000)


@settings(max_examples=60, deadline=None)
@given(regime=st.sampled_from(IDS), identity=st.sampled_from(["foreign", "hk", "macao", "taiwan", "mainland"]),
       wages=amounts, business=st.integers(min_value=0, max_value=5_000_000), share=st.integers(min_value=0, max_value=100),
       year=st.integers(min_value=2019, max_value=2025), fx=st.sampled_from(["0.9", "1", "1.0870", "1.13"]))
def test_relief_bounded_by_tax(regime, identity, wages, business, share, year, fx):
    r = libtax.talent_relief(regime, year, identity=identity, wages=wages, zone_wages=wages * share // 100,
                             business_taxable_income=business, days_in_zone=300, talent_recognised=True,
                             encouraged_industry=True, social_insurance_months=12, contract_years=2, fx_rate=fx,
                             city="guangzhou" if regime == "gba" else None)
    assert Decimal(0) <= r.amount <= r.tax
    if not r.eligible:
        assert r.amount == 0 and r.reasons


@settings(max_examples=40, deadline=None)
@given(wages=st.integers(min_value=0, max_value=5_000_000), a=st.integers(0, 100), b=st.integers(0, 100))
def test_more_zone_income_never_less_relief(wages, a, b):
    lo, hi = sorted((a, b))
    kw = dict(identity="foreign", wages=wages, days_in_zone=300, talent_recognised=True)
    r_lo = libtax.talent_relief("hainan", 2024, zone_wages=wages * lo // 100, **kw)
    r_hi = libtax.talent_relief("hainan", 2024, zone_wages=wages * hi // 100, **kw)
    assert r_lo.amount <= r_hi.amount


def test_every_regime_outside_its_period_is_not_eligible_with_reason():
    for rid in IDS:
        first = int(libtax.regime_info(rid)["period"]["from"][:4])
        if first - 1 < 2019:
            continue  # no tax table before 2019
        r = libtax.talent_relief(rid, first - 1, identity="hk", wages=1_000_000, fx_rate=1, talent_recognised=True)
        assert not r.eligible and r.amount == 0
        assert any("outside the regime's period" in s for s in r.reasons)
