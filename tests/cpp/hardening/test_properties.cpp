// Properties of the law and of exact money, checked over generated inputs for every tax year
// the built-in tables cover (Catch2 generators, fixed seeds so a failure reproduces).
#include <catch2/catch.hpp>

#include <random>

#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {

// Amounts in fen, drawn log-uniformly up to 10^12 yuan so every bracket is visited.
std::vector<std::int64_t> amounts(std::uint32_t seed, int n) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> digits(0, 14);
    std::vector<std::int64_t> out{0, 1, 99, 100, 6'000'000, 6'000'001, 9'600'000, 9'600'001};
    for (int i = 0; i < n; ++i) {
        std::int64_t hi = 1;
        for (int k = digits(rng); k > 0; --k) hi *= 10;
        out.push_back(std::uniform_int_distribution<std::int64_t>(0, hi * 100)(rng));
    }
    return out;
}

ComprehensiveIncome wages_of(Money w, Money deductions = Money()) {
    ComprehensiveIncome in;
    in.receipts.wages = w;
    in.social_insurance = deductions;
    return in;
}

}  // namespace

TEST_CASE("More income never means less tax, more deductions never more tax", "[hardening][properties]") {
    const int year = GENERATE(range(2019, 2028));
    const TaxYear& t = Tables::builtin().year(year);
    const auto a = amounts(static_cast<std::uint32_t>(year), 300);
    const auto d = amounts(static_cast<std::uint32_t>(year) * 7, 300);
    for (std::size_t i = 0; i < a.size(); ++i) {
        const Money x = Money::fen(a[i]), dx = Money::fen(d[i] % 100'000'000 + 1);
        INFO(year << ": " << x.str() << " + " << dx.str());
        const Money base = annual_tax(t, wages_of(x)).tax;
        CHECK(annual_tax(t, wages_of(x + dx)).tax >= base);
        for (auto field : {&ComprehensiveReceipts::labour, &ComprehensiveReceipts::author, &ComprehensiveReceipts::royalties}) {
            ComprehensiveIncome more = wages_of(x);
            more.receipts.*field = dx;
            CHECK(annual_tax(t, more).tax >= base);
        }
        CHECK(annual_tax(t, wages_of(x, dx)).tax <= base);
        CHECK(business_tax(t, x + dx).tax >= business_tax(t, x).tax);
        CHECK(resident_prepayment(t, PaymentKind::labour, x + dx).tax >= resident_prepayment(t, PaymentKind::labour, x).tax);
        CHECK(resident_prepayment(t, PaymentKind::author, x + dx).tax >= resident_prepayment(t, PaymentKind::author, x).tax);
    }
}

TEST_CASE("The marginal and the average rate never exceed the top statutory rate", "[hardening][properties]") {
    const int year = GENERATE(range(2019, 2028));
    const TaxYear& t = Tables::builtin().year(year);
    const Rate top = t.comprehensive_annual().top_rate();  // read from the table, not assumed
    REQUIRE(top == Rate::parse("0.45"));                   // IIT Law Annex Table 1 (every year 2019-2027)
    for (const auto& b : t.comprehensive_annual().brackets()) CHECK(b.rate <= top);
    const auto a = amounts(static_cast<std::uint32_t>(year) + 11, 300);
    const auto d = amounts(static_cast<std::uint32_t>(year) + 13, 300);
    const Exact one_fen = Exact(Money::fen(1));
    for (std::size_t i = 0; i < a.size(); ++i) {
        const Money x = Money::fen(a[i]), dx = Money::fen(d[i] + 1);
        INFO(year << ": " << x.str() << " + " << dx.str());
        const AnnualTaxResult lo = annual_tax(t, wages_of(x)), hi = annual_tax(t, wages_of(x + dx));
        // exact taxes differ by at most dx x top; each rounding moves a result by at most half a fen
        CHECK(Exact(hi.tax) - Exact(lo.tax) <= Exact(dx) * top + one_fen);
        CHECK(Exact(hi.tax) <= hi.taxable_income * top + one_fen);
        CHECK(hi.rate <= top);
    }
}

TEST_CASE("Taxable income and tax are never negative, whatever the deductions", "[hardening][properties]") {
    const int year = GENERATE(range(2019, 2028));
    const TaxYear& t = Tables::builtin().year(year);
    const auto a = amounts(static_cast<std::uint32_t>(year) + 17, 200);
    const auto d = amounts(static_cast<std::uint32_t>(year) + 19, 200);
    for (std::size_t i = 0; i < a.size(); ++i) {
        ComprehensiveIncome in = wages_of(Money::fen(a[i]), Money::fen(d[i]));
        in.receipts.labour = Money::fen(d[i] / 3);
        in.special_additional = Money::fen(a[i] / 2);
        in.other_deductions = Money::fen(d[i] / 5);
        const AnnualTaxResult r = annual_tax(t, in);
        CHECK_FALSE(r.taxable_income.is_negative());
        CHECK_FALSE(r.tax.is_negative());
        CHECK_FALSE(business_tax(t, Money::fen(a[i])).tax.is_negative());
        CHECK_FALSE(resident_prepayment(t, PaymentKind::royalties, Money::fen(a[i])).tax.is_negative());
    }
}

TEST_CASE("Every schedule is continuous: at each bound the two brackets give the same tax", "[hardening][properties]") {
    const int year = GENERATE(range(2019, 2028));
    const TaxYear& t = Tables::builtin().year(year);
    for (const auto* s : {&t.comprehensive_annual(), &t.comprehensive_monthly(), &t.business_annual(), &t.labour_prepayment()}) {
        const auto& b = s->brackets();
        for (std::size_t i = 0; i + 1 < b.size(); ++i) {
            INFO(year << " " << s->name() << " bound " << b[i].upto->str());
            const Exact at = Exact(*b[i].upto);
            CHECK(at * b[i].rate - Exact(b[i].quick) == at * b[i + 1].rate - Exact(b[i + 1].quick));
            CHECK(b[i].rate < b[i + 1].rate);  // progressive
        }
    }
}

TEST_CASE("Money is exact up to 10^12 yuan and beyond, and errors cleanly past 10^15", "[hardening][properties][money]") {
    std::mt19937_64 rng(20241231);
    const std::int64_t bound = 100'000'000'000'000LL;  // 10^12 yuan in fen
    std::uniform_int_distribution<std::int64_t> fen(-bound, bound);
    for (int i = 0; i < 2000; ++i) {
        const Money a = Money::fen(fen(rng)), b = Money::fen(fen(rng));
        INFO(a.str() << ", " << b.str());
        CHECK((a + b) - b == a);
        CHECK(Money::parse(a.str()) == a);   // text round trip, no digit lost
        CHECK((a * 3).fen() == a.fen() * 3);
        CHECK(round_half_up(Exact(a) * Rate::parse("0.45")).fen() * 100 - a.fen() * 45 <= 50);
    }
    // 10^12 yuan of wages: the tax is exact to the fen
    const TaxYear& t = Tables::builtin().year(2024);
    CHECK(annual_tax(t, wages_of(Money::yuan(1'000'000'000'000))).tax == yuan("449999791080.00"));
    // the largest amount libtax takes computes exactly: (10^15 - 60000) x 45% - 181920
    CHECK(annual_tax(t, wages_of(Money::fen(Money::max_fen))).tax == yuan("449999999791080.00"));
    // in every receipt at once the tax itself passes 10^15 yuan: RangeError naming the result
    ComprehensiveIncome max_in;
    max_in.receipts.wages = max_in.receipts.labour = max_in.receipts.author = max_in.receipts.royalties = Money::fen(Money::max_fen);
    CHECK_THROWS_AS(annual_tax(t, max_in), RangeError);
    CHECK_THROWS_WITH(annual_tax(t, max_in), Catch::StartsWith("result = 1421999999791080.00"));
    // beyond it: RangeError naming the field and the value, never a wrapped number
    CHECK_THROWS_AS(Money::fen(Money::max_fen) + Money::fen(1), RangeError);
    CHECK_THROWS_AS(Money::fen(-Money::max_fen) - Money::fen(1), RangeError);
    CHECK_THROWS_AS(Money::fen(Money::max_fen) * 2, RangeError);
    CHECK_THROWS_AS(Money::fen(Money::max_fen / 2) * std::numeric_limits<std::int64_t>::max(), RangeError);
    CHECK_THROWS_AS(Money::yuan(1'000'000'000'000'001LL), RangeError);
    try {
        Money::parse("1000000000000000.01", "wages");
        FAIL("accepted");
    } catch (const RangeError& e) {
        CHECK(e.field() == "wages");
        CHECK(e.value() == "1000000000000000.01");
    }
    // intermediate exact amounts past 128 bits: RangeError, not a wrapped fraction
    Exact x = Exact::fen_fraction(1, 3);
    CHECK_THROWS_AS([&] { for (int i = 0; i < 200; ++i) x = x * Rate::fraction(1, 999'999'937); }(), RangeError);
}

TEST_CASE("The same input gives the same result and explanation, run after run", "[hardening][properties]") {
    const TaxYear& t = Tables::builtin().year(2024);
    const auto a = amounts(7, 50);
    for (auto f : a) {
        const AnnualTaxResult r1 = explained([&](Trace* tr) { return annual_tax(t, wages_of(Money::fen(f)), tr); }), r2 = explained([&](Trace* tr) { return annual_tax(t, wages_of(Money::fen(f)), tr); });
        CHECK(r1.tax == r2.tax);
        CHECK(r1.explanation.text() == r2.explanation.text());
        CHECK(annual_tax(t, wages_of(Money::fen(f))).tax == r1.tax);  // explaining changes nothing
    }
}
