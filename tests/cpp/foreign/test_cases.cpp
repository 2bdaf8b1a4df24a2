// Runs the expert-readable cases of tests/cases/foreign.yaml (the file tests/python reads too).
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include "foreign_test.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {
std::string arg(const YAML::Node& a, const char* k, const char* dflt = "0") { return a[k] ? a[k].as<std::string>() : dflt; }
bool flag(const YAML::Node& a, const char* k) { return a[k] && a[k].as<bool>(); }

/// The figure a case computes, as text ("12096.77", "58").
std::string run(const YAML::Node& c) {
    const TaxYear& t = year(c["year"].as<int>());
    const std::string call = c["call"].as<std::string>();
    const YAML::Node a = c["args"];
    if (call == "residence_days") {
        std::vector<Stay> stays;
        for (const auto& s : a["stays"]) stays.push_back({d(s[0].as<std::string>().c_str()), d(s[1].as<std::string>().c_str())});
        return std::to_string(residence_days(stays, t.year));
    }
    if (call == "sourced_wage" || call == "nonresident_wage_tax") {
        MonthlyWages w{Money::parse(arg(a, "wage_total"), "wage_total"), Money::parse(arg(a, "wage_domestic"), "wage_domestic"),
                       WorkingDays::parse(arg(a, "china_workdays")), a["calendar_days"].as<int>()};
        const int days = a["residence_days"].as<int>();
        if (call == "sourced_wage") return round_half_up(sourced_wage(t, w, days, flag(a, "senior_manager"), flag(a, "six_year_chain")).income).str();
        return nonresident_wage_tax(t, w, days, flag(a, "senior_manager")).tax.str();
    }
    if (call == "nonresident_labour_tax") return nonresident_payment_tax(t, NonresidentPayment::labour, Money::parse(arg(a, "amount"))).tax.str();
    if (call == "nonresident_author_tax") return nonresident_payment_tax(t, NonresidentPayment::author, Money::parse(arg(a, "amount"))).tax.str();
    if (call == "nonresident_royalty_tax") return nonresident_payment_tax(t, NonresidentPayment::royalty, Money::parse(arg(a, "amount"))).tax.str();
    if (call == "nonresident_bonus_tax") return nonresident_bonus_tax(t, Exact(Money::parse(arg(a, "bonus")))).tax.str();
    if (call == "severance_tax") return severance_tax(t, Money::parse(arg(a, "amount")), Money::parse(arg(a, "local_average_wage"))).tax.str();
    if (call == "early_retirement_tax") return early_retirement_tax(t, Money::parse(arg(a, "amount")), a["years"].as<int>()).tax.str();
    FAIL("unknown call " << call);
    return "";
}
}  // namespace

TEST_CASE("Expert-readable cases in tests/cases/foreign.yaml", "[cases]") {
    const YAML::Node doc = YAML::LoadFile(source_path("tests/cases/foreign.yaml"));
    int n = 0;
    for (const auto& c : doc["cases"]) {
        ++n;
        INFO(c["id"].as<std::string>() << " -- " << c["source"].as<std::string>());
        const YAML::Node exp = c["expect"];
        if (exp["error"]) {
            try {
                run(c);
                FAIL("no error");
            } catch (const InputError& e) {
                CHECK(e.field() == exp["error"].as<std::string>());
            }
        } else {
            CHECK(run(c) == exp["value"].as<std::string>());
        }
    }
    CHECK(n >= 30);
}
