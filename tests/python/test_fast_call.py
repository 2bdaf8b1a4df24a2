"""annual_tax's fast path (bindings/fast_call.hpp) against its general path, figure by figure.

A call with the year as an int and declared money keywords as plain int, float or Decimal
amounts is answered by the fast path; the same call with the tables given explicitly
(Tables.builtin(), the same tables) or with an amount of a subclass of int/float/Decimal is
answered by the general (pybind11) path. Both must give every figure, the explanation and every
refusal identically.
"""
import decimal
import random

import pytest

import libtax

D = decimal.Decimal
BUILTIN = libtax.Tables.builtin()
KEYS = ("wages", "labour", "author", "royalties", "commissions", "social_insurance", "special_additional", "other_deductions")


class Int(int):
    pass


class Float(float):
    pass


class Dec(decimal.Decimal):
    pass


def figures(r):
    return (r.year, r.tax, r.taxable_income, r.income_amount, r.rate, r.quick_deduction, r.bracket, repr(r))


def random_amount(rng):
    kind = rng.randrange(4)
    if kind == 0:
        return rng.randrange(0, 2_000_000)
    if kind == 1:
        return rng.randrange(0, 200_000_000) / 100 + rng.choice([0, 0.004, 0.005, 0.006])  # float: nearest fen
    if kind == 2:
        return D(rng.randrange(0, 200_000_000)) / 100 if rng.random() < 0.5 else D(rng.randrange(0, 2_000_000)) / 10
    return 0


def slow(v):
    """The same value as an instance of a subclass: the general path converts it."""
    return Int(v) if isinstance(v, int) else Float(v) if isinstance(v, float) else Dec(v)


def test_fast_and_general_paths_give_the_same_figures():
    rng = random.Random(20261206)
    years = libtax.years()
    for _ in range(400):
        year = rng.choice(years)
        kw = {k: random_amount(rng) for k in rng.sample(KEYS, rng.randrange(1, 5))}
        fast = libtax.annual_tax(year, **kw)
        assert figures(fast) == figures(libtax.annual_tax(year, tables=BUILTIN, **kw)), (year, kw)
        assert figures(fast) == figures(libtax.annual_tax(year, **{k: slow(v) for k, v in kw.items()})), (year, kw)


def test_worked_figures_and_the_explanation():
    # 2024: 300,000 wages - 60,000 basic = 240,000 taxable; 20% - 16,920 = 31,080.00 (Annex Table 1)
    r = libtax.annual_tax(2024, wages=300000)
    assert (r.tax, r.taxable_income, r.income_amount, r.bracket) == (D("31080.00"), D("240000.00"), D("300000.00"), 3)
    assert libtax.annual_tax(2024, wages=300000.0).tax == libtax.annual_tax(2024, wages=D("300000.00")).tax == D("31080.00")
    # labour at 80%: 100,000 x 0.8 = 80,000; 20,000 taxable at 3% = 600.00
    assert libtax.annual_tax(2024, labour=D("100000")).tax == D("600.00")
    for lang in ("en", "zh"):
        assert r.explain(lang) == libtax.annual_tax(2024, wages=300000, tables=BUILTIN).explain(lang)
    assert r.steps("en") == libtax.annual_tax(2024, wages=300000, tables=BUILTIN).steps("en")


@pytest.mark.parametrize("value", ["1234.5", "1234.50", "-0", "0.00", "1E+3", "999999999999999.99", "12.345", "12.355", "0.005"])
def test_decimal_amounts_read_as_the_general_path_reads_them(value):
    fast = libtax.annual_tax(2024, wages=D(value))
    assert figures(fast) == figures(libtax.annual_tax(2024, wages=Dec(value)))


@pytest.mark.parametrize("kw", [
    {"wages": -1}, {"wages": -0.5}, {"wages": D("-3.10")}, {"wages": float("nan")}, {"wages": float("inf")},
    {"wages": 10**15 + 1}, {"wages": 1e16}, {"wages": D("1E+16")}, {"wages": D("NaN")}, {"wages": True},
    {"wages": None}, {"wages": "12x"}, {"wagez": 1}, {"social_insurance": -2}, {"tables": 3},
])
def test_refusals_are_the_general_paths(kw):
    with pytest.raises(libtax.Error) as fast:
        libtax.annual_tax(2024, **kw)
    generic = {k: slow(v) if type(v) in (int, float, D) and not isinstance(v, bool) else v for k, v in kw.items()}
    with pytest.raises(libtax.Error) as general:
        libtax.annual_tax(2024, **generic)
    assert type(fast.value) is type(general.value)
    assert (fast.value.field, str(fast.value), fast.value.messages) == (general.value.field, str(general.value), general.value.messages)


@pytest.mark.parametrize("year", [2018, 2028, -1, 10**30, True, 2024.0, "2024"])
def test_years_refused_as_before(year):
    with pytest.raises(libtax.Error) as e:
        libtax.annual_tax(year, wages=1)
    assert e.value.field == "year"


def test_property_getters_check_their_object():
    with pytest.raises(TypeError):
        libtax.AnnualTax.tax.fget(object())
    assert libtax.AnnualTax.tax.__doc__ == "Tax, Decimal yuan to the fen."
