// libtax/comprehensive/other_deductions.hpp - the other deductions the law allows (依法确定的其他
//扣除, IIT Law art. 6 para. 1(1); Impl. Regs art. 13), from their items, each capped by the year's
// table (other_deductions.*):
//   commercial health insurance   min(premiums, annual cap)                  Caishui [2017] 39
//   private pension contributions min(contributions, annual cap)             MOF/STA 2022 No. 34, 2024 No. 21
//   tax-deferred pension (pilot)  min(premiums, wages x share, monthly cap x months)   Caishui [2018] 22
// The caps are the year's rules (tables/year_rules.hpp, resolved at load). An item given for a
// year whose table has no such deduction is a NotAvailableError naming it. The steps are
// recorded as message ids (other.*) into an optional Trace.
#pragma once

#include <algorithm>
#include <string>

#include "libtax/core/error.hpp"
#include "libtax/core/explanation.hpp"
#include "libtax/core/trace.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

struct OtherDeductionItems {
    Money commercial_health_insurance;   ///< premiums paid this year
    Money private_pension;               ///< contributions to the private pension account this year
    Money tax_deferred_pension;          ///< premiums of the tax-deferred commercial pension (pilot)
    Money tax_deferred_pension_wages;    ///< the wages (or continuous labour income) the 6% is taken of
    int tax_deferred_pension_months = 12;
};

struct OtherDeductionsResult {
    int year = 0;
    Money total, commercial_health_insurance, private_pension, tax_deferred_pension;
    Explanation explanation;  ///< the English steps, when asked for through `explained` (core/render.hpp)
};

namespace detail {

/// NotAvailableError when `asked` is not zero and the year has no such deduction (`in_year` false).
inline void other_deduction_available(const TaxYear& t, bool in_year, const char* name, Money asked) {
    if (!in_year && !asked.is_zero())
        throw NotAvailableError(name, asked.str(), "no such other deduction in tax year " + std::to_string(t.year));
}

/// min(asked, annual cap); `cap` null when the year has no such deduction.
inline Money capped(const TaxYear& t, const char* name, const char* step_id, Money asked, const Sourced<Money>* cap, Trace* trace) {
    require_non_negative(asked, name);
    other_deduction_available(t, cap != nullptr, name, asked);
    if (!cap || asked.is_zero()) return Money();
    const Money d = std::min(asked, cap->value);
    if (trace) trace->step(step_id, d.str(), "other.capped.formula", {{"asked", asked.str()}, {"cap", cap->value.str()}}, cap->source);
    return d;
}

inline Money tax_deferred(const TaxYear& t, const OtherDeductionItems& in, Trace* trace) {
    require_non_negative(in.tax_deferred_pension, "tax_deferred_pension");
    require_non_negative(in.tax_deferred_pension_wages, "tax_deferred_pension_wages");
    const OtherDeductionRules& o = t.rules().other_deductions;
    other_deduction_available(t, o.tax_deferred_pension != nullptr, "tax_deferred_pension", in.tax_deferred_pension);
    if (!o.tax_deferred_pension || in.tax_deferred_pension.is_zero()) return Money();
    if (in.tax_deferred_pension_months < 0 || in.tax_deferred_pension_months > 12)
        throw InputError("tax_deferred_pension_months", std::to_string(in.tax_deferred_pension_months), "months of the tax year must be 0 to 12");
    const Money by_wages = round_half_up(Exact(in.tax_deferred_pension_wages) * o.deferred_wage_share.value);
    const Money by_months = Money::fen(o.deferred_monthly_cap.value.fen() * in.tax_deferred_pension_months);
    const Money d = std::min({in.tax_deferred_pension, by_wages, by_months});
    if (trace) {
        trace->step("other.tax_deferred_pension", d.str(), "other.tax_deferred_pension.formula",
                    {{"premiums", in.tax_deferred_pension.str()}, {"wages", in.tax_deferred_pension_wages.str()},
                     {"share", o.deferred_wage_share.value.percent()}, {"monthly", o.deferred_monthly_cap.value.str()},
                     {"months", std::to_string(in.tax_deferred_pension_months)}},
                    o.deferred_wage_share.source);
        const Provision& p = *o.tax_deferred_pension;
        if (!p.note.empty()) trace->note(p.unconfirmed ? "note.unconfirmed" : "common.text", {{"text", p.note_text()}});
    }
    return d;
}

}  // namespace detail

/// The year's other deductions from their items, each within its cap; the steps go to `trace`
/// when one is given.
inline OtherDeductionsResult other_deductions(const TaxYear& t, const OtherDeductionItems& in, Trace* trace = nullptr) {
    const OtherDeductionRules& o = t.rules().other_deductions;
    OtherDeductionsResult r;
    r.year = t.year;
    if (trace) trace->title("other.title", {{"year", std::to_string(t.year)}});
    r.commercial_health_insurance = detail::capped(t, "commercial_health_insurance", "other.commercial_health_insurance",
                                                   in.commercial_health_insurance, &o.health_annual_cap, trace);
    r.private_pension = detail::capped(t, "private_pension", "other.private_pension", in.private_pension,
                                       o.private_pension ? &o.pension_annual_cap : nullptr, trace);
    r.tax_deferred_pension = detail::tax_deferred(t, in, trace);
    r.total = r.commercial_health_insurance + r.private_pension + r.tax_deferred_pension;
    if (trace) trace->step("other.total", r.total.str(), "other.total.formula");
    return r;
}

}  // namespace libtax
