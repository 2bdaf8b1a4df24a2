"""Runs the expert-readable payroll cases of tests/cases/payroll.yaml through the Python contract."""
from decimal import Decimal

import pytest
import yaml

import libtax
from conftest import SOURCE_DIR

DOC = yaml.safe_load((SOURCE_DIR / "tests/cases/payroll.yaml").read_text())
WITHHOLDING = DOC["withholding"]
RECONCILIATION = DOC["reconciliation"]


def months_of(case):
    if "months" in case:
        months = [dict(m) for m in case["months"]]
    else:
        months = [dict(case["every_month"]) for _ in range(case["count"])]
    for n, m in (case.get("change") or {}).items():
        months[int(n) - 1] = dict(m)
    return [{k: (v if k == "bonus_method" else str(v)) for k, v in m.items()} for m in months]


@pytest.mark.parametrize("case", WITHHOLDING, ids=[c["id"] for c in WITHHOLDING])
def test_withholding_case(case):
    run = libtax.withholding_run(case["year"], months_of(case), **(case.get("terms") or {}))
    exp = case["expect"]
    if "withheld" in exp:
        assert run.withheld == [Decimal(x) for x in exp["withheld"]], case["source"]
    if "total" in exp:
        assert run.total == Decimal(exp["total"]), case["source"]
    # the plain contract agrees when the case fits it
    terms = case.get("terms") or {}
    plain_keys = {"wage", "exempt_income", "social_insurance", "special_additional", "other_deductions"}
    if not terms.get("continuous_labour") and all(set(m) <= plain_keys for m in months_of(case)):
        got = libtax.withhold_wages(case["year"], months_of(case), **terms)
        assert got == run.withheld


@pytest.mark.parametrize("case", RECONCILIATION, ids=[c["id"] for c in RECONCILIATION])
def test_reconciliation_case(case):
    r = libtax.reconcile(case["year"], **{k: str(v) for k, v in case["args"].items()})
    for key, want in case["expect"].items():
        got = getattr(r, key)
        if isinstance(want, bool) or key == "bonus_treatment":
            assert got == want, (key, case["source"])
        else:
            assert got == Decimal(want), (key, case["source"])


def test_enough_cases():
    assert len(WITHHOLDING) >= 8 and len(RECONCILIATION) >= 8
