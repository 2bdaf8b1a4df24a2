// Runs tests/cases/regimes.yaml (the same file tests/python/test_regimes_cases.py reads).
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include "libtax/regimes/relief.hpp"
#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {

TalentCase case_of(const YAML::Node& a) {
    TalentCase c;
    auto m = [&](const char* k) { return a[k] ? Money::parse(a[k].Scalar(), k) : Money(); };
    auto om = [&](const char* k) { return a[k] ? std::optional<Money>(Money::parse(a[k].Scalar(), k)) : std::nullopt; };
    auto oi = [&](const char* k) { return a[k] ? std::optional<int>(a[k].as<int>()) : std::nullopt; };
    static const std::set<std::string> known{"identity", "wages", "labour", "author", "royalties", "business_taxable_income",
                                             "social_insurance", "special_additional", "other_deductions", "talent_subsidy",
                                             "zone_wages", "zone_labour", "zone_author", "zone_royalties",
                                             "zone_business_taxable_income", "tax_paid_in_zone", "days_in_zone", "actual_days",
                                             "talent_recognised", "city", "fx_rate", "resident",
                                             "social_insurance_exempt", "contract_years", "social_insurance_months"};
    for (auto it = a.begin(); it != a.end(); ++it) REQUIRE(known.count(it->first.Scalar()));
    c.identity = parse_identity(a["identity"].Scalar());
    c.income = {m("wages"), m("labour"), m("author"), m("royalties")};
    c.business_taxable_income = m("business_taxable_income");
    c.social_insurance = m("social_insurance");
    c.special_additional = m("special_additional");
    c.other_deductions = m("other_deductions");
    c.talent_subsidy = m("talent_subsidy");
    c.zone_wages = om("zone_wages");
    c.zone_labour = om("zone_labour");
    c.zone_author = om("zone_author");
    c.zone_royalties = om("zone_royalties");
    c.zone_business_taxable_income = om("zone_business_taxable_income");
    c.tax_paid_in_zone = om("tax_paid_in_zone");
    c.days_in_zone = oi("days_in_zone");
    c.actual_days = oi("actual_days");
    c.talent_recognised = a["talent_recognised"] && a["talent_recognised"].as<bool>();
    if (a["city"]) c.city = a["city"].Scalar();
    if (a["fx_rate"]) c.fx_rate = Rate::parse(a["fx_rate"].Scalar());
    if (a["resident"]) c.resident = a["resident"].as<bool>();
    c.social_insurance_exempt = a["social_insurance_exempt"] && a["social_insurance_exempt"].as<bool>();
    c.contract_years = oi("contract_years");
    c.social_insurance_months = oi("social_insurance_months");
    return c;
}

}  // namespace

TEST_CASE("tests/cases/regimes.yaml") {
    const YAML::Node doc = YAML::LoadFile(source_path("tests/cases/regimes.yaml"));
    REQUIRE(doc["cases"].size() >= 20);
    for (const auto& k : doc["cases"]) {
        const std::string id = k["id"].Scalar();
        SECTION(id) {
            INFO(id << ": " << k["source"].Scalar());
            const auto r = talent_relief(Tables::builtin(), k["regime"].Scalar(), k["year"].as<int>(), case_of(k["args"]), true);
            const YAML::Node e = k["expect"];
            CHECK(r.eligible == e["eligible"].as<bool>());
            CHECK(r.amount == Money::parse(e["amount"].Scalar()));
            if (e["tax"]) CHECK(r.tax == Money::parse(e["tax"].Scalar()));
            if (e["kind"]) CHECK(std::string(mechanism_name(r.kind)) == e["kind"].Scalar());
            if (!r.eligible) CHECK_FALSE(r.reasons.empty());
        }
    }
}
