"""Runs the expert-readable cases of tests/cases/foreign.yaml through the Python contract."""
from decimal import Decimal

import pytest
import yaml

import libtax
from conftest import SOURCE_DIR

CASES = yaml.safe_load((SOURCE_DIR / "tests/cases/foreign.yaml").read_text())["cases"]


def _call(case):
    fn = getattr(libtax, case["call"])
    args = dict(case["args"])
    if case["call"] == "residence_days":
        return fn(case["year"], [tuple(s) for s in args["stays"]])
    positional = [k for k in ("amount", "bonus") if k in args]
    pos = [str(args.pop(k)) for k in positional]
    kw = {k: (v if isinstance(v, bool) or k in ("calendar_days", "residence_days", "years") else str(v)) for k, v in args.items()}
    return fn(case["year"], *pos, **kw)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    exp = case["expect"]
    if "error" in exp:
        with pytest.raises(libtax.InputError) as e:
            _call(case)
        assert e.value.field == exp["error"], case["source"]
        return
    got = _call(case)
    if isinstance(exp["value"], int):
        assert got == exp["value"], case["source"]
    else:
        assert got == Decimal(exp["value"]), case["source"]


def test_enough_cases():
    assert len(CASES) >= 30
