"""Individual businesses' halving (business.individual_business_halving in the year tables;
formula in libtax/business/business_tax.hpp). The figures are cases of tests/cases/comprehensive.yaml;
this file checks the keywords, the explanation and the refusals."""
from decimal import Decimal as D

import pytest

import libtax


def test_the_default_is_unchanged_and_the_halving_is_asked_for():
    assert libtax.business_tax(2024, 1500000) == D("459500.00")
    assert libtax.business_tax(2024, 1500000, individual_business=True) == D("229750.00")
    r = libtax.business_tax_detail(2024, 1500000, individual_business=True)
    assert (r.tax_before_relief, r.halving_relief, r.other_relief) == (D("459500.00"), D("229750.00"), D("0.00"))
    text = r.explain()
    assert "MOF/STA Announcement 2023 No. 12" in text and "[tables/cn/2024.yaml:" in text
    assert "2,000,000" in text or "2000000.00" in text


def test_years_without_the_halving_say_so():
    r = libtax.business_tax_detail(2019, 1500000, individual_business=True)
    assert r.tax == D("459500.00") and r.halving_relief == D("0.00")
    assert "no halving" in r.explain()


def test_the_2021_ceiling_is_cited_from_its_own_file():
    text = libtax.business_tax_detail(2022, 1200000, individual_business=True).explain()
    assert "MOF/STA Announcement 2021 No. 12" in text and "[tables/cn/2021.yaml:" in text


def test_refusals_name_the_field():
    with pytest.raises(libtax.InputError) as e:
        libtax.business_tax(2024, 1000, individual_business="yes")
    assert e.value.field == "individual_business"
    with pytest.raises(libtax.InputError) as e:
        libtax.business_tax(2024, 1000, individual_business=True, other_relief=100)
    assert e.value.field == "other_relief"  # more relief than the tax of 50.00
    with pytest.raises(libtax.InputError) as e:
        libtax.business_tax(2024, 1000, other_relief=-1)
    assert e.value.field == "other_relief"


def test_more_income_never_less_tax_for_an_individual_business():
    last = D(0)
    for ti in range(0, 4_000_001, 50_000):
        tax = libtax.business_tax(2024, ti, individual_business=True)
        assert tax >= last and tax <= libtax.business_tax(2024, ti)
        last = tax
