// Hong Kong salaries tax (E10) and Macao professional tax (E14) benchmarks.
#include <catch2/catch.hpp>

#include "libtax/regimes/relief.hpp"
#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {
Exact hkd(const char* s) { return Exact(Money::parse(s)); }
}

TEST_CASE("E10 Hong Kong 2024/25: net income 1,000,000 -> 129,560 (progressive); less the 1,500 reduction -> 128,060") {
    const HongKongYear& y = Tables::builtin().hong_kong(2024);
    CHECK(y.label() == "2024/25");
    auto r = hong_kong_salaries_tax(y, hkd("1000000"), Money(), false);
    CHECK(r.net_chargeable_income == hkd("868000"));
    CHECK(r.tax == hkd("129560"));
    CHECK_FALSE(r.standard_rate_applied);
    r = hong_kong_salaries_tax(y, hkd("1000000"), Money(), true);
    CHECK(r.tax == hkd("128060"));
}

TEST_CASE("E10 Hong Kong two-tier standard rate: 6,000,000 -> 910,000 (2024/25); 900,000 (2023/24)") {
    auto r = hong_kong_salaries_tax(Tables::builtin().hong_kong(2024), hkd("6000000"), Money(), false);
    CHECK(r.progressive_tax == hkd("979560"));
    CHECK(r.tax == hkd("910000"));
    CHECK(r.standard_rate_applied);
    r = hong_kong_salaries_tax(Tables::builtin().hong_kong(2023), hkd("6000000"), Money(), false);
    CHECK(r.tax == hkd("900000"));
}

TEST_CASE("E10 Hong Kong 2024/25: net income 300,000 -> 11,520; MPF deduction capped at 18,000") {
    const HongKongYear& y = Tables::builtin().hong_kong(2024);
    CHECK(hong_kong_salaries_tax(y, hkd("300000"), Money(), false).tax == hkd("11520"));
    const auto r = hong_kong_salaries_tax(y, hkd("318000"), Money::yuan(30000), false);
    CHECK(r.net_income == hkd("300000"));
    CHECK(r.tax == hkd("11520"));
}

TEST_CASE("Hong Kong years not in the tables are a CoverageError, never another year's values") {
    CHECK_THROWS_AS(Tables::builtin().hong_kong(2017), CoverageError);
    CHECK_THROWS_AS(Tables::builtin().hong_kong(2027), CoverageError);  // 2027/28: no Budget yet
    CHECK_THROWS_AS(Tables::builtin().macao(2019), CoverageError);
    CHECK_THROWS_AS(Tables::builtin().macao(2027), CoverageError);
}

TEST_CASE("2026-27 Budget: 2025/26 one-off reduction capped at 3,000; basic allowance 145,000 from 2026/27") {
    // 2025/26: net income 300,000 - 132,000 = 168,000 -> 168,000 x 14% - 12,000 = 11,520; less 3,000
    const HongKongYear& y25 = Tables::builtin().hong_kong(2025);
    CHECK(hong_kong_salaries_tax(y25, hkd("300000"), Money(), false).tax == hkd("11520"));
    CHECK(hong_kong_salaries_tax(y25, hkd("300000"), Money(), true).tax == hkd("8520"));
    CHECK(hong_kong_salaries_tax(y25, hkd("150000"), Money(), true).tax == hkd("0"));  // 360 before: all waived
    // 2026/27: 300,000 - 145,000 = 155,000 -> 155,000 x 14% - 12,000 = 9,700 (standard rate 45,000)
    const HongKongYear& y26 = Tables::builtin().hong_kong(2026);
    CHECK(y26.basic_allowance.value == hkd("145000"));
    CHECK(hong_kong_salaries_tax(y26, hkd("300000"), Money(), true).tax == hkd("9700"));
    CHECK(hong_kong_salaries_tax(y26, hkd("145000"), Money(), false).tax == hkd("0"));
    CHECK(hong_kong_salaries_tax(y26, hkd("145100"), Money(), false).tax == hkd("2"));
}

TEST_CASE("Macao professional tax: bands, fixed deduction 25% (30% in 2020), 30% budget reduction") {
    const MacaoYear& y = Tables::builtin().macao(2025);
    // cumulative tax at the band tops: 1,400 / 3,000 / 6,600 / 14,600 / 27,800 [M1]
    CHECK(round_half_up(y.bands.apply(hkd("164000")).tax()) == Money::yuan(1400));
    CHECK(round_half_up(y.bands.apply(hkd("184000")).tax()) == Money::yuan(3000));
    CHECK(round_half_up(y.bands.apply(hkd("224000")).tax()) == Money::yuan(6600));
    CHECK(round_half_up(y.bands.apply(hkd("304000")).tax()) == Money::yuan(14600));
    CHECK(round_half_up(y.bands.apply(hkd("424000")).tax()) == Money::yuan(27800));
    // exempt: assessable 192,000 x 75% = 144,000 taxable -> 0
    CHECK(macao_professional_tax(y, hkd("192000"), true).tax.is_zero());
    // 1,000,000 assessable: taxable 750,000; 750,000 x 12% - 23,080 = 66,920; x 70% = 46,844
    CHECK(macao_professional_tax(y, hkd("1000000"), true).tax == hkd("46844"));
    CHECK(macao_professional_tax(Tables::builtin().macao(2020), hkd("1000000"), false).taxable_income == hkd("700000"));
}

TEST_CASE("E14 Macao top effective rate tends to 12% x 75% x 70% = 6.3%") {
    const MacaoYear& y = Tables::builtin().macao(2025);
    const Exact income = hkd("100000000");
    const Exact tax = macao_professional_tax(y, income, true).tax;
    // 6.3% of income minus the fixed quick-deduction effect: 0.063 x income - 23,080 x 0.7
    CHECK(tax == income * Rate::parse("0.063") - Exact(Money::yuan(16156)));
}
