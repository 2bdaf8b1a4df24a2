// Runs the expert-readable cases of tests/cases/*.yaml (the same files tests/python reads).
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {

Money arg(const YAML::Node& args, const char* key) { return args[key] ? Money::parse(args[key].Scalar(), key) : Money(); }

struct Figures {
    Money tax;
    std::optional<Exact> taxable_income;
    std::optional<Rate> rate;
};

Figures run(const std::string& call, const TaxYear& y, const YAML::Node& args) {
    if (call == "annual_tax") {
        ComprehensiveIncome in;
        in.receipts = {arg(args, "wages"), arg(args, "labour"), arg(args, "author"), arg(args, "royalties")};
        in.social_insurance = arg(args, "social_insurance");
        in.special_additional = arg(args, "special_additional");
        in.other_deductions = arg(args, "other_deductions");
        const auto r = annual_tax(y, in);
        return {r.tax, r.taxable_income, r.rate};
    }
    if (call == "bonus_tax") {
        const auto r = bonus_tax(y, arg(args, "bonus"));
        return {r.tax, std::nullopt, r.rate};
    }
    if (call == "business_tax") {
        BusinessTaxOptions o;
        o.individual_business = args["individual_business"] && args["individual_business"].as<bool>();
        if (args["other_relief"]) o.other_relief = arg(args, "other_relief");
        const auto r = business_tax(y, arg(args, "taxable_income"), o);
        return {r.tax, Exact(r.taxable_income), r.rate};
    }
    const PaymentKind kind = call == "labour_withholding" ? PaymentKind::labour
                             : call == "author_withholding" ? PaymentKind::author
                                                             : PaymentKind::royalties;
    if (call != "labour_withholding" && call != "author_withholding" && call != "royalty_withholding")
        throw std::runtime_error("unknown call in case file: " + call);
    const auto r = resident_prepayment(y, kind, arg(args, "amount"));
    return {r.tax, r.taxable, r.rate};
}

}  // namespace

TEST_CASE("Expert-readable cases in tests/cases/comprehensive.yaml", "[cases]") {
    const YAML::Node doc = YAML::LoadFile(source_path("tests/cases/comprehensive.yaml"));
    int n = 0;
    for (const auto& c : doc["cases"]) {
        const std::string id = c["id"].Scalar();
        INFO(id << " (" << c["source"].Scalar() << ")");
        const Figures f = run(c["call"].Scalar(), Tables::builtin().year(c["year"].as<int>()), c["args"]);
        const YAML::Node e = c["expect"];
        CHECK(f.tax.str() == e["tax"].Scalar());
        if (e["taxable_income"]) CHECK(round_half_up(*f.taxable_income).str() == e["taxable_income"].Scalar());
        if (e["rate"]) CHECK(f.rate->str() == e["rate"].Scalar());
        ++n;
    }
    CHECK(n >= 40);
}
