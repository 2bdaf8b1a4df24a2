// The headline example: what does an engineer earning 1,000,000 yuan in 2024 owe, and should
// the 120,000 year-end bonus be taxed separately? Computed on the built-in tables, explained.
#include <iostream>

#include "libtax/libtax.hpp"

int main() try {
    using namespace libtax;
    const TaxYear& year = Tables::builtin().year(2024);

    ComprehensiveIncome income;
    income.receipts.wages = Money::parse("1000000");
    income.social_insurance = Money::parse("30000");    // employee pension, medical, housing fund
    income.special_additional = Money::parse("24000");  // one child in school, 2,000 a month

    const AnnualTaxResult tax = annual_tax(year, income, /*explain=*/true);
    std::cout << tax.explanation.text() << "\n";

    const BonusComparison bonus = compare_bonus_treatment(year, income, Money::parse("120000"), true);
    std::cout << "Year-end bonus of 120000.00: separate " << bonus.separate_total.str() << ", merged "
              << bonus.merged_total.str() << " -> " << (bonus.separate_is_cheaper ? "separate" : "merge")
              << " (saves " << bonus.saving.str() << ")\n";
    std::cout << bonus.bonus.explanation.text();
    return 0;
} catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
}
