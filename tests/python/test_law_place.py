"""Place of work in compare_regimes: a regime relieves only work in its area (tables/regimes/*.yaml
`places` and `zones`; a zone implies its city). Also: the Hainan 2025 special-industry list
(航空航天 = aviation and aerospace) and the kind of an exemption regime outside its period."""
from decimal import Decimal as D

import pytest

import libtax

PERSON = dict(identity="hk", wages=1_000_000, talent_recognised=True, days_in_zone=250, fx_rate=1,
              social_insurance_months=12, contract_years=3, encouraged_industry=True)


def _by_regime(place, year=2024, **more):
    res = libtax.compare_regimes(year, place=place, include_ineligible=True, **{**PERSON, **more})
    return {r.regime: r for r in res}


def test_someone_working_in_shenzhen_cannot_claim_hainan_or_lingang():
    res = _by_regime("shenzhen")
    for other in ("hainan", "lingang", "hengqin", "nansha-hk", "qianhai", "hetao", "pingtan"):
        assert not res[other].eligible and res[other].code == "area.outside", other
        assert any("shenzhen" in why for why in res[other].reasons)
    assert res["gba"].eligible and res["gba"].amount == D("102080.00")
    best = libtax.compare_regimes(2024, place="shenzhen", **PERSON)
    assert best[0].best and best[0].regime == "gba"


def test_a_zone_implies_its_city():
    res = _by_regime("qianhai")
    assert res["qianhai"].eligible and res["gba"].eligible  # Qianhai lies in Shenzhen, a GBA city
    assert res["qianhai"].amount == D("113520.00")
    assert not res["hetao"].eligible and res["hetao"].code == "area.outside"
    res = _by_regime("hengqin")
    assert res["gba"].code != "area.outside" and res["hengqin"].code != "area.outside"
    assert res["nansha-hk"].code == "area.outside"


def test_a_city_does_not_imply_its_zones():
    res = _by_regime("shanghai")
    assert res["lingang"].code == "area.outside"  # the rest of Shanghai is not Lin-gang
    res = _by_regime("lingang")
    assert res["lingang"].code != "area.outside" and res["gba"].code == "area.outside"


def test_hainan_by_city_or_zone():
    for place in ("haikou", "hainan"):
        res = _by_regime(place, identity="foreign")
        assert res["hainan"].eligible, place
        assert res["gba"].code == "area.outside"


def test_an_unknown_place_is_refused_naming_it():
    with pytest.raises(libtax.InputError) as e:
        libtax.compare_regimes(2024, place="atlantis", **PERSON)
    assert e.value.field == "place" and "atlantis" in str(e.value) and "shenzhen" in str(e.value)
    with pytest.raises(libtax.InputError):
        libtax.compare_regimes(2024, place=7, **PERSON)


def test_without_a_place_nothing_changes():
    res = {r.regime: r for r in libtax.compare_regimes(2024, include_ineligible=True, **PERSON)}
    assert all(r.code != "area.outside" for r in res.values())


def test_hainan_2025_special_industry_aviation():
    # the 2025 list reads 航空航天: aviation as well as aerospace
    for industry in ("aviation", "aerospace", "shipping"):
        r = libtax.talent_relief("hainan", 2025, identity="foreign", wages=1_000_000, days_in_zone=100,
                                 special_industry=industry, social_insurance_months=6, contract_years=1,
                                 talent_recognised=True)
        assert r.eligible, industry
    r = libtax.talent_relief("hainan", 2025, identity="foreign", wages=1_000_000, days_in_zone=100,
                             special_industry="banking", social_insurance_months=6, contract_years=1,
                             talent_recognised=True)
    assert not r.eligible


def test_an_exemption_regime_outside_its_period_is_still_an_exemption():
    r = libtax.talent_relief("hainan", 2019, identity="foreign", wages=1_000_000, days_in_zone=300,
                             talent_recognised=True)
    assert not r.eligible and r.code == "period.outside" and r.kind == "exemption"
    r = libtax.talent_relief("gba", 2019, identity="foreign", wages=1_000_000, days_in_zone=300,
                             talent_recognised=True, city="guangzhou")
    assert r.kind == "subsidy"
