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
