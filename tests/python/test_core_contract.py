"""The core issue's Python contract, exactly as written."""
import decimal
import math
from decimal import Decimal

import pytest

import libtax

D = Decimal


def test_annual_tax_contract_and_explanation():
    r = libtax.annual_tax(2024, wages=1_000_000, social_insurance=30000, special_additional=24000)
    assert r.tax == D("224180.00") and isinstance(r.tax, Decimal)
    assert r.tax.as_tuple().exponent == -2
    assert r.taxable_income == D("886000.00")
    text = r.explain()
    assert isinstance(text, str) and len(text.splitlines()) > 5
    assert "886000.00" in text and "35%" in text and "Presidential Order No. 9" in text
    assert "tables/cn/2024.yaml:" in text


def test_annual_tax_all_keywords_and_types():
    r = libtax.annual_tax(
        2019, wages="120000", labour=D("0"), author=0.0, royalties=0, social_insurance=24000,
        special_additional=12000, other_deductions=0)
    assert r.tax == D("720.00")
    assert libtax.annual_tax(2024).tax == D("0.00")
    assert libtax.annual_tax(2024, wages=50000).taxable_income == D("0.00")  # never negative


def test_float_boundary_is_the_nearest_fen():
    assert libtax.annual_tax(2024, wages=96000.01).tax == D("1080.00")
    assert libtax.annual_tax(2024, wages=0.1 + 0.2).taxable_income == D("0.00")
    assert libtax.labour_withholding(2024, 1e4) == D("1600.00")
    # nearest fen of the float's binary value: 1.005 is 1.00499999999999989... -> 1.00
    assert libtax.annual_tax(2024, wages=60001.005).taxable_income == D("1.00")
    assert libtax.annual_tax(2024, wages=60000.125).taxable_income == D("0.13")  # exact half: away from zero
    assert libtax.annual_tax(2024, wages=1e-7).taxable_income == D("0.00")


def test_other_contract_functions():
    assert libtax.bonus_tax(2024, 36001) == D("3390.10")
    assert libtax.labour_withholding(2019, 2000) == D("240.00")
    assert libtax.business_tax(2024, 500000) == D("109500.00")
    assert libtax.author_withholding(2019, 40000) == D("4480.00")


@pytest.mark.parametrize("field", ["wages", "labour", "author", "royalties", "social_insurance",
                                   "special_additional", "other_deductions"])
@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), float("-inf"), D("NaN"), "12a", None, True])
def test_bad_amounts_name_the_field_and_value(field, bad):
    with pytest.raises(ValueError) as e:
        libtax.annual_tax(2024, **{field: bad})
    assert isinstance(e.value, libtax.InputError)
    assert e.value.field == field
    assert field in str(e.value)
    assert e.value.value  # the offending value is in the message
    assert e.value.value in str(e.value)


@pytest.mark.parametrize("year", [2018, 2028, 1990, 99999])
def test_uncovered_year_is_an_error_not_a_fallback(year):
    for call in (lambda: libtax.annual_tax(year, wages=1), lambda: libtax.bonus_tax(year, 1),
                 lambda: libtax.labour_withholding(year, 1), lambda: libtax.business_tax(year, 1)):
        with pytest.raises(ValueError) as e:
            call()
        assert isinstance(e.value, libtax.CoverageError)
        assert str(year) in str(e.value) and "year" in str(e.value)


def test_bad_year_types():
    for bad in ("2024", 2024.0, None, True):
        with pytest.raises(libtax.InputError) as e:
            libtax.annual_tax(bad, wages=1)
        assert e.value.field == "year"


def test_bonus_outside_the_window(tmp_path, source_dir):
    # what-if tables whose 2024 table has no separate-taxation window
    text = (source_dir / "tables/cn/2024.yaml").read_text()
    start = text.index("annual_bonus:")
    end = text.index("reconciliation:")
    (tmp_path / "cn").mkdir()
    (tmp_path / "cn/2024.yaml").write_text(text[:start] + text[end:])
    t = libtax.Tables.load(str(tmp_path))
    assert t.years() == [2024]
    with pytest.raises(ValueError) as e:
        libtax.bonus_tax(2024, 10000, tables=t)
    assert isinstance(e.value, libtax.NotAvailableError)
    assert "bonus" in str(e.value)
    # the same call on the built-in tables works
    assert libtax.bonus_tax(2024, 10000) == D("300.00")


def test_table_errors_name_file_line_and_key(tmp_path, source_dir):
    text = (source_dir / "tables/cn/2024.yaml").read_text()
    (tmp_path / "cn").mkdir()
    (tmp_path / "cn/2024.yaml").write_text(text.replace("rate: 0.10, quick: 2520", "rate: 0.10, quick: 2521"))
    with pytest.raises(libtax.TableError) as e:
        libtax.Tables.load(str(tmp_path))
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "quick: 2520" in l)
    assert e.value.line == line
    assert e.value.file.endswith("cn/2024.yaml")
    assert e.value.key == "schedules.comprehensive_annual.brackets[2].quick"
    assert f"2024.yaml:{line}:" in str(e.value)


def test_money_range_is_an_error():
    with pytest.raises(libtax.RangeError):
        libtax.annual_tax(2024, wages=10**16)
    big = libtax.annual_tax(2024, wages=10**12)
    assert big.tax == D(10**12 - 60000) * D("0.45") - D(181920)


def test_bonus_comparison_and_details():
    c = libtax.bonus_comparison(2024, 24000, wages=156000)
    assert (c.separate_total, c.merged_total, c.cheaper) == (D("7800.00"), D("9480.00"), "separate")
    assert "cheaper choice" in c.explain()
    d = libtax.bonus_tax_detail(2024, 36000)
    assert d.tax == D("1080.00") and "3000.0000" in d.explain()
    assert "800.00" in libtax.labour_withholding_detail(2024, 2000).explain()
    assert libtax.business_tax_detail(2024, 30000).rate == D("0.05")


def test_tables_object():
    t = libtax.Tables.builtin()
    assert t.years() == list(range(2019, 2028)) == libtax.years()
    assert t.origin == "built-in"
