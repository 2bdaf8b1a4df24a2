"""Runs tests/cases/special_additional.yaml: special additional deductions from their items, and
annual_tax taking the items in place of a total."""
from decimal import Decimal

import pytest
import yaml

import libtax
from conftest import SOURCE_DIR

CASES = yaml.safe_load((SOURCE_DIR / "tests/cases/special_additional.yaml").read_text(encoding="utf-8"))["cases"]


def _args(case):
    return {k: (str(v) if isinstance(v, float) else v) for k, v in case["args"].items()}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    exp = case["expect"]
    if "error" in exp:
        with pytest.raises(getattr(libtax, exp["error"])) as e:
            libtax.special_additional_deductions(case["year"], **_args(case))
        assert type(e.value) is getattr(libtax, exp["error"]), case["source"]
        assert e.value.field == exp["field"]
        return
    r = libtax.special_additional_deductions(case["year"], **_args(case))
    assert r.total == Decimal(exp["total"]), case["source"]
    assert sum(r.items.values()) == r.total
    assert r.explain().count("basis:") >= 1 or r.total == 0


def test_annual_tax_takes_the_items_in_place_of_a_total():
    family = next(c for c in CASES if c["id"] == "a family in 2024")
    by_items = libtax.annual_tax(2024, wages=500000, special_additional=_args(family))
    by_total = libtax.annual_tax(2024, wages=500000, special_additional=156400)
    assert by_items.tax == by_total.tax == Decimal("39800.00")
    text = by_items.explain()
    assert "from the items below" in text and "Guofa [2023] No. 13, item 2 [tables/cn/2024.yaml:" in text
    assert "taken as given" in by_total.explain() and "from the items" not in by_total.explain()


def test_unknown_items_are_refused_naming_them():
    with pytest.raises(libtax.InputError) as e:
        libtax.special_additional_deductions(2024, pets=2)
    assert e.value.field == "pets"
    with pytest.raises(libtax.InputError) as e:
        libtax.annual_tax(2024, wages=1, special_additional={"children_education": True})
    assert e.value.field == "children_education"
    with pytest.raises(libtax.InputError) as e:
        libtax.special_additional_deductions(2024, children_education=[{"months": 12, "share": 0.5}])
    assert e.value.field == "children_education[0].share"


FTC = yaml.safe_load((SOURCE_DIR / "tests/cases/foreign_tax_credit.yaml").read_text(encoding="utf-8"))["cases"]


def _plain(x):
    """YAML numbers as text, so amounts go in exactly."""
    if isinstance(x, dict):
        return {k: (v if k in ("year", "country") else _plain(v)) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return str(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else x


@pytest.mark.parametrize("case", FTC, ids=[c["id"] for c in FTC])
def test_foreign_tax_credit_case(case):
    r = libtax.foreign_tax_credit(case["year"], **_plain(case["args"]))
    exp = case["expect"]
    assert r.total_credit == Decimal(exp["total_credit"]), case["source"]
    for got, want in zip(r.countries, exp["countries"]):
        assert got["country"] == want["country"]
        for k in ("limit", "credit"):
            assert got[k] == Decimal(want[k]), (k, case["source"])
        for k in ("carry_forward", "lapsed"):
            assert [(x["year"], x["amount"]) for x in got[k]] == [(x["year"], Decimal(x["amount"])) for x in want[k]], k
    assert "2020 No. 3" in r.explain()


def test_foreign_tax_credit_refusals():
    with pytest.raises(libtax.InputError) as e:
        libtax.foreign_tax_credit(2024, comprehensive_tax=1, comprehensive_income_amount=1,
                                  countries=[{"country": "X", "comprehensive_income_amount": 2}])
    assert e.value.field == "comprehensive_income_amount"
    with pytest.raises(libtax.InputError) as e:
        libtax.foreign_tax_credit(2024, countries=[{"country": "X", "wages": 2}])
    assert e.value.field == "countries[0].wages"
    with pytest.raises(libtax.InputError):
        libtax.foreign_tax_credit(2024, countries=[{"country": "X", "carried": [{"year": 2024, "amount": 1}]}])


def test_donations_and_private_pension_payouts():
    d = libtax.donation_deduction(2024, 100000, 50000)
    assert (d.limit, d.deduction) == (Decimal("30000.00"), Decimal("30000.00"))
    d = libtax.donation_deduction(2024, 100000, 10000, full_donations=200000)
    assert d.deduction == Decimal("100000.00")  # never below zero taxable income
    d = libtax.donation_deduction(2024, "0.05", 1)
    assert d.limit == Decimal("0.02")  # 0.015 rounded half-up
    assert "art. 6 para. 3" in d.explain()
    assert libtax.private_pension_withdrawal_tax(2024, 10000).tax == Decimal("300.00")
    assert libtax.private_pension_withdrawal_tax(2022, "100.50").tax == Decimal("3.02")  # 3.015, half-up
    with pytest.raises(libtax.NotAvailableError):
        libtax.private_pension_withdrawal_tax(2021, 10000)


def test_the_childcare_subsidy_exemption_is_dated_in_the_tables():
    text = (SOURCE_DIR / "tables/cn/2025.yaml").read_text(encoding="utf-8")
    assert "childcare_subsidy:" in text and "from: 2025-01-01" in text
    libtax.Tables.builtin()  # loads with it (2026, 2027 inherit it)
