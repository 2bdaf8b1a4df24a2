// Residents' separately taxed items: listed-company equity incentives, severance, early
// retirement (Caishui [2018] No. 164 items 2 and 5; MOF/STA 2021 No. 42; 2023 No. 25). E16 from
// .
#include <catch2/catch.hpp>

#include "foreign_test.hpp"

using namespace libtax;
using namespace libtax::test;

TEST_CASE("E16: severance above 3 x local average wage [DERIVED]", "[severance][E16]") {
    // 500,000 with a local average annual wage of 120,000: 360,000 exempt, 140,000 -> 10% - 2,520
    const SeveranceTax r = explained([&](Trace* tr) { return severance_tax(year(2024), yuan("500000"), yuan("120000"), tr); });
    CHECK(r.exempt == yuan("360000"));
    CHECK(r.tax == yuan("11480.00"));
    CHECK(r.explanation.text().find("Caishui [2018] No. 164, item 5(1)") != std::string::npos);
    // at the multiple nothing is taxable; one fen above, 3% of a fen rounds to 0.00
    CHECK(severance_tax(year(2024), yuan("360000"), yuan("120000")).tax == yuan("0.00"));
    CHECK(severance_tax(year(2024), yuan("360100"), yuan("120000")).tax == yuan("3.00"));
    CHECK(severance_tax(year(2024), yuan("100"), yuan("0")).tax == yuan("3.00"));
    CHECK_THROWS_AS(severance_tax(year(2024), yuan("-1"), yuan("0")), InputError);
}

TEST_CASE("E16: early-retirement lump sum spread over 4 years [DERIVED]", "[early-retirement][E16]") {
    const EarlyRetirementTax r = explained([&](Trace* tr) { return early_retirement_tax(year(2024), yuan("400000"), 4, tr); });
    CHECK(r.tax == yuan("5920.00"));
    CHECK(r.explanation.text().find("UNCONFIRMED") != std::string::npos);
    CHECK(early_retirement_tax(year(2024), yuan("240000"), 4).tax == yuan("0.00"));
    CHECK_THROWS_AS(early_retirement_tax(year(2024), yuan("400000"), 0), InputError);
    CHECK(years_to_statutory_age(d("2024-03-01"), d("2028-03-01")) == 4);
    CHECK(years_to_statutory_age(d("2024-03-01"), d("2028-03-02")) == 5);  // a started year counts whole
    CHECK_THROWS_AS(years_to_statutory_age(d("2024-03-01"), d("2024-03-01")), InputError);
}

TEST_CASE("Equity incentives: several grants in one year are aggregated", "[equity]") {
    // 200,000 then 300,000: tax on 200,000 = 23,080; on 500,000 = 97,080 -> second grant 74,000
    const EquityIncentiveTax r = explained([&](Trace* tr) { return equity_incentive_tax(year(2024), {yuan("200000"), yuan("300000")}, tr); });
    REQUIRE(r.grants.size() == 2);
    CHECK(r.grants[0].tax == yuan("23080.00"));
    CHECK(r.grants[1].tax == yuan("74000.00"));
    CHECK(r.total_tax == yuan("97080.00"));
    // property: aggregated equals one grant of the total
    CHECK(equity_incentive_tax(year(2024), {yuan("500000")}).total_tax == r.total_tax);
    CHECK(r.explanation.text().find("MOF/STA Announcement 2023 No. 25") != std::string::npos);
    CHECK(equity_incentive_provision(year(2022)).source.document == "MOF/STA Announcement 2021 No. 42");
    CHECK(equity_incentive_provision(year(2020)).source.document == "Caishui [2018] No. 164");
    const std::string text = table_2024_with("  equity_incentives:         # listed-company equity incentives: whole income on comprehensive_annual\n"
                                             "    source: {doc: mof-sta-2023-25, article: \"art. 1\"}\n    from: 2023-01-01\n    to: 2027-12-31\n",
                                             "");
    auto t = Tables::from_documents({{"tables/cn/2024.yaml", text}});
    CHECK_THROWS_AS(equity_incentive_tax(t->year(2024), {yuan("1")}), NotAvailableError);
}
