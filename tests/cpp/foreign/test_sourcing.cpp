// Working days, the sourcing formulas of MOF/STA 2019 No. 35 and the non-resident taxes.
// Examples from section 9 (E3, E8, E11, E12, E17).
#include <catch2/catch.hpp>

#include "foreign_test.hpp"

using namespace libtax;
using namespace libtax::test;

TEST_CASE("Working days are whole or half days, kept exactly", "[working-days]") {
    CHECK(WorkingDays::parse("14.5").halves() == 29);
    CHECK(WorkingDays::parse("14").halves() == 28);
    CHECK(WorkingDays::parse("14.50").halves() == 29);
    CHECK(WorkingDays::parse("14.0").str() == "14");
    CHECK_THROWS_AS(WorkingDays::parse("14.25"), InputError);
    CHECK_THROWS_AS(WorkingDays::parse("-1"), InputError);
    CHECK_THROWS_AS(WorkingDays::parse("abc"), InputError);
    CHECK_THROWS_AS(WorkingDays::parse(""), InputError);
}

TEST_CASE("E8a: departure day is half a working day with a foreign employer [EXAM]", "[working-days][E8]") {
    // Jim: arrived 2019-08-15, left 2019-10-13; October has 12 whole days + the departure day.
    const std::vector<Stay> jim{{d("2019-08-15"), d("2019-10-13")}};
    CHECK(residence_days(jim, 2019) == 58);
    const WorkPeriodDays oct = china_working_days(year(2019), d("2019-10-01"), d("2019-10-31"), jim, Employer::domestic_and_foreign);
    CHECK(oct.china.str() == "12.5");
    CHECK(oct.calendar_days == 31);
    CHECK(oct.overseas().str() == "18.5");
    // employed only by a domestic entity, a partial day is a whole working day
    CHECK(china_working_days(year(2019), d("2019-10-01"), d("2019-10-31"), jim, Employer::domestic_only).china.str() == "13");
    // leave taken abroad inside the China work period counts; a day in China cannot be listed
    CHECK(china_working_days(year(2019), d("2019-10-01"), d("2019-10-31"), jim, Employer::foreign_only, {d("2019-10-20")}).china.str() == "13.5");
    CHECK_THROWS_AS(china_working_days(year(2019), d("2019-10-01"), d("2019-10-31"), jim, Employer::foreign_only, {d("2019-10-05")}), InputError);
    CHECK_THROWS_AS(china_working_days(year(2019), d("2019-10-01"), d("2019-10-31"), jim, Employer::foreign_only, {d("2019-11-05")}), InputError);
}

TEST_CASE("E8a: formula 1, non-resident at most 90 days [EXAM]", "[sourcing][E8]") {
    // income = 90,000 x 30,000/90,000 x 12.5/31 = 12,096.77; tax (12,096.77 - 5,000) x 10% - 210 = 499.68
    const MonthlyWages w = wages("90000", "30000", "12.5", 31);
    const SourcedWage s = sourced_wage(year(2019), w, 58);
    CHECK(s.formula == SourcingFormula::domestic_share_of_china_days);
    CHECK(round_half_up(s.income) == yuan("12096.77"));
    CHECK(s.income == Exact(Money::yuan(30000)).scaled(25, 62));  // exact, not rounded
    CHECK(nonresident_wage_tax(year(2019), w, 58).tax == yuan("499.68"));
}

TEST_CASE("E8c: Robert, 21 China working days of 30 [3P]", "[sourcing][E8]") {
    // 6 actual + 8 public holidays + 2 leave + 5 training = 21; income 15,000 x 21/30 = 10,500; tax 340.00
    const MonthlyWages w = wages("30000", "15000", "21", 30);
    CHECK(round_half_up(sourced_wage(year(2020), w, 88).income) == yuan("10500.00"));
    CHECK(nonresident_wage_tax(year(2020), w, 88).tax == yuan("340.00"));
}

TEST_CASE("E11: formula 2, non-resident over 90 days, and the 90-day variant [3P]", "[sourcing][E11]") {
    const MonthlyWages w = wages("40000", "10000", "15", 30);
    const SourcedWage s = sourced_wage(year(2024), w, 120);
    CHECK(s.formula == SourcingFormula::china_days_share);
    CHECK(round_half_up(s.income) == yuan("20000.00"));
    CHECK(nonresident_wage_tax(year(2024), w, 120).tax == yuan("1590.00"));
    // at most 90 days: 40,000 x 10,000/40,000 x 15/30 = 5,000 -> tax 0
    CHECK(round_half_up(sourced_wage(year(2024), w, 60).income) == yuan("5000.00"));
    CHECK(nonresident_wage_tax(year(2024), w, 60).tax == yuan("0.00"));
}

TEST_CASE("Each formula at its day thresholds 90/91 and 182/183", "[sourcing][threshold]") {
    const TaxYear& t = year(2024);
    const MonthlyWages w = wages("40000", "10000", "15", 30);  // Wf 30,000, Dov 15
    // formula 1 at 90, formula 2 at 91
    CHECK(round_half_up(sourced_wage(t, w, 90).income) == yuan("5000.00"));
    CHECK(round_half_up(sourced_wage(t, w, 91).income) == yuan("20000.00"));
    // formula 2 at 182, formula 3 at 183: 40,000 - 30,000 x 15/30 = 25,000; chain: 40,000
    CHECK(round_half_up(sourced_wage(t, w, 182).income) == yuan("20000.00"));
    CHECK(round_half_up(sourced_wage(t, w, 183).income) == yuan("25000.00"));
    CHECK(sourced_wage(t, w, 183).formula == SourcingFormula::exclude_foreign_paid_overseas);
    CHECK(round_half_up(sourced_wage(t, w, 183, false, true).income) == yuan("40000.00"));
    // senior managers: Wd at 90, formula 3 at 91 and 182; residents like everyone else
    CHECK(round_half_up(sourced_wage(t, w, 90, true).income) == yuan("10000.00"));
    CHECK(round_half_up(sourced_wage(t, w, 91, true).income) == yuan("25000.00"));
    CHECK(round_half_up(sourced_wage(t, w, 182, true).income) == yuan("25000.00"));
    CHECK(round_half_up(sourced_wage(t, w, 183, true).income) == yuan("25000.00"));
    CHECK(round_half_up(sourced_wage(t, w, 183, true, true).income) == yuan("40000.00"));
    // the six-year chain flag matters only for residents
    CHECK(round_half_up(sourced_wage(t, w, 120, false, true).income) == yuan("20000.00"));
}

TEST_CASE("Sourcing properties: whole month in China gives W; none gives 0 (non-resident)", "[sourcing][property]") {
    const TaxYear& t = year(2024);
    for (int days : {30, 100, 150, 200}) {
        CHECK(sourced_wage(t, wages("30000", "30000", "30", 30), days).income == Exact(yuan("30000")));
    }
    CHECK(sourced_wage(t, wages("30000", "10000", "0", 30), 100).income.is_zero());
    CHECK(sourced_wage(t, wages("30000", "10000", "0", 30), 50).income.is_zero());
    // a resident without the chain keeps the China-paid part even with no China days
    CHECK(sourced_wage(t, wages("30000", "10000", "0", 30), 200).income == Exact(yuan("10000")));
}

TEST_CASE("Bad sourcing input is an error naming the field", "[sourcing][errors]") {
    const TaxYear& t = year(2024);
    auto field_of = [&](const MonthlyWages& w, int days) {
        try {
            sourced_wage(t, w, days);
        } catch (const InputError& e) {
            return e.field();
        }
        return std::string("(no error)");
    };
    CHECK(field_of(wages("1000", "2000", "10", 30), 50) == "wage_domestic");
    CHECK(field_of(wages("-1", "0", "10", 30), 50) == "wage_total");
    CHECK(field_of(wages("1000", "0", "30.5", 30), 50) == "china_workdays");
    CHECK(field_of(wages("1000", "0", "10", 0), 50) == "calendar_days");
    CHECK(field_of(wages("1000", "0", "10", 30), 400) == "residence_days");
    CHECK_THROWS_AS(nonresident_wage_tax(t, wages("1000", "0", "10", 30), 183), InputError);
}

TEST_CASE("E17: non-resident full month, 25,000 on the upper bound of the 20% row", "[nonresident][E17]") {
    CHECK(nonresident_wage_tax(year(2024), wages("30000", "30000", "30", 30), 150).tax == yuan("3590.00"));
    const NonresidentTax r = explained([&](Trace* tr) { return nonresident_wage_tax(year(2024), Exact(yuan("30000")), tr); });
    CHECK(r.tax == yuan("3590.00"));
    CHECK(r.explanation.text().find("Presidential Order No. 9 (2018), art. 6 para. 1(2)") != std::string::npos);
    // the 5,000 is not taxed; 5,000.01 is taxed at 3%
    CHECK(nonresident_wage_tax(year(2024), Exact(yuan("5000"))).tax == yuan("0.00"));
    CHECK(nonresident_wage_tax(year(2024), Exact(yuan("5100"))).tax == yuan("3.00"));
}

TEST_CASE("E3: non-resident labour, author's and royalty payments", "[nonresident][E3]") {
    const TaxYear& t = year(2019);
    CHECK(nonresident_payment_tax(t, NonresidentPayment::labour, yuan("20000")).tax == yuan("1790.00"));
    CHECK(nonresident_payment_tax(t, NonresidentPayment::royalty, yuan("20000")).tax == yuan("1790.00"));
    CHECK(nonresident_payment_tax(t, NonresidentPayment::author, yuan("10000")).tax == yuan("350.00"));
    CHECK(nonresident_payment_tax(t, NonresidentPayment::labour, yuan("2000")).tax == yuan("48.00"));
    CHECK(nonresident_payment_tax(t, NonresidentPayment::labour, yuan("8000")).tax == yuan("430.00"));
    CHECK(nonresident_payment_tax(t, NonresidentPayment::author, yuan("5000")).tax == yuan("84.00"));
    CHECK_THROWS_AS(nonresident_payment_tax(t, NonresidentPayment::labour, yuan("-1")), InputError);
}

TEST_CASE("E12: non-resident multi-month bonus divided by six, once a year", "[nonresident][E12]") {
    const NonresidentTax r = explained([&](Trace* tr) { return nonresident_bonus_tax(year(2024), Exact(yuan("120000")), 0, tr); });
    CHECK(r.tax == yuan("15540.00"));
    CHECK(r.rate == Rate::parse("0.20"));
    CHECK(r.explanation.text().find("MOF/STA Announcement 2019 No. 35") != std::string::npos);
    CHECK_THROWS_AS(nonresident_bonus_tax(year(2024), Exact(yuan("120000")), 1), NotAvailableError);
    // bonus / 6 = 3,000 exactly stays in the 3% row; one fen more moves to 10%
    CHECK(nonresident_bonus_tax(year(2024), Exact(yuan("18000"))).tax == yuan("540.00"));
    CHECK(nonresident_bonus_tax(year(2024), Exact(yuan("18000.01"))).tax == yuan("540.00"));  // 1800.001 - 1260 = 540.001
    CHECK(round_half_up(china_share_of_bonus(yuan("120000"), WorkingDays::parse("182.5"), 365)) == yuan("60000.00"));
}

TEST_CASE("Non-domiciled resident's annual tax uses the sourced wages", "[nondomiciled]") {
    ComprehensiveIncome other;
    const AnnualTaxResult r = explained([&](Trace* tr) { return nondomiciled_annual_tax(year(2024), Exact(yuan("300000")), other, tr); });
    ComprehensiveIncome same;
    same.receipts.wages = yuan("300000");
    CHECK(r.tax == annual_tax(year(2024), same).tax);
    other.receipts.wages = yuan("1");
    CHECK_THROWS_AS(nondomiciled_annual_tax(year(2024), Exact(yuan("1")), other), InputError);
}
