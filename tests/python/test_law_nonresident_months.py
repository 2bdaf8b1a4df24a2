"""Non-residents month by month in the regimes: talent_relief(..., resident=False, months=[...])
taxes each month's China-sourced wages on the monthly table (IIT Law art. 6(1)(2)) and relieves the
actual figures (Hainan formula 3 of Qiong Cai Shui [2020] 1019 on the year's figures; the reading is
UNCONFIRMED and the explanation gives the other one). Figures worked by hand in tests/cases/regimes.yaml."""
from decimal import Decimal as D

import pytest

import libtax

KW = dict(identity="foreign", resident=False, talent_recognised=True, social_insurance_exempt=True, contract_years=1)
UNEVEN = [{"wage": 20_000}] * 5 + [{"wage": 200_000}]


def test_uneven_months_differ_from_the_equal_months_shortcut():
    equal = libtax.talent_relief("hainan", 2021, wages=300_000, wage_months=6, **KW)
    assert equal.amount == D("14040.00")
    r = libtax.talent_relief("hainan", 2021, months=UNEVEN, **KW)
    # 5 x 1,590.00 + 72,590.00 = 80,540.00 against 15% x (5 x 15,000 + 195,000) = 40,500.00
    assert r.tax == D("80540.00")
    assert r.amount == D("40040.00") != equal.amount
    text = r.explain(lang="en")
    assert "month 6" in text and "43340.00" in text and "UNCONFIRMED" in text
    assert "43340.00" in r.explain(lang="zh")


def test_equal_months_given_one_by_one_equal_the_shortcut():
    r = libtax.talent_relief("hainan", 2021, months=[{"wage": 50_000}] * 6, **KW)
    assert r.amount == D("14040.00")


def test_zone_wage_defaults_to_wage_and_prorates_its_month():
    months = UNEVEN[:5] + [{"wage": 200_000, "zone_wage": 100_000}]
    assert libtax.talent_relief("hainan", 2021, months=months, **KW).amount == D("18370.00")
    same = [{"wage": 20_000, "zone_wage": None}] * 5 + [{"wage": 200_000, "zone_wage": 200_000}]
    assert libtax.talent_relief("hainan", 2021, months=same, **KW).amount == D("40040.00")


def test_wages_if_given_must_be_the_sum():
    assert libtax.talent_relief("hainan", 2021, months=UNEVEN, wages=300_000, **KW).amount == D("40040.00")
    with pytest.raises(libtax.InputError, match="wages"):
        libtax.talent_relief("hainan", 2021, months=UNEVEN, wages=300_001, **KW)


@pytest.mark.parametrize("months, field", [
    ([{"wage": -1}], "months[1].wage"),
    ([{"wage": 10, "zone_wage": 11}], "months[1].zone_wage"),
    ([{"zone_wage": 1}], "months[1].wage"),
    ([{"wage": 1, "zone": 1}], "months[1].zone"),
    ([{"wage": 1}] * 13, "months"),
    ("20000", "months"),
    ([20000], "months[1]"),
])
def test_bad_months_are_refused_naming_the_month(months, field):
    with pytest.raises(libtax.InputError) as e:
        libtax.talent_relief("hainan", 2021, months=months, **KW)
    assert e.value.field == field


def test_months_are_for_non_residents_and_not_with_wage_months():
    with pytest.raises(libtax.InputError, match="non-residents"):
        libtax.talent_relief("hainan", 2021, months=UNEVEN, **{**KW, "resident": True})
    with pytest.raises(libtax.InputError, match="wage_months"):
        libtax.talent_relief("hainan", 2021, months=UNEVEN, wage_months=6, **KW)


@pytest.mark.parametrize("regime", ["hainan", "gba", "hengqin", "pingtan"])
def test_every_regime_takes_the_months(regime):
    kw = dict(KW, identity="taiwan" if regime == "pingtan" else "foreign", days_in_zone=200, actual_days=200,
              city="shenzhen" if regime == "gba" else None, encouraged_industry=True if regime == "hengqin" else None)
    by_month = libtax.talent_relief(regime, 2024, months=UNEVEN, **kw)
    assert by_month.eligible, by_month.reasons
    assert by_month.tax == D("80540.00")


def test_compare_regimes_takes_the_months():
    res = libtax.compare_regimes(2021, months=UNEVEN, place="hainan", **KW)
    assert res.best.regime == "hainan" and res.best.amount == D("40040.00")
    assert res.best.tax_after_relief == D("80540.00") - D("40040.00")
