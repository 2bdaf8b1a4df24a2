// libtax/separate/early_retirement.hpp - a resident's lump sum on early retirement (Caishui [2018]
// No. 164 item 5(2)): spread evenly over the years from early retirement to statutory retirement
// age, each year's share less the annual deduction taxed on comprehensive_annual:
//   tax = { [ (lump / years) - 60,000 ] x rate - quick } x years
// A part year counts as a whole year (a 12366-style answer; UNCONFIRMED, see the provision).
#pragma once

#include "libtax/core/render.hpp"
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

inline EarlyRetirementTax early_retirement_tax(const TaxYear& t, Money amount, int years, Trace* trace = nullptr) {
    require_non_negative(amount, "amount");
    if (years < 1 || years > 100) throw InputError("years", std::to_string(years), "whole years to statutory retirement age, at least 1");
    const Provision& p = *t.rules().separate.early_retirement;
    const auto& ded = t.rules().separate.early_retirement_deduction;
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
    if (trace) {
        trace->title("early_retirement.title", {{"year", std::to_string(t.year)}});
        trace->step("early_retirement.per_year", r.per_year.str(), "early_retirement.per_year.formula",
                    {{"amount", amount.str()}, {"years", std::to_string(years)}});
        trace->step("early_retirement.annual_deduction", ded.value.str(), {}, {}, ded.source);
        trace->step("early_retirement.taxable_per_year", r.taxable_per_year.str());
        s.trace_tax(*trace, hit.index, r.taxable_per_year.str(), r.tax, "early_retirement.tax.formula", {{"years", std::to_string(years)}});
        if (p.unconfirmed) trace->note("note.unconfirmed", {{"text", p.note_text()}});
    }
    return r;
}

}  // namespace libtax
