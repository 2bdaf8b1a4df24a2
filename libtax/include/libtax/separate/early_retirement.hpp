// libtax/separate/early_retirement.hpp - a resident's lump sum on early retirement (Caishui [2018]
// No. 164 item 5(2)): spread evenly over the years from early retirement to statutory retirement
// age, each year's share less the annual deduction taxed on comprehensive_annual:
//   tax = { [ (lump / years) - 60,000 ] x rate - quick } x years
// A part year counts as a whole year (a 12366-style answer; UNCONFIRMED, see the provision).
#pragma once

#include "libtax/core/explanation.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/foreign/presence.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

/// Whole years from early retirement to statutory retirement; a started year counts whole.
inline int years_to_statutory_age(const Date& early, const Date& statutory) {
    if (early.is_special() || statutory.is_special() || !(early < statutory))
        throw InputError("statutory_retirement", iso(statutory), "must be after the early retirement date " + iso(early));
    int years = 0;
    while (early + boost::gregorian::years(years) < statutory) ++years;
    return years;
}

struct EarlyRetirementTax {
    Money amount;
    int years = 0;
    Exact per_year;       ///< amount / years
    Money deduction;      ///< annual deduction, per year
    Exact taxable_per_year;
    int bracket = -1;
    Rate rate;
    Money quick_deduction;
    Money tax;
    Explanation explanation;
};

inline EarlyRetirementTax early_retirement_tax(const TaxYear& t, Money amount, int years, bool explain = false) {
    require_non_negative(amount, "amount");
    if (years < 1 || years > 100) throw InputError("years", std::to_string(years), "whole years to statutory retirement age, at least 1");
    const Provision& p = t.provision("separately_taxed.early_retirement");
    const auto& ded = p.amount("annual_deduction");
    EarlyRetirementTax r;
    r.amount = amount;
    r.years = years;
    r.per_year = Exact(amount).scaled(1, years);
    r.deduction = ded.value;
    r.taxable_per_year = max(r.per_year - Exact(ded.value), Exact());
    const BracketSchedule& s = t.comprehensive_annual();
    const BracketHit hit = s.apply(r.taxable_per_year);
    r.bracket = hit.index;
    r.rate = hit.rate();
    r.quick_deduction = hit.quick();
    r.tax = hit.rounded_tax(years);
    if (explain) {
        r.explanation.set_title("Early-retirement lump sum, tax year " + std::to_string(t.year));
        r.explanation.add("lump sum / years", r.per_year.str(), amount.str() + " / " + std::to_string(years));
        r.explanation.add("annual deduction", ded.value.str(), "", ded.source.cite());
        r.explanation.add("taxable per year", r.taxable_per_year.str());
        if (hit.bracket) {
            r.explanation.add("bracket", s.describe(hit.index), "", s.cite(hit.index));
            r.explanation.add("tax", r.tax.str(), "(" + r.taxable_per_year.str() + " x " + r.rate.percent() + " - " + r.quick_deduction.str() + ") x " + std::to_string(years));
        } else {
            r.explanation.add("tax", r.tax.str(), "nothing is taxable");
        }
        if (p.unconfirmed) r.explanation.note("UNCONFIRMED: " + p.note);
    }
    return r;
}

}  // namespace libtax
