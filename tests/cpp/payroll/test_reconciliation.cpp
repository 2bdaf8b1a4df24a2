// The annual reconciliation: refunds and payments of the worked examples, the exemption
// thresholds at their edges, the bonus choice revisited, errors.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {

const TaxYear& year(int y) { return Tables::builtin().year(y); }

ReconciliationInput wages(const char* w, const char* prepaid) {
    ReconciliationInput in;
    in.income.receipts.wages = yuan(w);
    in.prepaid = yuan(prepaid);
    return in;
}

}  // namespace

TEST_CASE("E5: a special additional deduction claimed only at reconciliation, refund 360.00", "[reconciliation][example]") {
    // E5 [OFFICIAL-EX-unseen]: wages 10,000 x 12, special 2,000 x 12, child 1,000 x 12
    ReconciliationInput in = wages("120000", "1080");
    in.income.social_insurance = yuan("24000");
    in.income.special_additional = yuan("12000");
    const auto r = explained([&](Trace* tr) { return reconcile(year(2019), in, tr); });
    CHECK(r.tax.str() == "720.00");
    CHECK(r.balance.str() == "-360.00");
    CHECK(r.refund_due);
    CHECK_FALSE(r.must_file);
    CHECK_FALSE(r.exempt_from_paying);
    CHECK_THAT(r.explanation.text(), Catch::Contains("refund") && Catch::Contains("-360.00"));
}

TEST_CASE("E7: freelance labour prepaid 19,200, refund 18,840.00", "[reconciliation][example]") {
    // E7 [OFFICIAL-EX-unseen]: labour 10,000 x 12, SAD 24,000 as reported
    ReconciliationInput in;
    in.income.receipts.labour = yuan("120000");
    in.income.special_additional = yuan("24000");
    in.prepaid = yuan("19200");
    const auto r = reconcile(year(2019), in);
    CHECK(r.tax.str() == "360.00");
    CHECK(r.balance.str() == "-18840.00");
    in.income.special_additional = Money();
    CHECK(reconcile(year(2019), in).balance.str() == "-18120.00");  // [DERIVED] without SADs
}

TEST_CASE("Two employers each deducting 5,000 a month: payment due, filing required", "[reconciliation]") {
    // [DERIVED] each employer withholds (120,000 - 60,000) x 10% - 2,520 = 3,480.00
    ReconciliationInput in = wages("240000", "6960");
    const auto r = explained([&](Trace* tr) { return reconcile(year(2024), in, tr); });
    CHECK(r.tax.str() == "19080.00");
    CHECK(r.balance.str() == "12120.00");
    CHECK(r.must_file);
    CHECK_FALSE(r.exempt_from_paying);
    CHECK_FALSE(r.refund_due);
}

TEST_CASE("Exemption: income 120,000 and one fen above", "[reconciliation][edge]") {
    // nothing prepaid; tax on 120,000 of wages = 60,000 x 10% - 2,520 = 3,480 > 400
    for (int y : {2019, 2022, 2024, 2027}) {
        const auto at = reconcile(year(y), wages("120000", "0"));
        CHECK(at.balance.str() == "3480.00");
        CHECK(at.exempt_from_paying);
        CHECK_FALSE(at.must_file);
        const auto above = reconcile(year(y), wages("120000.01", "0"));
        CHECK(above.balance.str() == "3480.00");
        CHECK_FALSE(above.exempt_from_paying);
        CHECK(above.must_file);
    }
}

TEST_CASE("Exemption: income basis is gross receipts (labour counted at 100%, UNCONFIRMED)", "[reconciliation][edge]") {
    // labour 130,000: income amount 104,000 (<= 120,000) but gross receipts 130,000 (> 120,000)
    ReconciliationInput in;
    in.income.receipts.labour = yuan("130000");
    const auto r = explained([&](Trace* tr) { return reconcile(year(2024), in, tr); });
    CHECK(r.income_for_exemption.str() == "130000.00");
    CHECK(r.balance.str() == "1880.00");  // (104,000 - 60,000) x 10% - 2,520
    CHECK(r.must_file);
    CHECK_THAT(r.explanation.text(), Catch::Contains("UNCONFIRMED"));
}

TEST_CASE("Exemption: payable 400 and one fen above", "[reconciliation][edge]") {
    // wages 200,000: tax (140,000 x 10% - 2,520) = 11,480
    const auto at = reconcile(year(2024), wages("200000", "11080"));
    CHECK(at.balance.str() == "400.00");
    CHECK(at.exempt_from_paying);
    CHECK_FALSE(at.must_file);
    const auto above = reconcile(year(2024), wages("200000", "11079.99"));
    CHECK(above.balance.str() == "400.01");
    CHECK_FALSE(above.exempt_from_paying);
    CHECK(above.must_file);
    // the carve-out: an agent that failed to withhold leaves no exemption
    ReconciliationInput failed = wages("200000", "11080");
    failed.agent_failed_to_withhold = true;
    const auto f = reconcile(year(2024), failed);
    CHECK(f.must_file);
    CHECK_FALSE(f.exempt_from_paying);
}

TEST_CASE("Settled exactly: nothing to file", "[reconciliation]") {
    const auto r = reconcile(year(2024), wages("200000", "11480"));
    CHECK(r.balance.is_zero());
    CHECK_FALSE(r.must_file);
    CHECK_FALSE(r.exempt_from_paying);
    CHECK_FALSE(r.refund_due);
}

TEST_CASE("The bonus choice revisited: the cheaper of separate and merged", "[reconciliation][bonus]") {
    // E4(c) [DERIVED]: taxable income without the bonus 96,000; bonus 24,000
    ReconciliationInput c = wages("156000", "0");
    c.annual_bonus = yuan("24000");
    const auto rc = explained([&](Trace* tr) { return reconcile(year(2024), c, tr); });
    CHECK(rc.bonus_treatment == BonusTreatment::separate);
    CHECK(rc.separate_total.str() == "7800.00");
    CHECK(rc.merged_total.str() == "9480.00");
    CHECK(rc.tax.str() == "7800.00");
    CHECK(rc.bonus_tax.str() == "720.00");
    CHECK(rc.income_for_exemption.str() == "156000.00");  // the separate bonus is not comprehensive income
    // E4(d) [DERIVED]: wages 50,000, bonus 20,000: merged 300.00 < separate 600.00
    ReconciliationInput d = wages("50000", "600");
    d.annual_bonus = yuan("20000");
    const auto rd = reconcile(year(2024), d);
    CHECK(rd.bonus_treatment == BonusTreatment::merged);
    CHECK(rd.tax.str() == "300.00");
    CHECK(rd.balance.str() == "-300.00");
    CHECK(rd.income_for_exemption.str() == "70000.00");
}

TEST_CASE("Reconciliation: tax reductions and bad input", "[reconciliation][errors]") {
    ReconciliationInput in = wages("200000", "0");
    in.tax_reductions = yuan("480");
    CHECK(reconcile(year(2024), in).tax.str() == "11000.00");
    in.tax_reductions = yuan("20000");
    CHECK(reconcile(year(2024), in).tax.str() == "0.00");
    CHECK_THROWS_WITH(reconcile(year(2024), wages("1", "-1")), Catch::Contains("prepaid"));
    ReconciliationInput neg = wages("1", "0");
    neg.income.special_additional = yuan("-1");
    CHECK_THROWS_AS(reconcile(year(2024), neg), InputError);
}

TEST_CASE("Reconciliation agrees with the withholding run when nothing changes", "[reconciliation][withholding]") {
    // E1 again: withheld 27,480 over the year; reconciliation with the same figures settles to 0
    std::vector<MonthInput> ms;
    for (int m = 1; m <= 12; ++m) {
        MonthInput in;
        in.month = m;
        in.pay = yuan("30000");
        in.social_insurance = yuan("4500");
        in.special_additional = yuan("2000");
        ms.push_back(in);
    }
    const auto run = withhold_year(year(2019), {}, ms);
    ReconciliationInput in = wages("360000", run.total.str().c_str());
    in.income.social_insurance = yuan("54000");
    in.income.special_additional = yuan("24000");
    CHECK(reconcile(year(2019), in).balance.is_zero());
}

TEST_CASE("Reconciliation from two employers' withholding runs, with a bonus and a late deduction", "[reconciliation][withholding]") {
    // [DERIVED] employer A Jan-Jun 20,000 a month; employer B Jul-Dec 20,000 a month and a 12,000 bonus
    // in December taxed separately; each deducts 5,000 only for its own months
    const TaxYear& y = year(2024);
    std::vector<MonthInput> a, b;
    for (int m = 1; m <= 12; ++m) {
        MonthInput in;
        in.month = m;
        in.pay = yuan("20000");
        in.exempt_income = yuan("500");
        (m <= 6 ? a : b).push_back(in);
    }
    b.back().bonus = yuan("12000");
    WithholdingTerms tb;
    tb.first_month = 7;
    const auto ra = withhold_year(y, {}, a), rb = withhold_year(y, tb, b);
    CHECK(ra.total.str() == "6180.00");  // 6 x 14,500 = 87,000 -> 10% - 2,520
    CHECK(rb.total.str() == "6540.00");  // the same, plus 360.00 on the bonus
    ReconciliationInput in = reconciliation_input({ra.state, rb.state});
    CHECK(in.income.receipts.wages.str() == "234000.00");  // 240,000 less 6,000 exempt
    CHECK(in.annual_bonus.str() == "12000.00");
    CHECK(in.prepaid == ra.total + rb.total);
    in.income.special_additional = yuan("24000");  // claimed only at reconciliation
    const auto r = reconcile(y, in);
    // 234,000 - 60,000 - 24,000 = 150,000 -> 20%: 13,080; bonus 12,000 separate: 360 -> 13,440
    // merged: 162,000 -> 15,480; separate is cheaper
    CHECK(r.bonus_treatment == BonusTreatment::separate);
    CHECK(r.tax.str() == "13440.00");
    CHECK(r.balance.str() == "720.00");  // 13,440 - 12,720: each employer deducted only its own months
    WithholdingState other = ra.state;
    other.year = 2023;
    CHECK_THROWS_AS(reconciliation_input({ra.state, other}), InputError);
}

TEST_CASE("Reconciliation of an insurance agent's commissions (UNCONFIRMED rule) settles the cumulative withholding", "[reconciliation][withholding]") {
    // [DERIVED] from Caishui [2018] 164 item 3 as recalled: 20,000 of commissions a month, 240,000
    // a year -> income amount 240,000 x 80% = 192,000, less the 25% business cost 48,000 = 144,000;
    // taxable 144,000 - 60,000 = 84,000 -> 84,000 x 10% - 2,520 = 5,880.00
    const TaxYear& y = year(2024);
    std::vector<MonthInput> ms;
    for (int m = 1; m <= 12; ++m) {
        MonthInput in;
        in.month = m;
        in.pay = yuan("20000");
        ms.push_back(in);
    }
    WithholdingTerms t;
    t.income = CumulativeIncome::commissions;
    const auto run = withhold_year(y, t, ms);
    CHECK(run.total.str() == "5880.00");
    const ReconciliationInput in = reconciliation_input({run.state});
    CHECK(in.income.receipts.commissions.str() == "240000.00");
    CHECK(in.income.receipts.labour.is_zero());
    const auto r = explained([&](Trace* tr) { return reconcile(y, in, tr); });
    CHECK(r.comprehensive.income_amount == Exact(yuan("144000")));
    CHECK(r.tax.str() == "5880.00");
    CHECK(r.balance.is_zero());
    CHECK(r.income_for_exemption.str() == "240000.00");  // gross receipts, commissions at 100%
    CHECK_THAT(r.explanation.text(), Catch::Contains("commissions income amount") && Catch::Contains("UNCONFIRMED"));
    // the same agent with 8,000 a month: gross 96,000 <= 120,000, payable exempt
    ReconciliationInput small;
    small.income.receipts.commissions = yuan("96000");  // income amount 57,600: below the basic deduction
    const auto s = reconcile(y, small);
    CHECK(s.tax.is_zero());
    ReconciliationInput neg;
    neg.income.receipts.commissions = Money::fen(-1);
    CHECK_THROWS_AS(reconcile(y, neg), InputError);
    // the talent regimes' zone-income figures do not count commissions: refused, not ignored
    TalentCase c;
    c.identity = Identity::foreign;
    c.income.commissions = yuan("1");
    CHECK_THROWS_AS(talent_relief(Tables::builtin(), "hainan", 2024, c), NotAvailableError);
}
