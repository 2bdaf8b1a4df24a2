// libtax/business/business_tax.hpp - tax on business (operating) income (经营所得),
// IIT Law art. 3(2) and Annex Table 2: tax = taxable income x rate - quick deduction.
//
// The taxable income is the caller's (revenue less costs, expenses and losses, and for an owner
// without comprehensive income the basic, special and other deductions: Impl. Regs art. 15).
#pragma once

#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/core/render.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

struct BusinessTaxResult {
    int year = 0;
    Money taxable_income;
    int bracket = -1;
    Rate rate;
    Money quick_deduction;
    Money tax;
    Explanation explanation;
};

inline BusinessTaxResult business_tax(const TaxYear& t, Money taxable_income, Trace* trace = nullptr) {
    require_non_negative(taxable_income, "taxable_income");
    BusinessTaxResult r;
    r.year = t.year;
    r.taxable_income = taxable_income;
    const BracketSchedule& s = t.business_annual();
    const BracketHit hit = s.apply(taxable_income.fen(), 1);
    r.bracket = hit.index;
    r.rate = hit.rate();
    r.quick_deduction = hit.quick();
    r.tax = hit.rounded_tax();
    if (trace) {
        trace->title("business_tax.title", {{"year", std::to_string(t.year)}});
        trace->step("business_tax.taxable_income", taxable_income.str());
        s.trace_tax(*trace, hit.index, taxable_income.str(), r.tax);
    }
    return r;
}

/// Deprecated: the Trace* overload and render_text() instead.
inline BusinessTaxResult business_tax(const TaxYear& t, Money taxable_income, bool explain) {
    return explained<BusinessTaxResult>(explain, [&](Trace* trace) { return business_tax(t, taxable_income, trace); });
}

}  // namespace libtax
