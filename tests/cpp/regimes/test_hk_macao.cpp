// Hong Kong salaries tax (E10) and Macao professional tax (E14) benchmarks.
#include <algorithm>
#include <catch2/catch.hpp>

#include "libtax/core/language.hpp"
#include "libtax/regimes/relief.hpp"
#include "note_check.hpp"
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

TEST_CASE("The UNCONFIRMED notes of the Hong Kong and Macao tables read in Chinese", "[languages]") {
    for (int y = 2018; y <= 2026; ++y) {
        const HongKongYear& hy = Tables::builtin().hong_kong(y);
        CHECK(hy.note.empty() == hy.note_zh.empty());
        if (hy.unconfirmed) CHECK(!hy.note_zh.empty());
    }
    for (int y = 2020; y <= 2026; ++y) {
        const MacaoYear& my = Tables::builtin().macao(y);
        CHECK(my.note.empty() == my.note_zh.empty());
        if (my.unconfirmed) CHECK(!my.note_zh.empty());
    }
    // 2026/27: 300,000 - 145,000 = 155,000 -> 9,700 (as above); the note says what is assumed
    Trace hk;
    CHECK(hong_kong_salaries_tax(Tables::builtin().hong_kong(2026), hkd("300000"), Money(), true, &hk).tax == hkd("9700"));
    const std::string zh = explanation_text(hk, "zh");
    INFO(zh);
    CHECK(zh.find("未经确认：基本免税额145,000为《2026-27财政预算案》的建议") != std::string::npos);
    CHECK(zh.find("basic allowance of 145,000") == std::string::npos);
    CHECK(explanation_text(hk, "en").find("UNCONFIRMED: the basic allowance of 145,000") != std::string::npos);
    Trace mo;
    macao_professional_tax(Tables::builtin().macao(2026), hkd("1000000"), true, &mo);
    const std::string mzh = explanation_text(mo, "zh");
    INFO(mzh);
    CHECK(mzh.find("豁免额144,000澳门元及30%减征，假定2026年继续适用") != std::string::npos);
    CHECK(mzh.find("Budget Law") == std::string::npos);
}

TEST_CASE("A note of a Hong Kong or Macao table without its Chinese is a TableError naming file:line") {
    for (const std::string name : {"tables/hk_macao/macao-professional-tax.yaml", "tables/hk_macao/hong-kong-salaries-tax.yaml"})
        check_note_without_chinese(name, [&](const std::string& edited) { return std::vector<TableDocument>{{name, edited}}; });
}
