// Annuity payouts, internal-retirement lump sums and a non-resident's equity incentives: the
// expert-readable cases of tests/cases/separate.yaml (the file tests/python reads too), and the
// explanations in both catalogues.
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include "foreign_test.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {
struct Outcome {
    std::string value;
    std::vector<std::string> grant_taxes;
};

Outcome run(const YAML::Node& c) {
    const TaxYear& t = year(c["year"].as<int>());
    const std::string call = c["call"].as<std::string>();
    const YAML::Node a = c["args"];
    if (call == "annuity_payout_tax")
        return {annuity_payout_tax(t, parse_annuity_payout(a["payout"].as<std::string>()), Money::parse(a["amount"].as<std::string>(), "amount")).tax.str(), {}};
    if (call == "internal_retirement_tax")
        return {internal_retirement_tax(t, Money::parse(a["amount"].as<std::string>(), "amount"), a["months_to_retirement"].as<int>(),
                                        Money::parse(a["wage"].as<std::string>(), "wage"))
                    .tax.str(),
                {}};
    if (call == "nonresident_equity_tax") {
        std::vector<Money> grants;
        for (const auto& g : a["grants"]) grants.push_back(Money::parse(g.as<std::string>(), "grants"));
        const NonresidentEquityTax r = nonresident_equity_tax(t, grants);
        Outcome o{r.total_tax.str(), {}};
        for (const auto& g : r.grants) o.grant_taxes.push_back(g.tax.str());
        return o;
    }
    FAIL("unknown call " << call);
    return {};
}
}  // namespace

TEST_CASE("Expert-readable cases in tests/cases/separate.yaml", "[cases][separate]") {
    const YAML::Node doc = YAML::LoadFile(source_path("tests/cases/separate.yaml"));
    int n = 0, half_fen = 0;
    for (const auto& c : doc["cases"]) {
        ++n;
        const std::string source = c["source"].as<std::string>();
        if (source.find("half fen") != std::string::npos) ++half_fen;
        INFO(c["id"].as<std::string>() << " -- " << source);
        const YAML::Node exp = c["expect"];
        if (exp["error"]) {
            try {
                run(c);
                FAIL("no error");
            } catch (const InputError& e) {
                CHECK(e.field() == exp["error"].as<std::string>());
            }
            continue;
        }
        const Outcome o = run(c);
        CHECK(o.value == exp["value"].as<std::string>());
        if (exp["grant_taxes"]) CHECK(o.grant_taxes == exp["grant_taxes"].as<std::vector<std::string>>());
    }
    CHECK(n >= 15);
    CHECK(half_fen >= 3);
}

TEST_CASE("Annuity payouts: the table and the explanation", "[separate][annuity]") {
    Trace trace;
    const AnnuityPayoutTax r = annuity_payout_tax(year(2024), AnnuityPayoutKind::quarterly, yuan("30000"), &trace);
    CHECK(r.months == 3);
    CHECK(r.schedule == "comprehensive_monthly");
    CHECK(r.tax == yuan("2370.00"));
    const std::string en = render_text(trace, Catalogue::builtin("en"));
    CHECK(en.find("quarterly") != std::string::npos);
    CHECK(en.find("Caishui [2018] No. 164") != std::string::npos);
    CHECK(en.find("(10000.00 x 10% - 210.00) x 3") != std::string::npos);
    const std::string zh = render_text(trace, Catalogue::builtin("zh"));
    CHECK(zh.find("按季领取") != std::string::npos);
    CHECK(zh.find("财税〔2018〕164号第四条") != std::string::npos);
    // the annual table for an annual payout, the monthly one for a lump sum taken for another reason
    CHECK(annuity_payout_tax(year(2024), AnnuityPayoutKind::annual, yuan("36000")).schedule == "comprehensive_annual");
    CHECK(annuity_payout_tax(year(2024), AnnuityPayoutKind::lump_sum_other, yuan("36000")).schedule == "comprehensive_monthly");
    CHECK_THROWS_AS(annuity_payout_tax(year(2024), AnnuityPayoutKind::monthly, yuan("-1")), InputError);
}

TEST_CASE("Internal retirement: the rate from the spread, the wages' own tax subtracted", "[separate][internal_retirement]") {
    Trace trace;
    const InternalRetirementTax r = internal_retirement_tax(year(2024), yuan("120000"), 24, yuan("8000"), &trace);
    CHECK(r.rate_base.str() == "8000.00");
    CHECK(r.rate.percent() == "10%");
    CHECK(round_half_up(r.combined_tax) == yuan("12090.00"));
    CHECK(round_half_up(r.wage_tax) == yuan("90.00"));
    CHECK(r.tax == yuan("12000.00"));
    const std::string en = render_text(trace, Catalogue::builtin("en"));
    CHECK(en.find("Guoshuifa [1999] No. 58") != std::string::npos);
    CHECK(en.find("UNCONFIRMED") != std::string::npos);
    const std::string zh = render_text(trace, Catalogue::builtin("zh"));
    CHECK(zh.find("国税发〔1999〕58号第一条第二款") != std::string::npos);
    CHECK(zh.find("内部退养") != std::string::npos);
    // a shorter spread raises the rate: over 12 months 10,000 + 3,000 finds 20%, 1,410:
    // 123,000 x 20% - 1,410 = 23,190, less the wages' 90
    CHECK(internal_retirement_tax(year(2024), yuan("120000"), 12, yuan("8000")).tax == yuan("23100.00"));
}

TEST_CASE("Non-resident equity incentives: formula 6 over the year's grants", "[separate][nonresident_equity]") {
    Trace trace;
    const NonresidentEquityTax r = nonresident_equity_tax(year(2024), {yuan("60000"), yuan("90000")}, &trace);
    REQUIRE(r.grants.size() == 2);
    CHECK(r.grants[1].part.str() == "25000.00");
    CHECK(r.grants[1].cumulative_tax == yuan("21540.00"));
    CHECK(r.grants[1].tax == yuan("16800.00"));
    // the year's grants added up: the same total as one grant of 150,000
    CHECK(nonresident_equity_tax(year(2024), {yuan("150000")}).total_tax == r.total_tax);
    // not the 5,000 deduction of wages, not the resident's annual table
    CHECK(r.total_tax != equity_incentive_tax(year(2024), {yuan("150000")}).total_tax);
    const std::string en = render_text(trace, Catalogue::builtin("en"));
    CHECK(en.find("MOF/STA Announcement 2019 No. 35") != std::string::npos);
    CHECK(en.find("less 4740.00 already paid") != std::string::npos);
    const std::string zh = render_text(trace, Catalogue::builtin("zh"));
    CHECK(zh.find("第三条第（二）项第3目") != std::string::npos);
}
