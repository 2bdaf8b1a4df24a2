// Runs the expert-readable cases of tests/cases/payroll.yaml (the same file tests/python reads).
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <set>

#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {

Money amount(const YAML::Node& n, const char* key) { return n[key] ? Money::parse(n[key].Scalar(), key) : Money(); }
bool flag(const YAML::Node& n, const char* key) { return n && n[key] && n[key].as<bool>(); }

MonthInput month_of(const YAML::Node& m, int month, bool labour) {
    static const std::set<std::string> known{"wage", "labour", "exempt_income", "social_insurance", "special_additional",
                                             "other_deductions", "tax_reductions", "bonus", "bonus_method"};
    for (const auto& kv : m)
        if (!known.count(kv.first.Scalar())) throw std::runtime_error("unknown month key in case file: " + kv.first.Scalar());
    MonthInput in;
    in.month = month;
    in.pay = amount(m, labour ? "labour" : "wage");
    in.exempt_income = amount(m, "exempt_income");
    in.social_insurance = amount(m, "social_insurance");
    in.special_additional = amount(m, "special_additional");
    in.other_deductions = amount(m, "other_deductions");
    in.tax_reductions = amount(m, "tax_reductions");
    in.bonus = amount(m, "bonus");
    if (m["bonus_method"] && m["bonus_method"].Scalar() == "merged") in.bonus_method = BonusMethod::merged;
    return in;
}

}  // namespace

TEST_CASE("Expert-readable withholding cases in tests/cases/payroll.yaml", "[cases][withholding]") {
    const YAML::Node doc = YAML::LoadFile(source_path("tests/cases/payroll.yaml"));
    int n = 0;
    for (const auto& c : doc["withholding"]) {
        INFO(c["id"].Scalar() << " (" << c["source"].Scalar() << ")");
        const YAML::Node terms = c["terms"];
        WithholdingTerms t;
        if (terms && terms["first_month"]) t.first_month = terms["first_month"].as<int>();
        t.first_wages_this_year = flag(terms, "first_wages_this_year");
        t.prior_year_low_income = flag(terms, "prior_year_low_income");
        const bool labour = flag(terms, "continuous_labour");
        if (labour) t.income = CumulativeIncome::continuous_labour;
        std::vector<YAML::Node> raw;
        if (c["months"])
            for (const auto& m : c["months"]) raw.push_back(m);
        else
            for (int i = 0; i < c["count"].as<int>(); ++i) raw.push_back(c["every_month"]);
        if (c["change"])
            for (const auto& kv : c["change"]) raw[static_cast<std::size_t>(kv.first.as<int>() - 1)].reset(kv.second);  // reset: Node assignment would write through
        std::vector<MonthInput> months;
        for (std::size_t i = 0; i < raw.size(); ++i) months.push_back(month_of(raw[i], t.first_month + static_cast<int>(i), labour));
        const auto run = withhold_year(Tables::builtin().year(c["year"].as<int>()), t, months);
        const YAML::Node e = c["expect"];
        if (e["withheld"]) {
            REQUIRE(e["withheld"].size() == run.months.size());
            for (std::size_t i = 0; i < run.months.size(); ++i) CHECK(run.months[i].withheld.str() == e["withheld"][i].Scalar());
        }
        if (e["total"]) CHECK(run.total.str() == e["total"].Scalar());
        ++n;
    }
    CHECK(n >= 8);
}

TEST_CASE("Expert-readable reconciliation cases in tests/cases/payroll.yaml", "[cases][reconciliation]") {
    const YAML::Node doc = YAML::LoadFile(source_path("tests/cases/payroll.yaml"));
    int n = 0;
    for (const auto& c : doc["reconciliation"]) {
        INFO(c["id"].Scalar() << " (" << c["source"].Scalar() << ")");
        const YAML::Node a = c["args"];
        ReconciliationInput in;
        in.income.receipts = {amount(a, "wages"), amount(a, "labour"), amount(a, "author"), amount(a, "royalties")};
        in.income.social_insurance = amount(a, "social_insurance");
        in.income.special_additional = amount(a, "special_additional");
        in.income.other_deductions = amount(a, "other_deductions");
        in.prepaid = amount(a, "prepaid");
        in.annual_bonus = amount(a, "bonus");
        const auto r = reconcile(Tables::builtin().year(c["year"].as<int>()), in);
        const YAML::Node e = c["expect"];
        if (e["tax"]) CHECK(r.tax.str() == e["tax"].Scalar());
        if (e["balance"]) CHECK(r.balance.str() == e["balance"].Scalar());
        if (e["must_file"]) CHECK(r.must_file == e["must_file"].as<bool>());
        if (e["exempt_from_paying"]) CHECK(r.exempt_from_paying == e["exempt_from_paying"].as<bool>());
        if (e["bonus_treatment"]) CHECK(std::string(name_of(r.bonus_treatment)) == e["bonus_treatment"].Scalar());
        ++n;
    }
    CHECK(n >= 8);
}
