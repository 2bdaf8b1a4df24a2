"""Runs the expert-readable cases of tests/cases/*.yaml through the Python contract."""
from decimal import Decimal

import pytest
import yaml

import libtax
from conftest import SOURCE_DIR

CASES = yaml.safe_load((SOURCE_DIR / "tests/cases/comprehensive.yaml").read_text())["cases"]


def _call(case):
    args = {k: str(v) for k, v in case["args"].items()}
    call = case["call"]
    year = case["year"]
    if call == "annual_tax":
        r = libtax.annual_tax(year, **args)
        return r.tax, r.taxable_income, r.rate
    if call == "bonus_tax":
        r = libtax.bonus_tax_detail(year, args["bonus"])
        return r.tax, None, r.rate
    if call == "business_tax":
        r = libtax.business_tax_detail(year, args["taxable_income"],
                                       individual_business=bool(case["args"].get("individual_business", False)),
                                       other_relief=args.get("other_relief", "0"))
        return r.tax, Decimal(args["taxable_income"]), r.rate
    fn = getattr(libtax, call + "_detail")
    r = fn(year, args["amount"])
    return r.tax, r.taxable, r.rate


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    tax, taxable, rate = _call(case)
    exp = case["expect"]
    assert tax == Decimal(exp["tax"]), case["source"]
    if "taxable_income" in exp:
        assert taxable == Decimal(exp["taxable_income"])
    if "rate" in exp:
        assert rate == Decimal(exp["rate"])
    # the scalar contract functions agree with the detailed ones
    if case["call"] == "bonus_tax":
        assert libtax.bonus_tax(case["year"], str(case["args"]["bonus"])) == tax


def test_enough_cases():
    assert len(CASES) >= 40
