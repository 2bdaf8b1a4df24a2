"""Hong Kong / Macao projection: for a tax year with no published Hong Kong or Macao table, the
burden regimes raise a CoverageError naming the missing table, unless projection=True carries the
latest table forward, labelled a projection (not law) in every explanation."""
from decimal import Decimal as D

import pytest

import libtax

HK = dict(identity="hk", wages=1_000_000, fx_rate="1.08", talent_recognised=True, days_in_zone=250)
MO = dict(identity="macao", wages=1_000_000, fx_rate="1.11", talent_recognised=True, days_in_zone=250)


@pytest.mark.parametrize("regime, kw, field", [("qianhai", HK, "hong_kong_year_of_assessment"),
                                               ("hengqin-macao", MO, "macao_year")])
def test_without_projection_the_missing_table_is_named(regime, kw, field):
    with pytest.raises(libtax.CoverageError) as e:
        libtax.talent_relief(regime, 2027, **kw)
    assert e.value.field == field
    assert "2027" in e.value.value


@pytest.mark.parametrize("regime, kw, used", [("qianhai", HK, "2026/27"), ("hetao", HK, "2026/27"), ("hengqin-macao", MO, "2026")])
def test_projection_carries_the_latest_table_forward(regime, kw, used):
    projected = libtax.talent_relief(regime, 2027, projection=True, **kw)
    assert projected.projected and projected.unconfirmed
    # tax year 2026 reads the same Hong Kong / Macao table, and the 2027 Mainland table states no change
    # to these figures: the projection of 2027 equals 2026
    same_table = libtax.talent_relief(regime, 2026, **kw)
    assert not same_table.projected
    assert projected.amount == same_table.amount > 0
    assert "PROJECTION, not law" in projected.explain(lang="en") and used in projected.explain(lang="en")
    assert "推算，并非法律" in projected.explain(lang="zh")
    # a year with its own table is never a projection, projection=True or not
    assert not libtax.talent_relief(regime, 2026, projection=True, **kw).projected


def test_projection_is_for_the_burden_regimes():
    with pytest.raises(libtax.InputError, match="projection"):
        libtax.talent_relief("hainan", 2027, projection=True, identity="foreign", wages=1_000_000, talent_recognised=True,
                             days_in_zone=200, actual_days=200)


def test_compare_regimes_projection():
    plain = {r.regime: r for r in libtax.compare_regimes(2027, **HK)}
    assert not plain["qianhai"].computed and "hong_kong_year_of_assessment" in plain["qianhai"].not_computed_why
    res = libtax.compare_regimes(2027, projection=True, **HK)
    items = {r.regime: r for r in res}
    assert items["qianhai"].computed and items["qianhai"].projected
    assert items["qianhai"].amount == libtax.talent_relief("qianhai", 2027, projection=True, **HK).amount
    assert not items["gba"].projected
    assert "PROJECTION, not law" in res.explain(lang="en")
    assert "PROJECTION, not law" in items["qianhai"].explain(lang="en")
