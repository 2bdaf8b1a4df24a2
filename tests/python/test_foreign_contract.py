"""The Python contract (foreign individuals), names and keywords exact.

Examples from section 9; tags as in its section 0.
"""
import datetime
from decimal import Decimal

import pytest

import libtax

D = Decimal


def test_residence_days_accepts_iso_strings_and_dates():
    # E8a Jim [EXAM]: 2019-08-15 -> 2019-10-13 gives 58 residence days
    assert libtax.residence_days(2019, [("2019-08-15", "2019-10-13")]) == 58
    assert libtax.residence_days(2019, [(datetime.date(2019, 8, 15), datetime.date(2019, 10, 13))]) == 58
    assert isinstance(libtax.residence_days(2019, []), int)
    assert libtax.residence_days(2024, [["2024-03-01", "2024-03-01"]]) == 0


def test_e9a_weekly_commuter_156_days():
    # E9a [OFFICIAL-EX]: Monday morning to Friday evening every week, 52 weeks
    monday = datetime.date(2024, 1, 1)
    stays = [(monday + datetime.timedelta(7 * w), monday + datetime.timedelta(7 * w + 4)) for w in range(52)]
    assert libtax.residence_days(2024, stays) == 156
    r = libtax.residency(2024, stays)
    assert r.status == "nonresident_over_90_days" and not r.resident


ZHANG = [("2013-01-01", "2025-02-01"), ("2025-03-15", "2026-08-30")]  # E9b [OFFICIAL-EX]


@pytest.mark.parametrize("year,complete", [(2019, False), (2024, False), (2025, True), (2026, False)])
def test_e9b_six_year_chain(year, complete):
    c = libtax.six_year_chain(year, ZHANG)
    assert c.complete is complete
    r = libtax.residency(year, ZHANG)
    assert r.six_year_chain is complete
    assert r.status == ("resident_with_chain" if complete else "resident_without_chain")
    assert "six-year" in r.explain().lower() or "Six-year" in r.explain()


def test_e9b_2026_reason_names_the_trip():
    c = libtax.six_year_chain(2026, ZHANG)
    assert c.years[0]["longest_absence"] == 41
    assert "41 days" in c.reason
    assert "MOF/STA Announcement 2019 No. 34" in c.explain()


def test_bad_stays_name_the_stay():
    with pytest.raises(libtax.InputError) as e:
        libtax.residence_days(2024, [("2024-01-01", "2024-02-10"), ("2024-02-01", "2024-03-01")])
    assert e.value.field == "stays[1]"
    assert "2024-02-01 -> 2024-03-01" in str(e.value)
    with pytest.raises(libtax.InputError) as e:
        libtax.residence_days(2024, [("2024-03-05", "2024-03-01")])
    assert e.value.field == "stays[0]" and "reversed" in str(e.value)
    with pytest.raises(ValueError) as e:
        libtax.residence_days(2024, [("2024-02-30", "2024-03-01")])
    assert e.value.field == "stays[0].arrival"
    with pytest.raises(ValueError):
        libtax.residence_days(2024, [("2024-01-01",)])
    with pytest.raises(libtax.CoverageError):
        libtax.residence_days(2010, [])


def test_sourced_wage_contract_e8a():
    # E8a [EXAM]: 90,000 x 30,000/90,000 x 12.5/31 = 12,096.77; tax 499.68
    kw = dict(wage_total=90000, wage_domestic=30000, china_workdays=12.5, calendar_days=31, residence_days=58)
    got = libtax.sourced_wage(2019, **kw)
    assert isinstance(got, Decimal) and got == D("12096.77")
    assert libtax.nonresident_wage_tax(2019, **kw) == D("499.68")
    for days in ("12.5", D("12.5"), 12.5):
        assert libtax.sourced_wage(2019, **{**kw, "china_workdays": days}) == D("12096.77")
    detail = libtax.sourced_wage_detail(2019, **kw)
    assert "formula 1" in detail.formula
    assert "MOF/STA Announcement 2019 No. 35" in detail.explain()


@pytest.mark.parametrize("bad", [14.25, "14.3", D("0.1"), -1, "x", True, None, [14]])
def test_china_workdays_only_whole_or_half_days(bad):
    with pytest.raises(ValueError) as e:
        libtax.sourced_wage(2024, wage_total=1000, wage_domestic=1000, china_workdays=bad, calendar_days=30, residence_days=100)
    assert e.value.field == "china_workdays"


def test_robert_e8c_and_lee_e11():
    assert libtax.sourced_wage(2020, wage_total=30000, wage_domestic=15000, china_workdays=21, calendar_days=30, residence_days=88) == D("10500.00")
    assert libtax.nonresident_wage_tax(2020, wage_total=30000, wage_domestic=15000, china_workdays=21, calendar_days=30, residence_days=88) == D("340.00")
    kw = dict(wage_total=40000, wage_domestic=10000, china_workdays=15, calendar_days=30)
    assert libtax.nonresident_wage_tax(2024, residence_days=120, **kw) == D("1590.00")
    assert libtax.nonresident_wage_tax(2024, residence_days=60, **kw) == D("0.00")
    # senior manager at 90 days: what China pays, 10,000 -> (10,000 - 5,000) x 10% - 210 = 290
    assert libtax.nonresident_wage_tax(2024, residence_days=90, senior_manager=True, **kw) == D("290.00")
    d = libtax.nonresident_wage_tax_detail(2024, residence_days=120, **kw)
    assert d.tax == D("1590.00") and d.income == D("20000.00") and d.rate == D("0.2")
    assert "art. 6 para. 1(2)" in d.explain()


def test_nonresident_payments_e3():
    assert libtax.nonresident_labour_tax(2019, 20000) == D("1790.00")
    assert libtax.nonresident_author_tax(2019, 10000) == D("350.00")
    assert libtax.nonresident_labour_tax(2019, 2000) == D("48.00")
    assert libtax.nonresident_labour_tax(2019, 8000) == D("430.00")
    assert libtax.nonresident_author_tax(2019, 5000) == D("84.00")
    assert libtax.nonresident_royalty_tax(2019, 20000) == D("1790.00")
    assert "80%" in libtax.nonresident_author_tax_detail(2019, 5000).explain()


def test_bonus_e12_once_a_year():
    assert libtax.nonresident_bonus_tax(2024, 120000) == D("15540.00")
    with pytest.raises(libtax.NotAvailableError):
        libtax.nonresident_bonus_tax(2024, 120000, earlier_this_year=1)


def test_allowance_comparison_e15():
    # E15 [DERIVED]: allowances 145,080.00 against special additional deductions 228,380.00
    c = libtax.allowance_comparison(2024, wages=720000, allowances={"housing": 180000, "children_education": 100000}, special_additional=42000)
    assert c.allowances_tax == D("145080.00")
    assert c.deductions_tax == D("228380.00")
    assert c.cheaper == "allowances"
    assert c.saving == D("83300.00")
    assert "MOF/STA Announcement 2023 No. 29" in c.explain()
    # 2021 uses Caishui 164 item 7; 2022-2023 MOF/STA 2021 No. 43
    assert "Caishui [2018] No. 164" in libtax.allowance_comparison(2021, wages=1, allowances={}, special_additional=0).explain()
    assert "2021 No. 43" in libtax.allowance_comparison(2023, wages=1, allowances={}, special_additional=0).explain()


def test_allowance_conditions_home_leave_two_trips():
    trips = [{"kind": "home_leave", "amount": 10000}] * 3
    c = libtax.allowance_comparison(2024, wages=300000, allowances=trips + [{"kind": "housing", "amount": 5000, "form": "cash"}])
    assert c.exempt_allowances == D("20000.00")
    assert c.taxable_allowances == D("15000.00")
    with pytest.raises(libtax.InputError) as e:
        libtax.allowance_comparison(2024, wages=1, allowances={"car": 1})
    assert e.value.field == "allowances"
    with pytest.raises(libtax.InputError) as e:
        libtax.allowance_comparison(2024, wages=1, allowances=[{"kind": "housing", "amount": 1, "form": "cheque"}])
    assert e.value.field == "allowances[0].form"


def test_separately_taxed_items_e16_and_equity():
    assert libtax.severance_tax(2024, 500000, local_average_wage=120000) == D("11480.00")
    assert libtax.early_retirement_tax(2024, 400000, years=4) == D("5920.00")
    eq = libtax.equity_incentive_tax(2024, [200000, 300000])
    assert eq.grant_taxes == [D("23080.00"), D("74000.00")]
    assert eq.total_tax == libtax.equity_incentive_tax(2024, [500000]).total_tax
    assert "Caishui [2018] No. 164, item 5(1)" in libtax.severance_tax_detail(2024, 500000, local_average_wage=120000).explain()


def test_nondomiciled_annual_tax_matches_core_for_same_wages():
    r = libtax.nondomiciled_annual_tax(2024, sourced_wages=300000, social_insurance=10000)
    assert r.tax == libtax.annual_tax(2024, wages=300000, social_insurance=10000).tax


def test_working_days_e8a():
    w = libtax.working_days(2019, start="2019-10-01", end="2019-10-31", stays=[("2019-08-15", "2019-10-13")], employer="both")
    assert w.china_workdays == D("12.5") and w.calendar_days == 31
    assert libtax.working_days(2019, start="2019-10-01", end="2019-10-31", stays=[("2019-08-15", "2019-10-13")], employer="domestic").china_workdays == D("13")


def test_every_function_takes_tables():
    t = libtax.Tables.builtin()
    assert libtax.residence_days(2019, [("2019-08-15", "2019-10-13")], tables=t) == 58
    assert libtax.sourced_wage(2024, wage_total=1, wage_domestic=1, china_workdays=1, calendar_days=1, residence_days=1, tables=t) == D("1.00")
    assert libtax.nonresident_bonus_tax(2024, 1, tables=t) == D("0.03")


def test_names_are_exported():
    import libtax.foreign as f
    for name in f.__all__:
        assert getattr(libtax, name) is getattr(f, name)
