"""The payroll Python contract: libtax.withhold_wages and libtax.reconcile, names exact, with the
worked examples of (ids and source tags named)."""
from decimal import Decimal

import pytest

import libtax

D = Decimal


def test_exports():
    for name in ("withhold_wages", "reconcile", "withholding_run", "WithholdingRun", "Reconciliation", "MonthWithholding"):
        assert hasattr(libtax, name)
    assert set(libtax.payroll.__all__) <= set(dir(libtax))


def test_e1_official_cumulative_example():
    # E1 [OFFICIAL-EX] months 1-3, [DERIVED] 4-12
    months = [dict(wage=30000, social_insurance=4500, special_additional=2000)] * 12
    got = libtax.withhold_wages(2019, months)
    assert got[:3] == [D("555.00"), D("625.00"), D("1850.00")]
    assert got == [D(x) for x in ("555", "625", "1850", "1850", "1850", "1850", "1850", "2250", "3700", "3700", "3700", "3700")]
    assert sum(got) == D("27480.00")
    assert all(isinstance(x, Decimal) for x in got)


def test_missing_keys_mean_zero_and_amount_types():
    assert libtax.withhold_wages(2024, [{}, {"wage": "20000"}]) == [D("0.00"), D("300.00")]
    assert libtax.withhold_wages(2024, [{"wage": D("20000")}]) == [D("450.00")]
    assert libtax.withhold_wages(2024, [{"wage": 20000.0}]) == [D("450.00")]
    assert libtax.withhold_wages(2024, []) == []


def test_e13_new_joiner_first_wages_vs_old_method():
    # E13 [DERIVED]: joins in July, 10,000 wage, 2,000 special deductions
    months = [dict(wage=10000, social_insurance=2000)] * 6
    assert libtax.withhold_wages(2024, months, first_month=7, first_wages_this_year=True) == [D("0.00")] * 6
    old = libtax.withhold_wages(2024, months, first_month=7)
    assert old[0] == D("90.00")


def test_first_wages_rule_not_before_its_date():
    with pytest.raises(libtax.NotAvailableError) as e:
        libtax.withhold_wages(2019, [{"wage": 1}], first_month=7, first_wages_this_year=True)
    assert "first_wages_this_year" in str(e.value)
    with pytest.raises(ValueError, match="2020-07-01"):
        libtax.withhold_wages(2020, [{"wage": 1}], first_month=6, first_wages_this_year=True)


def test_low_earner_edges():
    # STA 2020 No. 19: cumulative income 60,000 vs 60,000.01
    at = libtax.withholding_run(2024, [{"wage": 5000}] * 12, prior_year_low_income=True)
    assert at.total == D("0.00") and at.months[-1].within_low_income_allowance
    above = libtax.withholding_run(2024, [{"wage": 5000}] * 11 + [{"wage": "5000.01"}], prior_year_low_income=True)
    assert not above.months[-1].within_low_income_allowance
    assert above.months[-1].cumulative_taxable == D("0.01")
    got = libtax.withhold_wages(2024, [{"wage": 10000}] * 12, prior_year_low_income=True)
    assert got[:6] == [D("0.00")] * 6 and got[6] == D("300.00")
    with pytest.raises(libtax.NotAvailableError):
        libtax.withhold_wages(2020, [{"wage": 1}], prior_year_low_income=True)


def test_bad_keys_and_values_name_month_and_key():
    with pytest.raises(ValueError, match=r"months\[1\]\.wages"):
        libtax.withhold_wages(2024, [{"wage": 1}, {"wages": 1}])
    with pytest.raises(ValueError, match=r"months\[0\]\.social_insurance"):
        libtax.withhold_wages(2024, [{"social_insurance": -1}])
    with pytest.raises(ValueError, match=r"months\[2\]\.wage"):
        libtax.withhold_wages(2024, [{}, {}, {"wage": "abc"}])
    with pytest.raises(ValueError, match=r"months\[0\]\.wage"):
        libtax.withhold_wages(2024, [{"wage": True}])
    with pytest.raises(ValueError, match=r"months\[0\]\.exempt_income"):
        libtax.withhold_wages(2024, [{"wage": 1, "exempt_income": 2}])
    with pytest.raises(ValueError, match="months"):
        libtax.withhold_wages(2024, [{}] * 13)
    with pytest.raises(ValueError, match="months"):
        libtax.withhold_wages(2024, [{}] * 2, first_month=12)
    with pytest.raises(ValueError, match=r"months\[0\]"):
        libtax.withhold_wages(2024, [5])
    with pytest.raises(ValueError, match="first_month"):
        libtax.withhold_wages(2024, [{}], first_month=0)
    with pytest.raises(libtax.CoverageError):
        libtax.withhold_wages(2018, [{}])
    # the bonus is not a key of the plain contract; withholding_run takes it
    with pytest.raises(ValueError, match=r"months\[0\]\.bonus"):
        libtax.withhold_wages(2024, [{"bonus": 1}])


def test_bonus_month_both_ways():
    months = [{"wage": 20000}] * 11 + [{"wage": 20000, "bonus": 36000}]
    sep = libtax.withholding_run(2024, months)
    assert sep.months[-1].bonus_withholding == D("1080.00")
    assert sep.months[-1].withheld == D("4080.00")
    months[-1] = {"wage": 20000, "bonus": 36000, "bonus_method": "merged"}
    mer = libtax.withholding_run(2024, months)
    assert mer.months[-1].withheld == D("10200.00")
    assert "bonus: monthly equivalent" in sep.months[-1].explain()
    with pytest.raises(ValueError, match=r"months\[11\]\.bonus_method"):
        libtax.withholding_run(2024, [{}] * 11 + [{"bonus": 1, "bonus_method": "later"}])


def test_detailed_run_explains_each_month():
    run = libtax.withholding_run(2019, [dict(wage=30000, social_insurance=4500, special_additional=2000)] * 3)
    m2 = run.months[1]
    assert (m2.month, m2.withheld, m2.withheld_before, m2.cumulative_tax, m2.bracket) == (2, D("625.00"), D("555.00"), D("1180.00"), 2)
    text = m2.explain()
    assert "cumulative taxable income" in text and "37000.00" in text and "STA Announcement 2018 No. 61" in text
    assert run.withheld == [D("555.00"), D("625.00"), D("1850.00")]
    assert any(s["label"] == "bracket" for s in m2.steps())


def test_intern_continuous_labour():
    # E13 intern [OFFICIAL-EX via CTA text]: 3,000 in July -> nothing withheld
    run = libtax.withholding_run(2024, [{"labour": 3000}], first_month=7, continuous_labour=True)
    assert run.total == D("0.00")
    assert "UNCONFIRMED" in run.explain()
    assert libtax.labour_withholding(2024, 3000) == D("440.00")
    with pytest.raises(ValueError, match=r"months\[0\]\.wage"):
        libtax.withholding_run(2024, [{"wage": 3000}], continuous_labour=True)


def test_reconcile_e5_refund():
    # E5 [OFFICIAL-EX-unseen]
    r = libtax.reconcile(2019, wages=120000, social_insurance=24000, special_additional=12000, prepaid=1080)
    assert r.tax == D("720.00")
    assert r.balance == D("-360.00")
    assert r.must_file is False and r.exempt_from_paying is False
    assert "-360.00" in r.explain()


def test_reconcile_e7_refund():
    # E7 [OFFICIAL-EX-unseen]
    r = libtax.reconcile(2019, labour=120000, special_additional=24000, prepaid=19200)
    assert (r.tax, r.balance) == (D("360.00"), D("-18840.00"))


def test_reconcile_payment_and_several_employers():
    r = libtax.reconcile(2024, payers=[{"wages": 120000, "prepaid": 3480}, {"wages": 120000, "prepaid": 3480}])
    assert (r.tax, r.balance, r.must_file, r.exempt_from_paying) == (D("19080.00"), D("12120.00"), True, False)
    with pytest.raises(ValueError, match=r"payers\[1\]\.salary"):
        libtax.reconcile(2024, payers=[{}, {"salary": 1}])


@pytest.mark.parametrize("wages,exempt", [("120000", True), ("120000.01", False)])
def test_exemption_income_edge(wages, exempt):
    r = libtax.reconcile(2024, wages=wages)
    assert r.balance == D("3480.00")
    assert r.exempt_from_paying is exempt and r.must_file is (not exempt)


@pytest.mark.parametrize("prepaid,exempt", [("11080", True), ("11079.99", False)])
def test_exemption_payable_edge(prepaid, exempt):
    r = libtax.reconcile(2024, wages=200000, prepaid=prepaid)
    assert r.exempt_from_paying is exempt and r.must_file is (not exempt)


def test_bonus_choice_revisited():
    r = libtax.reconcile(2024, wages=156000, bonus=24000)
    assert (r.bonus_treatment, r.tax, r.separate_total, r.merged_total) == ("separate", D("7800.00"), D("7800.00"), D("9480.00"))
    r = libtax.reconcile(2024, wages=50000, bonus=20000)
    assert (r.bonus_treatment, r.tax) == ("merged", D("300.00"))


def test_reconcile_errors():
    with pytest.raises(ValueError, match="prepaid"):
        libtax.reconcile(2024, prepaid=-1)
    with pytest.raises(libtax.CoverageError):
        libtax.reconcile(2030, wages=1)
    with pytest.raises(TypeError):
        libtax.reconcile(2024, 1)


def test_tables_keyword():
    t = libtax.Tables.builtin()
    assert libtax.withhold_wages(2024, [{"wage": 20000}], tables=t) == [D("450.00")]
    assert libtax.reconcile(2024, wages=120000, tables=t).tax == D("3480.00")


def test_commissions():
    run = libtax.withholding_run(2019, [{"labour": 20000}] * 2, commissions=True)
    assert run.withheld == [D("210.00"), D("210.00")]
    with pytest.raises(ValueError, match="commissions"):
        libtax.withholding_run(2019, [{}], commissions=True, continuous_labour=True)


def test_month_by_month_state_reproduces_the_run():
    # E1 month by month, storing the state as plain values between months as a payroll system would
    state = libtax.start_withholding(2019)
    got = []
    for _ in range(12):
        m = state.withhold({"wage": 30000, "social_insurance": 4500, "special_additional": 2000})
        got.append(m.withheld)
        stored = m.state.to_dict()
        assert all(isinstance(v, (str, int, bool, tuple, type(None))) for v in stored.values())
        state = libtax.WithholdingState.from_dict(stored)
    assert sum(got) == D("27480.00") and got[:3] == [D("555.00"), D("625.00"), D("1850.00")]
    assert state.last_month == 12 and state.withheld == D("27480.00")


def test_month_by_month_exact_intern_income_survives_storage():
    state = libtax.start_withholding(2024, first_month=7, continuous_labour=True)
    m = state.withhold({"labour": "0.01"})
    d = m.state.to_dict()
    assert d["income_fen"] == (4, 5)  # 0.8 fen, exact
    again = libtax.WithholdingState.from_dict(d).withhold({"labour": 20000})
    direct = m.state.withhold({"labour": 20000})
    assert again.cumulative_taxable == direct.cumulative_taxable and again.withheld == direct.withheld


def test_month_by_month_errors():
    state = libtax.start_withholding(2024, first_month=3)
    with pytest.raises(ValueError, match="month = 2"):
        state.withhold({"wage": 1}, month=2)
    with pytest.raises(ValueError, match="wages"):
        state.withhold({"wages": 1})
    m = state.withhold({"wage": 1})
    assert m.month == 3
    with pytest.raises(ValueError, match="already withheld"):
        m.state.withhold({"wage": 1}, month=3)
    d = m.state.to_dict()
    d["first_wages_this_year"] = True
    d["year"] = 2019
    with pytest.raises(libtax.NotAvailableError):
        libtax.WithholdingState.from_dict(d)
    with pytest.raises(ValueError, match="state.extra"):
        libtax.WithholdingState.from_dict({**m.state.to_dict(), "extra": 1})
    with pytest.raises(ValueError, match="state.withheld"):
        libtax.WithholdingState.from_dict({**m.state.to_dict(), "withheld": "-1"})


def test_reconcile_from_withholding_runs():
    # [DERIVED] two employers, half a year each, 20,000 a month; a 12,000 bonus taxed separately at
    # the second; 24,000 of special additional deductions claimed only at reconciliation
    a = libtax.withholding_run(2024, [{"wage": 20000}] * 6)
    b = libtax.withholding_run(2024, [{"wage": 20000}] * 5 + [{"wage": 20000, "bonus": 12000}], first_month=7)
    r = libtax.reconcile(2024, runs=[a, b.months[-1].state], special_additional=24000)
    # 240,000 - 60,000 - 24,000 = 156,000 -> 14,280; bonus separately 360
    # prepaid: each employer 120,000 - 6 x 5,000 = 90,000 -> 6,480 (only its own months deducted), plus 360
    assert (r.bonus_treatment, r.tax, r.prepaid) == ("separate", D("14640.00"), D("13320.00"))
    assert r.balance == D("1320.00") and r.must_file and not r.exempt_from_paying
    with pytest.raises(ValueError, match=r"runs\[0\]"):
        libtax.reconcile(2023, runs=[a])
    with pytest.raises(ValueError, match="only one"):
        libtax.reconcile(2024, runs=[b], bonus=1000)
    assert libtax.WithholdingState.from_dict(b.months[-1].state.to_dict()).to_dict()["bonus_separate"] == "12000.00"


def test_reconcile_commissions():
    # 20,000 of commissions a month (UNCONFIRMED rule): income amount 60% -> 144,000; tax 5,880.00,
    # which the cumulative withholding already took: nothing to pay or file
    run = libtax.withholding_run(2024, [{"labour": 20000}] * 12, commissions=True)
    assert run.total == D("5880.00")
    r = libtax.reconcile(2024, runs=[run])
    assert (r.tax, r.balance, r.must_file) == (D("5880.00"), D("0.00"), False)
    assert libtax.reconcile(2024, commissions=240000, prepaid="5880").balance == D("0.00")
    assert libtax.reconcile(2024, payers=[{"commissions": 240000}]).tax == D("5880.00")
    assert "commissions income amount" in libtax.reconcile(2024, commissions=240000).explain()
    with pytest.raises(libtax.InputError, match="commissions"):
        libtax.reconcile(2024, commissions=-1)
