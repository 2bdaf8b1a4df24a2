"""libtax.foreign's functions take the keywords their declared inputs list
(libtax/contract/foreign_inputs.hpp): the signature each function shows equals its declaration,
and an undeclared keyword is refused naming the closest declared one. The function list and the
keywords are read from the module, never listed here."""
import inspect
import re

import pytest

import libtax
import libtax.foreign
from libtax import _foreign

FUNCTIONS = sorted(
    n for n in libtax.foreign.__all__ if callable(getattr(libtax.foreign, n)) and not inspect.isclass(getattr(libtax.foreign, n))
)


def split_top(text):
    """Splits a parameter list at the commas outside brackets."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def shown_parameters(fn):
    """[(name, type, default or None, before_star)] from the signature line of the docstring."""
    first = fn.__doc__.strip().splitlines()[0]
    m = re.match(rf"^{fn.__name__}\((.*)\) -> \w+$", first)
    assert m, first
    out, star = [], False
    for p in split_top(m.group(1)):
        if p == "*":
            star = True
            continue
        name, _, rest = p.partition(": ")
        typ, _, default = rest.partition(" = ")
        out.append((name, typ, default or None, not star))
    return out


def test_every_function_is_declared():
    assert len(FUNCTIONS) >= 30
    for name in FUNCTIONS:
        assert _foreign._contract(name), name
    with pytest.raises(libtax.InputError) as e:
        _foreign._contract("residense_days")
    assert "residence_days" in str(e.value)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_keywords_equal_the_declaration(name):
    fn = getattr(libtax.foreign, name)
    declared = _foreign._contract(name)
    shown = shown_parameters(fn)
    assert shown[0][:1] == ("year",) and shown[-1][0] == "tables"
    middle = shown[1:-1]
    assert [p[0] for p in middle] == [f["name"] for f in declared]
    for (pname, _typ, default, _pos), f in zip(middle, declared):
        assert (default is None) == f["required"], pname
        if default is not None:
            assert default == f["default"], pname
    # the docstring documents every declared keyword
    for f in declared:
        assert f"    {f['name']} (" in fn.__doc__, f["name"]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_unknown_keyword_names_the_closest(name):
    fn = getattr(libtax.foreign, name)
    first = _foreign._contract(name)[0]["name"]
    wrong = first + "_x"
    with pytest.raises(libtax.InputError) as e:
        fn(2024, **{wrong: 1})
    assert e.value.field == wrong
    assert f"did you mean `{first}`" in str(e.value)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_positional_arguments_as_shown(name):
    fn = getattr(libtax.foreign, name)
    before_star = [p for p in shown_parameters(fn)[1:-1] if p[3]]
    with pytest.raises(TypeError):
        fn(2024, *([0] * (len(before_star) + 1)))
    if before_star:
        with pytest.raises(TypeError):
            fn(2024, *([0] * len(before_star)), **{before_star[0][0]: 0})


def test_list_fields_name_the_element():
    with pytest.raises(libtax.InputError) as e:
        libtax.nonresident_equity_tax(2024, grants=[1000, "lots"])
    assert e.value.field == "grants[1]"
    with pytest.raises(libtax.InputError) as e:
        libtax.equity_incentive_tax(2024, {"a": 1})
    assert e.value.field == "grants"
    with pytest.raises(libtax.InputError) as e:
        libtax.allowance_comparison(2024, wages=1, allowances=[{"kind": "housing", "amount": 1}, {"kind": "meals", "amout": 1}])
    assert e.value.field == "allowances[1].amout" and "did you mean `amount`" in str(e.value)
    with pytest.raises(libtax.InputError) as e:
        libtax.allowance_comparison(2024, wages=1, allowances=[{"amount": 1}])
    assert e.value.field == "allowances[0].kind"
    with pytest.raises(libtax.InputError) as e:
        libtax.allowance_comparison(2024, wages=1, allowances={"housing": "x"})
    assert e.value.field == "allowances[housing]"
    with pytest.raises(libtax.InputError) as e:
        libtax.working_days(2024, start="2024-01-01", end="2024-01-31", stays=[], counted_abroad=["2024-01-02", "2024-13-01"])
    assert e.value.field == "counted_abroad[1]"
    with pytest.raises(libtax.InputError) as e:
        libtax.foreign_tax_credit(2024, countries=[{"country": "X", "carried": [{"year": 2020}]}])
    assert e.value.field == "countries[0].carried[0].amount"


def test_list_field_types_in_the_signature():
    shown = {p[0]: p[1] for p in shown_parameters(libtax.equity_incentive_tax)}
    assert shown["grants"] == "Sequence[Amount]"
    shown = {p[0]: p[1] for p in shown_parameters(libtax.nonresident_equity_tax)}
    assert shown["grants"] == "Sequence[Amount]"
    assert libtax.equity_incentive_tax(2024, grants=[200000, 300000]).grant_taxes == libtax.equity_incentive_tax(2024, [200000, 300000]).grant_taxes
