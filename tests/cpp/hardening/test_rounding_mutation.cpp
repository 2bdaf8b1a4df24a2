// The worked cases must catch a change of the rounding rule. A planted wrong rule (half toward
// zero, "half-down") is applied to the exact figure the engine rounds (taxable x rate - quick
// deduction, from the engine's own result), and the cases of tests/cases/comprehensive.yaml and
// tests/cases/payroll.yaml are recomputed with it: some must then fail. With the real rule
// (round_half_up, libtax/core/rounding.hpp) the same recomputation reproduces the engine, so
// the model is the engine's and not a second implementation of the law.
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <functional>

#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {

using Rounding = std::function<Money(const Exact&)>;

/// The planted mutation: halves go toward zero.
Money round_half_down(const Exact& x) {
    const Exact::int128 n = x.num() < 0 ? -x.num() : x.num();
    const Exact::int128 q = n / x.den() + ((n % x.den()) * 2 > x.den() ? 1 : 0);
    return Money::fen(static_cast<std::int64_t>(x.is_negative() ? -q : q));
}

/// The exact tax of a bracket row before rounding.
Exact exact_tax(const Exact& taxable, int bracket, const Rate& rate, Money quick) {
    return bracket < 0 ? Exact() : taxable * rate - Exact(quick);
}

Money arg(const YAML::Node& args, const char* key) { return args[key] ? Money::parse(args[key].as<std::string>()) : Money(); }

/// Tax figures of one comprehensive.yaml case under `round`, or nullopt for calls not modelled.
std::optional<Money> core_case_tax(const YAML::Node& c, const Rounding& round) {
    const std::string call = c["call"].as<std::string>();
    const TaxYear& y = Tables::builtin().year(c["year"].as<int>());
    const YAML::Node a = c["args"];
    for (const auto& kv : a)  // arguments beyond the plain figures (deduction items, business options) are not modelled
        if (!kv.second.IsScalar() || kv.first.as<std::string>() == "individual_business" || kv.first.as<std::string>() == "other_relief")
            return std::nullopt;
    if (call == "annual_tax") {
        ComprehensiveIncome in;
        in.receipts.wages = arg(a, "wages");
        in.receipts.labour = arg(a, "labour");
        in.receipts.author = arg(a, "author");
        in.receipts.royalties = arg(a, "royalties");
        in.social_insurance = arg(a, "social_insurance");
        in.special_additional = arg(a, "special_additional");
        in.other_deductions = arg(a, "other_deductions");
        const AnnualTaxResult r = annual_tax(y, in);
        return round(exact_tax(r.taxable_income, r.bracket, r.rate, r.quick_deduction));
    }
    if (call == "bonus_tax") {
        const BonusTaxResult r = bonus_tax(y, arg(a, "bonus"));
        return round(exact_tax(Exact(r.bonus), r.bracket, r.rate, r.quick_deduction));
    }
    if (call == "business_tax") {
        const BusinessTaxResult r = business_tax(y, arg(a, "taxable_income"));
        return round(exact_tax(Exact(r.taxable_income), r.bracket, r.rate, r.quick_deduction));
    }
    return std::nullopt;
}

/// Cases whose recomputation under `round` differs from the expected tax; counts those modelled.
int failing_core_cases(const Rounding& round, int& modelled) {
    const YAML::Node root = YAML::LoadFile(source_path("tests/cases/comprehensive.yaml"));
    int failing = 0;
    modelled = 0;
    for (const auto& c : root["cases"]) {
        if (!c["expect"]["tax"] || c["expect"]["error"]) continue;
        std::optional<Money> tax;
        try {
            tax = core_case_tax(c, round);
        } catch (const Error&) {
            continue;  // a case about refusals
        }
        if (!tax) continue;
        ++modelled;
        failing += *tax != Money::parse(c["expect"]["tax"].as<std::string>());
    }
    return failing;
}

/// Withholding cases of payroll.yaml given as plain wage months: cases failing under `round`.
int failing_payroll_cases(const Rounding& round, int& modelled) {
    const YAML::Node root = YAML::LoadFile(source_path("tests/cases/payroll.yaml"));
    int failing = 0;
    modelled = 0;
    for (const auto& c : root["withholding"]) {
        if (!c["months"] || c["terms"] || !c["expect"]["withheld"]) continue;
        std::vector<MonthInput> months;
        bool plain = true;
        for (const auto& m : c["months"]) {
            MonthInput in;
            in.month = static_cast<int>(months.size()) + 1;
            for (const auto& kv : m) plain = plain && kv.first.as<std::string>() == "wage";
            in.pay = arg(m, "wage");
            months.push_back(in);
        }
        if (!plain) continue;
        const WithholdingRun run = withhold_year(Tables::builtin().year(c["year"].as<int>()), WithholdingTerms{}, months);
        ++modelled;
        Money before;
        bool same = true;
        for (std::size_t i = 0; i < run.months.size(); ++i) {
            const MonthResult& m = run.months[i];
            const Money cumulative = round(exact_tax(m.cumulative_taxable, m.bracket, m.rate, m.quick_deduction));
            const Money withheld = max(cumulative - before, Money());
            before = before + withheld;
            same = same && withheld == Money::parse(c["expect"]["withheld"][i].as<std::string>());
        }
        failing += !same;
    }
    return failing;
}

}  // namespace

TEST_CASE("Rounding mutation: half-down fails some worked cases of the core", "[hardening][rounding]") {
    int modelled = 0;
    CHECK(failing_core_cases([](const Exact& x) { return round_half_up(x); }, modelled) == 0);  // the model is the engine
    REQUIRE(modelled >= 20);
    CHECK(failing_core_cases(round_half_down, modelled) >= 3);
}

TEST_CASE("Rounding mutation: half-down fails some worked withholding cases", "[hardening][rounding]") {
    int modelled = 0;
    CHECK(failing_payroll_cases([](const Exact& x) { return round_half_up(x); }, modelled) == 0);
    REQUIRE(modelled >= 2);
    CHECK(failing_payroll_cases(round_half_down, modelled) >= 1);
}
