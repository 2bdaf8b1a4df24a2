"""Runs tests/cases/regimes.yaml (the same cases tests/cpp/regimes/test_regime_cases.cpp runs)."""
import os
from decimal import Decimal

import pytest
import yaml

import libtax

SRC = os.environ.get("LIBTAX_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
with open(os.path.join(SRC, "tests", "cases", "regimes.yaml"), encoding="utf-8") as f:
    CASES = yaml.safe_load(f)["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    r = libtax.talent_relief(case["regime"], case["year"], **case["args"])
    e = case["expect"]
    assert r.eligible is e["eligible"], r.reasons
    assert r.amount == Decimal(e["amount"])
    if "tax" in e:
        assert r.tax == Decimal(e["tax"])
    if "kind" in e:
        assert r.kind == e["kind"]
    if not r.eligible:
        assert r.reasons
