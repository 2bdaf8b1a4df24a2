"""Other deductions from their items, each capped by the year's table
(libtax/comprehensive/other_deductions.hpp), and annual_tax taking them in place of a total."""
from decimal import Decimal as D

import pytest

import libtax


def test_caps_from_the_tables():
    r = libtax.other_deductions(2024, commercial_health_insurance=3000, private_pension=15000)
    assert r.total == D("14400.00")  # 2,400 (Caishui [2017] 39) + 12,000 (MOF/STA 2024 No. 21)
    assert "Caishui [2017] No. 39" in r.explain() and "[tables/cn/2024.yaml:" in r.explain()
    r = libtax.other_deductions(2024, commercial_health_insurance=1000)
    assert r.total == D("1000.00")


def test_the_tax_deferred_pension_pilot():
    # the lower of the premiums, 6% of the wages and 1,000 a month (Caishui [2018] 22)
    r = libtax.other_deductions(2024, tax_deferred_pension=20000, tax_deferred_pension_wages=150000)
    assert r.total == D("9000.00")
    r = libtax.other_deductions(2024, tax_deferred_pension=20000, tax_deferred_pension_wages=1000000,
                                tax_deferred_pension_months=6)
    assert r.total == D("6000.00")
    r = libtax.other_deductions(2024, tax_deferred_pension=20000, tax_deferred_pension_wages="150000.05")
    assert r.total == D("9000.00")  # 9,000.003 rounds to 9,000.00
    assert "UNCONFIRMED" in r.explain() or "pilot" in r.explain()


def test_private_pension_before_the_scheme():
    with pytest.raises(libtax.NotAvailableError) as e:
        libtax.other_deductions(2021, private_pension=1000)
    assert e.value.field == "private_pension"


def test_annual_tax_takes_the_items_in_place_of_a_total():
    by_items = libtax.annual_tax(2024, wages=300000, other_deductions={"commercial_health_insurance": 3000})
    by_total = libtax.annual_tax(2024, wages=300000, other_deductions=2400)
    assert by_items.tax == by_total.tax
    assert "from the items below" in by_items.explain()
    with pytest.raises(libtax.InputError) as e:
        libtax.annual_tax(2024, wages=1, other_deductions={"gym": 1})
    assert e.value.field == "gym"
