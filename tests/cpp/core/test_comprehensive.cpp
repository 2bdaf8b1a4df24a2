#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {
ComprehensiveIncome wages_only(const char* w) {
    ComprehensiveIncome in;
    in.receipts.wages = yuan(w);
    return in;
}
}  // namespace

TEST_CASE("Annual tax explains each step with the table value and its source", "[annual][explain]") {
    ComprehensiveIncome in;
    in.receipts.wages = yuan("1000000");
    in.social_insurance = yuan("30000");
    in.special_additional = yuan("24000");
    const auto r = explained([&](Trace* tr) { return annual_tax(Tables::builtin().year(2024), in, tr); });
    CHECK(r.tax.str() == "224180.00");
    const std::string text = r.explanation.text();
    INFO(text);
    CHECK(text.find("taxable income") != std::string::npos);
    CHECK(text.find("886000.00") != std::string::npos);
    CHECK(text.find("rate 35%, quick deduction 85920.00") != std::string::npos);
    CHECK(text.find("Presidential Order No. 9 (2018), Annex, Table 1 [tables/cn/2024.yaml:") != std::string::npos);
    CHECK(text.find("IIT Law") == std::string::npos);  // cites the document number, not our key
    // without asking, nothing is formatted
    CHECK(annual_tax(Tables::builtin().year(2024), in).explanation.steps().empty());
}

TEST_CASE("Negative inputs are errors naming the field and value", "[annual][errors]") {
    const TaxYear& y = Tables::builtin().year(2024);
    ComprehensiveIncome in = wages_only("100000");
    in.special_additional = yuan("-1");
    try {
        annual_tax(y, in);
        FAIL("accepted");
    } catch (const InputError& e) {
        CHECK(e.field() == "special_additional");
        CHECK(e.value() == "-1.00");
    }
    CHECK_THROWS_WITH(bonus_tax(y, yuan("-5")), Catch::Contains("bonus = -5.00"));
    CHECK_THROWS_WITH(business_tax(y, yuan("-5")), Catch::Contains("taxable_income = -5.00"));
    CHECK_THROWS_WITH(resident_prepayment(y, PaymentKind::labour, yuan("-5")), Catch::Contains("labour = -5.00"));
}

TEST_CASE("Separate taxation of a bonus outside its legal window is an error", "[bonus][errors]") {
    // a what-if 2024 table without the separate-taxation provision
    const std::string text = table_2024_with(
        "annual_bonus:\n  separate_taxation:         # the option to tax an annual one-time bonus apart from other income\n"
        "    source: {doc: mof-sta-2023-30, article: \"art. 1\"}\n    from: 2024-01-01\n    to: 2027-12-31\n"
        "    divisor: 12              # bonus / 12 selects the row of comprehensive_monthly\n",
        "");
    auto t = Tables::from_documents({{"tables/cn/2024.yaml", text}});
    CHECK_THROWS_AS(bonus_tax(t->year(2024), yuan("10000")), NotAvailableError);
    CHECK_THROWS_WITH(bonus_tax(t->year(2024), yuan("10000")), Catch::Contains("bonus = paid 2024-12-31"));
    // and a payment date outside the window of a real table
    const TaxYear& y2021 = Tables::builtin().year(2021);
    CHECK(bonus_tax(y2021, yuan("10000"), nullptr, Date(2021, 12, 31)).tax.str() == "300.00");
    CHECK_THROWS_WITH(bonus_tax(y2021, yuan("10000"), nullptr, Date(2022, 1, 15)),
                      Catch::Contains("window 2019-01-01 to 2021-12-31, Caishui [2018] No. 164"));
}

TEST_CASE("Separate against merged bonus names the cheaper choice (E4c, E4d)", "[bonus]") {
    const TaxYear& y = Tables::builtin().year(2024);
    // E4c: taxable income excluding the bonus 96,000 (wages 156,000), bonus 24,000
    auto c = explained([&](Trace* tr) { return compare_bonus_treatment(y, wages_only("156000"), yuan("24000"), tr); });
    CHECK(c.separate_total.str() == "7800.00");
    CHECK(c.merged_total.str() == "9480.00");
    CHECK(c.separate_is_cheaper);
    CHECK(c.saving.str() == "1680.00");
    CHECK(c.explanation.text().find("cheaper choice") != std::string::npos);
    // E4d: wages 50,000, bonus 20,000: merging is better
    auto d = compare_bonus_treatment(y, wages_only("50000"), yuan("20000"));
    CHECK(d.separate_total.str() == "600.00");
    CHECK(d.merged_total.str() == "300.00");
    CHECK_FALSE(d.separate_is_cheaper);
}

TEST_CASE("Properties: more income never means less tax; tax never negative nor above the top rate",
          "[annual][property]") {
    const TaxYear& y = Tables::builtin().year(2025);
    auto w = GENERATE(take(200, random(0LL, 300'000'000LL)));  // fen, up to 3 million yuan
    auto extra = GENERATE(take(3, random(1LL, 5'000'000LL)));
    ComprehensiveIncome a, b;
    a.receipts.wages = Money::fen(w);
    a.receipts.labour = Money::fen(w / 3);
    b = a;
    b.receipts.wages = Money::fen(w + extra);
    const auto ra = annual_tax(y, a), rb = annual_tax(y, b);
    CHECK(ra.tax <= rb.tax);
    CHECK_FALSE(ra.tax.is_negative());
    CHECK_FALSE(ra.taxable_income.is_negative());
    // marginal rate never above 45%: tax(b) - tax(a) <= 45% of the extra (plus a fen of rounding)
    CHECK((rb.tax - ra.tax).fen() <= (extra * 45 + 99) / 100 + 1);
    const auto bonus_a = bonus_tax(y, Money::fen(w)), bonus_b = bonus_tax(y, Money::fen(w + extra));
    CHECK_FALSE(bonus_a.tax.is_negative());
    const auto ba = business_tax(y, Money::fen(w)), bb = business_tax(y, Money::fen(w + extra));
    CHECK(ba.tax <= bb.tax);
    (void)bonus_b;
}
