// libtax/business/business_tax.hpp - tax on business (operating) income (经营所得),
// IIT Law art. 3(2) and Annex Table 2: tax = taxable income x rate - quick deduction.
//
// Individual businesses (个体工商户) pay half the tax on the part of taxable income up to a
// ceiling, on top of other reliefs (MOF/STA 2021 No. 12: 1,000,000, 2021-2022; MOF/STA 2023
// No. 12: 2,000,000, 2023-2027; table provision business.individual_business_halving):
//   relief = (tax on min(taxable income, ceiling) - other relief x min(TI, ceiling) / TI) x 50%
//   tax    = tax on taxable income - other relief - relief
// (the formula of the STA announcements on applying the halving; other relief is the tax
// reduced under other provisions, given by the caller). Each figure is rounded half-up to the fen.
//
// The taxable income is the caller's (revenue less costs, expenses and losses, and for an owner
// without comprehensive income the basic, special and other deductions: Impl. Regs art. 15).
#pragma once

#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/core/explanation.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

struct BusinessTaxResult {
    int year = 0;
    Money taxable_income;
    int bracket = -1;
    Rate rate;
    Money quick_deduction;
    Money tax;                  ///< payable: tax on taxable income - other relief - halving relief
    Money tax_before_relief;    ///< taxable income x rate - quick deduction
    Money other_relief;         ///< tax reduced under other provisions (the caller's figure)
    Money halving_relief;       ///< individual businesses' halving (zero when not asked or not in force)
    Explanation explanation;
};

/// Who runs the business and what other relief it already has.
struct BusinessTaxOptions {
    bool individual_business = false;  ///< an individual business (个体工商户), not a partnership or sole-proprietor enterprise
    Money other_relief;                ///< tax reduced under other provisions, before the halving
};

namespace detail {

/// The halving relief of an individual business, exact before rounding (business_tax.hpp header).
inline Exact halving_relief(const TaxYear& t, const Provision& halving, Money taxable_income, Money other_relief) {
    const Money ceiling = halving.amount("ceiling").value;
    const Money part = taxable_income < ceiling ? taxable_income : ceiling;
    const Exact tax_on_part = t.business_annual().apply(Exact(part)).tax;
    const Exact other_on_part = taxable_income.is_zero() ? Exact() : Exact(other_relief).scaled(part.fen(), taxable_income.fen());
    return max((tax_on_part - other_on_part) * halving.rate("reduction").value, Exact());
}

inline void explain_halving(Explanation& e, const Provision& h, const BusinessTaxResult& r) {
    const auto& ceiling = h.amount("ceiling");
    const auto& reduction = h.rate("reduction");
    const Money part = r.taxable_income < ceiling.value ? r.taxable_income : ceiling.value;
    e.add("part up to the ceiling", part.str(), "min(" + r.taxable_income.str() + ", " + ceiling.value.str() + ")", ceiling.source.cite());
    e.add("halving relief", r.halving_relief.str(),
          "(tax on " + part.str() + " - " + r.other_relief.str() + " x " + part.str() + " / " + r.taxable_income.str() + ") x " +
              reduction.value.percent(),
          reduction.source.cite());
    if (!h.note.empty()) e.note((h.unconfirmed ? "UNCONFIRMED: " : "") + h.note);
}

}  // namespace detail

inline BusinessTaxResult business_tax(const TaxYear& t, Money taxable_income, const BusinessTaxOptions& options, bool explain = false) {
    require_non_negative(taxable_income, "taxable_income");
    require_non_negative(options.other_relief, "other_relief");
    BusinessTaxResult r;
    r.year = t.year;
    r.taxable_income = taxable_income;
    const BracketSchedule& s = t.business_annual();
    const BracketHit hit = s.apply(Exact(taxable_income));
    r.bracket = hit.index;
    r.rate = hit.rate();
    r.quick_deduction = hit.quick();
    r.tax_before_relief = hit.rounded_tax();
    if (r.tax_before_relief < options.other_relief)
        throw InputError("other_relief", options.other_relief.str(), "exceeds the tax on the business income (" + r.tax_before_relief.str() + ")");
    r.other_relief = options.other_relief;
    const Provision* halving = options.individual_business ? t.find("business.individual_business_halving") : nullptr;
    if (halving) r.halving_relief = round_half_up(detail::halving_relief(t, *halving, taxable_income, options.other_relief));
    r.tax = r.tax_before_relief - r.other_relief - r.halving_relief;
    if (explain) {
        Explanation& e = r.explanation;
        e.set_title("Business income tax, tax year " + std::to_string(t.year));
        e.add("taxable income", taxable_income.str());
        const bool relief = options.individual_business || !r.other_relief.is_zero();
        const std::string label = relief ? "tax before relief" : "tax";
        if (hit.bracket) {
            e.add("bracket", s.describe(hit.index), "", s.cite(hit.index));
            e.add(label, r.tax_before_relief.str(), taxable_income.str() + " x " + r.rate.percent() + " - " + r.quick_deduction.str());
        } else {
            e.add(label, r.tax_before_relief.str(), "nothing taxable");
        }
        if (relief) {
            if (!r.other_relief.is_zero()) e.add("other relief", r.other_relief.str(), "as given");
            if (halving) detail::explain_halving(e, *halving, r);
            else if (options.individual_business) e.note("no halving for individual businesses is in force in " + std::to_string(t.year));
            e.add("tax", r.tax.str(), r.tax_before_relief.str() + " - " + r.other_relief.str() + " - " + r.halving_relief.str());
        }
    }
    return r;
}

inline BusinessTaxResult business_tax(const TaxYear& t, Money taxable_income, bool explain = false) {
    return business_tax(t, taxable_income, BusinessTaxOptions{}, explain);
}

}  // namespace libtax
