// libtax/foreign/nondomiciled_annual_tax.hpp - a non-domiciled resident's annual tax (MOF/STA
// 2019 No. 35 art. 3(1), formula 4): the ordinary annual computation with the wage income
// amount being the year's China-sourced wages (sum of the months under formula 3, or all wages
// with the six-year chain complete). The sourced wages are exact fractions of a fen; from the
// income amount on, the computation is the core's annual_tax_from_income_amount().
#pragma once

#include "libtax/comprehensive/annual_tax.hpp"

namespace libtax {

/// `other` holds the year's other comprehensive receipts and deductions; its wages must be zero
/// (the wages come in `sourced_wages`).
inline AnnualTaxResult nondomiciled_annual_tax(const TaxYear& t, const Exact& sourced_wages, const ComprehensiveIncome& other,
                                               bool explain = false) {
    other.validate();
    if (sourced_wages.is_negative()) throw InputError("sourced_wages", sourced_wages.str(), "must not be negative");
    if (!other.receipts.wages.is_zero())
        throw InputError("wages", other.receipts.wages.str(), "pass the wages as sourced_wages (the China-sourced part)");
    AnnualTaxResult r;
    Explanation* why = nullptr;
    if (explain) {
        r.explanation.set_title("Annual tax of a non-domiciled resident, tax year " + std::to_string(t.year));
        r.explanation.add("China-sourced wages", sourced_wages.str(), "sum of the months' sourced wages (2019 No. 35 art. 2)");
        why = &r.explanation;
    }
    const IncomeAmount ia = income_amount(t, other.receipts, why);
    if (why) why->add("income amount", (sourced_wages + ia.total).str(), "sourced wages + other items' income amount");
    annual_tax_from_income_amount(t, sourced_wages + ia.total, other, r, why);
    return r;
}

}  // namespace libtax
