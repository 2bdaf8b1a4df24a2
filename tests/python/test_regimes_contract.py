"""The talent-regimes issue's Python contract, exactly as written, with worked examples of
section 8."""
from decimal import Decimal

import pytest

import libtax

D = Decimal
ALL_IDS = ["gba", "hainan", "hengqin", "hengqin-macao", "nansha-hk", "nansha-macao", "qianhai", "hetao",
           "lingang", "pingtan", "beijing-two-zones"]


def test_regimes_lists_every_id():
    ids = libtax.regimes()
    assert isinstance(ids, list)
    for i in ALL_IDS:
        assert i in ids


@pytest.mark.parametrize("rid", ALL_IDS)
def test_regime_info_shape(rid):
    info = libtax.regime_info(rid)
    assert isinstance(info["enacted"], bool)
    assert info["basis"] and all(isinstance(b, str) for b in info["basis"])
    assert info["period"]["from"]
    assert info["mechanism"] in ("subsidy", "exemption")
    assert info["versions"]


def test_beijing_is_not_law():
    info = libtax.regime_info("beijing-two-zones")
    assert info["enacted"] is False
    assert "study" in info["status_note"]
    r = libtax.talent_relief("beijing-two-zones", 2024, identity="foreign", wages=1_000_000, talent_recognised=True)
    assert r.enacted is False
    assert "NOT LAW" in r.explain()
    assert libtax.regime_info("gba")["enacted"] is True


def test_mechanisms_and_periods():
    assert libtax.regime_info("gba")["mechanism"] == "subsidy"
    assert libtax.regime_info("hainan")["mechanism"] == "exemption"
    assert libtax.regime_info("hainan")["period"] == {"from": "2020-01-01", "to": "2027-12-31"}
    assert libtax.regime_info("gba")["versions"][1]["cap"] == D("5000000.00")
    assert "Caishui [2019] No. 31" in libtax.regime_info("gba")["basis"]


def test_e1_hainan_exemption_with_explanation():
    r = libtax.talent_relief("hainan", 2024, identity="foreign", wages=1_000_000, social_insurance=30000,
                             special_additional=24000, days_in_zone=200, talent_recognised=True)
    assert r.eligible is True
    assert r.amount == D("91280.00") and isinstance(r.amount, Decimal)
    assert r.kind == "exemption"
    assert isinstance(r.reasons, list) and all(isinstance(s, str) for s in r.reasons)
    text = r.explain()
    assert "91280.00" in text and "Caishui [2020] No. 32" in text and "tables/regimes/hainan.yaml:" in text


def test_e2_zone_wages_and_e7_gba():
    r = libtax.talent_relief("hainan", 2024, identity="foreign", wages="1000000", zone_wages="600000",
                             social_insurance=30000, special_additional=24000, days_in_zone=200,
                             talent_recognised=True)
    assert r.amount == D("54768.00")
    g = libtax.talent_relief("gba", 2024, identity="foreign", city="guangzhou", wages=1_000_000,
                             social_insurance=30000, special_additional=24000, talent_subsidy=100000,
                             talent_recognised=True)
    assert (g.eligible, g.amount, g.kind) == (True, D("96280.00"), "subsidy")
    v = libtax.talent_relief("gba", 2024, identity="foreign", city="guangzhou", wages=1_000_000,
                             social_insurance=30000, special_additional=24000, tax_paid_in_zone=150000,
                             talent_recognised=True)
    assert v.amount == D("61075.92")


def test_e8_cap():
    r = libtax.talent_relief("gba", 2024, identity="hk", wages=20_060_000, talent_recognised=True)
    assert r.amount == D("5000000.00") and r.capped


def test_e11_qianhai_needs_fx_rate():
    r = libtax.talent_relief("qianhai", 2024, identity="hk", wages=1_000_000, fx_rate=1)
    assert r.amount == D("113520.00") and r.kind == "exemption"
    assert r.unconfirmed
    with pytest.raises(ValueError, match="fx_rate"):
        libtax.talent_relief("qianhai", 2024, identity="hk", wages=1_000_000)
    # a float rate is read as its shortest decimal text, a Decimal exactly
    a = libtax.talent_relief("qianhai", 2024, identity="hk", wages=1_000_000, fx_rate=1.08)
    b = libtax.talent_relief("qianhai", 2024, identity="hk", wages=1_000_000, fx_rate=D("1.08"))
    assert a.amount == b.amount


def test_e13_pingtan():
    r = libtax.talent_relief("pingtan", 2024, identity="taiwan", wages=1_000_000, tax_paid_in_zone=100000)
    assert r.amount == D("20000.00") and r.kind == "subsidy"


def test_not_eligible_amount_zero_with_reasons():
    r = libtax.talent_relief("hainan", 2024, identity="foreign", wages=1_000_000, days_in_zone=182,
                             talent_recognised=True)
    assert r.eligible is False and r.amount == D("0.00")
    assert any("FAILED" in s and "183" in s for s in r.reasons)
    out = libtax.talent_relief("hainan", 2019, identity="foreign", wages=1_000_000, days_in_zone=300,
                               talent_recognised=True)
    assert out.eligible is False and out.amount == 0
    assert any("outside the regime's period" in s for s in out.reasons)


def test_bad_input_errors():
    with pytest.raises(ValueError, match="identity"):
        libtax.talent_relief("hainan", 2024, identity="martian", wages=1)
    with pytest.raises(ValueError, match="atlantis"):
        libtax.talent_relief("atlantis", 2024, identity="foreign")
    with pytest.raises(ValueError, match="atlantis"):
        libtax.regime_info("atlantis")
    with pytest.raises(ValueError, match="colour"):
        libtax.talent_relief("hainan", 2024, identity="foreign", colour="red")
    with pytest.raises(ValueError, match="zone_wages"):
        libtax.talent_relief("hainan", 2024, identity="foreign", wages=100, zone_wages=200)
    with pytest.raises(ValueError, match="days_in_zone"):
        libtax.talent_relief("hainan", 2024, identity="foreign", days_in_zone=400)
    with pytest.raises(ValueError, match="city"):
        libtax.talent_relief("gba", 2024, identity="foreign", city="hangzhou")
    with pytest.raises(libtax.CoverageError):
        libtax.talent_relief("lingang", 2031, identity="foreign", wages=1)
    with pytest.raises(ValueError, match="colour"):
        libtax.compare_regimes(2024, identity="foreign", colour="red")


def test_more_keywords():
    r = libtax.talent_relief("hainan", 2025, identity="foreign", wages=1_000_000, days_in_zone=200,
                             actual_days=89, talent_recognised=True)
    assert not r.eligible
    r = libtax.talent_relief("hainan", 2025, identity="foreign", wages=1_000_000, days_in_zone=100,
                             special_industry="shipping", social_insurance_months=6, contract_years=1,
                             talent_recognised=True)
    assert r.eligible
    r = libtax.talent_relief("hengqin", 2024, identity="mainland", wages=1_000_000, talent_recognised=True,
                             encouraged_industry=True, social_insurance_months=6, contract_years=1)
    assert r.eligible and r.amount == D("102080.00")


def test_compare_regimes_ranked_best_first():
    res = libtax.compare_regimes(2024, identity="hk", wages=1_000_000, talent_recognised=True, city="shenzhen",
                                 days_in_zone=250, fx_rate=1)
    assert res and res[0].best and res[0].eligible
    assert res[0].regime in ("qianhai", "hetao") and res[0].amount == D("113520.00")
    amounts = [r.amount for r in res]
    assert amounts == sorted(amounts, reverse=True)
    gba = [r for r in res if r.regime == "gba"][0]
    assert gba.amount == D("102080.00") and "qianhai" in gba.excludes
    assert all(r.enacted for r in res)
    assert all(r.eligible for r in res)
    everything = libtax.compare_regimes(2024, identity="hk", wages=1_000_000, fx_rate=1, include_ineligible=True,
                                        include_what_if=True)
    assert {r.regime for r in everything} == set(ALL_IDS)
    assert all(r.reasons for r in everything if not r.eligible)


def test_tables_keyword():
    t = libtax.Tables.builtin()
    assert libtax.regimes(tables=t) == libtax.regimes()
    assert libtax.talent_relief("pingtan", 2024, identity="taiwan", wages=1_000_000, tax_paid_in_zone=100000,
                                tables=t).amount == D("20000.00")


def test_non_resident_formulas_3_and_4():
    kw = dict(identity="foreign", resident=False, talent_recognised=True, social_insurance_exempt=True, contract_years=1)
    assert libtax.talent_relief("hainan", 2021, labour=100000, **kw).amount == D("8840.00")  # E5
    assert libtax.talent_relief("hainan", 2021, wages=300000, wage_months=3, **kw).amount == D("40020.00")
    with pytest.raises(ValueError, match="wage_months"):
        libtax.talent_relief("hainan", 2021, wages=300000, **kw)
