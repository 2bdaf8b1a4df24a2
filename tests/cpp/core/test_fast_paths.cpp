// The calculators' paths without a trace take integer shortcuts (annual_tax: the income amount
// as n / d fen with the year's integer shares). A trace forces the general path, so each
// shortcut is checked here against it, field by field, on random and boundary inputs.
#include <catch2/catch.hpp>

#include <random>

#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {

void check_same(const AnnualTaxResult& fast, const AnnualTaxResult& full) {
    CHECK(fast.year == full.year);
    CHECK(fast.income_amount == full.income_amount);
    CHECK(fast.basic_deduction == full.basic_deduction);
    CHECK(fast.taxable_income == full.taxable_income);
    CHECK(fast.bracket == full.bracket);
    CHECK(fast.rate == full.rate);
    CHECK(fast.quick_deduction == full.quick_deduction);
    CHECK(fast.tax == full.tax);
}

/// Both paths give the same result, or both refuse with the same RangeError (a tax beyond the range).
void same(const TaxYear& y, const ComprehensiveIncome& in) {
    std::string fast_error, full_error;
    AnnualTaxResult fast, full;
    try {
        fast = annual_tax(y, in);
    } catch (const RangeError& e) {
        fast_error = e.what();
    }
    try {
        Trace trace;  // a trace takes the general (Exact) path
        full = annual_tax(y, in, &trace);
    } catch (const RangeError& e) {
        full_error = e.what();
    }
    CHECK(fast_error == full_error);
    if (fast_error.empty()) check_same(fast, full);
}

}  // namespace

TEST_CASE("annual_tax without a trace equals the traced computation to the fen, every field", "[annual][fast]") {
    std::mt19937_64 rng(20261206);
    const auto amount = [&](std::int64_t hi) { return Money::fen(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi + 1))); };
    const std::int64_t max = Money::max_fen;
    for (int year = 2019; year <= 2027; ++year) {
        const TaxYear& y = Tables::builtin().year(year);
        for (int i = 0; i < 4000; ++i) {
            ComprehensiveIncome in;
            // magnitudes from a few yuan to the top of the range, items present or absent
            const std::int64_t hi = i % 4 == 0 ? max : i % 4 == 1 ? 100'000'000'00 : i % 4 == 2 ? 1'000'000'00 : 10'000'00;
            in.receipts.wages = amount(hi);
            if (rng() % 2) in.receipts.labour = amount(hi);
            if (rng() % 3 == 0) in.receipts.author = amount(hi);
            if (rng() % 3 == 0) in.receipts.royalties = amount(hi);
            if (rng() % 5 == 0) in.receipts.commissions = amount(hi);
            in.social_insurance = amount(hi / 8);
            in.special_additional = amount(hi / 16);
            if (rng() % 2) in.other_deductions = amount(hi / 16);
            INFO("year " << year << " wages " << in.receipts.wages.str() << " labour " << in.receipts.labour.str() << " author "
                         << in.receipts.author.str() << " royalties " << in.receipts.royalties.str());
            same(y, in);
        }
        // bracket edges: taxable income exactly at, one fen below and above each bound
        for (const Bracket& b : y.comprehensive_annual().brackets()) {
            for (std::int64_t delta : {-1, 0, 1}) {
                ComprehensiveIncome in;
                in.receipts.wages = Money::fen(b.over.fen() + 6'000'000 + delta);
                same(y, in);
                in.receipts.wages = Money();
                in.receipts.labour = Money::fen((b.over.fen() + 6'000'000) * 5 / 4 + delta);  // 80% income amount
                same(y, in);
            }
        }
        // every item at the top of the range together
        ComprehensiveIncome top;
        top.receipts = {Money::fen(max), Money::fen(max), Money::fen(max), Money::fen(max), Money()};
        same(y, top);
        top.social_insurance = top.special_additional = top.other_deductions = Money::fen(max);
        same(y, top);
        top.receipts.wages = Money::fen(max / 3);  // a tax inside the range from a huge income
        top.receipts.labour = top.receipts.author = top.receipts.royalties = Money();
        top.social_insurance = top.special_additional = top.other_deductions = Money();
        same(y, top);
    }
}

namespace {

void check_same_state(const WithholdingState& a, const WithholdingState& b) {
    CHECK(a.year == b.year);
    CHECK(a.last_month == b.last_month);
    CHECK(a.income == b.income);
    CHECK(a.gross == b.gross);
    CHECK(a.exempt_income == b.exempt_income);
    CHECK(a.social_insurance == b.social_insurance);
    CHECK(a.special_additional == b.special_additional);
    CHECK(a.other_deductions == b.other_deductions);
    CHECK(a.tax_reductions == b.tax_reductions);
    CHECK(a.withheld == b.withheld);
    CHECK(a.bonus_withheld == b.bonus_withheld);
    CHECK(a.bonus_separate == b.bonus_separate);
    CHECK(a.bonus_taxed_separately == b.bonus_taxed_separately);
}

void check_same_month(const MonthResult& a, const MonthResult& b) {
    CHECK(a.year == b.year);
    CHECK(a.month == b.month);
    CHECK(a.months_at_agent == b.months_at_agent);
    CHECK(a.cumulative_income == b.cumulative_income);
    CHECK(a.cumulative_basic_deduction == b.cumulative_basic_deduction);
    CHECK(a.cumulative_taxable == b.cumulative_taxable);
    CHECK(a.bracket == b.bracket);
    CHECK(a.rate == b.rate);
    CHECK(a.quick_deduction == b.quick_deduction);
    CHECK(a.cumulative_tax == b.cumulative_tax);
    CHECK(a.cumulative_reductions == b.cumulative_reductions);
    CHECK(a.withheld_before == b.withheld_before);
    CHECK(a.pay_withholding == b.pay_withholding);
    CHECK(a.excess_withheld == b.excess_withheld);
    CHECK(a.bonus_withholding == b.bonus_withholding);
    CHECK(a.withheld == b.withheld);
    CHECK(a.within_low_income_allowance == b.within_low_income_allowance);
    check_same_state(a.state, b.state);
}

}  // namespace

TEST_CASE("withhold_month without a trace equals the traced computation to the fen, every field", "[withholding][fast]") {
    std::mt19937_64 rng(20261207);
    const auto amount = [&](std::int64_t hi) { return Money::fen(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi + 1))); };
    int months_compared = 0, refusals_compared = 0;
    for (int year = 2019; year <= 2027; ++year) {
        const TaxYear& y = Tables::builtin().year(year);
        for (int run = 0; run < 300; ++run) {
            WithholdingTerms terms;
            terms.first_month = 1 + static_cast<int>(rng() % 12);
            const int kind = static_cast<int>(rng() % 6);
            terms.income = kind == 4 ? CumulativeIncome::continuous_labour : kind == 5 ? CumulativeIncome::commissions : CumulativeIncome::wages;
            if (kind == 1) terms.first_wages_this_year = true;
            if (kind == 2) terms.first_month = 1, terms.prior_year_low_income = true;
            WithholdingState s;
            try {
                s = start_withholding(y, terms);
            } catch (const Error&) {
                continue;  // a rule not in force that year: start_withholding refuses it, not withhold_month
            }
            const std::int64_t hi = run % 3 == 0 ? Money::max_fen / 64 : run % 3 == 1 ? 10'000'000'00 : 100'000'00;
            for (int month = terms.first_month; month <= 12; month += 1 + static_cast<int>(rng() % 2)) {
                MonthInput m;
                m.month = month;
                m.pay = amount(hi);
                if (rng() % 4 == 0) m.exempt_income = amount(m.pay.fen());
                m.social_insurance = amount(hi / 8);
                m.special_additional = amount(hi / 16);
                if (rng() % 3 == 0) m.other_deductions = amount(hi / 16);
                if (rng() % 4 == 0) m.tax_reductions = amount(hi / 32);
                if (terms.income == CumulativeIncome::wages && rng() % 6 == 0) {
                    m.bonus = amount(hi);
                    m.bonus_method = rng() % 2 ? BonusMethod::merged : BonusMethod::separate;
                }
                std::string fast_error, full_error;
                MonthResult fast, full;
                try {
                    fast = withhold_month(y, s, m);
                } catch (const Error& e) {
                    fast_error = e.what();
                }
                try {
                    Trace trace;  // a trace takes the general (Exact) path
                    full = withhold_month(y, s, m, &trace);
                } catch (const Error& e) {
                    full_error = e.what();
                }
                INFO("year " << year << " run " << run << " month " << month << " pay " << m.pay.str());
                CHECK(fast_error == full_error);
                if (!full_error.empty()) {
                    ++refusals_compared;
                    continue;
                }
                check_same_month(fast, full);
                ++months_compared;
                s = full.state;
            }
        }
        // cumulative taxable income exactly at, one fen below and above each bound, in month 1
        for (const Bracket& b : y.comprehensive_annual().brackets()) {
            for (std::int64_t delta : {-1, 0, 1}) {
                const WithholdingState s = start_withholding(y, WithholdingTerms{});
                MonthInput m;
                m.month = 1;
                m.pay = Money::fen(b.over.fen() + y.rules().basic_monthly.value.fen() + delta);
                Trace trace;
                check_same_month(withhold_month(y, s, m), withhold_month(y, s, m, &trace));
            }
        }
    }
    CHECK(months_compared > 10000);
    CHECK(refusals_compared > 0);
}
