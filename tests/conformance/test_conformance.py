"""Every case of tests/cases/ through every surface that can express it, all equal to the fen;
every surface refuses an unknown field, naming it.

A surface that cannot take a field the case uses is a known gap only if KNOWN_GAPS lists it; an
unlisted gap fails, and a listed gap that has closed fails too (so the list only shrinks).
"""
import re
import sys
from decimal import Decimal

import pytest

sys.path.insert(0, __import__("os").path.dirname(__file__))
import surfaces as S  # noqa: E402

import libtax  # noqa: E402

#: surface -> the fields it cannot take yet (declared fields missing from it). Each entry names
#: who closes it. Every surface takes every declared field today (no entry).
KNOWN_GAPS = {}
_seen_gaps = {}


def _run(surface, fn, case, want):
    try:
        got = fn(case)
    except S.CannotExpress as e:
        missing = set(re.sub(r"^.* has no ", "", str(e)).split(", "))
        _seen_gaps.setdefault(surface, set()).update(missing)
        unlisted = missing - KNOWN_GAPS.get(surface, set())
        assert not unlisted, f"{surface} cannot express {sorted(unlisted)} (not a known gap)"
        return
    assert got == want, f"{surface}: {got} fen, expected {want} fen ({case['source']})"


def _params(cases, table):
    return [pytest.param(c, name, fn, id=f"{c['id']}-{name}") for c in cases for name, fn in table.items()]


@pytest.mark.parametrize("case, surface, fn", _params(S.annual_cases(), S.ANNUAL))
def test_annual_tax(case, surface, fn):
    _run(surface, fn, case, S.fen(case["expect"]["tax"]))


@pytest.mark.parametrize("case, surface, fn", _params(S.relief_cases(), S.RELIEF))
def test_talent_relief(case, surface, fn):
    if surface == "python_compare" and not case["expect"]["eligible"]:
        pass  # compare_regimes lists it with include_ineligible, amount 0
    _run(surface, fn, case, S.fen(case["expect"]["amount"]))


@pytest.mark.parametrize("case, surface, fn", _params(S.withholding_cases(), S.WITHHOLDING))
def test_withholding(case, surface, fn):
    exp = case["expect"]
    if "withheld" in exp:
        want = [S.fen(x) for x in exp["withheld"]]
    else:  # only the total is given: compare totals
        fn0 = fn
        fn = lambda c: [sum(fn0(c))]  # noqa: E731
        want = [S.fen(exp["total"])]
    _run(surface, fn, case, want)


@pytest.mark.parametrize("case", S.choices_cases(), ids=[c["id"] for c in S.choices_cases()])
def test_choices_after_relief_python_and_c(case):
    """The bonus weighed after relief (tests/cases/choices.yaml, worked by hand): each regime's
    treatment, relief and tax after relief, and the best, equal in Python and the C interface."""
    py = {r.regime: r for r in libtax.compare_regimes(case["year"], **case["args"], **case["options"])}
    for regime, w in case["expect"]["regimes"].items():
        want = (S.fen(w["relief"]), w["bonus_treatment"], S.fen(w["tax_after_relief"]), regime == case["expect"]["best"])
        assert (S.fen(py[regime].amount), py[regime].bonus_treatment, S.fen(py[regime].tax_after_relief), py[regime].best) == want
        assert S.choice_c(case, regime) == want


def test_hengqin_foreign_talent_every_surface():
    """Foreign talent in Hengqin, 2024, encouraged industry: 102,080.00 wherever it can be said."""
    case = [c for c in S.relief_cases() if c["id"].startswith("Hengqin foreign talent")][0]
    assert libtax.talent_relief(case["regime"], case["year"], **case["args"]).amount == Decimal("102080.00")
    assert S.relief_compare(case) == 10208000
    assert S.relief_c(case) == 10208000
    assert S.relief_c_compare(case) == 10208000
    assert S.relief_calc(case) == 10208000


def test_known_gaps_are_still_gaps():
    """Run last (file order): a gap listed but never met has been closed; take it off the list."""
    for surface, fields in KNOWN_GAPS.items():
        met = _seen_gaps.get(surface, set())
        assert met, f"{surface}: no gap met; remove it from KNOWN_GAPS"


# ---- unknown fields are refused on every surface, naming the field --------------------------

@pytest.mark.parametrize("call", [
    lambda: libtax.annual_tax(2024, wage=1),
    lambda: libtax.bonus_comparison(2024, 1000, wage=1),
    lambda: libtax.reconcile(2024, wage=1),
    lambda: libtax.talent_relief("hengqin", 2024, identity="foreign", wage=1),
    lambda: libtax.compare_regimes(2024, identity="foreign", wage=1),
    lambda: libtax.withholding_run(2024, [{"wages": 1}]),
    lambda: libtax.start_withholding(2024).withhold({"wages": 1}),
], ids=["annual_tax", "bonus_comparison", "reconcile", "talent_relief", "compare_regimes", "withholding_run",
        "withhold"])
def test_python_refuses_unknown_field_naming_the_closest(call):
    with pytest.raises(libtax.InputError) as e:
        call()
    assert e.value.field.endswith("wage") or e.value.field.endswith("wages")
    assert "unknown field; did you mean `" in str(e.value)


def test_python_unknown_field_far_from_any_lists_the_known():
    with pytest.raises(libtax.InputError, match=r"favourite_number = 7: unknown field \(known: identity, wages"):
        libtax.talent_relief("hengqin", 2024, identity="foreign", favourite_number=7)


def test_batch_refuses_unknown_field():
    with pytest.raises(TypeError, match="wage"):
        libtax.annual_tax_batch(2024, wages=[1], wage=[1])
    with pytest.raises(TypeError, match="encouraged"):
        libtax.talent_relief_batch("hengqin", 2024, identity="foreign", wages=[1], encouraged=[True])


def test_calc_refuses_unknown_key_naming_the_closest():
    code, doc, err = S.run_calc({"year": 2024, "zone": {"encouraged": True}})
    assert code == 2
    assert "zone.encouraged: unknown key; did you mean `encouraged_industry`?" in err
    assert doc["error"]["field"] == "zone.encouraged"
    code, _, err = S.run_calc({"year": 2024, "income": {"wage": "1"}})
    assert code == 2 and "income.wage: unknown key; did you mean `wages`?" in err


def test_calc_takes_every_declared_talent_field():
    """Every declared talent-case field is a scenario key (under its group's section)."""
    values = {"money": "1", "days": 100, "count": 1, "flag": True, "text": "shenzhen", "rate": "1.09", "enum": "hk"}
    # months (a non-resident's wages month by month) is not a scenario key: libtax-calc computes
    # residents only and refuses it as an unknown key
    args = {f["name"]: values[f["kind"]] for f in S.contract("talent_case").values() if f["name"] not in ("special_industry", "months")}
    args.update(wages="100", zone_wages="1", business_taxable_income="10", zone_business_taxable_income="1",
                wage_months=12, social_insurance_months=6)
    code, doc, err = S.run_calc(S._scenario_of_talent(2024, args, ["gba"]))
    assert code == 0, err


def test_calc_city_is_handled_as_in_python():
    base = {"identity": "hk", "wages": "1000000", "talent_recognised": True, "days_in_zone": 250, "fx_rate": "1"}
    # a city no listed regime has rules for: refused everywhere, naming the city
    with pytest.raises(libtax.InputError, match="city"):
        libtax.talent_relief("qianhai", 2024, city="shenzhen", **base)
    with pytest.raises(libtax.InputError, match="city"):
        libtax.compare_regimes(2024, city="hangzhou", **base)
    code, _, err = S.run_calc(S._scenario_of_talent(2024, dict(base, city="shenzhen"), ["qianhai"]))
    assert code == 2 and "zone.city" in err
    code, _, err = S.run_calc(S._scenario_of_talent(2024, dict(base, city="hangzhou"), ["gba"]))
    assert code == 2 and "zone.city" in err
    # with a regime that has the city: the city rules apply, as compare_regimes applies them
    code, doc, err = S.run_calc(S._scenario_of_talent(2024, dict(base, city="shenzhen"), ["qianhai", "gba"]))
    assert code == 0, err
    py = {r.regime: r for r in libtax.compare_regimes(2024, city="shenzhen", **base)}
    assert S.fen(doc["results"]["regimes"]["figures"]["gba.relief"]) == S.fen(py["gba"].amount)


def test_gba_without_city_says_the_city_rules_were_not_checked():
    """GBA without a city: the province-wide rules decide, the city rules (Shenzhen's 90 days and
    income threshold) are reported NOT CHECKED and the result is flagged unconfirmed, on every
    surface; with the city they are applied."""
    kw = dict(identity="hk", wages=1_000_000, talent_recognised=True, days_in_zone=30)
    r = libtax.talent_relief("gba", 2024, **kw)
    assert r.unconfirmed and any("NOT CHECKED" in s and "shenzhen" in s for s in r.reasons)
    assert not libtax.talent_relief("gba", 2024, city="shenzhen", **kw).eligible  # 30 days < 90
    code, doc, err = S.run_calc(S._scenario_of_talent(2024, kw, ["gba"]))
    assert code == 0, err
    assert any("NOT CHECKED" in n for n in doc["results"]["regimes"]["notes"])
    line = "talent_relief gba 2024 identity=hk wages=100000000 talent_recognised=1 days_in_zone=30"
    assert S.c_call(line) == [str(S.fen(r.amount)), "1"]
