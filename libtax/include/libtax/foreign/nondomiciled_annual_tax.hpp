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
                                               Trace* trace = nullptr) {
    other.validate();
    if (sourced_wages.is_negative()) throw InputError("sourced_wages", sourced_wages.str(), "must not be negative");
    if (!other.receipts.wages.is_zero())
        throw InputError("wages", other.receipts.wages.str(), "pass the wages as sourced_wages (the China-sourced part)");
    AnnualTaxResult r;
    if (trace) {
        trace->title("nondomiciled_annual_tax.title", {{"year", std::to_string(t.year)}});
        trace->step("nondomiciled_annual_tax.sourced_wages", sourced_wages.str(), "nondomiciled_annual_tax.sourced_wages.formula");
    }
    const IncomeAmount ia = income_amount(t, other.receipts, trace);
    if (trace)
        trace->step("nondomiciled_annual_tax.income_amount", (sourced_wages + ia.total).str(), "nondomiciled_annual_tax.income_amount.formula");
    annual_tax_from_income_amount(t, sourced_wages + ia.total, other, r, trace);
    return r;
}

}  // namespace libtax
