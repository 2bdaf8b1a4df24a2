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

#include "libtax/core/render.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
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
    Explanation explanation;    ///< English rendering of a trace, when a caller put it there (explained in core/render.hpp)
};

/// Who runs the business and what other relief it already has.
struct BusinessTaxOptions {
    bool individual_business = false;  ///< an individual business (个体工商户), not a partnership or sole-proprietor enterprise
    Money other_relief;                ///< tax reduced under other provisions, before the halving
};

namespace detail {

/// The halving relief of an individual business, exact before rounding (formula in the header).
inline Exact halving_relief(const TaxYear& t, Money taxable_income, Money other_relief) {
    const Money ceiling = t.rules().halving_ceiling.value;
    const Money part = taxable_income < ceiling ? taxable_income : ceiling;
    const Exact tax_on_part = t.business_annual().apply(Exact(part)).tax();
    const Exact other_on_part = taxable_income.is_zero() ? Exact() : Exact(other_relief).scaled(part.fen(), taxable_income.fen());
    return max((tax_on_part - other_on_part) * t.rules().halving_reduction.value, Exact());
}

inline void trace_halving(Trace& trace, const YearRules& rules, const BusinessTaxResult& r) {
    const Provision& h = *rules.business_halving;
    const auto& ceiling = rules.halving_ceiling;
    const auto& reduction = rules.halving_reduction;
    const Money part = r.taxable_income < ceiling.value ? r.taxable_income : ceiling.value;
    trace.step("business_tax.halving_part", part.str(), "business_tax.halving_part.formula",
               {{"taxable", r.taxable_income.str()}, {"ceiling", ceiling.value.str()}}, ceiling.source);
    trace.step("business_tax.halving_relief", r.halving_relief.str(), "business_tax.halving_relief.formula",
               {{"part", part.str()}, {"other", r.other_relief.str()}, {"taxable", r.taxable_income.str()},
                {"reduction", reduction.value.percent()}},
               reduction.source);
    if (!h.note.empty()) trace.note(h.unconfirmed ? "note.unconfirmed" : "common.text", {{"text", h.note_text()}});
}

inline void trace_business_tax(Trace& trace, const BracketSchedule& s, const BracketHit& hit, const YearRules* halving,
                               const BusinessTaxOptions& options, const BusinessTaxResult& r) {
    trace.title("business_tax.title", {{"year", std::to_string(r.year)}});
    trace.step("business_tax.taxable_income", r.taxable_income.str());
    const bool relief = options.individual_business || !r.other_relief.is_zero();
    if (!relief) {
        s.trace_tax(trace, hit.index, r.taxable_income.str(), r.tax);
        return;
    }
    {
        TraceScope before(&trace, "business_tax.before_relief");
        s.trace_tax(trace, hit.index, r.taxable_income.str(), r.tax_before_relief);
    }
    if (!r.other_relief.is_zero()) trace.step("business_tax.other_relief", r.other_relief.str(), "business_tax.other_relief.formula");
    if (halving) trace_halving(trace, *halving, r);
    else trace.note("business_tax.no_halving", {{"year", std::to_string(r.year)}});
    trace.step("business_tax.tax_after_relief", r.tax.str(), "business_tax.tax_after_relief.formula",
               {{"before", r.tax_before_relief.str()}, {"other", r.other_relief.str()}, {"halving", r.halving_relief.str()}});
}

}  // namespace detail

inline BusinessTaxResult business_tax(const TaxYear& t, Money taxable_income, const BusinessTaxOptions& options,
                                      Trace* trace = nullptr) {
    require_non_negative(taxable_income, "taxable_income");
    require_non_negative(options.other_relief, "other_relief");
    BusinessTaxResult r;
    r.year = t.year;
    r.taxable_income = taxable_income;
    const BracketSchedule& s = t.business_annual();
    const BracketHit hit = s.apply(taxable_income.fen(), 1);
    r.bracket = hit.index;
    r.rate = hit.rate();
    r.quick_deduction = hit.quick();
    r.tax_before_relief = hit.rounded_tax();
    if (r.tax_before_relief < options.other_relief)
        throw InputError("other_relief", options.other_relief.str(), "exceeds the tax on the business income (" + r.tax_before_relief.str() + ")");
    r.other_relief = options.other_relief;
    const YearRules* halving = options.individual_business && t.rules().business_halving ? &t.rules() : nullptr;
    if (halving) r.halving_relief = round_half_up(detail::halving_relief(t, taxable_income, options.other_relief));
    r.tax = r.tax_before_relief - r.other_relief - r.halving_relief;
    if (trace) detail::trace_business_tax(*trace, s, hit, halving, options, r);
    return r;
}

inline BusinessTaxResult business_tax(const TaxYear& t, Money taxable_income, Trace* trace = nullptr) {
    return business_tax(t, taxable_income, BusinessTaxOptions{}, trace);
}

}  // namespace libtax
