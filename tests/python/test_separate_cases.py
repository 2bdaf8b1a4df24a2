"""Annuity payouts, internal-retirement lump sums and non-residents' equity incentives: the
expert-readable cases of tests/cases/separate.yaml through the Python functions (every argument a
keyword), and their explanations in both languages."""
from decimal import Decimal

import pytest
import yaml

import libtax
from conftest import SOURCE_DIR

CASES = yaml.safe_load((SOURCE_DIR / "tests/cases/separate.yaml").read_text())["cases"]


def _call(case, detail=False):
    fn = getattr(libtax, case["call"] + ("_detail" if detail else ""))
    args = {k: (v if isinstance(v, (int, list)) and not isinstance(v, bool) else str(v)) for k, v in case["args"].items()}
    if "grants" in args:
        args["grants"] = [str(g) for g in args["grants"]]
    return fn(case["year"], **args)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    exp = case["expect"]
    if "error" in exp:
        with pytest.raises(libtax.InputError) as e:
            _call(case)
        assert e.value.field == exp["error"], case["source"]
        return
    got = _call(case)
    assert isinstance(got, Decimal)
    assert got == Decimal(exp["value"]), case["source"]
    if "grant_taxes" in exp:
        assert _call(case, detail=True).grant_taxes == [Decimal(v) for v in exp["grant_taxes"]]


def test_keyword_only():
    with pytest.raises(TypeError):
        libtax.annuity_payout_tax(2024, "monthly", 1000)
    with pytest.raises(TypeError):
        libtax.internal_retirement_tax(2024, 120000, 24, 8000)
    with pytest.raises(TypeError):
        libtax.nonresident_equity_tax(2024, [1000])


def test_explanations_cite_the_documents():
    a = libtax.annuity_payout_tax_detail(2024, payout="quarterly", amount=30000)
    assert a.tax == Decimal("2370.00") and a.months == 3 and a.schedule == "comprehensive_monthly"
    assert "Caishui [2018] No. 164" in a.explain(lang="en")
    assert "财税〔2018〕164号第四条" in a.explain(lang="zh")
    r = libtax.internal_retirement_tax_detail(2024, amount=120000, months_to_retirement=24, wage=8000)
    assert r.rate == "10%"
    assert "Guoshuifa [1999] No. 58" in r.explain(lang="en") and "UNCONFIRMED" in r.explain(lang="en")
    assert "内部退养" in r.explain(lang="zh")
    e = libtax.nonresident_equity_tax_detail(2024, grants=[60000, 90000])
    assert e.total_income == Decimal("150000.00")
    assert "MOF/STA Announcement 2019 No. 35" in e.explain(lang="en")
    assert e.steps(lang="en")


def test_payout_must_be_text():
    with pytest.raises(libtax.InputError) as e:
        libtax.annuity_payout_tax(2024, payout=3, amount=1000)
    assert e.value.field == "payout"


def test_allowance_choice_covered_kinds():
    """All eight exemptions are given up with the deductions in the built-in tables (2019 No. 35
    art. 3(1)); a table listing only the three the choice texts name keeps meals exempt."""
    args = dict(wages=720000, allowances={"housing": 180000, "meals": 30000}, special_additional=42000)
    built_in = libtax.allowance_comparison(2024, **args)
    assert built_in.deductions_tax == Decimal("203880.00")
    three = libtax.what_if(foreign__allowances__choice__covered_kinds="housing, language_training, children_education", years=2024)
    narrow = libtax.allowance_comparison(2024, tables=three, **args)
    assert narrow.deductions_tax == Decimal("193380.00")
    assert narrow.allowances_tax == built_in.allowances_tax == Decimal("145080.00")


def test_reconcile_says_prepaid_includes_the_bonus_tax():
    r = libtax.reconcile(2024, wages=200000, social_insurance=20000, bonus=36000, prepaid=12000)
    assert "the tax withheld on the annual bonus included" in r.explain(lang="en")
    assert "含全年一次性奖金已扣缴的税款" in r.explain(lang="zh")
    plain = libtax.reconcile(2024, wages=200000, social_insurance=20000, prepaid=12000)
    assert "annual bonus" not in plain.explain(lang="en")


def test_compare_regimes_weighs_allowances_after_relief():
    res = libtax.compare_regimes(2024, identity="foreign", wages=1_000_000, special_additional=42000, days_in_zone=200,
                                 talent_recognised=True, place="hainan",
                                 allowances={"housing": 180000, "children_education": 100000})
    best = res.best
    assert best.regime == "hainan"
    assert best.allowance_treatment == "exemptions"
    assert best.allowance_options == {"exemptions": Decimal("141000.00"), "deductions": Decimal("176700.00")}
    assert best.allowance_saving == Decimal("35700.00")
    assert best.tax_after_relief == Decimal("141000.00")
    assert "with the exemptions 141000.00" in best.explain(lang="en")
    plain = libtax.compare_regimes(2024, identity="foreign", wages=1_000_000, special_additional=42000, days_in_zone=200,
                                   talent_recognised=True, place="hainan")
    assert plain.best.allowance_treatment == "deductions" and plain.best.allowance_options == {}
