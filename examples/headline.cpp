// The headline example: a foreign engineer earning 1,000,000 yuan in 2024. What is the tax, is
// the 120,000 year-end bonus cheaper taxed separately, and how much would the Greater Bay Area
// subsidy (working in Shenzhen) or the Hainan exemption save? Built-in tables, explained.
#include <iostream>

#include "libtax/libtax.hpp"

int main() try {
    using namespace libtax;
    const Tables& tables = Tables::builtin();
    const TaxYear& year = tables.year(2024);

    ComprehensiveIncome income;
    income.receipts.wages = Money::parse("1000000");
    income.social_insurance = Money::parse("30000");    // employee pension, medical, housing fund
    income.special_additional = Money::parse("24000");  // one child in school, 2,000 a month

    const AnnualTaxResult tax = explained([&](Trace* trace) { return annual_tax(year, income, trace); });
    std::cout << tax.explanation.text() << "\n";

    const BonusComparison bonus = compare_bonus_treatment(year, income, Money::parse("120000"));
    std::cout << "Year-end bonus of 120000.00: separate " << bonus.separate_total.str() << ", merged "
              << bonus.merged_total.str() << " -> " << (bonus.separate_is_cheaper ? "separate" : "merge")
              << " (saves " << bonus.saving.str() << ")\n\n";

    // The same person as a recognised high-end talent, 200 days in the zone, a 3-year contract.
    TalentCase talent;
    talent.identity = Identity::foreign;
    talent.income = income.receipts;
    talent.social_insurance = income.social_insurance;
    talent.special_additional = income.special_additional;
    talent.days_in_zone = 200;
    talent.talent_recognised = true;
    talent.encouraged_industry = true;
    talent.social_insurance_months = 12;
    talent.contract_years = 3;
    for (const char* regime : {"gba", "hainan"}) {
        talent.city = regime == std::string("gba") ? "shenzhen" : "";  // GBA: Shenzhen's city rules
        const TalentReliefResult r = regime == std::string("gba") ? explained([&](Trace* trace) { return talent_relief(tables, regime, 2024, talent, trace); })
                                                                  : talent_relief(tables, regime, 2024, talent);
        std::cout << regime << ": " << (r.eligible ? "eligible" : "not eligible") << ", " << mechanism_name(r.kind)
                  << " of " << r.amount.str() << "\n";
        if (!r.explanation.steps().empty()) std::cout << r.explanation.text() << "\n";
    }
    return 0;
} catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
}
