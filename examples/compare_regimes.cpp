// Compares the talent regimes for a sample talent: a foreign engineer with 1,000,000 yuan of
// wages, recognised as high-end talent, 200 days in the zone, social insurance and housing fund
// 30,000, special additional deductions 24,000. Prints the ranking, then the best choice's
// explanation, then the what-if Beijing regime (not law) for comparison.
//
//   build/examples/compare_regimes            (or: compare_regimes 2025 for another tax year)
#include <cstdlib>
#include <iostream>

#include "libtax/regimes/comparison.hpp"

int main(int argc, char** argv) {
    using namespace libtax;
    try {
        const int year = argc > 1 ? std::atoi(argv[1]) : 2024;
        const Tables& tables = Tables::builtin();
        TalentCase c;
        c.identity = Identity::foreign;
        c.income.wages = Money::parse("1000000");
        c.social_insurance = Money::parse("30000");
        c.special_additional = Money::parse("24000");
        c.days_in_zone = 200;
        c.talent_recognised = true;
        c.encouraged_industry = true;
        c.social_insurance_months = 12;
        c.contract_years = 3;
        c.city = "shenzhen";

        Trace trace;  // traced: each option keeps its own steps in option.trace
        const RegimeComparison cmp = compare_regimes(tables, year, c, {/*include_ineligible=*/true, /*include_what_if=*/true}, &trace);
        std::cout << "Talent regimes for a foreign engineer, wages 1,000,000, tax year " << year << "\n\n";
        for (std::size_t i = 0; i < cmp.options.size(); ++i) {
            const auto& o = cmp.options[i];
            const auto& r = o.result;
            std::cout << (static_cast<int>(i) == cmp.best ? " * " : "   ") << r.regime << std::string(20 - std::min<std::size_t>(r.regime.size(), 19), ' ')
                      << (r.eligible ? (o.computed ? r.amount.str() : std::string("(not computed)")) : std::string("not eligible")) << "  "
                      << (r.in_period ? mechanism_name(r.kind) : "") << (r.enacted ? "" : "  [WHAT-IF, not law]")
                      << (r.unconfirmed ? "  [uses UNCONFIRMED readings]" : "") << "\n";
            if (!r.eligible)
                for (const auto& why : r.reasons)
                    if (why.find("FAILED") != std::string::npos) std::cout << "       " << why << "\n";
        }
        if (cmp.best >= 0) {
            std::cout << "\nBest legal choice: " << cmp.options[static_cast<std::size_t>(cmp.best)].result.regime << "\n\n";
            std::cout << english_explanation(cmp.options[static_cast<std::size_t>(cmp.best)].trace).text();
        } else {
            std::cout << "\nNo enacted regime gives this person relief in " << year << ".\n";
        }
        return 0;
    } catch (const libtax::Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    }
}
