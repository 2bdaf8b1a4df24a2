// The integer path of the relief (relief::integer_path) and ReliefRows (the batch's relief:
// regime, version and year resolved once, eligibility without the list of outcomes) against the
// traced talent_relief, which always takes the general steps: the same amount to the fen on
// every case, or the same error, for every regime and tax year, over random people and parts.
#include <catch2/catch.hpp>

#include <functional>
#include <random>

#include "test_support.hpp"

using namespace libtax;

namespace {

/// The general steps: a trace keeps talent_relief off the integer path.
TalentReliefResult traced(const Tables& tables, const std::string& id, int year, const TalentCase& c) {
    Trace trace;
    return talent_relief(tables, id, year, c, &trace);
}

std::string outcome(const std::function<Money()>& f) {
    try {
        return f().str();
    } catch (const Error& e) {
        return std::string("error: ") + e.what();
    }
}

}  // namespace

// Draws per regime and year: the sanitizer build (scripts/sanitize.sh, -O0) makes each of the four
// calculations a case takes about 40 times slower, so it draws a fifth as many (still every
// regime and year, and thousands of cases in all).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr int kDrawsPerYear = 60;
#else
constexpr int kDrawsPerYear = 300;
#endif

TEST_CASE("ReliefRows gives talent_relief's amount to the fen, or its error, for every regime and year", "[relief][batch]") {
    const Tables& tables = Tables::builtin();
    std::mt19937_64 rng(7);
    const auto pick = [&](std::uint64_t n) { return rng() % n; };
    const auto yuan = [&](std::int64_t hi) { return Money::fen(static_cast<std::int64_t>(pick(static_cast<std::uint64_t>(hi) * 100 + 1))); };
    const Identity ids[] = {Identity::foreign, Identity::hk, Identity::macao, Identity::taiwan, Identity::mainland};
    int eligible = 0, compared = 0;
    for (const std::string& id : tables.regimes()) {
        const Regime& g = tables.regime(id);
        for (int year = 2018; year <= 2028; ++year) {  // outside the tables too: the same CoverageError
            const ReliefRows rows(tables, id, year);
            for (int i = 0; i < kDrawsPerYear; ++i) {
                TalentCase c;
                c.identity = ids[pick(5)];
                const std::int64_t hi = i % 3 == 0 ? 20'000'000 : i % 3 == 1 ? 2'000'000 : 300'000;
                c.income.wages = yuan(hi);
                if (pick(3) == 0) c.income.labour = yuan(hi / 4);
                if (pick(4) == 0) c.income.author = yuan(hi / 10);
                if (pick(4) == 0) c.income.royalties = yuan(hi / 10);
                if (pick(4) == 0) c.business_taxable_income = yuan(hi / 2);
                if (pick(5) == 0) c.talent_subsidy = yuan(200'000);
                c.social_insurance = yuan(50'000);
                if (pick(2)) c.special_additional = yuan(40'000);
                if (pick(3) == 0) c.other_deductions = yuan(12'000);
                if (pick(3) == 0) c.zone_wages = Money::fen(c.income.wages.fen() / static_cast<std::int64_t>(1 + pick(4)));
                if (pick(4) == 0) c.zone_business_taxable_income = Money::fen(c.business_taxable_income.fen() / 2);
                if (pick(5) == 0) c.tax_paid_in_zone = yuan(100'000);  // may exceed the tax: the same InputError
                if (pick(6) == 0) {
                    c.resident = false;
                    if (pick(4)) c.wage_months = static_cast<int>(1 + pick(12));
                }
                if (pick(5)) c.days_in_zone = static_cast<int>(pick(367));
                if (pick(4) == 0) c.actual_days = static_cast<int>(pick(367));
                c.talent_recognised = pick(5) != 0;
                if (pick(2)) c.social_insurance_months = static_cast<int>(pick(24));
                c.social_insurance_exempt = pick(6) == 0;
                if (pick(3) == 0) c.contract_years = static_cast<int>(pick(6));
                if (pick(3) == 0) c.encouraged_industry = pick(2) == 0;
                if (pick(6) == 0) c.special_industry = "shipping";
                if (!g.cities.empty() && pick(4)) c.city = g.cities[pick(g.cities.size())];
                if (pick(10) == 0) c.city = "atlantis";  // not a city of the regime: the same InputError
                if (pick(8)) c.fx_rate = Rate::fraction(static_cast<std::int64_t>(100 + pick(20)), 100);
                if (pick(3) == 0) c.mpf_contributions = yuan(18'000);
                INFO(id << " " << year << " case " << i);
                const std::string scalar = outcome([&] { return traced(tables, id, year, c).amount; });
                const std::string batch = outcome([&] { return rows.amount(c); });
                REQUIRE(batch == scalar);
                REQUIRE(outcome([&] { return talent_relief(tables, id, year, c).amount; }) == scalar);
                std::string untraced_error;
                TalentReliefResult fast;  // every figure of the untraced result, not only the amount
                try {
                    fast = talent_relief(tables, id, year, c);
                } catch (const Error& e) {
                    untraced_error = e.what();
                }
                if (untraced_error.empty()) {
                    const TalentReliefResult full = traced(tables, id, year, c);
                    CHECK(fast.eligible == full.eligible);
                    CHECK(std::string(fast.code) == full.code);
                    CHECK(fast.tax == full.tax);
                    CHECK(fast.relief_before_cap == full.relief_before_cap);
                    CHECK(fast.capped == full.capped);
                    CHECK(fast.unconfirmed == full.unconfirmed);
                    CHECK(fast.rules.size() == full.rules.size());
                }
                ++compared;
                eligible += scalar != "0.00" && scalar.rfind("error", 0) != 0;
            }
        }
    }
    CHECK(compared > 30 * kDrawsPerYear);
    CHECK(eligible > 3 * kDrawsPerYear);  // the comparison covers reliefs, not only refusals
}

TEST_CASE("ReliefRows and talent_relief agree at the top of the amount range", "[relief][batch]") {
    // Amounts of 10^15 yuan (Money::max_fen): the integer path's products are at their largest
    // (see ReliefRows); where the tax itself leaves the range both raise the same RangeError.
    const Tables& tables = Tables::builtin();
    const Money top = Money::fen(Money::max_fen);
    int compared = 0;
    for (const std::string& id : tables.regimes()) {
        for (int year = 2019; year <= 2027; ++year) {
            const ReliefRows rows(tables, id, year);
            for (int k = 0; k < 8; ++k) {
                TalentCase c;
                c.identity = k % 2 ? Identity::hk : Identity::foreign;
                c.talent_recognised = true;
                c.days_in_zone = 366;
                c.social_insurance_months = 12;
                c.contract_years = 5;
                c.encouraged_industry = true;
                c.fx_rate = Rate::fraction(109, 100);
                c.income.wages = k & 1 ? top : Money::fen(Money::max_fen / 3);
                if (k & 2) c.income.labour = c.income.author = c.income.royalties = Money::fen(Money::max_fen / 5);
                if (k & 4) c.business_taxable_income = c.talent_subsidy = Money::fen(Money::max_fen / 7);
                INFO(id << " " << year << " case " << k);
                const std::string scalar = outcome([&] { return traced(tables, id, year, c).amount; });
                CHECK(outcome([&] { return rows.amount(c); }) == scalar);
                CHECK(outcome([&] { return talent_relief(tables, id, year, c).amount; }) == scalar);
                ++compared;
            }
        }
    }
    CHECK(compared > 500);
}

TEST_CASE("ReliefRows resolved for one city gives talent_relief's amount for the batch's rows, any city", "[relief][batch]") {
    // The batch resolves its one city (which city rules bind, the city check) and the roundings'
    // divisors once; rows carry the batch's fields only (plainly valid, integer path), with now
    // and then another city, no city, a negative amount or a bad day count.
    const Tables& tables = Tables::builtin();
    std::mt19937_64 rng(11);
    const auto pick = [&](std::uint64_t n) { return rng() % n; };
    const auto yuan = [&](std::int64_t hi) { return Money::fen(static_cast<std::int64_t>(pick(static_cast<std::uint64_t>(hi) * 100 + 1))); };
    const Identity ids[] = {Identity::foreign, Identity::hk, Identity::macao, Identity::taiwan, Identity::mainland};
    int eligible = 0, compared = 0;
    for (const std::string& id : tables.regimes()) {
        const Regime& g = tables.regime(id);
        std::vector<std::string> cities = g.cities;
        cities.push_back("");
        cities.push_back("atlantis");  // not a city of the regime: every row raises check_city's InputError
        for (int year = 2019; year <= 2027; ++year) {
            for (const std::string& city : cities) {
                const ReliefRows rows(tables, id, year, city);
                for (int i = 0; i < 60; ++i) {
                    TalentCase c;
                    c.identity = ids[pick(5)];
                    const std::int64_t hi = i % 4 == 0 ? 2'000'000'000 : i % 4 == 1 ? 20'000'000 : i % 4 == 2 ? 2'000'000 : 300'000;
                    c.income.wages = yuan(hi);
                    if (pick(3) == 0) c.income.labour = yuan(hi / 4);
                    if (pick(4) == 0) c.income.author = yuan(hi / 10);
                    if (pick(4) == 0) c.income.royalties = yuan(hi / 10);
                    if (pick(4) == 0) c.business_taxable_income = yuan(hi / 2);
                    if (pick(5) == 0) c.talent_subsidy = yuan(200'000);
                    c.social_insurance = yuan(50'000);
                    if (pick(2)) c.special_additional = yuan(40'000);
                    if (pick(3) == 0) c.other_deductions = yuan(12'000);
                    if (pick(5)) c.days_in_zone = static_cast<int>(pick(367));
                    if (pick(40) == 0) c.days_in_zone = 367;                        // the same InputError
                    if (pick(40) == 0) c.social_insurance = Money::fen(-1);         // the same InputError
                    c.talent_recognised = pick(5) != 0;
                    c.city = city;
                    if (pick(6) == 0 && !g.cities.empty()) c.city = g.cities[pick(g.cities.size())];  // another row's city
                    if (pick(10) == 0) c.city.clear();
                    c.fx_rate = Rate::fraction(109, 100);
                    INFO(id << " " << year << " batch city '" << city << "' row city '" << c.city << "' case " << i);
                    const std::string scalar = outcome([&] { return traced(tables, id, year, c).amount; });
                    REQUIRE(outcome([&] { return rows.amount(c); }) == scalar);
                    ++compared;
                    eligible += scalar != "0.00" && scalar.rfind("error", 0) != 0;
                }
            }
        }
    }
    CHECK(compared > 5000);
    CHECK(eligible > 500);
}
